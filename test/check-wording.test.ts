// The plain-language wording of the checks (controls/check-wording.yaml): every check has one,
// the loader refuses a wrong one by file and check, and every check's own examples read in plain
// words: the setting and what was found, never the test language; a failing list names its
// failing items and what each had; a failing result never reads "as required".
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { parseWording } from '../src/catalog/check-wording.js';
import type { CheckExample } from '../src/catalog/types.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { PlainWording } from '../src/evaluate/plain-wording.js';
import type { ParamUse } from '../src/evaluate/test-eval.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { isUserError } from '../src/io/errors.js';
import { CHECK_LANGUAGE } from './support/check-language.js';

const { checks, parameters } = loadCatalog();
const params: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));
const byId = new Map(checks.map((c) => [c.id, c]));

function snapshotOf(example: CheckExample): Snapshot {
  const snap: Record<string, unknown> = { schemaVersion: '1.0', device: { id: 'EX-1' }, collectedAt: example.collectedAt ?? '2026-01-15T12:00:00Z' };
  for (const [path, value] of Object.entries(example.values)) {
    const keys = path.split('.');
    let cur = snap;
    for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
    cur[keys[keys.length - 1]!] = structuredClone(value);
  }
  return snap as unknown as Snapshot;
}


describe('controls/check-wording.yaml', () => {
  it('gives every check of checks.yaml its setting, requirement and where to change it', () => {
    const missing = checks.filter((c) => !c.wording || !c.wording.setting || !c.wording.required || !c.wording.where).map((c) => c.id);
    expect(missing).toEqual([]);
    expect(checks.length).toBeGreaterThan(0);
  });

  it('refuses a catalog whose wording leaves a check out, naming the file and the check', () => {
    const doc = Object.fromEntries(checks.slice(1).map((c) => [c.id, { setting: c.wording!.setting, required: 'x', where: 'y', ...(c.wording!.fields ? { fields: c.wording!.fields } : {}), ...(c.wording!.items ? { items: c.wording!.items } : {}) }]));
    let err: unknown;
    try {
      parseWording(doc, 'controls/check-wording.yaml', checks, parameters);
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect(String((err as Error).message)).toContain('no wording');
    expect((err as { where?: string }).where).toBe(checks[0]!.id);
  });

  it('refuses a placeholder that is not an organisation parameter, and an unnamed field of a check comparing several', () => {
    const lockout = byId.get('LOCKOUT-THRESHOLD')!;
    expect(() => parseWording({ 'LOCKOUT-THRESHOLD': { setting: 's', required: '{{no-such-param}}', where: 'w' } }, 'f.yaml', [lockout], parameters)).toThrow(/no-such-param/);
    const logging = byId.get('FW-LOGGING')!;
    expect(() => parseWording({ 'FW-LOGGING': { setting: 's', required: 'r', where: 'w', items: 'profiles', fields: { logDroppedPackets: 'Log dropped packets' } } }, 'f.yaml', [logging], parameters)).toThrow(/logMaxSizeKB/);
    expect(() => parseWording({ 'FW-LOGGING': { setting: 's', required: 'r', where: 'w', fields: { logDroppedPackets: 'a', logMaxSizeKB: 'b', state: 'c', startType: 'd' } } }, 'f.yaml', [logging], parameters)).toThrow(/"items"/);
  });

  it('refuses a name for one field\'s value ("field=value") where the check compares no such field', () => {
    const logging = byId.get('FW-LOGGING')!;
    const wording = (values: Record<string, string>) => ({ 'FW-LOGGING': { setting: 's', required: 'r', where: 'w', items: 'profiles', fields: { logDroppedPackets: 'a', logMaxSizeKB: 'b', state: 'c', startType: 'd' }, values } });
    expect(() => parseWording(wording({ 'logMaxSizeKB=0': 'no limit' }), 'f.yaml', [logging], parameters)).not.toThrow();
    expect(() => parseWording(wording({ 'logMaxSizeKb=0': 'no limit' }), 'f.yaml', [logging], parameters)).toThrow(/compares no field "logMaxSizeKb"/);
  });
});

describe('plain wording of results', () => {
  const plain = new PlainWording(params.values());

  it('words the lockout threshold of 0 as Windows does, with the required range from the parameter', () => {
    const check = byId.get('LOCKOUT-THRESHOLD')!;
    const max = parameters.find((p) => p.id === 'lockout-threshold-max')!.default as number;
    const r = evaluateCheck(check, snapshotOf({ expect: 'fail', values: { 'access.lockoutPolicy.local.threshold': 0 } }), params);
    expect(r.status).toBe('fail');
    const words = plain.describe(check, r)!;
    expect(words.found).toBe('Account lockout threshold: 0 (never locks).');
    expect(words.required).toContain(`1 to ${max} invalid logon attempts`);
    expect(words.where).toMatch(/Account Lockout Policy/);
  });

  it('names the failing firewall profile and what it had, not the compliant ones', () => {
    const check = byId.get('FW-ENABLED')!;
    const r = evaluateCheck(check, snapshotOf({ expect: 'fail', values: { 'firewall.profiles': [{ name: 'domain', enabled: true }, { name: 'private', enabled: true }, { name: 'public', enabled: false }] } }), params);
    const found = plain.describe(check, r)!.found;
    // FW-ENABLED also reads the firewall service (MpsSvc), so its items are profiles and services.
    expect(found).toMatch(/not as required: public \(Windows Defender Firewall state: Off\)/);
    expect(found).not.toMatch(/domain|private/);
  });

  it('puts the count of failing items before those items, not before a failing setting that is not one', () => {
    // It read "1 of 3 local accounts allowed no password not as required: Minimum password length: 8; radtech (…)".
    const check = byId.get('PWD-MIN-LENGTH')!;
    const r = evaluateCheck(check, snapshotOf({ expect: 'fail', values: { 'access.passwordPolicy.local.minLength': 8, 'access.accounts': [{ name: 'radtech', enabled: true, source: 'local', passwordRequired: false }, { name: 'Guest', enabled: false, source: 'local', passwordRequired: false }] } }), params);
    expect(r.status).toBe('fail');
    const found = plain.describe(check, r)!.found;
    expect(found).toMatch(/: 8; 1 of 2 [^:;]+ not as required: radtech \(/);
    expect(found).not.toMatch(/not as required: Minimum password length/);
  });

  it("names a value by its own field's meaning: a stratum of 0 is never worded as a leap indicator's 0 (in sync)", () => {
    // TIME-SYNC's names applied to every compared field: LAB-01 read "Stratum: 0 (in sync)" beside its failure.
    for (const id of ['TIME-SYNC', 'TIME-SOURCE']) {
      const check = byId.get(id)!;
      const r = evaluateCheck(check, snapshotOf({ expect: 'fail', values: { 'audit.timeSync': { source: 'Local CMOS Clock', leapIndicator: 0, stratum: 0, lastSuccessfulSyncAt: '2026-01-15T11:00:00Z' } } }), params);
      expect(r.status, id).toBe('fail');
      const found = plain.describe(check, r)!.found;
      expect(found, id).toMatch(/Stratum: 0 \((?!in sync)[^)]*no source\)/);
      expect(found, id).not.toMatch(/Stratum: 0 \(in sync\)/);
    }
  });

  it('names each failing condition of an item where a check compares several values', () => {
    const check = byId.get('FW-LOGGING')!;
    const r = evaluateCheck(check, snapshotOf({ expect: 'fail', values: { 'firewall.profiles': [{ name: 'domain', logDroppedPackets: true, logMaxSizeKB: 16384 }, { name: 'private', logDroppedPackets: true, logMaxSizeKB: 16384 }, { name: 'public', logDroppedPackets: false, logMaxSizeKB: 4096 }] } }), params);
    expect(r.status).toBe('fail');
    expect(plain.describe(check, r)!.found).toContain('public (Log dropped packets: No, Size limit (KB): 4096)');
  });

  it("words every check's own examples without the test language; a failing one never reads as required", () => {
    const problems: string[] = [];
    for (const check of checks) {
      check.examples.forEach((ex, i) => {
        const r = evaluateCheck(check, snapshotOf(ex), params);
        const w = plain.describe(check, r)!;
        for (const [what, text] of [['found', w.found], ['required', w.required], ['where', w.where]] as const) {
          for (const [name, re] of CHECK_LANGUAGE) if (re.test(text)) problems.push(`${check.id} example #${i + 1} ${what} has ${name}: ${text}`);
        }
        if (r.status === 'fail' && /(^|[^t] )as required/.test(w.found)) problems.push(`${check.id} example #${i + 1} fails but reads as required: ${w.found}`);
        if (!w.found.startsWith(r.status === 'not-applicable' ? 'Not applicable' : check.wording!.setting)) problems.push(`${check.id} example #${i + 1} does not name the setting: ${w.found}`);
      });
    }
    expect(problems).toEqual([]);
  });
});
