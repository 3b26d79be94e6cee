// The `diff` command's work, at the edge: read both sides, compare, write drift.json, drift.md
// and monitoring-report.pdf into a staged folder.
//
// Memory stays flat for large fleets: pass 1 evaluates the OLD side and keeps only each device's
// statuses and where its snapshot is; pass 2 streams the NEW side and, for a device whose bytes
// changed, reads its OLD snapshot again for the setting-level comparison.
import { rulesDigestOf } from '../assess/rules-digest.js';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { odpsOfRun, loadRunConfig, type ConfigOptions } from '../assess/config.js';
import { instantMs } from '../io/dates.js';
import { UserError } from '../io/errors.js';
import { maskedAgainst, redactedHere, redactText } from '../snapshot/secrets.js';
import { checkDeviationDevices } from '../evaluate/deviations.js';
import { stageOutputDir } from '../io/package-dir.js';
import { decodeUtf8, readUtf8File, textLimit } from '../io/utf8.js';
import { MAX_YAML_BYTES } from '../io/yaml-text.js';
import { MONITORING_PDF, renderMonitoringPdf } from '../report/monitoring/render.js';
import { DriftBuilder } from './compute.js';
import { describeEntry, listSide, readSideFile, reread, type FileEntryDescription, type Ingester, type SideEntry, type SideListing } from './io.js';
import { assessNewDevice, assessOldDevice, comparePair, liteOf, loadChecked, type LiteDevice, type NewSeen, type SideDays } from './pair.js';
import { PairPool } from './pool.js';
import { workersFor } from '../io/threads.js';
import { DRIFT_MD, driftToMarkdown } from './markdown.js';
import { buildMonitoringReport, DEFAULT_SYSTEM_NAME } from './report-model.js';
import { assessmentOf } from '../catalog/objectives.js';
import { requiredNamer } from '../evaluate/plain-wording.js';
import { observedNamer } from '../catalog/check-wording.js';
import { loadAttestationsFile } from '../attest/attestations.js';
import { parseSystemDescription, teamNames } from '../assess/system-description.js';
import { expectedAttestations } from '../assess/system-declarations.js';
import { lookupControl } from '../catalog/control-index.js';
import { readUserFile } from '../io/file-queue.js';
import { SSP_FILE } from '../oscal/ssp.js';
import { withSelectionsShown } from '../catalog/selection-shown.js';
import { statedOdpValues } from '../oscal/set-parameters.js';
import { PROJECT_NS } from '../oscal/ids.js';
import { reportSystem } from '../report/assemble.js';

import { poamChanges } from './poam-changes.js';
import { parsePreviousPoam, POAM_FILE } from '../oscal/poam.js';
import type { PoamChange } from './types.js';
import { DRIFT_JSON, driftAttachment, writeDriftJson } from './serialize.js';
import { diffSettings, sameSnapshot } from './settings.js';
import { dataOf, makeDriftContext } from './side.js';
import { otherConsole, serialOf } from '../snapshot/serial.js';
import { IdSpellings } from '../snapshot/id-case.js';
import type { Snapshot } from '../snapshot/types.js';
import type { AssessedDevice, Drift, DriftContext, SideInfo } from './types.js';

export interface DiffOptions {
  old: string;
  new: string;
  out: string;
  force: boolean;
  /** The report clock (RFC 3339 UTC). */
  now: string;
  toolVersion: string;
  config: ConfigOptions;
  baseline?: string;
  systemName?: string;
  /** Write monitoring-report.pdf (default true). */
  pdf?: boolean;
  /** The system description (docs/ssp.md): the report's system name and front matter. */
  system?: string;
  /** Manual attestations (docs/attestations.md): the control verdicts take them into account, as in `assess`. */
  attestations?: string;
  /** A marking (e.g. CUI) printed at the top and bottom of every page of the PDF. */
  marking?: string;
  ingest?: Ingester;
  warn?: (message: string) => void;
  /** Threads comparing the device pairs (`--jobs`): 'auto' = every core for 64 pairs or more; default 1. The report is the same for any number. */
  jobs?: number | 'auto';
  /** Ed25519 public key (PEM file): a side that is an assessment folder must be a package signed with it (diff --public-key). */
  publicKeyFile?: string;
}

