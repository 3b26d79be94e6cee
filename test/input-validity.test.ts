// Inputs that were accepted and should not be (issue 10 §8), by class: impossible dates wherever
// a date is read; deviations for unknown devices or checks, or twice for one check and device; a
// snapshot collected after the clock of `diff`; text that is not UTF-8 in any input reader; a
// name or setting stated twice (a JSON member, a CSV column, a parameter), where which value holds
// would be a guess.
import { isUtf8 } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../src/assess/config.js';
import { parseAttestations } from '../src/attest/attestations.js';
import { loadCatalogFile } from '../src/catalog/control-index.js';
import { checkDeviationDevices, parseDeviations } from '../src/evaluate/deviations.js';
import { isCalendarDate, isCalendarDateTime } from '../src/io/dates.js';
import { parseJson, readJsonFile } from '../src/io/json-text.js';
import { parseJsonLocated } from '../src/ingest/json-located.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { IDENTITY_LISTS } from '../src/snapshot/stated-once.js';
import { parseYamlText, readYamlFile } from '../src/io/yaml-text.js';
import { decodeUtf8, firstInvalidUtf8, sniffWideEncoding, Utf8Stream } from '../src/io/utf8.js';
import type { UserError } from '../src/io/errors.js';
import { loadAttestationsFile } from '../src/attest/attestations.js';
import { requireShared, schemaDir } from './support/oscal-schema.js';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';
import { userErrorOf } from './support/user-error.js';

