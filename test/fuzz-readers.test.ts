// Fuzzing every input reader on mutated real bytes (bounded runs, seeded: a failure is
// reproducible): a snapshot file, and each export reader of src/ingest/ reached the way `ingest`
// and `assess` reach it (one device's folder with one file mutated). Mutations: truncation, byte
// flips, huge numbers, nesting 10,000 deep, a 1e6-element array, duplicate keys, "__proto__" /
// "constructor" keys. The property: either a result, or a UserError naming the file; never
// another exception, and no object's prototype polluted. FUZZ_RUNS and FUZZ_SEED run it longer or
// elsewhere (400 runs of seed 14 and 100 of seeds 1 and 2 found nothing at 19434fe).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/io/errors.js';
import { ingestInputs } from '../src/ingest/index.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import { parseSystemDescription } from '../src/assess/system-description.js';
import { parseAttestations } from '../src/attest/attestations.js';
import { decodeUtf8 } from '../src/io/utf8.js';
import type { ExportInput } from '../src/ingest/types.js';
import { ROOT } from './support/cli-scratch.js';

const EXPORTS = join(ROOT, 'test/fixtures/exports/mr-01');
const SNAPSHOT = join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json');
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 14);

const input = (name: string, bytes: Buffer): ExportInput => ({ name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
const folder = readdirSync(EXPORTS).sort().map((name) => input(name, readFileSync(join(EXPORTS, name))));

/** Text spliced in at a place: what a hostile or damaged file holds. */
const HOSTILE = [
  '1e999', '-1e999', '9'.repeat(400), '18446744073709551617', '0x7FFFFFFFFFFFFFFF',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`, `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  '"__proto__": {"polluted": "yes"}, ', '"constructor": {"prototype": {"polluted": "yes"}}, ',
  '\u0000', '\uFEFF', '\u202E', '"', '\\', '\r\n', ',,,', '=', '[', '\u00ff\u00fe',
];
const HUGE_ARRAY = `[${'0,'.repeat(1_000_000)}0]`;

type Mutation = { kind: 'truncate'; at: number } | { kind: 'flip'; at: number[]; value: number[] } | { kind: 'splice'; at: number; text: string } | { kind: 'dupkey' } | { kind: 'proto' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), value: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.constantFrom(...HOSTILE) }),
  fc.constant({ kind: 'dupkey' as const }),
  fc.constant({ kind: 'proto' as const }),
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const n = Math.max(bytes.length, 1);
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, m.at % n);
    case 'flip': {
      const out = Buffer.from(bytes);
      m.at.forEach((a, i) => {
        if (out.length) out[a % out.length] = m.value[i]!;
      });
      return out;
    }
    case 'splice': {
      const at = m.at % n;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
    }
    case 'dupkey': {
      // The first "key": value of an object stated twice, the second differing.
      const text = bytes.toString('utf8');
      const k = /\{\s*("[^"]+")\s*:/.exec(text);
      return k ? Buffer.from(`${text.slice(0, k.index + 1)}${k[1]}: "other", ${text.slice(k.index + 1)}`, 'utf8') : Buffer.concat([bytes, bytes]);
    }
    case 'proto': {
      const text = bytes.toString('utf8');
      const at = text.indexOf('{');
      return at < 0 ? Buffer.from(`__proto__=polluted\r\n${text}`) : Buffer.from(`${text.slice(0, at + 1)}"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, ${text.slice(at + 1)}`, 'utf8');
    }
  }
}

/** A result, or a UserError naming `file`; anything else fails with what was thrown. */
function expectResultOrUserError(run: () => unknown, ...files: string[]): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`not a UserError: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${e.stack}` : String(e)}`);
    expect(files.some((f) => e.message.slice(0, 400).includes(f)), `the message names ${files.join(' or ')}: ${e.message.slice(0, 400)}`).toBe(true);
  }
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
}

describe('fuzz: snapshot JSON reader', () => {
  const bytes = readFileSync(SNAPSHOT);
  it('mutated sample snapshots: a snapshot or a UserError naming the file', () => {
    fc.assert(fc.property(mutation, (m) => expectResultOrUserError(() => readSnapshot(mutate(bytes, m), 'MR-02.json'), 'MR-02.json')), { numRuns: RUNS * 3, seed: SEED });
  });
  it('a 1e6-element array where a list is read', () => {
    const text = bytes.toString('utf8');
    expectResultOrUserError(() => readSnapshot(Buffer.from(text.replace(/"provenance": \{/, `"junk": ${HUGE_ARRAY}, "provenance": {`)), 'MR-02.json'), 'MR-02.json');
  });
});

describe('fuzz: export readers (src/ingest/), one file of a real export folder mutated', () => {
  for (const original of folder) {
    it(`${original.name}: the folder ingests, or a UserError names the file or the folder`, () => {
      fc.assert(fc.property(mutation, (m) => {
        const files = folder.map((f) => (f === original ? input(f.name, mutate(f.bytes, m)) : f));
        expectResultOrUserError(() => ingestInputs(files, 'mr-01'), original.name, 'mr-01');
      }), { numRuns: RUNS, seed: SEED });
    });
  }
  it('a 1e6-element array in each JSON export', () => {
    for (const original of folder.filter((f) => f.name.endsWith('.json'))) {
      const text = original.bytes.toString('utf8');
      const at = text.indexOf('{');
      const files = folder.map((f) => (f === original ? input(f.name, Buffer.from(`${text.slice(0, at + 1)}"junk": ${HUGE_ARRAY}, ${text.slice(at + 1)}`)) : f));
      expectResultOrUserError(() => ingestInputs(files, 'mr-01'), original.name, 'mr-01');
    }
  });
});

describe('fuzz: the files a person keeps (deviations, system description, attestations)', () => {
  const checks = new Set(['SCREEN-LOCK-TIMEOUT', 'BITLOCKER-PREBOOT']);
  const readers: Array<[string, (text: string, file: string) => unknown]> = [
    ['samples/deviations.csv', (t, f) => parseDeviations(t, f, checks)],
    ['samples/system.yaml', (t, f) => parseSystemDescription(t, f)],
    ['samples/attestations.yaml', (t, f) => parseAttestations(t, f, () => true, '2026-11-28')],
  ];
  for (const [rel, read] of readers) {
    const bytes = readFileSync(join(ROOT, rel));
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    it(`${rel}: a result, or a UserError naming the file`, () => {
      fc.assert(fc.property(mutation, (m) => expectResultOrUserError(() => read(decodeUtf8(mutate(bytes, m), name), name), name)), { numRuns: RUNS * 2, seed: SEED });
    });
  }
});
