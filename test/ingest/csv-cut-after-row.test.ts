// A CSV export cut right after a whole row (the collector killed between two rows) has every field
// of every row it keeps, so nothing in the rows shows the loss; only the missing line break does:
// Export-Csv (and auditpol) end every line with CRLF. The rows lost may be the ones that fail:
// MR-01's firewall-rules.csv keeps its first four rules and loses "File and Printer Sharing
// (SMB-In)" and the DHCP rule open to Any remote address. Such a file is read as a partial
// list, so a pass that rests on the whole list is not collected.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
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
