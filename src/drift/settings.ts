// Setting-level drift between two snapshots of one device. Pure; neither snapshot is copied.
// Lists of things with an identity (firewall rules, accounts, services, volumes, DICOM entities, …)
// are compared by that identity, so a reordered list is not a change; lists of plain values
// (ports, groups, key protectors) are compared as sets. Both snapshots were redacted when read
// (src/snapshot/load.ts): a secret is "[REDACTED]" on both sides, and reported as changed only
// when the in-memory fingerprints of what each held differ (src/snapshot/secrets.ts).
import { maskCopiesIn, REDACTED, redactedHere, sameRawBytes, secretFingerprint, secretsFoundIn, secretsTogether } from '../snapshot/secrets.js';
import { sameMoment } from '../io/dates.js';
import type { Layer, Snapshot } from '../snapshot/types.js';
import { LAYERS } from '../snapshot/types.js';
import type { DriftContext, SettingChange } from './types.js';
import type { Check } from '../catalog/types.js';
import { nameSelections, outsideSelection, type NameSelections } from './selected-items.js';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string => (x === undefined || x === null ? '' : String(x));

/**
 * Identity of an item per list (catalog-style field). The key is compared as given except where
 * Windows itself ignores case (account and service names, audit GUIDs, mount points, registry).
 */
export const COLLECTION_KEYS: Readonly<Record<string, { key: (item: Obj) => string; label: (item: Obj) => string }>> = {
  'firewall.profiles[]': { key: (i) => str(i.name), label: (i) => str(i.name) },
  'firewall.rules[]': { key: (i) => `${str(i.name)}|${str(i.direction)}`, label: (i) => `${str(i.name)}|${str(i.direction)}` },
  'hardening.services[]': { key: (i) => str(i.name).toLowerCase(), label: (i) => str(i.name) },
  'hardening.optionalFeatures[]': { key: (i) => str(i.name).toLowerCase(), label: (i) => str(i.name) },
  'hardening.updates.installed[]': { key: (i) => str(i.id).toUpperCase(), label: (i) => str(i.id) },
  'hardening.baseline.differences[]': { key: (i) => str(i.setting), label: (i) => str(i.setting) },
  'malware.allowlisting.collections[]': { key: (i) => str(i.type).toLowerCase(), label: (i) => str(i.type) },
  'access.accounts[]': { key: (i) => str(i.name).toLowerCase(), label: (i) => str(i.name) },
  // Windows compares both names without case; the member by SID where the export gives one.
  'access.nestedGroups[]': { key: (i) => `${str(i.group).toLowerCase()}|${str(i.sid ?? i.member).toLowerCase()}`, label: (i) => `${str(i.group)} holds ${str(i.member)}` },
  'audit.subcategories[]': { key: (i) => str(i.guid).toLowerCase().replace(/[{}]/g, ''), label: (i) => (i.name ? `${str(i.name)} ${str(i.guid)}` : str(i.guid)) },
  'audit.logs[]': { key: (i) => str(i.name).toLowerCase(), label: (i) => str(i.name) },
  'encryption.volumes[]': { key: (i) => str(i.mountPoint).toUpperCase(), label: (i) => str(i.mountPoint) },
  'encryption.dicom.applicationEntities[]': { key: (i) => str(i.aeTitle), label: (i) => str(i.aeTitle) },
  'encryption.certificates[]': { key: (i) => `${str(i.subject)}|${str(i.purpose)}`, label: (i) => (i.purpose ? `${str(i.subject)}|${str(i.purpose)}` : str(i.subject)) },
};

/** Identity fields whose spelling may vary without meaning (case, GUID braces): compared normalised. */
const CASELESS_IDENTITY = new Set([
  'access.accounts[].name', 'hardening.services[].name', 'hardening.optionalFeatures[].name', 'audit.logs[].name',
  'audit.subcategories[].guid', 'encryption.volumes[].mountPoint', 'malware.allowlisting.collections[].type', 'hardening.updates.installed[].id',
]);
const normalised = (v: string) => v.toLowerCase().replace(/[{}]/g, '');

/** Object fields whose keys Windows treats without case (registry value paths). */
const CASELESS_OBJECTS = new Set(['hardening.registry']);

/** Metadata, not settings: never reported as drift. */
// Collection metadata, not settings: what was collected (coverage) and what a policy file intends (intended).
const SKIP_TOP = new Set(['schemaVersion', 'collectedAt', 'collector', 'sources', 'provenance', 'coverage', 'intended']);

/**
 * Values that move with every collection (timestamps of the last update, sync, send, logon,
 * password change or scan): reported, but flagged `volatile` so that they alone do not make a device "changed".
 */
