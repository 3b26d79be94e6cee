// The Windows 10 STIG covers Windows 10 only: a checklist for a console running anything else (or
// an OS its collection does not name) makes no STIG determination (docs/interop.md, "STIG scope").
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { stigScope } from '../src/export/stig-scope.js';
import { loadStigData } from '../src/catalog/stig.js';

const { id, title } = loadStigData().stig;
const covered = (os: string | undefined) => stigScope(id, title, 'DEV-1', os).covered;

describe('stigScope: which consoles DISA\'s Windows 10 STIG covers', () => {
  it('covers Windows 10 editions by name and a Windows 10 build, in any of the forms a build is written', () => {
    for (const os of ['Windows 10 Enterprise LTSC 2019 build 17763', 'Windows 10 IoT Enterprise LTSC 2021 build 19044', 'Microsoft Windows 10 Pro build 10.0.19045', 'Windows 10 Enterprise build 10.0.19045.3086', 'Windows 10 Enterprise 2015 LTSB build 10240']) {
      expect(covered(os), os).toBe(true);
    }
  });

  it('does not cover Windows 7, Windows 11, Windows Server, a "Windows 10" name with a Windows 11 build, nor an OS or build not named', () => {
    for (const os of [
      'Windows 7 Professional build 7601',
      'Windows 11 IoT Enterprise LTSC 2024 build 26100',
      // Windows 11 reports "Windows 10" as its registry ProductName: the build tells them apart.
      'Windows 10 Enterprise build 22631',
      'Windows 10 Enterprise build 10.0.22000',
      'Windows Server 2019 Datacenter build 17763',
      'Windows 10 Enterprise',
      'Windows 10 Enterprise build unknown',
      'Windows 8.1 build 9600',
      'Windows 100 build 19044',
      'build 19044',
      '',
      undefined,
    ]) {
      expect(covered(os), String(os)).toBe(false);
    }
  });

  it('names the STIG\'s scope and what the device runs in the comment, and says when the collection does not name the OS or its build', () => {
    const w7 = stigScope(id, title, 'LAB-01', 'Windows 7 Professional build 7601');
    expect(w7.covered || w7.comment).toBe(`Not reviewed against this STIG: the ${title} covers Windows 10, and LAB-01 runs Windows 7 Professional build 7601. The ato-evidence results in FINDING_DETAILS are evidence for a review, not a determination of this STIG.`);
    // An OS not named, or a Windows 10 name with no build, is not known to be outside the STIG: the
    // sentence says what was not collected, not that the STIG does not cover the device.
    const none = stigScope(id, title, 'X', undefined);
    expect(none.covered || none.unknown).toBe(true);
    expect(none.covered || none.why).toBe(`the ${title} covers Windows 10, and the package names no operating system for X (its OS was not collected): whether the STIG covers X is not known.`);
    const noBuild = stigScope(id, title, 'X', 'Windows 10 Enterprise');
    expect(noBuild.covered || noBuild.unknown).toBe(true);
    expect(noBuild.covered || noBuild.why).toMatch(/the package names X's operating system as Windows 10 Enterprise, with no build number to show which release it is: whether the STIG covers X is not known\.$/);
    // Another product's name settles it, build or not.
    const w7NoBuild = stigScope(id, title, 'X', 'Windows 7 Professional');
    expect(w7NoBuild.covered || w7NoBuild.unknown).toBe(false);
    expect(w7.covered || w7.unknown).toBe(false);
    // Another STIG than the ones whose scope is known covers nothing shown.
    expect(stigScope('MS_Windows_11_STIG', 'Windows 11 STIG', 'X', 'Windows 11 Enterprise build 22631').covered).toBe(false);
  });
});

// A package whose SSP names no OS for a device (its OS was not collected, or a package written
// before the OS was recorded): every export gives each rule Not_Reviewed, and must say why: the OS
// is unknown. Before, the eMASS Comments said the STIG "does not cover" the device, and the
// checklists that the device "runs an operating system its collection does not name".
describe('a device whose operating system the package does not name: the exports say the OS was not collected', () => {
  const { dir, cli } = cliScratch('ato-stig-scope-no-os-');
  let snapshot: string;
  beforeAll(() => {
    const mr01 = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    delete mr01.device.os;
    snapshot = join(dir(), 'MR-01.json');
    writeFileSync(snapshot, JSON.stringify(mr01, null, 2));
  });

  it('CKL and CKLB COMMENTS and the eMASS Comments say the OS was not collected, never that the STIG does not cover the device', async () => {
    const a = cli(['assess', snapshot, '--out', 'pkg', '--now', '2026-11-03T00:00:00Z', '--no-pdf']);
    expect(a.code, a.stderr).toBe(0);
    // Premise: the package's SSP names no OS for MR-01 (read from the SSP, not from an export).
    const inventory = JSON.parse(readFileSync(join(dir(), 'pkg/ssp.json'), 'utf8'))['system-security-plan']['system-implementation']['inventory-items'] as Array<Record<string, any>>;
    const item = inventory.find((i) => i.props.some((p: any) => p.name === 'asset-id' && p.value === 'MR-01'))!;
    expect(item.props.some((p: any) => p.name === 'os')).toBe(false);

    for (const format of ['ckl', 'cklb']) {
      const r = cli(['export', format, 'pkg', '--out', format]);
      expect(r.code, r.stderr).toBe(0);
    }
    const ckl = readFileSync(join(dir(), 'ckl/MR-01.ckl'), 'utf8');
    const comments = [...ckl.matchAll(/<COMMENTS>([^<]*)<\/COMMENTS>/g)].map((m) => m[1]!);
    expect(comments.length).toBe(loadStigData().rules.length);
    const statuses = [...ckl.matchAll(/<STATUS>([^<]*)<\/STATUS>/g)].map((m) => m[1]);
    expect(new Set(statuses)).toEqual(new Set(['Not_Reviewed']));
    for (const c of comments) {
      expect(c).toContain('the package names no operating system for MR-01 (its OS was not collected): whether the STIG covers MR-01 is not known.');
      expect(c).not.toMatch(/MR-01 runs /);
    }
    const cklb = JSON.parse(readFileSync(join(dir(), 'cklb/MR-01.cklb'), 'utf8'));
    const rules = cklb.stigs.flatMap((s: any) => s.rules) as Array<Record<string, any>>;
    expect(rules.length).toBe(comments.length);
    for (const r of rules) expect(r.comments).toContain('its OS was not collected');

    const e = cli(['export', 'emass-poam', 'pkg', '--out', 'emass', '--resources', 'Site IT', '--office', 'ISSO', '--now', '2026-11-03T00:00:00Z']);
    expect(e.code, e.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir(), 'emass/emass-poam.xlsx'));
    const ws = wb.worksheets[0]!;
    const notes: string[] = [];
    ws.eachRow((row) => {
      const text = row.values as unknown[];
      for (const v of text) if (typeof v === 'string' && v.includes('STIG rule')) notes.push(v);
    });
    // Premise: MR-01 has failing checks citing WN10 rules, whose items would cite them.
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      expect(n).toContain('No STIG rule is cited in Security Checks: whether the');
      expect(n).toContain('covers MR-01 is not known (the operating system, or its release, was not collected)');
      expect(n).not.toMatch(/does not cover MR-01/);
    }
  });
});
