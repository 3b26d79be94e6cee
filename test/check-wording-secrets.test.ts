// A secret pasted into the check wording (check-wording.yaml beside --checks) is masked as the file
// is read, like check titles and descriptions (src/catalog/load-checks.ts): the reports built from
// the wording (results.csv, the AR, the POA&M, the PDF) never show it, and the text around it stays.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';

const root = new URL('..', import.meta.url).pathname;
const SECRET = 'Zq9wordingSecretMk7';

const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-wording-secret-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check wording is masked as read', () => {
  it('a password in a "setting" and in a "values" name reaches no report; the wording around it does', async () => {
    const cfg = join(dir, 'cfg');
    cpSync(join(root, 'controls', 'checks.yaml'), join(cfg, 'checks.yaml'));
    const original = readFileSync(join(root, 'controls', 'check-wording.yaml'), 'utf8');
    const wording = original
      .replace('setting: Windows Defender Firewall state', `setting: Firewall state, FSE login Password=${SECRET} for the vendor`)
      .replace('values: {block: Block, allow: Allow}', `values: {block: Block, allow: 'Allow, see token=${SECRET}2'}`);
    expect(wording).not.toBe(original);
    writeFileSync(join(cfg, 'check-wording.yaml'), wording);
    const out = join(dir, 'out');
    await runAssess({ inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', checks: join(cfg, 'checks.yaml'), pdf: true });
    expect(filesUnder(out).filter((f) => readFileSync(f).includes(SECRET))).toEqual([]);
    // Masked, not dropped: the row for FW-ENABLED still words the setting.
    const csv = readFileSync(join(out, 'results.csv'), 'utf8');
    expect(csv).toContain('Firewall state, FSE login Password=[REDACTED] for the vendor');
    expect(csv).toContain('(Inbound connections (default action): Allow, see token=[REDACTED])');
  }, 120_000);
});
