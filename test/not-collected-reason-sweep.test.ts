// Every not collected result says what is missing. With defender.json (Get-MpComputerStatus) absent,
// MAL-SIG-AGE and MAL-FULL-SCAN-RECENT came out not collected with an empty reason: a value absent
// with no coverage note gave none. The sweep removes some exports of mr-01 in turn and reads
// results.csv's reason column for every not collected row.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch } from './support/cli-scratch.js';
import { warmAssess } from './support/warm-assess.js';
import { plainNames } from '../src/catalog/check-wording.js';
import { loadCatalog } from '../src/catalog/load-checks.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MR01 = join(ROOT, 'test/fixtures/exports/mr-01');
const { dir } = cliScratch('ato-nc-reason-sweep-');
// What is read is results.csv's reasons: each folder is assessed by the built CLI's assess command
// in one warm worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const assess = warmAssess();

/** The not collected rows of an assessment of mr-01 without `drop`, as [check, reason]; undefined where the folder is refused. */
function notCollected(drop: string): Array<[string, string]> | undefined {
  const dev = join(dir(), `without-${drop}`, 'MR-01');
  cpSync(MR01, dev, { recursive: true });
  rmSync(join(dev, drop));
  const out = join(dir(), `pkg-${drop}`);
  const r = assess(['assess', join(dir(), `without-${drop}`), '--out', out, '--now', '2024-03-01T12:00:00Z'], dir());
  if (r.code !== 0) return undefined;
  const lines = readFileSync(join(out, 'results.csv'), 'utf8').split('\r\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0]!);
  const [check, status, reason] = ['check', 'status', 'reason'].map((h) => header.indexOf(h)) as [number, number, number];
  return lines.slice(1).map(parseCsvLine).filter((c) => c[status] === 'not-collected').map((c) => [c[check]!, c[reason]!]);
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** mr-01 without defender-preferences.json, assessed once: two tests below read the same run. */
let preferences: { rows: ReturnType<typeof notCollected> } | undefined;
const withoutPreferences = () => (preferences ??= { rows: notCollected('defender-preferences.json') }).rows;

describe('not collected results name what is missing', () => {
  it('without defender.json: MAL-SIG-AGE and MAL-FULL-SCAN-RECENT name the value and Get-MpComputerStatus', () => {
    const rows = new Map(notCollected('defender.json'));
    const checks = loadCatalog().checks;
    for (const [id, field] of [['MAL-SIG-AGE', 'malware.antimalware.signatureUpdatedAt'], ['MAL-FULL-SCAN-RECENT', 'malware.antimalware.lastFullScanAt']] as const) {
      // By the check's plain name for the field, as its other texts name it: no snapshot path.
      const name = plainNames(checks.find((c) => c.id === id)!)?.[field];
      expect(name, `${id}: a plain name for ${field} in controls/check-wording.yaml`).toBeDefined();
      expect(rows.get(id), id).toContain(`${name} not collected: the snapshot holds no value for it`);
      expect(rows.get(id), id).not.toMatch(/malware\.antimalware/);
      expect(rows.get(id), id).toContain('given by defender.json (Get-MpComputerStatus), not read');
      // Get-MpPreference gives no signature date nor scan time (FIELDS_OF_KIND, the parser's own fields).
      expect(rows.get(id), id).not.toContain('defender-preferences.json');
    }
    // A value missing on each item of a list is named once, with the items it is missing on; the
    // accounts' export (Get-LocalUser) gives no role, so it is not named as the source.
    const role = rows.get('ROLE-ADMIN-NO-PATIENT-DATA');
    expect(role, 'ROLE-ADMIN-NO-PATIENT-DATA not collected on mr-01 (no role declared)').toBeDefined();
    const name = plainNames(checks.find((c) => c.id === 'ROLE-ADMIN-NO-PATIENT-DATA')!)?.role ?? 'role';
    expect(role!.split(' not collected').length - 1, role).toBe(1);
    expect(role!.toLowerCase()).toContain(`${name.toLowerCase()} not collected for `);
    // The local accounts the vendor's settings give no role, each named.
    const withRole = new Set(((JSON.parse(readFileSync(join(MR01, 'vendor-settings.json'), 'utf8')) as { users: Array<{ name: string; role?: string }> }).users).filter((a) => a.role).map((a) => a.name));
    const accounts = readFileSync(join(MR01, 'local-users.csv'), 'utf8').split(/\r?\n/).slice(1).filter((l) => l).map((l) => JSON.parse(l.split(',')[0]!) as string);
    const without = accounts.filter((a) => !withRole.has(a));
    expect(without.length).toBeGreaterThan(1);
    for (const a of without) expect(role).toContain(a);
    expect(role).not.toContain('local-users.csv');
    expect(role).not.toMatch(/access\.accounts/);
  });
  it('without defender-preferences.json: MAL-SCAN names Get-MpPreference alone for the scan schedule and threat action', { timeout: 120_000 }, () => {
    const rows = new Map(withoutPreferences());
    const scan = rows.get('MAL-SCAN');
    expect(scan, 'MAL-SCAN not collected').toBeDefined();
    expect(scan).toContain('given by defender-preferences.json (Get-MpPreference), not read');
    expect(scan).not.toContain('defender.json (Get-MpComputerStatus)');
  });
  // A few exports each (a whole sweep of every file takes minutes on the shared machine).
  it.each(['defender-preferences.json', 'w32tm.txt', 'bitlocker.txt', 'services.csv'])('without %s: no not collected result has an empty reason', { timeout: 120_000 }, (f) => {
    const empty: string[] = [];
    const rows = f === 'defender-preferences.json' ? withoutPreferences() : notCollected(f);
    expect(rows, `assess without ${f} ran`).toBeDefined();
    for (const [check, reason] of rows!) if (reason.trim() === '') empty.push(check);
    expect(empty).toEqual([]);
  });
});
