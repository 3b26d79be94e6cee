// A console's value or an organisation's justification holding an escape sequence or a bidi override
// reaches the STIG checklists (CKL, CKLB) and HDF shown as \xNN / \u{NNNN}, as in every CSV and workbook:
// STIG Viewer and Heimdall never get a raw ESC or a right-to-left override that reorders what they show.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadStigData } from '../src/catalog/stig.js';
import { deviceVerdicts, ruleCoverage } from '../src/export/checklist.js';
import { cklDocument, cklParts } from '../src/export/ckl.js';
import { cklbParts } from '../src/export/cklb.js';
import { assetOf } from '../src/export/run.js';
import { buildHdf } from '../src/export/hdf.js';
import { StringSink, writeJsonStream } from '../src/io/json-stream.js';
import type { DeviceResult, ExportDevice } from '../src/export/results.js';
import { requireTool } from './support/clients.js';

const { checks } = loadCatalog();
const stig = loadStigData();
const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const device: ExportDevice = { uuid: '00000000-0000-4000-8000-000000000001', id: 'MR-01', collectedAt: '2026-11-02T14:00:00Z' };
const c = checks.findIndex((x) => x.id === 'LOCKOUT-THRESHOLD');
const result: DeviceResult = {
  checkId: 'LOCKOUT-THRESHOLD', status: 'fail', observed: 'evil\u202Eexe.txt \u001b]0;pwned\u0007', expected: '1 to 3', params: [],
  deviation: 'approved by A. Officer until 2027-01-01: vendor\u001b[2J limit', provenance: [{ source: '/access/lockout: policy.inf (line 3)', sha256: 'a'.repeat(64) }],
  evidence: 'Snapshot of MR-01', collected: '2026-11-02T14:00:00Z', ccis: [],
} as DeviceResult;

describe('control characters and bidi overrides in checklists and HDF', () => {
  it('a CKL/CKLB rule shows them in FINDING_DETAILS and COMMENTS', () => {
    const verdicts = deviceVerdicts(device, checks, ruleCoverage(checks, stig), stig, (i) => (i === c ? result : undefined));
    const cited = verdicts.filter((v) => v.findingDetails.includes('LOCKOUT-THRESHOLD'));
    expect(cited.length).toBeGreaterThan(0);
    for (const v of cited) {
      expect(v.findingDetails).toContain('evil\\u{202E}exe.txt \\x1B]0;pwned\\x07');
      expect(v.comments).toContain('vendor\\x1B[2J limit');
      expect(v.findingDetails).not.toMatch(RAW);
      expect(v.comments).not.toMatch(RAW);
    }
  });

  it('an HDF result shows them in its message', () => {
    const hdf = buildHdf({
      systemName: 'Test', toolVersion: 'test', devices: [device], checks,
      status: (_d, i) => (i === c ? 'fail' : undefined), result: (_d, i) => (i === c ? result : undefined),
    });
    const sink = new StringSink();
    writeJsonStream(hdf, sink);
    const doc = JSON.parse(sink.toString()) as { profiles: Array<{ controls: Array<{ id: string; results: Array<{ message?: string; code_desc: string }> }> }> };
    const [r] = doc.profiles[0]!.controls.find((x) => x.id === 'LOCKOUT-THRESHOLD')!.results;
    expect(r!.message).toContain('evil\\u{202E}exe.txt \\x1B]0;pwned\\x07');
    expect(r!.message).toContain('vendor\\x1B[2J limit');
    expect(r!.message).not.toMatch(RAW);
    expect(r!.code_desc).not.toMatch(RAW);
  });

  it('the asset section (TARGET_COMMENT, HOST_NAME) shows them too: they come from the snapshot', () => {
    const a = assetOf({ ...device, vendor: 'Acme\u202E', model: 'X\u001b[31m' }, 'mr01\u202Egpj.exe', 'Room\u0007 1');
    expect(a.targetComment).toContain('Acme\\u{202E} X\\x1B[31m');
    expect(a.targetComment).toContain('location Room\\x07 1');
    expect(a.hostName).toBe('mr01\\u{202E}gpj');
    for (const t of [a.targetComment, a.hostName, a.hostFqdn]) expect(t).not.toMatch(RAW);
  });

  it('as written: the CKL read back by libxml2 (xmllint) and the CKLB by JSON.parse show them escaped, never raw', (ctx) => {
    requireTool(ctx, 'xmllint', 'libxml2-utils');
    const verdicts = deviceVerdicts(device, checks, ruleCoverage(checks, stig), stig, (i) => (i === c ? result : undefined));
    const asset = { ...assetOf({ ...device, vendor: 'Acme\u202E', model: 'X' }, 'mr01\u202Egpj.exe', 'Room\u0007 1'), targetKey: stig.rules[0]!.targetKey };
    const vuln = verdicts.find((v) => v.findingDetails.includes('LOCKOUT-THRESHOLD'))!.rule.vulnId;
    const dir = mkdtempSync(join(tmpdir(), 'ato-ckl-chars-'));
    try {
      const ckl = join(dir, 'MR-01.ckl');
      writeFileSync(ckl, Buffer.concat(cklParts(cklDocument(asset, verdicts, stig, '00000000-0000-4000-8000-000000000002', 'test'))));
      const xpath = (expr: string) => {
        const r = spawnSync('xmllint', ['--xpath', expr, ckl], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout.replace(/\n$/, ''); // xmllint ends its output with a newline
      };
      const vulnPath = `//VULN[STIG_DATA[VULN_ATTRIBUTE="Vuln_Num" and ATTRIBUTE_DATA="${vuln}"]]`;
      const details = xpath(`string(${vulnPath}/FINDING_DETAILS)`);
      const comments = xpath(`string(${vulnPath}/COMMENTS)`);
      const target = xpath('string(//ASSET/TARGET_COMMENT)');
      expect(details).toContain('evil\\u{202E}exe.txt \\x1B]0;pwned\\x07');
      expect(comments).toContain('vendor\\x1B[2J limit');
      expect(target).toContain('location Room\\x07 1');
      expect(xpath('string(//ASSET/HOST_NAME)')).toBe('mr01\\u{202E}gpj');
      for (const t of [details, comments, target]) expect(t).not.toMatch(RAW);

      const cklb = JSON.parse(Buffer.concat(cklbParts('MR-01', asset, verdicts, stig, {
        checklist: '00000000-0000-4000-8000-000000000003', stig: '00000000-0000-4000-8000-000000000002', rule: () => '00000000-0000-4000-8000-000000000004',
      })).toString('utf8')) as { target_data: { comments: string; host_name: string }; stigs: Array<{ rules: Array<{ group_id: string; finding_details: string; comments: string }> }> };
      const rule = cklb.stigs[0]!.rules.find((r) => r.group_id === vuln)!;
      expect(rule.finding_details).toContain('evil\\u{202E}exe.txt \\x1B]0;pwned\\x07');
      expect(rule.comments).toContain('vendor\\x1B[2J limit');
      expect(cklb.target_data.host_name).toBe('mr01\\u{202E}gpj');
      for (const t of [rule.finding_details, rule.comments, cklb.target_data.comments, cklb.target_data.host_name]) expect(t).not.toMatch(RAW);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
