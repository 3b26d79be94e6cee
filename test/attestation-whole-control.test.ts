// An attestation that names no objectives covers every objective of its control (docs/attestations.md,
// a deliberate rule). The sample's at-2 attestation (an LMS roster of one course) thereby made all
// ten AT-2 objectives satisfied, lessons learned and content updates included, and nothing in the
// package said the breadth came from the rule rather than from its evidence. The verdict is kept;
// the command line, the results' finding and the PDF now say it.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { attestationsYaml, odpParamsJson } from './support/attestations.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let result: Json;
let text: string;
const warnings: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-whole-control-'));
  copyFileSync(join(root, 'samples', 'attestations', 'at-2-awareness-roster-2026.md'), join(dir, 'evidence.md'));
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([
    { control: 'at-2', when: '2026-09-15', expires: '2027-09-14', reviewed: '2026-10-01' },
  ]) + '  - control: at-3\n    statement: Role-based training before access.\n    who: { name: Dana Whitfield, role: Manager }\n    when: 2026-08-20\n    expires: 2027-08-19\n    method: EXAMINE\n    evidence: evidence.md\n    objectives: [at-3_obj.a.1-1]\n    reviewed-by: { name: Tomás Ibarra, when: 2026-10-01 }\n');
  // at-2's ODPs defined: the attestation taken whole is what this is about (undefined ones: attestation-odps.test.ts).
  writeFileSync(join(dir, 'odps.json'), odpParamsJson(['at-2']));
  const out = join(dir, 'pkg');
  await runAssess({
    inputs: [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z',
    attestations: join(dir, 'attestations.yaml'), params: join(dir, 'odps.json'), warn: (m) => warnings.push(m),
  });
  result = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  text = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a control satisfied by an attestation that names no objectives', () => {
  it('stays satisfied, and the warning, the finding and the PDF say the attestation was taken for all its objectives', () => {
    const at2 = result.findings.find((f: Json) => f.target['target-id'] === 'at-2_obj');
    expect(at2.target.status.state).toBe('satisfied');
    expect(at2.description).toMatch(/an attestation that names no objectives and is therefore taken for all 10 of them/);
    expect(warnings.some((w) => /attestation of at-2 by Dana Whitfield .* names no objectives: it is taken for all 10 assessment objectives of at-2/.test(w))).toBe(true);
    expect(text).toContain('An attestation names no objectives and is taken for all 10 of them.');
    // at-3's attestation names its objective: nothing to say of it.
    expect(warnings.some((w) => /attestation of at-3/.test(w))).toBe(false);
  });
});
