// A snapshot collected today may bundle an export of an earlier visit: its provenance keeps that
// export's own collection time beside collectedAt (a vendor settings file written two years ago).
// Ingest dates such a folder by its oldest export; a snapshot file stating the newer time (written
// by another tool, or edited) passed as current evidence on the old values. Every reader now dates
// it by its oldest part, so the evidence-age rule sees the age: not collected, naming the age and
// the limit, never a pass.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { checkCollectedBy, readSnapshot } from '../src/snapshot/load.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
type Json = Record<string, any>;
const NOW = '2026-11-02T18:00:00Z';
const OLD = '2024-11-02T09:15:00+01:00'; // the vendor export's own time, two years before collection

function withVendorTime(value: string): Json {
  const s = JSON.parse(readFileSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
  s.provenance = {
    ...s.provenance,
    '/collectedAt': {
      file: 'collection.json', sha256: 'a'.repeat(64), location: '/collectedAt, line 9',
      alternatives: [{ file: 'vendor-settings.json', sha256: 'b'.repeat(64), location: '/collectedAt, line 12', value }],
    },
  };
  return s;
}

let dir: string;
const ar: Record<string, Json> = {};
const warnings: Record<string, string[]> = {};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-oldest-part-'));
  for (const [name, value] of [['old', OLD], ['same-visit', '2026-11-02T08:00:00Z']] as const) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(withVendorTime(value), null, 2));
    const out = join(dir, `out-${name}`);
    warnings[name] = [];
    await runAssess({ inputs: [file], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false, warn: (m) => warnings[name]!.push(m) });
    ar[name] = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'));
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const observation = (doc: Json, check: string): Json => (doc['assessment-results'].results[0].observations as Json[]).find((o) => o.title === `${check} on MR-01`)!;
const propOf = (o: Json, name: string): string | undefined => (o.props ?? []).find((p: Json) => p.name === name)?.value;

