// A check's example (controls/checks.yaml `examples:`) as the evaluator takes it: the snapshot its
// dotted-path values make, and the parameters it gives the organisation. Shared by the tests that
// run every check's examples.
import type { CheckExample } from '../../src/catalog/types.js';
import type { ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import type { Snapshot } from '../../src/snapshot/types.js';

/** collectedAt of an example that does not give `collected-at` (the default named in CheckExample). */
export const DEFAULT_COLLECTED_AT = '2026-01-15T12:00:00Z';

/** Sets `value` at a dotted path, creating the objects on the way. */
function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = root;
  keys.slice(0, -1).forEach((key, i) => {
    const next = cur[key];
    if (next === undefined) cur[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new Error(`example path "${path}": "${keys.slice(0, i + 1).join('.')}" is already a value`);
    }
    cur = cur[key] as Record<string, unknown>;
  });
  cur[keys[keys.length - 1]!] = structuredClone(value);
}

export function emptySnapshot(collectedAt = DEFAULT_COLLECTED_AT): Snapshot {
  return { schemaVersion: '1.0', device: { id: 'EX-1' }, collectedAt };
}

export function exampleSnapshot(example: Pick<CheckExample, 'values' | 'collectedAt'>): Snapshot {
  const snap = emptySnapshot(example.collectedAt ?? DEFAULT_COLLECTED_AT) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(example.values)) setPath(snap, path, value);
  return snap as unknown as Snapshot;
}

/** `defaults`, with the values an example gives for the organisation (`params:`). */
export function exampleParams(defaults: ResolvedParams, example: CheckExample): ResolvedParams {
  if (!example.params) return defaults;
  const own = new Map(defaults);
  for (const [id, value] of Object.entries(example.params)) own.set(id, { id, value, source: 'example' });
  return own;
}