const NOW = ['--now', '2026-11-28T00:00:00Z'];
const HEADER = 'check_id,device_id,justification,approver,expires';
const scratch = cliScratch('ato-validity-');
const cli = scratch.cli;
const write = (name: string, text: string | Buffer) => {
  const p = join(scratch.dir(), name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return name;
};

describe('impossible dates, wherever a date is read', () => {
  it('the calendar decides (leap years, month lengths), not Date.parse', () => {
    const days: Array<[string, boolean]> = [
      ['2027-02-30', false], ['2027-02-29', false], ['2028-02-29', true], ['2100-02-29', false], ['2000-02-29', true],
      ['2026-04-31', false], ['2026-04-30', true], ['2026-13-01', false], ['2026-00-10', false], ['2026-12-31', true], ['2026-1-01', false],
    ];
    for (const [d, ok] of days) expect(isCalendarDate(d), d).toBe(ok);
    expect(isCalendarDateTime('2026-02-30T00:00:00Z')).toBe(false);
    expect(isCalendarDateTime('2026-11-28T24:00:00Z')).toBe(false);
    expect(isCalendarDateTime('2026-11-28T09:00:00+01:00')).toBe(true);
    expect(isCalendarDateTime('2026-11-28T09:00:00+25:00')).toBe(false);
  });

  it('deviations (CSV and JSON): expires 2027-02-30 names the file and the line', () => {
    const known = new Set(['SCREEN-LOCK-TIMEOUT']);
    expect(userErrorOf(() => parseDeviations(`${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,why,ISSM,2027-02-30\n`, 'd.csv', known)).message).toBe('d.csv at line 2: expires must be a date as YYYY-MM-DD that the calendar has, got "2027-02-30"');
    expect(userErrorOf(() => parseDeviations('[{"check_id":"SCREEN-LOCK-TIMEOUT","device_id":"MR-01","justification":"j","approver":"a","expires":"2027-02-30"}]', 'd.json', known)).where).toBe('/0');
  });

  it('attestations: when and expires', () => {
    const rec = (when: string, expires: string) => `- control: at-2\n  statement: s\n  who: { name: N, role: R }\n  when: ${when}\n  expires: ${expires}\n  method: EXAMINE\n  evidence: e.md\n`;
    expect(userErrorOf(() => parseAttestations(rec('2026-02-30', '2027-01-01'), 'a.yaml', () => true, '2026-11-28')).message).toBe('a.yaml at /0/when: when must be a date as YYYY-MM-DD, got "2026-02-30"');
    expect(userErrorOf(() => parseAttestations(rec('2026-02-01', '2027-02-30'), 'a.yaml', () => true, '2026-11-28')).where).toBe('/0/expires');
  });

  it('--now 2026-02-30T00:00:00Z is a usage error (exit 2), for every command that takes it', () => {
    for (const cmd of [['assess', 'x', '--out', 'o'], ['diff', 'a', 'b', '--out', 'o'], ['monitor', '--store', 's', 'x', '--out', 'o']]) {
      const r = cli([...cmd, '--now', '2026-02-30T00:00:00Z']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/--now must be an RFC 3339 date-time/);
    }
  });

  it('assess --previous-poam: a first-detected date that is not a day is refused', () => {
    const pkg = 'prev-pkg';
    expect(cli(['assess', join(ROOT, 'samples/MR-02'), '--out', pkg, '--no-pdf', ...NOW]).code).toBe(0);
    const poam = JSON.parse(readFileSync(join(scratch.dir(), pkg, 'poam.json'), 'utf8'));
    const prop = poam['plan-of-action-and-milestones']['poam-items'][0].props.find((p: { name: string }) => p.name === 'first-detected');
    // First detected is the earliest snapshot showing the weakness (samples/MR-02 holds September's too).
    expect(prop.value).toBe('2026-09-07');
    prop.value = '2026-02-30';
    write('bad-poam.json', JSON.stringify(poam));
    const r = cli(['assess', join(ROOT, 'samples/MR-02'), '--out', 'next', '--no-pdf', '--previous-poam', 'bad-poam.json', ...NOW]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^error: bad-poam\.json at \/plan-of-action-and-milestones\/poam-items\/0\/props: the "first-detected" prop "2026-02-30" is not valid/);
    // Read in chunks, and still UTF-8 only.
    prop.value = '2026-11-28';
    write('latin1-poam.json', Buffer.from(JSON.stringify(poam, null, 2).replace('"title": "', '"title": "Caf\u00e9 '), 'latin1'));
    const l = cli(['assess', join(ROOT, 'samples/MR-02'), '--out', 'next', '--no-pdf', '--previous-poam', 'latin1-poam.json', ...NOW]);
    expect(l.code).toBe(1);
    expect(errorLine(l.stderr)).toMatch(/^error: latin1-poam\.json at line \d+, column \d+ \(byte offset \d+\): the byte at offset \d+ is not UTF-8/);
  });
});

describe('deviations that cannot apply', () => {
  const snaps = join(ROOT, 'samples/MR-02');

  it('an unknown device is an error naming the file and line, in assess; * is fine', () => {
    write('dev-unknown.csv', `${HEADER}\nSCREEN-LOCK-TIMEOUT,*,all consoles,ISSM,2027-06-30\nSCREEN-LOCK-TIMEOUT,MR-99,typo,ISSM,2027-06-30\n`);
    const r = cli(['assess', snaps, '--out', 'o-unknown', '--no-pdf', '--deviations', 'dev-unknown.csv', ...NOW]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toBe('error: dev-unknown.csv at line 3: the deviation for SCREEN-LOCK-TIMEOUT names device "MR-99", which is not among the assessed devices (MR-02); correct the id, or use * for every device');
    expect(existsSync(join(scratch.dir(), 'o-unknown'))).toBe(false);
    write('dev-star.csv', `${HEADER}\nSCREEN-LOCK-TIMEOUT,*,all consoles,ISSM,2027-06-30\n`);
    expect(cli(['assess', snaps, '--out', 'o-star', '--no-pdf', '--deviations', 'dev-star.csv', ...NOW]).code).toBe(0);
  });

  it('... in diff (a device of either side counts) and in monitor (this run or the previous one)', () => {
    const old = join(ROOT, 'samples/MR-01/MR-01_2026-10-05.json');
    const neu = join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json');
    write('dev-mr01.csv', `${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,acquisition,ISSM,2027-06-30\n`);
    expect(cli(['diff', old, neu, '--out', 'd-ok', '--no-pdf', '--deviations', 'dev-mr01.csv', ...NOW]).code).toBe(0);
    write('dev-ct.csv', `${HEADER}\nSCREEN-LOCK-TIMEOUT,CT-01,acquisition,ISSM,2027-06-30\n`);
    const d = cli(['diff', old, neu, '--out', 'd-bad', '--no-pdf', '--deviations', 'dev-ct.csv', ...NOW]);
    expect(d.code).toBe(1);
    expect(errorLine(d.stderr)).toMatch(/^error: dev-ct\.csv at line 2: the deviation for SCREEN-LOCK-TIMEOUT names device "CT-01", which is not among the devices of either side \(MR-01, MR-02\)/);
    expect(cli(['monitor', '--store', 'st', old, '--out', 'm1', '--no-pdf', '--now', '2026-10-06T00:00:00Z']).code).toBe(0);
    // MR-01 was in the previous run only: still compared, so its deviation is not a mistake.
    expect(cli(['monitor', '--store', 'st', neu, '--out', 'm2', '--no-pdf', '--deviations', 'dev-mr01.csv', ...NOW]).code).toBe(0);
    const m = cli(['monitor', '--store', 'st', neu, '--out', 'm3', '--no-pdf', '--deviations', 'dev-ct.csv', '--now', '2026-11-29T00:00:00Z']);
    expect(m.code).toBe(1);
    expect(errorLine(m.stderr)).toMatch(/^error: dev-ct\.csv at line 2: the deviation for SCREEN-LOCK-TIMEOUT names device "CT-01", which is not among the devices of this run or the previous one/);
  });

  it('an unknown check is an error too', () => {
    expect(userErrorOf(() => parseDeviations(`${HEADER}\nNO-SUCH-CHECK,MR-01,j,a,2027-01-01\n`, 'd.csv', new Set(['X']))).message).toMatch(/^d\.csv at line 2: unknown check id "NO-SUCH-CHECK"/);
  });

  it('two deviations for one check and device: an error naming both lines', () => {
    const known = new Set(['SCREEN-LOCK-TIMEOUT', 'BITLOCKER-PREBOOT']);
    const text = `${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,a,ISSM,2027-06-30\nBITLOCKER-PREBOOT,MR-01,b,ISSM,2027-06-30\n# renewed\nSCREEN-LOCK-TIMEOUT,MR-01,c,AO,2028-06-30\n`;
    const e = userErrorOf(() => parseDeviations(text, 'd.csv', known));
    expect(e.message).toBe('d.csv at line 5: a second deviation for SCREEN-LOCK-TIMEOUT on MR-01: line 2 and line 5 both grant one; keep one (the justification, approver and expiry must be unambiguous)');
    // The same check for one device and for every device (*) is not a duplicate.
    expect(parseDeviations(`${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,a,ISSM,2027-06-30\nSCREEN-LOCK-TIMEOUT,*,b,ISSM,2027-06-30\n`, 'd.csv', known)).toHaveLength(2);
    const json = '[{"check_id":"BITLOCKER-PREBOOT","device_id":"*","justification":"j","approver":"a","expires":"2027-01-01"},{"check_id":"BITLOCKER-PREBOOT","device_id":"*","justification":"k","approver":"a","expires":"2027-01-01"}]';
    expect(userErrorOf(() => parseDeviations(json, 'd.json', known)).message).toMatch(/^d\.json at \/1: a second deviation for BITLOCKER-PREBOOT on every device \(\*\): \/0 and \/1 both grant one/);
  });

  it('checkDeviationDevices lists the devices it knows', () => {
    const devs = parseDeviations(`${HEADER}\nX,MR-9,j,a,2027-01-01\n`, 'd.csv', new Set(['X']));
    expect(() => checkDeviationDevices(devs, new Set(['MR-9']))).not.toThrow();
    expect(userErrorOf(() => checkDeviationDevices(devs, new Set())).message).toMatch(/not among the assessed devices \(none\)/);
  });
});

describe('diff refuses a snapshot collected after its clock (as assess and monitor do)', () => {
  it('names the file and /collectedAt', () => {
    const old = join(ROOT, 'samples/MR-02/MR-02_2026-10-05.json');
    const neu = join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json');
    const r = cli(['diff', old, neu, '--out', 'late', '--no-pdf', '--now', '2026-11-01T00:00:00Z']);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toBe(`error: ${neu} at /collectedAt: collected at 2026-11-02T10:37:00Z, after the report time 2026-11-01T00:00:00Z (check --now or the device clock)`);
    expect(existsSync(join(scratch.dir(), 'late'))).toBe(false);
    for (const cmd of [['assess', neu, '--out', 'late-a'], ['monitor', '--store', 'late-st', neu, '--out', 'late-m']]) {
      const x = cli([...cmd, '--no-pdf', '--now', '2026-11-01T00:00:00Z']);
      expect(x.code).toBe(1);
      expect(errorLine(x.stderr)).toMatch(/at \/collectedAt: collected at 2026-11-02T10:37:00Z, after/);
    }
  });
});

describe('JSON (and every text input) must be UTF-8: the encoding or the bad byte is named', () => {
  const json = '{\n  "a": "Caf\u00e9",\n  "b": 1\n}\n';
  const latin1 = Buffer.from(json, 'latin1');

  it('finds the first byte that is not UTF-8 exactly where the decoder would fail', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const at = firstInvalidUtf8(bytes);
      expect(at === -1).toBe(isUtf8(bytes));
      if (at >= 0) {
        expect(isUtf8(bytes.subarray(0, at))).toBe(true);
        // No longer valid prefix ends at `at`: the bytes from `at` on do not start a character.
        expect(isUtf8(bytes.subarray(0, Math.min(bytes.length, at + 4)))).toBe(false);
      }
    }), { numRuns: 2000 });
  });

  it('read in chunks (--previous-poam), a character split between chunks is checked whole; the same verdict and offset', () => {
    const file = join(scratch.dir(), 'chunks.bin');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 5 }), (bytes, cuts) => {
      fc.pre(!sniffWideEncoding(bytes));
      writeFileSync(file, bytes);
      const stream = new Utf8Stream(file, 'JSON');
      const points = [...new Set([0, ...cuts.filter((c) => c <= bytes.length), bytes.length])].sort((a, b) => a - b);
      let error: UserError | undefined;
      try {
        for (let i = 1; i < points.length; i++) stream.write(bytes.subarray(points[i - 1], points[i]));
        stream.end();
      } catch (e) {
        error = e as UserError;
      }
      const at = firstInvalidUtf8(bytes);
      expect(error === undefined, `${Buffer.from(bytes).toString('hex')} cut at ${points}`).toBe(at === -1);
      if (error) expect(error.where).toMatch(new RegExp(`\\(byte offset ${at}\\)$`));
    }), { numRuns: 400 });
  });

  it('a Latin-1 byte: file, line, column and byte offset', () => {
    expect(userErrorOf(() => decodeUtf8(latin1, 's.json', 'JSON')).message).toBe('s.json at line 2, column 12 (byte offset 13): byte 0xE9 is not UTF-8 (Latin-1 or Windows-1252 text?): JSON files must be UTF-8; save it as UTF-8');
    // After a UTF-8 byte-order mark the offset still counts from the file's first byte.
    expect(userErrorOf(() => decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1]), 's.json')).where).toBe('line 2, column 12 (byte offset 16)');
    expect(decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), 's.json')).toBe(json);
  });

  it('UTF-16 and UTF-32, with or without a byte-order mark, are named', () => {
    const le = Buffer.from(json, 'utf16le');
    const be = Buffer.from(le).swap16();
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), /is UTF-16LE \(byte-order mark FF FE\), not UTF-8/],
      [le, /is UTF-16LE \(starts 7B 00\), not UTF-8/],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), /is UTF-16BE \(byte-order mark FE FF\)/],
      [be, /is UTF-16BE \(starts 00 7B\)/],
      [Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), /is UTF-32LE/],
      [Buffer.from([0, 0, 0, 0x7b]), /is UTF-32BE/],
    ];
    for (const [bytes, what] of cases) {
      const m = userErrorOf(() => decodeUtf8(bytes, 'w.json', 'JSON')).message;
      expect(m).toMatch(what);
      expect(m).toMatch(/^w\.json: .*JSON files must be UTF-8; save it as UTF-8$/);
    }
  });

  it('every reader applies it: snapshots, params, deviations, profile, catalog, OSCAL documents, YAML, CSV', () => {
    const bad = (name: string) => write(`enc/${name}`, Buffer.from(name.endsWith('.csv') ? 'parameter,value\nx,Caf\u00e9\n' : name.endsWith('.yaml') ? 'name: Caf\u00e9\n' : '{"a": "Caf\u00e9"}', 'latin1'));
    const notUtf8 = /is not UTF-8 \(Latin-1 or Windows-1252 text\?\)/;
    const at = (name: string) => join(scratch.dir(), bad(name));
    expect(userErrorOf(() => loadRunConfig({ params: at('params.json') })).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadRunConfig({ params: at('params.csv') })).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadRunConfig({ deviations: at('deviations.csv') })).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadRunConfig({ profile: at('profile.json') })).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadRunConfig({ catalog: at('catalog.json') })).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadCatalogFile(at('catalog2.json'))).message).toMatch(notUtf8);
    expect(userErrorOf(() => readJsonFile(at('doc.json'))).message).toMatch(notUtf8);
    expect(userErrorOf(() => readYamlFile(at('system.yaml'))).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadAttestationsFile(at('attest.csv'), () => true, '2026-11-28')).message).toMatch(notUtf8);
    expect(userErrorOf(() => loadRunConfig({ checks: at('checks.yaml') })).message).toMatch(notUtf8);
  });

  it('assess on the command line: a Latin-1 snapshot', () => {
    const snap = readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8').replace('"Radiology', '"Radiolog\u00eda');
    write('enc-snap/MR-02.json', Buffer.from(snap, 'latin1'));
    const a = cli(['assess', 'enc-snap', '--out', 'enc-out', '--no-pdf', ...NOW]);
    expect(a.code).toBe(1);
    expect(errorLine(a.stderr)).toMatch(/^error: enc-snap\/MR-02\.json at line \d+, column \d+ \(byte offset \d+\): byte 0xED is not UTF-8/);
  });

  it('validate on the command line: a UTF-16 document', (ctx) => {
    requireShared(ctx);
    write('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"catalog": {}}', 'utf16le')]));
    const v = cli(['validate', 'utf16.json', '--schema', join(schemaDir, 'oscal_complete_schema-1.1.3.json')]);
    expect(v.code).toBe(1);
    expect(errorLine(v.stderr)).toBe('error: utf16.json: is UTF-16LE (byte-order mark FF FE), not UTF-8: JSON files must be UTF-8; save it as UTF-8');
  });
});

