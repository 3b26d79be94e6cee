// The Windows 10 STIG covers Windows 10 only: a checklist for a console running anything else (or
// an OS its collection does not name) makes no STIG determination (docs/interop.md, "STIG scope").
import { describe, expect, it } from 'vitest';
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
    const none = stigScope(id, title, 'X', undefined);
    expect(none.covered || none.why).toMatch(/X runs an operating system its collection does not name\.$/);
    const noBuild = stigScope(id, title, 'X', 'Windows 10 Enterprise');
    expect(noBuild.covered || noBuild.why).toMatch(/X runs Windows 10 Enterprise, with no build number in its collection/);
    // Another STIG than the ones whose scope is known covers nothing shown.
    expect(stigScope('MS_Windows_11_STIG', 'Windows 11 STIG', 'X', 'Windows 11 Enterprise build 22631').covered).toBe(false);
  });
});
