// An AppLocker rule collection enforced with an Allow rule that gives every file to every user
// (path "*" or "%OSDRIVE%\*" for Everyone, a publisher rule with every name "*") lists nothing:
// every program may run. MAL-ALLOWLIST passed on it (enforced, rules present, AppIDSvc running).
// The real NSA starter policy, enforced, does not pass: its %WINDIR%\* rules do not except
// System32\Microsoft\Crypto\RSA\MachineKeys, which users can write; with that exception it passes
// (its "*" rule is for Administrators only), and the cases below start from it.
// A path users can write (their profile, temp, ProgramData, a writable folder of Windows, removable
// media, any UNC share, "*.exe" in any folder) allowed to every user is as good as every file: a
// user runs what they put there. The rule is named in the observed text.
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { PlainWording } from '../../src/evaluate/plain-wording.js';
import { materialiseDevice, mr01Files } from './fixture-folder.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'MAL-ALLOWLIST')!;
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const MACHINE_KEYS = '<FilePathCondition Path="%SYSTEM32%\\Microsoft\\Crypto\\RSA\\MachineKeys\\*" />';
// Present after an in-place upgrade of Windows 10 (UltimateAppLockerByPassList); NSA's %SYSTEM32%\Tasks\* does not except it.
const TASKS_MIGRATED = '<FilePathCondition Path="%SYSTEM32%\\Tasks_Migrated\\*" />';
/** Each %WINDIR%\* rule's exceptions of the starter policy with `add` before the first. */
const exceptAlso = (xml: string, add: string): string => {
  const next = xml.replace(/<Exceptions>(\s*)(?=<FilePathCondition Path="%SYSTEM32%\\catroot2\\\*" \/>)/g, `<Exceptions>$1${add}$1`);
  expect(next.split(add).length - 1).toBe(3); // Dll, Exe, Script
  return next;
};

/** The real starter policy, its collections enforced. */
function enforcedStarter(): string {
  const starter = realSample('applocker/Windows10_AppLocker_Starter_Policy.xml').bytes.toString('utf8').replace(/^\uFEFF/, '');
  const enforced = starter.replace(/EnforcementMode="AuditOnly"/g, 'EnforcementMode="Enabled"');
  expect(enforced).not.toBe(starter);
  return enforced;
}

/** The MR-01 fixture (AppIDSvc running) with `xml` as its AppLocker policy. */
async function withPolicy(xml: string) {
  const files = mr01Files();
  files.set('applocker.xml', Buffer.from(xml, 'utf8'));
  const dir = materialiseDevice(files);
  made.push(dir);
  const r = await ingestFolder(dir);
  return { r, res: evaluateCheck(check, r.snapshot, params, { now: '2024-03-01T12:00:00Z' }) };
}

/** The starter policy, enforced, MachineKeys and Tasks_Migrated also excepted, edited by `edit`. */
const withStarterPolicy = (edit: (xml: string) => string) => withPolicy(edit(exceptAlso(enforcedStarter(), MACHINE_KEYS + TASKS_MIGRATED)));

/** The Exe collection's text, for edits confined to it. */
const inExe = (xml: string, f: (exe: string) => string): string => {
  const m = /<RuleCollection Type="Exe"[\s\S]*?<\/RuleCollection>/.exec(xml)!;
  const next = f(m[0]);
  expect(next).not.toBe(m[0]);
  return xml.slice(0, m.index) + next + xml.slice(m.index + m[0].length);
};
// The starter policy's "Allow administrators to execute all files" rule: path "*" for S-1-5-32-544.
const ADMIN_ALL = /(Name="Allow administrators to execute all files"[^>]*UserOrGroupSid=")S-1-5-32-544(")/;