describe('a name or setting stated twice is refused, never guessed', () => {
  /** JSON text of `v` with blanks of `pad` around each colon, and `dup` (an object) holding its first member twice. */
  function text(v: unknown, pad: string, dup?: object): string {
    if (Array.isArray(v)) return `[${v.map((x) => text(x, pad, dup)).join(',')}]`;
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${pad}:${pad}${text(x, pad, dup)}`);
    if (v === dup && members.length) members.push(`${JSON.stringify(Object.keys(v)[0])}${pad}:${pad}"the other value"`);
    return `{${members.join(',')}}`;
  }
  const objects = (v: unknown, out: object[] = []): object[] => {
    if (v !== null && typeof v === 'object') {
      if (!Array.isArray(v) && Object.keys(v).length) out.push(v);
      for (const x of Object.values(v)) objects(x, out);
    }
    return out;
  };
  // Names and strings that hold quotes, backslashes, colons and blanks: where a scan of the text could be fooled.
  const tricky = fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', ':', ' ', '\n', '{', '}', '[', 'é') , maxLength: 6 });
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.boolean(), fc.constant(null), tricky, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(tricky, tie('value'), { maxKeys: 4 })),
  })).value;

  it('parseJson: every document without a repeated name is read as JSON.parse reads it; with one, refused naming it', () => {
    fc.assert(
      fc.property(json, fc.constantFrom('', ' ', '\n  '), fc.nat(), (v, pad, pick) => {
        const plain = text(v, pad);
        expect(parseJson(plain, 'p.json')).toEqual(JSON.parse(plain));
        const all = objects(v);
        if (!all.length) return;
        const dup = all[pick % all.length]!;
        const twice = text(v, pad, dup);
        const m = userErrorOf(() => parseJson(twice, 'p.json')).message;
        expect(m).toContain(`member ${JSON.stringify(Object.keys(dup)[0])} is written twice in one object`);
        expect(m).toMatch(/^p\.json at line \d+, column \d+: /);
      }),
      { numRuns: 400, seed: 1203 },
    );
  });

  it('assess: a snapshot stating the lockout threshold twice (0, then 3) is refused with its line; nothing is written', () => {
    const snap = readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8');
    const at = snap.indexOf('"threshold"', snap.indexOf('"lockoutPolicy"'));
    write('twice/MR-01.json', `${snap.slice(0, at)}"threshold": 0,\n        ${snap.slice(at)}`);
    const line = snap.slice(0, at).split('\n').length + 1; // the second statement, where the repeat is seen
    const a = cli(['assess', 'twice', '--out', 'twice-out', '--no-pdf', ...NOW]);
    expect(a.code).toBe(1);
    expect(errorLine(a.stderr)).toMatch(new RegExp(`^error: twice/MR-01\\.json at line ${line}, column \\d+: member "threshold" is written twice in one object`));
    expect(existsSync(join(scratch.dir(), 'twice-out'))).toBe(false);
  });

  it('assess: two devices claiming one id (different serials) are refused, both named; one device\'s older snapshot is superseded', () => {
    const snap = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    const older = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-10-05.json'), 'utf8'));
    write('claim/a.json', JSON.stringify(older));
    // Another console given the same -DeviceId: it would have "superseded" MR-01 without a word.
    write('claim/b.json', JSON.stringify({ ...snap, device: { ...snap.device, serial: 'EMS-MR-999999', hostname: 'OTHER-CONSOLE' } }));
    const a = cli(['assess', 'claim', '--out', 'claim-out', '--no-pdf', ...NOW]);
    expect(a.code).toBe(1);
    expect(errorLine(a.stderr)).toBe(`error: claim/b.json at /device/serial: two devices claim the id MR-01: claim/a.json has serial ${older.device.serial}, claim/b.json has serial EMS-MR-999999; give each device its own id`);
    expect(existsSync(join(scratch.dir(), 'claim-out'))).toBe(false);
    write('claim/b.json', JSON.stringify({ ...snap, device: { ...snap.device, serial: ` ${older.device.serial.toLowerCase()}` } }));
    const ok = cli(['assess', 'claim', '--out', 'claim-out', '--no-pdf', '--json', ...NOW]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).devices.find((d: { id: string }) => d.id === 'MR-01').superseded).toHaveLength(1);
  });

  it('assess: device ids differing only in case (MR-01, mr-01) are refused, both named: never two devices whose evidence files are one on a case-insensitive disk', () => {
    const snap = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    write('case/a.json', JSON.stringify(snap));
    write('case/b.json', JSON.stringify({ ...snap, device: { ...snap.device, id: 'mr-01', serial: 'EMS-MR-999999' } }));
    const a = cli(['assess', 'case', '--out', 'case-out', '--no-pdf', ...NOW]);
    expect(a.code).toBe(1);
    expect(errorLine(a.stderr)).toMatch(/^error: case\/b\.json at \/device\/id: the device ids MR-01 \(case\/a\.json\) and mr-01 differ only in case/);
    expect(existsSync(join(scratch.dir(), 'case-out'))).toBe(false);
  });

  it('diff and monitor: device ids differing only in case in one side or one run are refused as assess refuses them, both named, for any --jobs', () => {
    const snap = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    const older = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-10-05.json'), 'utf8'));
    write('cased-old/MR-01_2026-10-05.json', JSON.stringify(older));
    write('cased-new/MR-01_2026-11-02.json', JSON.stringify(snap));
    // Another console under the same id in lower case: two devices in the report, one to Windows.
    write('cased-new/mr-01.json', JSON.stringify({ ...snap, device: { ...snap.device, id: 'mr-01', serial: 'EMS-MR-999999' } }));
    const said = 'the device ids MR-01 (cased-new/MR-01_2026-11-02.json) and mr-01 differ only in case';
    for (const jobs of ['1', '2']) {
      const d = cli(['diff', 'cased-old', 'cased-new', '--out', `cased-d${jobs}`, '--no-pdf', '--jobs', jobs, ...NOW]);
      expect(d.code, d.stderr).toBe(1);
      expect(errorLine(d.stderr)).toMatch(new RegExp(`^error: cased-new/mr-01\\.json at /device/id: NEW: ${said.replace(/[()./]/g, '\\$&')}`));
      expect(existsSync(join(scratch.dir(), `cased-d${jobs}`))).toBe(false);
      const m = cli(['monitor', '--store', `cased-st${jobs}`, 'cased-new', '--out', `cased-m${jobs}`, '--no-pdf', '--jobs', jobs, ...NOW]);
      expect(m.code, m.stderr).toBe(1);
      expect(errorLine(m.stderr)).toMatch(new RegExp(`^error: cased-new/mr-01\\.json at /device/id: ${said.replace(/[()./]/g, '\\$&')}`));
      expect(existsSync(join(scratch.dir(), `cased-m${jobs}`))).toBe(false);
      expect(existsSync(join(scratch.dir(), `cased-st${jobs}`))).toBe(false);
    }
    // The same case in OLD: refused there too, named as OLD's.
    write('cased-old/mr-01.json', JSON.stringify({ ...older, device: { ...older.device, id: 'mr-01' } }));
    const o = cli(['diff', 'cased-old', 'cased-old', '--out', 'cased-o', '--no-pdf', ...NOW]);
    expect(o.code, o.stderr).toBe(1);
    expect(errorLine(o.stderr)).toMatch(/at \/device\/id: OLD: the device ids MR-01 \(cased-old\/MR-01_2026-10-05\.json\) and mr-01 differ only in case/);
  });

  it('diff and monitor: two devices claiming one id in one side or one run are refused, both named, for any --jobs', () => {
    const snap = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    const older = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-10-05.json'), 'utf8'));
    write('two-old/MR-01_2026-10-05.json', JSON.stringify(older));
    // NEW: MR-01 itself (paired with OLD by its file name), and another console given its id a day earlier.
    write('two-new/MR-01_2026-11-02.json', JSON.stringify(snap));
    const other = { ...snap, collectedAt: '2026-11-01T09:00:00Z', device: { ...snap.device, serial: 'EMS-MR-999999', hostname: 'OTHER-CONSOLE' } };
    write('two-new/other-console.json', JSON.stringify(other));
    for (const jobs of ['1', '2']) {
      const d = cli(['diff', 'two-old', 'two-new', '--out', `two-d${jobs}`, '--no-pdf', '--jobs', jobs, ...NOW]);
      expect(d.code, d.stderr).toBe(1);
      expect(errorLine(d.stderr)).toBe(`error: two-new/other-console.json at /device/serial: NEW holds two devices claiming the id MR-01: two-new/MR-01_2026-11-02.json has serial ${snap.device.serial}, two-new/other-console.json has serial EMS-MR-999999; give each device its own id`);
      expect(existsSync(join(scratch.dir(), `two-d${jobs}`))).toBe(false);
      const m = cli(['monitor', '--store', `two-st${jobs}`, 'two-new', '--out', `two-m${jobs}`, '--no-pdf', '--jobs', jobs, ...NOW]);
      expect(m.code, m.stderr).toBe(1);
      expect(errorLine(m.stderr)).toBe(`error: two-new/other-console.json at /device/serial: two devices claim the id MR-01 in this run: two-new/MR-01_2026-11-02.json has serial ${snap.device.serial}, two-new/other-console.json has serial EMS-MR-999999; give each device its own id`);
      expect(existsSync(join(scratch.dir(), `two-m${jobs}`))).toBe(false);
    }
    // The same console (its serial in another case) collected twice: the later compared, as before.
    write('two-new/other-console.json', JSON.stringify({ ...other, device: { ...snap.device, serial: snap.device.serial.toLowerCase() } }));
    expect(cli(['diff', 'two-old', 'two-new', '--out', 'two-d-ok', '--no-pdf', ...NOW]).code).toBe(0);
    expect(cli(['monitor', '--store', 'two-st-ok', 'two-new', '--out', 'two-m-ok', '--no-pdf', ...NOW]).code).toBe(0);
  });

  it('a snapshot: one registry value under two spellings (case, or HKEY_LOCAL_MACHINE for HKLM) is refused, both named', () => {
    const file = join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json');
    const base = JSON.parse(readFileSync(file, 'utf8'));
    const name = Object.keys(base.hardening.registry).find((k: string) => k.startsWith('HKLM\\SYSTEM\\'))!;
    expect(name).toBeDefined();
    const spellings = [name.replace('HKLM\\SYSTEM\\', 'HKLM\\System\\'), name.toLowerCase(), name.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE')];
    for (const other of spellings) {
      const doc = structuredClone(base);
      doc.hardening.registry[other] = 0;
      const e = userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(doc)), 'twice.json'));
      expect(e.message).toBe(`twice.json at /hardening/registry/${other}: registry value ${JSON.stringify(other)} is also written as ${JSON.stringify(name)}; the registry does not tell them apart, so which value holds would be a guess`);
    }
    // Two different values whose names differ by more than case are fine.
    const doc = structuredClone(base);
    doc.hardening.registry[`${name}2`] = 0;
    expect(readSnapshot(Buffer.from(JSON.stringify(doc)), 'ok.json').snapshot.hardening?.registry?.[`${name}2`]).toBe(0);
  });

  it('a snapshot listing one item twice where a console has one of each is refused (three "domain" profiles would pass FW-ENABLED)', () => {
    const base = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    const profiles = structuredClone(base);
    profiles.firewall.profiles = [0, 1, 2].map(() => ({ name: 'domain', enabled: true }));
    expect(userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(profiles)), 'fw.json')).message).toBe(
      'fw.json at /firewall/profiles/1/name: firewall.profiles lists name "domain" twice (items 0 and 1); a console has one of each, so which one holds would be a guess',
    );
    // Every list of the table, its first item written again under another case (and a GUID in braces).
    const get = (o: any, path: string) => path.split('.').reduce((x, k) => x?.[k], o);
    let lists = 0;
    for (const { list, key } of IDENTITY_LISTS) {
      const doc = structuredClone(base);
      const items = get(doc, list);
      if (!Array.isArray(items) || !items.length) continue;
      lists++;
      const name: string = items[0][key];
      // (Profile names are an enum of the schema: written again as they are.)
      const recased = name === name.toUpperCase() ? name.toLowerCase() : name.toUpperCase();
      const again = { ...items[0], [key]: key === 'guid' ? (name.startsWith('{') ? name.slice(1, -1).toUpperCase() : `{${name.toUpperCase()}}`) : list === 'firewall.profiles' ? name : recased };
      items.push(again);
      const e = userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(doc)), 'twice.json'));
      expect(e.message).toContain(`at /${list.replace(/\./g, '/')}/${items.length - 1}/${key}: ${list} lists ${key} ${JSON.stringify(again[key])} twice (items 0 and ${items.length - 1})`);
    }
    expect(lists).toBeGreaterThanOrEqual(6);
    // Firewall rules may share a name on a real console (built-in rules do): not refused.
    const rules = structuredClone(base);
    rules.firewall.rules.push({ ...rules.firewall.rules[0] });
    expect(readSnapshot(Buffer.from(JSON.stringify(rules)), 'rules.json').snapshot.firewall?.rules?.length).toBe(base.firewall.rules.length + 1);
  });

  it('ingest: a JSON export stating a member twice is refused with its line', () => {
    const m = userErrorOf(() => parseJsonLocated('{\n  "RealTimeProtectionEnabled": false,\n  "RealTimeProtectionEnabled": true\n}', 'mp.json')).message;
    expect(m).toBe('mp.json at line 3: member "RealTimeProtectionEnabled" is written twice in one object; JSON readers disagree on which value holds, so neither is taken');
    expect(parseJsonLocated('{"a": {"x": 1}, "b": {"x": 2}}', 'ok.json').value).toEqual({ a: { x: 1 }, b: { x: 2 } });
  });

  it('YAML: a key twice in one mapping is refused with its line (js-yaml), in YAML and in JSON read as YAML', () => {
    expect(userErrorOf(() => parseYamlText('controls:\n  ac-7: implemented\n  ac-7: planned\n', 'system.yaml')).message).toMatch(/^system\.yaml at line 3: .*duplicated mapping key/);
    expect(userErrorOf(() => parseYamlText('{"a": 1, "a": 2}', 'system.json')).message).toMatch(/^system\.json at line 1: .*duplicated mapping key/);
  });

  it('CSV: a column named twice (any case) is refused, naming the header', () => {
    const file = join(scratch.dir(), write('dup-col.csv', `${HEADER},Expires\nLOCKOUT,MR-01,vendor,CISO,2027-01-31,2020-01-01\n`));
    const m = userErrorOf(() => loadRunConfig({ deviations: file })).message;
    expect(m).toMatch(/dup-col\.csv at line 1: the header is ".*": column "expires" is named twice; name each column once$/);
  });

  it('params: a parameter set twice (a CSV row again, or by its id and its ODP) is refused, naming both places', () => {
    const csv = join(scratch.dir(), write('twice.csv', 'parameter,value\nvendor-update-grace-days,30\nevidence-max-age-days,30\nvendor-update-grace-days,90\n'));
    expect(userErrorOf(() => loadRunConfig({ params: csv })).message).toMatch(/twice\.csv at line 4: vendor-update-grace-days is set twice \(first at line 2\); set it once$/);
    const viaOdp = join(scratch.dir(), write('twice.json', '{"vendor-update-grace-days": 30, "si-02_odp": 90}'));
    expect(userErrorOf(() => loadRunConfig({ params: viaOdp })).message).toMatch(/vendor-update-grace-days is set twice \(as vendor-update-grace-days and as si-02_odp, first at \/vendor-update-grace-days\); set it once$/);
  });
});

// A firewall rule with `localPorts: []` (another tool's snapshot: ingest writes ["any"] for a rule
// naming no port, which Windows opens on every port) passed FW-ALLOWED-PORTS: an empty list is a
// subset of any approved list.
describe('a firewall rule whose local ports are an empty list', () => {
  it('is refused naming the file and the rule\'s place, not read as opening no port', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-02', 'MR-02_2026-11-02.json'), 'utf8'));
    const i = doc.firewall.rules.findIndex((r: { direction: string; action: string }) => r.direction === 'inbound' && r.action === 'allow');
    expect(i).toBeGreaterThanOrEqual(0);
    doc.firewall.rules[i].localPorts = [];
    const e = userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(doc)), 'ports.json'));
    expect(e.message).toMatch(new RegExp(`^ports\\.json at /firewall/rules/${i}/localPorts: must NOT have fewer than 1 items`));
    doc.firewall.rules[i].localPorts = ['any'];
    expect(readSnapshot(Buffer.from(JSON.stringify(doc)), 'ports.json').snapshot.firewall?.rules?.[i]?.localPorts).toEqual(['any']);
  });
});

// Policy values no Windows export can hold (Microsoft Learn's security policy settings reference
// gives each setting's range): a minimum length of 200 passed PWD-MIN-LENGTH, a history of 500
// PWD-HISTORY, a lockout duration of 200000 minutes LOCKOUT-DURATION. Refused, naming the place.
describe('password and lockout policy values beyond what Windows holds', () => {
  const cases: Array<[string, string, number, number]> = [
    ['passwordPolicy', 'minLength', 200, 128],
    ['passwordPolicy', 'history', 500, 24],
    ['passwordPolicy', 'maxAgeDays', 1000, 999],
    ['passwordPolicy', 'minAgeDays', 5000, 998],
    ['lockoutPolicy', 'threshold', 1000, 999],
    ['lockoutPolicy', 'durationMinutes', 200000, 99999],
    ['lockoutPolicy', 'resetMinutes', 200000, 99999],
  ];
  for (const [policy, field, bad, most] of cases) {
    it(`${policy}.local.${field} ${bad} is refused naming the file and the field (Windows holds at most ${most})`, () => {
      const doc = JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json'), 'utf8'));
      doc.access[policy].local[field] = bad;
      const e = userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(doc)), 'policy.json'));
      expect(e.message).toMatch(new RegExp(`^policy\\.json at /access/${policy}/local/${field}: must be <= ${most}`));
      doc.access[policy].local[field] = most;
      expect(readSnapshot(Buffer.from(JSON.stringify(doc)), 'policy.json').snapshot.access?.[policy as 'passwordPolicy']?.local).toBeDefined();
    });
  }
});

// Log sizes no Windows export can hold passed their at-least checks (FW-LOGGING on a firewall log
// of 10^12 KB, AUDIT-LOG-SIZE on an event log of 10^12 KB). Ingest already refused the firewall
// size beyond 32767; a snapshot did not.
describe('log sizes beyond what Windows holds', () => {
  it('a firewall profile log of 40000 KB (Windows: 1 to 32767) is refused naming the field', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json'), 'utf8'));
    doc.firewall.profiles[0].logMaxSizeKB = 40000;
    expect(userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(doc)), 'fw.json')).message).toMatch(/^fw\.json at \/firewall\/profiles\/0\/logMaxSizeKB: must be <= 32767/);
  });
  it('an event log of 3000000000 KB (policy: at most 2147483647) is refused naming the field', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json'), 'utf8'));
    doc.audit.logs[0].maxSizeKB = 3000000000;
    expect(userErrorOf(() => readSnapshot(Buffer.from(JSON.stringify(doc)), 'log.json')).message).toMatch(/^log\.json at \/audit\/logs\/0\/maxSizeKB: must be <= 2147483647/);
  });
});
