// The `assess` command's work, at the edge: read inputs, call the pure stages, write the package.
// Files and the clock are touched here and nowhere deeper.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, type CheckCatalog } from '../catalog/load-checks.js';
import { baselineControls, loadCatalogFile, loadControlIndex, lookupControl, type Baseline, type ControlIndex } from '../catalog/control-index.js';
import type { CheckResult, DeviationRecord } from '../evaluate/evaluate-check.js';
import { parseDeviations } from '../evaluate/deviations.js';
import { evaluateDevice } from '../evaluate/evaluate-device.js';
import { UserError } from '../io/errors.js';
import { expandInputs, type InputItem } from '../io/inputs.js';
import { readAhead, readError, WriteQueue } from '../io/file-queue.js';
import { FileSink, RawJson, StreamedArray, writeJsonStream } from '../io/json-stream.js';
import { Spool, type Span } from '../io/spool.js';
import { serializeObservations } from '../oscal/observations.js';
import { RunIds } from '../oscal/run-ids.js';
import { stageOutputDir } from '../io/package-dir.js';
import { sha256Hex } from '../oscal/ids.js';
import { AP_FILE, AR_FILE, buildAssessmentPlan, buildAssessmentResults } from '../oscal/assessment-results.js';
import { loadTemplates } from '../oscal/templates.js';
import { parseParamsFile, parseProfileParameters, resolveParameters, type ParamOverride } from '../params/resolve.js';
import { parseSnapshot, validateSnapshot } from '../snapshot/load.js';
import { hasSecrets, redactSnapshot } from '../snapshot/secrets.js';
import type { Snapshot } from '../snapshot/types.js';
import { ControlAggregator, manualControls } from './controls.js';
import type { AssessedDevice, Assessment, AssessmentSummary, DeviceOutcome } from './model.js';
import { summarise } from './summary.js';

export interface AssessOptions {
  inputs: string[];
  out: string;
  force: boolean;
  baseline: Baseline;
  /** The assessment clock, RFC 3339 UTC. */
  now: string;
  toolVersion: string;
  systemName?: string;
  profile?: string;
  catalog?: string;
  params?: string;
  deviations?: string;
  checks?: string;
  /** Turns an export folder into a snapshot (the ingest stage); absent = export folders are not accepted. */
  ingest?: {
    looksLikeExportFolder(dir: string): boolean;
    ingestFolder(dir: string): Promise<{ snapshot: Snapshot; skipped: Array<{ file: string; reason: string }>; warnings?: string[] }>;
  };
  onProgress?: (done: number, total: number) => void;
  warn?: (message: string) => void;
}

export interface AssessOutcome {
  outDir: string;
  files: string[];
  summary: AssessmentSummary;
  devices: Array<{ id: string; collectedAt: string; file: string; superseded: Array<{ file: string; collectedAt: string }> }>;
  findings: Array<{ control: string; state: string; failingDevices: string[] }>;
  manual: string[];
  warnings: string[];
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw readError(file, e);
  }
}

function readText(file: string): string {
  return readInput(file).toString('utf8');
}

function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

interface Loaded {
  snapshot: Snapshot;
  bytes: Buffer;
  sha256: string;
  file: string;
}

async function loadItem(item: InputItem, prefetched: Buffer | undefined, ingest: AssessOptions['ingest'], warn: (m: string) => void): Promise<Loaded> {
  if (item.kind === 'exports') {
    if (!ingest) throw new UserError('is an export folder, but this build cannot ingest exports', { file: item.path });
    const { snapshot, skipped, warnings } = await ingest.ingestFolder(item.path);
    for (const s of skipped) warn(`${item.path}: skipped ${s.file}: ${s.reason}`);
    for (const w of warnings ?? []) warn(`${item.path}: ${w}`);
    const bytes = Buffer.from(JSON.stringify(snapshot, null, 2) + '\n');
    // Held to the same schema as a snapshot file: an ingester bug must not slip through.
    return { snapshot: validateSnapshot(JSON.parse(bytes.toString('utf8')), `snapshot ingested from ${item.path}`), bytes, sha256: sha256Hex(bytes), file: item.path };
  }
  const bytes = prefetched ?? readInput(item.path);
  return { snapshot: parseSnapshot(bytes.toString('utf8'), item.path), bytes, sha256: sha256Hex(bytes), file: item.path };
}

