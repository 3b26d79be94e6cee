// The `diff` command's work, at the edge: read both sides, compare, write drift.json, drift.md
// and monitoring-report.pdf into a staged folder.
//
// Memory stays flat for large fleets: pass 1 evaluates the OLD side and keeps only each device's
// statuses and where its snapshot is; pass 2 streams the NEW side and, for a device whose bytes
// changed, reads its OLD snapshot again for the setting-level comparison.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadRunConfig, type ConfigOptions } from '../assess/config.js';
import { UserError } from '../io/errors.js';
import { checkDeviationDevices } from '../evaluate/deviations.js';
import { stageOutputDir } from '../io/package-dir.js';
import { readUtf8File } from '../io/utf8.js';
import { MONITORING_PDF, renderMonitoringPdf } from '../report/monitoring/render.js';
import { DriftBuilder } from './compute.js';
import { listSide, loadEntry, reread, type Ingester, type SideEntry, type SideListing } from './io.js';
import { DRIFT_MD, driftToMarkdown } from './markdown.js';
import { buildMonitoringReport, DEFAULT_SYSTEM_NAME } from './report-model.js';
import { assessmentOf } from '../catalog/objectives.js';
import { loadAttestationsFile } from '../attest/attestations.js';
import { parseSystemDescription } from '../assess/system-description.js';
import { expectedAttestations } from '../assess/system-declarations.js';
import { lookupControl } from '../catalog/control-index.js';
import { readUserFile } from '../io/file-queue.js';
import { SSP_FILE } from '../oscal/ssp.js';
import { reportSystem } from '../report/assemble.js';

import { poamChanges } from './poam-changes.js';
import { parsePreviousPoam, POAM_FILE } from '../oscal/poam.js';
import type { PoamChange } from './types.js';
import { DRIFT_JSON, driftAttachment, writeDriftJson } from './serialize.js';
import { diffSettings } from './settings.js';
import { assessAgainst, assessDevice, dateOf, makeDriftContext, redoChecks } from './side.js';
import type { Snapshot } from '../snapshot/types.js';
import { checkCollectedBy, type SnapshotRead } from '../snapshot/load.js';
import type { AssessedDevice, Drift, DriftContext, SettingChange, SideInfo } from './types.js';

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
}

export interface DiffOutcome {
  outDir: string;
  files: string[];
  drift: Drift;
}

/** What is kept of a device between passes: its results, and where to read its snapshot again. */
type Kept = Omit<AssessedDevice, 'snapshot'> & { entry: SideEntry };

