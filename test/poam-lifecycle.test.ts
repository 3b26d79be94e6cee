// The POA&M over three months of samples (samples/README.md, "The POA&M over three months"):
// assess 2026-09-07, then 2026-10-05 with the September poam.json, then 2026-11-02 with October's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess, type AssessOutcome } from '../src/assess/run.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { sha256Hex } from '../src/oscal/ids.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, schemaDir, validateOscal } from './support/oscal-schema.js';
import { propOf } from './support/oscal-json.js';

const root = new URL('..', import.meta.url).pathname;
type Json = Record<string, any>;
const ROUNDS = ['2026-09-07', '2026-10-05', '2026-11-02'] as const;

let dir: string;
const poams: Json[] = [];
const outcomes: AssessOutcome[] = [];

/** Every snapshot collected up to `date` (the most recent per device is assessed). */
function snapshotsUpTo(date: string): string[] {
  return readdirSync(join(root, 'samples'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => readdirSync(join(root, 'samples', e.name)).filter((f) => /_\d{4}-\d{2}-\d{2}\.json$/.test(f) && f.slice(-15, -5) <= date).map((f) => join(root, 'samples', e.name, f)));
}

async function month(i: number, opts: { previous?: boolean; out?: string; without?: string } = {}): Promise<Json> {
  const out = join(dir, opts.out ?? `m${i}`);
  const outcome = await runAssess({
    inputs: snapshotsUpTo(ROUNDS[i]!).filter((f) => !opts.without || !f.includes(`${opts.without}_`)),
    out,
    force: false,
    baseline: 'moderate',
    now: `${ROUNDS[i]}T18:00:00Z`,
    toolVersion: 'test',
    deviations: join(root, 'samples/deviations.csv'),
    pdf: false,
    ...(opts.previous !== false && i > 0 ? { previousPoam: join(dir, `m${i - 1}`, 'poam.json') } : {}),
  });
  if (!opts.out) outcomes[i] = outcome;
  return JSON.parse(readFileSync(join(out, 'poam.json'), 'utf8'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-poam-'));
  for (let i = 0; i < ROUNDS.length; i++) poams.push(await month(i));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = (p: Json): Json => p['plan-of-action-and-milestones'];
const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);
const item = (p: Json, key: string): Json | undefined => body(p)['poam-items'].find((x: Json) => propOf(x, 'weakness-key') === key);
const riskOf = (p: Json, it: Json): Json => body(p).risks.find((r: Json) => r.uuid === it['related-risks'][0]['risk-uuid']);

describe('POA&M life cycle over three monthly assessments', () => {
  it('ac-7 LOCKOUT-RESET on MR-02: open in September, still open in October (same uuid, dates), closed on 2026-11-02', () => {
    const [sep, oct, nov] = poams.map((p) => item(p, 'check:LOCKOUT-RESET')!);
    for (const it of [sep, oct, nov]) expect(it).toBeDefined();
    expect(oct!.uuid).toBe(sep!.uuid);
    expect(nov!.uuid).toBe(sep!.uuid);
    expect([sep, oct, nov].map((it) => propOf(it!, 'poam-status'))).toEqual(['open', 'open', 'closed']);
    expect([sep, oct, nov].map((it) => propOf(it!, 'first-detected'))).toEqual(['2026-09-07', '2026-09-07', '2026-09-07']);
    // CAT II: 90 days after 2026-09-07.
    expect([sep, oct, nov].map((it) => propOf(it!, 'deadline'))).toEqual(['2026-12-06', '2026-12-06', '2026-12-06']);
    expect(propsOf(sep!, 'affected-device')).toEqual(['MR-02']);
    expect(propsOf(oct!, 'affected-device')).toEqual(['MR-02']);
    expect(propsOf(nov!, 'affected-device')).toEqual([]);
    expect(propOf(nov!, 'closed')).toBe('2026-11-02');
    expect(propOf(oct!, 'closed')).toBeUndefined();

    const risks = [poams[0]!, poams[1]!, poams[2]!].map((p, i) => riskOf(p, [sep, oct, nov][i]!));
    expect(risks.map((r) => r.status)).toEqual(['open', 'open', 'closed']);
    expect(risks[0]!.deadline).toBe('2026-12-06T23:59:59+14:00');
    expect(risks[2]!.remediations[0].lifecycle).toBe('completed');
    expect(risks[0]!.remediations[0].lifecycle).toBe('planned');
    // The history survives: September's detection entry, carried verbatim, then November's closure.
    const log = risks[2]!['risk-log'].entries as Json[];
    expect(log.map((e) => [e['status-change'], e.start])).toEqual([['open', '2026-09-07T18:00:00Z'], ['closed', '2026-11-02T18:00:00Z']]);
    expect(log[0]).toEqual(risks[0]!['risk-log'].entries[0]);
    // An open item cites MR-02's failing observation; the closed one cites none.
    // (Beside it, the evidence not collected under ac-7's objectives in September: docs/poam.md.)
    const cited = (sep!['related-observations'] as Json[]).map((r) => body(poams[0]!).observations.find((o: Json) => o.uuid === r['observation-uuid']));
    const shown = cited.filter((o: Json) => propOf(o, 'result') !== 'not-collected');
    expect(shown).toHaveLength(1);
    const obs = shown[0];
    expect(obs.title).toBe('LOCKOUT-RESET on MR-02');
    expect(propOf(obs, 'observed-value')).toMatch(/10/);
    expect(nov!['related-observations']).toBeUndefined();
  });

  it('weaknesses new in November are added, first detected that day, with deadlines by severity', () => {
    const expected: Array<[string, string, string[]]> = [
      ['check:MAL-SIG-AGE', '2027-01-31', ['CT-01']], // CAT II: 90 days
      ['check:ROLE-CLINICAL-NOT-ADMIN', '2026-12-02', ['LAB-01']], // CAT I: 30 days
      ['check:FW-REMOTE-SCOPE', '2027-01-31', ['CT-01']],
    ];
    for (const [key, deadline, devices] of expected) {
      expect(item(poams[1]!, key), key).toBeUndefined();
      const it = item(poams[2]!, key)!;
      expect(it, key).toBeDefined();
      expect([propOf(it, 'poam-status'), propOf(it, 'first-detected'), propOf(it, 'deadline'), propsOf(it, 'affected-device')]).toEqual(['open', '2026-11-02', deadline, devices]);
      expect(riskOf(poams[2]!, it)['risk-log'].entries).toHaveLength(1);
    }
  });

  it('an item fixed on one device but failing on another stays open, same uuid, fewer devices', () => {
    const [sep, oct, nov] = poams.map((p) => item(p, 'check:OS-PATCH-LEVEL')!);
    expect(propsOf(sep!, 'affected-device')).toEqual(['CT-01', 'MR-01']);
    expect(propsOf(oct!, 'affected-device')).toEqual(['CT-01', 'MR-01']);
    expect(propsOf(nov!, 'affected-device')).toEqual(['CT-01']);
    expect(new Set([sep!.uuid, oct!.uuid, nov!.uuid]).size).toBe(1);
    expect(propOf(nov!, 'poam-status')).toBe('open');
    expect(propOf(nov!, 'first-detected')).toBe('2026-09-07');
  });

  it('a device the item affected that was not assessed this time stays on the open item, not shown fixed (LAB-01 left out of November)', async () => {
    const nov = await month(2, { out: 'no-lab', without: 'LAB-01' });
    const oct = item(poams[1]!, 'check:OS-MEDIA-EXPORT')!;
    expect(propsOf(oct, 'affected-device')).toEqual(['LAB-01', 'MR-02']);
    // MR-02 still fails; LAB-01 was not collected: dropping it would let the item close once MR-02
    // is fixed, without LAB-01's fix ever seen.
    const it = item(nov, 'check:OS-MEDIA-EXPORT')!;
    expect(propsOf(it, 'affected-device')).toEqual(['MR-02', 'LAB-01']);
    expect(propOf(it, 'poam-status')).toBe('open');
    expect(it.uuid).toBe(oct.uuid);
    expect(it.description).toMatch(/Fails on 1 device\(s\): MR-02\..*Not shown fixed on LAB-01/s);
  });

  it('deviations: MR-01 screen lock is under its deviation every month (the item stays open: LAB-01, without a machine-wide limit, fails it too); CT-01 BitLocker deviation still applied on 2026-09-07', () => {
    for (const p of poams) {
      const it = item(p, 'check:SCREEN-LOCK-TIMEOUT')!;
      expect(it.description).toMatch(/approved deviation on 1 device\(s\): MR-01/);
      expect(propsOf(it, 'affected-device')).toContain('LAB-01');
      expect(propOf(it, 'poam-status')).toBe('open');
      expect(riskOf(p, it).status).toBe('open');
    }
    const bitlockerSep = item(poams[0]!, 'check:BITLOCKER-PREBOOT')!;
    expect(bitlockerSep.description).toMatch(/approved deviation on 1 device\(s\): CT-01/);
    expect(item(poams[1]!, 'check:BITLOCKER-PREBOOT')!.description).not.toMatch(/approved deviation/);
  });

  it('uuids come from the weakness, not the run: without --previous-poam, November gives the same item uuids (and no history)', async () => {
    const fresh = await month(2, { previous: false, out: 'fresh' });
    const uuids = (p: Json) => new Map(body(p)['poam-items'].map((x: Json) => [propOf(x, 'weakness-key'), x.uuid]));
    const a = uuids(fresh);
    const b = uuids(poams[2]!);
    for (const [key, uuid] of a) expect(b.get(key), key).toBe(uuid);
    // Without the previous POA&M the closed item is unknown, but first detected still comes from the
    // older snapshots given (September's and October's), never from the run's clock.
    expect(item(fresh, 'check:LOCKOUT-RESET')).toBeUndefined();
    expect(propOf(item(fresh, 'check:OS-PATCH-LEVEL')!, 'first-detected')).toBe('2026-09-07');
    const onlyNovember = await runAssess({ inputs: [join(root, 'samples/CT-01/CT-01_2026-11-02.json')], out: join(dir, 'nov-only'), force: false, baseline: 'moderate', now: `${ROUNDS[2]}T18:00:00Z`, toolVersion: 'test', pdf: false });
    expect(onlyNovember.poam.open).toBeGreaterThan(0);
    const novOnly = JSON.parse(readFileSync(join(dir, 'nov-only', 'poam.json'), 'utf8'));
    // Given November's snapshot alone, its collection time (09:.. on 2026-11-02) is the first detection.
    expect(propOf(item(novOnly, 'check:OS-PATCH-LEVEL')!, 'first-detected')).toBe('2026-11-02');
  });

  it('the summary (--json) counts the items by status: November has one closed item, six new ones and its overdue CAT I items', () => {
    const count = (p: Json, status: string) => body(p)['poam-items'].filter((x: Json) => propOf(x, 'poam-status') === status).length;
    poams.forEach((p, i) => {
      expect(outcomes[i]!.poam.open, ROUNDS[i]).toBe(count(p, 'open'));
      expect(outcomes[i]!.poam.deviationApproved, ROUNDS[i]).toBe(count(p, 'deviation-approved'));
    });
    // CAT I items found on 2026-09-07 were due 2026-10-07: overdue in November, not before.
    expect(outcomes[0]!.poam.overdue).toBe(0);
    expect(outcomes[1]!.poam.overdue).toBe(0);
    const catIFromSeptember = body(poams[2]!)['poam-items'].filter((x: Json) => propOf(x, 'poam-status') === 'open' && propOf(x, 'severity') === 'CAT I' && propOf(x, 'first-detected') === '2026-09-07');
    expect(catIFromSeptember.length).toBeGreaterThan(0);
    expect(outcomes[2]!.poam.overdue).toBe(catIFromSeptember.length);
    const bitlocker = riskOf(poams[2]!, item(poams[2]!, 'check:BITLOCKER-PREBOOT')!);
    expect(bitlocker.remediations[0].tasks[0].props.find((p: Json) => p.name === 'milestone-status').value).toBe('overdue');
    // Nothing closes before November; in November the summary counts the closed items poam.json holds, LOCKOUT-RESET among them.
    expect(outcomes.slice(0, 2).map((o) => o.poam.closed)).toEqual([0, 0]);
    expect(outcomes[2]!.poam.closed).toBe(count(poams[2]!, 'closed'));
    expect(propOf(item(poams[2]!, 'check:LOCKOUT-RESET')!, 'poam-status')).toBe('closed');
    // October: nothing new; November: MAL-SIG-AGE, FW-REMOTE-SCOPE, ROLE-CLINICAL-NOT-ADMIN (one item each, whatever their controls).
    // "new" = open items the previous month's POA&M did not hold, counted as poam.json shows them.
    const keys = (p: Json) => new Set(body(p)['poam-items'].map((x: Json) => propOf(x, 'weakness-key')));
    const fresh = (i: number) => body(poams[i]!)['poam-items'].filter((x: Json) => propOf(x, 'poam-status') !== 'closed' && !keys(poams[i - 1]!).has(propOf(x, 'weakness-key'))).length;
    expect(outcomes[1]!.poam.new).toBe(fresh(1));
    expect(outcomes[2]!.poam.new).toBe(fresh(2));
    for (const k of ['check:MAL-SIG-AGE', 'check:FW-REMOTE-SCOPE', 'check:ROLE-CLINICAL-NOT-ADMIN']) expect(keys(poams[1]!).has(k) || !keys(poams[2]!).has(k), k).toBe(false);
  });

  it('poam.json is sealed in manifest.json like the other files', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'm2', 'manifest.json'), 'utf8'));
    const entry = (manifest.files as Json[]).find((f) => f.path === 'poam.json');
    expect(entry?.sha256).toBe(sha256Hex(readFileSync(join(dir, 'm2', 'poam.json'))));
  });
});

