// A CSV export cut right after a whole row (the collector killed between two rows) has every field
// of every row it keeps, so nothing in the rows shows the loss; only the missing line break does:
// Export-Csv (and auditpol) end every line with CRLF. The rows lost may be the ones that fail:
// MR-01's firewall-rules.csv keeps its first four rules and loses "File and Printer Sharing
// (SMB-In)" and the DHCP rule open to Any remote address. Such a file is read as a partial
// list, so a pass that rests on the whole list is not collected.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { evaluateTest } from '../../src/evaluate/test-eval.js';
import { leanSnapshot } from '../../src/drift/side.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { materialiseDevice, mr01Files } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const AT = { now: '2024-03-01T12:00:00Z' };
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** MR-01 with `name` (UTF-8 with BOM, CRLF, as Export-Csv writes it) keeping its first `rows` data rows, with or without the last line break. */
async function cutAfterRow(name: string, rows: number, lineBreak: boolean) {
  const files = mr01Files();
  const text = files.get(name)!.toString('utf8');
  expect(text.startsWith('\uFEFF') && text.endsWith('\r\n')).toBe(true); // as Export-Csv writes it
  const lines = text.split('\r\n');
  expect(lines.length).toBeGreaterThan(rows + 2); // something is really cut
  const kept = lines.slice(0, rows + 1).join('\r\n') + (lineBreak ? '\r\n' : '');
  files.set(name, Buffer.from(kept, 'utf8'));
  const dir = materialiseDevice(files);
  made.push(dir);
  return ingestFolder(dir);
}

