// Property: diff/monitor's incremental evaluation of NEW (assessAgainst: only the checks whose
// inputs changed are run again, OLD's results kept for the rest) equals a full evaluation of NEW,
// for random mutations of any part of a snapshot (settings and the metadata the evaluator reads).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeviceComparer } from '../src/drift/compute.js';
import { oldTextsFor, type SideDays } from '../src/drift/pair.js';
import { diffSettings } from '../src/drift/settings.js';
import { assessAgainst, assessDevice, redoChecks } from '../src/drift/side.js';
import type { AssessedDevice, DriftContext } from '../src/drift/types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, DEVICES, ROUND1, ROUND2, sample, sha } from './support/drift.js';

type Json = unknown;
type Path = Array<string | number>;

/** Every path in a JSON value (objects' keys and lists' indexes), root excluded. */
function paths(x: Json, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(x)) x.forEach((v, i) => { out.push([...at, i]); paths(v, [...at, i], out); });
  else if (x && typeof x === 'object') for (const k of Object.keys(x)) { out.push([...at, k]); paths((x as Record<string, Json>)[k], [...at, k], out); }
  return out;
}

function parentOf(root: Json, p: Path): { parent: Record<string | number, Json>; key: string | number } {
  let cur = root as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  return { parent: cur, key: p[p.length - 1]! };
}

/** One mutation of the value at a path; `r` picks among the ways. Returns a label for messages. */
function mutate(root: Json, p: Path, r: number, r2: number): string {
  const { parent, key } = parentOf(root, p);
  const v = parent[key];
  const label = p.join('.');
  const op = r % 10;
  if (Array.isArray(v) && v.length) {
    if (op < 2) { v.reverse(); return `${label} reversed`; }
    if (op < 4) { v.splice(r2 % v.length, 1); return `${label} item removed`; }
    if (op < 6) { v.push(structuredClone(v[r2 % v.length])); return `${label} item repeated`; }
  }
  if (typeof v === 'string') {
    if (p[0] === 'sources' && p[2] === 'kind' && op < 5) { parent[key] = ['registry-pol', 'gpo-template', 'reg-export', 'GPO-Template '][r2 % 4]; return `${label} kind set`; }
    if (op < 2) { parent[key] = v.toUpperCase() === v ? v.toLowerCase() : v.toUpperCase(); return `${label} case changed`; }
    if (op < 3) { parent[key] = v.startsWith('{') ? v.replace(/[{}]/g, '') : `{${v}}`; return `${label} braces`; }
    if (op < 4) { parent[key] = ` ${v} `; return `${label} blanks`; }
    if (op < 6 && !Number.isNaN(Date.parse(v)) && /^\d{4}-/.test(v)) { parent[key] = new Date(Date.parse(v) - ((r2 % 400) - 100) * 86_400_000).toISOString().replace('.000Z', 'Z'); return `${label} date moved`; }
    if (op < 7) { parent[key] = `${v}x`; return `${label} changed`; }
  }
  if (typeof v === 'boolean' && op < 6) { parent[key] = !v; return `${label} flipped`; }
  if (typeof v === 'number' && op < 6) { parent[key] = v + (r2 % 7) - 3; return `${label} number changed`; }
  if (Array.isArray(parent)) { parent.splice(key as number, 1); return `${label} removed`; }
  if (op < 8 && p[0] !== 'device' && p.length > 1) { delete parent[key]; return `${label} deleted`; }
  if (v && typeof v === 'object' && !Array.isArray(v)) { const ks = Object.keys(v); if (ks.length) { const k = ks[r2 % ks.length]!; const o = v as Record<string, Json>; const val = o[k]; delete o[k]; o[k.toUpperCase() === k ? k.toLowerCase() : k.toUpperCase()] = val; return `${label}.${k} key case changed`; } }
  parent[key] = null;
  return `${label} nulled`;
}

/** A value at a path said to come from a policy file (a Registry.pol, added to the sources if none is). */
function policyGave(root: Snapshot, p: Path): string {
  const src = (root.sources ??= []);
  let pol = src.find((x) => x.kind === 'registry-pol');
  if (!pol) src.push((pol = { file: 'x/registry.pol', sha256: '0'.repeat(64), kind: 'registry-pol' }));
  const ptr = '/' + p.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  (root.provenance ??= {})[ptr] = { file: pol.file, sha256: pol.sha256 };
  return `${ptr} from a policy file`;
}

