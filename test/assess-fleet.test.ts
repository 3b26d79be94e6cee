// A synthetic fleet larger than the samples: the paths that only matter at scale (findings that
// name the first 50 failures, risks that list all, observations copied from the spool) still give
// valid OSCAL with every relation resolved.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { syntheticDeviceId, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { verifyFolder } from '../src/seal/seal.js';
import { readPdf } from './support/pdf-layout.js';

type Json = Record<string, any>;
const COUNT = 120;
let dir: string;
let ar: Json;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-fleet-'));
  mkdirSync(join(dir, 'fleet'));
  for (let i = 0; i < COUNT; i++) writeFileSync(join(dir, 'fleet', `${i}.json`), JSON.stringify(syntheticSnapshot(i), null, 2));
  await runAssess({ inputs: [join(dir, 'fleet')], out: join(dir, 'pkg'), force: false, baseline: 'high', now: '2026-11-28T00:00:00Z', toolVersion: 'test' });
  ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithShared('a 120-device fleet', () => {
  it('validates against the 1.1.3 schema and the producer rules', () => {
    expect(validateOscal(ar, '1.1.3')).toEqual([]);
    const readFile = (rel: string) => {
      try {
        return readFileSync(join(dir, 'pkg', rel));
      } catch {
        return undefined;
      }
    };
    expect(checkProducerRules(ar, { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true, readFile })).toEqual([]);
  });
});

describe('a 120-device fleet', () => {
  it("the result's description gives the collection window, not every device, which its back-matter resources hold", () => {
    const result = ar['assessment-results'].results[0];
    // The window computed from the inputs themselves.
    const times = Array.from({ length: COUNT }, (_, i) => syntheticSnapshot(i).collectedAt as string).sort((x, y) => Date.parse(x) - Date.parse(y));
    expect(result.description).toContain(`collected between ${times[0]} and ${times[COUNT - 1]}`);
    expect(result.description).not.toContain(syntheticDeviceId(0));
    const resources = ar['assessment-results']['back-matter'].resources as Json[];
    const deviceIds = new Set(resources.flatMap((r) => r.props.filter((p: Json) => p.name === 'device-id').map((p: Json) => p.value)));
    expect(deviceIds.size).toBe(COUNT);
  });

  it('a finding names the first 50 failures and says how many more; its risk lists every failing device', () => {
    const result = ar['assessment-results'].results[0];
    const big = result.findings.find((f: Json) => /and \d+ more \(the related risk lists every one\)/.test(f.description));
    expect(big, 'some control fails on more than 50 device/check pairs').toBeDefined();
    const more = Number(/and (\d+) more/.exec(big.description)![1]);
    const named = big.description.split(/Failed on \d+ device\(s\): /)[1].split(' and ')[0].split(', ');
    expect(named).toHaveLength(50);
    // One risk per failing check (weakness); together they relate to every failing device/check pair.
    const risks = big['related-risks'].map((x: Json) => result.risks.find((r: Json) => r.uuid === x['risk-uuid']));
    expect(risks.reduce((n: number, r: Json) => n + r['related-observations'].length, 0)).toBe(50 + more);
    for (const r of risks) {
      const listed = r.statement.split('\n').filter((l: string) => l.startsWith('- SYN-')).length;
      const beyond = Number(/- and (\d+) more device/.exec(r.statement)?.[1] ?? 0);
      expect(listed + beyond).toBe(r['related-observations'].length);
    }
  });
});

describe('the package of a 120-device fleet', () => {
  it('lists every device in devices.csv, which manifest.json seals and the PDF attaches; the seal verifies', async () => {
    const rows = parseCsv(readFileSync(join(dir, 'pkg/devices.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.device)).toEqual(Array.from({ length: COUNT }, (_, i) => syntheticDeviceId(i)));
    expect(rows).toHaveLength(COUNT);
    const manifest = JSON.parse(readFileSync(join(dir, 'pkg/manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    expect(manifest.files.map((f) => f.path)).toContain('devices.csv');
    expect(verifyFolder(join(dir, 'pkg'), {}).ok).toBe(true);
    const { pdf } = await readPdf(readFileSync(join(dir, 'pkg/evidence-package.pdf')));
    try {
      const names = Object.values(((await pdf.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>).map((a) => a.filename);
      expect(names).toContain('devices.csv');
      // The evidence copies are folded into one row of Appendix C: their listing is attached.
      expect(names).toContain('manifest-evidence.csv');
    } finally {
      await pdf.destroy();
    }
  });
});
