// What comes due (docs/drift.md): from the CLI, the checks whose pass lapses by the report clock or
// within the 30 days after it, each at the earliest instant the evaluator stops calling it a pass
// (a console-local time with its zone unknown: its earliest end), the evidence's own max age, and
// the same rows in drift.json, drift.md and the monitoring PDF.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceAge } from '../src/evaluate/evaluate-check.js';
import { assessDevice } from '../src/drift/side.js';
import type { Drift } from '../src/drift/types.js';
import { cell } from '../src/drift/markdown.js';
import { cliScratch } from './support/cli-scratch.js';
import { readPdf, tables } from './support/pdf-layout.js';
import { context, DEVICES, ROUND1, ROUND2, samplePath } from './support/drift.js';

const NOW = '2026-11-10T00:00:00Z';
const WINDOW_MS = 30 * 86_400_000;
const { dir, cli } = cliScratch('ato-drift-due-');
const ctx = context({ now: NOW });
const r2 = new Map<string, Record<string, any>>();
let drift: Drift;
let md: string;
let pdf: Buffer;

beforeAll(() => {
  mkdirSync(join(dir(), 'r1'));
  mkdirSync(join(dir(), 'r2'));
  for (const d of DEVICES) {
    writeFileSync(join(dir(), 'r1', `${d}.json`), readFileSync(samplePath(d, ROUND1)));
    const s = JSON.parse(readFileSync(samplePath(d, ROUND2), 'utf8'));
    // MR-01's signatures updated at a console-local time whose zone is unknown.
    if (d === 'MR-01') s.malware.antimalware.signatureUpdatedAt = s.malware.antimalware.signatureUpdatedAt.replace(/Z$/, '');
    r2.set(d, s);
    writeFileSync(join(dir(), 'r2', `${d}.json`), JSON.stringify(s, null, 2));
  }
  const r = cli(['diff', 'r1', 'r2', '--out', 'out', '--now', NOW]);
  expect(r.code, r.stderr).toBe(0);
  drift = JSON.parse(readFileSync(join(dir(), 'out', 'drift.json'), 'utf8'));
  md = readFileSync(join(dir(), 'out', 'drift.md'), 'utf8');
  pdf = readFileSync(join(dir(), 'out', 'monitoring-report.pdf'));
});

/** A check's status on a device of NEW judged at `at` (as assess --now at judges it). */
function statusAt(deviceId: string, checkId: string, at: number): string | undefined {
  const iso = new Date(at).toISOString();
  const d = assessDevice(r2.get(deviceId) as any, { file: 'x', sha256: 'x' }, ctx, iso.slice(0, 10), undefined, iso);
  return d.statuses[ctx.checks.findIndex((c) => c.id === checkId)];
}

describe('what comes due, from the CLI', () => {
  it('lists clock checks whose pass lapsed before --now (time sync, signatures), not only certificates', () => {
    const checks = drift.due.filter((x) => x.checkId && x.what !== 'deviation-expiry');
    expect(checks.map((x) => `${x.deviceId} ${x.checkId}`)).toEqual(expect.arrayContaining(['CT-01 TIME-SYNC', 'MR-02 MAL-SIG-AGE']));
    expect(checks.some((x) => Date.parse(x.at!) <= Date.parse(NOW))).toBe(true);
  });

  it('lists a pass that lapses after --now within the 30 days looked ahead, and nothing later', () => {
    const later = drift.due.filter((x) => x.checkId && x.at && Date.parse(x.at) > Date.parse(NOW));
    expect(later.length).toBeGreaterThan(0);
    for (const x of drift.due.filter((y) => y.at)) expect(Date.parse(x.at!)).toBeLessThanOrEqual(Date.parse(NOW) + WINDOW_MS);
  });

  it('dates each check at the earliest instant it stops being a pass: a pass just before, not a pass just after', () => {
    const rows = drift.due.filter((x) => x.checkId && x.at);
    expect(rows.length).toBeGreaterThan(4);
    for (const x of rows) {
      const at = Date.parse(x.at!);
      expect(statusAt(x.deviceId, x.checkId!, at - 1000), `${x.deviceId} ${x.checkId} before ${x.at}`).toBe('pass');
      expect(statusAt(x.deviceId, x.checkId!, at + 1000), `${x.deviceId} ${x.checkId} after ${x.at}`).not.toBe('pass');
      expect(x.due).toBe(x.at!.slice(0, 10));
    }
  });

  it('a console-local time with its zone unknown: the earliest end (read at UTC+14:00), the message says the zone decides', () => {
    const sig = drift.due.find((x) => x.deviceId === 'MR-01' && x.checkId === 'MAL-SIG-AGE')!;
    const local = r2.get('MR-01')!.malware.antimalware.signatureUpdatedAt as string;
    // The signatures' age limit counted from the earliest reading (UTC+14:00), not the latest (UTC-12:00, 26 h later).
    const days = Number(ctx.params.get('signature-max-age-days')!.value);
    expect(Date.parse(sig.at!)).toBe(Date.parse(`${local}+14:00`) + days * 86_400_000);
    expect(Date.parse(sig.at!)).toBeLessThan(Date.parse(`${local}-12:00`) + days * 86_400_000);
    // Lapsed in every zone by --now: said so, from the earliest reading on.
    expect(sig.message).toMatch(/whatever the zone \(from .* at UTC\+14:00\)/);
  });

  it("lists each device's evidence max age: the instant its evidence turns stale", () => {
    for (const d of DEVICES) {
      const row = drift.due.find((x) => x.deviceId === d && x.what === 'evidence-age')!;
      expect(row, d).toBeDefined();
      expect(row.at).toBe(evidenceAge(r2.get(d) as any, ctx.params, { now: NOW }).staleAt);
    }
  });

  it('drift.md and the monitoring PDF list the same rows as drift.json\'s dueGroups, which hold every row of due once', async () => {
    expect(drift.dueGroups!.reduce((n, g) => n + g.count, 0)).toBe(drift.due.length);
    const section = md.slice(md.indexOf('## Due by'), md.indexOf('\n## ', md.indexOf('## Due by') + 1));
    const lines = section.split('\n').filter((l) => l.startsWith('- '));
    // Each row with its instant (else its day) up front, where no shortened message can cut it off.
    const devices = (g: { devices: string[]; count: number }) => (g.count === 1 ? g.devices[0] : `${g.count} devices: ${g.devices.join(', ')}`);
    expect(lines.map((l) => l.slice(2, l.indexOf('):') + 1))).toEqual(drift.dueGroups!.map((x) => `${devices(x)}${x.checkId ? ` ${x.checkId}` : ''} (due ${x.at ?? x.due})`));
    const read = await readPdf(pdf);
    const rows = read.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows).filter((r) => r.length === 4 && r[0]?.role === 'TD' && /^\d{4}-\d{2}-\d{2}$|^—$/.test(r[2]?.text ?? ''));
    expect(rows.map((r) => `${r[0]!.text} ${r[2]!.text}`)).toEqual(drift.dueGroups!.map((x) => `${devices(x)} ${x.due}`));
    await read.pdf.destroy();
  });

  it('drift.md states each row whole and by plain names: no message cut mid-word, no snapshot path', () => {
    const section = md.slice(md.indexOf('## Due by'), md.indexOf('\n## ', md.indexOf('## Due by') + 1));
    const lines = section.split('\n').filter((l) => l.startsWith('- '));
    // Long enough that a cut at 160 characters would show: the lapse of a clock rule, with its instants.
    expect(drift.dueGroups!.some((g) => g.message.length > 160)).toBe(true);
    for (const [i, g] of drift.dueGroups!.entries()) {
      expect(lines[i]!.endsWith(cell(g.message, Infinity)), lines[i]).toBe(true);
      expect(g.message, g.message).not.toMatch(/\b(?:audit|malware|os|encryption|access)\.[a-z]+[A-Z.]/);
    }
    expect(section).not.toContain('…');
  });
});

