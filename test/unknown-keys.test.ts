// Files people write refuse a key or column the tool does not read, naming the file, the place
// and the known key it is likely a slip for. An ignored key loses what it said: `objective:` for
// `objectives:` attested the whole control, `compensating_control` dropped the POA&M's mitigating
// factors, `set-parameter:` in a profile left the defaults in force.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import { parseParamsFile, resolveParameters } from '../src/params/resolve.js';
import { parseSystemDescription } from '../src/assess/system-description.js';
import { parseCapabilities } from '../src/catalog/capabilities.js';
import { loadCatalog, parseChecks } from '../src/catalog/load-checks.js';
import { resolveProfileDoc, type LoadedDoc } from '../src/catalog/profile.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';
import { assessmentOf } from '../src/catalog/objectives.js';
import { closestKey } from '../src/io/known-keys.js';
import { runMonitor } from '../src/monitor/run.js';
import * as ingest from '../src/ingest/index.js';
import { parse as parseYaml } from 'yaml';
import { expectUserError, userErrorOfAsync } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
const index = loadControlIndex();
const knownControl = (id: string) => lookupControl(index, id) !== undefined;
const catalog = loadCatalog();
const checkIds = new Set(catalog.checks.map((c) => c.id));
const TODAY = '2026-11-28';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-unknown-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The samples' attestations file and its evidence, copied, with `edit` applied to the file's text. */
function attestationsCopy(name: string, edit: (text: string) => string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  cpSync(join(root, 'samples/attestations'), join(d, 'attestations'), { recursive: true });
  const text = readFileSync(join(root, 'samples/attestations.yaml'), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(join(d, 'attestations.yaml'), edited);
  return join(d, 'attestations.yaml');
}

/** Every file under `p` with its bytes; null when `p` does not exist. */
function tree(p: string): Map<string, string> | null {
  if (!existsSync(p)) return null;
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(p, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(p, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(join(p, r)).toString('base64'));
    }
  };
  walk('');
  return out;
}

describe('the nearest known key', () => {
  it('is the same key but for case, "_" or "-", else one within two edits; nothing for an unrelated word', () => {
    const keys = ['control', 'objectives', 'expires', 'reviewed-by'];
    expect(closestKey('Objectives', keys)).toBe('objectives');
    expect(closestKey('reviewed_by', keys)).toBe('reviewed-by');
    expect(closestKey('objective', keys)).toBe('objectives');
    expect(closestKey('expiry', keys)).toBe('expires');
    expect(closestKey('notes', keys)).toBeUndefined();
  });
});

