// w32tm.txt (UTF-16LE, as collect.ps1 writes it) cut inside its "Source:" line: the real
// unsynced-local-cmos-poll10 output cut after "Source: Local CMOS Cl" read the source as
// "Local CMOS Cl", which is not the local clock that TIME-SYNC refuses (none-of Local CMOS Clock),
// and "Source: time.windows.c" as another host. A value on a last line without its line break is
// refused; a real capture that lost only the break after a line not read is still read.
import { expect, it } from 'vitest';
import type { ExportInput } from '../../src/ingest/index.js';
import { expectUserError } from '../support/user-error.js';
import { describeWithRealSamples } from './shared-samples.js';
import { parse, realText, utf16File } from './w32tm-inputs.js';

const sourceOf = (input: ExportInput): unknown => parse(input).facts.find((f) => f.path.join('.') === 'audit.timeSync.source')?.value;

describeWithRealSamples('w32tm /query /status cut inside a line it reads', () => {
  it('the whole output reads the local clock as its source', () => {
    expect(sourceOf(utf16File(realText('unsynced-local-cmos-poll10')))).toBe('Local CMOS Clock');
  });

  it('cut after "Source: Local CMOS Cl": refused, naming the line, never read as another source', () => {
    const text = realText('unsynced-local-cmos-poll10');
    const at = text.indexOf('Source: Local CMOS Clock') + 'Source: Local CMOS Cl'.length;
    const line = text.slice(0, at).split('\r\n').length;
    expectUserError(() => parse(utf16File(text.slice(0, at))), 'w32tm.txt', new RegExp(`^line ${line}$`), /the file is cut short: its last line "Source: Local CMOS Cl" has no line break/);
  });

  it('cut after "Source: time.windows.c" (the synced real output): refused', () => {
    const text = realText('stratum-4-synced-time-windows');
    const at = text.indexOf('Source: time.windows.com') + 'Source: time.windows.c'.length;
    expectUserError(() => parse(utf16File(text.slice(0, at))), 'w32tm.txt', /^line \d+$/, /its last line "Source: time\.windows\.c" has no line break/);
  });

  it('a real capture without the break after its last line (not a value read) is read whole', () => {
    const text = realText('last-sync-too-old').replace(/\s+$/, ''); // as a capture that strips the output's end
    expect(text.split('\r\n').pop()).toMatch(/^Time since Last Good Sync Time:/);
    expect(sourceOf(utf16File(text))).toBe('DCName.acmecorp.com');
  });
});
