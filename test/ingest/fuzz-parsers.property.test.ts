// Fuzzing the fixture exports (fixed seed, bounded runs): whatever is done to a file's bytes, every
// parser returns or throws a UserError naming the file, and does not hang. A long line (a damaged or
// hostile export) must not meet a regular expression that retries it from every position: a
// blank run in a w32tm value, a long CSV cell of '="', '"' or letters quoted in a message (the
// masking of secrets in every message), a run of backslashes in a .reg key and a run of empty
// lines before a manage-bde sniff each took seconds to minutes. (robustness.test.ts covers arbitrary bytes and cuts.)
import { createContext, runInContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestInputs, knownExportByName, PARSERS, recognise, type ExportInput } from '../../src/ingest/index.js';
import { UserError } from '../../src/io/errors.js';
import { encodeAs, mr01Files, mr01Text, sha256 } from './fixture-folder.js';

const inputOf = (name: string, bytes: Buffer): ExportInput => ({ name, bytes, sha256: sha256(bytes) });

/**
 * A hang guard, not a speed limit: a linear parser reads these inputs (at most ~250 KB) in tens of
 * milliseconds, a regular expression that retries a 100 000-character run from every position
 * takes minutes. The call runs under vm's watchdog, which stops synchronous code (a plain test
 * timeout cannot: the whole suite would stall), and the test fails naming the input.
 */
const HANG_MS = 30_000;

/** Runs fn: it returns, or throws a UserError naming `file`; it does not hang. */
function returnsOrRefuses(file: string, what: string, fn: () => unknown): void {
  try {
    runInContext('fn()', createContext({ fn }), { timeout: HANG_MS });
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new Error(`${what}: still running after ${HANG_MS / 1000} s (a parser that does not finish on this input)`);
    if (!(e instanceof UserError)) throw new Error(`${what}: not a UserError: ${String((e as Error)?.stack ?? e)}`);
    expect(e.file, `${what}: ${e.message}`).toBe(file);
  }
}

/** How the console would see the file: recognised by content, then read by its parser. */
const ingestOne = (inp: ExportInput) => (): void => {
  const r = recognise(inp);
  if ('kind' in r) r.parser.parse(inp);
};

const files = [...mr01Files()];
const textNames = files.map(([n]) => n).filter((n) => knownExportByName(n)?.encoding !== 'binary');
/** The fixture's text re-encoded as Windows writes that file. */
const encode = (name: string, text: string): Buffer => encodeAs(text, knownExportByName(name)?.encoding ?? 'utf-8');

/** Pieces a long run is made of: blanks, quotes, pairs, brackets, separators. */
const RUNS = [' ', '\t', '"', '="', 'a', 'a=', '[', ',', ':', '\\'];
const RUN_LENGTH = 100_000;

