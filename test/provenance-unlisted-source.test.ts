// A stored snapshot whose provenance credits a value to an export its `sources` do not account for:
// a file they do not list, or other bytes (another SHA-256) than the file they list. Nothing in the
// snapshot shows that export was collected, hashed or what kind it is, so a pass or not applicable
// resting on such a value is not collected, wherever the value is (not only in NOT_PROVED_ALONE's
// sections), in evaluateCheck, checkStatus (the compiled path), assess, diff and monitor. A
// snapshot without `sources` at all is taken at its word.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext } from '../src/evaluate/evaluate-check.js';
import { runMonitor } from '../src/monitor/run.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { requireBuiltCli, runCli } from './support/cli.js';
import { assessedStored } from './support/stored-snapshot.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-03T00:00:00Z';
const SAMPLE = 'samples/MR-01/MR-01_2026-11-02.json';
const OTHER = 'MR-01_2026-11-02/w32tm-other.txt';
const W32TM = 'MR-01_2026-11-02/w32tm-status.txt';
const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const checkOf = (id: string) => catalog.checks.find((c) => c.id === id)!;
const sample = (): Json => JSON.parse(readFileSync(SAMPLE, 'utf8'));
const read = (s: Json) => readSnapshot(Buffer.from(JSON.stringify(s)), 'MR-01.json').snapshot;

/** MR-01's sample with the time source credited to a file its sources do not list. */
function timeFromUnlisted(): Json {
  const s = sample();
  s.provenance['/audit/timeSync/source'] = { file: OTHER, sha256: 'e'.repeat(64), location: 'Source:, line 9' };
  return s;
}
const UNLISTED = /only a file not among the snapshot's sources gives the values read \(\/audit\/timeSync\/source in MR-01_2026-11-02\/w32tm-other\.txt\): nothing in the snapshot shows that "MR-01_2026-11-02\/w32tm-other\.txt" was collected, what its SHA-256 is or what kind of export it is/;

/** MR-01's sample with the time source credited to w32tm-status.txt, but to bytes of another SHA-256 than the one its source lists. */
function timeFromOtherBytes(): Json {
  const s = sample();
  s.provenance['/audit/timeSync/source'] = { ...s.provenance['/audit/timeSync/source'], sha256: 'd'.repeat(64) };
  return s;
}

