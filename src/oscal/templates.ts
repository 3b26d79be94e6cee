// Narrative text comes from handlebars templates in templates/, so wording is data, not code.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

export const DEFAULT_TEMPLATE_DIR = new URL('../../templates/', import.meta.url);

export type TemplateName =
  | 'finding-description'
  | 'partially-assessed-no-poam'
  | 'odps-unset-objective'
  | 'objective-finding-description'
  | 'risk-statement'
  | 'result-description'
  // The system security plan (src/oscal/ssp.ts) and the component definition (component-definition.ts).
  | 'ssp-model'
  | 'ssp-model-undeclared'
  | 'ssp-declared'
  | 'ssp-manual'
  | 'cd-requirement'
  | 'cd-statement'
  | 'poam-item'
  // monitor's assessment-results series (src/monitor/series.ts): one result per run.
  | 'monitor-result-description'
  // The PDF evidence package (src/report/pdf/): labels, footer and the prose of each section.
  | 'pdf-labels'
  | 'pdf-footer'
  | 'pdf-cover'
  | 'pdf-summary'
  | 'pdf-devices'
  | 'pdf-freshness'
  | 'pdf-layer'
  | 'pdf-controls'
  | 'pdf-control'
  | 'pdf-manual'
  | 'pdf-attestations'
  | 'pdf-poam'
  | 'pdf-parameters'
  | 'pdf-deviations'
  | 'pdf-manifest'
  | 'pdf-signature-assessor'
  | 'pdf-signature-ao';

/** Partials: a finding's sentence that the assessment results and the PDF both say (templates/<name>.hbs). */
const PARTIALS = ['odps-undefined', 'check-in-part', 'partially-assessed', 'partially-assessed-no-poam', 'leaves-counted', 'odps-unset-objective', 'selection-counts'] as const;

export interface Templates {
  render(name: TemplateName, data: object): string;
}

export function loadTemplates(dir: URL = DEFAULT_TEMPLATE_DIR): Templates {
  const hb = Handlebars.create();
  hb.registerHelper('join', (list: unknown) => (Array.isArray(list) ? list.join(', ') : ''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // {{plural n "control is" "controls are"}} -> "1 control is", "3 controls are".
  hb.registerHelper('plural', (n: unknown, one: unknown, many: unknown) => `${String(n)} ${n === 1 ? String(one) : String(many)}`);
  // Sentences more than one document says (`{{> name}}`): one wording, so no document says more than another.
  for (const name of PARTIALS) hb.registerPartial(name, readFileSync(new URL(`${name}.hbs`, dir), 'utf8').trim());
  const cache = new Map<TemplateName, Handlebars.TemplateDelegate>();
  return {
    render(name, data) {
      let t = cache.get(name);
      if (!t) {
        const source = readFileSync(new URL(`${name}.hbs`, dir), 'utf8');
        t = hb.compile(source, { noEscape: true, strict: false });
        cache.set(name, t);
      }
      return t(data).trim();
    },
  };
}
