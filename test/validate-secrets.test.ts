// `validate` quotes the document in its problems (an unknown property's name, the pointer's keys):
// a document holding a secret where it does not belong must not put it on the terminal, in logs
// or in --json, as no UserError does (src/io/errors.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSchemaValidator, type LoadedValidator } from '../src/validate/cache.js';
import { validateFile } from '../src/validate/document.js';
import { describeWithShared, schemaFile } from './support/oscal-schema.js';

const SECRET = 'Tr0ub4dor-3x';

describeWithShared('validate: secrets in a document are not echoed', () => {
  let dir: string;
  let validator: LoadedValidator;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-validate-secret-'));
    validator = await loadSchemaValidator(schemaFile('1.1.3'), { cacheDir: join(dir, 'cache') });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an unknown property named "password=…" is reported, its secret masked in the message and the pointer', () => {
    const file = join(dir, 'poam.json');
    writeFileSync(file, JSON.stringify({ 'plan-of-action-and-milestones': {
      uuid: 'd3f8a0e4-3c1b-4b7e-9a55-0c1e2f3a4b5c',
      metadata: { title: 'POA&M', 'last-modified': '2026-11-02T00:00:00Z', version: '1', 'oscal-version': '1.1.3', [`password=${SECRET}`]: 1 },
      'poam-items': [{ uuid: 'a3f8a0e4-3c1b-4b7e-9a55-0c1e2f3a4b5c', title: 't', description: 'd', props: [{ name: 'x', value: 'y' }], [`bindPassword=${SECRET}`]: { a: 1 } }],
    } }));
    const problems = validateFile(file, validator);
    const unknown = problems.filter((p) => p.kind === 'schema' && /unknown property/.test(p.message));
    expect(unknown.map((p) => p.pointer)).toEqual(['/plan-of-action-and-milestones/metadata', '/plan-of-action-and-milestones/poam-items/0']);
    expect(JSON.stringify(problems)).not.toContain(SECRET);
    expect(unknown[0]!.message).toMatch(/unknown property "password=/);
  });

  it('a second root named "password=…": the roots found are listed without the secret', () => {
    const file = join(dir, 'two-roots.json');
    writeFileSync(file, JSON.stringify({ [`password=${SECRET}`]: {}, 'plan-of-action-and-milestones': {} }));
    const problems = validateFile(file, validator);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/exactly one root of .*; found password=/);
    expect(JSON.stringify(problems)).not.toContain(SECRET);
  });
});