function intends(root: Snapshot, p: Path): string {
  const ptr = '/' + p.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  (root.intended ??= {})[ptr] = { value: 'policy', file: 'x/GptTmpl.inf', sha256: '0'.repeat(64) };
  return `${ptr} intended`;
}

/** The lists (paths joined by '/') that a pointer of the provenance table or of `intended` passes through. */
function listsPointedAt(s: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const ptr of [...Object.keys(s.provenance ?? {}), ...Object.keys(s.intended ?? {})]) {
    const segs = ptr.split('/').slice(1);
    segs.forEach((seg, i) => { if (i > 0 && /^\d+$/.test(seg)) out.add(segs.slice(0, i).join('/')); });
  }
  return out;
}

function compare(full: AssessedDevice, quick: AssessedDevice, ctx: DriftContext): string[] {
  const out: string[] = [];
  ctx.checks.forEach((c, i) => {
    const f = full.statuses[i];
    const q = quick.statuses[i];
    const fd = full.details.get(c.id);
    const qd = quick.details.get(c.id);
    if (f !== q) out.push(`${c.id}: status ${q} incremental, ${f} full`);
    else if (!!fd !== !!qd) out.push(`${c.id}: details ${qd ? 'present' : 'absent'} incremental`);
    else if (fd && qd) {
      if (fd.observed !== qd.observed) out.push(`${c.id}: observed "${qd.observed}" incremental, "${fd.observed}" full`);
      if (fd.expected !== qd.expected) out.push(`${c.id}: expected "${qd.expected}" incremental, "${fd.expected}" full`);
      if (JSON.stringify(fd.deviation) !== JSON.stringify(qd.deviation) || JSON.stringify(fd.expiredDeviation) !== JSON.stringify(qd.expiredDeviation)) out.push(`${c.id}: deviation differs`);
    }
  });
  if (!!full.stale !== !!quick.stale) out.push('stale differs');
  return out;
}

const ctx = context({ deviations: true, now: '2026-12-01T00:00:00Z' });
const BASE = [...DEVICES.map((d) => sample(d, ROUND2)), ...DEVICES.map((d) => sample(d, ROUND1)), sample('US-01', '2026-09-07')];

/** OLD as diff assesses it (texts only for the checks redone), NEW against it, and NEW in full. */
function divergences(a: Snapshot, b: Snapshot, at?: string): string[] {
  const settings = diffSettings(a, b, ctx);
  const today = (at ?? b.collectedAt).slice(0, 10);
  let full: AssessedDevice;
  try {
    full = assessDevice(b, { file: 'n.json', sha256: sha(b) }, ctx, today, undefined, at);
  } catch {
    return []; // NEW is not a snapshot the evaluator takes (ingest would refuse it)
  }
  const oldToday = (at ?? a.collectedAt).slice(0, 10);
  // monitor: OLD in full (or its cached results); every text of NEW is kept for the next run.
  const old = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, oldToday, undefined, at);
  const monitor = compare(full, assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, today, at), ctx);
  // diff: OLD's texts only for the checks redone (only their statuses can change, and texts are shown only then).
  const lean = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, oldToday, redoChecks(a.device.id, settings, ctx, a, b), at);
  const diff = compare(full, assessAgainst(lean, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, today, at), ctx).filter((x) => !/: (observed|expected) "" incremental/.test(x));
  return [...monitor, ...diff.filter((x) => !monitor.includes(x)).map((x) => `diff: ${x}`), ...pairDivergences(a, b, settings, { newAt: at }), ...(at ? pairDivergences(a, b, settings, { oldAt: at }) : [])];
}

/**
 * diff (src/drift/pair.ts comparePair): OLD with texts only where oldTextsFor says, NEW against
 * it, compared with the redone checks known (a text one side lacks is taken from the other outside
 * them). The device's drift must be the one two full evaluations give. `days`: OLD judged at its
 * collection and NEW at the report clock (two folders of snapshots: a stale NEW turns OLD's passes
 * into changes), or OLD at its assessment's clock (an assessment folder: a stale OLD's "not
 * collected" pass again in a NEW judged at its collection, and the rows show OLD's texts).
 */
