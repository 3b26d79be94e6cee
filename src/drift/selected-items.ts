// Which items of a keyed list a check judges, where it picks them by name alone: MAL-SIG-AGE reads
// hardening.services only through `where: [{field: name, operator: equals, expected: WinDefend}]`.
// A change to another item of that list (TermService started) is read by the check's field pattern
// (hardening.services[].state) but cannot move its verdict, so drift neither lists the check under
// that setting change nor gives the change as the cause of the check's (settings.ts, one rule for
// both). Which checks are evaluated again still follows every read (side.ts redoChecks), so a
// reused result always equals a full evaluation. Pure.
import { checkPaths } from '../catalog/check-paths.js';
import type { Check, Test } from '../catalog/types.js';

/** List path (lower-cased, as SettingChange paths spell it) → the names selected (trimmed, lower-cased); a list read any other way is absent. */
export type NameSelections = ReadonlyMap<string, ReadonlySet<string>>;

const CACHE = new WeakMap<Check, NameSelections>();

export function nameSelections(check: Check): NameSelections {
  let hit = CACHE.get(check);
  if (!hit) CACHE.set(check, (hit = find(check)));
  return hit;
}

/** The names a `where` selects when it is one equals / one-of on `name` with text values, else undefined. */
function namesOf(where: readonly Test[] | undefined): string[] | undefined {
  if (where?.length !== 1) return undefined;
  const w = where[0]!;
  if (w.field !== 'name') return undefined;
  const values = w.operator === 'equals' ? [w.expected] : w.operator === 'one-of' ? w.expected : undefined;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
  return values.map((v) => (v as string).trim().toLowerCase());
}

function find(check: Check): NameSelections {
  const names = new Map<string, Set<string>>();
  const open = new Set<string>();
  const fields: string[] = [];
  for (const r of checkPaths(check)) {
    if (r.list && r.item === undefined) {
      // A list itself (every / none / some): selected by name, or read whole.
      const path = r.path.toLowerCase();
      const selected = namesOf(r.list.where);
      if (!selected) open.add(path);
      else for (const n of selected) (names.get(path) ?? names.set(path, new Set()).get(path)!).add(n);
    } else if (!r.list) fields.push(r.path.toLowerCase());
  }
  // A list read any other way (without a where on its name, or as a whole value) has no selection.
  for (const path of [...names.keys()]) {
    if (open.has(path) || fields.some((f) => f === path || f.startsWith(`${path}.`) || f.startsWith(`${path}[`))) names.delete(path);
  }
  return names;
}

/** Whether a setting change (its keyed path) lies in an item of a list the check reads only by name, and that item is not one it selects. */
export function outsideSelection(path: string, selections: NameSelections): boolean {
  if (selections.size === 0) return false;
  const p = path.toLowerCase();
  for (const [list, selected] of selections) {
    if (!p.startsWith(`${list}[`)) continue;
    const end = p.indexOf(']', list.length + 1);
    if (end < 0) return false;
    const key = p.slice(list.length + 1, end);
    // A composite key ("Remote Desktop|inbound") is not a name alone: left as read.
    if (key.includes('|')) return false;
    return !selected.has(key.trim());
  }
  return false;
}
