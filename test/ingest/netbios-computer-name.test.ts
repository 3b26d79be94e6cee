// A console whose hostname is longer than 15 characters ("MAGNARA-VIDA-3T-CONSOLE01") names itself by its NetBIOS
// name, the first 15 characters of its first label ("MAGNARA-VIDA-3T"), in Get-LocalGroupMember's "HOST\user" and in
// PSComputerName. Ingest refused such real exports as another computer's. That cut alone is the same computer: a
// different 15-character name, or a shorter prefix, is still another computer, refused naming both places.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownExportByName } from '../../src/ingest/index.js';
import { requireBuiltCli, runCli, type CliResult } from '../support/cli.js';
import { encodeAs, materialiseDevice, mr01Files, mr01NamedAs, mr01Text } from './fixture-folder.js';

const LONG = 'MAGNARA-VIDA-3T-CONSOLE01';
const made: string[] = [];

/**
 * MR-01 renamed to LONG in collection.json and defender.json, its local accounts' prefix and auditpol's Machine Name `cut`.
 */
function folder(cut: string): string {
  const files = mr01Files();
  for (const [name, bytes] of Object.entries(mr01NamedAs(LONG))) files.set(name, bytes);
  for (const name of ['local-group-members.csv', 'auditpol.csv']) {
    files.set(name, encodeAs(mr01Text(name).replaceAll('MR01-CONSOLE', cut), knownExportByName(name)?.encoding ?? 'utf-8'));
  }
  const dir = materialiseDevice(files);
  made.push(dir);
  return dir;
}

/** `ato-evidence ingest` of the folder; the snapshot written outside it (an output may not lie inside an input). */
function ingest(dir: string): CliResult & { snapshot: string } {
  const out = mkdtempSync(join(tmpdir(), 'ato-netbios-out-'));
  made.push(out);
  const snapshot = join(out, 'snapshot.json');
  return { ...runCli(dir, ['ingest', '.', '--out', snapshot]), snapshot };
}

beforeAll(() => requireBuiltCli());
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('a hostname longer than 15 characters and its NetBIOS name', () => {
  it('the NetBIOS name (first 15 characters, any case) in HOST\\user and auditpol is the same computer: the folder is read', () => {
    for (const cut of [LONG.slice(0, 15), LONG.slice(0, 15).toLowerCase()]) {
      const dir = folder(cut);
      const r = ingest(dir);
      expect(r.code, r.stderr).toBe(0);
      const snap = JSON.parse(readFileSync(r.snapshot, 'utf8')) as {
        device: { hostname: string };
        access: { accounts: Array<{ name: string; groups: string[] }> };
      };
      expect(snap.device.hostname).toBe(LONG);
      // The members named with the cut are this console's accounts, with their groups.
      expect(snap.access.accounts.find((a) => a.name === 'hospadmin')?.groups).toEqual(['Administrators']);
    }
  });

  it('a different 15-character name, or a shorter prefix, is another computer: refused naming both places', () => {
    for (const other of ['MAGNARA-VIDA-3X', 'MAGNARA-VIDA-3', 'MAGNARA-VIDA-3T-']) {
      const r = ingest(folder(other));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`the files name different hostnames: collection.json (/hostname, line 8) says "${LONG}"`);
      expect(r.stderr).toMatch(new RegExp(`(auditpol|local-group-members)\\.csv \\(line 2, column (Machine Name|Name)\\) says "${other}"`));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('two longer names that cut to one NetBIOS name are not one computer, though each is that NetBIOS name', () => {
    // collection.json gives the NetBIOS name ($env:COMPUTERNAME), as do auditpol and the members; defender.json names
    // CONSOLE01 and firewall-rules.csv's PSComputerName CONSOLE02: each is the NetBIOS name's computer, not the other's.
    const cut = LONG.slice(0, 15);
    const dir = folder(cut);
    writeFileSync(join(dir, 'collection.json'), encodeAs(mr01Text('collection.json').replaceAll('MR01-CONSOLE', cut), knownExportByName('collection.json')?.encoding ?? 'utf-8'));
    const rules = mr01Text('firewall-rules.csv').trimEnd().split('\n');
    const withHost = rules.map((l, i) => `${l},"${i === 0 ? 'PSComputerName' : 'MAGNARA-VIDA-3T-CONSOLE02'}"`).join('\n');
    writeFileSync(join(dir, 'firewall-rules.csv'), encodeAs(withHost, knownExportByName('firewall-rules.csv')?.encoding ?? 'utf-8'));
    const r = ingest(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the files name different hostnames: .*defender\.json \(\/CimSystemProperties\/ServerName, line \d+\) says "MAGNARA-VIDA-3T-CONSOLE01", firewall-rules\.csv \(line 2, column PSComputerName\) says "MAGNARA-VIDA-3T-CONSOLE02"/);
  });
});
