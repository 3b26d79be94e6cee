// What a snapshot can say about a value it does not hold: whether a source that would hold it was
// collected (docs/snapshot-format.md, "Coverage"). Pure. The evaluator asks before it reads an
// absent value as "not set" (`if-absent`) and before it takes a list for the whole list.
import { ONE_PROFILE_SOURCES, REGISTRY_SOURCES, trimBackslashes } from './registry-fields.js';
import type { CoverageEntry, Provenance, Snapshot } from './types.js';
import { MASKED_REASON_HEAD, REDACTED } from './secrets.js';
import { knownKind } from './source-kinds.js';

/** Covered: the absence means "not set". Otherwise why not, for the result's reason. */
export type CoverageAnswer = { covered: true } | { covered: false; reason: string };

const REGISTRY = 'hardening.registry';
const COVERED: CoverageAnswer = { covered: true };

/**
 * How a reason names a field or scope of the snapshot: the evaluator passes the check's plain
 * names ("Screen lock", "firewall profiles"); a registry value is named by its registry path, which
 * is evidence. Without one, the dotted path.
 */
export type ScopeNamer = (scope: string) => string;
const AS_WRITTEN: ScopeNamer = (scope) => scope;

/** A coverage entry's scope in a reason: a registry value by its path, any other by the namer. */
function scopeText(scope: string, nameOf: ScopeNamer): string {
  return scope.startsWith(`${REGISTRY}.`) ? `the registry value ${scope.slice(REGISTRY.length + 1)}` : nameOf(scope);
}

const HIVES: Array<[RegExp, string]> = [
  [/^(HKEY_LOCAL_MACHINE|HKLM|MACHINE)(?=\\|$)/i, 'HKLM'],
  [/^(HKEY_CURRENT_USER|HKCU|USER)(?=\\|$)/i, 'HKCU'],
  [/^(HKEY_USERS|HKU)(?=\\|$)/i, 'HKU'],
];

/** "HKEY_LOCAL_MACHINE\SOFTWARE\X" and "HKLM\Software\X" -> "hklm\software\x" (registry paths compare without case). */
export function canonicalRegistryPath(path: string): string {
  let p = trimBackslashes(path);
  for (const [re, short] of HIVES) p = p.replace(re, short);
  return p.toLowerCase();
}

/** The registry value path (without its value name): "HKLM\...\Installer" for "HKLM\...\Installer\AlwaysInstallElevated". */
function keyOf(valuePath: string): string {
  const i = valuePath.lastIndexOf('\\');
  return i > 0 ? valuePath.slice(0, i) : valuePath;
}

/**
 * Why coverage cannot answer when a record of it holds a mask (a scope or key that repeats a secret found
 * elsewhere in the snapshot, masked as its copy): the masked record may be the one that covers the value
 * or the list, so neither "not set" nor "whole" is known; undefined when none holds one.
 */
function maskedCoverage(snapshot: Snapshot): string | undefined {
  // Asked for every list a check finds without a coverage entry of its own, for every device: the
  // scan of every entry's keys is made once per snapshot (its coverage and sources as read).
  const seen = MASKED_COVERAGE.get(snapshot);
  if (seen && seen.coverage === snapshot.coverage && seen.sources === snapshot.sources) return seen.reason;
  const masked = (snapshot.coverage ?? []).some((e) => e.scope.includes(REDACTED) || (e.keys ?? []).some((k) => k.includes(REDACTED))) || (snapshot.sources ?? []).some((s) => s.kind?.includes(REDACTED));
  const reason = masked ? `${MASKED_REASON_HEAD} (the record of what the exports were and covered, sources and coverage): the snapshot repeats there a secret found elsewhere in it, so what they covered is not known` : undefined;
  MASKED_COVERAGE.set(snapshot, { coverage: snapshot.coverage, sources: snapshot.sources, reason });
  return reason;
}
const MASKED_COVERAGE = new WeakMap<Snapshot, { coverage: Snapshot['coverage']; sources: Snapshot['sources']; reason: string | undefined }>();

