// Fleet scale: the package groups identical results instead of printing one row per device and
// check. One group per check × verdict × what was found; its devices named compactly as ranges of
// ids ("MR-01–MR-17"). The per-device detail is in the attached results CSV. Pure.
import type { ReportResult } from './model.js';

export interface ResultGroup {
  checkId: string;
  status: ReportResult['status'];
  /** What was found (the plain wording, else the observed value); passes are one group per check. */
  found: string;
  required: string;
  where?: string;
  /** Why its devices' results are not collected (ReportResult.reason): part of the key, a group states one reason true of each device. */
  reason?: string;
  /** Its devices' evidence was stale (ReportResult.stale): part of the key, as the AR's grouped observations keep stale results apart. */
  stale?: true;
  /** The deviation's approver and expiry, where the group is of deviations. */
  deviation?: { approver: string; expires: string };
  devices: string[];
}

const STATUS_ORDER: Record<ReportResult['status'], number> = { fail: 0, deviation: 1, 'not-collected': 2, 'not-applicable': 3, pass: 4 };

/**
 * Groups the results of the given checks, in catalog order (`checkOrder`), failures first, then by
 * the number of devices. A pass is one group per check whatever its values ("as required"): the
 * values a pass read are in the CSV and the OSCAL observations.
 */
export function groupResults(results: Iterable<ReportResult>, checkOrder: readonly string[], passFound: (checkId: string) => string): ResultGroup[] {
  const grouper = new ResultGrouper(passFound);
  for (const r of results) grouper.add(r);
  return grouper.groups(checkOrder);
}

/** groupResults one result at a time, so the pass that counts the results can group them too. */
export class ResultGrouper {
  // check → verdict → what was found (+ the deviation's approver and expiry) → group: nested maps,
  // so no key string is built for each of a fleet's results.
  private readonly byCheck = new Map<string, Map<ReportResult['status'], Map<string, ResultGroup>>>();
  constructor(private readonly passFound: (checkId: string) => string) {}

  add(r: ReportResult): void {
    const found = r.status === 'pass' ? this.passFound(r.checkId) : r.plain?.found ?? r.observed;
    let byStatus = this.byCheck.get(r.checkId);
    if (!byStatus) this.byCheck.set(r.checkId, (byStatus = new Map()));
    let byFound = byStatus.get(r.status);
    if (!byFound) byStatus.set(r.status, (byFound = new Map()));
    // Devices not collected for different reasons are different groups: a group states one reason.
    const base = r.deviation ? `${found}\u0000${r.deviation.approver}\u0000${r.deviation.expires}` : r.reason !== undefined ? `${found}\u0000\u0000${r.reason}` : found;
    const key = r.stale ? `${base}\u0000\u0000\u0000stale` : base;
    let g = byFound.get(key);
    if (!g) {
      g = {
        checkId: r.checkId,
        status: r.status,
        found,
        required: r.plain?.required ?? r.expected,
        ...(r.plain && (r.status === 'fail' || r.status === 'deviation') ? { where: r.plain.where } : {}),
        ...(r.reason !== undefined && r.plain ? { reason: r.reason } : {}),
        ...(r.stale ? { stale: true as const } : {}),
        ...(r.deviation ? { deviation: { approver: r.deviation.approver, expires: r.deviation.expires } } : {}),
        devices: [],
      };
      byFound.set(key, g);
    }
    g.devices.push(r.deviceId);
  }

  /** The groups in catalog order (`checkOrder`), failures first, then by the number of devices. */
  groups(checkOrder: readonly string[]): ResultGroup[] {
    const order = new Map(checkOrder.map((id, i) => [id, i]));
    const all = [...this.byCheck.values()].flatMap((byStatus) => [...byStatus.values()].flatMap((byFound) => [...byFound.values()]));
    return all.sort(
      (a, b) =>
        (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) ||
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        b.devices.length - a.devices.length ||
        (a.found < b.found ? -1 : a.found > b.found ? 1 : 0),
    );
  }
}

type Split = { id: string; prefix: string; n?: number; width: number };

/** "MR-" + 7 -> ["MR-", 7, 2 digits]: an id's prefix and its trailing number, where it has one. */
function split(id: string): Split {
  const m = /^(.*?)(\d+)$/.exec(id);
  return m ? { id, prefix: m[1]!, n: Number(m[2]), width: m[2]!.length } : { id, prefix: id, width: 0 };
}