function compareTime(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/** Keeps the latest snapshot of each device; two different snapshots collected at the same time are an error. */
function keepLatest<T extends { id: string; collectedAt: string; sha256: string; file: string }>(map: Map<string, T>, d: T, side: string): boolean {
  const prev = map.get(d.id);
  if (prev) {
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

/**
 * Compares two listed sides with a builder. `oldToday`/`newToday`: the date deviations are valid
 * on; absent = each snapshot's own collection date.
 *
 * Entries whose pair keys match (the same file name without dates) are read together and compared
 * at once, so each snapshot is parsed once. The others are evaluated first (OLD) or afterwards
 * (NEW), and an OLD snapshot is read a second time when its NEW counterpart arrives.
 */
export async function diffListings(oldL: SideListing, newL: SideListing, ctx: DriftContext, days: { oldToday?: string; newToday?: string; oldAt?: string; newAt?: string } = {}): Promise<Drift> {
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

  // A snapshot collected after the report's clock is a wrong --now or device clock (assess and monitor refuse it too).
  const load = async (e: SideEntry): Promise<SnapshotRead> => {
    const r = await loadEntry(e);
    checkCollectedBy(r.snapshot, ctx.now, e.file, 'the report time');
    return r;
  };
  const olds = new Map<string, Kept>();
  const assessOld = (snapshot: Snapshot, entry: SideEntry, sha256: string, textsFor?: ReadonlySet<string>): AssessedDevice => {
    const dev = assessDevice(snapshot, { file: entry.file, sha256 }, ctx, days.oldToday ?? dateOf(snapshot.collectedAt), textsFor, days.oldAt);
    const { snapshot: _dropped, ...lite } = dev;
    void _dropped;
    keepLatest(olds, { ...lite, entry }, 'OLD');
    return dev;
  };
  for (const entry of oldL.entries) {
    if (paired.has(entry)) continue;
    const { snapshot, sha256 } = await load(entry);
    assessOld(snapshot, entry, sha256);
  }

  const oldInfo: SideInfo = { label: oldL.label, kind: oldL.kind, at: oldL.at ?? ctx.now, devices: 0 };
  const newInfo: SideInfo = { label: newL.label, kind: newL.kind, at: newL.at ?? ctx.now, devices: 0 };
  const builder = new DriftBuilder(ctx, oldInfo, newInfo, { ...(days.oldToday ? { old: days.oldToday } : {}), ...(days.newToday ? { new: days.newToday } : {}) });
  const newTimes = new Map<string, { id: string; collectedAt: string; sha256: string; file: string }>();
  /** Per device: the OLD snapshot (sha) its comparison used, to redo it if a later OLD one turns up. */
  const usedOld = new Map<string, string | undefined>();
  const deferred: SideEntry[] = [];
  const newToday = (s: Snapshot) => days.newToday ?? dateOf(s.collectedAt);
  /** Evaluates NEW (only what can have changed, when OLD is known) and adds the pair. */
  const compare = (snapshot: Snapshot, sha256: string, entry: SideEntry, old: AssessedDevice | undefined, known?: SettingChange[]): void => {
    const id = snapshot.device.id;
    if (!keepLatest(newTimes, { id, collectedAt: snapshot.collectedAt, sha256, file: entry.file }, 'NEW')) return;
    const source = { file: entry.file, sha256 };
    if (old) {
      const settings = known ?? (old.sha256 === sha256 ? [] : diffSettings(old.snapshot, snapshot, ctx));
      builder.add(old, assessAgainst(old, snapshot, source, settings, ctx, newToday(snapshot), days.newAt), settings);
    } else {
      builder.add(undefined, assessDevice(snapshot, source, ctx, newToday(snapshot), undefined, days.newAt));
    }
    usedOld.set(id, old?.sha256);
  };

  for (const entry of newL.entries) {
    const o = partner(entry);
    if (!o) {
      deferred.push(entry);
      continue;
    }
    const [a, b] = [await load(o), await load(entry)];
    if (a.snapshot.device.id !== b.snapshot.device.id) {
      assessOld(a.snapshot, o, a.sha256);
      deferred.push(entry); // the names matched, the devices do not: compared below, by id
      continue;
    }
    // Both snapshots at hand: OLD's texts are made only for the checks whose status can change
    // (the others' texts are never shown), which is most of the evaluation's cost.
    const settings = a.sha256 === b.sha256 ? [] : diffSettings(a.snapshot, b.snapshot, ctx);
    const old = assessOld(a.snapshot, o, a.sha256, redoChecks(a.snapshot.device.id, settings, ctx));
    compare(b.snapshot, b.sha256, entry, old, settings);
  }
  /** A kept OLD device with its snapshot; evaluated again in full if its texts were made for one comparison only. */
  const oldDevice = async (kept: Kept, snapshot?: Snapshot): Promise<AssessedDevice> => {
    const snap = snapshot ?? (await reread(kept.entry, kept.sha256));
    if (!kept.partial) return { ...kept, snapshot: snap };
    const full = assessDevice(snap, { file: kept.file, sha256: kept.sha256 }, ctx, days.oldToday ?? dateOf(snap.collectedAt), undefined, days.oldAt);
    const { snapshot: _dropped, ...lite } = full;
    void _dropped;
    olds.set(kept.id, { ...lite, entry: kept.entry });
    return full;
  };
  const withOld = async (id: string, sha: string, snapshot?: Snapshot): Promise<AssessedDevice | undefined> => {
    const kept = olds.get(id);
    if (!kept) return undefined;
    return oldDevice(kept, kept.sha256 === sha && snapshot ? snapshot : undefined);
  };
  for (const entry of deferred) {
    const { snapshot, sha256 } = await load(entry);
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
}

/** The POA&M changes between two assessment folders, when NEW holds a poam.json (OLD may not). */
function poamChangesBetween(oldPath: string, newPath: string): PoamChange[] | undefined {
  const poamOf = (path: string) => {
    const file = join(statSync(path).isDirectory() ? path : dirname(path), POAM_FILE);
    if (!existsSync(file)) return undefined;
    return parsePreviousPoam(readUtf8File(file, 'JSON'), file);
  };
  const now = poamOf(newPath);
  return now ? poamChanges(poamOf(oldPath), now) : undefined;
}

/**
 * The system's name when --system-name and --system do not give it: the one NEW's assessment
 * recorded in its ssp.json, if NEW is an assessment folder.
 */
function recordedSystemName(listing: SideListing, path: string): string | undefined {
  if (listing.kind !== 'assessment') return undefined;
  const file = join(path, SSP_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { 'system-security-plan'?: { 'system-characteristics'?: { 'system-name'?: unknown } } };
    const name = doc['system-security-plan']?.['system-characteristics']?.['system-name'];
    return typeof name === 'string' && name.trim() !== '' ? name : undefined;
  } catch {
    return undefined; // not ours to judge here: the name is a nicety
  }
}

export async function runDiff(opts: DiffOptions): Promise<DiffOutcome> {
  const config = loadRunConfig(opts.config);
  for (const w of [...config.params.warnings, ...config.warnings]) opts.warn?.(w);
  const system = opts.system ? parseSystemDescription(readUtf8File(opts.system, 'YAML'), opts.system) : undefined;
  const attestations = opts.attestations ? loadAttestationsFile(opts.attestations, (id) => lookupControl(config.index, id) !== undefined, dateOf(opts.now), (id) => assessmentOf(config.index, id)?.objective) : undefined;
  const expected = system ? expectedAttestations(system) : [];
  const ctx = { ...makeDriftContext(config, { now: opts.now, ...(opts.baseline ? { baseline: opts.baseline } : {}) }), ...(attestations ? { attestations } : {}), ...(expected.length ? { expectedAttestations: expected } : {}) };
  const side = { ...(opts.ingest ? { ingest: opts.ingest } : {}), ...(opts.warn ? { warn: opts.warn } : {}), outputs: [{ name: '--out', path: opts.out }] };
  const oldL = listSide({ path: opts.old, ...side });
  const newL = listSide({ path: opts.new, ...side });
  const staged = stageOutputDir(opts.out, opts.force);
  try {
    // OLD: the date its assessment recorded, else each snapshot's collection date. NEW: its
    // assessment's date, else the report clock (as `assess` would judge it today). Deviations
    // are valid on that date, and evidence age is judged at that time.
    const drift = await diffListings(oldL, newL, ctx, {
      ...(oldL.at ? { oldToday: dateOf(oldL.at), oldAt: oldL.at } : {}),
      newToday: dateOf(newL.at ?? opts.now),
      newAt: newL.at ?? opts.now,
    });
    const systemName = opts.systemName ?? system?.name ?? recordedSystemName(newL, opts.new) ?? DEFAULT_SYSTEM_NAME;
    writeDriftJson(drift, join(staged.path, DRIFT_JSON));
    writeFileSync(join(staged.path, DRIFT_MD), driftToMarkdown(drift), { flag: 'wx' });
    const files = [DRIFT_JSON, DRIFT_MD];
    if (opts.pdf !== false) {
      const poam = oldL.kind === 'assessment' && newL.kind === 'assessment' ? poamChangesBetween(opts.old, opts.new) : undefined;
      const driftFile = join(staged.path, DRIFT_JSON);
      await renderMonitoringPdf(buildMonitoringReport(drift, {
        toolVersion: opts.toolVersion,
        systemName,
        ...(system ? { system: reportSystem(system) } : {}),
        ...(opts.marking ? { marking: opts.marking } : {}),
        checkTitles: Object.fromEntries(ctx.checks.map((c) => [c.id, c.title])),
        attachments: driftAttachment(driftFile),
        ...(poam ? { poamChanges: poam } : {}),
      }), join(staged.path, MONITORING_PDF));
      files.push(MONITORING_PDF);
    }
    staged.commit();
    return { outDir: opts.out, files, drift };
  } catch (e) {
    staged.discard();
    throw e;
  }
}