export function loadRunConfig(opts: Pick<AssessOptions, 'checks' | 'params' | 'profile' | 'deviations' | 'catalog'>): {
  catalog: CheckCatalog;
  params: ReturnType<typeof resolveParameters>;
  deviations: DeviationRecord[];
  index: ControlIndex;
  inputDigest: string;
} {
  const catalog = loadCatalog(opts.checks ? { checksFile: opts.checks } : {});
  const profile: ParamOverride[] = opts.profile ? parseProfileParameters(readText(opts.profile), opts.profile) : [];
  const file: ParamOverride[] = opts.params ? parseParamsFile(readText(opts.params), opts.params) : [];
  const params = resolveParameters(catalog.parameters, profile, file);
  const deviations = opts.deviations ? parseDeviations(readText(opts.deviations), opts.deviations, new Set(catalog.checks.map((c) => c.id))) : [];
  const bundled = loadControlIndex();
  const index = opts.catalog ? loadCatalogFile(opts.catalog, { baselinesFrom: bundled }) : bundled;
  const inputDigest = sha256Hex(JSON.stringify({ checks: catalog.checks, params: [...params.params.values()], deviations, catalog: index.source }));
  return { catalog, params, deviations, index, inputDigest };
}

/** Keeps the status of every check and, for fails and deviations, what was seen. */
function compactOutcome(results: readonly CheckResult[]): DeviceOutcome {
  const details: DeviceOutcome['details'] = new Map();
  for (const r of results) {
    if (r.status === 'fail' || r.status === 'deviation') {
      details.set(r.checkId, r.deviation ? { observed: r.observed, expected: r.expected, deviation: r.deviation } : { observed: r.observed, expected: r.expected });
    }
  }
  return { statuses: results.map((r) => r.status), details };
}

