// The exports read the devices from the package's SSP (the results and the POA&M reference them
// by uuid, issue 12 item 7), and still read a package of an earlier version whose results defined
// them locally.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { openVerifiedPackage } from '../src/export/package.js';
import { readPackageResults } from '../src/export/results.js';
import { sealFolder } from '../src/seal/seal.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-28T12:00:00Z';
const checks = loadCatalog().checks;
let dir: string;

const devicesOf = (pkgDir: string) => {
  const r = readPackageResults(openVerifiedPackage(pkgDir), checks, dir);
  try {
    return r.devices.map((d) => ({ id: d.id, collectedAt: d.collectedAt, model: d.model, evidence: d.evidenceHref }));
  } finally {
    r.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-export-inv-'));
  await runAssess({ inputs: [join(root, 'samples')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export reads the devices', () => {
  it("from the SSP's inventory items, with each one's collection time from its evidence resource", () => {
    const got = devicesOf(join(dir, 'pkg'));
    const ssp = JSON.parse(readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8'))['system-security-plan'];
    const ids = ssp['system-implementation']['inventory-items'].map((i: Json) => i.props.find((p: Json) => p.name === 'asset-id').value).sort();
    expect(got.map((d) => d.id).sort()).toEqual(ids);
    expect(ids).toEqual(['CT-01', 'LAB-01', 'MR-01', 'MR-02', 'US-01']);
    const us01 = got.find((d) => d.id === 'US-01')!;
    expect(us01.collectedAt).toBe(JSON.parse(readFileSync(join(root, 'samples/US-01/US-01_2026-09-07.json'), 'utf8')).collectedAt);
    expect(us01.evidence).toMatch(/^evidence\/US-01_/);
  });

  it('from the results\' own inventory items in a package of an earlier version (no ssp.json)', () => {
    // An older package: the results defined the devices locally (with their collection time) and
    // there is no SSP to read. Rewritten from the new one, then sealed again.
    const old = join(dir, 'old');
    const src = join(dir, 'pkg');
    const ar = JSON.parse(readFileSync(join(src, 'assessment-results.json'), 'utf8'));
    const ssp = JSON.parse(readFileSync(join(src, 'ssp.json'), 'utf8'))['system-security-plan'];
    const resources = ar['assessment-results']['back-matter'].resources as Json[];
    const items = (ssp['system-implementation']['inventory-items'] as Json[]).map((i) => {
      const res = resources.find((r) => r.props.some((p: Json) => p.name === 'inventory-item-uuid' && p.value === i.uuid))!;
      const collected = res.props.find((p: Json) => p.name === 'snapshot-collected').value;
      res.props = res.props.filter((p: Json) => !['inventory-item-uuid', 'snapshot-collected'].includes(p.name));
      const { 'implemented-components': _c, ...item } = i;
      return { ...item, props: [...item.props, { ...res.props.find((p: Json) => p.name === 'device-id'), name: 'snapshot-collected', value: collected }] };
    });
    ar['assessment-results'].results[0]['local-definitions']['inventory-items'] = items;
    cpSync(src, old, { recursive: true });
    rmSync(join(old, 'manifest.json'));
    rmSync(join(old, 'ssp.json'));
    writeFileSync(join(old, 'assessment-results.json'), JSON.stringify(ar, null, 2));
    sealFolder(old, { createdAt: NOW, tool: 'ato-evidence test' });
    const got = devicesOf(old);
    expect(got).toEqual(devicesOf(src));
  });
});
