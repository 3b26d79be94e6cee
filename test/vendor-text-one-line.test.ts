// A console's own words (a firewall rule's name, an account's name, the model, location and host
// name) are untrusted text that the results quote in the tool's sentences. A right-to-left override
// or a line break in them reaches the AR, the POA&M, the SSP, results.csv, the PDF and the checklists
// shown in one line (the line break a space, the override as \u{202E}), never raw: no report reorders or breaks its own sentence
// ("…(TCP-In)\r\n=HYPERLINK(…)"), and the AR and the CSV say the same.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './support/cli.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { assetOf } from '../src/export/run.js';

const root = new URL('..', import.meta.url).pathname;
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = '\u202Egnp.exe\r\n=SUM(1)';
/** As a result's text quotes it: the line break a space, the override shown. */
const SHOWN = '\\u{202E}gnp.exe =SUM(1)';
/** As a checklist's one-line asset field shows it: every control shown. */
const SHOWN_ASSET = '\\u{202E}gnp.exe\\x0D\\x0A=SUM(1)';
const NOW = ['--now', '2026-11-02T18:00:00Z'];

interface Snap {
  device: Record<string, string>;
  firewall: { rules: Array<{ name: string; remoteAddresses: string[] }> };
  access: { accounts: Array<{ name: string; role: string; groups: string[]; groupSids: string[] }> };
}

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'ato-vendor-one-line-'));
  const s = JSON.parse(readFileSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Snap;
  s.device.model = `Vida${HOSTILE}`;
  s.device.location = `Suite 1${HOSTILE}`;
  // A rule open to any address (FW-REMOTE-SCOPE fails and names it), a clinical account that is an administrator.
  const rule = s.firewall.rules.find((r) => r.name.startsWith('EMS Remote Service'))!;
  rule.name = `Remote${HOSTILE}`;
  rule.remoteAddresses = ['Any'];
  const user = s.access.accounts.find((a) => a.role === 'clinical')!;
  user.name = `nurse${HOSTILE}`;
  user.groups.push('Administrators');
  user.groupSids.push('S-1-5-32-544');
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'MR-01.json'), JSON.stringify(s, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every string of a JSON document that holds the marker. */
function stringsWith(doc: unknown, marker: string, out: string[] = []): string[] {
  if (typeof doc === 'string') { if (doc.includes(marker)) out.push(doc); }
  else if (Array.isArray(doc)) for (const x of doc) stringsWith(x, marker, out);
  else if (doc && typeof doc === 'object') for (const x of Object.values(doc)) stringsWith(x, marker, out);
  return out;
}

describe("a console's text in the reports", () => {
  it('is shown in one line, the line break as a space and the override as \\u{202E}, in the AR, POA&M, SSP, CSV and PDF', async () => {
    const a = runCli(dir, ['assess', 'in', '--out', 'out', ...NOW]);
    expect(a.code, a.stderr).toBe(0);
    const json = (f: string) => JSON.parse(readFileSync(join(dir, 'out', f), 'utf8')) as unknown;
    const ar = stringsWith(json('assessment-results.json'), 'gnp.exe');
    const poam = stringsWith(json('poam.json'), 'gnp.exe');
    const ssp = stringsWith(json('ssp.json'), 'gnp.exe');
    // The failing rule and account are named (the finding is there, with its subject)...
    expect(ar.some((t) => t.includes(`Remote${SHOWN}`)), ar.join('\n')).toBe(true);
    expect(ar.some((t) => t.includes(`nurse${SHOWN}`)), ar.join('\n')).toBe(true);
    expect(poam.some((t) => t.includes(`Remote${SHOWN}`))).toBe(true);
    expect(ssp.some((t) => t.includes(`Vida${SHOWN}`))).toBe(true);
    // ...and no text of these documents holds the raw characters (the tool's own statements are
    // markup with line breaks of their own: none of those starts the console's "=SUM" line).
    for (const t of [...ar, ...poam, ...ssp]) {
      expect(t.replace(/\n/g, ' '), t).not.toMatch(UNSAFE);
      expect(t, t).not.toMatch(/^=SUM/m);
    }
    // results.csv: one record per line, the same words as the AR.
    const csv = readFileSync(join(dir, 'out', 'results.csv'), 'utf8');
    for (const line of csv.split('\r\n')) expect(line, line).not.toMatch(UNSAFE);
    expect(csv).toContain(`Remote${SHOWN}`);
    expect(csv).not.toMatch(/^[=+\-@]/m);
    const pdf = (await pdfPageTexts(join(dir, 'out', 'evidence-package.pdf'))).join('\n');
    expect(pdf).toContain('Remote\\u{202E}gnp.exe');
    // The device's own header (cover, system, device table) shows the model as the SSP does, not stripped to "Vidagnp.exe".
    expect(pdf).toContain('Vida\\u{202E}gnp.exe');
    expect(pdf).not.toContain('Vidagnp.exe');
  }, 120_000);

  it("a checklist's host name and target comment are one line: a line break in the snapshot is shown, not kept", () => {
    const a = assetOf({ uuid: '00000000-0000-4000-8000-000000000001', id: 'MR-01' }, 'mr01\r\n=cmd', `Room 1${HOSTILE}`);
    expect(a.hostName).toBe('mr01\\x0D\\x0A=cmd');
    expect(a.targetComment).toContain(`location Room 1${SHOWN_ASSET}`);
    for (const t of [a.hostName, a.hostFqdn, a.targetComment]) expect(t).not.toMatch(UNSAFE);
  });
});
