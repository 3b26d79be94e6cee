// The `diff` command's work, at the edge: read both sides, compare, write drift.json, drift.md
// and monitoring-report.pdf into a staged folder.
//
// Memory stays flat for large fleets: pass 1 evaluates the OLD side and keeps only each device's
// statuses and where its snapshot is; pass 2 streams the NEW side and, for a device whose bytes
// changed, reads its OLD snapshot again for the setting-level comparison.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig, type ConfigOptions } from '../assess/config.js';
import { UserError } from '../io/errors.js';
import { stageOutputDir } from '../io/package-dir.js';
import { MONITORING_PDF, renderMonitoringPdf } from '../report/monitoring/render.js';
import { DriftBuilder } from './compute.js';
import { listSide, loadEntry, reread, type Ingester, type SideEntry, type SideListing } from './io.js';
import { DRIFT_MD, driftToMarkdown } from './markdown.js';
import { buildMonitoringReport } from './report-model.js';
import { DRIFT_JSON, writeDriftJson } from './serialize.js';
import { assessDevice, dateOf, makeDriftContext } from './side.js';
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
 */
export async function diffListings(oldL: SideListing, newL: SideListing, ctx: DriftContext, days: { oldToday?: string; newToday?: string } = {}): Promise<Drift> {
  const olds = new Map<string, Kept>();
  for (const entry of oldL.entries) {
    const { snapshot, sha256 } = await loadEntry(entry);
    const { snapshot: _dropped, ...dev } = assessDevice(snapshot, { file: entry.file, sha256 }, ctx, days.oldToday ?? dateOf(snapshot.collectedAt));
    void _dropped;
    keepLatest(olds, { ...dev, entry }, 'OLD');
  }
  const oldInfo: SideInfo = { label: oldL.label, kind: oldL.kind, at: oldL.at ?? latestAt([...olds.values()].map((d) => d.collectedAt), ctx.now), devices: olds.size };
  const newTimes = new Map<string, { id: string; collectedAt: string; sha256: string; file: string }>();
  // The builder's info is completed at the end (device counts come from the builder itself).
  const newInfo: SideInfo = { label: newL.label, kind: newL.kind, at: newL.at ?? ctx.now, devices: 0 };
  const builder = new DriftBuilder(ctx, oldInfo, newInfo);
  for (const entry of newL.entries) {
    const { snapshot, sha256 } = await loadEntry(entry);
    const neu = assessDevice(snapshot, { file: entry.file, sha256 }, ctx, days.newToday ?? dateOf(snapshot.collectedAt));
    if (!keepLatest(newTimes, { id: neu.id, collectedAt: neu.collectedAt, sha256, file: entry.file }, 'NEW')) continue;
    const kept = olds.get(neu.id);
    const old: AssessedDevice | undefined = kept ? { ...kept, snapshot: kept.sha256 === sha256 ? snapshot : await reread(kept.entry, kept.sha256) } : undefined;
    builder.add(old, neu);
  }
  for (const [id, kept] of olds) {
    if (!newTimes.has(id)) builder.add({ ...kept, snapshot: await reread(kept.entry, kept.sha256) }, undefined);
  }
  if (!newL.at) newInfo.at = latestAt([...newTimes.values()].map((d) => d.collectedAt), ctx.now);
  return builder.finish();
}

export async function runDiff(opts: DiffOptions): Promise<DiffOutcome> {
  const config = loadRunConfig(opts.config);
  for (const w of [...config.params.warnings, ...config.warnings]) opts.warn?.(w);
  const ctx = makeDriftContext(config, { now: opts.now, ...(opts.baseline ? { baseline: opts.baseline } : {}) });
  const oldL = listSide({ path: opts.old, ...(opts.ingest ? { ingest: opts.ingest } : {}) });
  const newL = listSide({ path: opts.new, ...(opts.ingest ? { ingest: opts.ingest } : {}) });
  const staged = stageOutputDir(opts.out, opts.force);
  try {
    // OLD: the date its assessment recorded, else each snapshot's collection date. NEW: its
    // assessment's date, else the report clock (as `assess` would judge it today).
    const drift = await diffListings(oldL, newL, ctx, {
      ...(oldL.at ? { oldToday: dateOf(oldL.at) } : {}),
      newToday: dateOf(newL.at ?? opts.now),
    });
    writeDriftJson(drift, join(staged.path, DRIFT_JSON));
    writeFileSync(join(staged.path, DRIFT_MD), driftToMarkdown(drift), { flag: 'wx' });
    const files = [DRIFT_JSON, DRIFT_MD];
    if (opts.pdf !== false) {
      await renderMonitoringPdf(buildMonitoringReport(drift, { toolVersion: opts.toolVersion, ...(opts.systemName ? { systemName: opts.systemName } : {}) }), join(staged.path, MONITORING_PDF));
      files.push(MONITORING_PDF);
    }
    staged.commit();
    return { outDir: opts.out, files, drift };
  } catch (e) {
    staged.discard();
    throw e;
  }
}
