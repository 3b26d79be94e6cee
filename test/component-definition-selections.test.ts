// The component definition names no organisation, so no selection ODP is made there: a check whose
// pass shows only some of a selection's choices (LOCKOUT-DURATION: 'lock the account or node for …'
// of ac-07_odp.03, never a lock until release, a delay or a notification) shows that objective only
// where the organisation selects those choices. The document must say so beside the check, or a
// vendor or assessor reading it takes the check for the whole objective; a check showing every
// choice (OS-USB-STORAGE: restrict and prohibit) and one whose objectives insert no selection stay whole.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-12-01T08:00:00Z';
type Json = Record<string, any>;
let dir: string;
const docs = new Map<string, Json>();
const MODELS = ['Magnara Vida 3T', 'Magnara Sola 1.5T', 'Tomora Edge 128'];

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-cd-sel-'));
  for (const model of MODELS) {
    const out = join(dir, `${model.replace(/\W+/g, '-')}.json`);
    const r = spawnSync(process.execPath, [bin, 'component-definition', '--model', model, '--out', out, '--now', NOW], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    docs.set(model, JSON.parse(readFileSync(out, 'utf8')));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const requirement = (model: string, control: string): Json => {
  const reqs: Json[] = docs.get(model)!['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'];
  const r = reqs.find((x) => x['control-id'] === control);
  if (!r) throw new Error(`${model} has no requirement for ${control}`);
  return r;
};
const checksOf = (r: Json): string[] => ((r.props as Json[]).find((p) => p.name === 'checks')?.value ?? '').split(' ');
const inPartRemarks = (r: Json, check: string): string | undefined => (r.props as Json[]).find((p) => p.name === 'check-in-part' && p.value === check)?.remarks;
const texts = (r: Json): string[] => [r.description, ...(r.statements ?? []).map((s: Json) => s.description)];
const catalogChecks = new Map(loadCatalog().checks.map((c) => [c.id, c] as const));

/** The check is named in part for the control, its why naming each selection and the choices its pass shows (from controls/checks.yaml). */
function expectSelectionInPart(model: string, control: string, check: string, odps: string[]): string {
  const r = requirement(model, control);
  expect(checksOf(r)).toContain(check);
  const remarks = inPartRemarks(r, check);
  expect(remarks, `${model} ${control} ${check}: no check-in-part prop`).toBeDefined();
  expect(remarks!.startsWith('in part: ')).toBe(true);
  const shows = catalogChecks.get(check)!.showsChoices!;
  for (const odp of odps) {
    expect(remarks).toContain(odp);
    expect(remarks).toContain('Selection');
    for (const choice of shows[odp]!) expect(remarks).toContain(`shows only '${choice}`);
  }
  // No organisation stands behind the document: the why says where the pass shows the objective, never "not defined".
  for (const odp of odps) for (const choice of shows[odp]!) expect(remarks).toMatch(new RegExp(`only where the organisation selects (among [^;]*)?'${choice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(remarks).not.toMatch(/is not defined|not every choice the organisation may make/);
  // The texts naming the check say it beside it, with the same why.
  const naming = texts(r).filter((t) => t.includes(check));
  expect(naming.length).toBeGreaterThan(0);
  for (const t of naming) expect(t).toContain(remarks!);
  return remarks!;
}

describe('a check showing only some choices of a selection is named in part in the component definition', () => {
  it('LOCKOUT-DURATION x AC-7: ac-07_odp.03, the timed lock only', () => {
    const why = expectSelectionInPart('Magnara Vida 3T', 'ac-7', 'LOCKOUT-DURATION', ['ac-07_odp.03']);
    expect(why).not.toContain("shows only 'lock the account or node until released");
  });
  it('MAL-SCAN x SI-3: signature-based (si-3_obj.a-2) and block (si-3_obj.c.2-1)', () => {
    const why = expectSelectionInPart('Magnara Vida 3T', 'si-3', 'MAL-SCAN', ['si-03_odp.01', 'si-03_odp.04']);
    expect(why).toContain('si-3_obj.a-2');
    expect(why).toContain('si-3_obj.c.2-1');
  });
  it('MAL-AV-ON x SI-3: signature-based, at the endpoint', () => {
    expectSelectionInPart('Magnara Vida 3T', 'si-3', 'MAL-AV-ON', ['si-03_odp.01', 'si-03_odp.03']);
  });
  it('SCREEN-LOCK-TIMEOUT x AC-11: the inactivity lock, never a user-initiated one; AC-11(1) inserts no selection and stays whole', () => {
    expectSelectionInPart('Tomora Edge 128', 'ac-11', 'SCREEN-LOCK-TIMEOUT', ['ac-11_odp.01']);
    expect(inPartRemarks(requirement('Tomora Edge 128', 'ac-11.1'), 'SCREEN-LOCK-TIMEOUT')).toBeUndefined();
  });
  it('MP-7: OS-MEDIA-EXPORT (restrict only) in part for the selection; OS-USB-STORAGE (restrict and prohibit) in part only for the assignments', () => {
    expectSelectionInPart('Magnara Sola 1.5T', 'mp-7', 'OS-MEDIA-EXPORT', ['mp-07_odp.02']);
    const mp7 = requirement('Magnara Sola 1.5T', 'mp-7');
    expect(checksOf(mp7)).toContain('OS-USB-STORAGE');
    // Its pass shows every choice of the selection mp-07_odp.02, so the selection is not why; the media types
    // (mp-07_odp.01) are the organisation's assignment no check compares with (overclaim46's rule).
    const why = inPartRemarks(mp7, 'OS-USB-STORAGE');
    expect(why).toContain('mp-07_odp.01');
    expect(why).not.toContain('mp-07_odp.02');
  });
  it('AU-4, whose checks show it whole, carries no check-in-part', () => {
    const au4 = requirement('Magnara Sola 1.5T', 'au-4');
    expect(checksOf(au4).length).toBeGreaterThan(0);
    expect((au4.props as Json[]).filter((p) => p.name === 'check-in-part')).toEqual([]);
    for (const t of texts(au4)) expect(t).not.toContain('in part');
  });
});

describeWithShared('the component definitions with selection in-part props stay valid', () => {
  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`validate against ${version}`, () => {
      for (const model of MODELS) expect(validateOscal(docs.get(model)!, version), model).toEqual([]);
    });
  }
});