export interface DiffOutcome {
  outDir: string;
  files: string[];
  drift: Drift;
  /** Worker threads that compared the device pairs (1: this thread did). */
  threads: number;
  /** The sides that are sealed packages, as verified (their signature status included). */
  packages: DiffPackage[];
}

/** What is kept of a device between passes: its results, and where to read its snapshot again. */
type Kept = LiteDevice & { entry: SideEntry };

function compareTime(a: string, b: string): number {
  return instantMs(a) - instantMs(b);
}

/** Keeps the latest snapshot of each device; two different snapshots collected at the same time are an error. */
function keepLatest<T extends { id: string; collectedAt: string; sha256: string; file: string; serial?: string }>(map: Map<string, T>, d: T, side: string, spellings: IdSpellings): boolean {
  // MR-01 and mr-01 in one side: one console to Windows, two in the report (assess refuses them too).
  spellings.check(d.id, d.file);
  const prev = map.get(d.id);
  if (prev) {
    // Two consoles under one id (a device id copied to another console): keeping the later would
    // leave the other console out of the comparison without a word (assess refuses it too).
    if (otherConsole(prev.serial, d.serial)) {
      throw new UserError(`${side} holds two devices claiming the id ${d.id}: ${prev.file} has serial ${prev.serial}, ${d.file} has serial ${d.serial}; give each device its own id`, { file: d.file, where: '/device/serial' });
    }
    const c = compareTime(prev.collectedAt, d.collectedAt);
    if (c === 0 && prev.sha256 !== d.sha256) throw new UserError(`${side} holds two different snapshots of device ${d.id} collected at ${d.collectedAt}: ${prev.file} and ${d.file}`, { file: d.file, where: '/collectedAt' });
    if (c >= 0) return false;
  }
  map.set(d.id, d);
  return true;
}

function latestAt(times: Iterable<string>, fallback: string): string {
  let best: string | undefined;
  for (const t of times) if (best === undefined || compareTime(t, best) > 0) best = t;
  return best ?? fallback;
}

/** Worker threads for the pairs (`diff --jobs`). */
export interface DiffThreads {
  /** As `assess --jobs`: 'auto' = every core for 64 pairs or more (src/io/threads.ts workersFor). */
  jobs: number | 'auto';
  /** Told how many worker threads compare the pairs (not called when this thread does). */
  started?: (workers: number) => void;
}

/**
 * Compares two listed sides with a builder. `oldToday`/`newToday`: the clock (RFC 3339) deviations are judged
 * at (applyDeviations); absent = each snapshot's own collection time.
 *
 * Entries whose pair keys match (the same file name without dates) are read together and compared
 * at once, so each snapshot is parsed once; with `threads`, by worker threads (./pool.ts), their
 * results taken in input order. The others are evaluated first (OLD) or afterwards (NEW), on this
 * thread, and an OLD snapshot is read a second time when its NEW counterpart arrives.
 */