export const VOLATILE_FIELDS = new Set([
  'malware.antimalware.signatureUpdatedAt',
  'malware.antimalware.signatureAgeDays',
  'malware.antimalware.signatureVersion',
  'malware.antimalware.lastFullScanAt',
  'audit.timeSync.lastSuccessfulSyncAt',
  'audit.syslog.lastSuccessfulSendAt',
  'access.accounts[].lastLogon',
  // A password changed as its maximum age requires is routine, not a configuration change.
  'access.accounts[].passwordLastSet',
  'encryption.volumes[].percentageEncrypted',
]);

const ITEM_FALLBACK_KEYS = ['name', 'id', 'aeTitle', 'mountPoint', 'guid', 'type', 'subject', 'setting'];

function layerOf(field: string): Layer | 'device' {
  const top = field.split(/[.[]/, 1)[0] as Layer;
  return (LAYERS as readonly string[]).includes(top) ? top : 'device';
}

/** Which checks read a field: the field itself, a value inside it, or a list/object that holds it. */
export class FieldCheckIndex {
  private readonly cache = new Map<string, string[]>();
  private readonly reads: Array<{ check: string; read: string }> = [];

  constructor(readsByCheck: ReadonlyMap<string, readonly string[]>) {
    for (const [check, reads] of readsByCheck) {
      for (const r of reads) {
        this.reads.push({ check, read: r.toLowerCase() });
        // every/none/some take an object as a list of one (SERVICE-MFA's access.serviceAccess[].method):
        // its change is at access.serviceAccess.method, which must find the check all the same.
        if (r.includes('[]')) this.reads.push({ check, read: r.replace(/\[\]/g, '').toLowerCase() });
      }
    }
  }

  checksFor(field: string): string[] {
    let hit = this.cache.get(field);
    if (hit) return hit;
    const f = field.toLowerCase();
    const out = new Set<string>();
    for (const { check, read } of this.reads) {
      if (read === f || within(f, read) || within(read, f)) out.add(check);
    }
    hit = [...out];
    this.cache.set(field, hit);
    return hit;
  }
}

/** True when `inner` lies inside `outer` ("a.b[].c" inside "a.b[]" or "a.b"). */
function within(inner: string, outer: string): boolean {
  if (!inner.startsWith(outer)) return false;
  const next = inner.charAt(outer.length);
  return next === '.' || next === '[';
}

const INDEXES = new WeakMap<object, FieldCheckIndex>();
function indexFor(ctx: Pick<DriftContext, 'readsByCheck'>): FieldCheckIndex {
  let idx = INDEXES.get(ctx.readsByCheck);
  if (!idx) INDEXES.set(ctx.readsByCheck, (idx = new FieldCheckIndex(ctx.readsByCheck)));
  return idx;
}

/**
 * Two members that read alike but held different secrets (known only for snapshots redacted in this
 * run): "[REDACTED]" both, a text with its secret masked ("Password=[REDACTED];"), or a member whose
 * name was the secret (an SNMP community: "…\\TrapConfiguration\\[REDACTED]\\1" = the same destination).
 */
function secretChanged(a: object, ak: string | number, b: object, bk: string | number): boolean {
  const x = secretFingerprint(a, ak);
  const y = secretFingerprint(b, bk);
  return x !== undefined && y !== undefined && x !== y && same((a as Obj)[ak as string], (b as Obj)[bk as string]);
}

/** What a secret that changed behind a masked member shows: the masked text itself, else [REDACTED] (never the data of a masked name). */
const maskedShown = (v: unknown): unknown => (typeof v === 'string' && v.includes(REDACTED) ? v : REDACTED);

/**
 * True when two reads of a device are the same snapshot, told by their hashes: except that two
 * snapshots redacted in this run hash as their redacted bytes, alike whatever secrets they held
 * (a changed bind password, an SNMP community renamed): those are compared member by member,
 * unless both were read from the same bytes (a fleet's unchanged devices: no walk for them).
 */
export function sameSnapshot(a: { sha256: string; snapshot: Snapshot }, b: { sha256: string; snapshot: Snapshot }): boolean {
  if (a.sha256 !== b.sha256) return false;
  return !(redactedHere(a.snapshot) && redactedHere(b.snapshot)) || sameRawBytes(a.snapshot, b.snapshot);
}

/**
 * Deep equality of two parsed JSON values, without allocating: most of a device's settings are
 * the same between two collections, and proving a subtree unchanged this way is far cheaper than
 * walking it with paths and key sets. Two equal values never yield a change below (every branch
 * of Differ.value reports nothing for them), so skipping them changes no output.
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i]) || secretChanged(a, i, b, i)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let n = 0;
  for (const k in a) {
    if (!Object.prototype.hasOwnProperty.call(a, k)) continue;
    if (!Object.prototype.hasOwnProperty.call(b, k) || !same((a as Obj)[k], (b as Obj)[k]) || secretChanged(a, k, b, k)) return false;
    n++;
  }
  for (const k in b) if (Object.prototype.hasOwnProperty.call(b, k)) n--;
  return n === 0;
}

/** The checks that select items of a list by name (selected-items.ts), by id: only they narrow a change's checks. */
const SELECTIONS = new WeakMap<readonly Check[], ReadonlyMap<string, NameSelections>>();
function selectionsOf(checks: readonly Check[]): ReadonlyMap<string, NameSelections> {
  let hit = SELECTIONS.get(checks);
  if (!hit) SELECTIONS.set(checks, (hit = new Map(checks.flatMap((c) => { const s = nameSelections(c); return s.size ? [[c.id, s] as const] : []; }))));
  return hit;
}

/**
 * The checks a setting change can move: those reading its field, less those that read its list
 * only through a `where` on the item's name and do not select this item (MAL-SIG-AGE and a
 * TermService change). The one rule for drift.json's `checks` and a check change's cause
 * (compute.ts); which checks are evaluated again follows every read (side.ts redoChecks).
 */
function narrowed(path: string, ids: string[], selections: ReadonlyMap<string, NameSelections>): string[] {
  if (!selections.size) return ids;
  const out = ids.filter((id) => { const s = selections.get(id); return !s || !outsideSelection(path, s); });
  return out.length === ids.length ? ids : out;
}

class Differ {
  readonly out: SettingChange[] = [];
  /** Fields that differ in a way that is no setting change (order, repeats, case of a name): see quietFields. */
  readonly quiet: string[] = [];
  constructor(private readonly idx: FieldCheckIndex, private readonly selections: ReadonlyMap<string, NameSelections>) {}

  emit(path: string, field: string, kind: SettingChange['kind'], oldV: unknown, newV: unknown, secretBehind = false): void {
    const secret = secretBehind || oldV === REDACTED || newV === REDACTED;
    const change: SettingChange = { path, field, kind, layer: layerOf(field), checks: narrowed(path, this.idx.checksFor(field), this.selections) };
    if (kind !== 'added') change.old = oldV;
    if (kind !== 'removed') change.new = newV;
    if (secret) change.secret = true;
    if (VOLATILE_FIELDS.has(field)) change.volatile = true;
    this.out.push(change);
  }

  value(a: unknown, b: unknown, path: string, field: string): void {
    if (a === b) return; // deep-equal values are skipped by the callers (object, caseless, list)
    if (a === undefined) return this.emit(path, field, 'added', undefined, b);
    if (b === undefined) return this.emit(path, field, 'removed', a, undefined);
    if (Array.isArray(a) && Array.isArray(b)) return this.list(a, b, path, field);
    if (isObj(a) && isObj(b)) return this.object(a, b, path, field);
    if (typeof a === 'string' && typeof b === 'string' && CASELESS_IDENTITY.has(field) && normalised(a) === normalised(b)) return void this.quiet.push(field);
    // One date written two ways (a release day and its midnight, an instant at another offset) is
    // no change; the checks reading it are judged again, since their texts quote it as written.
    if (typeof a === 'string' && typeof b === 'string' && sameMoment(a, b)) return void this.quiet.push(field);
    if (typeof a !== 'object' && typeof b !== 'object') return this.emit(path, field, 'changed', a, b);
    // A value changed shape (a scalar became a list, …): one change, whole values.
    if (JSON.stringify(a) !== JSON.stringify(b)) this.emit(path, field, 'changed', a, b);
  }

  object(a: Obj, b: Obj, path: string, field: string): void {
    if (CASELESS_OBJECTS.has(field)) return this.caseless(a, b, path, field);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      if (field === '' && SKIP_TOP.has(k)) continue;
      const sub = field ? `${field}.${k}` : k;
      if (secretChanged(a, k, b, k)) this.emit(path ? `${path}.${k}` : k, sub, 'changed', maskedShown(a[k]), maskedShown(b[k]), true);
      if (same(a[k], b[k])) continue;
      this.value(a[k], b[k], path ? `${path}.${k}` : k, sub);
    }
  }

  private caseless(a: Obj, b: Obj, path: string, field: string): void {
    const am = new Map(Object.keys(a).map((k) => [k.toLowerCase(), k] as const));
    const bm = new Map(Object.keys(b).map((k) => [k.toLowerCase(), k] as const));
    for (const lk of [...new Set([...am.keys(), ...bm.keys()])].sort()) {
      const ak = am.get(lk);
      const bk = bm.get(lk);
      const name = bk ?? ak!;
      if (ak !== undefined && bk !== undefined && secretChanged(a, ak, b, bk)) this.emit(`${path}[${name}]`, `${field}.${name}`, 'changed', maskedShown(a[ak]), maskedShown(b[bk]), true);
      if (ak !== undefined && bk !== undefined && same(a[ak], b[bk])) {
        if (ak !== bk) this.quiet.push(`${field}.${name}`);
        continue;
      }
      this.value(ak === undefined ? undefined : a[ak], bk === undefined ? undefined : b[bk], `${path}[${name}]`, `${field}.${name}`);
    }
  }

  list(a: unknown[], b: unknown[], path: string, field: string): void {
    const itemField = `${field}[]`;
    const objects = a.every(isObj) && b.every(isObj);
    if (!objects) return this.set(a, b, path, itemField);
    const spec = COLLECTION_KEYS[itemField] ?? fallbackSpec(a as Obj[], b as Obj[]);
    const [am, bm] = keyedPair(a as Obj[], b as Obj[], spec);
    // The same items in another order: texts list them in list order.
    const common = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k)).join('\n');
    if (common(am, bm) !== common(bm, am)) this.quiet.push(field);
    const keys = [...new Set([...am.keys(), ...bm.keys()])].sort();
    for (const k of keys) {
      const x = am.get(k);
      const y = bm.get(k);
      if (x && y && same(x.item, y.item)) continue;
      const label = y?.label ?? x!.label;
      const p = `${path}[${label}]`;
      if (!x) this.emit(p, itemField, 'added', undefined, y!.item);
      else if (!y) this.emit(p, itemField, 'removed', x.item, undefined);
      else this.object(x.item, y.item, p, itemField);
    }
  }

  /** Plain values: order does not matter; each value added or removed is one change. */
  private set(a: unknown[], b: unknown[], path: string, itemField: string): void {
    const key = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    const as = new Map(a.map((v) => [key(v), v] as const));
    const bs = new Map(b.map((v) => [key(v), v] as const));
    // Called only when the lists differ: the same values, in another order or repeated, are no change, but texts show the list as it is.
    const before = this.out.length;
    for (const k of [...new Set([...as.keys(), ...bs.keys()])].sort()) {
      if (as.has(k) && bs.has(k)) continue;
      if (as.has(k)) this.emit(`${path}[${k}]`, itemField, 'removed', as.get(k), undefined);
      else this.emit(`${path}[${k}]`, itemField, 'added', undefined, bs.get(k));
    }
    if (this.out.length === before) this.quiet.push(itemField.slice(0, -2));
  }
}

