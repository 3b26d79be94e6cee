// Merges the parsed exports of one device folder into one Snapshot with provenance per value.
//
// Effective-value rule (docs/ingest.md): when several files give a value, the one from the
// highest-ranked kind wins (KIND_INFO[kind].rank): the collection manifest, then the console's own
// effective exports, then the vendor's settings file, then policy files (registry.pol, GPO
// templates). Every other source and its value stays in provenance.alternatives. Two files of the
// same rank that disagree are an error: the folder holds two different collections.
//
// Where the console's effective export gives a section (secedit /export's password and lockout
// policy, auditpol /backup's subcategories, Get-NetFirewallProfile's profiles), it decides the
// whole section: a policy file's values there are intended values (snapshot `intended`), never
// mixed in where the effective export is silent. Likewise a registry value whose key an effective
// `reg export` read in full, but which it lacks, is not set on the console whatever a GPO says.
import { UserError } from '../io/errors.js';
import { canonicalRegistryPath, registryValueCoverage } from '../snapshot/coverage.js';
import { isSecretValue, quoted } from '../snapshot/secrets.js';
import { isEnumeratedWord } from '../snapshot/enum-words.js';
import { ONE_VISIT_MS, oldestPart, redatedProvenance } from '../snapshot/oldest-part.js';
import { instantMs } from '../io/dates.js';
import { isCanonicalBitLockerMethod } from './bitlocker-method.js';
import { SNAPSHOT_SCHEMA_VERSION, type CoverageEntry, type IntendedValue, type Provenance, type Snapshot } from '../snapshot/types.js';
import { DEFAULT_LONG_TIME, DEFAULT_SHORT_DATE, dayReadingsOf, endOfDay, offsetOf, readingsOf, toRfc3339 } from './datetime.js';
import { DERIVATIONS, type Derivation } from './derive.js';
import { escapePointer } from './json-located.js';
import { EFFECTIVE_EXPORTS_DISAGREE, KIND_INFO, knownExportByName, SCOPES_OF_KIND, SOURCE_CLASS_TEXT } from './known-exports.js';
import type { ExportKind, FactProvenance, FactValue, IngestContext, LocalDateTime, ParsedExport, RegType, PathSeg } from './types.js';
import { firstDifferentComputers } from './computer-name.js';
import { notProvedEntry, notProvedWhy } from '../snapshot/source-kinds.js';

type Resolved = string | number | boolean | null | string[];

interface Candidate {
  value: FactValue;
  prov: FactProvenance;
  kind: ExportKind;
  rank: number;
  seq: number;
  label?: string;
  regType?: RegType;
}

interface Group {
  path: PathSeg[];
  candidates: Candidate[];
}

interface Leaf {
  path: PathSeg[];
  value: Resolved;
  provenance: Provenance;
  label?: string;
  /** A policy file's different value for it (intended, not in force). */
  intended?: IntendedValue;
  /** The winning source's registry type, where it is not REG_DWORD (a number of another type, a string, binary data). */
  regType?: RegType;
}

/**
 * What a derivation's companion value (Derivation `companion`) says of a `true` read from `first`:
 * it agrees (a rule to state), it decides instead (its own `false`), or it was not collected.
 * Absent from an effective export of its key, the component is not installed and `true` stands.
 */
function companionOf(d: Derivation, first: { src: string; leaf: Leaf }, registry: ReadonlyMap<string, Leaf>, coverage: readonly CoverageEntry[]): { rule: string } | { decides: { src: string; leaf: Leaf } } | { missing: string } {
  const c = d.companion!;
  const head = `${first.leaf.label ?? first.src} = ${String(first.leaf.value)} disables one driver only: ${c.why}`;
  const leaf = registry.get(c.source.toLowerCase());
  if (!leaf) {
    if (registryValueCoverage({ coverage } as Snapshot, c.source).covered) return { rule: `${c.source} is not set in the export of its key (not installed)` };
    return { missing: `${head}, and ${c.source} was not collected (no registry export of its key)` };
  }
  const label = leaf.label ?? c.source;
  const v = typeof leaf.value === 'number' && leaf.regType !== 'REG_QWORD' && leaf.regType !== 'REG_DWORD_BIG_ENDIAN' ? d.transform(leaf.value, c.source) : undefined;
  if (v === undefined) return { missing: `${head}, and ${label} is ${quoted(leaf.value)}, not a start type (a DWORD 0 to 4)` };
  return v === true ? { rule: `${label} = ${String(leaf.value)} too` } : { decides: { src: c.source, leaf } };
}

/** Sections the effective export decides whole (docs/ingest.md, "Effective-value rule"). */
const EFFECTIVE_SECTIONS = ['access.passwordPolicy.local', 'access.lockoutPolicy.local', 'audit.subcategories', 'firewall.profiles', 'audit.securityPrivilegeHolders'];

/** What a registry value of this type holds, as a message names it (the type as read, never REG_SZ for every text). */
const textOfType = (t: RegType | undefined): string =>
  t === 'REG_MULTI_SZ' ? 'the multi-string' : t === 'REG_EXPAND_SZ' ? 'the expandable string' : t === 'REG_BINARY' || t === 'REG_NONE' ? 'the binary data' : 'the string';

const classOf = (c: Candidate) => KIND_INFO[c.kind].sourceClass;
const dottedOf = (path: PathSeg[]): string => path.filter((x): x is string => typeof x === 'string').join('.');
const sectionOf = (path: PathSeg[]): string | undefined => {
  const d = dottedOf(path);
  return EFFECTIVE_SECTIONS.find((s) => d === s || d.startsWith(`${s}.`));
};
const registryLabelOf = (path: PathSeg[]): string | undefined => {
  const last = path[path.length - 1];
  return path[0] === 'hardening' && path[1] === 'registry' && typeof last === 'object' && 'key' in last ? last.label : undefined;
};
/** JSON pointer of a path without array elements (objects and registry map entries). */
const pointerOfPath = (path: PathSeg[]): string | undefined =>
  path.some((x) => typeof x === 'object' && 'el' in x) ? undefined : '/' + path.map((x) => escapePointer(typeof x === 'string' ? x : (x as { label: string }).label)).join('/');

/**
 * The effective-export rule for whole sections and for registry keys read in full: removes policy
 * candidates there, and returns the values only a policy file gave (intended, not in force).
 */
