// A control is partially assessed for one of four reasons (assess/controls.ts partialWhys): objectives
// left to the assessor, parameters nobody defined, requirements a --profile adds, checks that did not
// apply on some device (not applicable is no evidence). The AR's result, the PDF's executive summary
// and manual section, the CLI and drift's summary each count them; here the counts are read from the
// AR's own control findings (support/partial-whys.ts), for the two reasons no sample run showed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { whyCounts, whysFromAr, type ArWhys } from './support/partial-whys.js';
import { describeWithShared, rev5 } from './support/shared.js';
import { partialNeedsText, partialWhyText } from '../src/assess/controls.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-02T18:00:00Z';
const SYSTEM = join(ROOT, 'samples/system.yaml');
const { dir, cli } = cliScratch('ato-partial-every-why-');
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** The AR's counts in the words every document uses (the counts are the AR's; the words, the one wording). */
const said = (w: ArWhys) => partialWhyText(whyCounts(w), w.partial.length);

/** assess of `input` with the PDF; the AR's result, the PDF's text and the CLI's summary. */
async function assess(name: string, input: string, extra: string[] = []): Promise<{ result: Json; pdf: string; stderr: string }> {
  const r = cli(['assess', input, '--out', name, '--system', SYSTEM, '--now', NOW, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const result = JSON.parse(readFileSync(join(dir(), name, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
  const pdf = flat((await pdfPageTexts(join(dir(), name, 'evidence-package.pdf'))).join('\n'));
  return { result, pdf, stderr: flat(r.stderr) };
}

/** The AR's description, the PDF's executive summary and manual section, and the CLI say the AR's counts. */
function expectSaidEverywhere(run: { result: Json; pdf: string; stderr: string }, w: ArWhys): void {
  const text = said(w);
  expect(flat(run.result.description as string)).toContain(`${w.partial.length} partially assessed (nothing failed, but not all is shown: ${text};`);
  expect(run.pdf).toContain(`${w.partial.length} controls are partially assessed (nothing failed, but not all is shown: ${text}).`);
  expect(run.pdf).toContain(`${w.partial.length} assessed controls are only partially assessed: nothing failed, but not all is shown (${text}).`);
  expect(run.stderr).toContain(`Partially assessed (nothing failed, but not all is shown: ${text}):`);
  // The manual section names what they still need for the reasons they have, and no other.
  expect(run.pdf).toContain(`what each control still needs (${partialNeedsText(whyCounts(w))}) is listed`);
}

describe('a control whose checks did not apply on a device (ia-3 on LAB-01: no DICOM peers)', () => {
  it('is counted as such, not among objectives left, in the AR, the PDF and the CLI alike', async () => {
    const run = await assess('lab', join(ROOT, 'samples/LAB-01/LAB-01_2026-11-02.json'));
    const w = whysFromAr(run.result);
    // Premises, from the AR: ia-3 is partial because its checks did not apply, and for nothing else.
    expect(w.notApplied).toContain('ia-3');
    expect(w.left).not.toContain('ia-3');
    expect(w.notApplied.length).toBeLessThan(w.partial.length);
    expectSaidEverywhere(run, w);
    // The CLI names ia-3's leaf for why it is left, not as an objective left to the assessor.
    expect(run.stderr).toMatch(/ia-3 \(\d+ objectives? whose checks did not apply on every device\)/);
    expect(run.stderr).not.toMatch(/ia-3 \(\d+ objectives? left to the assessor/);
    // The SSP's link to ia-3's findings names why it is partial, as the AR's finding does.
    const req = (JSON.parse(readFileSync(join(dir(), 'lab/ssp.json'), 'utf8'))['system-security-plan']['control-implementation']['implemented-requirements'] as Json[]).find((x) => x['control-id'] === 'ia-3')!;
    const link = flat(((req.links as Json[]) ?? []).map((l) => l.text as string).join(' '));
    expect(link).toMatch(/partially assessed, so not satisfied \(nothing failed; not all is shown: \d+ objectives? whose checks did not apply on every device\)/);
    expect(link).not.toContain('objectives left to the assessor');
    // --json gives each partial control's reasons: ia-3's is the one the AR shows.
    const j = cli(['assess', join(ROOT, 'samples/LAB-01/LAB-01_2026-11-02.json'), '--out', 'lab-json', '--system', SYSTEM, '--now', NOW, '--no-pdf', '--json']);
    expect(j.code, j.stderr).toBe(0);
    const partial = (JSON.parse(j.stdout).partialControls as Json[]);
    expect(partial.map((c) => c.control)).toEqual(w.partial);
    expect(partial.find((c) => c.control === 'ia-3')?.partialWhys).toEqual(['not-applied']);
  }, 120_000);
});

describe('drift counts both sides\' partially assessed controls by why, as each side\'s AR does', () => {
  it('LAB-01 10-05 → 11-02 (assess folders): drift.md and the monitoring PDF say before and now', async () => {
    const side = (day: string): Json => {
      const r = cli(['assess', join(ROOT, `samples/LAB-01/LAB-01_2026-${day}.json`), '--out', `pkg-${day}`, '--system', SYSTEM, '--now', `2026-${day}T18:00:00Z`, '--no-pdf']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(readFileSync(join(dir(), `pkg-${day}`, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
    };
    const wo = whysFromAr(side('10-05'));
    const wn = whysFromAr(side('11-02'));
    // Premises: both sides have partial controls, counted differently (so "before" is not "now" again).
    expect(wo.partial.length).toBeGreaterThan(0);
    expect(wn.partial.length).toBeGreaterThan(0);
    expect(said(wo)).not.toBe(said(wn));
    const d = cli(['diff', 'pkg-10-05', 'pkg-11-02', '--out', 'drift', '--system', SYSTEM, '--now', NOW]);
    expect(d.code, d.stderr).toBe(0);
    const md = flat(readFileSync(join(dir(), 'drift/drift.md'), 'utf8'));
    expect(md).toContain(`${wo.partial.length} → ${wn.partial.length} partially assessed, now ${said(wn)}; before ${said(wo)})`);
    const mpdf = flat((await pdfPageTexts(join(dir(), 'drift/monitoring-report.pdf'))).join('\n'));
    expect(mpdf).toContain(`${wo.partial.length} partially assessed before (${said(wo)}), ${wn.partial.length} now (${said(wn)})`);
  }, 120_000);
});

describeWithShared('a control with a requirement the --profile adds (ac-11 on MR-02, every screen-lock check passing)', () => {
  it('is counted as such in the AR, the PDF and the CLI alike', async () => {
    const profile = join(dir(), 'profile.json');
    writeFileSync(profile, JSON.stringify({
      profile: {
        uuid: '0d1c1b4e-4f0e-4a51-9d2b-6a8b3e2f1c02',
        metadata: { title: 'Added requirement', 'last-modified': '2026-10-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' },
        imports: [{ href: rev5.resolved('MODERATE'), 'include-all': {} }],
        // ac-11_odp.01 made as SCREEN-LOCK-TIMEOUT shows it, so its selection leaves nothing of ac-11 in
        // part. (ac-7 stood here until its lockout checks became in part: the built-in Administrator's
        // exemption and the vendor application's logons are left to the assessor.)
        modify: { 'set-parameters': [{ 'param-id': 'ac-11_odp.01', values: ['initiating a device lock after 15 minutes of inactivity'] }], alters: [{ 'control-id': 'ac-11', adds: [{ position: 'ending', parts: [{ id: 'ac-11_smt.org', name: 'item', props: [{ name: 'label', value: 'org.' }], prose: 'The device lock of every imaging console is tested by the ISSO every quarter.' }] }] }] },
      },
    }));
    const run = await assess('profiled', join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), ['--profile', profile]);
    const w = whysFromAr(run.result);
    // Premise, from the AR: ac-11 is partial for the requirement the profile adds, and for nothing else.
    expect(w.added).toEqual(['ac-11']);
    expect(w.left).not.toContain('ac-11');
    expectSaidEverywhere(run, w);
    // The terminal names the first 8 partially assessed controls (others, in part for objectives
    // their checks leave out, may come before ac-11): it counts ac-11's reason, and never gives it
    // objectives left.
    expect(run.stderr).toContain('1 with requirements the profile adds that no check shows');
    expect(run.stderr).not.toMatch(/ac-11 \(\d+ objectives? left/);
  }, 120_000);
});
