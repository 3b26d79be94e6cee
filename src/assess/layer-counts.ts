// The one definition of a layer's result counts, which every report of a run shows (the CLI
// summary, assess --json, drift.json, drift.md, diff's and monitor's PDF, the store's run
// summaries): device × check results, not-applicable counted apart. "other" is what applied
// but neither passed nor failed (deviation, not collected). The pass share an assessor reads is
// over the results that applied: pass / (pass + fail + other). Pure.
import type { CheckStatus } from '../evaluate/evaluate-check.js';

export interface LayerCounts {
  pass: number;
  fail: number;
  /** Applied, neither pass nor fail: deviation, not collected. */
  other: number;
  /**
   * Not applicable (the feature is not in use), never in the pass share. Absent only in trend
   * points a monitor run stored before it was counted apart: their `other` includes them.
   */
  notApplicable?: number;
}

export function emptyLayerCounts(): Required<LayerCounts> {
  return { pass: 0, fail: 0, other: 0, notApplicable: 0 };
}

export function countStatus(c: Required<LayerCounts>, status: CheckStatus): void {
  if (status === 'pass') c.pass++;
  else if (status === 'fail') c.fail++;
  else if (status === 'not-applicable') c.notApplicable++;
  else c.other++;
}

/**
 * The pass share in percent over the results that applied (undefined when none did). A point
 * stored before not-applicable was counted apart has its share over every result, as its run
 * reported it (`countedApart` false).
 */
export function passShare(c: LayerCounts): { percent: number | undefined; countedApart: boolean } {
  const total = c.pass + c.fail + c.other;
  return { percent: total > 0 ? Math.round((100 * c.pass) / total) : undefined, countedApart: c.notApplicable !== undefined };
}