function effectiveDecides(groups: Map<string, Group>, coverage: readonly CoverageEntry[], warnings: string[]): Map<string, { path: PathSeg[]; cand: Candidate }> {
  const decided = new Set<string>();
  for (const g of groups.values()) {
    const sec = sectionOf(g.path);
    if (sec && g.candidates.some((c) => classOf(c) === 'effective')) decided.add(sec);
  }
  const probe = { coverage } as Snapshot;
  const intendedOnly = new Map<string, { path: PathSeg[]; cand: Candidate }>();
  const dropped = new Map<string, string[]>();
  for (const [k, g] of groups) {
    const sec = sectionOf(g.path);
    const label = registryLabelOf(g.path);
    const byEffective = (sec !== undefined && decided.has(sec)) || (label !== undefined && registryValueCoverage(probe, label).covered);
    if (!byEffective || !g.candidates.some((c) => classOf(c) === 'policy')) continue;
    const kept = g.candidates.filter((c) => classOf(c) !== 'policy');
    if (kept.length) continue; // the policy value stays an alternative of the effective one
    const best = [...g.candidates].sort((a, b) => b.rank - a.rank || byName(a.prov.file, b.prov.file) || a.seq - b.seq)[0]!;
    groups.delete(k);
    if (pointerOfPath(g.path)) intendedOnly.set(k, { path: g.path, cand: best });
    else {
      const where = displayPath(g.path.slice(0, g.path.findIndex((x) => typeof x === 'object' && 'el' in x) + 1));
      dropped.set(where, [...(dropped.get(where) ?? []), best.prov.file]);
    }
  }
  for (const [where, files] of dropped) {
    warnings.push(`${where} is given only by ${[...new Set(files)].join(', ')} (a policy file), not by the console's effective export of that section: left out (the effective export decides the whole section)`);
  }
  return intendedOnly;
}

/**
 * An effective export that read a registry value's whole key (a `reg export`, complete coverage)
 * and gives no candidate for it: the value was not there when it read the key.
 */
function keyReadWithout(label: string, cands: readonly Candidate[], coverage: readonly CoverageEntry[]): { source: string; key: string } | undefined {
  const want = canonicalRegistryPath(label);
  const giving = new Set(cands.map((c) => c.prov.file));
  for (const e of coverage) {
    if (!e.complete || e.effective === false || giving.has(e.source)) continue;
    const key = (e.keys ?? []).find((k) => want.startsWith(`${canonicalRegistryPath(k)}\\`));
    if (key !== undefined) return { source: e.source, key };
  }
  return undefined;
}

/**
 * A value of Windows' own or the domain's policy that only the vendor settings file gives is the
 * vendor's declaration, not what Windows or the domain enforces (the console may have been changed, a GPO may override
 * it): it is left out of the snapshot, and a coverage note says what the vendor declared and why
 * it is not the console's state, so the checks reading it are not collected with that reason.
 * A value a policy file also gives is then the policy's (intended, not in force).
 */
function vendorDeclaresOnly(groups: Map<string, Group>, coverage: CoverageEntry[]): void {
  for (const [k, g] of groups) {
    const dotted = dottedOf(g.path);
    // Account policy Windows or the domain enforces, which the vendor file may declare: the table's
    // entries for the vendor's kind (src/snapshot/source-kinds.ts; its own maxLength stands).
    const ptr = pointerOfPath(g.path);
    const section = ptr === undefined ? undefined : notProvedEntry('vendor-settings', ptr);
    if (!section) continue;
    const vendor = g.candidates.filter((c) => classOf(c) === 'vendor');
    if (vendor.length === 0 || g.candidates.some((c) => classOf(c) === 'effective')) continue;
    const kept = g.candidates.filter((c) => classOf(c) !== 'vendor');
    if (kept.length) g.candidates = kept;
    else groups.delete(k);
    const v = vendor[0]!;
    coverage.push({
      scope: dotted, source: v.prov.file, kind: v.kind, effective: false, complete: false,
      note: `declares ${JSON.stringify(v.value)}, but only the vendor settings declare it; ${section.why}`,
    });
  }
}

export interface MergeResult {
  snapshot: Snapshot;
  warnings: string[];
}

const segKey = (s: PathSeg): string => (typeof s === 'string' ? `p:${s}` : 'el' in s ? `e:${s.el}` : `k:${s.key}`);
const pathKey = (path: PathSeg[]): string => path.map(segKey).join('\u0000');
const isLocal = (v: FactValue): v is LocalDateTime => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: Resolved, b: Resolved): boolean => JSON.stringify(a) === JSON.stringify(b);
/**
 * A text every reader writes in one canonical form, so two of them differing say two states: a word
 * the snapshot schema enumerates for the field (block/allow, a start type, a conversion status; each
 * reader maps its own spelling to it or refuses the file), or a BitLocker method read into one spelling.
 */
function canonicalText(path: PathSeg[], v: Resolved): boolean {
  if (typeof v !== 'string') return false;
  const field = [...path].reverse().find((x): x is string => typeof x === 'string');
  if (field === undefined) return false;
  if (scopeOf(path) === 'encryption.volumes[].method') return isCanonicalBitLockerMethod(v);
  return isEnumeratedWord(field, v);
}
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Elements of these arrays need these fields; an element without them is left out (with a warning). */
const REQUIRED: Record<string, string[]> = {
  'firewall.profiles': ['name'],
  'firewall.rules': ['name', 'enabled', 'direction', 'action', 'protocol'],
  'hardening.services': ['name'],
  // Not enabled: a domain account in Administrators is kept without it (its checks then say
  // not collected), never dropped, which would make the list look whole without it.
  'access.accounts': ['name'],
  'audit.subcategories': ['guid', 'success', 'failure'],
  'audit.logs': ['name', 'maxSizeKB'],
  'encryption.volumes': ['mountPoint', 'volumeType', 'conversionStatus', 'protectionStatus'],
  'encryption.dicom.applicationEntities': ['aeTitle', 'role', 'tls'],
  'encryption.certificates': ['subject', 'issuer', 'notAfter', 'keyAlgorithm', 'keySize'],
  'malware.allowlisting.collections': ['type', 'enforcementMode'],
};

function ruleText(winner: Candidate, others: Candidate[], disagree: boolean): string {
  const w = KIND_INFO[winner.kind];
  const head = `effective value from ${winner.prov.file} (${w.title})`;
  if (!disagree) return `${others.length + 1} sources agree; ${head}`;
  const reasons = [...new Set(others.map((o) => {
    const l = KIND_INFO[o.kind];
    if (l.sourceClass === w.sourceClass) return `among ${SOURCE_CLASS_TEXT[w.sourceClass]}s, ${w.title} is preferred to ${l.title}`;
    return `${SOURCE_CLASS_TEXT[w.sourceClass]} wins over ${SOURCE_CLASS_TEXT[l.sourceClass]} (${l.title})`;
  }))];
  return `sources disagree; ${head}: ${reasons.join('; ')}`;
}

/**
 * The snapshot's collection time. Files that state one (collection.json, the vendor's settings
 * export) normally agree within minutes; when one is older by more than a day (a vendor export
 * copied in from an earlier visit), its values are that old, and judging them by the newer time
 * would pass stale evidence as current. A snapshot has one collection time and is no fresher than
 * its oldest part: it is dated by the earliest, with a warning naming the file (docs/ingest.md).
 */
