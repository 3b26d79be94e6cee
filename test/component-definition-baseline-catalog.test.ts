// component-definition --catalog <a NIST baseline's resolved catalog> was refused ("does not define
// au-9.2 …; use the full SP 800-53 rev5 catalog") where assess accepts the same catalog, reading it
// over the bundled rev5 index. Now both read it alike: the controls the catalog defines are listed
// with it as their source; those it lacks, with NIST's rev5 catalog as theirs, in a
// control-implementation of their own (never claimed to come from a catalog that lacks them), and
// a warning says so. The document stays valid OSCAL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadCatalogFile, loadControlIndex } from '../src/catalog/control-index.js';
import { NIST_REV5_CATALOG_URL } from '../src/oscal/nist-urls.js';
import { describeWithShared, sharedDir, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cd-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
type Json = Record<string, any>;

describeWithShared('component-definition --catalog with a baseline\'s resolved catalog', () => {
  for (const level of ['LOW', 'MODERATE'] as const) {
    it(`${level}: each control is listed under a source that defines it, and the document validates`, () => {
      const catalog = join(sharedDir, `oscal/nist-800-53-rev5/NIST_SP-800-53_rev5_${level}-baseline-resolved-profile_catalog-min.json`);
      const out = join(dir, `${level}.json`);
      const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'component-definition', '--model', 'Magnara Vida 3T', '--catalog', catalog, '--out', out, '--now', '2026-11-28T12:00:00Z', '--force'], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(out, 'utf8')) as Json;
      const impls: Json[] = doc['component-definition'].components[0]['control-implementations'];
      const baseline = loadCatalogFile(catalog);
      const full = loadControlIndex();
      const ids = (ci: Json) => (ci['implemented-requirements'] as Json[]).map((q) => q['control-id'] as string);
      const own = impls.find((ci) => ci.source === `NIST_SP-800-53_rev5_${level}-baseline-resolved-profile_catalog-min.json`)!;
      const nist = impls.find((ci) => ci.source === NIST_REV5_CATALOG_URL);
      for (const id of ids(own)) expect(baseline.controls[id], id).toBeDefined();
      const lacking = nist ? ids(nist) : [];
      expect(lacking.length).toBeGreaterThan(0); // the baseline lacks a control the model's checks evidence
      for (const id of lacking) {
        expect(baseline.controls[id], id).toBeUndefined();
        expect(full.controls[id], id).toBeDefined();
        expect(r.stderr).toContain(id);
      }
      expect(r.stderr).toMatch(/warning: .*listed with NIST's SP 800-53 rev5 catalog as their source/);
      expect(validateOscal(doc, '1.1.3')).toEqual([]);
    });
  }
});
