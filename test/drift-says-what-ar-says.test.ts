// drift.md says no more of a control's new state than the new run's assessment results say:
// at-2, attested whole (reviewed, none of its ODPs defined, no assessor or assessment team named),
// newly assessed in NEW, read in drift.md as a plain "satisfied", while the AR's finding of the same
// inputs adds that the reviewer is not confirmed as an assessor and names the ODPs nothing defines.
// A check that shows a listed control only in part is named as the SSP and the PDF name it.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import type { Drift } from '../src/drift/types.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { inPartOf } from '../src/catalog/types.js';
import { attestationsYaml } from './support/attestations.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
let dir: string;
let drift: Drift;
let md: string;
let ar: Json;
let reversed: { drift: Drift; md: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-ar-'));
  // OLD: the fleet on 2026-10-05; NEW: on 2026-11-02. at-2's attestation was given in between (2026-10-20):
  // not on OLD's day, so at-2 is newly assessed in NEW.
  for (const [side, day] of [['old', '2026-10-05'], ['new', '2026-11-02']] as const) {
    mkdirSync(join(dir, side));
    for (const d of ['MR-02', 'LAB-01']) copyFileSync(join(root, 'samples', d, `${d}_${day}.json`), join(dir, side, `${d}.json`));
  }
  copyFileSync(join(root, 'samples', 'attestations', 'at-2-awareness-roster-2026.md'), join(dir, 'evidence.md'));
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([{ control: 'at-2', when: '2026-10-20', expires: '2027-10-19', reviewed: '2026-10-21' }]));
  const attestations = join(dir, 'attestations.yaml');
  await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'drift'), force: false, now: NOW, toolVersion: 't', config: {}, pdf: false, attestations });
  drift = JSON.parse(readFileSync(join(dir, 'drift', 'drift.json'), 'utf8')) as Drift;
  md = readFileSync(join(dir, 'drift', 'drift.md'), 'utf8');
  // The package of NEW, with the same inputs, on the day diff judges NEW on.
  await runAssess({ inputs: [join(dir, 'new')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 't', pdf: false, attestations, warn: () => {} });
  ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  // The other way round: ac-5 and ac-6.5 go from not satisfied (LAB-01's ROLE-CLINICAL-NOT-ADMIN fails on
  // 2026-11-02) to partially assessed, by checks that show them only in part.
  await runDiff({ old: join(dir, 'new'), new: join(dir, 'old'), out: join(dir, 'reversed'), force: false, now: NOW, toolVersion: 't', config: {}, pdf: false });
  reversed = { drift: JSON.parse(readFileSync(join(dir, 'reversed', 'drift.json'), 'utf8')) as Drift, md: readFileSync(join(dir, 'reversed', 'drift.md'), 'utf8') };
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** drift.md's line for a control in "What the new states rest on". */
function basisLine(controlId: string, text = md): string {
  const md = text;
  const at = md.indexOf('## What the new states rest on');
  expect(at, 'drift.md has the section').toBeGreaterThan(0);
  const line = md.slice(at).split('\n').find((l) => l.startsWith(`- ${controlId} (`));
  expect(line, controlId).toBeDefined();
  return line!;
}

describe('an attested control newly assessed in NEW', () => {
  it('at-2: drift.md names the ODPs nothing defines and the unconfirmed reviewer, as the AR finding does', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.target.status.state).toBe('satisfied');
    const t = drift.controls.find((c) => c.controlId === 'at-2');
    expect(t?.transition).toBe('newly-assessed');
    expect(t?.new).toBe('satisfied');
    const line = basisLine('at-2');
    // The AR's sentence, word for word.
    const odps = /Organisation-defined parameters not defined: [^]*? must define for it\./.exec(f.description)?.[0];
    expect(odps).toBeDefined();
    expect(line).toContain(odps!.replace(/_/g, '\\_'));
    expect(f.description).toContain('not confirmed as an assessor');
    expect(line).toContain('not confirmed as an assessor (no assessor or assessment team named)');
  });
});

describe('a listed control a check shows only in part', () => {
  it('drift.md says which check shows a partially assessed or satisfied control in part and what it leaves out, as the SSP and the PDF do', () => {
    const checks = loadCatalog().checks;
    const listed = reversed.drift.controls.filter((c) => c.new === 'partial' || c.new === 'satisfied');
    const withInPart = listed.flatMap((c) => {
      const part = checks.filter((k) => k.controls.includes(c.controlId) && inPartOf(k, c.controlId));
      return part.length ? [{ c, part }] : [];
    });
    expect(withInPart.map((x) => x.c.controlId), 'ac-6.5 is listed, partially assessed, shown in part by its checks').toContain('ac-6.5');
    for (const { c, part } of withInPart) {
      const line = basisLine(c.controlId, reversed.md);
      for (const k of part) expect(line).toContain(`${k.id} shows ${c.controlId} in part: `);
    }
  });
});