function datedByOldest(leaf: Leaf, warnings: string[]): Leaf {
  const at = instantMs(String(leaf.value));
  if (!Number.isFinite(at)) return leaf;
  const found = oldestPart(at, leaf.provenance.alternatives ?? [], (a) => instantMs(String(a.value)));
  if (!found) {
    // The winning time is the oldest, and a later export lies more than a day after it: it is
    // dated right, but the folder still holds two visits, said as when the order is the other way.
    const newer = (leaf.provenance.alternatives ?? []).find((a) => instantMs(String(a.value)) - at > ONE_VISIT_MS);
    if (newer) {
      const days = Math.floor((instantMs(String(newer.value)) - at) / ONE_VISIT_MS);
      warnings.push(
        `${newer.file} says it was written ${String(newer.value)}, ${days} day(s) after the ${String(leaf.value)} of ${leaf.provenance.file}: the folder holds exports of different visits. ` +
          `The snapshot is dated by its oldest export, so all its evidence ages from ${String(leaf.value)}; put exports of one visit in the folder for current evidence`,
      );
    }
    return leaf;
  }
  const { part: oldest, days } = found;
  const { file } = leaf.provenance;
  warnings.push(
    `${oldest.file} says it was written ${String(oldest.value)}, ${days} day(s) before the ${String(leaf.value)} of ${file}: the folder holds exports of different visits. ` +
      `The snapshot is dated by its oldest export, so all its evidence ages from ${String(oldest.value)}; put a current export of ${oldest.file} in the folder for current evidence`,
  );
  return {
    ...leaf,
    value: oldest.value as Resolved,
    provenance: redatedProvenance(leaf.provenance, leaf.value, oldest, `sources disagree by more than a day; the earliest is taken: a snapshot is no fresher than its oldest export (${file} says ${String(leaf.value)})`),
  };
}

/** Places builtin-account facts named by name (vendor users, group members) on the builtin element. */
function aliasBuiltinAccounts(cands: Array<{ path: PathSeg[]; c: Candidate }>): void {
  const names = new Map<string, { name: string; rank: number }>();
  for (const { path, c } of cands) {
    const el = path[2];
    if (path[0] === 'access' && path[1] === 'accounts' && typeof el === 'object' && 'el' in el && el.el.startsWith('builtin:') && path[3] === 'name' && typeof c.value === 'string') {
      const cur = names.get(el.el);
      if (!cur || c.rank > cur.rank) names.set(el.el, { name: c.value.toLowerCase(), rank: c.rank });
    }
  }
  if (names.size === 0) return;
  const byUser = new Map<string, string>();
  for (const [id, { name }] of names) byUser.set(`user:${name}`, id);
  for (const item of cands) {
    const el = item.path[2];
    if (item.path[0] === 'access' && item.path[1] === 'accounts' && typeof el === 'object' && 'el' in el) {
      const target = byUser.get(el.el);
      if (target) item.path = [item.path[0], item.path[1], { el: target }, ...item.path.slice(3)];
    }
  }
}

/**
 * Exports whose format has no end mark: cut exactly between two records (a CSV row with its line
 * break, a reg value, a manage-bde volume, a registry.pol record) they read as whole. Only
 * collection.json's SHA-256 of each file shows such a cut (JSON, XML, secedit's [Version], netsh's
 * profiles and w32tm's and net accounts' lines show theirs).
 */
const NO_END_MARK: ReadonlySet<ExportKind> = new Set<ExportKind>([
  'auditpol-backup', 'firewall-profiles-csv', 'firewall-rules-csv', 'local-users-csv', 'local-group-members-csv', 'services-csv',
  'bitlocker-volumes-csv', 'eventlog-acl-csv', 'reg-export', 'manage-bde-status', 'registry-pol',
]);

/**
 * The warning for exports of collect.ps1 that no digest in collection.json vouches for (a hand-made
 * folder, a collection before collect.ps1 1.2.0): whether they are whole cannot be verified. Said,
 * not assumed either way: reading every list of such a folder as partial would leave most checks of
 * every older collection not collected, for a cut nothing shows.
 */
function unverifiable(parsed: readonly ParsedExport[]): string | undefined {
  const manifests = parsed.filter((p) => p.kind === 'collection-manifest');
  const digested = new Set(manifests.flatMap((p) => Object.keys(p.context?.digests ?? {}).map((n) => n.toLowerCase())));
  const files = parsed.filter((p) => NO_END_MARK.has(p.kind) && knownExportByName(p.file)?.collected !== false && !digested.has(p.file.toLowerCase())).map((p) => p.file);
  if (files.length === 0) return undefined;
  const why = manifests.length === 0
    ? 'there is no collection.json'
    : digested.size === 0 ? `${manifests.map((p) => p.file).join(', ')} records no SHA-256 digests (collect.ps1 1.2.0 and later do)` : `${manifests.map((p) => p.file).join(', ')} records no SHA-256 for them`;
  return `whether ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} whole as collected cannot be verified: ${why}. A file cut exactly between two records (a CSV row with its line break, a reg value, a manage-bde volume) reads as whole, so a check passing on what a list lacks could pass on it; collect again with collect.ps1 1.2.0 or later where that matters`;
}

/** The collection script that exports the firewall's active store (collect/collect.ps1, every version). */
const ACTIVE_STORE_COLLECTOR = 'collect.ps1';

/**
 * The files (lower-case) a collection.json of collect.ps1 lists: those are exported from the
 * active store, where a NotConfigured is Windows' default (`ParsedExport.activeStoreOnly`).
 */
function activeStoreFiles(parsed: readonly ParsedExport[]): Set<string> {
  const files = new Set<string>();
  for (const p of parsed) {
    if (p.kind !== 'collection-manifest' || p.context?.collector?.toLowerCase() !== ACTIVE_STORE_COLLECTOR) continue;
    for (const f of p.context.files ?? []) files.add(f.toLowerCase());
  }
  return files;
}

/**
 * Values a kind of export cannot prove without another beside it (src/snapshot/source-kinds.ts
 * NOT_PROVED_ALONE, the table the evaluator reads for a stored snapshot): Get-MpPreference's,
 * without Get-MpComputerStatus to say whether Defender is the active scanner (as defender-json.ts
 * withholds them in passive mode). Without the proving export each such value is withheld.
 */
function unprovedWithout(p: ParsedExport, sorted: readonly ParsedExport[]): Array<{ path: PathSeg[]; note: string }> {
  const present = new Set(sorted.map((x) => x.kind));
  const seen = new Set<string>();
  const out: Array<{ path: PathSeg[]; note: string }> = [];
  for (const f of p.facts) {
    const ptr = pointerOfPath(f.path);
    const e = ptr === undefined ? undefined : notProvedWhy(p.kind, ptr, present);
    // Only entries a proving export lifts: a vendor's declared policy is left out by vendorDeclaresOnly, with its own note.
    if (!e || e.provedBy === undefined || seen.has(pathKey(f.path))) continue;
    seen.add(pathKey(f.path));
    out.push({ path: f.path, note: e.why });
  }
  return out;
}

