// The figures the report prints: control categories, counts by layer and by family, result
// counts per check. Pure functions of the ReportInput (the result counts need one pass over
// input.results()).
import { LAYERS, type Layer } from '../../snapshot/types.js';
import type { ReportControl, ReportInput, ReportResult } from '../model.js';
import type { AssessmentSummary } from '../../assess/model.js';

export type ControlCategory = 'satisfied' | 'not-satisfied' | 'deviation' | 'partial';
export const CATEGORIES: readonly ControlCategory[] = ['satisfied', 'not-satisfied', 'deviation', 'partial'];
export type ResultStatus = ReportResult['status'];
export const RESULT_STATUSES: readonly ResultStatus[] = ['pass', 'fail', 'deviation', 'not-applicable', 'not-collected'];

/**
 * satisfied: every leaf objective shown; partial: nothing failed but objectives left to the
 * assessor; deviation: not satisfied only because of approved deviations (nothing failed, no
 * evidence missing); not-satisfied: anything else.
 */
export function categoryOf(c: ReportControl, stats: ResultStats): ControlCategory {
  if (c.state === 'satisfied') return 'satisfied';
  if (c.state === 'partial') return 'partial';
  // Decided once, by the run's summary (assess/summary.ts), where the input carries it.
  if (c.deviationOnly !== undefined) return c.deviationOnly ? 'deviation' : 'not-satisfied';
  const missing = c.checkIds.some((k) => (stats.byCheck.get(k)?.['not-collected'] ?? 0) > 0);
  if (c.reason !== 'fail' && c.failingDevices.length === 0 && c.deviationDevices.length > 0 && !missing) return 'deviation';
  return 'not-satisfied';
}

export type Counts<K extends string> = Record<K, number>;

function zero<K extends string>(keys: readonly K[]): Counts<K> {
  const o = {} as Counts<K>;
  for (const k of keys) o[k] = 0;
  return o;
}

export interface ResultStats {
  byCheck: Map<string, Counts<ResultStatus>>;
  byLayer: Map<Layer, Counts<ResultStatus>>;
  total: Counts<ResultStatus>;
}

export function emptyStatusCounts(): Counts<ResultStatus> {
  return zero(RESULT_STATUSES);
}

/**
 * One pass over the results (`each` sees every result of that pass too: the fleet grouping is made
 * in it). A result for a check the input does not define is a bug upstream.
 */
export function resultStats(input: ReportInput, each?: (r: ReportResult) => void): ResultStats {
  const layerOf = new Map(input.checks.map((c) => [c.id, c.layer]));
  const byCheck = new Map<string, Counts<ResultStatus>>(input.checks.map((c) => [c.id, emptyStatusCounts()]));
  const byLayer = new Map<Layer, Counts<ResultStatus>>(LAYERS.map((l) => [l, emptyStatusCounts()]));
  const total = emptyStatusCounts();
  for (const r of input.results()) {
    const layer = layerOf.get(r.checkId);
    if (!layer) throw new Error(`PDF report: result for unknown check ${r.checkId} (device ${r.deviceId})`);
    (byCheck.get(r.checkId) as Counts<ResultStatus>)[r.status]++;
    (byLayer.get(layer) as Counts<ResultStatus>)[r.status]++;
    total[r.status]++;
    each?.(r);
  }
  return { byCheck, byLayer, total };
}

export const SEVERITY_RANK: Record<string, number> = { 'CAT I': 0, 'CAT II': 1, 'CAT III': 2 };

/** Natural order of control ids: ac-2 < ac-2.1 < ac-10 < au-2. */
export function compareIds(a: string, b: string): number {
  const pa = a.toLowerCase().split(/(\d+)/);
  const pb = b.toLowerCase().split(/(\d+)/);
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (i % 2 === 1 && x !== '' && y !== '') return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function familyOf(id: string, family?: string): string {
  if (family) return family.toLowerCase();
  return (/^([a-z]+)-/i.exec(id)?.[1] ?? id).toLowerCase();
}

export interface ControlSummary {
  total: Counts<ControlCategory>;
  manual: number;
  byLayer: Map<Layer, Counts<ControlCategory>>;
  byFamily: Map<string, Counts<ControlCategory | 'manual'>>;
  /** Not satisfied (deviation-only ones too), highest severity first, then most failing devices, then id. */
  failing: ReportControl[];
  /** The open findings (controls not satisfied, deviations included) by severity, and the risk they show. */
  open: AssessmentSummary['openFindings'];
  risk: AssessmentSummary['risk'];
  lapsed: AssessmentSummary['lapsed'];
}

export function controlSummary(input: ReportInput, stats: ResultStats): ControlSummary {
  const layerOf = new Map(input.checks.map((c) => [c.id, c.layer]));
  const total = zero(CATEGORIES);
  const byLayer = new Map<Layer, Counts<ControlCategory>>(LAYERS.map((l) => [l, zero(CATEGORIES)]));
  const families = new Map<string, Counts<ControlCategory | 'manual'>>();
  const fam = (key: string) => {
    let f = families.get(key);
    if (!f) families.set(key, (f = zero([...CATEGORIES, 'manual'] as const)));
    return f;
  };
  for (const c of input.controls) {
    const cat = categoryOf(c, stats);
    total[cat]++;
    fam(familyOf(c.id, c.family))[cat]++;
    const layers = new Set<Layer>();
    for (const k of c.checkIds) {
      const l = layerOf.get(k);
      if (l) layers.add(l);
    }
    for (const l of layers) (byLayer.get(l) as Counts<ControlCategory>)[cat]++;
  }
  for (const m of input.manual) fam(familyOf(m.id)).manual++;
  const byFamily = new Map([...families.entries()].sort(([a], [b]) => compareIds(a, b)));
  const failing = input.controls
    .filter((c) => categoryOf(c, stats) === 'not-satisfied' || categoryOf(c, stats) === 'deviation')
    .sort(
      (a, b) =>
        (SEVERITY_RANK[a.severity ?? ''] ?? 3) - (SEVERITY_RANK[b.severity ?? ''] ?? 3) ||
        b.failingDevices.length - a.failingDevices.length ||
        compareIds(a.id, b.id),
    );
  // The run's summary where the input has it (the CLI printed the same); else counted here.
  let open = input.summary?.openFindings;
  if (!open) {
    open = { 'CAT I': 0, 'CAT II': 0, 'CAT III': 0, unrated: 0 };
    for (const c of input.controls) if (c.state === 'not-satisfied') open[c.severity ?? 'unrated']++;
  }
  const risk = input.summary?.risk ?? (open['CAT I'] ? 'high' : open['CAT II'] ? 'moderate' : open['CAT III'] + open.unrated ? 'low' : 'none');
  const lapsed = input.summary?.lapsed ?? {
    attestations: [...new Set((input.attestations ?? []).filter((a) => a.status === 'expired').map((a) => a.controlId))],
    deviations: input.deviations.filter((d) => d.expired).length,
  };
  return { total, manual: input.manual.length, byLayer, byFamily, failing, open, risk, lapsed };
}
