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
  const groups = new Map<string, ResultGroup>();
  for (const r of results) {
    const found = r.status === 'pass' ? passFound(r.checkId) : r.plain?.found ?? r.observed;
    const key = `${r.checkId}\u0000${r.status}\u0000${found}\u0000${r.deviation ? `${r.deviation.approver}\u0000${r.deviation.expires}` : ''}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        checkId: r.checkId,
        status: r.status,
        found,
        required: r.plain?.required ?? r.expected,
        ...(r.plain && (r.status === 'fail' || r.status === 'deviation') ? { where: r.plain.where } : {}),
        ...(r.deviation ? { deviation: { approver: r.deviation.approver, expires: r.deviation.expires } } : {}),
        devices: [],
      };
      groups.set(key, g);
    }
    g.devices.push(r.deviceId);
  }
  const order = new Map(checkOrder.map((id, i) => [id, i]));
  return [...groups.values()].sort(
    (a, b) =>
      (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      b.devices.length - a.devices.length ||
      (a.found < b.found ? -1 : a.found > b.found ? 1 : 0),
  );
}

/** "MR-" + 7 -> ["MR-", 7, 2 digits]: an id's prefix and its trailing number, where it has one. */
function split(id: string): { id: string; prefix: string; n?: number; width: number } {
  const m = /^(.*?)(\d+)$/.exec(id);
  return m ? { id, prefix: m[1]!, n: Number(m[2]), width: m[2]!.length } : { id, prefix: id, width: 0 };
}

/**
 * Device ids as runs: consecutive numbers of one prefix become "MR-01–MR-17"; the rest are listed.
 * At most `max` runs are returned, then how many devices are left out. Each id is split once
 * (a fleet's group can hold 10,000 ids).
 */
export function compactIds(ids: readonly string[], max = 40): { runs: string[]; more: number } {
  const sorted = [...new Set(ids)].map(split).sort((x, y) =>
    x.prefix < y.prefix ? -1 : x.prefix > y.prefix ? 1 : (x.n ?? -1) - (y.n ?? -1) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  const runs: Array<{ first: string; last: string; count: number }> = [];
  let prev: ReturnType<typeof split> | undefined;
  for (const s of sorted) {
    const run = runs[runs.length - 1];
    if (run && prev && s.n !== undefined && prev.n !== undefined && s.prefix === prev.prefix && s.width === prev.width && s.n === prev.n + 1) {
      run.last = s.id;
      run.count++;
    } else runs.push({ first: s.id, last: s.id, count: 1 });
    prev = s;
  }
  const shown = runs.slice(0, max);
  const text = shown.map((r) => (r.count === 1 ? r.first : r.count === 2 ? `${r.first}, ${r.last}` : `${r.first}–${r.last}`));
  return { runs: text, more: runs.length <= max ? 0 : sorted.length - shown.reduce((n, r) => n + r.count, 0) };
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