/** A coverage answer "not covered" with the masked record's reason added, where one holds a mask. */
function withMasked(snapshot: Snapshot, a: CoverageAnswer): CoverageAnswer {
  if (a.covered) return a;
  const masked = maskedCoverage(snapshot);
  return masked === undefined || a.reason.includes(MASKED_REASON_HEAD) ? a : { covered: false, reason: `${a.reason}; ${masked}` };
}

function entries(snapshot: Snapshot, scope: string): CoverageEntry[] {
  return (snapshot.coverage ?? []).filter((e) => e.scope === scope);
}

function partialSources(list: readonly CoverageEntry[]): string {
  return list.map((e) => `${e.source}${e.note ? ` (${e.note})` : ''}`).join('; ');
}

/**
 * Whether a registry value ("HKLM\...\Name") was collected by an effective export that read its
 * key (or the value itself) in full, so that its absence means the value is not set on the console.
 */
export function registryValueCoverage(snapshot: Snapshot, valuePath: string): CoverageAnswer {
  return withMasked(snapshot, registryValueCovered(snapshot, valuePath));
}

function registryValueCovered(snapshot: Snapshot, valuePath: string): CoverageAnswer {
  const want = canonicalRegistryPath(valuePath);
  const list = entries(snapshot, REGISTRY);
  for (const e of list) {
    if (!e.complete || e.effective === false) continue;
    for (const k of e.keys ?? []) {
      const key = canonicalRegistryPath(k);
      if (want === key || want.startsWith(`${key}\\`)) return COVERED;
    }
  }
  const others = list.filter((e) => !(e.complete && e.effective !== false && (e.keys?.length ?? 0) > 0));
  const full = list.filter((e) => e.complete && e.effective !== false && (e.keys?.length ?? 0) > 0);
  const parts = [`no registry export covering ${keyOf(valuePath)}`];
  if (full.length) parts.push(`the exports read ${full.flatMap((e) => e.keys ?? []).join(', ')}`);
  if (others.length) parts.push(`registry values also came from ${partialSources(others)}`);
  if (!list.length) parts.push('the snapshot does not say which registry keys were collected');
  return { covered: false, reason: parts.join('; ') };
}

/**
 * Whether an absent value at `field` (dotted, from the snapshot root) was collected as absent:
 * a registry value or a field read from one (REGISTRY_SOURCES) needs an effective export of its
 * key; any other field needs a complete source for a scope that contains it.
 */
export function fieldCoverage(snapshot: Snapshot, field: string, nameOf: ScopeNamer = AS_WRITTEN): CoverageAnswer {
  return withMasked(snapshot, fieldCovered(snapshot, field, nameOf));
}

function fieldCovered(snapshot: Snapshot, field: string, nameOf: ScopeNamer): CoverageAnswer {
  if (field.startsWith(`${REGISTRY}.`)) return registryValueCoverage(snapshot, field.slice(REGISTRY.length + 1));
  const name = nameOf(field);
  const regs = REGISTRY_SOURCES[field];
  if (regs) {
    // An effective export held the value but it could not be read as the field (a REG_SZ where
    // Windows reads a DWORD): its absence from the field is not "not set".
    const wanted = new Set(regs.map(canonicalRegistryPath));
    const unread = (snapshot.coverage ?? []).find((e) => !e.complete && e.effective === true && e.note && e.scope.startsWith(`${REGISTRY}.`) && wanted.has(canonicalRegistryPath(e.scope.slice(REGISTRY.length + 1))));
    if (unread) return { covered: false, reason: `${scopeText(unread.scope, nameOf)}: ${unread.source} ${unread.note}` };
    let first: CoverageAnswer | undefined;
    for (const r of regs) {
      const a = registryValueCoverage(snapshot, r);
      if (a.covered) return a;
      first ??= a;
    }
    // The field may also be collected directly (e.g. winlogon.json gives access.autologon).
    if (scopeComplete(snapshot, field)) return COVERED;
    return { covered: false, reason: `${name} is read from the registry value ${regs.join(' or ')}: ${(first as { reason: string }).reason}` };
  }
  if (scopeComplete(snapshot, field)) return COVERED;
  const around = (snapshot.coverage ?? []).filter((e) => field === e.scope || field.startsWith(`${e.scope}.`));
  return { covered: false, reason: around.length ? `${name}: only ${partialSources(around)}, which do not hold all of it` : `no source that would hold ${name} was collected` };
}