type Spec = { key: (item: Obj) => string; label: (item: Obj) => string };

function fallbackSpec(a: Obj[], b: Obj[]): Spec {
  const k = ITEM_FALLBACK_KEYS.find((f) => [...a, ...b].every((i) => i[f] !== undefined));
  if (k) return { key: (i) => str(i[k]), label: (i) => str(i[k]) };
  // No identity: position is all there is.
  let n = 0;
  return { key: () => String(n++), label: () => `#${n}` };
}

/**
 * Both sides' items by key. A key one item has on each side is the item's. Items sharing a key (a
 * firewall rule of one DisplayName for each profile, exported without its Name) cannot be told by
 * it: matched by position, a rule inserted before them shifted every later one onto its neighbour's
 * settings, and the diff showed changes no rule had. Such items are matched by content instead:
 * an item equal to one on the other side is that item (no change); the rest are paired in list
 * order (a setting changed on one of them) and any left over are added or removed. Equal items are
 * never merged: each keeps its own key. Labels number an item by its place among those sharing the
 * key, on the side it comes from ("#2": the second of that name).
 */
/** JSON text of a value with every object's keys sorted: equal for items equal but for key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}

function keyedPair(a: Obj[], b: Obj[], spec: Spec): [Map<string, { item: Obj; label: string }>, Map<string, { item: Obj; label: string }>] {
  const positions = (items: Obj[]) => {
    const m = new Map<string, number[]>();
    items.forEach((item, i) => {
      const k = spec.key(item);
      const list = m.get(k);
      if (list) list.push(i);
      else m.set(k, [i]);
    });
    return m;
  };
  const pa = positions(a);
  const pb = positions(b);
  // Each item's key and label by its place in its list; the maps are filled in list order, which
  // the caller reads to tell a reorder.
  const ka: Array<[string, string]> = [];
  const kb: Array<[string, string]> = [];
  for (const base of new Set([...pa.keys(), ...pb.keys()])) {
    const xs = pa.get(base) ?? [];
    const ys = pb.get(base) ?? [];
    if (xs.length <= 1 && ys.length <= 1) {
      if (xs[0] !== undefined) ka[xs[0]] = [base, spec.label(a[xs[0]]!)];
      if (ys[0] !== undefined) kb[ys[0]] = [base, spec.label(b[ys[0]]!)];
      continue;
    }
    const numbered = (item: Obj, at: number) => `${spec.label(item)}#${at + 1}`;
    // NEW's namesakes by their content's canonical text: thousands of rules of one name are matched
    // in linear time, each candidate confirmed by same() (which also sees a secret that changed).
    const byContent = new Map<string, number[]>();
    ys.forEach((j, m) => {
      const c = canonical(b[j]);
      const list = byContent.get(c);
      if (list) list.push(m);
      else byContent.set(c, [m]);
    });
    const taken = new Set<number>();
    const restA: number[] = [];
    let equal = 0;
    xs.forEach((i, n) => {
      const m = (byContent.get(canonical(a[i])) ?? []).find((mm) => !taken.has(mm) && same(a[i], b[ys[mm]!]));
      if (m === undefined) return void restA.push(n);
      taken.add(m);
      const k = `${base}#=${++equal}`;
      ka[i] = [k, numbered(a[i]!, n)];
      kb[ys[m]!] = [k, numbered(b[ys[m]!]!, m)];
    });
    restA.forEach((n, r) => (ka[xs[n]!] = [`${base}#~${r + 1}`, numbered(a[xs[n]!]!, n)]));
    ys.map((_, m) => m).filter((m) => !taken.has(m)).forEach((m, r) => (kb[ys[m]!] = [`${base}#~${r + 1}`, numbered(b[ys[m]!]!, m)]));
  }
  const fill = (items: Obj[], keys: Array<[string, string]>) => new Map(items.map((item, i) => [keys[i]![0], { item, label: keys[i]![1] }] as const));
  return [fill(a, ka), fill(b, kb)];
}

/**
 * Every setting that differs between two snapshots of one device, in path order. The snapshots
 * are redacted ones (src/snapshot/load.ts readSnapshot); a secret that changed is reported as
 * changed with "[REDACTED]" on both sides.
 */
