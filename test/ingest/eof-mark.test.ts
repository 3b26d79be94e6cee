// A DOS end-of-file mark (Ctrl-Z, byte 0x1A) appended after a file's content (`copy /a`, old
// transfer tools) is not content. The real DISA GptTmpl.inf (UTF-16LE) with it was refused as
// "cut short" (an odd number of bytes), and the real audit.csv as a record of 1 field: whole files
// refused with a wrong diagnosis. They are read as without it; a file cut inside a line before the
// mark is still refused.
import { expect, it } from 'vitest';
import { recognise, type ExportInput, type ParsedExport } from '../../src/ingest/index.js';
import { expectUserError } from '../support/user-error.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';

function parse(input: ExportInput): ParsedExport {
  const r = recognise(input);
  if ('skip' in r) throw new Error(`not recognised: ${r.skip}`);
  return r.parser.parse(input);
}
const withBytes = (input: ExportInput, bytes: Buffer): ExportInput => ({ ...input, bytes, sha256: 'e'.repeat(64) });
const values = (p: ParsedExport) => p.facts.map((f) => [JSON.stringify(f.path), f.value]);

describeWithRealSamples('a Ctrl-Z end-of-file mark after the content', () => {
  for (const rel of ['disa-win10-gpo/GptTmpl.inf', 'disa-win10-gpo/audit.csv']) {
    it(`${rel} with 0x1A appended reads the same values as without it`, () => {
      const input = realSample(rel);
      const marked = withBytes(input, Buffer.concat([input.bytes, Buffer.from([0x1a])]));
      const p = parse(marked);
      expect(values(p)).toEqual(values(parse(input)));
      expect(p.facts.length).toBeGreaterThan(20);
    });
  }

  it('GptTmpl.inf cut inside a line, then marked: still refused as cut short', () => {
    const input = realSample('disa-win10-gpo/GptTmpl.inf');
    const text = input.bytes.subarray(2).toString('utf16le');
    const cut = text.slice(0, text.indexOf('LockoutBadCount') + 'LockoutBad'.length);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cut, 'utf16le'), Buffer.from([0x1a])]);
    expectUserError(() => parse(withBytes(input, bytes)), 'GptTmpl.inf', /^line \d+$/, /the file is cut short: its last line has no line break/);
  });
});
