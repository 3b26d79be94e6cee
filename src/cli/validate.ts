// `ato-evidence validate FILE... --schema PATH [--json] [--catalog FILE] [--no-file-checks]`: NIST's schema (the root's
// own definition of the complete schema, cached as a generated validator, see validate/cache.ts),
// then the producer rules. Problems go to stderr, one line each naming the file and the JSON
// pointer; --json prints { ok, schema, problems } on stdout instead. Exit 0 clean, 1 problems, 2 usage.
import { relative } from 'node:path';
import type { ControlIndex } from '../catalog/control-index.js';
import { PROJECT_NS } from '../oscal/ids.js';
import { paint, reportFailure } from './output.js';

export async function validateCommand(files: string[], o: Record<string, unknown>): Promise<number> {
  try {
    const err = paint(process.stderr);
    const schemaPath = typeof o.schema === 'string' ? o.schema : undefined;
    if (!schemaPath) {
      process.stderr.write(`${err.red('error:')} --schema PATH is required (NIST's complete OSCAL JSON schema, 1.1.3 or 1.2.2)\n`);
      return 2;
    }
    if (files.length === 0) {
      process.stderr.write(`${err.red('error:')} name at least one OSCAL document to validate\n`);
      return 2;
    }
    const [{ loadSchemaValidator }, { validateFile }, catalog] = await Promise.all([
      import('../validate/cache.js'),
      import('../validate/document.js'),
      import('../catalog/control-index.js'),
    ]);
    const index: ControlIndex =
      typeof o.catalog === 'string' ? catalog.loadCatalogFile(o.catalog) : catalog.loadControlIndex();
    const validator = await loadSchemaValidator(schemaPath);
    const problems = files.flatMap((f) => validateFile(f, validator, { controlIndex: index, projectNs: PROJECT_NS, checkFiles: o.fileChecks !== false }));
    const ok = problems.length === 0;
    if (o.json) {
      process.stdout.write(JSON.stringify({
        ok,
        schema: { file: schemaPath, oscalVersion: validator.oscalVersion, sha256: validator.schemaSha256 },
        files: files.map((f) => ({ file: f, ok: !problems.some((p) => p.file === f) })),
        problems,
      }, null, 2) + '\n');
      return ok ? 0 : 1;
    }
    const lines = problems.map((p) => `${err.red(`${p.kind === 'rule' ? p.code : p.kind === 'read' ? 'error' : 'schema'}:`)} ${shown(p.file)}: ${p.pointer || '/'} ${p.message}`);
    if (ok) {
      const out = paint(process.stdout);
      process.stdout.write(`${out.green('valid:')} ${files.length} document(s) against OSCAL ${validator.oscalVersion} and the producer rules\n`);
    } else {
      const bad = new Set(problems.map((p) => p.file)).size;
      lines.push(`${err.red(err.bold('NOT valid:'))} ${problems.length} problem(s) in ${bad} of ${files.length} document(s) (OSCAL ${validator.oscalVersion} schema ${schemaPath})`);
      process.stderr.write(lines.join('\n') + '\n');
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