/**
 * Fields only the vendor's configuration export gives (docs/ingest.md, "Vendor settings"): Windows
 * holds no such value. The vendor file is read whole, so one it leaves out was not declared; but
 * where the snapshot's sources list no vendor configuration at all, the field was never read, and
 * its absence says nothing (SCREEN-LOCK-TIMEOUT passed on a "does not suppress the lock" nobody
 * collected). A snapshot without `sources` (hand-written) is taken at its word.
 */
const VENDOR_ONLY_FIELDS: ReadonlySet<string> = new Set(['access.screenLock.noLockDuringAcquisition', 'access.screenLock.applicationLockSecs']);

/**
 * Whether the snapshot's sources tell that a vendor configuration was read: `untold` without a
 * sources list (taken at its word), else `vendor`, `masked` (a source kind masked as a copy of a
 * secret: it may be the vendor file) or `none`. What vendorFieldAbsence rests on, so
 * drift redoes the checks reading vendor-only fields when it differs between two collections.
 */
export function vendorSourceState(snapshot: Snapshot): 'untold' | 'vendor' | 'masked' | 'none' {
  if (snapshot.sources === undefined) return 'untold';
  // Read through knownKind, the one spelling rule for kinds: 'Vendor-Config ' is the vendor file too.
  if (snapshot.sources.some((s) => knownKind(s.kind) === 'vendor-settings')) return 'vendor';
  // A source whose kind is masked (a copy of a secret) may be the vendor settings file.
  return snapshot.sources.some((s) => s.kind?.includes(REDACTED)) ? 'masked' : 'none';
}

/** The vendor-only fields (dotted), whose absence vendorSourceState decides the meaning of. */
export const VENDOR_ONLY_FIELD_LIST: readonly string[] = [...VENDOR_ONLY_FIELDS];

/** Why an absent vendor-only field (dotted, `[]` for items allowed) was not collected, or undefined. */
export function vendorFieldAbsence(snapshot: Snapshot, field: string, nameOf: ScopeNamer = AS_WRITTEN): string | undefined {
  const plain = field.includes('[]') ? field.replace(/\[\]/g, '') : field;
  const state = VENDOR_ONLY_FIELDS.has(plain) ? vendorSourceState(snapshot) : 'untold';
  if (state === 'untold' || state === 'vendor') return undefined;
  // A source whose kind is masked (a copy of a secret) may be the vendor settings file.
  if (state === 'masked') return maskedCoverage(snapshot);
  return `${nameOf(field)} is given only by the vendor settings file, and none was collected`;
}

function scopeComplete(snapshot: Snapshot, field: string): boolean {
  return (snapshot.coverage ?? []).some((e) => e.complete && e.effective !== false && (field === e.scope || field.startsWith(`${e.scope}.`)));
}

/**
 * Whether a list's name is a plural ("firewall profiles", "accounts", "lock settings"), so that its
 * verb agrees: the one rule for every name a reason gives a list. Its head noun (the last word
 * before a qualifier: "Principals with access") ends in "s", but not in "ss", "us" or "is"
 * ("access", "status", "analysis" are singular). A dotted path (a check
 * without wording) is named as written and reads as one name.
 */
export function plural(name: string): boolean {
  if (/[.[\]]/.test(name)) return false;
  // The name's head noun: after a lead-in ("System, one of the event log files: Principals with
  // access"), before a qualifier ("Principals with access", "SID of the local group").
  const head = (name.split(': ').pop() ?? name).split(/ (?:with|of|in|for|on|by|that|whose|nested) /)[0]!;
  const last = head.trim().split(/\s+/).pop() ?? '';
  return /[a-z]s$/i.test(last) && !/(ss|us|is)$/i.test(last);
}

