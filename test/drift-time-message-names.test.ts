// drift's message for a clock-only change (cause `time`) named the settings that did change by their
// snapshot paths, raw ("only malware.antimalware.signatureUpdatedAt 2026-10-04T22:40:00Z → …"), where
// every text for people names a field as the AR does (plainField: the wording's name) and a value
// with the wording's name for it (docs/documents.md "Values: raw for machines, named for people").
// drift.json's settings keep the path and the raw values.
import { describe, expect, it } from 'vitest';
import { computeDrift, settingInWords } from '../src/drift/compute.js';
import { buildSide } from '../src/drift/side.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { AssessedSide } from '../src/drift/types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { context, DEVICES, ROUND1, ROUND2, sample, sha } from './support/drift.js';

const checks = loadCatalog().checks;
const byId = (id: string) => checks.find((c) => c.id === id)!;

describe('a clock-only change names the settings that changed as the results name them', () => {
  const ctx = context({ deviations: true, now: '2026-11-02T23:00:00Z' });
  const side = (snaps: Snapshot[], label: string): AssessedSide => buildSide(snaps.map((s) => ({ snapshot: s, file: `${label}/${s.device.id}.json`, sha256: sha(s) })), ctx, { label, kind: 'snapshots' });
  const drift = computeDrift(side(DEVICES.map((d) => sample(d, ROUND1)), 'r1'), side(DEVICES.map((d) => sample(d, ROUND2)), 'r2'), ctx);

  it('CT-01 MAL-SIG-AGE: "only Signatures updated on OLD → NEW", never the snapshot path; drift.json keeps the path', () => {
    const ct = drift.devices.find((d) => d.deviceId === 'CT-01')!;
    const t = ct.time.find((x) => x.checkId === 'MAL-SIG-AGE')!;
    const s = ct.settings.find((x) => x.field === 'malware.antimalware.signatureUpdatedAt')!;
    expect(s.path).toBe('malware.antimalware.signatureUpdatedAt');
    const name = byId('MAL-SIG-AGE').wording!.fields!['malware.antimalware.signatureUpdatedAt'];
    expect(name).toBe('Signatures updated on');
    expect(t.message).toContain(`(only ${name} ${String(s.old)} → ${String(s.new)})`);
    for (const d of drift.devices) for (const x of d.time) expect(x.message, `${d.deviceId} ${x.checkId}`).not.toMatch(/\b(malware|audit|access|firewall|hardening|encryption)\.[a-z]/);
  });

  it('a list item\'s field by its name in the item, the item named after it, and the values with the wording\'s names', () => {
    const fw = byId('FW-ALLOWED-PORTS');
    const enabled = fw.wording!.fields!.enabled;
    expect(settingInWords(fw, { path: 'firewall.rules[Remote Desktop|inbound].enabled', field: 'firewall.rules[].enabled', old: false, new: true }))
      .toBe(`${enabled} (Remote Desktop|inbound) false (Disabled) → true (Enabled)`);
    const ai = byId('ACCOUNT-INACTIVE');
    expect(settingInWords(ai, { path: 'access.accounts[emsfse].lastLogon', field: 'access.accounts[].lastLogon', old: 'none', new: '2026-10-30T08:00:00Z' }))
      .toBe(`${ai.wording!.fields!.lastLogon} (emsfse) none (${ai.wording!.values!.none}) → 2026-10-30T08:00:00Z`);
    // An item whose name holds a line break stays on one line; a value that appeared is named so, never "undefined".
    expect(settingInWords(ai, { path: 'access.accounts[a\nb].lastLogon', field: 'access.accounts[].lastLogon', new: '2026-10-30T08:00:00Z' }))
      .toBe(`${ai.wording!.fields!.lastLogon} (a b) not present → 2026-10-30T08:00:00Z`);
  });
});