/**
 * Device ids as runs: consecutive numbers of one prefix become "MR-01–MR-17"; the rest are listed.
 * At most `max` runs are returned, then how many devices are left out. Each id is split once
 * (a fleet's group can hold 10,000 ids).
 */
export function compactIds(ids: readonly string[], max = 40, splitOf: (id: string) => Split = split): { runs: string[]; more: number } {
  const byId = (x: Split, y: Split) => (x.prefix < y.prefix ? -1 : x.prefix > y.prefix ? 1 : (x.n ?? -1) - (y.n ?? -1) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sorted = ids.map(splitOf);
  // Results arrive in device order, so a list is mostly sorted already: sort only when it is not.
  let inOrder = true;
  for (let i = 1; i < sorted.length && inOrder; i++) inOrder = byId(sorted[i - 1]!, sorted[i]!) <= 0;
  if (!inOrder) sorted.sort(byId);
  const runs: Array<{ first: string; last: string; count: number }> = [];
  let prev: Split | undefined;
  let unique = 0;
  let covered = 0;
  let full = false;
  for (const s of sorted) {
    if (prev && s.id === prev.id) continue; // the same device twice
    unique++;
    if (full) {
      prev = s;
      continue;
    }
    const run = runs[runs.length - 1];
    if (run && prev && s.n !== undefined && prev.n !== undefined && s.prefix === prev.prefix && s.width === prev.width && s.n === prev.n + 1) {
      run.last = s.id;
      run.count++;
    } else if (runs.length < max) runs.push({ first: s.id, last: s.id, count: 1 });
    else {
      // Past the runs shown (sorted: nothing later extends them): the rest are only counted.
      full = true;
      prev = s;
      continue;
    }
    covered++;
    prev = s;
  }
  const text = runs.map((r) => (r.count === 1 ? r.first : r.count === 2 ? `${r.first}, ${r.last}` : `${r.first}–${r.last}`));
  return { runs: text, more: unique - covered };
}

/** At fleet scale, the most common values a check × verdict shows before the rest are folded. */
export const VALUES_SHOWN = 8;

/** What a bounded list of groups holds: a group, or the fold of a check × verdict's other values. */
export type BoundedGroup = ResultGroup | { checkId: string; status: ReportResult['status']; otherValues: number; devices: number };

/**
 * Keeps, for each check × verdict, the `max` groups with the most devices (groupResults' order puts
 * them first) and folds the rest into one entry counting its values and devices, so a check whose
 * failing value differs on every device (a timestamp, a serial) still takes a bounded number of rows.
 */
export function boundGroups(groups: readonly ResultGroup[], max = VALUES_SHOWN): BoundedGroup[] {
  const out: BoundedGroup[] = [];
  let key = '';
  let kept = 0;
  let fold: { checkId: string; status: ReportResult['status']; otherValues: number; devices: number } | undefined;
  for (const g of groups) {
    const k = `${g.checkId}\u0000${g.status}`;
    if (k !== key) {
      key = k;
      kept = 0;
      fold = undefined;
    }
    if (kept < max) {
      out.push(g);
      kept++;
    } else if (fold) {
      fold.otherValues++;
      fold.devices += g.devices.length;
    } else {
      fold = { checkId: g.checkId, status: g.status, otherValues: 1, devices: g.devices.length };
      out.push(fold);
    }
  }
  return out;
}

/**
 * compactIds for a whole document: each id is split once, and the ranges of one list (the same
 * array, laid out in both passes of the renderer) are computed once.
 */
export class IdRanges {
  private readonly splits = new Map<string, Split>();
  private readonly memo = new WeakMap<readonly string[], Map<number, { runs: string[]; more: number }>>();
  private readonly splitOf = (id: string): Split => {
    let s = this.splits.get(id);
    if (!s) this.splits.set(id, (s = split(id)));
    return s;
  };

  of(ids: readonly string[], max: number): { runs: string[]; more: number } {
    let byMax = this.memo.get(ids);
    if (!byMax) this.memo.set(ids, (byMax = new Map()));
    let r = byMax.get(max);
    if (!r) byMax.set(max, (r = compactIds(ids, max, this.splitOf)));
    return r;
  }
}