let dir: string;
let n = 0;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'overclaim41-unlisted-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a value credited to a file the snapshot\'s sources do not list', () => {
  it('the premise: the sample passes TIME-SYNC and the firewall checks from its own listed exports', () => {
    const s = read(sample());
    expect(s.sources!.some((x) => x.file === OTHER)).toBe(false);
    for (const id of ['TIME-SYNC', 'FW-ENABLED', 'FW-DEFAULT-DENY-IN']) {
      expect(evaluateCheck(checkOf(id), s, params).status, id).toBe('pass');
      expect(checkStatus(checkOf(id), s, makeContext(s, params)), id).toBe('pass');
    }
  });

  it('outside NOT_PROVED_ALONE\'s sections: TIME-SYNC is not collected in evaluateCheck, checkStatus and assess, naming the file and why', () => {
    const s = read(timeFromUnlisted());
    const r = evaluateCheck(checkOf('TIME-SYNC'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(UNLISTED);
    expect(r.reason).toContain('(on these values the result would be pass)');
    expect(checkStatus(checkOf('TIME-SYNC'), s, makeContext(s, params))).toBe('not-collected');
    const a = assessedStored(dir, `a${n++}`, timeFromUnlisted(), 'TIME-SYNC', NOW);
    expect(a.result).toBe('not-collected');
    expect(a.reason).toMatch(UNLISTED);
  });

  it('a whole section credited to it (an enclosing provenance entry) withholds every check reading under it', () => {
    const raw = sample();
    for (const k of Object.keys(raw.provenance)) if (k.startsWith('/firewall/')) delete raw.provenance[k];
    raw.provenance['/firewall'] = { file: 'fw-from-elsewhere.txt', sha256: 'f'.repeat(64), location: 'line 1' };
    const s = read(raw);
    for (const id of ['FW-ENABLED', 'FW-DEFAULT-DENY-IN']) {
      const r = evaluateCheck(checkOf(id), s, params);
      expect(r.status, id).toBe('not-collected');
      expect(r.reason, id).toMatch(/only a file not among the snapshot's sources gives the values read \(\/firewall\S* in fw-from-elsewhere\.txt/);
      expect(checkStatus(checkOf(id), s, makeContext(s, params)), id).toBe('not-collected');
    }
  });

  it('a check reading nothing credited to it is judged as before', () => {
    const s = read(timeFromUnlisted());
    expect(evaluateCheck(checkOf('FW-ENABLED'), s, params).status).toBe('pass');
  });

  it('a snapshot with no sources at all is taken at its word', () => {
    const raw = timeFromUnlisted();
    delete raw.sources;
    const s = read(raw);
    expect(evaluateCheck(checkOf('TIME-SYNC'), s, params).status).toBe('pass');
    expect(checkStatus(checkOf('TIME-SYNC'), s, makeContext(s, params))).toBe('pass');
  });
});

describe('a value credited to other bytes than the listed file\'s', () => {
  it('TIME-SYNC is not collected in evaluateCheck, checkStatus and assess, naming both SHA-256s', () => {
    const listed = sample().sources.find((x: Json) => x.file === W32TM).sha256 as string;
    const why = new RegExp(`only a file whose SHA-256 is not the one its source lists gives the values read \\(/audit/timeSync/source in ${W32TM.replace(/[.]/g, '\\.')}\\): the value was read from bytes of "${W32TM.replace(/[.]/g, '\\.')}" with SHA-256 "dddddddddddddddd…", while the snapshot's sources list that file with "${listed.slice(0, 16)}…"`);
    const s = read(timeFromOtherBytes());
    const r = evaluateCheck(checkOf('TIME-SYNC'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(why);
    expect(checkStatus(checkOf('TIME-SYNC'), s, makeContext(s, params))).toBe('not-collected');
    const a = assessedStored(dir, `a${n++}`, timeFromOtherBytes(), 'TIME-SYNC', NOW);
    expect(a.result).toBe('not-collected');
    expect(a.reason).toMatch(why);
  });

  it('a file listed twice with two SHA-256s (two copies of one export): not collected, even from the bytes of one of them', () => {
    const raw = timeFromOtherBytes();
    raw.sources.push({ file: W32TM, sha256: 'd'.repeat(64), kind: 'w32tm-status' });
    const s = read(raw);
    const r = evaluateCheck(checkOf('TIME-SYNC'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain(`only a file the sources list with several SHA-256s gives the values read (/audit/timeSync/source in ${W32TM}): the snapshot's sources list "${W32TM}" 2 times with different SHA-256s`);
    expect(checkStatus(checkOf('TIME-SYNC'), s, makeContext(s, params))).toBe('not-collected');
  });

  it('a file listed twice with one SHA-256 (under two kinds) is one export: its values are judged as before', () => {
    const raw = sample();
    const w = raw.sources.find((x: Json) => x.file === W32TM);
    raw.sources.push({ ...w, kind: 'hotfix-csv' });
    expect(evaluateCheck(checkOf('TIME-SYNC'), read(raw), params).status).toBe('pass');
  });
});

describe('diff and monitor', () => {
  // An hour apart: the time sync 40 minutes before the older one is current on both sides.
  const OLD_AT = '2026-11-02T09:21:00Z';
  const NEW_AT = '2026-11-02T10:21:00Z';
  const sides = (): Array<[string, Json, string]> => [['old', sample(), OLD_AT], ['new', timeFromUnlisted(), NEW_AT]];
  const timeSync = (drift: Json) => drift.devices.find((x: Json) => x.deviceId === 'MR-01').checks.find((x: Json) => x.checkId === 'TIME-SYNC');

  it('diff: the same values, the newer credited to an unlisted file: NEW is not collected, OLD\'s pass not reused', () => {
    const d = join(dir, `d${n++}`);
    for (const [side, s, at] of sides()) {
      mkdirSync(join(d, side), { recursive: true });
      writeFileSync(join(d, side, 'MR-01.json'), JSON.stringify({ ...s, collectedAt: at }, null, 2));
    }
    const r = runCli(dir, ['diff', join(d, 'old'), join(d, 'new'), '--out', join(d, 'out'), '--now', NOW]);
    expect(r.code, r.stderr).toBeLessThan(4);
    const drift = JSON.parse(readFileSync(join(d, 'out', 'drift.json'), 'utf8'));
    const c = timeSync(drift);
    expect(c).toMatchObject({ old: 'pass', new: 'not-collected' });
    expect(c.newReason).toMatch(UNLISTED);
    // The source the value is credited to moved it, not the clock (TIME-SYNC is judged by the clock too).
    expect(c.cause).toBe('policy-source');
    const device = drift.devices.find((x: Json) => x.deviceId === 'MR-01');
    expect((device.time ?? []).map((t: Json) => t.checkId)).not.toContain('TIME-SYNC');
  });

  it('monitor: the second run\'s TIME-SYNC is not collected, naming the file', async () => {
    const d = join(dir, `m${n++}`);
    const store = join(d, 'store');
    let last: Json;
    for (const [side, s, at] of sides()) {
      mkdirSync(join(d, side), { recursive: true });
      const f = join(d, side, 'MR-01.json');
      writeFileSync(f, JSON.stringify({ ...s, collectedAt: at }, null, 2));
      const now = side === 'old' ? '2026-11-02T12:00:00Z' : NOW;
      await runMonitor({ store, inputs: [f], out: join(d, `out-${side}`), force: false, now, wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, program: 'test' });
      last = JSON.parse(readFileSync(join(d, `out-${side}`, 'drift.json'), 'utf8'));
    }
    const c = timeSync(last);
    expect(c).toMatchObject({ old: 'pass', new: 'not-collected' });
    expect(c.newReason).toMatch(UNLISTED);
  });
});