export function mergeExports(parsed: readonly ParsedExport[], folder: string): MergeResult {
  const warnings: string[] = [];
  const sorted = [...parsed].sort((a, b) => KIND_INFO[b.kind].rank - KIND_INFO[a.kind].rank || byName(a.file, b.file));
  const ctx: IngestContext = {};
  for (const p of sorted) {
    if (p.context) {
      ctx.shortDatePattern ??= p.context.shortDatePattern;
      ctx.longTimePattern ??= p.context.longTimePattern;
      ctx.utcOffset ??= p.context.utcOffset;
      if (p.context.files) {
        const present = new Set(parsed.map((x) => x.file.toLowerCase()));
        for (const f of p.context.files) if (!present.has(f.toLowerCase())) warnings.push(`${p.file} lists ${f}, which is not among the recognised files of ${folder}`);
      }
      for (const e of p.context.errors ?? []) warnings.push(`the collection script reported for ${e.file || '(unknown file)'}: ${e.message}`);
      // A file that is not as the script wrote it (cut, edited, or from another collection) is no
      // evidence of this one: refused, as a package whose file differs from its manifest.
      const digests = new Map(Object.entries(p.context.digests ?? {}).map(([n, h]) => [n.toLowerCase(), h]));
      for (const x of parsed) {
        const want = digests.get(x.file.toLowerCase());
        if (want !== undefined && want !== x.sha256) {
          throw new UserError(`${p.file} records its SHA-256 as ${want} when the collection script wrote it; the file now has ${x.sha256}: it was cut, edited or replaced after collection, so it is not this collection's evidence (collect again, or remove the file and its entry)`, { file: x.file });
        }
      }
    }
    warnings.push(...p.warnings);
  }
  const unverified = unverifiable(sorted);
  if (unverified) warnings.push(unverified);

  // Facts -> candidates per path
  let seq = 0;
  const all: Array<{ path: PathSeg[]; c: Candidate }> = [];
  const fromActiveStore = activeStoreFiles(sorted);
  for (const p of sorted) {
    const rank = KIND_INFO[p.kind].rank;
    const active = fromActiveStore.has(p.file.toLowerCase());
    for (const f of [...p.facts, ...(active ? (p.activeStoreOnly ?? []).map((a) => a.fact) : [])]) {
      const last = f.path[f.path.length - 1];
      const label = typeof last === 'object' && 'label' in last ? last.label : undefined;
      all.push({ path: f.path, c: { value: f.value, prov: f.provenance, kind: p.kind, rank, seq: seq++, ...(label ? { label } : {}), ...(f.regType ? { regType: f.regType } : {}) } });
    }
  }
  aliasBuiltinAccounts(all);
  const groups = new Map<string, Group>();
  for (const { path, c } of all) {
    const k = pathKey(path);
    const g = groups.get(k);
    if (g) g.candidates.push(c);
    else groups.set(k, { path, candidates: [c] });
  }

  // What each file collected, and how completely.
  const coverage: CoverageEntry[] = sorted
    .flatMap((p) => (p.coverage ?? []).map((c): CoverageEntry => ({
      scope: c.scope, source: p.file, kind: p.kind, effective: KIND_INFO[p.kind].sourceClass === 'effective', complete: c.complete,
      ...(c.keys ? { keys: c.keys } : {}), ...(c.note ? { note: c.note } : {}),
    })))
    .sort((a, b) => byName(a.scope, b.scope) || byName(a.source, b.source));
  // A NotConfigured of an export whose store is not known gives no value, and says why.
  for (const p of sorted) {
    if (fromActiveStore.has(p.file.toLowerCase())) continue;
    for (const a of p.activeStoreOnly ?? []) coverage.push({ scope: a.scope, source: p.file, kind: p.kind, effective: KIND_INFO[p.kind].sourceClass === 'effective', complete: false, note: a.note });
  }
  // A file the collection script could not write leaves its part of the snapshot uncovered, and says why.
  const present = new Set(parsed.map((p) => p.file.toLowerCase()));
  for (const p of sorted) {
    for (const e of p.context?.errors ?? []) {
      const kind = e.file && !present.has(e.file.toLowerCase()) ? knownExportByName(e.file)?.kind : undefined;
      for (const scope of kind ? SCOPES_OF_KIND[kind] ?? [] : []) {
        coverage.push({ scope, source: e.file, kind: kind!, effective: KIND_INFO[kind!].sourceClass === 'effective', complete: false, note: `not collected: ${e.message}` });
      }
    }
  }
  // A file the script wrote in part (Get-LocalGroupMember failed on one group, error 1332 on a
  // deleted account's SID): what it holds stands, but it is not the whole of anything.
  const partly = new Map<string, string[]>();
  for (const p of sorted) {
    for (const e of p.context?.errors ?? []) {
      if (!e.file || !present.has(e.file.toLowerCase())) continue;
      const list = partly.get(e.file.toLowerCase()) ?? [];
      list.push(e.message);
      partly.set(e.file.toLowerCase(), list);
    }
  }
  for (let i = 0; i < coverage.length; i++) {
    const c = coverage[i]!;
    const why = partly.get(c.source.toLowerCase());
    if (why && c.complete) coverage[i] = partOnly(c, `written in part: ${why.join('; ')}`);
  }
  vendorDeclaresOnly(groups, coverage);
  coverage.sort((a, b) => byName(a.scope, b.scope) || byName(a.source, b.source));
  const intendedOnly = effectiveDecides(groups, coverage, warnings);

  // collectedAt first: its offset is the console's local offset unless the manifest says otherwise.
  const resolveGroup = (g: Group, offset: string | undefined): Leaf => {
    const cands = [...g.candidates].sort((a, b) => b.rank - a.rank || byName(a.prov.file, b.prov.file) || a.seq - b.seq);
    const values = cands.map((c) => resolveValue(c, offset, ctx, warnings));
    const winner = cands[0] as Candidate;
    const wv = values[0] as Resolved;
    // The first value each file gives: a file is judged against itself whichever file wins.
    const firstOfFile = new Map<string, number>();
    // The first value each kind of the console's own exports gives: two files of one kind are
    // judged against each other whichever file wins (two net accounts files under secedit's value,
    // one of them another collection's, were only a warning while the winner's kind was refused).
    const firstOfKind = new Map<ExportKind, number>([[winner.kind, 0]]);
    for (let i = 1; i < cands.length; i++) {
      const c = cands[i] as Candidate;
      // One file stating one value twice, differently (a firewall profile or a service on two
      // rows, a net accounts line repeated, or one line saying both, as netsh's "Firewall Policy
      // BlockInbound,AllowInbound"): which one holds would be a guess, and the first one read won.
      // So too in a file that does not win (netsh beside the profiles CSV): it is no evidence then.
      const f = c.prov.file === winner.prov.file ? 0 : firstOfFile.get(c.prov.file);
      if (f === undefined) firstOfFile.set(c.prov.file, i);
      else if (!same(values[i] as Resolved, values[f] as Resolved)) {
        const first = cands[f] as Candidate;
        const there = c.prov.location === first.prov.location ? 'in the same place' : `at ${c.prov.location}`;
        throw new UserError(
          `${displayPath(g.path)} is given twice, differently: ${shownValue(g.path, values[f])} here, ${shownValue(g.path, values[i])} ${there}; which one holds would be a guess`,
          { file: first.prov.file, where: first.prov.location },
        );
      }
      const k = classOf(c) === 'effective' ? (firstOfKind.get(c.kind) ?? firstOfKind.set(c.kind, i).get(c.kind)!) : i;
      const ofKind = cands[k] as Candidate;
      if (k !== i && k !== 0 && ofKind.prov.file !== c.prov.file && !same(values[i] as Resolved, values[k] as Resolved)) {
        throw new UserError(
          `two files of the same kind disagree on ${displayPath(g.path)}: ${ofKind.prov.file} (${ofKind.prov.location}) says ${shownValue(g.path, values[k])}, ${c.prov.file} (${c.prov.location}) says ${shownValue(g.path, values[i])}; one device folder must hold one collection`,
          { file: folder },
        );
      }
      if (c.rank === winner.rank && c.prov.file !== winner.prov.file && !same(values[i] as Resolved, wv)) {
        throw new UserError(
          `two files of the same kind disagree on ${displayPath(g.path)}: ${winner.prov.file} (${winner.prov.location}) says ${shownValue(g.path, wv)}, ${c.prov.file} (${c.prov.location}) says ${shownValue(g.path, values[i])}; one device folder must hold one collection`,
          { file: folder },
        );
      }
    }
    const provenance: Provenance = { file: winner.prov.file, sha256: winner.prov.sha256, location: winner.prov.location };
    const others = cands.slice(1).filter((c) => !(c.prov.file === winner.prov.file && c.prov.location === winner.prov.location));
    if (others.length > 0) {
      const disagree = values.some((v) => !same(v, wv));
      provenance.rule = ruleText(winner, others, disagree);
      // Two of the console's own effective exports (secedit /export and net accounts) read the
      // same setting differently: one of them is not what is in force now (a file from another
      // visit, a policy refresh between the two commands). The rank picks the value shown; the
      // evaluator never passes on it (evaluate-check.ts, EFFECTIVE_EXPORTS_DISAGREE). Numbers,
      // true/false, and texts each reader normalised to one word (canonicalText): netsh's "Allow"
      // beside the profiles CSV's "Block" is a disagreement, not a spelling. Free texts are left
      // out: they differ in spelling between exports of one state without saying another thing.
      const comparable = (a: Resolved, b: Resolved): boolean =>
        (typeof a === 'number' && typeof b === 'number') || (typeof a === 'boolean' && typeof b === 'boolean') || (canonicalText(g.path, a) && canonicalText(g.path, b));
      const rivals = classOf(winner) === 'effective' ? cands.filter((c, i) => i > 0 && classOf(c) === 'effective' && c.prov.file !== winner.prov.file && comparable(values[i] as Resolved, wv) && !same(values[i] as Resolved, wv)) : [];
      if (rivals.length > 0) {
        const says = rivals.map((c) => `${c.prov.file} (${c.prov.location}) says ${shownValue(g.path, values[cands.indexOf(c)])}`).join(', ');
        provenance.rule += `; ${EFFECTIVE_EXPORTS_DISAGREE}: ${winner.prov.file} says ${shownValue(g.path, wv)}, ${says}`;
        warnings.push(`${displayPath(g.path)}: ${EFFECTIVE_EXPORTS_DISAGREE}: ${winner.prov.file} (${winner.prov.location}) says ${shownValue(g.path, wv)}, ${says}; a check reading it is not collected`);
      }
      provenance.alternatives = others.map((c) => ({ file: c.prov.file, sha256: c.prov.sha256, location: c.prov.location, value: values[cands.indexOf(c)] }));
    }
    // A registry value one effective export gives (secedit's [Registry Values]) while another, a
    // `reg export` of its whole key, lacks it: the two read the registry at different moments, as
    // when they give two values. Not comparing an absence passed SCREEN-LOCK-TIMEOUT on secedit's
    // 900 where the live registry held no inactivity limit.
    const label = registryLabelOf(g.path);
    const lacking = label !== undefined && classOf(winner) === 'effective' ? keyReadWithout(label, cands, coverage) : undefined;
    if (lacking) {
      const says = `${lacking.source} (which read ${lacking.key} in full) does not hold it`;
      provenance.rule = `${provenance.rule ?? `effective value from ${winner.prov.file} (${KIND_INFO[winner.kind].title})`}; ${EFFECTIVE_EXPORTS_DISAGREE}: ${winner.prov.file} says ${shownValue(g.path, wv)}, ${says}`;
      warnings.push(`${displayPath(g.path)}: ${EFFECTIVE_EXPORTS_DISAGREE}: ${winner.prov.file} (${winner.prov.location}) says ${shownValue(g.path, wv)}, ${says}; a check reading it is not collected`);
    }
    // A policy file that says otherwise than the effective winner: its value is intended, not in force.
    let intended: IntendedValue | undefined;
    if (classOf(winner) !== 'policy') {
      const i = cands.findIndex((c) => classOf(c) === 'policy');
      if (i > 0 && !same(values[i] as Resolved, wv)) intended = { value: values[i], file: cands[i]!.prov.file, sha256: cands[i]!.prov.sha256, location: cands[i]!.prov.location };
    }
    return { path: g.path, value: wv, provenance, ...(winner.label ? { label: winner.label } : {}), ...(intended ? { intended } : {}), ...(winner.regType ? { regType: winner.regType } : {}) };
  };

  const collectedGroup = groups.get(pathKey(['collectedAt']));
  if (!collectedGroup) {
    throw new UserError(
      'no collection time found: expected "collectedAt" in collection.json (written by collect/collect.ps1) or in the vendor settings file. The current time and file dates are never used, so that the same files always give the same snapshot',
      { file: folder },
    );
  }
  const stated = resolveGroup(collectedGroup, undefined);
  // A collection time written in UTC ("Z") says nothing of the console's zone: without the
  // manifest's utcOffset, a local time cannot be placed (read as UTC, a console east of Greenwich
  // looked hours more recent: a last sync 25 hours old passed TIME-SYNC at +10:00).
  const statedText = String(stated.value);
  const offset = ctx.utcOffset ?? (/z$/i.test(statedText) ? undefined : offsetOf(statedText));
  // Why, naming the file that gave the time: a folder without collection.json is dated by the
  // vendor export, and a reason blaming a manifest that is not there sent the reader to the wrong file.
  const manifest = parsed.find((p) => p.kind === 'collection-manifest');
  const offsetUnknownWhy = `${manifest ? `${manifest.file} gives no utcOffset` : 'the folder has no collection.json, which gives the utcOffset'}, and the collection time ${statedText} in ${stated.provenance.file} is written in UTC`;
  const collected = datedByOldest(stated, warnings);
  if (!groups.has(pathKey(['device', 'id']))) {
    throw new UserError('no device id found: expected "deviceId" in collection.json (collect.ps1 -DeviceId) or "device.id" in the vendor settings file', { file: folder });
  }
  // Files naming different devices are not one collection (a vendor settings file copied from
  // another console would give this device that console's DICOM, LDAP and users): refused, never
  // resolved by rank. A difference of case only is a spelling of the same id.
  // So are files naming different hostnames (collection.json's, the vendor file's device.hostname,
  // the computer a PowerShell export's PSComputerName names: a firewall
  // CSV collected remotely from CT02 beside MR01's collection.json is CT02's firewall). Windows
  // compares computer names without case, and a DNS name is the computer of its first label.
  const named = parsed.flatMap((p) => (p.computer ? [{ value: p.computer.name, prov: { file: p.file, location: p.computer.location } }] : []));
  for (const [field, what] of [['id', 'devices'], ['hostname', 'hostnames']] as const) {
    const ids: Array<{ value: unknown; prov: { file: string; location: string } }> = [...(groups.get(pathKey(['device', field]))?.candidates ?? []), ...(field === 'hostname' ? named : [])];
    // Ids are one device when they differ by case alone; computer names as sameComputer says, every pair compared.
    const differ = field === 'id'
      ? firstDifferentComputers(ids, (c) => String(c.value), (a, b) => a.toLowerCase() === b.toLowerCase())
      : firstDifferentComputers(ids, (c) => String(c.value));
    if (differ) {
      const [first, otherId] = differ;
      throw new UserError(
        `the files name different ${what}: ${first.prov.file} (${first.prov.location}) says ${JSON.stringify(first.value)}, ${otherId.prov.file} (${otherId.prov.location}) says ${JSON.stringify(otherId.value)}; one device folder must hold one device's collection`,
        { file: folder },
      );
    }
  }

  const leaves = new Map<string, Leaf>();
  for (const [k, g] of groups) {
    if (k === pathKey(['collectedAt'])) {
      leaves.set(k, collected);
      continue;
    }
    const local = offset === undefined ? g.candidates.filter((c) => isLocal(c.value)) : [];
    if (local.length && local.length === g.candidates.length) {
      // Kept as written, without a zone (no file gives it with one): a check comparing it with a
      // window (a sync's, a logon's, a signature's age) decides only when every UTC offset gives
      // the same answer (a sync 5 months old fails anywhere); test-eval.ts, timeReason.
      const note = `the local time ${local.map((c) => `${quoted((c.value as LocalDateTime).localDateTime)} (${c.prov.location})`).join(', ')} is kept without a time zone: the console's UTC offset is not known (${offsetUnknownWhy}); a check on its age decides only when every offset from -12:00 to +14:00 gives the same answer`;
      warnings.push(`${local[0]!.prov.file}: ${displayPath(g.path)}: ${note}`);
      // Not for a list's items: there the note would be read as why another item's value is absent
      // (an account without LastLogon), and the item's own reason says its zone is unknown.
      if (!g.path.some((x) => typeof x === 'object' && 'el' in x)) coverage.push({ scope: scopeOf(g.path), source: local[0]!.prov.file, effective: true, complete: false, note });
      leaves.set(k, resolveGroup(g, ZONE_UNKNOWN));
      continue;
    }
    if (local.length) {
      // Another file gives it with a zone: that one is read, the local time is not guessed.
      const scope = scopeOf(g.path);
      const note = `not collected: the local time ${local.map((c) => `${quoted((c.value as LocalDateTime).localDateTime)} (${c.prov.location})`).join(', ')} cannot be placed in time: the console's UTC offset is not known (${offsetUnknownWhy})`;
      warnings.push(`${local[0]!.prov.file}: ${displayPath(g.path)}: ${note}`);
      coverage.push({ scope, source: local[0]!.prov.file, effective: true, complete: false, note });
      g.candidates = g.candidates.filter((c) => !isLocal(c.value));
      if (!g.candidates.length) continue;
    }
    leaves.set(k, resolveGroup(g, offset));
  }

  // Derived values from the merged registry.
  const registry = new Map<string, Leaf>();
  for (const leaf of leaves.values()) {
    const last = leaf.path[leaf.path.length - 1];
    if (leaf.path[0] === 'hardening' && leaf.path[1] === 'registry' && typeof last === 'object' && 'key' in last) registry.set(last.key, leaf);
  }
  for (const d of DERIVATIONS) {
    const all = d.sources.map((s) => ({ src: s, leaf: registry.get(s.toLowerCase()) })).filter((x): x is { src: string; leaf: Leaf } => x.leaf !== undefined);
    // A string or a QWORD where Windows reads a DWORD is not applied by Windows: it never stands
    // for the number it spells (a REG_QWORD reads as the same number, yet the policy's reader
    // asks for a REG_DWORD and ignores another type). Warned of, and named in the coverage, so a
    // check reading the field is not collected with that value as the reason; a later source
    // (USBSTOR Start) may still decide.
    const present = all.filter(({ src, leaf }) => {
      if (!d.dword) return true;
      let what: string;
      if (leaf.regType === 'REG_QWORD') what = `${leaf.label ?? src} is the QWORD ${String(leaf.value)} (REG_QWORD), where Windows reads a DWORD (REG_DWORD) and does not apply a QWORD`;
      else if (leaf.regType === 'REG_DWORD_BIG_ENDIAN') what = `${leaf.label ?? src} is the big-endian DWORD ${String(leaf.value)} (REG_DWORD_BIG_ENDIAN), where Windows reads a little-endian DWORD (REG_DWORD) and does not apply another type`;
      else if (typeof leaf.value === 'string') what = `${leaf.label ?? src} is ${textOfType(leaf.regType)} ${quoted(leaf.value)} (${leaf.regType ?? 'REG_SZ'}), where Windows reads a DWORD (REG_DWORD) and does not apply ${leaf.regType === 'REG_BINARY' || leaf.regType === 'REG_NONE' ? 'binary data' : 'a string'}`;
      else return true;
      warnings.push(`${leaf.provenance.file} (${leaf.provenance.location}): ${what}: not read as ${displayPath(d.target)}`);
      coverage.push({ scope: `hardening.registry.${src}`, source: leaf.provenance.file, effective: true, complete: false, note: `not collected: ${what}` });
      return false;
    });
    let first = present[0];
    if (!first) continue;
    const raw = first.leaf.value;
    let value = typeof raw === 'string' || typeof raw === 'number' ? d.transform(raw, first.src) : undefined;
    if (value === undefined) {
      throw new UserError(`expected ${d.expected} for ${first.leaf.label ?? first.src} (read as ${displayPath(d.target)}), found ${quoted(raw)}`, { file: first.leaf.provenance.file, where: first.leaf.provenance.location });
    }
    let companionRule: string | undefined;
    if (d.companion && value === true && d.companion.after.test(first.src)) {
      const c = companionOf(d, first, registry, coverage);
      if ('missing' in c) {
        // USBSTOR Start 4 alone passed OS-USB-STORAGE beside a UAS driver that mounts USB sticks.
        warnings.push(`${first.leaf.provenance.file} (${first.leaf.provenance.location}): ${c.missing}: not read as ${displayPath(d.target)}`);
        coverage.push({ scope: `hardening.registry.${first.src}`, source: first.leaf.provenance.file, effective: true, complete: false, note: `not collected: ${c.missing}` });
        continue;
      }
      if ('rule' in c) companionRule = c.rule;
      else {
        companionRule = `${first.leaf.label ?? first.src} = ${String(raw)} disables one driver only: ${d.companion.why}`;
        first = c.decides;
        value = d.transform(first.leaf.value as number, first.src);
      }
    }
    const label = first.leaf.label ?? first.src;
    const alternatives = (first.leaf.provenance.alternatives ?? []).map((a) => {
      const tv = typeof a.value === 'string' || typeof a.value === 'number' ? d.transform(a.value, first.src) : undefined;
      return { ...a, value: tv === undefined ? a.value : tv };
    });
    for (const other of present.slice(1)) {
      const ov = other.leaf.value;
      const tv = typeof ov === 'string' || typeof ov === 'number' ? d.transform(ov, other.src) : undefined;
      alternatives.push({ file: other.leaf.provenance.file, sha256: other.leaf.provenance.sha256, location: `${other.leaf.provenance.location} (${other.leaf.label ?? other.src})`, value: tv === undefined ? ov : tv });
    }
    const ruleParts = [`derived from registry value ${label}`];
    if (first.leaf.provenance.rule) ruleParts.push(first.leaf.provenance.rule);
    if (present.length > 1 && d.priorityNote) ruleParts.push(d.priorityNote);
    if (companionRule) ruleParts.push(companionRule);
    const provenance: Provenance = { file: first.leaf.provenance.file, sha256: first.leaf.provenance.sha256, location: first.leaf.provenance.location, rule: ruleParts.join('; ') };
    if (alternatives.length > 0) provenance.alternatives = alternatives;
    const intendedRaw = first.leaf.intended?.value;
    const intendedValue = typeof intendedRaw === 'string' || typeof intendedRaw === 'number' ? d.transform(intendedRaw, first.src) : undefined;
    const intended = first.leaf.intended && intendedValue !== undefined ? { ...first.leaf.intended, value: intendedValue } : undefined;
    const set = (path: PathSeg[], v: Resolved, withIntended?: IntendedValue): void => {
      const k = pathKey(path);
      if (!leaves.has(k)) leaves.set(k, { path, value: v, provenance, ...(withIntended ? { intended: withIntended } : {}) });
    };
    set(d.target, value as Resolved, intended);
    for (const a of d.alongside ?? []) set(a.path, a.value as Resolved);
  }

  // Values only a policy file gave, where the effective export decides: intended, not in force.
  const intended: Record<string, IntendedValue> = {};
  const intendedRegistry = new Map<string, IntendedValue>();
  for (const { path, cand } of intendedOnly.values()) {
    const ptr = pointerOfPath(path)!;
    const label = registryLabelOf(path);
    if (label && isSecretValue(label, cand.value)) continue; // a secret is never copied, not even as intended
    const v: IntendedValue = { value: resolveValue(cand, offset, ctx, warnings), file: cand.prov.file, sha256: cand.prov.sha256, location: cand.prov.location };
    intended[ptr] = v;
    if (label) intendedRegistry.set(label.toLowerCase(), v);
  }
  // ... and the fields read from such a registry value.
  for (const d of DERIVATIONS) {
    if (d.sources.some((src) => registry.has(src.toLowerCase()))) continue;
    const src = d.sources.find((x) => intendedRegistry.has(x.toLowerCase()));
    const ptr = src ? pointerOfPath(d.target) : undefined;
    if (!src || !ptr) continue;
    const i = intendedRegistry.get(src.toLowerCase())!;
    const tv = typeof i.value === 'string' || typeof i.value === 'number' ? d.transform(i.value, src) : undefined;
    if (tv !== undefined) intended[ptr] = { ...i, value: tv };
  }

  // Values a file says no source can stand for (a parser's `withhold`): left out after every
  // source and derivation has been merged, so that none of them puts the value back.
  for (const p of sorted) {
    for (const w of [...(p.withhold ?? []), ...unprovedWithout(p, sorted)]) {
      leaves.delete(pathKey(w.path));
      coverage.push({ scope: w.path.join('.'), source: p.file, kind: p.kind, effective: true, complete: false, note: `not collected: ${w.note}` });
    }
  }
  const leftOut = new Map<string, string[]>();
  const snapshot = build([...leaves.values()], warnings, folder, intended, leftOut);
  snapshot.sources = sorted.map((p) => ({ file: p.file, sha256: p.sha256, kind: p.kind })).sort((a, b) => byName(a.file, b.file));
  // A list that lost an item (a domain account in Administrators, whose enabled state no file
  // gives) is no longer the whole list: a verdict resting on what it lacks is not collected.
  for (const [scope, items] of leftOut) {
    const note = `left out: ${items.join(', ')}`;
    let found = false;
    for (let i = 0; i < coverage.length; i++) {
      const c = coverage[i]!;
      if (c.scope !== scope) continue;
      found = true;
      if (c.complete) coverage[i] = partOnly(c, note);
    }
    if (!found) coverage.push({ scope, source: 'ingest', complete: false, note });
  }
  coverage.sort((a, b) => byName(a.scope, b.scope) || byName(a.source, b.source));
  if (coverage.length) snapshot.coverage = coverage;
  if (Object.keys(intended).length) snapshot.intended = Object.fromEntries(Object.entries(intended).sort(([a], [b]) => byName(a, b)));
  return { snapshot, warnings };
}