export async function diffListings(oldL: SideListing, newL: SideListing, ctx: DriftContext, days: SideDays = {}, threads?: DiffThreads): Promise<Drift> {
  const oldByKey = new Map<string, SideEntry | null>();
  for (const e of oldL.entries) oldByKey.set(e.pairKey, oldByKey.has(e.pairKey) ? null : e); // null: the key is not unique
  const newKeys = new Map<string, number>();
  for (const e of newL.entries) newKeys.set(e.pairKey, (newKeys.get(e.pairKey) ?? 0) + 1);
  const partner = (e: SideEntry): SideEntry | undefined => (newKeys.get(e.pairKey) === 1 ? oldByKey.get(e.pairKey) ?? undefined : undefined);
  const paired = new Set<SideEntry>();
  for (const e of newL.entries) {
    const o = partner(e);
    if (o) paired.add(o);
  }

  const oldInfo: SideInfo = { label: oldL.label, kind: oldL.kind, at: oldL.at ?? ctx.now, devices: 0, ...(oldL.reassessed ? { reassessed: oldL.reassessed } : {}), ...(oldL.odps && ctx.odps?.bySide?.old ? { ownOdps: true as const } : {}), ...(!ctx.selectionObjectives ? {} : ctx.sideChecks?.old ? { ownSelections: true as const } : oldL.kind === 'assessment' ? { selectionsThisRun: true as const } : {}) };
  const newInfo: SideInfo = { label: newL.label, kind: newL.kind, at: newL.at ?? ctx.now, devices: 0, ...(newL.reassessed ? { reassessed: newL.reassessed } : {}), ...(newL.odps && ctx.odps?.bySide?.new ? { ownOdps: true as const } : {}), ...(!ctx.selectionObjectives ? {} : ctx.sideChecks?.new ? { ownSelections: true as const } : newL.kind === 'assessment' ? { selectionsThisRun: true as const } : {}) };
  const builder = new DriftBuilder(ctx, oldInfo, newInfo, { ...(days.oldToday ? { old: days.oldToday } : {}), ...(days.newToday ? { new: days.newToday } : {}) });
  // The pairs a worker can read (files, not export folders to ingest), in NEW's order; started
  // now, so that the workers start up and read ahead while this thread does pass 1.
  const pool = poolFor(newL.entries, partner, ctx, { old: oldL.label, new: newL.label }, days, threads);
  try {
    const olds = new Map<string, Kept>();
    const oldSpellings = new IdSpellings('OLD');
    const newSpellings = new IdSpellings('NEW');
    const keepOld = (lite: LiteDevice, entry: SideEntry): void => {
      keepLatest(olds, { ...lite, entry }, 'OLD', oldSpellings);
    };
    for (const entry of oldL.entries) {
      if (paired.has(entry)) continue;
      const { snapshot, sha256 } = await loadChecked(entry, ctx);
      keepOld(liteOf(assessOldDevice(snapshot, entry.file, sha256, ctx, days)), entry);
    }

    const newTimes = new Map<string, NewSeen>();
    /** Per device: the OLD snapshot (sha) its comparison used, to redo it if a later OLD one turns up. */
    const usedOld = new Map<string, string | undefined>();
    const deferred: SideEntry[] = [];
    /** Evaluates NEW (only what can have changed, when OLD is known) and adds the pair. */
    const compare = (read: Snapshot, sha256: string, entry: SideEntry, old: AssessedDevice | undefined): void => {
      // OLD's secrets masked in NEW, or a secret that moved from its place (maskedAgainst).
      const snapshot = old ? maskedAgainst(old.snapshot, read) : read;
      const id = snapshot.device.id;
      if (!keepLatest(newTimes, { id, collectedAt: snapshot.collectedAt, sha256, file: entry.file, ...serialOf(snapshot) }, 'NEW', newSpellings)) return;
      const settings = old ? (sameSnapshot(old, { sha256, snapshot }) ? [] : diffSettings(old.snapshot, snapshot, ctx)) : undefined;
      builder.add(old, assessNewDevice(snapshot, entry.file, sha256, ctx, days, old, settings), settings);
      usedOld.set(id, old?.sha256);
    };

    for (const entry of newL.entries) {
      const o = partner(entry);
      if (!o) {
        deferred.push(entry);
        continue;
      }
      const od = describeEntry(o);
      const nd = describeEntry(entry);
      const r = pool && od && nd ? await pool.take(od, nd) : await comparePair(o, entry, ctx, days, builder.comparer);
      keepOld(r.old, o);
      if (r.kind === 'mismatch') {
        deferred.push(entry); // the names matched, the devices do not: compared below, by id
        continue;
      }
      if (!keepLatest(newTimes, r.neu, 'NEW', newSpellings)) continue;
      builder.accept(r.entry);
      usedOld.set(r.neu.id, r.old.sha256);
    }
    await pool?.close();
    /** A kept OLD device with its snapshot; evaluated again in full if its texts were made for one comparison only. */
    const oldDevice = async (kept: Kept, snapshot?: Snapshot): Promise<AssessedDevice> => {
      const snap = snapshot ?? (await reread(kept.entry, kept.sha256));
      if (!kept.partial) return { ...kept, snapshot: snap };
      const full = assessOldDevice(snap, kept.file, kept.sha256, ctx, days);
      olds.set(kept.id, { ...liteOf(full), entry: kept.entry });
      return full;
    };
    const withOld = async (id: string, sha: string, snapshot?: Snapshot): Promise<AssessedDevice | undefined> => {
      const kept = olds.get(id);
      if (!kept) return undefined;
      // NEW's own snapshot stands for OLD's when they are the same one (not two alike only once redacted).
      return oldDevice(kept, snapshot && kept.sha256 === sha && !redactedHere(snapshot) ? snapshot : undefined);
    };
    for (const entry of deferred) {
      const { snapshot, sha256 } = await loadChecked(entry, ctx);
      compare(snapshot, sha256, entry, await withOld(snapshot.device.id, sha256, snapshot));
    }
    // A device whose comparison used an OLD snapshot that a later one (read afterwards) superseded.
    for (const [id, sha] of usedOld) {
      const kept = olds.get(id);
      if (!kept || kept.sha256 === sha) continue;
      const n = newTimes.get(id)!;
      const entry = [...newL.entries].find((e) => e.file === n.file)!;
      const snapshot = await reread(entry, n.sha256);
      newTimes.delete(id);
      compare(snapshot, n.sha256, entry, await withOld(id, n.sha256, snapshot));
    }
    for (const [id, kept] of olds) {
      if (!newTimes.has(id)) builder.add(await oldDevice(kept), undefined);
    }
    checkDeviationDevices(ctx.deviations, new Set([...olds.keys(), ...newTimes.keys()]), 'the devices of either side');
    oldInfo.at = oldL.at ?? latestAt([...olds.values()].map((d) => d.collectedAt), ctx.now);
    if (!newL.at) newInfo.at = latestAt([...newTimes.values()].map((d) => d.collectedAt), ctx.now);
    return builder.finish();
  } finally {
    await pool?.close();
  }
}

