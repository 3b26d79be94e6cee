// `assess` of one stored snapshot (MR-01.json) through the built CLI, read back as the AR states
// it: the check's result and its not-collected reason. For tests of what a stored snapshot's
// provenance withholds (screen saver from one profile, a vendor-declared policy, applies-when).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './cli.js';
import { observationOf } from './observations.js';

type Json = Record<string, any>;

/** Assesses `snapshot` as device MR-01 in a new folder `dir/name` at `now`. */
export function assessedStored(dir: string, name: string, snapshot: unknown, checkId: string, now: string): { result: string; reason?: string } {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(join(d, 'MR-01.json'), JSON.stringify(snapshot, null, 2));
  const r = runCli(dir, ['assess', d, '--out', `${d}-out`, '--now', now, '--no-pdf']);
  expect(r.code, r.stderr).toBe(0);
  const obs = observationOf(JSON.parse(readFileSync(join(`${d}-out`, 'assessment-results.json'), 'utf8')), 'MR-01', checkId);
  const prop = (p: string) => obs.props.find((x: Json) => x.name === p)?.value as string | undefined;
  return { result: prop('result')!, reason: prop('not-collected-reason') };
}
