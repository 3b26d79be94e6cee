// An AppLocker rule collection enforced with an Allow rule that gives every file to every user
// (path "*" or "%OSDRIVE%\*" for Everyone, a publisher rule with every name "*") lists nothing:
// every program may run. MAL-ALLOWLIST passed on it (enforced, rules present, AppIDSvc running).
// The real NSA starter policy, enforced, still passes: its "*" rule is for Administrators only.
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { materialiseDevice, mr01Files } from './fixture-folder.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'MAL-ALLOWLIST')!;
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The MR-01 fixture (AppIDSvc running) with the starter policy, its collections enforced, edited by `edit`. */
async function withStarterPolicy(edit: (xml: string) => string) {
  const starter = realSample('applocker/Windows10_AppLocker_Starter_Policy.xml').bytes.toString('utf8').replace(/^\uFEFF/, '');
  const enforced = starter.replace(/EnforcementMode="AuditOnly"/g, 'EnforcementMode="Enabled"');
  expect(enforced).not.toBe(starter);
  const xml = edit(enforced);
  const files = mr01Files();
  files.set('applocker.xml', Buffer.from(xml, 'utf8'));
  const dir = materialiseDevice(files);
  made.push(dir);
  const r = await ingestFolder(dir);
  return { r, res: evaluateCheck(check, r.snapshot, params, { now: '2024-03-01T12:00:00Z' }) };
}

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
  it('the premise: the real starter policy, enforced, passes MAL-ALLOWLIST; no required collection allows every file', async () => {
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
});