/** The worker pool for the pairs both of whose entries a worker can read, when `threads` gives more than one. */
function poolFor(entries: readonly SideEntry[], partner: (e: SideEntry) => SideEntry | undefined, ctx: DriftContext, labels: { old: string; new: string }, days: SideDays, threads?: DiffThreads): PairPool | undefined {
  if (!threads) return undefined;
  const jobs: Array<{ old: FileEntryDescription; neu: FileEntryDescription }> = [];
  for (const e of entries) {
    const o = partner(e);
    const od = o && describeEntry(o);
    const nd = describeEntry(e);
    if (od && nd) jobs.push({ old: od, neu: nd });
  }
  const n = workersFor(threads.jobs, jobs.length);
  if (n <= 1) return undefined;
  threads.started?.(n);
  return new PairPool(jobs, n, { data: dataOf(ctx), labels, days });
}

/** The POA&M changes between two assessment folders, when NEW holds a poam.json (OLD may not). Read as sealed, in a package. */
function poamChangesBetween(oldL: SideListing, oldPath: string, newL: SideListing, newPath: string): PoamChange[] | undefined {
  const poamOf = (listing: SideListing, path: string) => {
    const file = join(path, POAM_FILE);
    if (!existsSync(file)) return undefined;
    return parsePreviousPoam(decodeUtf8(readSideFile(listing, file, POAM_FILE), file, 'JSON'), file);
  };
  const now = poamOf(newL, newPath);
  return now ? poamChanges(poamOf(oldL, oldPath), now) : undefined;
}

/**
 * The system's name when --system-name and --system do not give it: the one NEW's assessment
 * recorded in its ssp.json, if NEW is an assessment folder (read as sealed, in a package).
 */
function recordedSystemName(listing: SideListing, path: string): string | undefined {
  if (listing.kind !== 'assessment') return undefined;
  const file = join(path, SSP_FILE);
  if (!existsSync(file)) return undefined;
  const bytes = readSideFile(listing, file, SSP_FILE);
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as { 'system-security-plan'?: { 'system-characteristics'?: { 'system-name'?: unknown } } };
    const name = doc['system-security-plan']?.['system-characteristics']?.['system-name'];
    return typeof name === 'string' && name.trim() !== '' ? name : undefined;
  } catch {
    return undefined; // not ours to judge here: the name is a nicety
  }
}

/**
 * The organisation-defined parameters an assessment folder's run defined, as its ssp.json states them
 * (read as sealed, in a package): its set-parameters' ids and values, where its metadata says they
 * are every one the run defined (ODPS_STATED_PROP). Undefined where it does not say so (a plan written
 * before it stated the catalog's ODPs a --params file or profile set), or cannot be read: such a side
 * is judged with this run's values, and drift.md says that its report records none.
 */
