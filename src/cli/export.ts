// `ato-evidence export <format> PKG --out DIR`: a derived view of a sealed package for the tools
// DoD assessors use (STIG Viewer checklists, Heimdall, eMASS). The work is in src/export/.
import { UserError } from '../io/errors.js';
import { resolveNow } from './clock.js';
import { paint, reportFailure, write, writeJson } from './output.js';

export async function exportCommand(format: string, pkg: string, o: Record<string, unknown>, version: string): Promise<number> {
  try {
    const { EXPORT_FORMATS, runExport } = await import('../export/run.js');
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`unknown format "${format}"; choose one of ${EXPORT_FORMATS.join(', ')}`, { exitCode: 2 });
    }
    const fmt = format as (typeof EXPORT_FORMATS)[number];
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
    for (const k of ['template', 'office', 'resources', 'relevance'] as const) {
      if (str(k) !== undefined && fmt !== 'emass-poam') throw new UserError(`--${k} applies to the emass-poam format only`, { exitCode: 2 });
    }
    const now = resolveNow(str('now'), process.env);
    const r = await runExport({
      format: fmt,
      pkg,
      out: o.out as string,
      force: o.force === true,
      toolVersion: version,
      now,
      ...(str('checks') !== undefined ? { checksFile: str('checks')! } : {}),
      ...(str('catalog') !== undefined ? { catalogFile: str('catalog')! } : {}),
      ...(str('publicKey') !== undefined ? { publicKeyFile: str('publicKey')! } : {}),
      ...(str('template') !== undefined ? { template: str('template')! } : {}),
      ...(str('office') !== undefined ? { office: str('office')! } : {}),
      ...(str('resources') !== undefined ? { resources: str('resources')! } : {}),
      ...(str('relevance') !== undefined ? { relevance: str('relevance')! } : {}),
    });
    if (o.json) {
      writeJson(process.stdout, r);
      return 0;
    }
    const err = paint(process.stderr);
    for (const n of r.notes) write(process.stderr, `${err.yellow('note:')} ${n}\n`);
    const shown = r.files.length > 6 ? `${r.files.slice(0, 5).join(', ')} and ${r.files.length - 5} more` : r.files.join(', ');
    write(process.stdout, `Verified ${pkg} (package digest ${r.packageDigest}; ${signatureWords(r.signature, str('publicKey'))}) and wrote ${r.out}/: ${shown}\n`);
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}

/**
 * What "Verified" covered: without --public-key a signed package's files are checked against a
 * manifest anyone able to edit the folder could have rebuilt, which only the signature rules out.
 */
function signatureWords(status: string, publicKeyFile: string | undefined): string {
  switch (status) {
    case 'valid': return `signature valid (${publicKeyFile ?? 'public key'})`;
    case 'not-checked': return 'signature present but NOT checked: pass --public-key to check it';
    default: return 'not signed';
  }
}
