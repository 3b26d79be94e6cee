// Devices whose results differ only by accident share one observation (docs/scale.md "What a group
// is"): where in its list an account stands, the letter case of a registry key (Windows ignores it),
// and an item count that only restates the positions read. Each device's own places read stay
// findable (its evidence entry), and its own count comes back. A different value, or a different
// account named as failing, is information: those devices keep observations of their own.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { checkIdOf, deviceUuids } from './support/observations.js';

type Json = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'ato-accidental-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = '2026-11-28T00:00:00Z';
const NO_LM = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\NoLMHash';

/** The same console as `SYN-000000`, under another id, every password set 10 days before collection and expiring. */
function device(id: string, change: (s: Json) => void = () => {}): Json {
  const s = syntheticSnapshot(0) as Json;
  s.device.id = id;
  s.access.passwordPolicy.local.maxAgeDays = 60;
  const set = new Date(Date.parse(s.collectedAt) - 10 * 86_400_000).toISOString().replace('.000Z', 'Z');
  for (const a of s.access.accounts) Object.assign(a, { passwordNeverExpires: false, passwordLastSet: set });
  s.hardening.registry[NO_LM] = 1;
  change(s);
  return s;
}

async function assess(devices: Json[]): Promise<{ observations: Json[]; item: Map<string, string> }> {
  const input = join(dir, 'in');
  rmSync(input, { recursive: true, force: true });
  mkdirSync(input, { recursive: true });
  for (const s of devices) writeFileSync(join(input, `${s.device.id}.json`), JSON.stringify(s));
  const out = join(dir, 'out');
  await runAssess({ inputs: [input], out, force: true, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false });
  const ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'));
  return { observations: ar['assessment-results'].results[0].observations, item: deviceUuids(ar) };
}

const holding = (r: { observations: Json[]; item: Map<string, string> }, checkId: string, deviceId: string): Json =>
  r.observations.find((o) => checkIdOf(o) === checkId && o.subjects.some((s: Json) => s['subject-uuid'] === r.item.get(deviceId)))!;
const observed = (o: Json): string => o.props.find((p: Json) => p.name === 'observed-value').value;

describe('accidental differences between devices', () => {
  it('do not split an observation; each device keeps its own places read and count, and information still splits', async () => {
    const r = await assess([
      device('A'),
      // B: the same settings, its accounts one place further down (a disabled account first), one
      // enabled local account fewer, and the NoLMHash registry key in another letter case.
      device('B', (s) => {
        s.access.accounts = [{ ...s.access.accounts[1], name: 'Spare', enabled: false }, ...s.access.accounts.filter((a: Json) => a.name !== 'g.rossi1')];
        delete s.hardening.registry[NO_LM];
        s.hardening.registry[NO_LM.replace('SYSTEM', 'System')] = 1;
      }),
      // C: another maximum age (a value); D and E: a different account whose password never expires.
      device('C', (s) => void (s.access.passwordPolicy.local.maxAgeDays = 45)),
      device('D', (s) => void (s.access.accounts.find((a: Json) => a.name === 'appuser').passwordNeverExpires = true)),
      device('E', (s) => void (s.access.accounts.find((a: Json) => a.name === 'hospadmin').passwordNeverExpires = true)),
    ]);

    // A and B share, though read at other positions and counted differently.
    const ab = holding(r, 'PWD-MAX-AGE', 'A');
    expect(ab.props.find((p: Json) => p.name === 'result').value).toBe('pass');
    expect(holding(r, 'PWD-MAX-AGE', 'B').uuid).toBe(ab.uuid);
    // The count is stated for what it is across the group, and each device's own comes back.
    expect(observed(ab)).toMatch(/\b2 to 3 checked per device\b/);
    // B is the second subject, a run of its own with an evidence entry that names its places read.
    expect(ab.subjects.map((s: Json) => s['subject-uuid'])).toEqual([r.item.get('A'), r.item.get('B')]);
    const [stated, ownB] = [ab['relevant-evidence'][0], ab['relevant-evidence'].find((e: Json) => e.props?.some((p: Json) => p.name === 'first-subject' && p.value === '2'))];
    expect(ownB.props.find((p: Json) => p.name === 'subject-count').value).toBe('1');
    expect(stated.props.find((p: Json) => p.name === 'items-checked').value).toBe('3');
    expect(ownB.props.find((p: Json) => p.name === 'items-checked').value).toBe('2');
    // B's own pointers: its accounts one place down, and the one it lacks not read.
    expect(ab.description).toContain('/access/accounts/{4,6,8}/passwordLastSet');
    expect(ownB.description).toContain('/access/accounts/{5,7}/passwordLastSet');

    // The registry key's letter case alone does not split either; B's own key is named exactly.
    const lm = holding(r, 'PWD-NO-LM-HASH', 'A');
    expect(lm.description).toContain(NO_LM);
    expect(holding(r, 'PWD-NO-LM-HASH', 'B').uuid).toBe(lm.uuid);
    expect(JSON.stringify(lm['relevant-evidence'])).toContain(JSON.stringify(NO_LM.replace('SYSTEM', 'System')).slice(1, -1));

    // Information splits: another value, another account named as failing.
    expect(holding(r, 'PWD-MAX-AGE', 'C').uuid).not.toBe(ab.uuid);
    const [d, e] = [holding(r, 'PWD-MAX-AGE', 'D'), holding(r, 'PWD-MAX-AGE', 'E')];
    expect(d.props.find((p: Json) => p.name === 'result').value).toBe('fail');
    expect(d.uuid).not.toBe(e.uuid);
    expect(d.uuid).not.toBe(ab.uuid);
  }, 120_000);
});