describeWithRealSamples('AppLocker: an enforced collection that allows every file to every user', () => {
  it('the real starter policy, enforced: fails, its %WINDIR%\\* rules not excepting MachineKeys, which users can write', async () => {
    const { r, res } = await withPolicy(enforcedStarter());
    expect(res.status).toBe('fail');
    const byType = Object.fromEntries((r.snapshot.malware?.allowlisting?.collections ?? []).map((c) => [c.type, c.allowsEveryFile]));
    expect(byType).toEqual({ Dll: true, Exe: true, Msi: false, Script: true, Appx: true });
    const where = r.snapshot.provenance?.['/malware/allowlisting/collections/1/allowsEveryFile']?.location ?? '';
    expect(where).toContain('"Allow everyone to execute all files located in the Windows folder"');
    expect(where).toMatch(/without exceptions for the folders of Windows users can write \(%WINDIR%\\System32\\Microsoft\\Crypto\\RSA\\MachineKeys, %WINDIR%\\System32\\Tasks_Migrated\)/);
  });

  it('the real starter policy, enforced, MachineKeys also excepted: still fails, naming System32\\Tasks_Migrated (after an in-place upgrade users write there)', async () => {
    const { r, res } = await withPolicy(exceptAlso(enforcedStarter(), MACHINE_KEYS));
    expect(res.status).toBe('fail');
    const where = r.snapshot.provenance?.['/malware/allowlisting/collections/1/allowsEveryFile']?.location ?? '';
    expect(where).toMatch(/users can write \(%WINDIR%\\System32\\Tasks_Migrated\)/);
  });

  it('the premise: the real starter policy, enforced, MachineKeys and Tasks_Migrated also excepted, passes MAL-ALLOWLIST; no required collection allows every file', async () => {
    const { r, res } = await withStarterPolicy((x) => x);
    expect(res.status).toBe('pass');
    const byType = Object.fromEntries((r.snapshot.malware?.allowlisting?.collections ?? []).map((c) => [c.type, c.allowsEveryFile]));
    expect(byType).toEqual({ Dll: false, Exe: false, Msi: false, Script: false, Appx: true }); // Appx: the default "all signed packaged apps" rule
  });

  it('its "execute all files" rule given to Everyone (S-1-1-0): MAL-ALLOWLIST fails, naming the Exe rules', async () => {
    const { r, res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(ADMIN_ALL, '$1S-1-1-0$2')));
    expect(r.snapshot.malware?.allowlisting?.collections?.find((c) => c.type === 'Exe')?.allowsEveryFile).toBe(true);
    expect(res.status).toBe('fail');
    expect(res.observed).toMatch(/Exe/);
  });

  it('a rule of path %OSDRIVE%\\* for Authenticated Users: fails', async () => {
    const { res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(ADMIN_ALL, '$1S-1-5-11$2').replace(/(<FilePathCondition Path=")\*(" \/>)/, '$1%OSDRIVE%\\*$2')));
    expect(res.status).toBe('fail');
  });

  it('a publisher rule with publisher, product and file name all "*" for Everyone: fails', async () => {
    const rule = '<FilePublisherRule Id="00000000-0000-4000-8000-000000000001" Name="any signed" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePublisherCondition PublisherName="*" ProductName="*" BinaryName="*"><BinaryVersionRange LowSection="*" HighSection="*" /></FilePublisherCondition></Conditions></FilePublisherRule>';
    const { res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(/<\/RuleCollection>$/, `${rule}</RuleCollection>`)));
    expect(res.status).toBe('fail');
  });

  // Each path's rule, for Everyone: the allowlist no longer limits what runs.
  for (const path of ['*.exe', '*\\*', '%USERPROFILE%\\*', '%TEMP%\\*', '%LOCALAPPDATA%\\Programs\\*', 'C:\\Users\\*', '\\\\*', '%WINDIR%\\Temp\\*', '%OSDRIVE%\\ProgramData\\*', '%REMOVABLE%\\*']) {
    it(`a rule of path ${path} for Everyone: fails, naming the rule and the path`, async () => {
      const rule = `<FilePathRule Id="00000000-0000-4000-8000-000000000002" Name="vendor tools" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="${path}" /></Conditions></FilePathRule>`;
      const { r, res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(/<\/RuleCollection>$/, `${rule}</RuleCollection>`)));
      expect(r.snapshot.malware?.allowlisting?.collections?.find((c) => c.type === 'Exe')?.allowsEveryFile).toBe(true);
      expect(res.status).toBe('fail');
      const where = r.snapshot.provenance?.['/malware/allowlisting/collections/1/allowsEveryFile']?.location ?? JSON.stringify(r.snapshot.provenance);
      expect(where).toContain('"vendor tools"');
      expect(where).toContain(JSON.stringify(path)); // quoted as JSON: backslashes doubled
    });
  }

  // Spellings that may match a folder users can write: a "*" inside a name matches on through
  // folders, and a short 8.3 name any name starting with its letters.
  for (const path of ['C:\\Windows\\System32\\Tasks_Migrated\\*', '%WINDIR%\\System32\\Tasks\\Microsoft\\Windows\\PLA\\System\\*', 'C:\\WINDOWS\\SYSTEM~1\\*', 'C:\\PROGRA~3\\*', 'C:\\Progr*', 'C:\\Win*', '%OSDRIVE%\\WINDOWS\\TEMP*']) {
    it(`a rule of path ${path} for Everyone: fails`, async () => {
      const rule = `<FilePathRule Id="00000000-0000-4000-8000-000000000003" Name="vendor tools" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="${path}" /></Conditions></FilePathRule>`;
      const { r, res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(/<\/RuleCollection>$/, `${rule}</RuleCollection>`)));
      expect(res.status).toBe('fail');
      expect(r.snapshot.provenance?.['/malware/allowlisting/collections/1/allowsEveryFile']?.location ?? '').toContain('"vendor tools"');
    });
  }

  it('a vendor folder under Program Files or a named server share for Everyone still passes (folders users cannot write)', async () => {
    const rules = ['C:\\Program Files\\Acme\\*', '\\\\pacs01\\tools\\*', '%SYSTEM32%\\drivers\\*', 'C:\\WINDOWS\\SYSTEM~1\\drivers\\*'].map((p, i) => `<FilePathRule Id="00000000-0000-4000-8000-00000000001${i}" Name="ok ${i}" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="${p}" /></Conditions></FilePathRule>`).join('');
    const { res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(/<\/RuleCollection>$/, `${rules}</RuleCollection>`)));
    expect(res.status).toBe('pass');
  });
});

