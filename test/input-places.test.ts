// Where the option files lie is no part of any document: the same snapshots, deviations,
// attestations, params, system description and capabilities, copied into two folders and named by
// absolute paths, give byte-identical AR, POA&M, SSP, results.csv, PDF text and drift.json, and the
// same monitor run id. An option file is named by its own name (display-path.ts inputFileName).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import { runMonitor } from '../src/monitor/run.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
const DOCS = ['assessment-results.json', 'poam.json', 'ssp.json', 'results.csv'];
let dir: string;

/** fleet/, old/, new/ and the option files under `base`; the option files named as the run names them. */
function lay(base: string) {
  for (const f of ['fleet', 'old', 'new']) mkdirSync(join(base, f), { recursive: true });
  for (const id of ['MR-01', 'CT-01']) {
    cpSync(join(root, 'samples', id, `${id}_2026-11-02.json`), join(base, 'fleet', `${id}.json`));
    cpSync(join(root, 'samples', id, `${id}_2026-10-05.json`), join(base, 'old', `${id}.json`));
    cpSync(join(root, 'samples', id, `${id}_2026-11-02.json`), join(base, 'new', `${id}.json`));
  }
  // A deviation that comes due a few days after the drift's clock: drift.json's due list names its source.
  const deviations = readFileSync(join(root, 'samples', 'deviations.csv'), 'utf8').replace('2027-06-30', '2026-11-25');
  writeFileSync(join(base, 'deviations.csv'), deviations);
  for (const f of ['attestations.yaml', 'system.yaml', 'vendor-capabilities.yaml']) cpSync(join(root, 'samples', f), join(base, f));
  cpSync(join(root, 'samples/attestations'), join(base, 'attestations'), { recursive: true });
  writeFileSync(join(base, 'org-params.csv'), 'parameter,value\nlockout-threshold-max,3\n');
  return {
    deviations: join(base, 'deviations.csv'), attestations: join(base, 'attestations.yaml'), system: join(base, 'system.yaml'),
    params: join(base, 'org-params.csv'),
  };
}

const places = () => [join(dir, 'tmp-copy'), join(dir, 'home', 'alice', 'exports', 'november')];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-input-places-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documents name no folder an option file lies in', () => {
  it('assess: the same inputs in two folders give byte-identical AR, POA&M, SSP, results.csv and PDF text', async () => {
    const outs: string[] = [];
    for (const [i, base] of places().entries()) {
      const files = lay(base);
      const out = join(dir, `pkg-${i}`);
      await runAssess({ inputs: [join(base, 'fleet')], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', keepGoing: true, warn: () => {}, ...files, capabilities: join(base, 'vendor-capabilities.yaml') });
      outs.push(out);
    }
    const [a, b] = outs as [string, string];
    for (const f of DOCS) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    expect((await pdfPageTexts(join(b, 'evidence-package.pdf'))).join('\n')).toBe((await pdfPageTexts(join(a, 'evidence-package.pdf'))).join('\n'));
    // Each file is named, by its own name: the deviation's source, the parameter's, the capability declaration's.
    const ar = readFileSync(join(a, 'assessment-results.json'), 'utf8');
    expect(ar).toContain('deviations.csv line ');
    expect(readFileSync(join(a, 'ssp.json'), 'utf8')).toContain('params file org-params.csv (line 2)');
    for (const f of [...DOCS.map((d) => readFileSync(join(a, d), 'utf8'))]) expect(f).not.toMatch(/tmp-copy|november|alice/);
  }, 180_000);

  it('diff: the same snapshots and option files in two folders give byte-identical drift.json and drift.md', async () => {
    const got: Array<{ json: string; md: string }> = [];
    for (const [i, base] of places().entries()) {
      const files = lay(base);
      const out = join(dir, `drift-${i}`);
      await runDiff({ old: join(base, 'old'), new: join(base, 'new'), out, force: false, now: '2026-11-20T00:00:00Z', toolVersion: 'test', config: { params: files.params, deviations: files.deviations }, attestations: files.attestations, system: files.system, pdf: false });
      got.push({ json: readFileSync(join(out, 'drift.json'), 'utf8'), md: readFileSync(join(out, 'drift.md'), 'utf8') });
    }
    expect(got[1]!.json).toBe(got[0]!.json);
    expect(got[1]!.md).toBe(got[0]!.md);
    expect(got[0]!.json).toContain('deviations.csv line ');
  });

  it('monitor: the same inputs in two folders give the same run id and the same assessment results', async () => {
    const got: Array<{ run: string; ar: string }> = [];
    for (const [i, base] of places().entries()) {
      const files = lay(base);
      const out = join(dir, `mon-${i}`);
      const r = await runMonitor({ store: join(dir, `store-${i}`), inputs: [join(base, 'new')], out, force: false, now: '2026-11-20T00:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, ...files });
      got.push({ run: r.run, ar: readFileSync(join(out, 'assessment-results.json'), 'utf8') });
    }
    expect(got[1]!.run).toBe(got[0]!.run);
    expect(got[1]!.ar).toBe(got[0]!.ar);
  });

  it('monitor --keep-going: an unreadable input is reported as assess names one, never by the folders above it', async () => {
    const base = join(dir, 'home', 'bob', 'exports');
    const files = lay(base);
    writeFileSync(join(base, 'new', 'XR-01.json'), '{ "device": ');
    const out = join(dir, 'mon-unreadable');
    const r = await runMonitor({ store: join(dir, 'store-unreadable'), inputs: [join(base, 'new')], out, force: false, now: '2026-11-20T00:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, keepGoing: true, ...files });
    expect(r.unreadable.map((u) => u.input)).toEqual(['new/XR-01.json']);
    for (const f of ['drift.json', 'drift.md']) expect(readFileSync(join(out, f), 'utf8'), f).not.toContain(dir);
  });
});
