// A CSV export opened and saved in Excel ("sep=," first, or ';' between fields in a German
// locale), or PowerShell's table text pasted in place of Export-Csv's, was refused as "not a
// Get-Service CSV (first line: ...)", leaving the engineer to guess why. The refusal now names
// what the file is and what to do; exit 1 and nothing written, as before.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine } from '../support/cli-scratch.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const { cli, dir } = cliScratch('ato-csv-look-');

function ingestWithServices(text: string, out: string): { code: number | null; error: string } {
  const r = cli(['ingest', mr01FolderWith({ 'services.csv': text }), '-o', join(dir(), out)]);
  expect(existsSync(join(dir(), out))).toBe(false);
  return { code: r.code, error: errorLine(r.stderr) };
}

describe('a CSV export changed by Excel or pasted as table text is refused saying so', () => {
  const services = mr01Text('services.csv');
  it('Excel\'s "sep=," line', () => {
    const r = ingestWithServices(`sep=,\r\n${services}`, 'a.json');
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^error: services\.csv at line 1: .*an Excel "sep=," line: the file was opened and saved in Excel.*collect\.ps1/);
  });
  it('";" between fields (German list separator)', () => {
    const r = ingestWithServices(services.replace(/","/g, '";"'), 'b.json');
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^error: services\.csv at line 1: .*fields separated by ";" .*only "," is read/);
  });
  it('Format-Table text: names the line of dashes', () => {
    const table = '\r\nStatus   Name               DisplayName\r\n------   ----               -----------\r\nRunning  AppIDSvc           Application Identity\r\n';
    const r = ingestWithServices(table, 'c.json');
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/^error: services\.csv at line 3: .*PowerShell's table text \(Format-Table/);
  });
});
