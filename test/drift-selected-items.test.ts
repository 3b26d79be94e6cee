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
    return r.drift.devices.find((d) => d.deviceId === 'MR-01')!.checks;
  }

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
});
