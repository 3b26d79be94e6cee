// A stored snapshot (an older ingest's, a package's evidence copy, another tool's) whose anti-malware
// values came from Get-MpPreference alone: what Defender is set to do, not whether it is the active
// scanner (src/snapshot/source-kinds.ts NOT_PROVED_ALONE; ingest withholds them without
// Get-MpComputerStatus, merge.ts unprovedWithout). A pass resting on them is not collected in
// evaluateCheck, checkStatus, assess and diff; beside the status export they are evidence.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { requireBuiltCli, runCli } from './support/cli.js';
import { assessedStored } from './support/stored-snapshot.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-03T00:00:00Z';
const SHA = 'c'.repeat(64);
const PREFS = 'MR-01_2026-11-02/defender-preferences.json';
const WHY = /only Get-MpPreference gives the values read \(\/malware\/antimalware\/\w+ in MR-01_2026-11-02\/defender-preferences\.json.*Get-MpComputerStatus \(AMRunningMode, AntivirusEnabled\), which was not collected/;
const CHECKS = ['MAL-SCAN', 'MAL-AV-ON'];
const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const checkOf = (id: string) => catalog.checks.find((c) => c.id === id)!;

/**
 * MR-01's sample with its scan schedule, threat action and real-time protection read from a
 * Get-MpPreference export of the kind given; `status` keeps its Get-MpComputerStatus export (kind
 * mpcomputerstatus-json, as the samples name it) among the sources.
 */
function snapshot(kind: string, status: boolean): Json {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
  s.sources = s.sources.filter((x: Json) => x.kind !== 'gpo-template' && (status || x.kind !== 'mpcomputerstatus-json'));
  delete s.intended;
  s.sources.push({ file: PREFS, sha256: SHA, kind });
  for (const f of ['realTimeProtection', 'scheduledScan', 'scanDay', 'defaultAction']) s.provenance[`/malware/antimalware/${f}`] = { file: PREFS, sha256: SHA, location: `/${f}, line 4` };
  return s;
}
const read = (s: Json) => readSnapshot(Buffer.from(JSON.stringify(s)), 'MR-01.json').snapshot;

let dir: string;
let n = 0;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'not-proved-alone-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a stored snapshot whose Defender values only Get-MpPreference gave', () => {
  it('the premise: beside the status export (the samples\' kind name) the same values pass MAL-SCAN and MAL-AV-ON', () => {
    const s = read(snapshot('defender-preferences', true));
    for (const id of CHECKS) {
      expect(evaluateCheck(checkOf(id), s, params).status, id).toBe('pass');
      expect(checkStatus(checkOf(id), s, makeContext(s, params)), id).toBe('pass');
    }
    expect(assessedStored(dir, `a${n++}`, snapshot('defender-preferences', true), 'MAL-SCAN', NOW).result).toBe('pass');
  });

  it('without the status export (any spelling of the kind): not collected in evaluateCheck, checkStatus and assess, naming Get-MpComputerStatus', () => {
    for (const kind of ['defender-preferences', ' Defender-Preferences ', 'mppreference-json']) {
      const s = read(snapshot(kind, false));
      for (const id of CHECKS) {
        const r = evaluateCheck(checkOf(id), s, params);
        expect(r.status, `${kind} ${id}`).toBe('not-collected');
        expect(r.reason, `${kind} ${id}`).toMatch(WHY);
        expect(checkStatus(checkOf(id), s, makeContext(s, params)), `${kind} ${id}`).toBe('not-collected');
      }
    }
    for (const id of CHECKS) {
      const a = assessedStored(dir, `a${n++}`, snapshot('defender-preferences', false), id, NOW);
      expect(a.result, id).toBe('not-collected');
      expect(a.reason, id).toMatch(WHY);
    }
  });

  it('a whole section credited to the preferences, read through an enclosing provenance entry, is no evidence either', () => {
    const raw = snapshot('defender-preferences', false);
    for (const k of Object.keys(raw.provenance)) if (k.startsWith('/malware/antimalware/')) delete raw.provenance[k];
    raw.provenance['/malware/antimalware'] = { file: PREFS, sha256: SHA, location: '/, line 1' };
    expect(evaluateCheck(checkOf('MAL-SCAN'), read(raw), params).status).toBe('not-collected');
  });

  it('diff: only the status export goes: NEW is not collected, OLD\'s pass not reused', () => {
    const d = join(dir, `d${n++}`);
    for (const [side, s, at] of [['old', snapshot('defender-preferences', true), '2026-10-05T09:14:00Z'], ['new', snapshot('defender-preferences', false), '2026-11-02T09:21:00Z']] as const) {
      mkdirSync(join(d, side), { recursive: true });
      writeFileSync(join(d, side, 'MR-01.json'), JSON.stringify({ ...s, collectedAt: at }, null, 2));
    }
    const r = runCli(dir, ['diff', join(d, 'old'), join(d, 'new'), '--out', join(d, 'out'), '--now', NOW]);
    expect(r.code, r.stderr).toBeLessThan(4);
    const drift = JSON.parse(readFileSync(join(d, 'out', 'drift.json'), 'utf8'));
    for (const id of CHECKS) {
      const c = drift.devices.find((x: Json) => x.deviceId === 'MR-01').checks.find((x: Json) => x.checkId === id);
      expect(c, id).toMatchObject({ old: 'pass', new: 'not-collected' });
      expect(c.newReason, id).toMatch(WHY);
    }
  });
});

