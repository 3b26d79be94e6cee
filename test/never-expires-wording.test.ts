// Windows' special numbers (docs/snapshot-format.md): a maximum password age of -1 (secedit's
// MaximumPasswordAge = -1, net accounts' "Unlimited") means passwords never expire, as 0 does; a
// lockout duration of -1 or 0 means locked until an administrator unlocks. What was found read
// "-1" bare in the AR's observation, the PDF and the CSV, where 0 was worded "0 (never expires)".
// Each document now states the same words for each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { requireTool } from './support/pdf-layout.js';

type Json = Record<string, any>;
const NEVER_EXPIRES = 'Maximum password age (days): -1 (never expires)';
const UNTIL_UNLOCKED = 'Account lockout duration (minutes): -1 (until an administrator unlocks)';

/** The CSV's rows as objects (quoted fields with commas and doubled quotes). */
function csvRows(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (c !== '\r') cell += c;
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

describe('a maximum password age and a lockout duration of -1 are worded as Windows means them, in every document', () => {
  const { dir, cli } = cliScratch('ato-never-expires-');
  let ready = false;
  const run = () => {
    if (ready) return;
    const snap = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Json;
    snap.access.passwordPolicy.local.maxAgeDays = -1;
    snap.access.lockoutPolicy.local.durationMinutes = -1;
    writeFileSync(join(dir(), 'MR-01.json'), JSON.stringify(snap, null, 2));
    const r = cli(['assess', 'MR-01.json', '--out', 'pkg', '--now', '2026-11-03T00:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    ready = true;
  };

  it('the AR\'s observations and the CSV\'s found column', () => {
    run();
    const ar = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8')) as Json;
    const observations = ar['assessment-results'].results[0].observations as Json[];
    const of = (check: string) => observations.find((o) => o.title === `${check} on MR-01`);
    expect(of('PWD-MAX-AGE')?.description).toContain(`${NEVER_EXPIRES}.`);
    expect(of('LOCKOUT-DURATION')?.description).toContain(`${UNTIL_UNLOCKED}.`);
    const rows = csvRows(readFileSync(join(dir(), 'pkg/results.csv'), 'utf8'));
    expect(rows.find((r) => r.check === 'PWD-MAX-AGE')?.found).toBe(`Password expiry (local policy and accounts): ${NEVER_EXPIRES}.`);
    expect(rows.find((r) => r.check === 'LOCKOUT-DURATION')?.found).toBe(`${UNTIL_UNLOCKED}.`);
  });

  it('the PDF', (ctx) => {
    requireTool(ctx, 'pdftotext');
    run();
    const r = spawnSync('pdftotext', ['-raw', join(dir(), 'pkg/evidence-package.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(NEVER_EXPIRES);
    expect(text).toContain(UNTIL_UNLOCKED);
    expect(text).not.toContain('Maximum password age (days): -1.');
  });

  it('the checklists and HDF state the value with the name the AR\'s found text gives it, the AR prop and CSV column keep it raw', () => {
    run();
    for (const f of ['ckl', 'cklb', 'hdf']) {
      const r = cli(['export', f, 'pkg', '--out', `x-${f}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    const ar = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8')) as Json;
    const observations = ar['assessment-results'].results[0].observations as Json[];
    const rows = csvRows(readFileSync(join(dir(), 'pkg/results.csv'), 'utf8'));
    const texts = {
      ckl: readFileSync(join(dir(), 'x-ckl/MR-01.ckl'), 'utf8'),
      cklb: (JSON.parse(readFileSync(join(dir(), 'x-cklb/MR-01.cklb'), 'utf8')) as Json).stigs.flatMap((s: Json) => s.rules.map((r: Json) => String(r.finding_details ?? ''))).join('\n'),
    };
    const hdf = JSON.parse(readFileSync(join(dir(), 'x-hdf/hdf.json'), 'utf8')) as Json;
    // MR-01's inactivity limit of 0 (never locks) is the sample's own: the rule is every named value's.
    for (const [check, field] of [['PWD-MAX-AGE', 'Maximum password age (days)'], ['LOCKOUT-DURATION', 'Account lockout duration (minutes)'], ['SCREEN-LOCK-TIMEOUT', '"Interactive logon: Machine inactivity limit" (seconds)']] as const) {
      const o = observations.find((x) => x.title === `${check} on MR-01`)!;
      const raw = (o.props as Json[]).find((p) => p.name === 'observed-value')!.value as string;
      // The found text's value for the field: "-1 (never expires)", "0 (never locks)".
      const named = new RegExp(`${field.replace(/[()"]/g, '\\$&')}: (-?\\d+ \\([^)]*\\))`).exec(o.description as string)?.[1];
      expect(named, o.description).toBeDefined();
      const number = named!.split(' ')[0]!;
      // The machine-readable value stays raw in the AR prop and the CSV column.
      expect(raw.startsWith(`${number};`) || raw === number || raw.startsWith(`${number} [`), raw).toBe(true);
      expect(rows.find((r) => r.check === check)?.observed_value.replace(/^'/, '')).toBe(raw);
      for (const [name, text] of Object.entries(texts)) {
        const at = text.indexOf(`ato-evidence check ${check} (`);
        expect(at, `${name} has ${check}`).toBeGreaterThanOrEqual(0);
        const line = /Observed: ([^\n<]*)/.exec(text.slice(at))![1]!;
        expect(line.startsWith(named!), `${name}: ${line}`).toBe(true);
      }
      const result = (hdf.profiles as Json[]).flatMap((p) => p.controls as Json[]).find((c) => c.id === check)!.results.find((r: Json) => r.resource === 'MR-01');
      expect(String(result.message ?? result.skip_message).split('\n')[0]!.startsWith(`Observed: ${named}`), String(result.message)).toBe(true);
    }
  });

  it('diff\'s drift.md and monitoring report state the value as the AR\'s found text names it, drift.json keeps it raw', (ctx) => {
    run();
    // The same console before the change (the sample's own 60 days, 15 minutes) as the old side.
    const old = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Json;
    mkdirSync(join(dir(), 'before'), { recursive: true });
    writeFileSync(join(dir(), 'before/MR-01.json'), JSON.stringify(old, null, 2));
    let r = cli(['assess', 'before/MR-01.json', '--out', 'old', '--now', '2026-11-03T00:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    r = cli(['diff', 'old', 'pkg', '--out', 'drift']);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8')) as Json;
    const o = (ar['assessment-results'].results[0].observations as Json[]).find((x) => x.title === 'PWD-MAX-AGE on MR-01')!;
    const named = /Maximum password age \(days\): (-?\d+ \([^)]*\))/.exec(o.description as string)![1]!;
    const row = readFileSync(join(dir(), 'drift/drift.md'), 'utf8').split('\n').find((l) => l.startsWith('| PWD-MAX-AGE |'))!;
    expect(row.split('|').at(-2)!.trim().startsWith(named), row).toBe(true);
    const change = (JSON.parse(readFileSync(join(dir(), 'drift/drift.json'), 'utf8')) as Json).devices[0].checks.find((c: Json) => c.checkId === 'PWD-MAX-AGE');
    expect(change.newObserved.startsWith(`${named.split(' ')[0]};`), change.newObserved).toBe(true);
    requireTool(ctx, 'pdftotext');
    const pdf = spawnSync('pdftotext', ['-raw', join(dir(), 'drift/monitoring-report.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.replace(/\s+/g, ' ');
    expect(pdf).toContain(`${named}; no accounts`);
  });
});
