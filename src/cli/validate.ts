// `ato-evidence validate FILE... [--schema PATH | --schema-version V] [--json] [--catalog FILE] [--profile FILE] [--no-file-checks]`: NIST's schema (the root's
// own definition of the complete schema, cached as a generated validator, see validate/cache.ts;
// without --schema, the one `schema fetch` cached),
// then the producer rules. Problems go to stderr, one line each naming the file and the JSON
// pointer; --json prints { ok, schema, problems } on stdout instead. Exit 0 clean, 1 problems, 2 usage.
import { relative } from 'node:path';
import { PROJECT_NS } from '../oscal/ids.js';
import { paint, reportFailure, write, writeJson } from './output.js';

export async function validateCommand(files: string[], o: Record<string, unknown>): Promise<number> {
  try {
    const err = paint(process.stderr);
    if (files.length === 0) {
      write(process.stderr, `${err.red('error:')} name at least one OSCAL document to validate\n`);
      return 2;
    }
    const [{ loadSchemaValidator }, { validateFile }, { validationControls }, fetch] = await Promise.all([
      import('../validate/cache.js'),
      import('../validate/document.js'),
      import('../validate/controls.js'),
      import('../validate/fetch.js'),
    ]);
    let schemaPath = typeof o.schema === 'string' ? o.schema : undefined;
    let pinned: { sha256: string; hint: string } | undefined;
    if (!schemaPath) {
      // The schema `ato-evidence schema fetch` cached (checked against its pin).
      const version = typeof o.schemaVersion === 'string' ? o.schemaVersion : fetch.DEFAULT_SCHEMA_VERSION;
      if (!fetch.isFetchableVersion(version)) {
        write(process.stderr, `${err.red('error:')} --schema-version must be one of ${fetch.FETCHABLE_VERSIONS.join(', ')}\n`);
        return 2;
      }
      ({ file: schemaPath, expectSha256: pinned } = fetch.cachedSchema(version));
    }
    // Control ids (and statement / objective ids) come from --profile (a tailored baseline),
    // --catalog (a full catalog), or the bundled rev5 index.
    const { index, label } = validationControls({
      ...(typeof o.catalog === 'string' ? { catalog: o.catalog } : {}),
      ...(typeof o.profile === 'string' ? { profile: o.profile } : {}),
    });
    const validator = await loadSchemaValidator(schemaPath, pinned ? { expectSha256: pinned } : {});
    if (typeof o.schemaVersion === 'string' && validator.oscalVersion !== o.schemaVersion) {
      write(process.stderr, `${err.red('error:')} --schema ${schemaPath} is OSCAL ${validator.oscalVersion}, but --schema-version says ${o.schemaVersion}\n`);
      return 2;
    }
    const found = files.flatMap((f) => validateFile(f, validator, { controlIndex: index, projectNs: PROJECT_NS, checkFiles: o.fileChecks !== false }));
    // Notes (an older compatible oscal-version) are said, never counted as problems.
    const notes = found.filter((p) => p.kind === 'note');
    const problems = found.filter((p) => p.kind !== 'note');
    const ok = problems.length === 0;
    if (o.json) {
      writeJson(process.stdout, {
        ok,
        schema: { file: schemaPath, oscalVersion: validator.oscalVersion, sha256: validator.schemaSha256 },
        controls: { label, source: index.source },
        files: files.map((f) => ({ file: f, ok: !problems.some((p) => p.file === f) })),
        problems,
        notes,
      });
      return ok ? 0 : 1;
    }
    if (notes.length) write(process.stderr, notes.map((p) => `${err.yellow('note:')} ${shown(p.file)}: ${p.pointer || '/'} ${p.message}`).join('\n') + '\n');
    // A read problem has no pointer: its message names the place (line and column) itself.
    const lines = problems.map((p) => (p.kind === 'read'
      ? `${err.red('error:')} ${shown(p.file)}: ${p.message}`
      : `${err.red(`${p.kind === 'rule' ? p.code : 'schema'}:`)} ${shown(p.file)}: ${p.pointer || '/'} ${p.message}`));
    if (ok) {
      const out = paint(process.stdout);
      write(process.stdout, `${out.green('valid:')} ${files.length} document(s) against OSCAL ${validator.oscalVersion} and the producer rules (control ids: ${label})\n`);
    } else {
      const bad = new Set(problems.map((p) => p.file)).size;
      lines.push(`${err.red(err.bold('NOT valid:'))} ${problems.length} problem(s) in ${bad} of ${files.length} document(s) (OSCAL ${validator.oscalVersion} schema ${schemaPath})`);
      write(process.stderr, lines.join('\n') + '\n');
    }
    return ok ? 0 : 1;
  } catch (e) {
    return reportFailure(e);
  }
}

function shown(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}