describe('what comes due, for a fleet collected together', () => {
  const FLEET = ['MR-01', 'MR-03', 'MR-04', 'MR-05', 'MR-06'];
  let fleet: Drift;
  let fleetMd: string;
  let stdout: string;
  beforeAll(() => {
    mkdirSync(join(dir(), 'f1'));
    mkdirSync(join(dir(), 'f2'));
    for (const id of FLEET) {
      for (const [side, round] of [['f1', ROUND1], ['f2', ROUND2]] as const) {
        const s = JSON.parse(readFileSync(samplePath('MR-01', round), 'utf8'));
        s.device.id = id;
        delete s.device.serialNumber;
        delete s.device.serial;
        // One certificate listed twice (the same subject for two purposes), expiring within the window.
        if (id === 'MR-03' && side === 'f2') {
          const cert = { ...s.encryption.certificates[0], notAfter: '2026-11-20T00:00:00Z' };
          s.encryption.certificates = [cert, { ...cert }];
        }
        writeFileSync(join(dir(), side, `${id}.json`), JSON.stringify(s, null, 2));
      }
    }
    const r = cli(['diff', 'f1', 'f2', '--out', 'fout', '--now', NOW, '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout + r.stderr;
    fleet = JSON.parse(readFileSync(join(dir(), 'fout', 'drift.json'), 'utf8'));
    fleetMd = readFileSync(join(dir(), 'fout', 'drift.md'), 'utf8');
  });

  it('devices due at the same moment for the same reason are one row naming them all, in drift.json, drift.md and the CLI', () => {
    const stale = fleet.due.filter((x) => x.what === 'evidence-age');
    expect(stale.map((x) => x.deviceId)).toEqual(FLEET);
    const groups = fleet.dueGroups!.filter((g) => g.what === 'evidence-age');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ count: FLEET.length, devices: FLEET, at: stale[0]!.at, message: stale[0]!.message });
    // Every row of due is in one group, and only once.
    expect(fleet.dueGroups!.reduce((n, g) => n + g.count, 0)).toBe(fleet.due.length);
    expect(fleet.dueGroups!.length).toBeLessThan(fleet.due.length);
    expect(fleet.summary.dueGroups).toBe(fleet.dueGroups!.length);
    const lines = fleetMd.split('\n').filter((l) => l.includes('the evidence collected'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${FLEET.length} devices: ${FLEET.join(', ')}`);
    expect(stdout).toContain(`${fleet.summary.due} due (${fleet.dueGroups!.length} row(s)`);
  });

  it('a certificate listed twice is due once', () => {
    const certs = fleet.due.filter((x) => x.deviceId === 'MR-03' && x.what === 'certificate-expiry' && !x.checkId);
    expect(certs).toHaveLength(1);
  });
});