/** A coverage entry that no longer holds the whole of its scope, and why. */
function partOnly(c: CoverageEntry, why: string): CoverageEntry {
  return { ...c, complete: false, note: c.note ? `${c.note}; ${why}` : why };
}

/** The coverage scope of a snapshot path ("audit.timeSync.lastSuccessfulSyncAt", "accounts.local[].lastLogon"). */
function scopeOf(path: PathSeg[]): string {
  return path.map((x) => (typeof x === 'string' ? x : 'el' in x ? '[]' : x.label)).join('.').replace(/\.\[\]/g, '[]');
}

/** The offset given to resolveValue for a local time kept as written, without a zone. */
const ZONE_UNKNOWN = 'zone unknown';

function resolveValue(c: Candidate, offset: string | undefined, ctx: IngestContext, warnings: string[]): Resolved {
  if (!isLocal(c.value)) return c.value;
  const text = c.value.localDateTime;
  const readings = readingsOf(text, ctx.shortDatePattern, ctx.longTimePattern);
  // A date with no time ("3/1/2024", "01.03.2024": Export-Csv of a culture whose format drops it):
  // the whole day, from its first instant to its last (and, read several ways, from the earliest
  // reading's start to the latest's end), so a check decides only when both ends agree (placements()).
  const days = readings.length ? [] : dayReadingsOf(text, ctx.shortDatePattern, ctx.longTimePattern);
  if (days.length) {
    const off = offset === ZONE_UNKNOWN || offset === undefined ? '' : offset;
    const [first, last] = [days[0]!, days[days.length - 1]!];
    const shown = days.map((r) => `${toRfc3339(r.parts, '').slice(0, 10)} ("${r.pattern}")`).join(' or ');
    c.prov = { ...c.prov, location: `${c.prov.location} (local date ${JSON.stringify(text)} with no time, read as ${shown}: the whole day; ${off ? `UTC${off}` : 'time zone unknown'})` };
    return `${toRfc3339(first.parts, off)}/${toRfc3339(endOfDay(last.parts), off)}`;
  }
  if (!readings.length) {
    const named = ctx.shortDatePattern !== undefined || ctx.longTimePattern !== undefined;
    const want = named ? `the console's format "${ctx.shortDatePattern ?? DEFAULT_SHORT_DATE} ${ctx.longTimePattern ?? DEFAULT_LONG_TIME}" (from collection.json)` : 'a culture\'s date and time format (collection.json names none)';
    throw new UserError(`expected a local date and time in ${want}, found ${quoted(text)}`, { file: c.prov.file, where: c.prov.location });
  }
  // No offset known (also for a value only a policy file gave): kept without a zone, never read as UTC.
  const off = offset === ZONE_UNKNOWN || offset === undefined ? '' : offset;
  const zone = off ? `UTC${off}` : 'time zone unknown';
  const [first, last] = [readings[0]!, readings[readings.length - 1]!];
  if (readings.length === 1) {
    c.prov = { ...c.prov, location: `${c.prov.location} (local time ${JSON.stringify(text)} read as "${first.pattern}", ${zone})` };
    return toRfc3339(first.parts, off);
  }
  // The export names no culture and the text reads as different dates ("3/1/2024": 1 March or
  // 3 January), or its culture writes a two-digit year ("3/1/24": 1924 or 2024): kept as the interval from the earliest reading to the latest, so that a check
  // decides only when every reading gives the same answer (test-eval.ts, placements()).
  const shown = readings.map((r) => `${toRfc3339(r.parts, '')} ("${r.pattern}")`).join(' or ');
  // Named culture, two readings: its pattern writes the year with two digits (readingsOf).
  const named = ctx.shortDatePattern !== undefined || ctx.longTimePattern !== undefined;
  const why = named ? 'the year is written with two digits, which names no century' : 'the export names no culture';
  c.prov = { ...c.prov, location: `${c.prov.location} (local time ${JSON.stringify(text)} read as ${shown}: ${why}; ${zone})` };
  warnings.push(`${c.prov.file}: the local time ${quoted(text)} reads as ${shown}, and ${named ? `the console's date format "${ctx.shortDatePattern ?? DEFAULT_SHORT_DATE}" (collection.json) writes the year with two digits` : 'collection.json names no culture (culture.shortDatePattern)'}: a check on it decides only when every reading gives the same answer`);
  return `${toRfc3339(first.parts, off)}/${toRfc3339(last.parts, off)}`;
}

function displayPath(path: PathSeg[]): string {
  return '/' + path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : s.label)).join('/');
}

