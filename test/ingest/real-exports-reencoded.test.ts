// The real exports (../shared/samples-real) re-encoded as Windows tools and editors save them: UTF-8
// with and without a byte-order mark, UTF-16LE with a mark and with it cut off, UTF-16BE with a mark.
// Property: each reads as its original does (the same kind, facts with the same values and places,
// warnings and coverage); an encoding is never a reason for a value to differ or go missing.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { recognise, type ExportInput, type ParsedExport } from '../../src/ingest/index.js';
import { decodeText } from '../../src/ingest/text.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';

const TEXT_EXPORTS = [
  'disa-win10-gpo/GptTmpl.inf',
  'disa-win10-gpo/audit.csv',
  'applocker/Windows10_AppLocker_Starter_Policy.xml',
  'w32tm/last-sync-too-old.txt',
  'w32tm/stratum-4-synced-time-windows.txt',
  'w32tm/stratum-5-dc-authenticated.txt',
  'w32tm/unsynced-local-cmos-poll10.txt',
];

const ENCODINGS: Record<string, (text: string) => Buffer> = {
  'UTF-8': (t) => Buffer.from(t, 'utf8'),
  'UTF-8 with BOM': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
  'UTF-16LE with BOM': (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'UTF-16LE, its BOM cut off': (t) => Buffer.from(t, 'utf16le'),
  'UTF-16BE with BOM': (t) => {
    const body = Buffer.from(t, 'utf16le');
    body.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
  },
};

function asInput(name: string, bytes: Buffer): ExportInput {
  return { name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
/** What a parse says, without the bytes' own hash (which differs by encoding, as it should). */
function reading(input: ExportInput) {
  const r = recognise(input);
  if ('skip' in r) throw new Error(`${input.name} not recognised: ${r.skip}`);
  const p: ParsedExport = r.parser.parse(input);
  return {
    kind: p.kind,
    facts: p.facts.map((f) => ({ path: f.path, value: f.value, location: f.provenance.location })),
    warnings: p.warnings,
    coverage: p.coverage ?? [],
  };
}

describeWithRealSamples('real exports re-encoded read as the originals', () => {
  it.each(TEXT_EXPORTS.flatMap((rel) => Object.keys(ENCODINGS).map((enc) => [rel, enc] as const)))('%s as %s', (rel, enc) => {
    const original = realSample(rel);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const want = reading(asInput(name, original.bytes));
    expect(want.facts.length).toBeGreaterThan(3); // the original is read, not skipped
    const text = decodeText(original.bytes).text;
    expect(reading(asInput(name, ENCODINGS[enc]!(text)))).toEqual(want);
  });
});