describe('assess --previous-poam / --poam-days on the command line', () => {
  const bin = join(root, 'dist/cli/main.js');
  const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  it('a previous POA&M that is not ours fails with exit 1, the file and pointer named, nothing written', () => {
    const ar = join(dir, 'm0', 'assessment-results.json');
    const r = cli(['assess', join(root, 'samples/MR-02'), '--out', 'bad', '--now', '2026-11-02T18:00:00Z', '--no-pdf', '--previous-poam', ar]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${ar} at /: the root must be "plan-of-action-and-milestones"`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
  it('a bad --poam-days is a usage error (exit 2)', () => {
    const r = cli(['assess', join(root, 'samples/MR-02'), '--out', 'bad2', '--poam-days', 'CAT I=soon', '--no-pdf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--poam-days: "CAT I=soon" is not SEVERITY=DAYS/);
    expect(existsSync(join(dir, 'bad2'))).toBe(false);
  });
  it('--poam-days changes the deadlines written to poam.json', () => {
    const r = cli(['assess', join(root, 'samples/MR-02/MR-02_2026-09-07.json'), '--out', 'days', '--now', '2026-09-07T18:00:00Z', '--no-pdf', '--poam-days', 'CAT II=14']);
    expect(r.status).toBe(0);
    const p = JSON.parse(readFileSync(join(dir, 'days', 'poam.json'), 'utf8'));
    expect(propOf(item(p, 'check:LOCKOUT-RESET')!, 'deadline')).toBe('2026-09-21');
  });
});

describeWithShared('every month\'s POA&M passes NIST schemas, the producer rules and `ato-evidence validate`', () => {
  it('valid against 1.1.3 and 1.2.2, and clean under checkProducerRules with strict references and file checks', () => {
    const index = loadControlIndex();
    poams.forEach((p, i) => {
      for (const version of ['1.1.3', '1.2.2'] as const) expect(validateOscal(p, version), `${ROUNDS[i]} ${version}`).toEqual([]);
      const problems = checkProducerRules(p, {
        controlIndex: index, expectedOscalVersion: '1.1.3', strictRefs: true,
        readFile: (rel) => (existsSync(join(dir, `m${i}`, rel)) ? readFileSync(join(dir, `m${i}`, rel)) : undefined),
      });
      expect(problems, ROUNDS[i]).toEqual([]);
    });
  });

  it('ato-evidence validate accepts November\'s poam.json', () => {
    const bin = join(root, 'dist/cli/main.js');
    if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
    const r = spawnSync(process.execPath, [bin, 'validate', join(dir, 'm2', 'poam.json'), '--schema', join(schemaDir, 'oscal_complete_schema-1.1.3.json')], {
      encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ATO_EVIDENCE_CACHE: join(dir, 'cache') },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