describe('a snapshot is no fresher than its oldest part', () => {
  it('read, it is dated by the export two years older, the provenance saying why; the evidence copy is that snapshot', () => {
    const raw = Buffer.from(JSON.stringify(withVendorTime(OLD)));
    const r = readSnapshot(raw, 'old.json');
    expect(Date.parse(r.snapshot.collectedAt)).toBe(Date.parse(OLD));
    const p = r.snapshot.provenance!['/collectedAt']!;
    expect(p.file).toBe('vendor-settings.json');
    expect(p.alternatives!.map((a) => a.value)).toContain('2026-11-02T09:21:00Z');
    expect(JSON.parse(r.bytes.toString('utf8')).collectedAt).toBe(r.snapshot.collectedAt);
    // Read again (an evidence copy), it stays as it is.
    expect(readSnapshot(r.bytes, 'copy.json').bytes.equals(r.bytes)).toBe(true);
  });

  it('a pass on its values is not collected at the assessment, naming the age and the limit', () => {
    const o = observation(ar.old!, 'FW-ENABLED');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(Date.parse(o.collected)).toBe(Date.parse(OLD));
    expect(o.description).toMatch(/730 days/);
    expect(o.description).toMatch(/30 days accepted \(parameter evidence-max-age-days\)/);
    const results = (ar.old!['assessment-results'].results[0].observations as Json[]).map((x) => propOf(x, 'result'));
    expect(results).not.toContain('pass');
    // assess says so, naming the file inside the snapshot and both times.
    expect(warnings.old!.join('\n')).toMatch(/old\.json: vendor-settings\.json \(\/collectedAt, line 12\) says it was written 2024-11-02T09:15:00\+01:00, more than a day before the snapshot's collectedAt 2026-11-02T09:21:00Z: the snapshot is dated by its oldest part/);
    expect(warnings['same-visit']!.join('\n')).not.toMatch(/oldest part/);
  });

  it('an export of the same visit (hours apart) leaves the collection time and its passes alone', () => {
    const o = observation(ar['same-visit']!, 'FW-ENABLED');
    expect(propOf(o, 'result')).toBe('pass');
    expect(o.collected).toBe('2026-11-02T09:21:00Z');
  });
});

describeWithShared('the results validate against NIST', () => {
  it('OSCAL 1.1.3 and 1.2.2', () => {
    for (const doc of Object.values(ar)) for (const v of ['1.1.3', '1.2.2'] as const) expect(validateOscal(doc, v)).toEqual([]);
  });
});

// The other collection time stated without a zone (a vendor export's local time, as text or as
// ingest's {localDateTime}) was passed over, so a snapshot bundling an export six months older
// stayed fresh and passed. It is read at UTC-12:00, the latest instant it can name.
describe('an older part whose time states no zone', () => {
  const SIX_MONTHS = '2026-05-01T10:00:00';
  for (const [what, value] of [['text', SIX_MONTHS], ['{localDateTime}', { localDateTime: SIX_MONTHS }]] as const) {
    it(`as ${what}: dated by its latest instant, and its passes are not collected at the assessment`, async () => {
      const s = withVendorTime('x');
      s.provenance['/collectedAt'].alternatives[0].value = value;
      const r = readSnapshot(Buffer.from(JSON.stringify(s)), 'zoneless.json');
      // 10:00 at UTC-12:00 is 22:00 UTC, the latest it can be: never older than it is.
      expect(Date.parse(r.snapshot.collectedAt)).toBe(Date.parse('2026-05-01T22:00:00Z'));
      expect(r.snapshot.provenance!['/collectedAt']!.rule).toMatch(/states no zone: read at UTC-12:00/);
      expect(readSnapshot(r.bytes, 'copy.json').bytes.equals(r.bytes)).toBe(true);
      const file = join(dir, `zoneless-${what.replace(/\W/g, '')}.json`);
      writeFileSync(file, JSON.stringify(s, null, 2));
      const out = `${file}-out`;
      await runAssess({ inputs: [file], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false, warn: () => {} });
      const doc = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'));
      const o = observation(doc, 'FW-ENABLED');
      expect(propOf(o, 'result')).toBe('not-collected');
      expect(o.description).toMatch(/184 days/);
      expect((doc['assessment-results'].results[0].observations as Json[]).map((x) => propOf(x, 'result'))).not.toContain('pass');
    });
  }

  it('one that may be of the same visit in some zone (the evening before, local time) leaves the collection time alone', () => {
    const s = withVendorTime('2026-11-01T10:00:00');
    expect(readSnapshot(Buffer.from(JSON.stringify(s)), 'near.json').snapshot.collectedAt).toBe('2026-11-02T09:21:00Z');
  });
});

// A zoneless other collection time after the run's clock was passed over when written as
// {localDateTime}, and read in the machine's own zone when written as text (so refused or not
// depending on where the tool ran). It is read at UTC+14:00, the earliest instant it can name: after
// the clock even so, it is after it in every zone, and refused as a zoned one is.
describe('another collection time without a zone, after the run\'s clock', () => {
  const LATE = '2026-11-03T20:00:00'; // at UTC+14:00: 2026-11-03T06:00Z, twelve hours after NOW
  for (const [what, value] of [['text', LATE], ['{localDateTime}', { localDateTime: LATE }]] as const) {
    it(`as ${what}: refused, naming the part and the reading`, () => {
      const s = withVendorTime('x');
      s.provenance['/collectedAt'].alternatives[0].value = value;
      const r = readSnapshot(Buffer.from(JSON.stringify(s)), 'late.json');
      expect(() => checkCollectedBy(r.snapshot, NOW, 'late.json', 'the assessment time')).toThrow(/vendor-settings\.json \(\/collectedAt, line 12\) says it was written at .*2026-11-03T20:00:00.*states no zone: read at UTC\+14:00.*after the assessment time 2026-11-02T18:00:00Z/);
    });
  }

  // Date.parse read such a text in the process's zone and let it pass as before the clock; readSnapshot
  // refuses it (datedByOldestPart), and the clock check, given a snapshot held from elsewhere, does too.
  for (const value of ['Tue Oct 27 2026', '27 Oct 2026 10:00', 'October 27, 2026']) {
    it(`a time no rule reads (${value}) is refused by the clock check, naming the part and the value, not read by Date.parse`, () => {
      expect(Number.isNaN(Date.parse(value))).toBe(false);
      let e: unknown;
      try {
        checkCollectedBy(withVendorTime(value) as never, NOW, 'held.json', 'the assessment time');
      } catch (x) {
        e = x;
      }
      expect(e, 'not refused').toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(new RegExp(`vendor-settings\\.json \\(/collectedAt, line 12\\) says it was written at "${value}", which is no date and time this tool can read .*whether it lies after the assessment time 2026-11-02T18:00:00Z cannot be told`));
    });
  }

  it('one that in UTC+14:00 is before the clock is not refused: in that zone it has been reached', () => {
    const s = withVendorTime('2026-11-03T05:00:00'); // 2026-11-02T15:00Z at UTC+14:00
    const r = readSnapshot(Buffer.from(JSON.stringify(s)), 'near.json');
    expect(() => checkCollectedBy(r.snapshot, NOW, 'near.json')).not.toThrow();
  });
});

// A time in a culture's date order ("05/01/2026 10:00": 5 January or 1 May) was not read by the
// oldest-part rule, so a snapshot bundling an export months older passed as fresh; the clock check
// read it as Date.parse does (US order, the machine's zone). It is read in every order that fits:
// a month is never guessed. Every reading more than a day older dates the snapshot by the latest;
// readings on both sides of that line are refused; one reading only is read as a zoneless time.
describe('another collection time in a culture\'s date order', () => {
  const read = (value: unknown, name = 'culture.json') => {
    const s = withVendorTime('x');
    s.provenance['/collectedAt'].alternatives[0].value = value;
    return readSnapshot(Buffer.from(JSON.stringify(s)), name);
  };

  it('every reading months older: dated by the latest reading at UTC-12:00, the rule naming both readings; its passes not collected', async () => {
    const r = read({ localDateTime: '05/01/2026 10:00' });
    expect(Date.parse(r.snapshot.collectedAt)).toBe(Date.parse('2026-05-01T22:00:00Z'));
    expect(r.snapshot.provenance!['/collectedAt']!.rule).toMatch(/reads as 2026-01-05T10:00:00 or 2026-05-01T10:00:00, its culture not named/);
    const file = join(dir, 'culture-old.json');
    writeFileSync(file, r.bytes);
    const out = `${file}-out`;
    await runAssess({ inputs: [file], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false, warn: () => {} });
    const doc = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'));
    expect((doc['assessment-results'].results[0].observations as Json[]).map((x) => propOf(x, 'result'))).not.toContain('pass');
  });

  it('one reading older and the other not: refused at the value, naming both readings, never a month guessed', () => {
    expect(() => read('11/03/2026 20:00:00')).toThrow(/culture\.json.*vendor-settings\.json.*reads as 2026-03-11T20:00:00 or 2026-11-03T20:00:00.*whether its values are current cannot be told/);
    try { read('11/03/2026 20:00:00'); } catch (e) { expect((e as { where?: string }).where).toBe('/provenance/~1collectedAt/alternatives/0/value'); }
  });

  it('a text with one reading (13/01/2026) is read as that date', () => {
    expect(Date.parse(read('13/01/2026 10:00').snapshot.collectedAt)).toBe(Date.parse('2026-01-13T22:00:00Z'));
  });

  it('after the clock in every reading (12 November or 11 December), each at UTC+14:00: refused as a zoned one is', () => {
    const s = withVendorTime('x');
    s.provenance['/collectedAt'].alternatives[0].value = { localDateTime: '12/11/2026 10:00:00' };
    const r = readSnapshot(Buffer.from(JSON.stringify(s)), 'late.json');
    expect(() => checkCollectedBy(r.snapshot, NOW, 'late.json', 'the assessment time')).toThrow(/12\/11\/2026 10:00:00.*read as 2026-11-12T10:00:00 or 2026-12-11T10:00:00.*after the assessment time/);
  });
});
