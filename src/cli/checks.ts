// `ato-evidence checks`: the catalog as a table or JSON. Must stay fast (no ajv, no OSCAL).
import { loadCatalog } from '../catalog/load-checks.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { paint, reportFailure, write, writeJson } from './output.js';

function cell(s: string, width: number): string {
  return s.length > width ? s.slice(0, width - 1) + '…' : s.padEnd(width);
}

export function checksCommand(o: Record<string, unknown>): number {
  try {
    const { checks, parameters } = loadCatalog(o.checks ? { checksFile: o.checks as string } : {});
    if (o.params) {
      if (o.json) writeJson(process.stdout, { parameters });
      else {
        const lines = parameters.map((p) => `${cell(p.id, 34)} ${cell(p.default === null ? '(organisation sets)' : Array.isArray(p.default) ? p.default.join(',') : String(p.default), 24)} ${cell(p.odp ?? '', 18)} ${p.title}`);
        write(process.stdout, [`${cell('PARAMETER', 34)} ${cell('DEFAULT', 24)} ${cell('ODP', 18)} TITLE`, ...lines].join('\n') + '\n');
      }
      return 0;
    }
    if (o.json) {
      writeJson(process.stdout, {
        count: checks.length,
        checks: checks.map((c) => ({
          id: c.id, layer: c.layer, title: c.title, severity: c.severity, method: c.method, controls: c.controls, objectives: c.objectives, notApplicable: c.notApplicable, odp: c.odp,
          reads: c.reads, remediation: c.remediation, stig: c.stig ?? [], mds2: c.mds2 ?? [],
        })),
      });
      return 0;
    }
    const c = paint(process.stdout);
    const out: string[] = [c.bold(`${cell('ID', 28)} ${cell('LAYER', 10)} ${cell('SEV', 7)} ${cell('CONTROLS', 28)} TITLE`)];
    for (const k of checks) out.push(`${cell(k.id, 28)} ${cell(k.layer, 10)} ${cell(k.severity, 7)} ${cell(k.controls.join(' '), 28)} ${k.title}`);
    const perLayer = Object.keys(LAYER_TITLES).map((l) => `${l} ${checks.filter((k) => k.layer === l).length}`).join(', ');
    out.push('', `${checks.length} checks (${perLayer})`);
    write(process.stdout, out.join('\n') + '\n');
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
