// Every instant is read by one rule, RFC 3339 with its zone (io/dates.ts instantMs). It used
// Date.parse, which reads "2026-11-02 10:00" and "2026-11-02T10:00:00" in the process's zone and
// "Nov 2 2026" as it guesses: one snapshot named other instants on other machines. The snapshot's
// schema took ajv-formats' date-time ("2026-11-02 09:14:00Z", "…+0100"), forms OSCAL's
// date-time-with-timezone does not hold. Now instantMs reads no other form, and a snapshot stating
// one is refused naming the file and the place.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs, isCalendarDateTime } from '../src/io/dates.js';
import { parseSnapshot } from '../src/snapshot/load.js';

const SAMPLE = 'samples/MR-01/MR-01_2026-11-02.json';
const LOOSE = ['2026-11-02 10:00', '2026-11-02 10:00:00Z', '2026-11-02T10:00:00', '2026-11-02T10:00Z', '2026-11-02T10:00:00+0100', 'Nov 2 2026', 'Mon, 02 Nov 2026 10:00:00 GMT', '2026-11-02', '11/02/2026 10:00'];

function refusal(text: string): string {
  try {
    parseSnapshot(text, 'mr01.json');
  } catch (e) {
    return String((e as Error).message);
  }
  return 'accepted';
}

describe('instants are read by one strict rule', () => {
  it('reads no text that is not RFC 3339 with its zone, whatever Date.parse makes of it', () => {
    for (const t of LOOSE) expect(Number.isNaN(instantMs(t)), t).toBe(true);
    expect(instantMs('2026-11-02T10:00:00+01:00')).toBe(instantMs('2026-11-02T09:00:00Z'));
    expect(instantMs('2026-11-02t09:00:00z')).toBe(instantMs('2026-11-02T09:00:00Z'));
  });

  it('property: an instant is read only from a text isCalendarDateTime accepts', () => {
    const pieces = fc.constantFrom('2026', '-', '11', '02', 'T', 't', ' ', '10', ':', '00', 'Z', 'z', '+01', '+0100', ':00', '.5', 'Nov', 'GMT', '/');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
      const t = parts.join('');
      expect(Number.isNaN(instantMs(t))).toBe(!isCalendarDateTime(t));
    }), { numRuns: 3000 });
  });

  it('a snapshot stating a time in another form is refused, naming the place', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    expect(refusal(text)).toBe('accepted');
    const spaced = refusal(text.replace('"collectedAt": "2026-11-02T', '"collectedAt": "2026-11-02 '));
    expect(spaced).toMatch(/mr01\.json/);
    expect(spaced).toMatch(/\/collectedAt/);
    expect(spaced).toMatch(/RFC 3339/);
    const noColon = refusal(text.replace('"signatureUpdatedAt": "2026-11-01T03:12:00Z"', '"signatureUpdatedAt": "2026-11-01T03:12:00+0100"'));
    expect(noColon).toMatch(/\/malware\/antimalware\/signatureUpdatedAt/);
    expect(noColon).toMatch(/RFC 3339/);
  });
});