describe('a CSV export cut right after a row', () => {
  it('firewall-rules.csv cut after its 4th rule, last line break lost: the rules left pass, but FW-REMOTE-SCOPE and FW-ALLOWED-PROTOCOLS are not collected, naming the file and line', async () => {
    const r = await cutAfterRow('firewall-rules.csv', 4, false);
    expect(r.warnings.some((w) => w.startsWith('firewall-rules.csv:') && /last line \(5\) has no line break/.test(w))).toBe(true);
    for (const id of ['FW-REMOTE-SCOPE', 'FW-ALLOWED-PROTOCOLS']) {
      const res = evaluateCheck(check(id), r.snapshot, params, AT);
      expect(res.status, id).toBe('not-collected');
      expect(JSON.stringify(res)).toMatch(/firewall-rules\.csv \(may be cut short: its last line \(5\) has no line break/);
    }
  });

  it('the same four rules in a whole file (ending with its line break) are the whole list: both checks pass', async () => {
    const r = await cutAfterRow('firewall-rules.csv', 4, true);
    expect(r.warnings.filter((w) => w.startsWith('firewall-rules.csv:'))).toEqual([]);
    expect(evaluateCheck(check('FW-REMOTE-SCOPE'), r.snapshot, params, AT).status).toBe('pass');
    expect(evaluateCheck(check('FW-ALLOWED-PROTOCOLS'), r.snapshot, params, AT).status).toBe('pass');
  });

  it('a fail found in the rows read stays a fail: cut after the DHCP rule open to Any, FW-REMOTE-SCOPE still fails', async () => {
    const r = await cutAfterRow('firewall-rules.csv', 6, false);
    expect(evaluateCheck(check('FW-REMOTE-SCOPE'), r.snapshot, params, AT).status).toBe('fail');
  });
});

/** The verdict of evaluateCheck, after checking that the status-only path (diff, monitor) on the lean snapshot agrees. */
function verdict(id: string, snapshot: Parameters<typeof evaluateCheck>[1]) {
  const r = evaluateCheck(check(id), snapshot, params, AT);
  const lean = leanSnapshot(snapshot);
  expect(checkStatus(check(id), lean, makeContext(lean, params)), `${id} status-only`).toBe(r.status);
  return r;
}

// An item gathered from several rows (a log's ACL entries, an account's groups) is whole only if
// its rows are: a check identifying the item (by-identity: the System log is there) must still
// not pass on the entries left when the rows after the cut may have held more of them.
describe("a CSV export cut inside one item's rows", () => {
  it('eventlog-acl.csv cut after the System log\'s third entry (BUILTIN\\Users lost): AUDIT-LOG-PERMISSIONS is not collected, naming the file and line, not passed', async () => {
    const r = await cutAfterRow('eventlog-acl.csv', 9, false);
    const system = r.snapshot.audit?.logFiles?.find((l) => l.name === 'System');
    expect(system?.accessPrincipals).not.toContain('BUILTIN\\Users'); // the offending entry is really gone
    const res = verdict('AUDIT-LOG-PERMISSIONS', r.snapshot);
    expect(res.status).toBe('not-collected');
    // The item, its list and its field by the wording's names; the file and line (evidence) kept.
    expect(JSON.stringify(res)).toMatch(/System, one of the event log files: Principals with access hold only part of the list: eventlog-acl\.csv \(may be cut short: its last line \(10\) has no line break/);
  });

  it('the same rows in a whole file (ending with its line break) are the whole ACL: AUDIT-LOG-PERMISSIONS passes', async () => {
    const r = await cutAfterRow('eventlog-acl.csv', 9, true);
    expect(verdict('AUDIT-LOG-PERMISSIONS', r.snapshot).status).toBe('pass');
  });

  it('a fail found in the rows read stays a fail: cut after BUILTIN\\Users on the System log, AUDIT-LOG-PERMISSIONS fails', async () => {
    const files = mr01Files();
    const text = files.get('eventlog-acl.csv')!.toString('utf8');
    files.set('eventlog-acl.csv', Buffer.from(text.replace(/\r\n$/, ''), 'utf8'));
    const dir = materialiseDevice(files);
    made.push(dir);
    const r = await ingestFolder(dir);
    expect(r.warnings.some((w) => /eventlog-acl\.csv: .*last line \(11\) has no line break/.test(w))).toBe(true);
    const res = verdict('AUDIT-LOG-PERMISSIONS', r.snapshot);
    expect(res.status).toBe('fail');
    expect(JSON.stringify(res)).toMatch(/BUILTIN\\\\Users/);
  });

  it("local-group-members.csv cut before radtech's Administrators row: the clinical account's groups (Users only) do not pass 'contains none of the administrator groups'; a fail in the rows read stays a fail", async () => {
    // The accounts list itself is whole (local-users.csv): only each account's groups may lack rows.
    const rule = check('ROLE-CLINICAL-NOT-ADMIN').test.tests![0]!; // every clinical account: groups contain no administrators group
    // radtech alone (the other clinical accounts' rows are not in this file), by the groups' names.
    const byName = { ...rule, where: [...rule.where!, { operator: 'equals', field: 'name', expected: 'radtech' }], tests: rule.tests!.filter((t) => t.field === 'groups') } as typeof rule;
    const judge = async (extraRows: string[], lineBreak: boolean) => {
      const files = mr01Files();
      const rows = ['"Group","Name","SID","PrincipalSource","ObjectClass"', '"Users","MR01-CONSOLE\\radtech","S-1-5-21-3623811015-3361044348-30300820-1001","Local","User"', ...extraRows];
      files.set('local-group-members.csv', Buffer.from(`\uFEFF${rows.join('\r\n')}${lineBreak ? '\r\n' : ''}`, 'utf8'));
      const dir = materialiseDevice(files);
      made.push(dir);
      const s = (await ingestFolder(dir)).snapshot;
      expect(s.access?.accounts?.find((a) => a.name === 'radtech')?.role).toBe('clinical');
      return evaluateTest(byName, s, makeContext(s, params));
    };
    const cut = await judge([], false);
    expect(cut.status).toBe('not-collected');
    expect(JSON.stringify(cut.reasons)).toMatch(/holds only part of the list: local-group-members\.csv \(may be cut short: its last line \(2\)/);
    expect((await judge([], true)).status).toBe('pass');
    expect((await judge(['"Administrators","MR01-CONSOLE\\radtech","S-1-5-21-3623811015-3361044348-30300820-1001","Local","User"'], false)).status).toBe('fail');
  });
});
