// `validate --schema PATH` given what is not NIST's complete OSCAL schema: a folder said
// "EISDIR: illegal operation on a directory", an empty file "Unexpected end of JSON input", a
// JSON that is no schema "$id is undefined", a schema ajv cannot compile a stack trace. Each is
// now one sentence naming the file, what is wrong and what is wanted; exit 2; nothing cached.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine } from './support/cli-scratch.js';

const scratch = cliScratch('ato-schema-arg-');
const NIST_ID = 'http://csrc.nist.gov/ns/oscal/1.1.2/oscal-complete-schema.json';

describe('validate --schema: what is not the schema', () => {
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['a folder', (d) => mkdirSync(join(d, 'bad'), { recursive: true }), /^is a folder, not a file; /],
    ['no such file', () => undefined, /^no such file; /],
    ['an empty file', (d) => writeFileSync(join(d, 'bad'), ''), /^is empty; /],
    ['text that is not JSON', (d) => writeFileSync(join(d, 'bad'), 'hello\n'), /^at line 1, column 1: is not JSON: unexpected 'h'/],
    ['a JSON list', (d) => writeFileSync(join(d, 'bad'), '[1, 2]'), /^is JSON, but a list, not a schema/],
    ['a JSON schema that is not OSCAL\'s', (d) => writeFileSync(join(d, 'bad'), '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}'), /^is JSON, but not NIST's complete OSCAL JSON schema: it has no \$id/],
    ['NIST\'s $id without its definitions', (d) => writeFileSync(join(d, 'bad'), JSON.stringify({ $id: NIST_ID })), /^is JSON, but not NIST's complete OSCAL JSON schema: it has no definition /],
    ['an $id of 100,000 characters', (d) => writeFileSync(join(d, 'bad'), JSON.stringify({ $id: 'x'.repeat(100_000) })), /\$id is "x{120}…"; /],
  ];
  for (const [name, make, what] of cases) {
    it(`${name}: exit 2, one sentence naming the file and what is wanted, nothing cached`, () => {
      const dir = join(scratch.dir(), name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      make(dir);
      writeFileSync(join(dir, 'doc.json'), '{}');
      const cache = join(dir, 'cache');
      const r = scratch.cli(['validate', join(dir, 'doc.json'), '--schema', join(dir, 'bad')], { ATO_EVIDENCE_CACHE: cache });
      expect(r.code, r.stderr).toBe(2);
      const line = errorLine(r.stderr);
      const prefix = `error: ${join(dir, 'bad')}`;
      expect(line.startsWith(prefix), line).toBe(true);
      expect(line.slice(prefix.length).replace(/^:? /, '')).toMatch(what);
      expect(line).toMatch(/; the schema must be NIST's complete OSCAL JSON schema file \(oscal_complete_schema\.json; "ato-evidence schema fetch" downloads and caches it\)$/);
      expect(line.length).toBeLessThan(600);
      expect(r.stderr).not.toMatch(/EISDIR|ENOENT|Unexpected (end|token)|\n\s+at /);
      expect(!existsSync(cache) || readdirSync(cache, { recursive: true }).length === 0).toBe(true);
    });
  }
});
