// AUDIT-LOG-PERMISSIONS passed on an eventlog-acl.csv whose System log was read from
// D:\OldLogs\System.evtx while the event log configuration (registry value File) names
// %SystemRoot%\System32\Winevt\Logs\System.evtx: the ACL judged was of another file. Where both
// paths are collected and cannot be one file, a pass is not collected, naming both; where they
// agree (case, separators, %SystemRoot% unknown or stated) nothing changes. Through the CLI on
// copies of the mr-01 exports; the ARs are valid against NIST.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

const ROOT = new URL('..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/fixtures/exports/mr-01');
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const run = arAssessor('ato-event-log-path-', '2024-03-02T00:00:00Z', { warm: true });
const DEFAULT = (log: string): string => `C:\\Windows\\System32\\winevt\\Logs\\${log}.evtx`;

/** mr-01's exports without the BUILTIN\Users entry (so the ACLs pass), each log's ACL read at `paths[log]`, plus `extra` files. */
function mr01With(name: string, paths: Record<string, string>, extra: Record<string, string> = {}): string {
  const d = join(run.dir(), name);
  cpSync(FIXTURE, d, { recursive: true });
  const acl = readFileSync(join(FIXTURE, 'eventlog-acl.csv'), 'utf8').split('\n')
    .filter((l) => !l.includes('"BUILTIN\\Users"'))
    .map((l) => { const log = /^"(\w+)"/.exec(l)?.[1]; return log && paths[log] ? l.replace(DEFAULT(log), paths[log]) : l; });
  writeFileSync(join(d, 'eventlog-acl.csv'), acl.join('\n'));
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(d, file), text);
  return d;
}
const obsOf = (dir: string): Record<string, any> => observationOf(run.assess(dir), 'MR-01', 'AUDIT-LOG-PERMISSIONS');
/** Not collected because the ACL was read from another file than the configuration names. */
const otherFile = (obs: Record<string, any>): boolean => propOf(obs, 'result') === 'not-collected' && JSON.stringify(obs).includes('the event log configuration names');
const reg = (key: string, value: string): string => `Windows Registry Editor Version 5.00\r\n\r\n[${key}]\r\n${value}\r\n`;
const windowsFolder = (folder: string): string => reg('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', `"SystemRoot"="${folder.replace(/\\/g, '\\\\')}"`);

describe('AUDIT-LOG-PERMISSIONS: the ACL judged is of the file the log is written to', () => {
  it('the premise: the default paths, %SystemRoot% not stated: pass', () => {
    expect(propOf(obsOf(mr01With('as-is', {})), 'result')).toBe('pass');
  });
  it('the System log read at D:\\OldLogs\\System.evtx, the configuration naming %SystemRoot%\\...\\System.evtx: not collected, naming both', () => {
    const obs = obsOf(mr01With('old-logs', { System: 'D:\\OldLogs\\System.evtx' }));
    expect(otherFile(obs)).toBe(true);
    const text = JSON.stringify(obs);
    expect(text).toContain(JSON.stringify('D:\\OldLogs\\System.evtx').slice(1, -1));
    expect(text).toContain(JSON.stringify('%SystemRoot%\\System32\\Winevt\\Logs\\System.evtx').slice(1, -1));
  });
  it('the Security log moved instead: not collected', () => {
    expect(otherFile(obsOf(mr01With('security', { Security: 'C:\\Windows\\System32\\winevt\\Logs\\Archive\\Security.evtx' })))).toBe(true);
  });
  it('the same file written otherwise (case, forward slashes, doubled separators): pass', () => {
    expect(propOf(obsOf(mr01With('spelling', { System: 'c:/WINDOWS//system32/WinEvt/logs/SYSTEM.EVTX' })), 'result')).toBe('pass');
  });
  it('%SystemRoot% expanded where the snapshot states the Windows folder', () => {
    expect(propOf(obsOf(mr01With('folder-same', {}, { 'reg-currentversion.reg': windowsFolder('C:\\Windows') })), 'result')).toBe('pass');
    const obs = obsOf(mr01With('folder-other', {}, { 'reg-currentversion.reg': windowsFolder('E:\\WinNT') }));
    expect(otherFile(obs)).toBe(true);
    expect(JSON.stringify(obs)).toContain('the Windows folder being E:');
  });
  it('a Group Policy File naming the moved log decides over the service key', () => {
    const policy = reg('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog\\System', '"File"="D:\\\\Logs\\\\System.evtx"');
    expect(propOf(obsOf(mr01With('policy-moved', { System: 'D:\\Logs\\System.evtx' }, { 'reg-eventlog-policy.reg': policy })), 'result')).toBe('pass');
    expect(otherFile(obsOf(mr01With('policy-not-read', {}, { 'reg-eventlog-policy.reg': policy })))).toBe(true);
  });
});

describeArsValid('event-log-file-path ARs', run.written);
