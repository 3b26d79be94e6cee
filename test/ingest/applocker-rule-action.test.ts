// An AppLocker rule read only when its Action is exactly "allow" (any case) and its SID one every user
// holds: the real starter policy's "execute all files" rule given to Everyone with `Action="Allow "`, a
// word AppLocker does not write, or no Action at all, was skipped as no Allow rule, and MAL-ALLOWLIST
// passed on a collection allowing every file. A rule without a readable Action or UserOrGroupSid is
// refused now, naming it and its line (every rule Get-AppLockerPolicy writes has both).
import { expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { input, mr01Files } from './fixture-folder.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'MAL-ALLOWLIST')!;
const EXCEPT_ALSO = '<FilePathCondition Path="%SYSTEM32%\\Microsoft\\Crypto\\RSA\\MachineKeys\\*" /><FilePathCondition Path="%SYSTEM32%\\Tasks_Migrated\\*" />';

/** The real starter policy, enforced, with the two exceptions it lacks: it passes MAL-ALLOWLIST. */
function passingStarter(): string {
  const starter = realSample('applocker/Windows10_AppLocker_Starter_Policy.xml').bytes.toString('utf8').replace(/^\uFEFF/, '');
  return starter.replace(/EnforcementMode="AuditOnly"/g, 'EnforcementMode="Enabled"')
    .replace(/<Exceptions>(\s*)(?=<FilePathCondition Path="%SYSTEM32%\\catroot2\\\*" \/>)/g, `<Exceptions>$1${EXCEPT_ALSO}$1`);
}
function assess(xml: string) {
  const files = mr01Files();
  files.set('applocker.xml', Buffer.from(xml, 'utf8'));
  const r = ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01');
  return evaluateCheck(check, r.snapshot, params, { now: '2024-03-01T12:00:00Z' }).status;
}
const refusal = (xml: string): string => {
  try {
    assess(xml);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('read');
};
// The Exe collection's "Allow administrators to execute all files" (path "*"), its attributes replaced.
const ADMIN_ALL = /(<FilePathRule Id="[^"]*" Name="Allow administrators to execute all files" Description="[^"]*") UserOrGroupSid="S-1-5-32-544" Action="Allow"/;
const everyoneWith = (xml: string, attrs: string): string => {
  expect(xml).toMatch(ADMIN_ALL);
  return xml.replace(ADMIN_ALL, `$1${attrs}`);
};
// The line the edited rule starts on (the edit keeps the lines before it).
const ruleLine = (): number => { const x = passingStarter(); return x.slice(0, ADMIN_ALL.exec(x)!.index).split('\n').length; };

describeWithRealSamples('AppLocker: a rule without a readable Action or SID', () => {
  it('the premise: the starter policy passes; its "execute all files" rule given to Everyone with Action="Allow" fails', () => {
    expect(assess(passingStarter())).toBe('pass');
    expect(assess(everyoneWith(passingStarter(), ' UserOrGroupSid="S-1-1-0" Action="Allow"'))).toBe('fail');
  });

  it.each([
    [' UserOrGroupSid="S-1-1-0" Action="Allow "', /expected Action="Allow" or Action="Deny" on <FilePathRule> "Allow administrators to execute all files" \(AppLocker writes one on every rule\), found "Allow "/],
    [' UserOrGroupSid="S-1-1-0" Action="Permit"', /expected Action="Allow" or Action="Deny" on <FilePathRule> .*, found "Permit"/],
    [' UserOrGroupSid="S-1-1-0"', /expected Action="Allow" or Action="Deny" on <FilePathRule> .*, found none/],
    [' UserOrGroupSid=" " Action="Allow"', /expected a UserOrGroupSid on <FilePathRule> "Allow administrators to execute all files" .*, found the blank " "/],
    [' Action="Allow"', /expected a UserOrGroupSid on <FilePathRule> .*, found none/],
  ])('%s: refused naming the rule and its line, never passed as no Allow rule', (attrs, message) => {
    const xml = everyoneWith(passingStarter(), attrs);
    const msg = refusal(xml);
    expect(msg).toContain(`applocker.xml at line ${ruleLine()}: `);
    expect(msg).toMatch(message);
  });
});