// A folder above user-writable folders of Windows other than the whole Windows folder (all of
// System32, its spool folder) was not read at all: %SYSTEM32%\* for Everyone passed, though users
// write and run from System32\spool\drivers\color, \Tasks\...\SyncCenter, \FxsTmp.
describeWithRealSamples('AppLocker: a folder of Windows holding folders users can write needs exceptions for them', () => {
  const rule = (path: string, exceptions: string[] = []) => `<FilePathRule Id="00000000-0000-4000-8000-000000000020" Name="vendor system tools" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="${path}" /></Conditions>${exceptions.length ? `<Exceptions>${exceptions.map((e) => `<FilePathCondition Path="${e}" />`).join('')}</Exceptions>` : ''}</FilePathRule>`;
  const withRule = (r: string) => withStarterPolicy((x) => inExe(x, (e) => e.replace(/<\/RuleCollection>$/, `${r}</RuleCollection>`)));
  const openFolders = (r: Awaited<ReturnType<typeof withPolicy>>['r']) => r.snapshot.provenance?.['/malware/allowlisting/collections/1/allowsEveryFile']?.location ?? '';

  it('%SYSTEM32%\\* (System32 and SysWOW64) without exceptions: fails, naming the writable folders of both', async () => {
    const { r, res } = await withRule(rule('%SYSTEM32%\\*'));
    expect(res.status).toBe('fail');
    const where = openFolders(r);
    expect(where).toContain('"vendor system tools"');
    for (const f of ['System32\\spool\\drivers\\color', 'System32\\Microsoft\\Crypto\\RSA\\MachineKeys', 'SysWOW64\\FxsTmp', 'SysWOW64\\Tasks\\Microsoft\\Windows\\PLA\\System']) expect(where).toContain(`%WINDIR%\\${f}`);
    expect(where).not.toContain('%WINDIR%\\Temp'); // not below System32
  });

  it('C:\\Windows\\System32\\spool\\* without exceptions: fails, naming PRINTERS, SERVERS and drivers\\color', async () => {
    const { r, res } = await withRule(rule('C:\\Windows\\System32\\spool\\*'));
    expect(res.status).toBe('fail');
    expect(openFolders(r)).toMatch(/\(%WINDIR%\\System32\\spool\\PRINTERS, %WINDIR%\\System32\\spool\\SERVERS, %WINDIR%\\System32\\spool\\drivers\\color\)/);
  });

  it('%SYSTEM32%\\spool\\* excepting PRINTERS and SERVERS only: fails, naming drivers\\color alone', async () => {
    const { r, res } = await withRule(rule('%SYSTEM32%\\spool\\*', ['%SYSTEM32%\\spool\\PRINTERS\\*', '%SYSTEM32%\\spool\\SERVERS\\*']));
    expect(res.status).toBe('fail');
    expect(openFolders(r)).toMatch(/\(%WINDIR%\\System32\\spool\\drivers\\color\)/);
  });

  it('%SYSTEM32%\\spool\\* excepting each writable folder below it (any spelling of the Windows folder) passes', async () => {
    const { res } = await withRule(rule('%SYSTEM32%\\spool\\*', ['%SYSTEM32%\\spool\\PRINTERS\\*', 'C:\\WINDOWS\\System32\\spool\\SERVERS', '%SYSTEMROOT%\\System32\\spool\\drivers\\color\\*']));
    expect(res.status).toBe('pass');
  });

  it('%WINDIR%\\* whose exceptions name SysWOW64\'s writable folders only through %SYSTEM32%: fails, naming them (%SYSTEM32% may not except SysWOW64)', async () => {
    const all = ['%WINDIR%\\Temp\\*', '%WINDIR%\\Tasks\\*', '%WINDIR%\\tracing\\*', '%WINDIR%\\Registration\\*', '%SYSTEM32%\\FxsTmp\\*', '%SYSTEM32%\\com\\*', '%SYSTEM32%\\Microsoft\\Crypto\\RSA\\MachineKeys\\*', '%SYSTEM32%\\spool\\*', '%SYSTEM32%\\Tasks\\*', '%SYSTEM32%\\Tasks_Migrated\\*'];
    const { r, res } = await withRule(rule('%WINDIR%\\*', all));
    expect(res.status).toBe('fail');
    expect(openFolders(r)).toMatch(/\(%WINDIR%\\SysWOW64\\FxsTmp, %WINDIR%\\SysWOW64\\com\\dmp, %WINDIR%\\SysWOW64\\Tasks\\Microsoft\\Windows\\SyncCenter, %WINDIR%\\SysWOW64\\Tasks\\Microsoft\\Windows\\PLA\\System\)/);
  });

  it('%WINDIR%\\* whose exceptions use a "*" inside a name (%WINDIR%\\Te*) does not count as excepting Temp: fails', async () => {
    const all = ['%WINDIR%\\Te*', '%WINDIR%\\Tasks\\*', '%WINDIR%\\tracing\\*', '%WINDIR%\\Registration\\*', '%SYSTEM32%\\FxsTmp\\*', '%SYSTEM32%\\com\\*', '%SYSTEM32%\\Microsoft\\Crypto\\RSA\\MachineKeys\\*', '%SYSTEM32%\\spool\\*', '%SYSTEM32%\\Tasks\\*', '%SYSTEM32%\\Tasks_Migrated\\*', '%WINDIR%\\SysWOW64\\*'];
    const { r, res } = await withRule(rule('%WINDIR%\\*', all));
    expect(res.status).toBe('fail');
    expect(openFolders(r)).toMatch(/\(%WINDIR%\\Temp\)/);
    const { res: fixed } = await withRule(rule('%WINDIR%\\*', ['%WINDIR%\\Temp\\*', ...all.slice(1)]));
    expect(fixed.status).toBe('pass');
  });
});

