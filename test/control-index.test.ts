import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BASELINES,
  baselineControls,
  controlTitle,
  indexFromCatalog,
  loadCatalogFile,
  loadControlIndex,
  lookupControl,
  type ControlIndex,
} from '../src/catalog/control-index.js';
import { UserError } from '../src/io/errors.js';
import { assessmentOf, bundledObjectives, controlInfo, leafObjectives, leavesForStatement } from '../src/catalog/objectives.js';
import { loadRunConfig } from '../src/assess/config.js';
import { describeWithShared, sharedDir } from './support/oscal-schema.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const committedPath = join(repoRoot, 'controls', 'rev5-index.json');
const committedObjectivesPath = join(repoRoot, 'controls', 'rev5-objectives.json');
const script = join(repoRoot, 'scripts', 'build-control-index.mjs');
const catalogDir = join(sharedDir, 'oscal', 'nist-800-53-rev5');
const catalogFile = (b: string) => join(catalogDir, `NIST_SP-800-53_rev5_${b.toUpperCase()}-baseline-resolved-profile_catalog-min.json`);

const tmp = mkdtempSync(join(tmpdir(), 'ato-evidence-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const index = loadControlIndex();

describe('the bundled control index', () => {
  it('knows AC-7 as NIST publishes it', () => {
    const ac7 = lookupControl(index, 'ac-7');
    expect(ac7).toEqual({
      title: 'Unsuccessful Logon Attempts',
      family: 'ac',
      baselines: ['low', 'moderate', 'high'],
      params: ['ac-07_odp.01', 'ac-07_odp.02', 'ac-07_odp.03', 'ac-07_odp.04', 'ac-07_odp.05', 'ac-07_odp.06'],
      objective: 'ac-7_obj',
    });
    expect(controlTitle(index, 'ac-7')).toBe('Unsuccessful Logon Attempts');
    for (const b of BASELINES) expect(baselineControls(index, b)).toContain('ac-7');
  });

  it('includes enhancements with their own baselines (ac-2.1 is MODERATE and HIGH only)', () => {
    expect(lookupControl(index, 'ac-2.1')?.baselines).toEqual(['moderate', 'high']);
    expect(baselineControls(index, 'low')).not.toContain('ac-2.1');
    expect(baselineControls(index, 'moderate')).toContain('ac-2.1');
  });

  it('has sc-45.1 (where au-8.1 went) in no baseline, with its three ODPs', () => {
    expect(lookupControl(index, 'sc-45.1')).toEqual({
      title: 'Synchronization with Authoritative Time Source',
      family: 'sc',
      baselines: [],
      inNoBaseline: true,
      params: ['sc-45.01_odp.01', 'sc-45.01_odp.02', 'sc-45.01_odp.03'],
      objective: 'sc-45.1_obj',
    });
    for (const b of BASELINES) expect(baselineControls(index, b)).not.toContain('sc-45.1');
    // au-8.1 is withdrawn in rev5 and so is in no baseline catalog: the index does not know it.
    expect(lookupControl(index, 'au-8.1')).toBeUndefined();
    expect(controlTitle(index, 'au-8.1')).toBeUndefined();
  });

  it('has the baseline sizes NIST publishes (149 / 287 / 370), nested LOW ⊂ MODERATE ⊂ HIGH', () => {
    expect(baselineControls(index, 'low')).toHaveLength(149);
    expect(baselineControls(index, 'moderate')).toHaveLength(287);
    expect(baselineControls(index, 'high')).toHaveLength(370);
    const mod = new Set(baselineControls(index, 'moderate'));
    const high = new Set(baselineControls(index, 'high'));
    expect(baselineControls(index, 'low').filter((id) => !mod.has(id))).toEqual([]);
    expect([...mod].filter((id) => !high.has(id))).toEqual([]);
  });

  it('keeps the baseline lists and the per-control baselines consistent', () => {
    for (const [id, e] of Object.entries(index.controls)) {
      for (const b of BASELINES) expect(baselineControls(index, b).includes(id), `${id} ${b}`).toBe(e.baselines.includes(b));
      expect(e.inNoBaseline === true, id).toBe(e.baselines.length === 0);
      expect(id.startsWith(`${e.family}-`), id).toBe(true);
    }
    expect(Object.keys(index.controls)).toHaveLength(372); // 370 in HIGH + sc-45 and sc-45.1
  });

  it('is stored deterministically: sorted keys, 2-space indent, trailing newline', () => {
    const text = readFileSync(committedPath, 'utf8');
    const parsed = JSON.parse(text) as ControlIndex;
    expect(text).toBe(JSON.stringify(parsed, null, 2) + '\n');
    const sorted = (keys: string[]) => [...keys].sort();
    expect(Object.keys(parsed)).toEqual(sorted(Object.keys(parsed)));
    expect(Object.keys(parsed.controls)).toEqual(sorted(Object.keys(parsed.controls)));
    for (const e of Object.values(parsed.controls)) expect(Object.keys(e)).toEqual(sorted(Object.keys(e)));
  });
});

describe('the bundled assessment objectives (controls/rev5-objectives.json)', () => {
  const leafIds = (id: string) => leafObjectives(assessmentOf(index, id)!.objective).map((n) => n.id);

  it('gives AC-7 its two determination statements, each with the statement it assesses', () => {
    const ac7 = assessmentOf(index, 'ac-7')!;
    expect(ac7.objective.id).toBe('ac-7_obj');
    expect(leafIds('ac-7')).toEqual(['ac-7_obj.a', 'ac-7_obj.b']);
    const [a, b] = ac7.objective.parts!;
    expect(a).toMatchObject({ id: 'ac-7_obj.a', label: 'AC-07a.', for: 'ac-7_smt.a' });
    // Parameters stay as their ids: the report fills them with the organisation's values.
    expect(a!.prose).toContain('{{ insert: param, ac-07_odp.01 }}');
    expect(b!.prose).toMatch(/^automatically \{\{ insert: param, ac-07_odp\.03 \}\} when the maximum number/);
  });

  it('keeps the EXAMINE / INTERVIEW / TEST objects as lists', () => {
    const m = assessmentOf(index, 'ac-7')!.methods;
    expect(m.EXAMINE).toContain('system configuration settings and associated documentation');
    expect(m.INTERVIEW?.length).toBeGreaterThan(0);
    expect(m.TEST?.length).toBeGreaterThan(0);
    for (const items of Object.values(m)) for (const item of items) expect(item).not.toMatch(/\n/);
  });

  it('lists leaves, not the groups above them, at every depth (ac-2)', () => {
    const leaves = leafIds('ac-2');
    expect(leaves).toContain('ac-2_obj.a-1');
    expect(leaves).toContain('ac-2_obj.d.3-2');
    expect(leaves).not.toContain('ac-2_obj.a');
    expect(leaves).not.toContain('ac-2_obj.d');
    expect(leaves).not.toContain('ac-2_obj');
  });

  it('counts an objective with its own statement and sub-objectives as a leaf (ac-8 a)', () => {
    const leaves = leafIds('ac-8');
    expect(leaves.slice(0, 5)).toEqual(['ac-8_obj.a', 'ac-8_obj.a.1', 'ac-8_obj.a.2', 'ac-8_obj.a.3', 'ac-8_obj.a.4']);
    expect(leaves).not.toContain('ac-8_obj.c');
  });

  it('maps a statement to the leaves assessing it or its items', () => {
    const tree = assessmentOf(index, 'ac-2')!.objective;
    expect(leavesForStatement(tree, 'ac-2_smt.d')).toEqual(['ac-2_obj.d.1', 'ac-2_obj.d.2', 'ac-2_obj.d.3-1', 'ac-2_obj.d.3-2']);
    expect(leavesForStatement(tree, 'ac-2_smt.d.1')).toEqual(['ac-2_obj.d.1']);
    expect(leavesForStatement(tree, 'ac-2_smt')).toEqual(leafObjectives(tree).map((n) => n.id));
    expect(leavesForStatement(tree, 'ac-2_smt.z')).toEqual([]);
  });

  it('has objectives for sc-45 and sc-45.1 (in no baseline) whose parameters the index knows', () => {
    expect(leafIds('sc-45')).toEqual(['sc-45_obj']);
    expect(leafIds('sc-45.1')).toEqual(['sc-45.1_obj.a', 'sc-45.1_obj.b']);
    const params = lookupControl(index, 'sc-45.1')!.params;
    for (const leaf of leafObjectives(assessmentOf(index, 'sc-45.1')!.objective)) {
      for (const m of leaf.prose!.matchAll(/insert: param, ([^\s}]+)/g)) expect(params).toContain(m[1]);
    }
  });

  it('has data for exactly the controls with an objective, rooted at that objective', () => {
    const data = bundledObjectives().controls;
    for (const [id, e] of Object.entries(index.controls)) {
      if (e.objective) expect(data[id]?.objective.id, id).toBe(e.objective);
      else expect(data[id], id).toBeUndefined();
    }
    // Every objective id starts with its control's id, so a finding's target names its control.
    for (const [id, a] of Object.entries(data)) for (const l of leafObjectives(a.objective)) expect(l.id.startsWith(`${id}_obj`), l.id).toBe(true);
  });

  it('is stored one control per line, keys in control order, and parses as JSON', () => {
    const text = readFileSync(committedObjectivesPath, 'utf8');
    const parsed = JSON.parse(text) as { controls: Record<string, unknown> };
    const ids = Object.keys(parsed.controls);
    expect(ids).toEqual([...ids].sort());
    expect(text.split('\n').filter((l) => /^ {4}"[a-z]{2}-/.test(l))).toHaveLength(ids.length);
  });
});

describeWithShared('the bundled control index against NIST catalogs in ../shared', () => {
  it('equals what scripts/build-control-index.mjs produces now (index and objectives)', () => {
    const out = join(tmp, 'rev5-index.json');
    const objOut = join(tmp, 'rev5-objectives.json');
    execFileSync(process.execPath, [script, '--out', out, '--objectives-out', objOut, '--shared', sharedDir], { stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(committedPath, 'utf8'));
    expect(readFileSync(objOut, 'utf8')).toBe(readFileSync(committedObjectivesPath, 'utf8'));
  });

  it('--check fails naming the stale file', () => {
    const objOut = join(tmp, 'stale-objectives.json');
    writeFileSync(objOut, '{}\n');
    let err: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(process.execPath, [script, '--check', '--out', committedPath, '--objectives-out', objOut, '--shared', sharedDir], { stdio: 'pipe' });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.status).toBe(1);
    expect(String(err.stderr)).toContain(`${objOut} is stale`);
    expect(String(err.stderr)).not.toContain(`${committedPath} is stale`);
  });

  it('agrees, control by control, with each resolved catalog read by the TypeScript loader', () => {
    for (const b of BASELINES) {
      const fromCatalog = loadCatalogFile(catalogFile(b));
      expect(fromCatalog.baselines[b], b).toEqual(baselineControls(index, b));
      for (const [id, e] of Object.entries(fromCatalog.controls)) {
        const bundled = lookupControl(index, id)!;
        // The bundled index keeps no prose: statements, parameter labels and the list of part ids
        // come only from a user's catalog; its objectives are in rev5-objectives.json and must equal the catalog's.
        const { statement: _s, paramLabels: _l, partIds: _p, assessment, ...structure } = e;
        expect({ ...structure, baselines: [] }, id).toEqual({ ...bundled, baselines: [] });
        expect(assessment, id).toEqual(assessmentOf(index, id));
        expect(e.baselines).toEqual([b]);
      }
    }
  });

  it('every baseline control has an objective part <id>_obj in the catalog text', () => {
    const text = readFileSync(catalogFile('high'), 'utf8');
    for (const id of baselineControls(index, 'high')) {
      expect(lookupControl(index, id)!.objective).toBe(`${id}_obj`);
      expect(text.includes(`"id":"${id}_obj"`), id).toBe(true);
    }
    expect(text.includes('"id":"sc-45.1"')).toBe(false);
  });

  it('loadCatalogFile recognises the MODERATE resolved catalog, and baselinesFrom restores membership', () => {
    const mod = loadCatalogFile(catalogFile('moderate'));
    expect(Object.keys(mod.controls)).toHaveLength(287);
    expect(mod.baselines.low).toEqual([]);
    expect(mod.source).toContain('MODERATE IMPACT BASELINE');
    const merged = loadCatalogFile(catalogFile('moderate'), { baselinesFrom: index });
    expect(merged.controls['ac-7']!.baselines).toEqual(['low', 'moderate', 'high']);
    expect(merged.controls['ac-2.1']!.baselines).toEqual(['moderate', 'high']);
    expect(merged.baselines.low).toEqual(baselineControls(index, 'low'));
  });
});

describe('a user-supplied catalog', () => {
  const write = (name: string, content: string) => {
    const f = join(tmp, name);
    writeFileSync(f, content);
    return f;
  };

  /** Synthetic full-catalog shape (not NIST text): a group, a control, an enhancement, a withdrawn one. */
  const synthetic = {
    catalog: {
      uuid: 'e7f6b4a1-0c55-4d7b-9a39-1f0f6a3c2b11',
      metadata: { title: 'Test catalog', 'last-modified': '2025-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.2' },
      groups: [
        {
          id: 'zz',
          title: 'Test family',
          controls: [
            {
              id: 'zz-1',
              title: 'First',
              params: [{ id: 'zz-01_odp.01' }, { id: 'zz-01_odp.02' }],
              parts: [{ id: 'zz-1_smt', name: 'statement' }, { id: 'zz-1_obj', name: 'assessment-objective' }],
              controls: [
                { id: 'zz-1.1', title: 'Enhancement', parts: [{ id: 'zz-1.1_smt', name: 'statement', parts: [{ id: 'zz-1.1_obj', name: 'assessment-objective' }] }] },
                { id: 'zz-1.2', title: 'Old enhancement', props: [{ name: 'status', value: 'withdrawn' }] },
              ],
            },
          ],
        },
      ],
    },
  };

  it('indexes a full catalog: enhancements, nested objectives, withdrawn controls, no baselines', () => {
    const idx = indexFromCatalog(synthetic, { file: 'test.json' });
    expect(idx.controls).toEqual({
      'zz-1': { title: 'First', family: 'zz', baselines: [], params: ['zz-01_odp.01', 'zz-01_odp.02'], objective: 'zz-1_obj', partIds: ['zz-1_smt', 'zz-1_obj'], assessment: { objective: { id: 'zz-1_obj' }, methods: {} } },
      'zz-1.1': { title: 'Enhancement', family: 'zz', baselines: [], params: [], objective: 'zz-1.1_obj', partIds: ['zz-1.1_smt', 'zz-1.1_obj'] },
      'zz-1.2': { title: 'Old enhancement', family: 'zz', baselines: [], params: [], withdrawn: true },
    });
    expect(idx.baselines).toEqual({ low: [], moderate: [], high: [] });
  });

  it('takes a catalog\'s own objectives and method objects, and prefers them to the bundled ones', () => {
    const withObjectives = {
      catalog: {
        controls: [{
          id: 'ac-7',
          title: 'Unsuccessful Logon Attempts',
          parts: [
            {
              id: 'ac-7_obj', name: 'assessment-objective', links: [{ href: '#ac-7_smt', rel: 'assessment-for' }],
              parts: [{ id: 'ac-7_obj.x', name: 'assessment-objective', props: [{ name: 'label', value: 'X.', class: 'sp800-53a' }], prose: ' only   one ' }],
            },
            { id: 'ac-7_asm-test', name: 'assessment-method', props: [{ name: 'method', value: 'TEST' }], parts: [{ name: 'assessment-objects', prose: 'One\n\nTwo' }] },
          ],
        }],
      },
    };
    const idx = indexFromCatalog(withObjectives, { file: 'own.json' });
    expect(assessmentOf(idx, 'ac-7')).toEqual({
      objective: { id: 'ac-7_obj', for: 'ac-7_smt', parts: [{ id: 'ac-7_obj.x', label: 'X.', prose: 'only one' }] },
      methods: { TEST: ['One', 'Two'] },
    });
    // A catalog without objective parts (NIST's 5.0 releases) gets NIST's objectives.
    const bare = indexFromCatalog({ catalog: { controls: [{ id: 'ac-7', title: 'T' }] } }, { file: 'bare.json' });
    expect(assessmentOf(bare, 'ac-7')).toBe(assessmentOf(index, 'ac-7'));
  });

  it('assess warns when a --catalog has no objectives for cited controls, and judges them on NIST\'s', () => {
    const f = write('no-objectives.json', JSON.stringify({ catalog: { controls: [{ id: 'ac-7', title: 'Unsuccessful Logon Attempts' }] } }));
    const config = loadRunConfig({ catalog: f });
    expect(config.warnings).toContainEqual(`${f} has no SP 800-53A assessment objectives for ac-7; the verdicts per objective use NIST's (the bundled rev5 objectives)`);
    expect(controlInfo(config.index, 'ac-7')?.leaves).toEqual(['ac-7_obj.a', 'ac-7_obj.b']);
  });

  it('marks controls absent from the baselines of baselinesFrom as inNoBaseline', () => {
    const idx = indexFromCatalog(synthetic, { file: 'test.json', baselinesFrom: index });
    expect(idx.controls['zz-1']!.inNoBaseline).toBe(true);
  });

  const badInputs: [string, string, RegExp][] = [
    ['not JSON', '{"catalog": ', /bad\.json at line 1, column 13: not valid JSON/],
    ['a profile', JSON.stringify({ profile: { uuid: 'x' } }), /bad\.json: is an OSCAL profile, not a catalog/],
    ['an SSP', JSON.stringify({ 'system-security-plan': {} }), /its root is "system-security-plan", expected "catalog"/],
    ['no controls', JSON.stringify({ catalog: { groups: [] } }), /defines no controls/],
    ['a control without id', JSON.stringify({ catalog: { controls: [{ title: 'x' }] } }), /bad\.json at \/catalog\/controls\/0: control has no "id"/],
    ['a duplicate control id', JSON.stringify({ catalog: { controls: [{ id: 'ac-1', title: 'a' }, { id: 'ac-1', title: 'b' }] } }), /control id ac-1 appears twice/],
    ['no 800-53 ids', JSON.stringify({ catalog: { controls: [{ id: 'cis-1.1', title: 'x' }] } }), /no SP 800-53 control ids .* "cis-1\.1"/],
  ];
  for (const [what, content, message] of badInputs) {
    it(`rejects ${what} with a UserError naming the file`, () => {
      const f = write('bad.json', content);
      let caught: unknown;
      try {
        loadCatalogFile(f);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(UserError);
      expect((caught as UserError).file).toBe(f);
      expect((caught as Error).message).toMatch(message);
    });
  }

  it('rejects a missing file with a UserError', () => {
    const f = join(tmp, 'nope.json');
    expect(() => loadCatalogFile(f)).toThrow(UserError);
    expect(() => loadCatalogFile(f)).toThrow(`${f}: no such file`);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const f = write('bom.json', '\uFEFF' + JSON.stringify(synthetic));
    expect(Object.keys(loadCatalogFile(f).controls)).toEqual(['zz-1', 'zz-1.1', 'zz-1.2']);
  });
});
