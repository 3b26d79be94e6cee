// A snapshot is no fresher than its oldest part: the one rule ingest (a folder's exports, merge.ts)
// and every reader of a snapshot file (load.ts) date a snapshot by. Pure.
import type { Provenance } from './types.js';

type Alternative = NonNullable<Provenance['alternatives']>[number];

/** How far apart two stated collection times may be and still count as one visit. */
export const ONE_VISIT_MS = 86_400_000;

/**
 * The oldest alternative more than one visit before `atMs`, with how many whole days before, or
 * undefined when there is none. `timeOf` reads an alternative's time (NaN when it states none).
 */
export function oldestPart(atMs: number, alternatives: readonly Alternative[], timeOf: (a: Alternative) => number): { part: Alternative; days: number } | undefined {
  let part: Alternative | undefined;
  let partAt = atMs - ONE_VISIT_MS;
  for (const a of alternatives) {
    const t = timeOf(a);
    if (t < partAt) {
      part = a;
      partAt = t;
    }
  }
  return part ? { part, days: Math.floor((atMs - partAt) / ONE_VISIT_MS) } : undefined;
}

/** The provenance of a time re-dated to `part`: the part's source, the former one first among the alternatives. */
export function redatedProvenance(former: Provenance, formerValue: unknown, part: Alternative, rule: string): Provenance {
  return {
    file: part.file,
    sha256: part.sha256,
    ...(part.location ? { location: part.location } : {}),
    rule,
    alternatives: [{ file: former.file, sha256: former.sha256, ...(former.location ? { location: former.location } : {}), value: formerValue as Alternative['value'] }, ...(former.alternatives ?? []).filter((a) => a !== part)],
  };
}