function pairDivergences(a: Snapshot, b: Snapshot, settings: ReturnType<typeof diffSettings>, days: SideDays): string[] {
  const comparer = new DeviceComparer(ctx, { old: 'o', new: 'n' });
  const oldToday = (days.oldAt ?? a.collectedAt).slice(0, 10);
  const today = (days.newAt ?? b.collectedAt).slice(0, 10);
  const fullOld = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, oldToday, undefined, days.oldAt);
  const fullNew = assessDevice(b, { file: 'n.json', sha256: sha(b) }, ctx, today, undefined, days.newAt);
  const redo = redoChecks(a.device.id, settings, ctx, a, b);
  const lean = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, oldToday, oldTextsFor(redo, a, b, ctx, days), days.oldAt);
  // As comparePair asks: NEW's texts are read only where its status changed.
  const quickNew = assessAgainst(lean, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, today, days.newAt, true);
  const want = comparer.entryOf(fullOld, fullNew, settings).drift;
  const got = comparer.entryOf(lean, quickNew, settings, redo).drift;
  const out: string[] = [];
  want.checks.forEach((w, i) => {
    const g = got.checks[i];
    if (JSON.stringify(g) !== JSON.stringify(w)) out.push(`pair: ${w.checkId}: ${JSON.stringify(g)} incremental, ${JSON.stringify(w)} full`);
  });
  if (got.checks.length !== want.checks.length) out.push(`pair: ${got.checks.length} check changes incremental, ${want.checks.length} full`);
  return out;
}

describe('diff of an assessment whose evidence was stale at its clock against a fresh collection', () => {
  it('CT-01, October judged on 2026-12-01 against November at its collection: the rows of the checks that pass again show OLD\'s observed and expected texts, not ""', () => {
    const a = sample('CT-01', ROUND1);
    const b = sample('CT-01', ROUND2);
    const settings = diffSettings(a, b, ctx);
    const days: SideDays = { oldAt: ctx.now };
    const redo = redoChecks(a.device.id, settings, ctx, a, b);
    const old = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, ctx.now.slice(0, 10), oldTextsFor(redo, a, b, ctx, days), days.oldAt);
    expect(old.stale).toBe(true);
    const neu = assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, b.collectedAt.slice(0, 10));
    const rows = new DeviceComparer(ctx, { old: 'o', new: 'n' }).entryOf(old, neu, settings, redo).drift.checks;
    const again = rows.filter((r) => r.old === 'not-collected' && r.new === 'pass');
    expect(again.length).toBeGreaterThan(10);
    expect(again.find((r) => r.checkId === 'FW-ENABLED')).toMatchObject({ oldObserved: expect.stringMatching(/^3 checked/), expected: expect.stringContaining('Windows Defender Firewall state = true (On)') });
    expect(rows.filter((r) => r.oldObserved === '' || r.expected === '').map((r) => r.checkId)).toEqual([]);
    expect(pairDivergences(a, b, settings, days)).toEqual([]);
  });
});

describe('diff of a collection judged at its own time against one stale at the report clock', () => {
  it('CT-01, October at its collection against November judged in June 2027: a check that fails on both sides and reads nothing that changed is not evaluated again on NEW; the drift is what two full evaluations give', () => {
    const a = sample('CT-01', ROUND1);
    const b = sample('CT-01', ROUND2);
    const settings = diffSettings(a, b, ctx);
    const days: SideDays = { newAt: '2027-06-01T00:00:00Z' };
    const redo = redoChecks(a.device.id, settings, ctx, a, b);
    const old = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, a.collectedAt.slice(0, 10), oldTextsFor(redo, a, b, ctx, days));
    expect(old.stale).toBeUndefined();
    const neu = assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, days.newAt!.slice(0, 10), days.newAt, true);
    expect(neu.stale).toBe(true);
    const failingOnBoth = ctx.checks.filter((c, i) => !redo.has(c.id) && old.statuses[i] === 'fail' && neu.statuses[i] === 'fail');
    expect(failingOnBoth.length).toBeGreaterThan(0);
    // OLD's details, not texts made again for NEW.
    for (const c of failingOnBoth) expect(neu.details.get(c.id), c.id).toBe(old.details.get(c.id));
    expect(pairDivergences(a, b, settings, days)).toEqual([]);
  });
});