describe('fuzzing the fixture exports', () => {
  it('a long run of one piece inside a line of any export is read or refused, without hanging', () => {
    for (const name of textNames) {
      const lines = mr01Text(name).split('\n');
      // The third line (a .reg file's first key) and the middle one.
      for (const at of new Set([Math.min(2, lines.length - 1), Math.floor(lines.length / 2)])) {
        const line = lines[at] ?? '';
        // Right after the line's first separator, and in its middle (inside a value).
        const sep = line.search(/[=:,>"]/);
        for (const cut of new Set([sep + 1, Math.max(sep + 1, Math.floor(line.length / 2))])) {
          for (const piece of RUNS) {
            const run = piece.repeat(RUN_LENGTH / piece.length);
            const mutated = [...lines];
            mutated[at] = line.slice(0, cut) + run + line.slice(cut);
            const inp = inputOf(name, encode(name, mutated.join('\n')));
            returnsOrRefuses(name, `${name} with ${JSON.stringify(piece)} x ${RUN_LENGTH / piece.length} in line ${at + 1} at ${cut}`, ingestOne(inp));
          }
        }
      }
    }
  });

  it('every parser, on any fixture export with a run of empty lines before its last line, returns or refuses, without hanging', () => {
    // Every third file: each parser reads each file, whatever its kind.
    for (const name of textNames.filter((_, i) => i % 3 === 0)) {
      const lines = mr01Text(name).trimEnd().split('\n');
      lines.splice(lines.length - 1, 0, '\r'.repeat(60_000));
      const inp = inputOf(name, encode(name, lines.join('\n')));
      for (const p of PARSERS) returnsOrRefuses(name, `${p.kinds[0]} on ${name} with 60000 empty lines`, () => p.parse(inp));
    }
  });

  it('a collection.json with a 100 000-character culture pattern is refused with a UserError, not a regular expression too large', () => {
    const manifest = JSON.parse(mr01Text('collection.json')) as { culture: Record<string, string> };
    manifest.culture.shortDatePattern = 'x'.repeat(100_000);
    const inputs = files.map(([n, b]) => inputOf(n, n === 'collection.json' ? encode(n, JSON.stringify(manifest)) : b));
    expect(() => ingestInputs(inputs, 'MR-01')).toThrow(UserError);
  });

  const HOSTILE_NUMBERS = ['1e309', '-0', '9007199254740993', '99999999999999999999999', '4294967296', '-2147483649', 'NaN', '0x10', '1.5', '00012'];
  const BAD_BYTES = [[0x00], [0xc3], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x00, 0xd8], [0xfe, 0xff]];

  /** One mutation of a fixture file: the bytes a parser is given. */
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.nat(255) }),
    fc.record({ op: fc.constant('bytes' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), seq: fc.constantFrom(...BAD_BYTES) }),
    fc.record({ op: fc.constantFrom('drop-line' as const, 'dup-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('number' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.constantFrom(...HOSTILE_NUMBERS) }),
    fc.record({ op: fc.constant('run' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), piece: fc.constantFrom(...RUNS, '{', '<a>', '\0', '\r') }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function apply(name: string, bytes: Buffer, m: Mutation): Buffer {
    const pos = (n: number): number => Math.floor(m.at * n);
    const isText = textNames.includes(name);
    switch (m.op) {
      case 'cut': return bytes.subarray(0, pos(bytes.length));
      case 'flip': {
        const b = Buffer.from(bytes);
        if (b.length) b[Math.min(pos(b.length), b.length - 1)] = m.byte;
        return b;
      }
      case 'bytes': return Buffer.concat([bytes.subarray(0, pos(bytes.length)), Buffer.from(m.seq), bytes.subarray(pos(bytes.length))]);
      case 'drop-line': case 'dup-line': {
        if (!isText) return bytes;
        const lines = mr01Text(name).split('\n');
        const i = Math.min(pos(lines.length), lines.length - 1);
        lines.splice(i, m.op === 'drop-line' ? 1 : 0, ...(m.op === 'dup-line' ? [lines[i] ?? ''] : []));
        return encode(name, lines.join('\n'));
      }
      case 'number': {
        if (!isText) return bytes;
        const text = mr01Text(name);
        const numbers = [...text.matchAll(/-?\d+/g)];
        const n = numbers[Math.min(pos(numbers.length), numbers.length - 1)];
        return n ? encode(name, text.slice(0, n.index) + m.to + text.slice(n.index! + n[0].length)) : bytes;
      }
      case 'run': {
        const run = m.piece.repeat(Math.ceil(20_000 / m.piece.length));
        if (!isText) return Buffer.concat([bytes.subarray(0, pos(bytes.length)), Buffer.from(run, 'utf16le'), bytes.subarray(pos(bytes.length))]);
        const text = mr01Text(name);
        return encode(name, text.slice(0, pos(text.length)) + run + text.slice(pos(text.length)));
      }
    }
  }

  it('every parser, on a mutated fixture export, returns or throws a UserError naming the file', () => {
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), mutation, (i, m) => {
        const [name, bytes] = files[i] as [string, Buffer];
        const inp = inputOf(name, apply(name, bytes, m));
        const what = `${name} after ${JSON.stringify(m)}`;
        returnsOrRefuses(name, what, ingestOne(inp));
        for (const p of PARSERS) returnsOrRefuses(name, `${p.kinds[0]} on ${what}`, () => p.parse(inp));
      }),
      { numRuns: 250, seed: 20261205, endOnFailure: true },
    );
  });
});