function recordedOdps(listing: SideListing, path: string): Map<string, string> | undefined {
  if (listing.kind !== 'assessment') return undefined;
  const file = join(path, SSP_FILE);
  if (!existsSync(file)) return undefined;
  return statedOdpValues(readSideFile(listing, file, SSP_FILE).toString('utf8'));
}

/**
 * A device whose OLD snapshot was collected after its NEW one: the runs were given the later first
 * (diff NEW OLD). Still compared (a deliberate look back is allowed), but said: every transition reads
 * from OLD to NEW as given, so "regressed" is worse going back in time (deviation causes follow the
 * calendar: compute.ts compareChecks).
 */
function warnBackwards(drift: Drift, warn: ((m: string) => void) | undefined): void {
  const later = drift.devices.filter((d) => d.old && d.new && compareTime(d.old.collectedAt, d.new.collectedAt) > 0);
  const first = later[0];
  if (!first || !warn) return;
  warn(`OLD holds a later collection than NEW: device ${first.deviceId} was collected at ${first.old!.collectedAt} in OLD (${first.old!.file}) and at ${first.new!.collectedAt} in NEW (${first.new!.file})${later.length > 1 ? `, and so ${later.length - 1} more device(s)` : ''}. The changes read from the later run back to the earlier one (a control "regressed" is worse in the earlier run); give the earlier run first to see what changed since`);
}

/** What diff verified of a side that is a sealed package: its digest and signature status (verify's). */
export interface DiffPackage {
  side: 'OLD' | 'NEW';
  path: string;
  packageDigest: string;
  signature: string;
}

function packagesOf(oldL: SideListing, newL: SideListing): DiffPackage[] {
  return ([['OLD', oldL], ['NEW', newL]] as const).flatMap(([side, l]) => (l.package ? [{ side, path: l.package.dir, packageDigest: l.package.packageDigest, signature: l.package.signature }] : []));
}