describe('attestations', () => {
  const base = `attestations:
  - control: at-2
    statement: Staff trained.
    who: { name: Dana Whitfield, role: Training lead }
    when: 2026-09-15
    expires: 2027-09-14
    method: EXAMINE
    evidence: roster.md
`;
  it('YAML: "objective:" (a slip for "objectives:") is refused at its place, not taken for the whole control', () => {
    const text = `${base}    objective: [at-2_obj.a.1-1]\n`;
    expectUserError(() => parseAttestations(text, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/objective$/, /unknown key "objective": did you mean "objectives"\?/);
    // Spelt right, the same line attests one objective, not the control's ten.
    const [ok] = parseAttestations(`${base}    objectives: [at-2_obj.a.1-1]\n`, 'att.yaml', knownControl, TODAY, (id) => assessmentOf(index, id)?.objective)
    expect(ok!.objectives).toEqual(['at-2_obj.a.1-1']);;
    expect(ok!.parts).toEqual(['at-2_obj.a.1-1']);
  });

  it('YAML: "Objectives:" and a key inside who or reviewed-by are refused too; the wrapper "attestation:" is named', () => {
    expectUserError(() => parseAttestations(`${base}    Objectives: [at-2_obj.a.1-1]\n`, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/Objectives$/, /did you mean "objectives"\?/);
    expectUserError(() => parseAttestations(`${base}    reviewed-by: { name: Tomás Ibarra, date: 2026-10-01 }\n`, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/reviewed-by\/date$/, /unknown key "date"/);
    expectUserError(() => parseAttestations(base.replace('role: Training lead', 'rol: Training lead'), 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/who\/rol$/, /did you mean "role"\?/);
    expectUserError(() => parseAttestations(base.replace(/^attestations:/, 'attestation:'), 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestation$/, /did you mean "attestations"\?/);
  });

  it('CSV: a column "objective" is refused, naming the header line and "objectives"; the documented columns still load', () => {
    const head = 'control,statement,who,role,when,expires,evidence,method';
    const line = 'at-2,Staff trained.,Dana Whitfield,Training lead,2026-09-15,2027-09-14,roster.md,EXAMINE';
    expectUserError(() => parseAttestations(`${head},objective\n${line},at-2_obj.a.1-1\n`, 'att.csv', knownControl, TODAY), 'att.csv', /^line 1$/, /column 9: unknown column "objective": did you mean "objectives"\?/);
    const ok = parseAttestations(`${head},reviewed_by,reviewer_role,reviewed_on\n${line},Tomás Ibarra,Assessor,2026-10-01\n`, 'att.csv', knownControl, TODAY);
    expect(ok[0]!.reviewedBy).toEqual({ name: 'Tomás Ibarra', role: 'Assessor', when: '2026-10-01' });
  });

  it('a field said twice, or beside the mapping that holds it, is refused: one of the two would be dropped', () => {
    const review = '    reviewed-by: { name: Tomás Ibarra, role: Assessor, when: 2026-10-01 }\n';
    expectUserError(() => parseAttestations(`${base}${review}    reviewed_by: Helena Voss\n`, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/reviewed_by$/, /given twice/);
    expectUserError(() => parseAttestations(`${base}    role: Assessor\n`, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/role$/, /beside a "who" mapping is not read/);
    expectUserError(() => parseAttestations(`${base}${review}    reviewed_on: 2026-10-02\n`, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/reviewed_on$/, /beside a "reviewed-by" mapping is not read/);
    const head = 'control,statement,who,role,when,expires,evidence,method,reviewed_by,reviewed_on';
    expectUserError(() => parseAttestations(`${head}\nat-2,Staff trained.,Dana Whitfield,Training lead,2026-09-15,2027-09-14,roster.md,EXAMINE,,2026-10-01\n`, 'att.csv', knownControl, TODAY), 'att.csv', /^line 2$/, /"reviewed_on" is given but no reviewer/);
  });

  it('YAML: "objectives:" left empty (null, "", []) is refused, not taken for the whole control', () => {
    for (const empty of ['', ' ""', ' []']) {
      expectUserError(() => parseAttestations(`${base}    objectives:${empty}\n`, 'att.yaml', knownControl, TODAY), 'att.yaml', /^\/attestations\/0\/objectives$/, /"objectives" is empty/);
    }
  });

  it('assess: the samples with "objective:" for at-2 exit 1 naming the file, place and "objectives", and write no package', () => {
    const file = attestationsCopy('assess-typo', (t) => t.replace('    objectives: [at-2_obj.a.1-1', '    objective: [at-2_obj.a.1-1'));
    const out = join(dir, 'assess-out');
    const r = spawnSync(process.execPath, [bin, 'assess', join(root, 'samples/MR-01'), '--out', out, '--attestations', file, '--system', join(root, 'samples/system.yaml'), '--now', '2026-11-02T18:00:00Z', '--no-pdf'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file} at /attestations/0/objective: unknown key "objective": did you mean "objectives"?`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('monitor: the same file is refused before the store is created or --out written', async () => {
    const file = attestationsCopy('monitor-typo', (t) => t.replace('    objectives: [at-2_obj.a.1-1', '    objective: [at-2_obj.a.1-1'));
    const store = join(dir, 'monitor-store');
    const out = join(dir, 'monitor-out');
    const e = await userErrorOfAsync(() =>
      runMonitor({ store, inputs: [join(root, 'samples/MR-02')], out, force: false, now: '2026-11-03T00:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, ingest, attestations: file, system: join(root, 'samples/system.yaml') }),
    );
    expect(e.file).toBe(file);
    expect(e.where).toBe('/attestations/0/objective');
    expect(e.message).toMatch(/did you mean "objectives"\?/);
    expect(tree(store)).toBeNull();
    expect(tree(out)).toBeNull();
  });
});

describe('deviations', () => {
  const head = 'check_id,device_id,justification,approver,expires';
  const row = 'FW-ENABLED,MR-01,Vendor requirement.,Jonas Lindqvist (Authorizing Official),2027-06-30';
  it('CSV: "compensating_control" (not read) is refused with the header line and "compensating_controls"', () => {
    expectUserError(() => parseDeviations(`${head},compensating_control\n${row},Badge-controlled suite\n`, 'dev.csv', checkIds), 'dev.csv', /^line 1$/, /unknown column "compensating_control": did you mean "compensating_controls"\?/);
  });
  it('CSV: a field under an unnamed column (a trailing comma in the header) is refused with its line', () => {
    expectUserError(() => parseDeviations(`${head},\n${row},Badge-controlled suite\n`, 'dev.csv', checkIds), 'dev.csv', /^line 2$/, /field 6 has no column name/);
  });
  it('JSON: compensating_controls as a list (not the text read) is refused at its pointer, not dropped', () => {
    const doc = [{ check_id: 'FW-ENABLED', device_id: 'MR-01', justification: 'Vendor requirement.', approver: 'Jonas Lindqvist', expires: '2027-06-30', compensating_controls: ['Badge-controlled suite'] }];
    expectUserError(() => parseDeviations(JSON.stringify(doc), 'dev.json', checkIds), 'dev.json', /^\/0\/compensating_controls$/, /must be a text/);
  });

  it('JSON: an unknown key is refused at its pointer with the nearest key', () => {
    const doc = [{ check_id: 'FW-ENABLED', device_id: 'MR-01', justification: 'Vendor requirement.', approver: 'Jonas Lindqvist', expires: '2027-06-30', 'compensating-controls': 'Badge-controlled suite' }];
    expectUserError(() => parseDeviations(JSON.stringify(doc), 'dev.json', checkIds), 'dev.json', /^\/0\/compensating-controls$/, /did you mean "compensating_controls"\?/);
  });
});

describe('params', () => {
  it('JSON: a misspelt parameter names the parameter it is likely a slip for', () => {
    const o = parseParamsFile('{"evidence-max-age-day": 30}', 'params.json');
    expectUserError(() => resolveParameters(catalog.parameters, [], o), 'params.json', /^\/evidence-max-age-day$/, /unknown parameter "evidence-max-age-day": did you mean "evidence-max-age-days"\?/);
  });
  it('CSV: a third column is refused, not ignored', () => {
    expectUserError(() => parseParamsFile('parameter,value,note\nevidence-max-age-days,30,agreed with the AO\n', 'params.csv'), 'params.csv', /^line 1$/, /column 3: unknown column "note"/);
  });
});

describe('system description, capabilities, checks', () => {
  it('system.yaml: "assesor" names "assessor"', () => {
    const text = readFileSync(join(root, 'samples/system.yaml'), 'utf8').replace(/^assessor:/m, 'assesor:');
    expectUserError(() => parseSystemDescription(text, 'system.yaml'), 'system.yaml', /^\/assesor$/, /unknown key "assesor": did you mean "assessor"\?/);
  });
  it('capabilities: "capabilites" names "capabilities"', () => {
    const text = readFileSync(join(root, 'samples/vendor-capabilities.yaml'), 'utf8').replace('    capabilities:', '    capabilites:');
    expectUserError(() => parseCapabilities(text, 'caps.yaml', checkIds, catalog.parameters), 'caps.yaml', /^\/models\/0\/capabilites$/, /did you mean "capabilities"\?/);
  });
  it('checks: "in_part" (a pass would claim the objectives it shows only in part) names "in-part"; an example\'s "expected" names "expect"', () => {
    const doc = parseYaml(readFileSync(join(root, 'controls/checks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const typo = structuredClone(doc);
    const partial = typo.find((c) => c['in-part'] !== undefined)!;
    partial.in_part = partial['in-part'];
    delete partial['in-part'];
    expect(() => parseChecks(typo, 'checks.yaml', catalog.parameters)).toThrow(/unknown key "in_part": did you mean "in-part"\?/);
    const ex = structuredClone(doc);
    const withExample = ex.find((c) => Array.isArray(c.examples) && c.examples.length)!;
    const first = (withExample.examples as Array<Record<string, unknown>>)[0]!;
    first.expected = first.expect;
    expect(() => parseChecks(ex, 'checks.yaml', catalog.parameters)).toThrow(/unknown key "expected": did you mean "expect"\?/);
  });
});

describe('OSCAL profile', () => {
  it('profile: "set-parameter" in modify (its values would be lost) is refused at its pointer', () => {
    const cat: LoadedDoc = { file: 'cat.json', doc: { catalog: { uuid: 'c', metadata: { title: 'c' }, controls: [{ id: 'ac-1', title: 'Policy', params: [{ id: 'ac-01_odp.01' }] }] } } };
    const prof = (modify: Record<string, unknown>): LoadedDoc => ({ file: 'prof.json', doc: { profile: { uuid: 'p', metadata: { title: 'p' }, imports: [{ href: 'cat.json', 'include-all': {} }], modify } } });
    const source = { readLocal: (href: string) => (href === 'cat.json' ? cat : undefined) };
    const ok = resolveProfileDoc(prof({ 'set-parameters': [{ 'param-id': 'ac-01_odp.01', values: ['the ISSO'] }] }), source);
    expect(ok.setParameters.map((p) => p.values)).toEqual([['the ISSO']]);
    expectUserError(() => resolveProfileDoc(prof({ 'set-parameter': [{ 'param-id': 'ac-01_odp.01', values: ['the ISSO'] }] }), source), 'prof.json', /^\/profile\/modify\/set-parameter$/, /did you mean "set-parameters"\?/);
    expectUserError(() => resolveProfileDoc(prof({ 'set-parameters': [{ 'param-id': 'ac-01_odp.01', value: ['the ISSO'] }] }), source), 'prof.json', /^\/profile\/modify\/set-parameters\/0\/value$/, /did you mean "values"\?/);
  });
});
