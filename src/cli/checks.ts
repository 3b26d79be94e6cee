// `ato-evidence checks`: the catalog as a table or JSON. Must stay fast (no ajv, no OSCAL).
import { checksWithValues } from '../catalog/check-texts.js';
import { loadCatalog } from '../catalog/load-checks.js';
import { PERSON_FILE_LIMIT } from '../assess/config.js';
import { readUtf8File } from '../io/utf8.js';
import { NOT_DEFINED, noDefault, parseParamsFile, resolveParameters } from '../params/resolve.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { paint, reportFailure, write, writeJson } from './output.js';

function cell(s: string, width: number): string {
  return s.length > width ? s.slice(0, width - 1) + '…' : s.padEnd(width);
}

export function checksCommand(o: Record<string, unknown>): number {
  try {
    const catalog = loadCatalog(o.checks ? { checksFile: o.checks as string } : {});
    const { parameters } = catalog;
    // `--params` alone lists the parameters; `--params FILE` (assess's params file) states the
    // checks' titles, descriptions and remediations with its values, as assess would. Without it
    // they state the defaults, and the listing says so: a title reading "at most 3" must not pass
    // for the organisation's value.
    const paramsFile = typeof o.params === 'string' ? o.params : undefined;
    if (o.params === true) {
      if (o.json) writeJson(process.stdout, { parameters });
      else {
        // A parameter with no default (null or an empty list) reads as every report states it; the column fits that text.
        const lines = parameters.map((p) => `${cell(p.id, 34)} ${cell(noDefault(p) ? `(${NOT_DEFINED})` : Array.isArray(p.default) ? p.default.join(',') : String(p.default), 33)} ${cell(p.odp ?? '', 18)} ${p.title}`);
        write(process.stdout, [`${cell('PARAMETER', 34)} ${cell('DEFAULT', 33)} ${cell('ODP', 18)} TITLE`, ...lines].join('\n') + '\n');
      }
      return 0;
    }
    let checks = catalog.checks;
    let valuesFrom = 'defaults';
    if (paramsFile !== undefined) {
      const resolved = resolveParameters(parameters, [], parseParamsFile(readUtf8File(paramsFile, 'input', PERSON_FILE_LIMIT('params')), paramsFile));
      checks = checksWithValues(checks, parameters, new Map([...resolved.params.values()].map((p) => [p.id, p.value])));
      valuesFrom = `params file ${paramsFile}`;
    }
    if (o.json) {
      writeJson(process.stdout, {
        count: checks.length,
        // Which parameter values the texts state: "defaults", or "params file <file>".
        valuesFrom,
        checks: checks.map((c) => ({
          id: c.id, layer: c.layer, title: c.title, severity: c.severity, method: c.method, controls: c.controls, objectives: c.objectives, notApplicable: c.notApplicable, odp: c.odp,
          reads: c.reads, remediation: c.remediation, stig: c.stig ?? [], mds2: c.mds2 ?? [], description: c.description ?? '',
        })),
      });
      return 0;
    }
    const c = paint(process.stdout);
    const out: string[] = [c.bold(`${cell('ID', 28)} ${cell('LAYER', 10)} ${cell('SEV', 7)} ${cell('CONTROLS', 28)} TITLE`)];
    for (const k of checks) out.push(`${cell(k.id, 28)} ${cell(k.layer, 10)} ${cell(k.severity, 7)} ${cell(k.controls.join(' '), 28)} ${k.title}`);
    const perLayer = Object.keys(LAYER_TITLES).map((l) => `${l} ${checks.filter((k) => k.layer === l).length}`).join(', ');
    out.push('', `${checks.length} checks (${perLayer})`);
    out.push(paramsFile !== undefined
      ? `Titles state the parameter values of ${paramsFile} (the defaults where it sets none).`
      : 'Titles state the default parameter values; --params FILE states an organisation\'s (as assess --params FILE would).');
    write(process.stdout, out.join('\n') + '\n');
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
