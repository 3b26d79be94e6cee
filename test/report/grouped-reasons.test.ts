// A fleet (more than 25 devices: the PDF groups its results) where one check is not collected on
// some devices because a value read is masked as a secret, and on others because two of the
// console's effective exports disagree, on five devices about one value and on five about another.
// The plain wording of a dispute is "not collected (the values read do not show it; see the
// reason)", the same whatever the values: the PDF must give the reason, and must not put devices
// with different reasons in one group (a group stating one reason for devices with another, or
// none at all, tells the reader nothing true).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../../src/assess/run.js';
import { pdfPageTexts } from '../support/pdf-text.js';

type Json = Record<string, any>;
const POINTER = '/access/lockoutPolicy/local/threshold';
const id = (i: number) => `MRX-${String(i).padStart(2, '0')}`;
/** Devices 0-9: the threshold masked; 10-14: net-accounts.txt says 10; 15-19: it says 12; 20-29: as the sample; 30-32: as the sample, collected three months earlier (stale). */
const kind = (i: number) => (i < 10 ? 'masked' : i < 15 ? 'disputed-10' : i < 20 ? 'disputed-12' : i < 30 ? 'plain' : 'stale');
let dir: string;
let ar: Json;
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-reasons-'));
  mkdirSync(join(dir, 'in'));
  const sample = JSON.parse(readFileSync(new URL('../../samples/MR-02/MR-02_2026-11-02.json', import.meta.url), 'utf8')) as Json;
  for (let i = 0; i < 33; i++) {
    const s = structuredClone(sample);
    s.device.id = id(i);
    s.device.serial = `SER-${i}`;
    if (kind(i) === 'stale') s.collectedAt = '2026-08-03T10:00:00Z';
    if (kind(i) === 'masked') s.access.lockoutPolicy.local.threshold = '[REDACTED]';
    if (kind(i).startsWith('disputed')) {
      const p = s.provenance[POINTER];
      p.rule = `${p.rule ? `${p.rule}; ` : ''}the console's own effective exports disagree: ${p.file} says ${s.access.lockoutPolicy.local.threshold}, MR-02_2026-11-02/net-accounts.txt (line 6) says ${kind(i).slice(9)}`;
    }
    writeFileSync(join(dir, 'in', `${id(i)}.json`), JSON.stringify(s));
  }
  await runAssess({ inputs: [join(dir, 'in')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', warn: () => {} });
  ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'];
  text = (await pdfPageTexts(join(dir, 'pkg/evidence-package.pdf'))).join('\n');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('results not collected for different reasons, at fleet scale', () => {
  it('the AR and the PDF each group them apart, and the PDF gives each group its reason', () => {
    const props = (o: Json) => Object.fromEntries((o.props ?? []).map((p: Json) => [p.name, p.value]));
    // Each device's snapshot resource names its inventory item (the subjects' uuid) and its id.
    const deviceOf = new Map<string, string>((ar['back-matter'].resources as Json[]).filter((r) => props(r)['device-id']).map((r) => [props(r)['inventory-item-uuid'], props(r)['device-id']]));
    const groups = (ar.results[0].observations as Json[]).filter((o) => props(o)['check-id'] === 'LOCKOUT-THRESHOLD');
    // Premise: the AR states each reason for exactly the devices it is true of.
    const byReason = groups.map((o) => ({ reason: props(o)['not-collected-reason'] as string | undefined, kinds: new Set(o.subjects.map((s: Json) => kind(Number(deviceOf.get(s['subject-uuid'])!.slice(4))))) }));
    expect(byReason.map((g) => [...g.kinds].join()).sort()).toEqual(['disputed-10', 'disputed-12', 'masked', 'plain', 'stale']);
    const reasonOf = (k: string) => byReason.find((g) => g.kinds.has(k))!.reason!;
    expect(reasonOf('masked')).toMatch(/masked as a secret/);
    expect(reasonOf('disputed-10')).toMatch(/effective exports disagree.*says 10\)/);
    expect(reasonOf('disputed-12')).toMatch(/effective exports disagree.*says 12\)/);

    // The PDF: one row of LOCKOUT-THRESHOLD not collected per reason, naming its devices only
    // (a group row reads: devices, what was found, the reason, what is required).
    const rows = [...text.matchAll(/(\d+) device\(s\) (\S+) Account lockout threshold: not collected \([^)]*\)\.( Reason: .*?)? Required:/g)].map((m) => ({ count: Number(m[1]), devices: m[2], reason: m[3] ?? '' }));
    const row = (devices: string) => rows.find((r) => r.devices === devices);
    expect(rows.map((r) => r.devices).sort()).toEqual(['MRX-00–MRX-09', 'MRX-10–MRX-14', 'MRX-15–MRX-19']);
    expect(row('MRX-00–MRX-09')).toMatchObject({ count: 10, reason: ` Reason: ${reasonOf('masked')}` });
    expect(row('MRX-10–MRX-14')).toMatchObject({ count: 5, reason: ` Reason: ${reasonOf('disputed-10')}` });
    expect(row('MRX-15–MRX-19')).toMatchObject({ count: 5, reason: ` Reason: ${reasonOf('disputed-12')}` });
  });

  it('a fail on stale evidence is its own group, marked stale, in the PDF as in the AR', () => {
    const props = (o: Json) => Object.fromEntries((o.props ?? []).map((p: Json) => [p.name, p.value]));
    // Premise: OS-MEDIA-EXPORT fails on every device; the AR keeps the stale ones apart.
    const groups = (ar.results[0].observations as Json[]).filter((o) => props(o)['check-id'] === 'OS-MEDIA-EXPORT');
    expect(groups.map((o) => [props(o).result, o.subjects.length, props(o)['evidence-stale'] !== undefined]).sort()).toEqual([['fail', 3, true], ['fail', 30, false]]);
    const rows = [...text.matchAll(/OS-MEDIA-EXPORT ✗ fail( on stale evidence \(see Evidence freshness\))? (\d+) device\(s\) (\S+) Export of patient data/g)].map((m) => ({ stale: m[1] !== undefined, count: Number(m[2]), devices: m[3] }));
    expect(rows.sort((x, y) => x.count - y.count)).toEqual([{ stale: true, count: 3, devices: 'MRX-30–MRX-32' }, { stale: false, count: 30, devices: 'MRX-00–MRX-29' }]);
  });
});