describe('a list reordered under a provenance table keyed by place', () => {
  it('MR-02: the policy file\'s entry now lands on the built-in Administrator; ACCOUNT-BUILTIN rests on the policy file alone, not collected (as assess judges NEW), not OLD\'s pass', () => {
    // OLD: the Administrator (first) was read from the console; a GPO template gave the value of the account fourth in the list.
    const a = clone(BASE[3]!);
    expect(a.device.id).toBe('MR-02');
    a.sources = [...(a.sources ?? []), { file: 'MR-02/GptTmpl.inf', sha256: '0'.repeat(64), kind: 'gpo-template' }];
    a.provenance = { ...(a.provenance ?? {}), '/access/accounts/3/enabled': { file: 'MR-02/GptTmpl.inf', sha256: '0'.repeat(64), location: '[System Access] EnableAdminAccount' } };
    // NEW: the same accounts, collected in another order: the Administrator is fourth, its value the GPO template's.
    const b = clone(a);
    const accounts = b.access!.accounts!;
    [accounts[0], accounts[3]] = [accounts[3]!, accounts[0]!];
    expect(diffSettings(a, b, ctx)).toEqual([]);
    const i = ctx.checks.findIndex((c) => c.id === 'ACCOUNT-BUILTIN');
    const full = assessDevice(b, { file: 'n.json', sha256: sha(b) }, ctx, '2026-11-02');
    expect(full.statuses[i]).toBe('not-collected');
    const old = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, '2026-11-02');
    expect(old.statuses[i]).toBe('pass');
    const quick = assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, [], ctx, '2026-11-02');
    expect(quick.statuses[i]).toBe('not-collected');
    expect(divergences(a, b)).toEqual([]);
  });
});

describe('collection metadata the settings leave out', () => {
  it('LAB-01: the vendor settings file gone from the sources (no setting changed): SCREEN-LOCK-TIMEOUT\'s "not suppressed during acquisition" is no longer "not declared" but never read, in NEW as assess judges it', () => {
    const a = BASE[1]!;
    expect(a.device.id).toBe('LAB-01');
    const b = clone(a);
    const at = b.sources!.findIndex((s) => s.kind === 'vendor-config' || s.kind === 'vendor-settings');
    expect(at).toBeGreaterThanOrEqual(0);
    b.sources!.splice(at, 1);
    const settings = diffSettings(a, b, ctx);
    expect(settings).toEqual([]);
    const full = assessDevice(b, { file: 'n.json', sha256: sha(b) }, ctx, '2026-11-02');
    expect(full.details.get('SCREEN-LOCK-TIMEOUT')!.observed).toMatch(/; not collected$/);
    const old = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, '2026-11-02');
    const quick = assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, '2026-11-02');
    expect(quick.details.get('SCREEN-LOCK-TIMEOUT')!.observed).toBe(full.details.get('SCREEN-LOCK-TIMEOUT')!.observed);
    expect(divergences(a, b)).toEqual([]);
  });
});

describe('texts that name a list item by a field the check does not read', () => {
  it('LAB-01: a subcategory renamed (same GUID) is named so in AUDIT-ACCOUNT-MGMT\'s observed text, as assess words it (monitor keeps these texts for its next run)', () => {
    const a = BASE[1]!;
    expect(a.device.id).toBe('LAB-01');
    const b = clone(a);
    const sub = b.audit!.subcategories!.find((s) => s.guid === '{0cce9235-69ae-11d9-bed3-505054503030}')!;
    sub.name = 'User Account Management';
    const i = ctx.checks.findIndex((c) => c.id === 'AUDIT-ACCOUNT-MGMT');
    const full = assessDevice(b, { file: 'n.json', sha256: sha(b) }, ctx, '2026-11-02');
    expect(full.statuses[i]).toBe('fail');
    expect(full.details.get('AUDIT-ACCOUNT-MGMT')!.observed).toContain('User Account Management: Failure = false (not audited)');
    const old = assessDevice(a, { file: 'o.json', sha256: sha(a) }, ctx, '2026-11-02');
    const quick = assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, diffSettings(a, b, ctx), ctx, '2026-11-02');
    expect(quick.details.get('AUDIT-ACCOUNT-MGMT')!.observed).toBe(full.details.get('AUDIT-ACCOUNT-MGMT')!.observed);
    expect(quick.details.get('AUDIT-ACCOUNT-MGMT')!.observed).not.toContain('Audit User Account Management');
  });
});