/** A value as a message shows it: never a secret's, since assess --keep-going carries the message into reports. */
function shownValue(path: PathSeg[], v: unknown): string {
  return path.some((s) => isSecretValue(typeof s === 'string' ? s : 'el' in s ? s.el : s.label, v)) ? '(not shown: the value is a secret)' : JSON.stringify(v);
}

// ---- building the document -------------------------------------------------------------------

type Node = ObjNode | ArrNode | MapNode;
interface ObjNode { t: 'obj'; children: Map<string, Node | Leaf> }
interface ArrNode { t: 'arr'; elements: Map<string, ObjNode> }
interface MapNode { t: 'map'; entries: Map<string, Leaf> }

const isLeaf = (x: Node | Leaf): x is Leaf => !('t' in x);

function build(leaves: Leaf[], warnings: string[], folder: string, intended: Record<string, IntendedValue>, leftOut: Map<string, string[]>): Snapshot {
  const root: ObjNode = { t: 'obj', children: new Map() };
  for (const leaf of leaves) {
    let node: Node = root;
    const path = leaf.path;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] as PathSeg;
      const next = path[i + 1];
      const lastSeg = i === path.length - 1;
      const make = (): Node => (next === undefined ? root : typeof next === 'string' ? { t: 'obj', children: new Map() } : 'el' in next ? { t: 'arr', elements: new Map() } : { t: 'map', entries: new Map() });
      if (typeof seg === 'string') {
        if (node.t !== 'obj') throw new Error(`ingest: path shape conflict at ${displayPath(path)}`);
        if (lastSeg) {
          node.children.set(seg, leaf);
          break;
        }
        let child = node.children.get(seg);
        if (!child) {
          child = make();
          node.children.set(seg, child);
        }
        if (isLeaf(child)) throw new Error(`ingest: path shape conflict at ${displayPath(path)}`);
        node = child;
      } else if ('el' in seg) {
        if (node.t !== 'arr' || lastSeg) throw new Error(`ingest: path shape conflict at ${displayPath(path)}`);
        let el: ObjNode | undefined = node.elements.get(seg.el);
        if (!el) {
          el = { t: 'obj', children: new Map() };
          node.elements.set(seg.el, el);
        }
        node = el;
      } else {
        if (node.t !== 'map' || !lastSeg) throw new Error(`ingest: path shape conflict at ${displayPath(path)}`);
        node.entries.set(seg.key, leaf);
        break;
      }
    }
  }

  // Drop incomplete array elements.
  const prune = (node: Node, dotted: string): void => {
    if (node.t === 'obj') {
      for (const [k, c] of node.children) if (!isLeaf(c)) prune(c, dotted ? `${dotted}.${k}` : k);
    } else if (node.t === 'arr') {
      const req = REQUIRED[dotted] ?? [];
      for (const [id, el] of node.elements) {
        const missing = req.filter((r) => !el.children.has(r));
        if (missing.length > 0) {
          const nameLeaf = el.children.get('name');
          const shown = nameLeaf && isLeaf(nameLeaf) ? `"${String(nameLeaf.value)}"` : id;
          const from = [...el.children.values()].filter(isLeaf).map((l) => l.provenance.file);
          warnings.push(`${dotted} ${shown} (from ${[...new Set(from)].join(', ')}) is left out: no ${missing.join(', ')} for it in any file`);
          leftOut.set(dotted, [...(leftOut.get(dotted) ?? []), `${shown} (no ${missing.join(', ')})`]);
          node.elements.delete(id);
        } else prune(el, dotted);
      }
    }
  };
  prune(root, '');

  const provenance: Record<string, Provenance> = {};
  const toJson = (node: Node | Leaf, ptr: string): unknown => {
    if (isLeaf(node)) {
      provenance[ptr] = node.provenance;
      if (node.intended && !(registryLabelOf(node.path) && isSecretValue(registryLabelOf(node.path)!, node.intended.value))) intended[ptr] = node.intended;
      return node.value;
    }
    if (node.t === 'obj') {
      const o: Record<string, unknown> = {};
      for (const [k, c] of node.children) o[k] = toJson(c, `${ptr}/${escapePointer(k)}`);
      return o;
    }
    if (node.t === 'arr') return [...node.elements.values()].map((el, i) => toJson(el, `${ptr}/${i}`));
    const m: Record<string, unknown> = {};
    for (const leaf of node.entries.values()) {
      const name = leaf.label ?? '';
      m[name] = toJson(leaf, `${ptr}/${escapePointer(name)}`);
    }
    return m;
  };
  const body = toJson(root, '') as Record<string, unknown>;
  const device = body.device as Record<string, unknown> | undefined;
  if (!device || typeof device.id !== 'string') throw new UserError('no device id found after merging', { file: folder });
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, ...body, provenance } as unknown as Snapshot;
}
