// drift.json, drift.md and the monitoring PDF say why a check is not collected, as the assessment
// results of that side say it (an observation's not-collected-reason, else its not-collected
// prop): "not collected" beside a value the snapshot holds (a lapsed time-sync pass, stale
// evidence) would leave the reader guessing, and the AR of the same snapshot at the same clock
// gives the reason.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import type { CheckChange, Drift } from '../src/drift/types.js';
import { plainNames } from '../src/catalog/check-wording.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { notCollectedReason } from '../src/drift/side.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const MR02 = join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json');
// MR-02 was collected 2026-11-02T10:37Z with its last time sync 23 hours earlier: at this clock
// the sync is over 24 hours old, so TIME-SYNC's pass has lapsed (the value is still there).
const NOW = '2026-11-03T00:00:00Z';

let dir: string;
let regressed: Drift;
let remediated: Drift;
let md: string;
let pdfText: string;
const arReason = new Map<string, string | undefined>();

async function pdfWords(file: string): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) pages.push((await (await pdf.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' '));
  await pdf.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-why-'));
  const full = join(dir, 'full');
  const cut = join(dir, 'cut');
  mkdirSync(full);
  mkdirSync(cut);
  writeFileSync(join(full, 'MR-02.json'), readFileSync(MR02));
  // The same snapshot without the local lockout threshold: LOCKOUT-THRESHOLD cannot be decided.
  const s = JSON.parse(readFileSync(MR02, 'utf8'));
  delete s.access.lockoutPolicy.local.threshold;
  writeFileSync(join(cut, 'MR-02.json'), JSON.stringify(s));
  regressed = (await runDiff({ old: full, new: cut, out: join(dir, 'regressed'), force: false, now: NOW, toolVersion: 't', config: {} })).drift;
  remediated = (await runDiff({ old: cut, new: full, out: join(dir, 'remediated'), force: false, now: '2026-11-02T12:00:00Z', toolVersion: 't', config: {}, pdf: false })).drift;
  md = readFileSync(join(dir, 'regressed', 'drift.md'), 'utf8');
  pdfText = await pdfWords(join(dir, 'regressed', 'monitoring-report.pdf'));
  // What assess says of NEW at the same clock.
  await runAssess({ inputs: [cut], out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 't', pdf: false, now: NOW });
  const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'));
  for (const o of ar['assessment-results'].results[0].observations as Json[]) {
    const prop = (n: string) => o.props.find((p: Json) => p.name === n)?.value;
    if (prop('result') !== 'not-collected') continue;
    arReason.set(prop('check-id'), prop('not-collected-reason'));
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The absent threshold's reason names it as the check's texts do (its plain name), and the exports that give it.
const THRESHOLD = plainNames(loadCatalog().checks.find((c) => c.id === 'LOCKOUT-THRESHOLD')!)?.['access.lockoutPolicy.local.threshold'] ?? 'no plain name';
const ABSENT = `${THRESHOLD} not collected: the snapshot holds no value for it`;
const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const changes = (d: Drift): CheckChange[] => d.devices.flatMap((x) => x.checks);
const change = (d: Drift, id: string): CheckChange => changes(d).find((c) => c.checkId === id)!;

describe('a check that became not collected says why, as the assessment results do', () => {
  it('TIME-SYNC (value held, pass lapsed at the clock) and LOCKOUT-THRESHOLD (value absent): newReason is the AR\'s reason', () => {
    const sync = change(regressed, 'TIME-SYNC');
    expect([sync.old, sync.new]).toEqual(['pass', 'not-collected']);
    // The observed text alone is the synchronisation value, which looks like a pass.
    expect(sync.newObserved).toMatch(/ntp1\.hospital\.example/);
    expect(sync.newReason).toMatch(/lapsed at 2026-11-02T11:37:00Z, before the assessment/);
    const lockout = change(regressed, 'LOCKOUT-THRESHOLD');
    expect([lockout.old, lockout.new]).toEqual(['pass', 'not-collected']);
    expect(lockout.newReason).toContain(ABSENT);
    expect(lockout.newReason).toContain('secedit.inf');
    // Every not-collected NEW side carries the reason the AR gives that check at the same clock.
    const nc = changes(regressed).filter((c) => c.new === 'not-collected');
    expect(nc.length).toBeGreaterThanOrEqual(2);
    for (const c of nc) expect(c.newReason, c.checkId).toBe(arReason.get(c.checkId));
    // No reason where nothing is not collected.
    for (const c of changes(regressed).filter((x) => x.new !== 'not-collected')) expect(c.newReason, c.checkId).toBeUndefined();
  });

  it('drift.md\'s "now observed" and the PDF\'s observed cell show the reason', () => {
    const row = md.split('\n').find((l) => l.startsWith('| TIME-SYNC |'))!;
    expect(row).toContain('not collected: passed at collection (2026-11-02T10:37:00Z)');
    expect(row).toContain('before the assessment (2026-11-03T00:00:00Z)');
    expect(md.split('\n').find((l) => l.startsWith('| LOCKOUT-THRESHOLD |'))).toContain(`not collected: ${ABSENT}`);
    expect(pdfText).toMatch(/not collected: passed at collection \(2026-11-02T10:37:00Z\)/);
    expect(pdfText).toMatch(new RegExp(`not collected: ${escaped(THRESHOLD)}\\s+not\\s+collected`));
  });

  it('a result that reaches drift without a reason is worded as the AR words it: the field\'s plain name, never its snapshot path', () => {
    const check = loadCatalog().checks.find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
    const reason = notCollectedReason(check, { status: 'not-collected', missing: ['access.lockoutPolicy.local.threshold'] });
    expect(reason).toBe(arReason.get('LOCKOUT-THRESHOLD'));
    expect(reason).toContain(ABSENT);
    expect(reason).not.toMatch(/lockoutPolicy|snapshot does not hold/);
    expect(notCollectedReason(check, { status: 'fail', missing: [] })).toBeUndefined();
  });

  it('a check no longer not collected says why it was (oldReason)', () => {
    const lockout = change(remediated, 'LOCKOUT-THRESHOLD');
    expect([lockout.old, lockout.new]).toEqual(['not-collected', 'pass']);
    expect(lockout.oldReason).toContain(ABSENT);
    expect(lockout.newReason).toBeUndefined();
  });
});