describe('what is no setting change but changes texts (order, repeats, case of a name)', () => {
  const lab = BASE[1]!;
  const cases: Array<[string, (s: Snapshot) => void, string, RegExp]> = [
    ['a volume\'s mount point in other case (c:)', (s) => { s.encryption!.volumes!.find((v) => v.mountPoint === 'C:')!.mountPoint = 'c:'; }, 'DISK-ENCRYPTION', /^2 of 2 not compliant: c:: /],
    ['the firewall profiles in another order', (s) => { s.firewall!.profiles!.reverse(); }, 'FW-LOGGING', /^3 of 3 not compliant: public: /],
    ['a rule\'s port listed twice', (s) => { const r = s.firewall!.rules!.find((x) => x.name === 'File and Printer Sharing (SMB-In)')!; r.localPorts = [...r.localPorts!, ...r.localPorts!]; }, 'FW-ALLOWED-PORTS', /Local ports = 445, 445,/],
  ];
  for (const [name, change, checkId, wording] of cases) {
    it(`LAB-01: ${name} is no setting change, but ${checkId}'s observed text is NEW's, as assess words it`, () => {
      const b = clone(lab);
      change(b);
      const settings = diffSettings(lab, b, ctx);
      expect(settings).toEqual([]);
      const full = assessDevice(b, { file: 'n.json', sha256: sha(b) }, ctx, '2026-11-02');
      expect(full.details.get(checkId)!.observed).toMatch(wording);
      const old = assessDevice(lab, { file: 'o.json', sha256: sha(lab) }, ctx, '2026-11-02');
      const quick = assessAgainst(old, b, { file: 'n.json', sha256: sha(b) }, settings, ctx, '2026-11-02');
      expect(quick.details.get(checkId)!.observed).toBe(full.details.get(checkId)!.observed);
    });
  }
});

describe('incremental evaluation (diff, monitor) equals a full evaluation of NEW under random mutations', () => {
  // OLD: a sample, with a few values said to come from a policy file or intended otherwise by one
  // (what ingest records by JSON pointer); NEW: OLD with any field changed, deleted, reordered, ...
  // Statuses, stale evidence, deviations and the texts of every result that is not a pass.
  it('any field of NEW mutated (settings, coverage, intended, sources, provenance, collectedAt, device)', () => {
    const step = fc.tuple(fc.nat(), fc.nat(), fc.nat());
    fc.assert(
      fc.property(fc.nat(BASE.length - 1), fc.array(step, { maxLength: 3 }), fc.array(step, { minLength: 1, maxLength: 5 }), fc.boolean(), (d, pre, muts, clocked) => {
        const a = clone(BASE[d]!);
        const done: string[] = [];
        for (const [pi, r, r2] of pre) {
          const all = paths(a).filter((p) => !['schemaVersion', 'device', 'provenance', 'sources', 'collectedAt'].includes(p[0] as string));
          const p = all[pi % all.length]!;
          done.push(r % 3 === 1 ? policyGave(a, p) : r % 3 === 2 ? intends(a, p) : mutate(a, p, r, r2));
        }
        const b = clone(a);
        for (const [pi, r, r2] of muts) {
          const all = paths(b).filter((p) => !(p.length === 1 && ['schemaVersion', 'device'].includes(p[0] as string)) && !(p[0] === 'device' && p[1] === 'id'));
          // Often a list that a pointer of the provenance table or of `intended` enters: reordered (no setting changes).
          const lists = all.filter((p) => Array.isArray(parentOf(b, [...p, 0]).parent) && listsPointedAt(b).has(p.join('/')));
          if (r % 4 === 0 && lists.length) done.push(mutate(b, lists[pi % lists.length]!, 0, r2));
          else done.push(mutate(b, all[pi % all.length]!, r, r2));
        }
        if (Number.isNaN(Date.parse(b.collectedAt)) || Date.parse(b.collectedAt) > Date.parse(ctx.now)) return;
        // A coverage entry's scope must be a text and its keys a list (the schema refuses null):
        // such a NEW never reaches diff.
        if (b.coverage?.some((c) => c.keys === null || typeof c.scope !== 'string')) return;
        const bad = divergences(a, b, clocked ? ctx.now : undefined);
        expect(bad, `${a.device.id}: ${done.join('; ')}`).toEqual([]);
      }),
      { seed: 20261204, numRuns: Number(process.env.INCR_RUNS ?? 500) },
    );
    // 500 runs take 30 s on a quiet machine, over 100 s on a loaded one: the time limit is for a hang, not a speed.
  }, 600_000);
});
