// drift gives as the cause of a check's change only a setting that can move it: a change to an item
// of a list the check reads only by name (MAL-SIG-AGE reads hardening.services for WinDefend alone)
// is not the cause when the item is another one (TermService started while the signatures aged:
// the cause is time). drift.test.ts 'CT-01: MAL-SIG-AGE regressed … clock-based' is the sample case.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { runDiff } from '../src/drift/run.js';
import { nameSelections, outsideSelection } from '../src/drift/selected-items.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = new URL('..', import.meta.url).pathname;
const catalog = loadCatalog();
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('items a check selects by name', () => {
  it('MAL-SIG-AGE reads the service list for WinDefend alone; OS-SERVICES reads every service', () => {
    expect([...(nameSelections(check('MAL-SIG-AGE')).get('hardening.services') ?? [])]).toEqual(['windefend']);
    expect(nameSelections(check('OS-SERVICES')).has('hardening.services')).toBe(false);
  });

  it('a change to another service lies outside; WinDefend in any case, the whole list, or a composite key do not', () => {
    const sel = nameSelections(check('MAL-SIG-AGE'));
    expect(outsideSelection('hardening.services[TermService].state', sel)).toBe(true);
    expect(outsideSelection('hardening.services[WinDefend].state', sel)).toBe(false);
    expect(outsideSelection('hardening.services[windefend]', sel)).toBe(false);
    expect(outsideSelection('hardening.services', sel)).toBe(false);
    expect(outsideSelection('hardening.services[a|b].state', sel)).toBe(false);
    expect(outsideSelection('malware.antimalware.signatureUpdatedAt', sel)).toBe(false);
  });
});

describe('diff: the cause of a Defender check change', () => {
  const base = (): Snapshot => JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json'), 'utf8')) as Snapshot;
  async function diffOf(change: (s: Snapshot) => void, now = '2026-11-04T00:00:00Z') {
    const a = base();
    const b = base();
    b.collectedAt = '2026-11-03T10:00:00Z';
    change(b);
    const dir = mkdtempSync(join(tmpdir(), 'ato-drift-selected-'));
    dirs.push(dir);
    for (const [name, snap] of [['old', a], ['new', b]] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'MR-01.json'), JSON.stringify(snap, null, 2) + '\n');
    }
    const r = await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: true, now, toolVersion: 'test', config: {}, pdf: false, jobs: 1 });
    const device = r.drift.devices.find((d) => d.deviceId === 'MR-01')!;
    // drift.json as written: its settings' checks are what a reader sees.
    const written = JSON.parse(readFileSync(join(dir, 'out', 'drift.json'), 'utf8')) as { devices: Array<{ deviceId: string; settings: Array<{ path: string; checks: string[] }> }> };
    lastSettings = written.devices.find((d) => d.deviceId === 'MR-01')!.settings;
    return device.checks;
  }
  let lastSettings: Array<{ path: string; checks: string[] }> = [];

  it('WinDefend stopped: MAL-AV-ON regressed, caused by the setting', async () => {
    const checks = await diffOf((s) => {
      const svc = s.hardening!.services!.find((x) => x.name === 'WinDefend')!;
      svc.state = 'stopped';
    });
    expect(checks.find((c) => c.checkId === 'MAL-AV-ON')).toMatchObject({ old: 'pass', new: 'fail', cause: 'setting' });
  });

  it('another service started while the signatures aged past the limit: MAL-SIG-AGE regressed, caused by time', async () => {
    const checks = await diffOf((s) => {
      const other = s.hardening!.services!.find((x) => x.name !== 'WinDefend' && x.name !== 'MpsSvc' && x.name !== 'AppIDSvc')!;
      other.state = other.state === 'running' ? 'stopped' : 'running';
      s.collectedAt = '2026-11-20T10:00:00Z';
    }, '2026-11-21T00:00:00Z');
    expect(checks.find((c) => c.checkId === 'MAL-SIG-AGE')).toMatchObject({ old: 'pass', new: 'fail', cause: 'time' });
  });

  it("a setting's checks are those it can move, by the cause's rule: another service's change does not list MAL-SIG-AGE, WinDefend's does", async () => {
    let other = '';
    const checks = await diffOf((s) => {
      const svc = s.hardening!.services!.find((x) => x.name !== 'WinDefend' && x.name !== 'MpsSvc' && x.name !== 'AppIDSvc')!;
      other = svc.name;
      svc.state = svc.state === 'running' ? 'stopped' : 'running';
      s.hardening!.services!.find((x) => x.name === 'WinDefend')!.state = 'stopped';
    });
    const listed = (name: string) => lastSettings.filter((x) => x.path.startsWith(`hardening.services[${name}]`)).flatMap((x) => x.checks);
    expect(lastSettings.some((x) => x.path.startsWith(`hardening.services[${other}]`))).toBe(true);
    expect(listed(other)).not.toContain('MAL-SIG-AGE');
    expect(listed(other)).not.toContain('MAL-AV-ON');
    // A check that reads every service still lists it.
    expect(listed(other)).toContain('OS-SERVICES');
    expect(listed('WinDefend')).toEqual(expect.arrayContaining(['MAL-SIG-AGE', 'MAL-AV-ON']));
    // Every check change caused by a setting has that setting list it, and no setting lists a check it cannot move.
    for (const c of checks.filter((x) => x.cause === 'setting')) expect(lastSettings.some((x) => x.checks.includes(c.checkId)), c.checkId).toBe(true);
    expect(checks.find((c) => c.checkId === 'MAL-AV-ON')).toMatchObject({ old: 'pass', new: 'fail', cause: 'setting' });
  });
});
