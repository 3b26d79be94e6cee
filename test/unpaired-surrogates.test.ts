// A console's text can hold what no output can carry: a surrogate without its pair (JSON.parse
// accepts "\ud800") and the noncharacters U+FFFE, U+FFFF (not allowed in XML). Every output shows
// them as \u{D800}, \u{FFFE}, as it shows a control character: the CKL stays valid against DISA's
// schema, no JSON output holds a lone "\ud800" escape (strict readers refuse it), and the PDF reads
// the same text instead of dropping the character.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runExport } from '../src/export/run.js';
import { requireTool } from './support/clients.js';
import { ROUND2, sample } from './support/drift.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { requireShared, sharedPath } from './support/shared.js';

const HOSTILE = 'F\ufffeG\uffffH\ud800I\udfffJ';
const SHOWN = 'F\\u{FFFE}G\\u{FFFF}H\\u{D800}I\\u{DFFF}J';
/** What no output may hold: a lone surrogate (raw or as a JSON escape), U+FFFE, U+FFFF, or U+FFFD put in their place. */
const UNCARRIED = /[\ud800-\udfff\ufffe\uffff\ufffd]|\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
const NOW = '2026-11-10T00:00:00Z';

describe('unpaired surrogates and noncharacters in a console\'s text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ato-unpaired-'));
  const pkg = join(dir, 'pkg');
  beforeAll(async () => {
    const s = sample('MR-01', ROUND2);
    s.access!.logonBanner = { caption: `cap ${HOSTILE}`, text: `text ${HOSTILE}` };
    s.device.location = `room ${HOSTILE}`;
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'MR-01.json'), JSON.stringify(s));
    await runAssess({ inputs: [join(dir, 'in')], out: pkg, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', jobs: 1 });
    for (const format of ['ckl', 'cklb', 'hdf'] as const) await runExport({ format, pkg, out: join(dir, format), force: false, toolVersion: 'test', now: NOW });
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the assessment results, POA&M, results.csv, CKL, CKLB and HDF show them escaped, and hold none of them', () => {
    const files = ['assessment-results.json', 'poam.json', 'results.csv'].map((f) => join(pkg, f)).concat([join(dir, 'ckl', 'MR-01.ckl'), join(dir, 'cklb', 'MR-01.cklb'), join(dir, 'hdf', 'hdf.json')]);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // A JSON file writes the shown text's backslashes doubled.
      expect(text, f).toContain(f.endsWith('.csv') || f.endsWith('.ckl') ? SHOWN : JSON.stringify(SHOWN).slice(1, -1));
      expect(text, f).not.toMatch(UNCARRIED);
    }
  });

  it('the CKL is valid against DISA\'s checklist schema', (ctx) => {
    requireShared(ctx);
    requireTool(ctx, 'xmllint', 'libxml2-utils');
    const r = spawnSync('xmllint', ['--noout', '--schema', sharedPath('interop', 'checklist', 'U_Checklist_Schema_V2.xsd'), join(dir, 'ckl', 'MR-01.ckl')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('the PDF shows the banner with them escaped, none dropped', async () => {
    const text = (await pdfPageTexts(join(pkg, 'evidence-package.pdf'))).join('\n').replace(/\s+/g, '');
    expect(text).toContain(`cap${SHOWN}`);
  });
});
