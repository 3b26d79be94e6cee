// A vendor publishes a release on a day, not at an instant: the bundled samples state it as the day
// (`latestReleasedOn: "2026-06-30"`), which OS-PATCH-LEVEL judges in every zone (docs/checks.md,
// `max-age-days`). Written `2026-06-30T00:00:00Z` it claimed midnight UTC, up to 14 hours younger
// than a release on that day east of UTC. The export fixtures and the synthetic fleet write days too;
// both forms are still read (zoneless-expiry-days).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';

const root = new URL('..', import.meta.url).pathname;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function snapshots(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? snapshots(p) : n.endsWith('.json') ? [p] : [];
  });
}

/** Every value of a key naming a day of release (…ReleasedOn) in a JSON or YAML tree. */
function releaseDays(x: unknown, path = ''): Array<[string, unknown]> {
  if (Array.isArray(x)) return x.flatMap((v, i) => releaseDays(v, `${path}[${i}]`));
  if (!x || typeof x !== 'object') return [];
  return Object.entries(x as Record<string, unknown>).flatMap(([k, v]) => [
    ...(/ReleasedOn$/.test(k) ? [[`${path}.${k}`, v] as [string, unknown]] : []),
    ...releaseDays(v, `${path}.${k}`),
  ]);
}

describe('bundled files say days where the vendor publishes a day', () => {
  it('every sample snapshot states its latest vendor release as a day', () => {
    const files = snapshots(join(root, 'samples'));
    const found = files.flatMap((f) => releaseDays(JSON.parse(readFileSync(f, 'utf8'))).map(([p, v]) => [f.slice(root.length), p, v] as const));
    expect(found.length).toBeGreaterThanOrEqual(files.length - 1);
    expect(found.filter(([, , v]) => typeof v !== 'string' || !DAY.test(v))).toEqual([]);
  });

  it('the export fixtures and the synthetic fleet state a release as a day', () => {
    const fixtures = join(root, 'test/fixtures/exports');
    const json = snapshots(fixtures).flatMap((f) => releaseDays(JSON.parse(readFileSync(f, 'utf8'))).map(([p, v]) => [f.slice(root.length), p, v] as const));
    // The CSV spelling of the vendor settings file: key,value lines.
    const csv = readdirSync(fixtures).filter((n) => n.endsWith('.csv')).flatMap((n) =>
      readFileSync(join(fixtures, n), 'utf8').split(/\r?\n/).filter((l) => /ReleasedOn,/.test(l)).map((l) => [n, l.split(',')[0]!, l.split(',')[1]] as const));
    const fleet = [0, 1, 2, 3].flatMap((i) => releaseDays(syntheticSnapshot(i)).map(([p, v]) => [`synthetic ${i}`, p, v] as const));
    for (const found of [json, csv, fleet]) expect(found.length).toBeGreaterThan(0);
    expect([...json, ...csv, ...fleet].filter(([, , v]) => typeof v !== 'string' || !DAY.test(v))).toEqual([]);
  });

  it("the checks' examples write a release at midnight UTC only as a day", () => {
    // An example at another time of day (12:00Z, 11:59Z) tests instants on purpose; midnight UTC stood for a day.
    const found = releaseDays(load(readFileSync(join(root, 'controls/checks.yaml'), 'utf8')));
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter(([, v]) => typeof v === 'string' && /T00:00:00Z$/.test(v))).toEqual([]);
  });
});