describeWithRealSamples('AppLocker: the principal a rule gives every file to is named as given', () => {
  // NETWORK and REMOTE INTERACTIVE LOGON are held by every network / Remote Desktop logon: such a
  // rule still fails MAL-ALLOWLIST, but the finding said "allowed to every user", a principal the
  // rule does not name. The wording names the SID the rule gives, and who holds it.
  for (const [sid, name, holders] of [['S-1-5-2', 'NETWORK', 'network logon'], ['S-1-5-14', 'REMOTE INTERACTIVE LOGON', 'Remote Desktop logon']] as const) {
    it(`the "execute all files" rule given to ${name} (${sid}): fails, the finding naming ${name}, not every user`, async () => {
      const { r, res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(ADMIN_ALL, `$1${sid}$2`)));
      expect(res.status).toBe('fail');
      const exe = r.snapshot.malware?.allowlisting?.collections?.find((c) => c.type === 'Exe');
      expect(exe?.allowsEveryFile).toBe(true);
      const found = new PlainWording([]).found(check, res)!;
      expect(found).toContain(`${name} (${sid})`);
      expect(found).toContain(holders);
      expect(found).not.toMatch(/allowed to every user/i);
      const where = r.snapshot.provenance?.['/malware/allowlisting/collections/1/allowsEveryFile']?.location ?? '';
      expect(where).toContain(`to ${name} (${sid})`);
    });
  }

  it('a rule for Everyone still reads as every user', async () => {
    const { res } = await withStarterPolicy((x) => inExe(x, (e) => e.replace(ADMIN_ALL, '$1S-1-1-0$2')));
    expect(new PlainWording([]).found(check, res)).toContain('Everyone (S-1-1-0), a principal every user holds');
  });
});
