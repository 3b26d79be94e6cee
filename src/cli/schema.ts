// `ato-evidence schema fetch [--version 1.1.3|1.2.2] [--from URL] [--force] [--json]`: downloads
// NIST's complete OSCAL JSON schema into the cache, checked against a pinned SHA-256, and
// precompiles its validator (see validate/fetch.ts). Exit 0 done, 1 refused or failed, 2 usage.
import { paint, reportFailure, write, writeJson } from './output.js';

export async function schemaFetchCommand(o: Record<string, unknown>): Promise<number> {
  try {
    const { fetchSchema, isFetchableVersion, FETCHABLE_VERSIONS, DEFAULT_SCHEMA_VERSION } = await import('../validate/fetch.js');
    const version = typeof o.version === 'string' ? o.version : DEFAULT_SCHEMA_VERSION;
    if (!isFetchableVersion(version)) {
      write(process.stderr, `${paint(process.stderr).red('error:')} --version must be one of ${FETCHABLE_VERSIONS.join(', ')}\n`);
      return 2;
    }
    const r = await fetchSchema({
      version,
      ...(typeof o.from === 'string' ? { from: o.from } : {}),
      force: o.force === true,
    });
    if (o.json) {
      writeJson(process.stdout, { ok: true, ...r });
    } else {
      const out = paint(process.stdout);
      const what = r.status === 'downloaded' ? `downloaded ${r.url}` : 'already cached';
      write(process.stdout, `${out.green('ok:')} OSCAL ${r.version} schema ${what}; SHA-256 ${r.sha256} matches the pin\n  ${r.file}\n`);
    }
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