/**
 * Whether the list at `scope` (e.g. "access.accounts") is the whole list. A list with no coverage
 * entry is taken as collected whole (the snapshot's author wrote the list read); one whose every
 * source declares itself incomplete (an INF's built-in accounts, a GPO's audit settings) is not.
 */
export function listCoverage(snapshot: Snapshot, scope: string, nameOf: ScopeNamer = AS_WRITTEN): CoverageAnswer {
  const list = entries(snapshot, scope);
  if (list.some((e) => e.complete)) return COVERED;
  // No entry for the scope is taken as whole: not where a masked record may be its entry.
  if (list.length === 0) return maskedCoverage(snapshot) === undefined ? COVERED : { covered: false, reason: maskedCoverage(snapshot)! };
  const name = nameOf(scope);
  return withMasked(snapshot, { covered: false, reason: `${name} ${plural(name) ? 'hold' : 'holds'} only part of the list: ${partialSources(list)}` });
}

/**
 * Why a value absent from the snapshot was not collected, where its coverage says (a file the
 * collection script could not write, a source that holds only part of the scope). Empty when the
 * snapshot does not say.
 */
export function absenceNotes(snapshot: Snapshot, field: string, nameOf: ScopeNamer = AS_WRITTEN): string[] {
  // A registry value (or a field read from one) has notes of its own: a record that was not read (registry.pol).
  const values = field.startsWith(`${REGISTRY}.`) ? [field.slice(REGISTRY.length + 1)] : [...(REGISTRY_SOURCES[field] ?? [])];
  if (values.length) {
    const wanted = new Set(values.map(canonicalRegistryPath));
    const own = (snapshot.coverage ?? []).filter((e) => !e.complete && e.note && e.scope.startsWith(`${REGISTRY}.`) && wanted.has(canonicalRegistryPath(e.scope.slice(REGISTRY.length + 1))));
    const notes = own.map((e) => `${scopeText(e.scope, nameOf)}: ${e.source} ${e.note}`);
    if (field.startsWith(`${REGISTRY}.`)) return notes;
    return [...notes, ...oneProfileNote(field, nameOf), ...absenceNotesOf(snapshot, field, nameOf)];
  }
  return absenceNotesOf(snapshot, field, nameOf);
}

/** Why a field with a one-profile twin (the collecting account's screen saver) is not read from it. */
export function oneProfileNote(field: string, nameOf: ScopeNamer): string[] {
  const own = ONE_PROFILE_SOURCES[field];
  if (own === undefined) return [];
  return [
    `${nameOf(field)} counts only as Group Policy sets it for every user (${(REGISTRY_SOURCES[field] ?? []).join(' or ')}), and the snapshot holds no such value; ` +
      `${own.join(' or ')} is the own setting of the account that ran the collection, which says nothing of the clinical users' sessions`,
  ];
}

function absenceNotesOf(snapshot: Snapshot, field: string, nameOf: ScopeNamer): string[] {
  return (snapshot.coverage ?? [])
    .filter((e) => !e.complete && e.note && (field === e.scope || field.startsWith(`${e.scope}.`)))
    .map((e) => `${scopeText(e.scope, nameOf)}: ${e.source} ${e.note}`);
}

/**
 * The first coverage entry that vouches for a scope (complete) from a file the snapshot does not
 * list among its `sources`, where it lists them: absence there would read as "not set", and a
 * list as whole, on the word of a file that is not in the snapshot (AUTOLOGON-OFF and
 * OS-INSTALLER-NO-ELEVATION passed on a winlogon.json or registry.reg the sources do not hold).
 * Ingest lists every file it read; a snapshot without `sources` (written by hand or another tool)
 * has no list to hold its coverage to, and is taken at its word. Undefined when none.
 */
