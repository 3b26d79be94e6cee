// From per-device check results to per-control findings. Pure.
import type { Check, Severity } from '../catalog/types.js';
import type { CheckResult, DeviationRecord } from '../evaluate/evaluate-check.js';
import type { Attestation } from '../attest/attestations.js';

export type ControlState = 'satisfied' | 'not-satisfied';

export interface ControlFinding {
  controlId: string;
  title: string;
  /** "<control>_obj" where the catalog has that objective, else the control id. */
  targetId: string;
  targetType: 'objective-id' | 'statement-id';
  state: ControlState;
  /** OSCAL finding reason: pass, fail, or other (deviation or evidence not collected). */
  reason: 'pass' | 'fail' | 'other';
  checkIds: string[];
  /** device/check pairs that failed. */
  failing: Array<{ deviceId: string; checkId: string }>;
  deviations: Array<{ deviceId: string; checkId: string; deviation: DeviationRecord }>;
  notCollected: Array<{ deviceId: string; checkId: string }>;
  /** Highest severity among the failing or deviating checks. */
  severity?: Severity;
  inBaseline: boolean;
  /** Number of device/check results the verdict rests on, and how many of them passed. */
  resultCount: number;
  passCount: number;
  /**
   * Manual attestations of this control (docs/attestations.md). A control with attestations and
   * no check has checkIds [] and resultCount 0; its state comes from the attestations alone.
   */
  attestations?: Attestation[];
}

export interface ControlInfo {
  title: string;
  objective?: string;
  baselines: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { 'CAT I': 3, 'CAT II': 2, 'CAT III': 1 };

function highest(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** Accumulates results one device at a time, so a fleet's results need not be held twice. */
export class ControlAggregator {
  private readonly byControl = new Map<string, ControlFinding>();
  private readonly checksById: Map<string, Check>;

  /** `selected`: the control ids of the --profile, when one replaces the baseline's list. */
  constructor(checks: readonly Check[], lookup: (id: string) => ControlInfo | undefined, baseline: string, selected?: ReadonlySet<string>) {
    this.checksById = new Map(checks.map((c) => [c.id, c]));
    const ids = [...new Set(checks.flatMap((c) => c.controls))].sort(compareControlIds);
    for (const id of ids) {
      const info = lookup(id);
      this.byControl.set(id, {
        controlId: id,
        title: info?.title ?? id,
        targetId: info?.objective ?? id,
        targetType: 'objective-id',
        state: 'satisfied',
        reason: 'pass',
        checkIds: checks.filter((c) => c.controls.includes(id)).map((c) => c.id),
        failing: [],
        deviations: [],
        notCollected: [],
        inBaseline: selected ? selected.has(id) : info?.baselines.includes(baseline) ?? false,
        resultCount: 0,
        passCount: 0,
      });
    }
  }

  add(result: Pick<CheckResult, 'deviceId' | 'checkId' | 'status' | 'deviation'>): void {
    const check = this.checksById.get(result.checkId);
    if (!check) return;
    for (const id of check.controls) {
      const f = this.byControl.get(id)!;
      f.resultCount++;
      const pair = { deviceId: result.deviceId, checkId: result.checkId };
      if (result.status === 'pass') f.passCount++;
      else if (result.status === 'fail') {
        f.failing.push(pair);
        f.severity = highest(f.severity, check.severity);
      } else if (result.status === 'deviation' && result.deviation) {
        f.deviations.push({ ...pair, deviation: result.deviation });
        f.severity = highest(f.severity, check.severity);
      } else if (result.status === 'not-collected') {
        f.notCollected.push(pair);
      }
    }
  }

  /** Satisfied only if every mapped check passed (or did not apply) on every device. */
  findings(): ControlFinding[] {
    return [...this.byControl.values()].map((f) => {
      if (f.failing.length) return { ...f, state: 'not-satisfied' as const, reason: 'fail' as const };
      // Deviations, missing evidence, or nothing that applied: the control cannot be claimed.
      if (f.deviations.length || f.notCollected.length || f.passCount === 0) return { ...f, state: 'not-satisfied' as const, reason: 'other' as const };
      return { ...f };
    });
  }
}

/** ac-2 < ac-2.1 < ac-2.10 < ac-3 (numeric, not lexical). */
export function compareControlIds(a: string, b: string): number {
  const pa = a.split(/[-.]/);
  const pb = b.split(/[-.]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

/** Baseline controls no automated check covers: listed for manual assessment, never claimed. */
export function manualControls(baselineIds: readonly string[], checks: readonly Check[]): string[] {
  const covered = new Set(checks.flatMap((c) => c.controls));
  return baselineIds.filter((id) => !covered.has(id));
}

/**
 * Adds manual attestations to the findings. Attestations add to automated evidence, never
 * override it: a control is satisfied only if its automated verdict (when it has checks) is
 * satisfied and every attestation of it is current at the assessment day. An expired attestation
 * makes the control not-satisfied with reason "other" (nothing failed; the evidence lapsed),
 * unless a check failed (reason stays "fail"). Pure; findings come back in control-id order.
 */
export function withAttestations(
  findings: readonly ControlFinding[],
  attestations: readonly Attestation[],
  lookup: (id: string) => ControlInfo | undefined,
  inScope: (id: string) => boolean,
): ControlFinding[] {
  if (attestations.length === 0) return [...findings];
  const byControl = new Map<string, Attestation[]>();
  for (const a of attestations) byControl.set(a.controlId, [...(byControl.get(a.controlId) ?? []), a]);
  const out: ControlFinding[] = findings.map((f) => {
    const list = byControl.get(f.controlId);
    if (!list) return f;
    byControl.delete(f.controlId);
    const lapsed = list.some((a) => a.status === 'expired');
    if (!lapsed) return { ...f, attestations: list };
    return { ...f, attestations: list, state: 'not-satisfied' as const, reason: f.reason === 'fail' ? ('fail' as const) : ('other' as const) };
  });
  for (const [id, list] of byControl) {
    const info = lookup(id);
    const lapsed = list.some((a) => a.status === 'expired');
    out.push({
      controlId: id,
      title: info?.title ?? id,
      targetId: info?.objective ?? id,
      targetType: 'objective-id',
      state: lapsed ? 'not-satisfied' : 'satisfied',
      reason: lapsed ? 'other' : 'pass',
      checkIds: [],
      failing: [],
      deviations: [],
      notCollected: [],
      inBaseline: inScope(id),
      resultCount: 0,
      passCount: 0,
      attestations: list,
    });
  }
  return out.sort((a, b) => compareControlIds(a.controlId, b.controlId));
}

/** Controls of the selection (baseline or profile) no automated check covers and no attestation speaks for. */
export function manualControlsAfterAttestations(selected: readonly string[], checks: readonly Check[], attestations: readonly Attestation[]): string[] {
  const attested = new Set(attestations.map((a) => a.controlId));
  return manualControls(selected, checks).filter((id) => !attested.has(id));
}