export function diffSettings(old: Snapshot, neu: Snapshot, ctx: Pick<DriftContext, 'readsByCheck' | 'checks'>): SettingChange[] {
  const d = new Differ(indexFor(ctx), selectionsOf(ctx.checks));
  d.object(old as unknown as Obj, neu as unknown as Obj, '', '');
  if (d.quiet.length) QUIET.set(d.out, d.quiet);
  // A secret of either side is masked in the other's values too: OLD's bind password that NEW
  // states as a plain value (a location) is still the password, though NEW alone cannot tell.
  const a = secretsFoundIn(old);
  const b = secretsFoundIn(neu);
  if (a.length || b.length) {
    const secrets = secretsTogether(a, b);
    for (const c of d.out) {
      c.path = maskCopiesIn(c.path, secrets) as string;
      if ('old' in c) c.old = maskCopiesIn(c.old, secrets);
      if ('new' in c) c.new = maskCopiesIn(c.new, secrets);
    }
  }
  return d.out;
}

// Kept beside the returned array, not in it, so drift.json's settings stay as they were. Every caller
// passes the array to redoChecks in the same thread; a structured clone would lose it (the check of
// policy-pointer items in judgedAlike still catches a reordered list's status).
const QUIET = new WeakMap<readonly SettingChange[], readonly string[]>();

/** Deep equality of two parsed JSON values (secrets that differ behind [REDACTED] are unequal). */
export const sameJson = same;

/**
 * The fields of a diffSettings result that differ without a setting change: a keyed list in
 * another order, a plain list with its values reordered or repeated, a name or registry path in
 * other case, a date written another way (sameMoment). Not drift (docs/drift.md), but a check's texts show the list in its order and the
 * names as spelled: the checks reading them are evaluated again (side.ts redoChecks).
 */
export function quietFields(settings: readonly SettingChange[]): readonly string[] {
  return QUIET.get(settings) ?? [];
}

/** The checks that read a field (as SettingChange.checks). */
export function checksReading(field: string, ctx: Pick<DriftContext, 'readsByCheck'>): string[] {
  return indexFor(ctx).checksFor(field);
}