export function coverageWithoutSource(snapshot: Snapshot): { index: number; entry: CoverageEntry } | undefined {
  if (snapshot.sources === undefined) return undefined;
  const files = new Set(snapshot.sources.map((s) => s.file));
  const list = snapshot.coverage ?? [];
  for (let index = 0; index < list.length; index++) {
    const entry = list[index]!;
    if (entry.complete && !files.has(entry.source)) return { index, entry };
  }
  return undefined;
}

/**
 * A registry value's path as one profile's setting is compared: canonical (canonicalRegistryPath,
 * repeated backslashes as one), and a user's hive loaded under HKU (HKU\<SID>\..., HKU\.DEFAULT\...)
 * as HKCU: that is one profile too, whichever.
 */
function profilePath(path: string): string {
  const p = canonicalRegistryPath(path.trim().replace(/\\{2,}/g, '\\'));
  return p.startsWith('hku\\') && p.indexOf('\\', 4) > 0 ? `hkcu${p.slice(p.indexOf('\\', 4))}` : p;
}

/** One-profile source (canonical) -> the field it is the twin of (ONE_PROFILE_SOURCES, reversed). */
const ONE_PROFILE_FIELD: ReadonlyMap<string, string> = new Map(Object.entries(ONE_PROFILE_SOURCES).flatMap(([field, paths]) => paths.map((p) => [profilePath(p), field] as const)));

/**
 * The registry values a provenance entry says its value was read from: the key and value name of
 * its location as a .reg export states it (`[HKEY_CURRENT_USER\Control Panel\Desktop] "ScreenSaveActive", line 4`),
 * a location that is a value's path itself, and the path its rule says the value was derived from
 * (`derived from registry value HKCU\...\ScreenSaveActive; ...`). The alternatives are not read: they did not decide.
 */
function registryValuesNamed(p: Provenance): string[] {
  const out: string[] = [];
  const loc = p.location ?? '';
  for (const m of loc.matchAll(/\[([^\]]+)\]\s*(?:"([^"]*)"|([^\s",;()]+))/g)) out.push(`${m[1]}\\${m[2] ?? m[3]}`);
  const bare = /^\s*((?:HK|MACHINE\\|USER\\)[^,;]*?)\s*(?:[,;(]|$)/i.exec(loc);
  if (bare) out.push(bare[1]!);
  for (const m of (p.rule ?? '').matchAll(/derived from registry value (.+?)\s*(?:;|$)/g)) out.push(m[1]!);
  return out;
}

const ONE_PROFILE_READS = new WeakMap<Readonly<Record<string, Provenance>>, ReadonlyMap<string, string>>();

/**
 * The values of a snapshot whose provenance names a source that holds one profile's setting alone
 * (ONE_PROFILE_SOURCES: the collecting account's HKCU\Control Panel\Desktop), pointer -> the field
 * that source is the twin of. Ingest no longer reads those sources into a field (7595c67), but a
 * snapshot ingested before carries such values: a verdict resting on one is not collected
 * (evaluate-check.ts), the reason naming why as oneProfileNote does. The registry values
 * themselves (hardening.registry) are what they say they are and are not listed. Computed once
 * per provenance table; empty for a snapshot without provenance.
 */
export function oneProfileReads(snapshot: Snapshot): ReadonlyMap<string, string> {
  const table = snapshot.provenance;
  if (!table) return EMPTY_READS;
  let out = ONE_PROFILE_READS.get(table);
  if (!out) {
    const found = new Map<string, string>();
    for (const k of Object.keys(table)) {
      if (k === '/hardening/registry' || k.startsWith('/hardening/registry/')) continue;
      for (const path of registryValuesNamed(table[k]!)) {
        const field = ONE_PROFILE_FIELD.get(profilePath(path));
        if (field !== undefined) {
          found.set(k, field);
          break;
        }
      }
    }
    ONE_PROFILE_READS.set(table, (out = found));
  }
  return out;
}
const EMPTY_READS: ReadonlyMap<string, string> = new Map();