/**
 * MR-01's sample with the values at `pointers` credited to `file`, listed among the sources with
 * `kind` (not listed where `kind` is null); `status` as above.
 */
function credited(pointers: readonly string[], kind: string | null | undefined, status: boolean, file = 'MR-01_2026-11-02/other.json'): Json {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
  s.sources = s.sources.filter((x: Json) => x.kind !== 'gpo-template' && (status || x.kind !== 'mpcomputerstatus-json'));
  delete s.intended;
  if (kind !== null) s.sources.push({ file, sha256: SHA, ...(kind === undefined ? {} : { kind }) });
  for (const p of pointers) s.provenance[p] = { file, sha256: SHA, location: 'line 2' };
  return s;
}
const DEFENDER = ['realTimeProtection', 'scheduledScan', 'scanDay', 'defaultAction'].map((f) => `/malware/antimalware/${f}`);
const PASSWORD = ['/access/passwordPolicy/local/minLength'];

describe('a stored snapshot naming a source whose kind this tool does not know', () => {
  it('Defender\'s values from it without the status export: not collected, naming the kind and Get-MpComputerStatus', () => {
    for (const [kind, said] of [['mp-prefs', /a source of kind "mp-prefs", whose kind this tool does not know \(it may be Get-MpPreference JSON\), gives the values read/], [undefined, /a source of no stated kind/], [null, /a source not among the snapshot's sources/]] as const) {
      const s = read(credited(DEFENDER, kind, false));
      for (const id of CHECKS) {
        const r = evaluateCheck(checkOf(id), s, params);
        expect(r.status, `${kind} ${id}`).toBe('not-collected');
        expect(r.reason, `${kind} ${id}`).toMatch(said);
        expect(r.reason, `${kind} ${id}`).toMatch(/Get-MpComputerStatus \(AMRunningMode, AntivirusEnabled\), which was not collected/);
        expect(checkStatus(checkOf(id), s, makeContext(s, params)), `${kind} ${id}`).toBe('not-collected');
      }
    }
    const a = assessedStored(dir, `a${n++}`, credited(DEFENDER, 'mp-prefs', false), 'MAL-SCAN', NOW);
    expect(a.result).toBe('not-collected');
    expect(a.reason).toMatch(/kind "mp-prefs"/);
  });

  it('beside the status export (the samples\' mpcomputerstatus-json) the same values are evidence under a known kind, not under an unknown one (it may be a policy file)', () => {
    const s = read(credited(DEFENDER, 'mp-prefs', true));
    for (const id of CHECKS) {
      const r = evaluateCheck(checkOf(id), s, params);
      expect(r.status, id).toBe('not-collected');
      expect(r.reason, id).toMatch(/a source of kind "mp-prefs", which this tool does not know, gives the values read .*this tool cannot tell whether it states the effective setting/);
    }
    for (const kind of ['defender-preferences', 'mppreference-json']) {
      const k = read(credited(DEFENDER, kind, true));
      for (const id of CHECKS) expect(evaluateCheck(checkOf(id), k, params).status, `${kind} ${id}`).toBe('pass');
    }
  });

  it('local account policy from it: not collected (it may be the vendor\'s declaration); from a known effective kind, or one the samples name, it passes', () => {
    const s = read(credited(PASSWORD, 'acme-policy-xml', true));
    const r = evaluateCheck(checkOf('PWD-MIN-LENGTH'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/kind "acme-policy-xml".*it may be vendor settings file.*Windows' own policy \(secedit \/ net accounts\) was not collected/);
    expect(checkStatus(checkOf('PWD-MIN-LENGTH'), s, makeContext(s, params))).toBe('not-collected');
    for (const kind of ['secedit-export', 'secedit-inf', 'Net-Accounts']) expect(evaluateCheck(checkOf('PWD-MIN-LENGTH'), read(credited(PASSWORD, kind, true)), params).status, kind).toBe('pass');
  });

  it('a value outside the table\'s sections from it is not collected, naming the kind; from a known kind it passes', () => {
    const s = read(credited(['/audit/timeSync/source'], 'acme-time', true));
    const r = evaluateCheck(checkOf('TIME-SYNC'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/a source of kind "acme-time", which this tool does not know, gives the values read \(\/audit\/timeSync\/source in MR-01_2026-11-02\/other\.json\): this tool cannot tell whether it states the effective setting/);
    expect(checkStatus(checkOf('TIME-SYNC'), s, makeContext(s, params))).toBe('not-collected');
    for (const kind of ['w32tm-status', 'hotfix-csv']) expect(evaluateCheck(checkOf('TIME-SYNC'), read(credited(['/audit/timeSync/source'], kind, true)), params).status, kind).toBe('pass');
  });
});

/**
 * MR-01's sample with its whole firewall section credited to its GPO template GptTmpl.inf, listed
 * under `kind` (its own 'gpo-template', or a name this tool does not know).
 */
function firewallFromTemplate(kind: string): Json {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
  const gpo = s.sources.find((x: Json) => x.kind === 'gpo-template');
  gpo.kind = kind;
  s.provenance['/firewall'] = { file: gpo.file, sha256: gpo.sha256, location: '[Registry Values] WindowsFirewall, line 40' };
  return s;
}
const FIREWALL = ['FW-ENABLED', 'FW-DEFAULT-DENY-IN', 'FW-ALLOWED-PORTS', 'FW-ALLOWED-PROTOCOLS', 'FW-REMOTE-SCOPE', 'FW-LOGGING'];
const ACME = /a source of kind "Acme-GPO-xml", which this tool does not know, gives the values read \(\/firewall\S* in MR-01_2026-11-02\/GptTmpl\.inf.*this tool cannot tell whether it states the effective setting/;

describe('a stored snapshot crediting its firewall to a policy file under a kind this tool does not know', () => {
  it('the premise: from the sample\'s own firewall exports these checks pass; from the template under its known kind, not collected as intent only', () => {
    const own = read(JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')));
    const gpo = read(firewallFromTemplate('gpo-template'));
    for (const id of FIREWALL) {
      expect(evaluateCheck(checkOf(id), own, params).status, id).toBe('pass');
      expect(evaluateCheck(checkOf(id), gpo, params).status, id).toBe('not-collected');
    }
  });

  it('under an unknown kind: not collected in evaluateCheck, checkStatus and assess, naming the kind as written', () => {
    const s = read(firewallFromTemplate('Acme-GPO-xml'));
    for (const id of FIREWALL) {
      const r = evaluateCheck(checkOf(id), s, params);
      expect(r.status, id).toBe('not-collected');
      expect(r.reason, id).toMatch(ACME);
      expect(checkStatus(checkOf(id), s, makeContext(s, params)), id).toBe('not-collected');
    }
    const a = assessedStored(dir, `a${n++}`, firewallFromTemplate('Acme-GPO-xml'), 'FW-ENABLED', NOW);
    expect(a.result).toBe('not-collected');
    expect(a.reason).toMatch(ACME);
  });

  it('diff: the firewall comes to rest on the unknown kind: NEW is not collected, OLD\'s pass not reused', () => {
    const d = join(dir, `d${n++}`);
    const old = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
    for (const [side, s, at] of [['old', old, '2026-10-05T09:14:00Z'], ['new', firewallFromTemplate('Acme-GPO-xml'), '2026-11-02T09:21:00Z']] as const) {
      mkdirSync(join(d, side), { recursive: true });
      writeFileSync(join(d, side, 'MR-01.json'), JSON.stringify({ ...s, collectedAt: at }, null, 2));
    }
    const r = runCli(dir, ['diff', join(d, 'old'), join(d, 'new'), '--out', join(d, 'out'), '--now', NOW]);
    expect(r.code, r.stderr).toBeLessThan(4);
    const drift = JSON.parse(readFileSync(join(d, 'out', 'drift.json'), 'utf8'));
    for (const id of FIREWALL) {
      const c = drift.devices.find((x: Json) => x.deviceId === 'MR-01').checks.find((x: Json) => x.checkId === id);
      expect(c, id).toMatchObject({ old: 'pass', new: 'not-collected' });
      expect(c.newReason, id).toMatch(ACME);
    }
  });
});
