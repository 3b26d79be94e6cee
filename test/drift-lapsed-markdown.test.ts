// A control that regressed because its attestation lapsed: drift.json names the lapse (`lapsed`)
// and the monitoring PDF shows it in the control's row; drift.md's row must say it too. pl-4,
// attested alone, showed "satisfied → not-satisfied" with an empty "responsible" cell in drift.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/drift/run.js';
import type { Drift } from '../src/drift/types.js';
import { writeSampleSides } from './support/drift.js';
import { attestationsYaml, odpParamsJson } from './support/attestations.js';

const root = new URL('..', import.meta.url).pathname;
let dir: string;
let drift: Drift;
let md: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-lapsed-'));
  writeSampleSides(dir);
  writeFileSync(join(dir, 'signatures.md'), 'signed rules of behavior\n');
  // Valid on OLD's day (2026-10-05), lapsed by NEW's (2026-11-02).
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([
    { control: 'pl-4', statement: 'Console users signed the rules of behavior.', when: '2025-10-21', expires: '2026-10-20', evidence: 'signatures.md', reviewed: '2025-10-22' },
  ]));
  // pl-4's ODPs defined, so its attestation satisfies it while current: the lapse alone regresses it.
  writeFileSync(join(dir, 'odps.json'), odpParamsJson(['pl-4']));
  drift = (await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: false, now: '2026-11-02T18:00:00Z', toolVersion: 't', config: { params: join(dir, 'odps.json') }, pdf: false, attestations: join(dir, 'attestations.yaml') })).drift;
  md = readFileSync(join(dir, 'out', 'drift.md'), 'utf8');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a control regressed by a lapsed attestation', () => {
  it('pl-4 satisfied → not satisfied with no device/check responsible: drift.json names the lapse, and so does drift.md\'s regression row', () => {
    const t = drift.controls.find((c) => c.controlId === 'pl-4')!;
    expect([t.transition, t.old, t.new]).toEqual(['regressed', 'satisfied', 'not-satisfied']);
    expect(t.responsible).toEqual([]);
    expect(t.lapsed).toEqual([{ name: 'Dana Whitfield', expires: '2026-10-20' }]);
    const row = md.split('\n').find((l) => l.startsWith('| pl-4 |'))!;
    expect(row).toMatch(/satisfied → not satisfied/);
    expect(row).toContain('attestation by Dana Whitfield expired on 2026-10-20');
  });
});
