// Wording of drift.md and the monitoring report: templates/drift-*.hbs and pdf-monitoring-*.hbs.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const DIR = new URL('../../templates/', import.meta.url);

export type DriftTemplate = 'drift-markdown' | 'pdf-monitoring-labels' | 'pdf-monitoring-cover' | 'pdf-monitoring-sections';

let hb: typeof Handlebars | undefined;
const cache = new Map<string, Handlebars.TemplateDelegate>();

export function renderDriftTemplate(name: DriftTemplate, data: object): string {
  hb ??= (() => {
    const h = Handlebars.create();
    h.registerHelper('join', (list: unknown) => (Array.isArray(list) ? list.join(', ') : ''));
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    return h;
  })();
  let t = cache.get(name);
  if (!t) {
    t = hb.compile(readFileSync(new URL(`${name}.hbs`, DIR), 'utf8'), { noEscape: true, strict: false });
    cache.set(name, t);
  }
  return t(data);
}

/** Label strings (one "key: text" per line) for the PDF, from a template. */
export function driftLabels(name: DriftTemplate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of renderDriftTemplate(name, {}).split('\n')) {
    const m = /^([\w-]+):\s?(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
