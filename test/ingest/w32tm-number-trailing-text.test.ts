// w32tm's leap indicator and stratum were read as the digits they begin with: "Leap Indicator: 03"
// as 0 (no warning) and "Stratum: 1 6" as 1, whatever the text after them said, so TIME-SYNC could
// pass on a number the output does not state. w32tm prints a number and its meaning in brackets;
// any other text after the number is refused, naming the line. The real outputs still read.
import { expect, it } from 'vitest';
import type { ExportInput } from '../../src/ingest/index.js';
import { expectUserError } from '../support/user-error.js';
import { describeWithRealSamples } from './shared-samples.js';
import { parse, realText, utf16File } from './w32tm-inputs.js';

const REAL = ['last-sync-too-old', 'stratum-4-synced-time-windows', 'stratum-5-dc-authenticated', 'unsynced-local-cmos-poll10'];
const valueOf = (input: ExportInput, field: string): unknown => parse(input).facts.find((f) => f.path.join('.') === `audit.timeSync.${field}`)?.value;

describeWithRealSamples('w32tm: a leap indicator or stratum with text after its number', () => {
  it('the real outputs read their numbers ("3(not synchronized)", "4 (secondary reference - syncd by (S)NTP)", "0 (unspecified)")', () => {
    expect(valueOf(utf16File(realText('unsynced-local-cmos-poll10')), 'leapIndicator')).toBe(3);
    expect(valueOf(utf16File(realText('unsynced-local-cmos-poll10')), 'stratum')).toBe(0);
    expect(valueOf(utf16File(realText('stratum-4-synced-time-windows')), 'stratum')).toBe(4);
    for (const name of REAL) expect(() => parse(utf16File(realText(name)))).not.toThrow();
  });

  it.each([
    ['Leap Indicator: 03(not synchronized)', /Leap Indicator: 3\(not synchronized\)/, /expected a leap indicator 0-3, .*found "03\(not synchronized\)"/],
    ['Leap Indicator: 0 3(not synchronized)', /Leap Indicator: 3\(not synchronized\)/, /expected a leap indicator 0-3, .*found "0 3\(not synchronized\)"/],
    ['Stratum: 1 6 (unspecified)', /Stratum: 0 \(unspecified\)/, /expected a stratum number, .*found "1 6 \(unspecified\)"/],
    ['Stratum: 3x', /Stratum: 0 \(unspecified\)/, /expected a stratum number, .*found "3x"/],
  ])('"%s": refused naming its line, never read as the digits it begins with', (to, from, message) => {
    const text = realText('unsynced-local-cmos-poll10');
    expect(text).toMatch(from);
    const edited = text.replace(from, to);
    const line = edited.slice(0, edited.indexOf(to)).split('\r\n').length;
    expectUserError(() => parse(utf16File(edited)), 'w32tm.txt', new RegExp(`^line ${line}$`), message);
  });
});