export async function runDiff(optsGiven: DiffOptions): Promise<DiffOutcome> {
  // A warning may quote any input (a file name, a line, a cell): masked as a message is, as assess and monitor do.
  const given = optsGiven.warn;
  const opts: DiffOptions = given ? { ...optsGiven, warn: (text: string) => given(redactText(text)) } : optsGiven;
  const config = loadRunConfig(opts.config);
  for (const w of [...config.params.warnings, ...config.warnings]) opts.warn?.(w);
  const system = opts.system ? parseSystemDescription(readUtf8File(opts.system, 'YAML', textLimit(MAX_YAML_BYTES, 'YAML')), opts.system) : undefined;
  const attestations = opts.attestations ? loadAttestationsFile(opts.attestations, (id) => lookupControl(config.index, id) !== undefined, opts.now, (id) => assessmentOf(config.index, id)?.objective, opts.warn) : undefined;
  const expected = system ? expectedAttestations(system) : [];
  const ctx: DriftContext = { ...makeDriftContext(config, { now: opts.now, ...(opts.baseline ? { baseline: opts.baseline } : {}) }), ...(attestations ? { attestations } : {}), ...(expected.length ? { expectedAttestations: expected } : {}),
    // What NEW's findings rest on, worded as assess words them: ODPs nothing defines, reviewers no team confirms.
    odps: odpsOfRun(config), team: system ? teamNames(system) : [] };
  // Read through options, so not named as left unread when they lie inside a side's folder (as assess does).
  const known = [opts.config.checks, opts.config.catalog, opts.config.profile, opts.config.params, opts.config.deviations, opts.attestations, opts.system, ...(attestations ?? []).map((a) => a.evidencePath)].filter((p): p is string => p !== undefined);
  const side = { ...(opts.ingest ? { ingest: opts.ingest } : {}), ...(opts.warn ? { warn: opts.warn } : {}), outputs: [{ name: '--out', path: opts.out }], ...(opts.publicKeyFile !== undefined ? { publicKeyFile: opts.publicKeyFile } : {}), known };
  // A package judged by other rules (another version, configuration or bundled reference data):
  // its snapshots are evaluated again with this run's, so its results here may differ from those
  // its own report gave. Said, as monitor says it of a previous run (SideInfo.reassessed). A
  // package records its rules digest (src/assess/rules-digest.ts); one made before it did is
  // compared by its version alone, as then: the same version is taken for the same rules.
  const rules = rulesDigestOf(config.inputDigest, opts.toolVersion);
  const reassessed = (l: SideListing): SideListing => {
    const otherTool = l.generator !== undefined && l.generator !== opts.toolVersion;
    if (otherTool) return { ...l, reassessed: { tool: l.generator! } };
    if (l.rulesDigest !== undefined && l.rulesDigest !== rules) return { ...l, reassessed: { rules: { recorded: l.rulesDigest, current: rules } } };
    return l;
  };
  // Each side's own ODP values where its package records them: an attestation is judged against them.
  const withOdps = (l: SideListing, path: string): SideListing => {
    const odps = recordedOdps(l, path);
    return odps ? { ...l, odps } : l;
  };
  const oldL = withOdps(reassessed(listSide({ path: opts.old, ...side })), opts.old);
  const newL = withOdps(reassessed(listSide({ path: opts.new, ...side })), opts.new);
  if (ctx.odps) {
    ctx.odps = {
      ...ctx.odps,
      bySide: { ...(oldL.odps ? { old: new Set(oldL.odps.keys()) } : {}), ...(newL.odps ? { new: new Set(newL.odps.keys()) } : {}) },
      valuesBySide: { ...(oldL.odps ? { old: oldL.odps } : {}), ...(newL.odps ? { new: newL.odps } : {}) },
    };
  }
  // The objectives a side's checks show whose statement inserts a selection: judged with the values
  // that side's SSP states (a pass shows one choice, so it proves the objective only where the
  // organisation made that choice), as its own AR judged them; a side recording none, with this run's.
  const shownWith = (values: ReadonlyMap<string, string>) => withSelectionsShown(config.checksUnshown, config.index, (odp) => values.get(odp));
  const sideChecks = { ...(oldL.odps ? { old: shownWith(oldL.odps) } : {}), ...(newL.odps ? { new: shownWith(newL.odps) } : {}) };
  if (sideChecks.old || sideChecks.new) ctx.sideChecks = sideChecks;
  const staged = stageOutputDir(opts.out, opts.force, opts.warn);
  let threads = 1;
  try {
    // OLD: the date its assessment recorded, else each snapshot's collection date. NEW: its
    // assessment's date, else the report clock (as `assess` would judge it today). Deviations
    // are valid on that date, and evidence age is judged at that time.
    const drift = await diffListings(oldL, newL, ctx, {
      ...(oldL.at ? { oldToday: oldL.at, oldAt: oldL.at } : {}),
      newToday: newL.at ?? opts.now,
      newAt: newL.at ?? opts.now,
    }, { jobs: opts.jobs ?? 1, started: (n) => (threads = n) });
    warnBackwards(drift, opts.warn);
    const systemName = opts.systemName ?? system?.name ?? recordedSystemName(newL, opts.new) ?? DEFAULT_SYSTEM_NAME;
    writeDriftJson(drift, join(staged.path, DRIFT_JSON));
    writeFileSync(join(staged.path, DRIFT_MD), driftToMarkdown(drift, undefined, observedNamer(ctx.checks)), { flag: 'wx' });
    const files = [DRIFT_JSON, DRIFT_MD];
    if (opts.pdf !== false) {
      const poam = oldL.kind === 'assessment' && newL.kind === 'assessment' ? poamChangesBetween(oldL, opts.old, newL, opts.new) : undefined;
      const driftFile = join(staged.path, DRIFT_JSON);
      await renderMonitoringPdf(buildMonitoringReport(drift, {
        toolVersion: opts.toolVersion,
        systemName,
        ...(system ? { system: reportSystem(system) } : {}),
        ...(opts.marking ? { marking: opts.marking } : {}),
        checkTitles: Object.fromEntries(ctx.checks.map((c) => [c.id, c.title])),
        observedName: observedNamer(ctx.checks),
        requiredName: requiredNamer(ctx.checks, ctx.params.values()),
        attachments: driftAttachment(driftFile),
        ...(poam ? { poamChanges: poam } : {}),
      }), join(staged.path, MONITORING_PDF));
      files.push(MONITORING_PDF);
    }
    staged.commit();
    return { outDir: opts.out, files, drift, threads, packages: packagesOf(oldL, newL) };
  } catch (e) {
    staged.discard();
    throw e;
  }
}
