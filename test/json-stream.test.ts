import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RefArray, StreamedArray, StringSink, writeJsonStream } from '../src/io/json-stream.js';

/** Replaces every StreamedArray by its items, the way JSON.stringify would have seen them. */
function materialise(v: unknown): unknown {
  if (v instanceof RefArray) return [...v.items()].map((x) => ({ [v.key]: x }));
  if (v instanceof StreamedArray) return [...v.items()].map(materialise);
  if (Array.isArray(v)) return v.map(materialise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialise(x)]));
  return v;
}

function streamed(v: unknown): string {
  const s = new StringSink();
  writeJsonStream(v, s);
  return s.toString();
}

describe('writeJsonStream', () => {
  it('writes exactly what JSON.stringify(doc, null, 2) writes, at any nesting', () => {
    const doc = {
      a: 1,
      results: [{ observations: new StreamedArray(() => [{ x: 'line\nbreak', y: [1, { z: null }] }, { q: '"quoted"' }]), findings: [] }],
      empty: new StreamedArray(() => []),
      tail: 'end',
    };
    expect(streamed(doc)).toBe(JSON.stringify(materialise(doc), null, 2) + '\n');
  });

  it('matches JSON.stringify for arbitrary JSON values inside streamed arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.jsonValue(), (items, other) => {
        const doc = { other, list: new StreamedArray(() => items), nested: { deeper: [new StreamedArray(() => items)] } };
        return streamed(doc) === JSON.stringify(materialise(doc), null, 2) + '\n';
      }),
      { numRuns: 200 },
    );
  });

  it('writes streamed arrays held by the items of a nested streamed array, at their depth', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.array(fc.tuple(fc.jsonValue(), fc.boolean()), { maxLength: 4 }), (inner, outer) => {
        const items = () => outer.map(([v, streamInside]) => ({ v, list: streamInside ? new StreamedArray(() => inner) : inner, deep: [{ more: new StreamedArray(() => inner, true) }] }));
        const doc = { results: [{ risks: new StreamedArray(items, true) }], top: new StreamedArray(items, true) };
        expect(streamed(doc)).toBe(JSON.stringify(materialise(doc), null, 2) + '\n');
      }),
      { numRuns: 200 },
    );
  });

  it('writes reference arrays ({ key: value } items) as JSON.stringify would, at any depth, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), fc.string(), fc.nat(4), (values, key, depth) => {
        let doc: unknown = { refs: new RefArray(key, () => values), nested: new StreamedArray(() => [{ refs: new RefArray(key, () => values) }], true) };
        for (let i = 0; i < depth; i++) doc = [{ d: doc }];
        expect(streamed(doc)).toBe(JSON.stringify(materialise(doc), null, 2) + '\n');
      }),
      { numRuns: 200 },
    );
  });

  it('does not mistake a string that looks like the placeholder for a stream', () => {
    const doc = { s: '\u0000STREAM0\u0000', list: new StreamedArray(() => [1]) };
    expect(JSON.parse(streamed(doc))).toEqual({ s: '\u0000STREAM0\u0000', list: [1] });
  });
});

describe('FileSink', () => {
  it('writes the same bytes as the string, across buffer flushes and multi-byte characters', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { FileSink } = await import('../src/io/json-stream.js');
    const dir = mkdtempSync(join(tmpdir(), 'sink-'));
    try {
      // ~12 MiB of UTF-8 with accents and symbols, more than one 8 MiB buffer, plus one huge piece.
      const items = Array.from({ length: 40_000 }, (_, i) => ({ i, text: `Gerät ≥ ✓ é ${'x'.repeat(i % 300)}` }));
      const doc = { huge: 'é'.repeat(5_000_000), list: new StreamedArray(() => items) };
      const sink = new FileSink(join(dir, 'out.json'), { sha256: true });
      writeJsonStream(doc, sink);
      sink.close();
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(JSON.stringify(materialise(doc), null, 2) + '\n');
      // The digest kept while writing is the file's, huge piece and flushes included.
      const { createHash } = await import('node:crypto');
      expect(sink.sha256()).toBe(createHash('sha256').update(readFileSync(join(dir, 'out.json'))).digest('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