export async function runAssess(opts: AssessOptions): Promise<AssessOutcome> {
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    opts.warn?.(m);
  };
  const nowMs = Date.parse(opts.now);
  const today = opts.now.slice(0, 10);
  const config = loadRunConfig(opts);
  config.params.warnings.forEach(warn);
  const checks = config.catalog.checks;
  const unknown = [...new Set(checks.flatMap((c) => c.controls))].filter((id) => !lookupControl(config.index, id));
  if (unknown.length) throw new UserError(`the check catalog cites controls the control catalog does not define: ${unknown.join(', ')}`, { file: opts.catalog ?? 'controls/rev5-index.json' });

  const items = expandInputs(opts.inputs, opts.ingest ? (d) => opts.ingest!.looksLikeExportFolder(d) : undefined);
  const staged = stageOutputDir(opts.out, opts.force);
  const evidenceWrites = new WriteQueue();
  let spool: Spool | undefined;
  try {
    mkdirSync(join(staged.path, 'evidence'));
    // Device-level uuids need only the clock and configuration: observations are written as each
    // device is evaluated, and only a compact outcome per device is kept.
    const configKey = sha256Hex([opts.now, opts.baseline, opts.toolVersion, opts.systemName ?? '', config.inputDigest].join('\n'));
    const ids = new RunIds(configKey, checks.map((c) => c.id));
    spool = new Spool(join(staged.path, '.observations.tmp'));
    interface Current { device: AssessedDevice; outcome: DeviceOutcome; span: Span }
    const current = new Map<string, Current>();
    const seenAt = new Map<string, string>(); // device|collectedAt -> file
    let done = 0;
    for await (const { item, bytes } of readAhead(items, (i) => i.kind === 'snapshot')) {
      const loaded = await loadItem(item, bytes, opts.ingest, warn);
      const s = loaded.snapshot;
      const key = `${s.device.id}|${Date.parse(s.collectedAt)}`;
      const twin = seenAt.get(key);
      if (twin) throw new UserError(`two snapshots of device ${s.device.id} collected at the same time (${s.collectedAt}): ${twin} and ${loaded.file}`, { file: loaded.file, where: '/collectedAt' });
      seenAt.set(key, loaded.file);
      if (Date.parse(s.collectedAt) > nowMs) {
        throw new UserError(`collected at ${s.collectedAt}, after the assessment time ${opts.now} (check --now or the device clock)`, { file: loaded.file, where: '/collectedAt' });
      }
      const prev = current.get(s.device.id);
      if (prev && Date.parse(prev.device.collectedAt) > Date.parse(s.collectedAt)) {
        prev.device.superseded.push({ file: loaded.file, collectedAt: s.collectedAt });
      } else {
        const evidenceName = `evidence/${s.device.id}_${compactTime(s.collectedAt)}.json`;
        const evidencePath = join(staged.path, evidenceName);
        const redacted = hasSecrets(s);
        let evidenceSha256 = loaded.sha256;
        if (redacted) {
          const text = JSON.stringify(redactSnapshot(s), null, 2) + '\n';
          await evidenceWrites.add(evidencePath, text);
          evidenceSha256 = sha256Hex(text);
        } else {
          // The bytes that were hashed and assessed, not a second read of a file that may have changed.
          await evidenceWrites.add(evidencePath, loaded.bytes);
        }
        const superseded = prev ? [...prev.device.superseded, { file: prev.device.sourceFile, collectedAt: prev.device.collectedAt }] : [];
        if (prev) {
          await evidenceWrites.drain(); // the superseded copy may still be in flight
          rmSync(join(staged.path, prev.device.evidenceHref));
        }
        const device: AssessedDevice = {
          id: s.device.id, device: s.device, collectedAt: s.collectedAt, sourceFile: loaded.file, sourceSha256: loaded.sha256,
          evidenceHref: evidenceName, evidenceSha256, redacted, superseded,
        };
        const results = evaluateDevice(s, checks, config.params.params, config.deviations, today);
        ids.setSnapshot(device.id, device.sourceSha256);
        spool.begin();
        serializeObservations(results, checks, device, ids, (text) => spool!.write(text));
        const span = spool.end();
        current.set(s.device.id, { device, outcome: compactOutcome(results), span });
      }
      opts.onProgress?.(++done, items.length);
    }

    await evidenceWrites.drain();
    const deviceIds = [...current.keys()].sort();
    const devices = deviceIds.map((id) => current.get(id)!.device);
    for (const d of devices) d.superseded.sort((a, b) => a.collectedAt.localeCompare(b.collectedAt));
    const outcomes = new Map(deviceIds.map((id) => [id, current.get(id)!.outcome] as const));
    const aggregator = new ControlAggregator(checks, (id) => lookupControl(config.index, id), opts.baseline);
    for (const id of deviceIds) {
      const o = outcomes.get(id)!;
      o.statuses.forEach((status, i) => aggregator.add({ deviceId: id, checkId: checks[i]!.id, status, deviation: o.details.get(checks[i]!.id)?.deviation }));
    }
    const findings = aggregator.findings();
    const manual = manualControls(baselineControls(config.index, opts.baseline), checks);
    for (const d of config.deviations) {
      if (d.expires < today) warn(`deviation for ${d.checkId} on ${d.deviceId} (${d.source}) expired on ${d.expires}; it no longer applies`);
    }

    const runKey = sha256Hex([configKey, ...devices.map((d) => d.sourceSha256)].join('\n'));
    ids.setRunKey(runKey);
    const assessment: Assessment = {
      now: opts.now,
      baseline: opts.baseline,
      toolVersion: opts.toolVersion,
      systemName: opts.systemName ?? 'Imaging-device fleet',
      devices,
      checks,
      outcomes,
      observations: new StreamedArray(function* () {
        for (const id of deviceIds) yield new RawJson(spool!.read(current.get(id)!.span));
      }),
      findings,
      manual,
      params: [...config.params.params.values()],
      catalogSource: config.index.source,
      runKey,
      ids,
    };
    const templates = loadTemplates();
    const arSink = new FileSink(join(staged.path, AR_FILE));
    try {
      writeJsonStream(buildAssessmentResults(assessment, templates), arSink);
    } finally {
      arSink.close();
    }
    writeFileSync(join(staged.path, AP_FILE), JSON.stringify(buildAssessmentPlan(assessment), null, 2) + '\n', { flag: 'wx' });
    spool.remove();
    spool = undefined;
    staged.commit();
    return {
      outDir: opts.out,
      files: [AR_FILE, AP_FILE, ...devices.map((d) => d.evidenceHref)],
      summary: summarise(devices.length, checks, outcomes, findings, manual),
      devices: devices.map((d) => ({ id: d.id, collectedAt: d.collectedAt, file: d.sourceFile, superseded: d.superseded })),
      findings: findings.map((f) => ({ control: f.controlId, state: f.state, failingDevices: [...new Set(f.failing.map((x) => x.deviceId))] })),
      manual,
      warnings,
    };
  } catch (e) {
    await evidenceWrites.drain().catch(() => undefined); // let in-flight writes land before removing their folder
    spool?.remove();
    staged.discard();
    throw e;
  }
}
