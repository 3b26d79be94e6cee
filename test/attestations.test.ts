// Manual attestations: parsing and validation, their findings, and an assess run with a tailored
// profile and attestations, read back as an assessor would (schemas, rules, the PDF's text).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceAsChecked, finishAttestations, loadAttestationsFile, MAX_EVIDENCE_BYTES, parseAttestations, type Attestation } from '../src/attest/attestations.js';
import { manualControlsAfterAttestations, withAttestations, type ControlFinding } from '../src/assess/controls.js';
import { assessmentOf, controlInfo } from '../src/catalog/objectives.js';
import { runAssess, type AssessOutcome } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { rev5, sharedProfileFixture } from './support/shared.js';
import { expectUserError } from './support/user-error.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-28T12:00:00Z';
const TODAY = NOW.slice(0, 10);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const index = loadControlIndex();
const known = (id: string) => lookupControl(index, id) !== undefined;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-attest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yaml = (rows: string) => `attestations:\n${rows}`;
const row = (o: Record<string, string>) =>
  `  - control: ${o.control ?? 'at-2'}\n    statement: ${o.statement ?? 'Staff trained.'}\n    who: { name: ${o.name ?? 'Dana Whitfield'}, role: ${o.role ?? 'Training lead'} }\n    when: ${o.when ?? '2026-09-15'}\n    expires: ${o.expires ?? '2027-09-14'}\n    method: ${o.method ?? 'EXAMINE'}\n    evidence: ${o.evidence ?? 'roster.md'}\n`;

describe('parsing and validating attestations', () => {
  it('reads YAML: who as name and role, dates kept as text, method upper-cased, evidence beside the file', () => {
    const [a] = parseAttestations(yaml(row({ method: 'interview' })), 'att/a.yaml', known, TODAY);
    expect(a).toMatchObject({ controlId: 'at-2', who: { name: 'Dana Whitfield', role: 'Training lead' }, when: '2026-09-15', expires: '2027-09-14', method: 'INTERVIEW', evidencePath: 'att/roster.md', file: 'att/a.yaml', where: '/attestations/0' });
  });

  it('reads CSV with who and role columns, naming lines', () => {
    const csv = 'control,statement,who,role,when,expires,evidence,method\npe-3,Badges reviewed,Marcus Oyelaran,Facilities,2026-10-20,2027-04-20,badges.md,INTERVIEW\n';
    expect(parseAttestations(csv, 'a.csv', known, TODAY)).toEqual([
      { controlId: 'pe-3', statement: 'Badges reviewed', who: { name: 'Marcus Oyelaran', role: 'Facilities' }, when: '2026-10-20', expires: '2027-04-20', method: 'INTERVIEW', evidence: 'badges.md', evidencePath: 'badges.md', file: 'a.csv', where: 'line 2' },
    ]);
    expectUserError(() => parseAttestations(csv + 'pe-3,x,y,z,2026-13-01,2027-01-01,b.md,EXAMINE\n', 'a.csv', known, TODAY), 'a.csv', /^line 3$/, /when must be a date as YYYY-MM-DD, got "2026-13-01"/);
  });

  it('reads the review (reviewed-by) in YAML and CSV, and refuses a review by the attester, with the place', () => {
    const [a] = parseAttestations(yaml(row({}) + '    reviewed-by: { name: Tomás Ibarra, role: Assessor, when: 2026-10-28 }\n'), 'a.yaml', known, TODAY);
    expect(a!.reviewedBy).toEqual({ name: 'Tomás Ibarra', role: 'Assessor', when: '2026-10-28' });
    const csv = 'control,statement,who,role,when,expires,evidence,method,reviewed_by,reviewed_on\npe-3,Badges,Marcus Oyelaran,Facilities,2026-10-20,2027-04-20,b.md,INTERVIEW,Helena Voss,2026-10-30\n';
    expect(parseAttestations(csv, 'a.csv', known, TODAY)[0]!.reviewedBy).toEqual({ name: 'Helena Voss', when: '2026-10-30' });
    expect(parseAttestations(yaml(row({})), 'a.yaml', known, TODAY)[0]!.reviewedBy).toBeUndefined();
    expectUserError(() => parseAttestations(yaml(row({}) + '    reviewed-by: { name: dana  whitfield }\n'), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/0\/reviewed-by$/, /names the attester \(Dana Whitfield\)/);
    expectUserError(() => parseAttestations(yaml(row({}) + '    reviewed-by: { name: X, when: 2026-09-01 }\n'), 'a.yaml', known, TODAY), 'a.yaml', /reviewed-by$/, /before the attestation/);
  });

  it('rejects an unknown control, bad dates, an unknown method, a missing who, with the pointer', () => {
    expectUserError(() => parseAttestations(yaml(row({}) + row({ control: 'at-99' })), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/1\/control$/, /unknown control id "at-99"/);
    expectUserError(() => parseAttestations(yaml(row({ expires: '2027-02-30' })), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/0\/expires$/, /expires must be a date/);
    expectUserError(() => parseAttestations(yaml(row({ when: '2026-09-15', expires: '2026-09-01' })), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/0\/expires$/, /expires \(2026-09-01\) is before when \(2026-09-15\)/);
    expectUserError(() => parseAttestations(yaml(row({ when: '2026-12-01' })), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/0\/when$/, /after the assessment day \(2026-11-28\)/);
    expectUserError(() => parseAttestations(yaml(row({ method: 'TEST' })), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/0\/method$/, /method must be INTERVIEW or EXAMINE, got "TEST"/);
    expectUserError(() => parseAttestations(yaml(row({}).replace(/    who: .*\n/, '')), 'a.yaml', known, TODAY), 'a.yaml', /^\/attestations\/0\/who$/, /"who" is missing/);
  });

  it('a missing evidence file is named, with the attestation that cites it', () => {
    const f = join(dir, 'missing.yaml');
    writeFileSync(f, yaml(row({ evidence: 'nowhere/roster.md' })));
    expectUserError(() => loadAttestationsFile(f, known, TODAY), f, /^\/attestations\/0\/evidence$/, /evidence file "nowhere\/roster\.md" does not exist/);
  });

  // Evidence was read whole by path: a 600 MB file took 1.3 GB of memory to end in an internal
  // error, and a FIFO swapped in after the check was waited on. Now judged on the open file.
  it('an evidence file over MAX_EVIDENCE_BYTES, a FIFO or /dev/zero is refused by its place, before a byte is read', () => {
    const d = join(dir, 'big');
    mkdirSync(d, { recursive: true });
    const big = join(d, 'roster.pdf');
    writeFileSync(big, '');
    truncateSync(big, MAX_EVIDENCE_BYTES + 1); // sparse: no disk, and the size alone refuses it
    const f = join(d, 'att.yaml');
    writeFileSync(f, yaml(row({ evidence: 'roster.pdf' })));
    const before = process.memoryUsage().rss;
    expectUserError(() => loadAttestationsFile(f, known, TODAY), f, /^\/attestations\/0\/evidence$/, new RegExp(`evidence file "roster\\.pdf" is ${MAX_EVIDENCE_BYTES + 1} bytes, more than the 256 MiB an evidence file may hold`));
    expect(process.memoryUsage().rss - before).toBeLessThan(MAX_EVIDENCE_BYTES / 2);
    const dev = join(d, 'dev.yaml');
    writeFileSync(dev, yaml(row({ evidence: '/dev/zero' })));
    expectUserError(() => loadAttestationsFile(dev, known, TODAY), dev, /^\/attestations\/0\/evidence$/, /evidence file "\/dev\/zero" is not a regular file but a FIFO, device or socket/);
    // Checked, then a FIFO put in its place before the package copies it: refused, not waited on.
    const small = join(d, 'small.md');
    writeFileSync(small, 'roster\n');
    const g = join(d, 'small.yaml');
    writeFileSync(g, yaml(row({ evidence: 'small.md' })));
    const [a] = loadAttestationsFile(g, known, TODAY);
    rmSync(small);
    expect(spawnSync('mkfifo', [small]).status).toBe(0);
    expectUserError(() => evidenceAsChecked(a!), g, /evidence$/, /evidence file "small\.md" cannot be read any more \(is not a regular file but a FIFO/);
  });

  it('hashes each evidence file once and gives it one unique place in the package', () => {
    mkdirSync(join(dir, 'ev/a'), { recursive: true });
    mkdirSync(join(dir, 'ev/b'), { recursive: true });
    writeFileSync(join(dir, 'ev/a/roster.md'), 'roster A\n');
    writeFileSync(join(dir, 'ev/b/roster.md'), 'roster B\n');
    const f = join(dir, 'ev/att.yaml');
    writeFileSync(f, yaml(row({ evidence: 'a/roster.md' }) + row({ control: 'at-3', evidence: 'b/roster.md' }) + row({ control: 'at-2', evidence: 'a/roster.md', expires: '2026-10-01' })));
    const list = loadAttestationsFile(f, known, TODAY);
    expect(list.map((a) => [a.key, a.status, a.evidenceHref, a.evidenceSha256])).toEqual([
      ['at-2#1', 'valid', 'evidence/attestations/roster.md', sha256(Buffer.from('roster A\n'))],
      ['at-3#1', 'valid', 'evidence/attestations/roster-2.md', sha256(Buffer.from('roster B\n'))],
      ['at-2#2', 'expired', 'evidence/attestations/roster.md', sha256(Buffer.from('roster A\n'))],
    ]);
  });
});

describe('attestations as findings', () => {
  /** Reviewed by an assessor other than the attester unless `reviewed` is false. */
  const att = (controlId: string, expires: string, method: 'INTERVIEW' | 'EXAMINE' = 'EXAMINE', reviewed = true): Attestation =>
    finishAttestations([{ controlId, statement: 's', who: { name: 'N', role: 'R' }, when: '2026-01-01', expires, method, evidence: 'e.md', evidencePath: 'e.md', file: 'a.yaml', where: '/0', ...(reviewed ? { reviewedBy: { name: 'Assessor A' } } : {}) }], () => 'ab'.repeat(32), TODAY)[0]!;
  const info = (id: string) => controlInfo(index, id);
  /** A control decided by one check X, which names every leaf objective of it. */
  const automated = (id: string, state: 'satisfied' | 'not-satisfied', reason: 'pass' | 'fail' | 'other'): ControlFinding => {
    const leaves = info(id)!.leaves!;
    return {
      controlId: id, title: id, targetId: `${id}_obj`, targetType: 'objective-id', state, reason, checkIds: ['X'], failing: reason === 'fail' ? [{ deviceId: 'D', checkId: 'X' }] : [], deviations: [], notCollected: [], inBaseline: true, resultCount: 1, passCount: state === 'satisfied' ? 1 : 0,
      leaves,
      objectives: leaves.map((objectiveId) => ({ objectiveId, state, reason, checkIds: ['X'], failingDevices: reason === 'fail' ? ['D'] : [], failingCount: reason === 'fail' ? 1 : 0, deviationCount: 0, notCollectedCount: 0, notShownDevices: [], notShownCount: 0 })),
      uncovered: [],
    };
  };
  const partOf = (a: Attestation, objectives: string[]): Attestation => ({ ...a, parts: objectives, objectives });

  it('a current attestation satisfies a control no check covers (reason pass); its method is kept', () => {
    const [f] = withAttestations([], [att('pe-3', '2027-04-20', 'INTERVIEW')], info, () => true);
    expect(f).toMatchObject({ controlId: 'pe-3', title: 'Physical Access Control', targetId: 'pe-3_obj', state: 'satisfied', reason: 'pass', checkIds: [], inBaseline: true });
    expect(f!.attestations!.map((a) => a.method)).toEqual(['INTERVIEW']);
  });

  it('a current attestation nobody reviewed is "attested, awaiting review": the control is not satisfied', () => {
    const [f] = withAttestations([], [att('pe-3', '2027-04-20', 'INTERVIEW', false)], info, () => true);
    expect(f).toMatchObject({ controlId: 'pe-3', state: 'not-satisfied', reason: 'other' });
    // It does not spoil what a passing check shows, either.
    const [g] = withAttestations([automated('ac-2', 'satisfied', 'pass')], [att('ac-2', '2027-01-01', 'EXAMINE', false)], info, () => true);
    expect(g!.state).toBe('satisfied');
  });

  it('an attestation expired at the assessment day leaves the control not satisfied, with the expiry', () => {
    const [f] = withAttestations([], [att('pl-4', '2026-11-27')], info, () => false);
    expect(f).toMatchObject({ controlId: 'pl-4', state: 'not-satisfied', reason: 'other', inBaseline: false });
    expect(f!.attestations!.map((a) => [a.status, a.expires])).toEqual([['expired', '2026-11-27']]);
    // Valid through its last day.
    expect(withAttestations([], [att('pl-4', TODAY)], info, () => true)[0]!.state).toBe('satisfied');
  });

  it('with automated checks: attestations add, never override, and the findings stay in control order', () => {
    const out = withAttestations(
      [automated('ac-2', 'satisfied', 'pass'), automated('ac-7', 'not-satisfied', 'fail'), automated('cm-6', 'satisfied', 'pass')],
      [att('cm-6', '2026-01-31'), att('ac-7', '2027-01-01'), att('ac-2', '2027-01-01'), att('at-2', '2027-01-01')],
      info,
      () => true,
    );
    expect(out.map((f) => [f.controlId, f.state, f.reason, f.attestations?.length ?? 0])).toEqual([
      ['ac-2', 'satisfied', 'pass', 1],
      ['ac-7', 'not-satisfied', 'fail', 1], // a current attestation does not mend a failed check
      ['at-2', 'satisfied', 'pass', 1],
      ['cm-6', 'not-satisfied', 'other', 1], // an expired one spoils a passing control
    ]);
  });

  it('an attestation of some objectives leaves the control partially assessed, naming the others', () => {
    const first = info('pe-3')!.leaves![0]!; // pe-3_obj.a.1 in the catalog
    const [f] = withAttestations([], [partOf(att('pe-3', '2027-04-20'), [first])], info, () => true);
    expect(f).toMatchObject({ controlId: 'pe-3', state: 'partial', reason: 'other' });
    expect(f!.objectives.map((o) => [o.objectiveId, o.state, o.attestedBy])).toEqual([[first, 'satisfied', ['pe-3#1']]]);
    expect(f!.uncovered.map((u) => u.objectiveId)).toEqual(info('pe-3')!.leaves!.slice(1));
    expect(f!.uncovered.every((u) => u.why === 'no-check')).toBe(true);
  });

  it('an expired attestation makes the objectives it covers not satisfied, and with them the control', () => {
    const first = info('pe-3')!.leaves![0]!;
    const [f] = withAttestations([], [partOf(att('pe-3', '2026-11-01'), [first])], info, () => true);
    expect(f).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    expect(f!.objectives[0]).toMatchObject({ objectiveId: first, state: 'not-satisfied', reason: 'other' });
  });

  it('completes a control the checks showed in part; never mends an objective a check failed', () => {
    // ac-8: the banner check shows a and b; an attestation covers the rest (the banner's content, public systems).
    const leaves = info('ac-8')!.leaves!;
    const shown = ['ac-8_obj.a', 'ac-8_obj.b'];
    const partial: ControlFinding = {
      ...automated('ac-8', 'satisfied', 'pass'), state: 'partial', reason: 'other',
      objectives: automated('ac-8', 'satisfied', 'pass').objectives.filter((o) => shown.includes(o.objectiveId)),
      uncovered: leaves.filter((l) => !shown.includes(l)).map((objectiveId) => ({ objectiveId, why: 'no-check' as const })),
    };
    const rest = leaves.filter((l) => !shown.includes(l));
    const [done] = withAttestations([partial], [partOf(att('ac-8', '2027-01-01'), rest)], info, () => true);
    expect(done).toMatchObject({ state: 'satisfied', reason: 'pass', uncovered: [] });
    // The whole control attested, but one objective failed on a device: it stays failed.
    const failed = automated('ac-8', 'not-satisfied', 'fail');
    const [still] = withAttestations([failed], [att('ac-8', '2027-01-01')], info, () => true);
    expect(still).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
    expect(still!.objectives.every((o) => o.state === 'not-satisfied' && o.attestedBy?.[0] === 'ac-8#1')).toBe(true);
  });

  it('reads "objectives" as objective or statement ids of the control and refuses others', () => {
    const treeOf = (id: string) => assessmentOf(index, id)?.objective;
    const rowWith = (parts: string) => row({ control: 'ac-2' }) + `    objectives: ${parts}\n`;
    const [bySmt] = parseAttestations(yaml(rowWith('[ac-2_smt.d]')), 'a.yaml', known, TODAY, treeOf);
    expect(bySmt).toMatchObject({ parts: ['ac-2_smt.d'], objectives: ['ac-2_obj.d.1', 'ac-2_obj.d.2', 'ac-2_obj.d.3-1', 'ac-2_obj.d.3-2'] });
    // A group objective stands for the objectives under it; a leaf for itself.
    const [byObj] = parseAttestations(yaml(rowWith('[ac-2_obj.k, ac-2_obj.b]')), 'a.yaml', known, TODAY, treeOf);
    expect(byObj!.objectives).toEqual(['ac-2_obj.b', 'ac-2_obj.k-1', 'ac-2_obj.k-2']);
    const csv = 'control,statement,who,role,when,expires,evidence,method,objectives\nac-2,s,N,R,2026-10-20,2027-04-20,b.md,EXAMINE,ac-2_obj.b; ac-2_smt.g\n';
    expect(parseAttestations(csv, 'a.csv', known, TODAY, treeOf)[0]!.objectives).toEqual(['ac-2_obj.b', 'ac-2_obj.g']);
    expectUserError(() => parseAttestations(yaml(rowWith('[ac-7_obj.a]')), 'a.yaml', known, TODAY, treeOf), 'a.yaml', /^\/attestations\/0\/objectives$/, /"ac-7_obj\.a" is neither an assessment objective \(ac-2_obj…\) nor a statement \(ac-2_smt…\) of ac-2/);
    expectUserError(() => parseAttestations(yaml(rowWith('[ac-2_obj.z]')), 'a.yaml', known, TODAY, treeOf), 'a.yaml', /objectives$/, /"ac-2_obj\.z" is neither/);
  });

  it('an objective that is a leaf with objectives under it stands for itself only: ac-8_obj.a attested leaves a.1-a.4 (what the banner says) to the assessor', () => {
    const treeOf = (id: string) => assessmentOf(index, id)?.objective;
    const [rec] = parseAttestations(yaml(row({ control: 'ac-8' }) + '    objectives: [ac-8_obj.a]\n'), 'a.yaml', known, TODAY, treeOf);
    expect(rec!.objectives).toEqual(['ac-8_obj.a']);
    // Its statement still stands for the statement's items (ac-8_smt.a: a and a.1-a.4).
    const [bySmt] = parseAttestations(yaml(row({ control: 'ac-8' }) + '    objectives: [ac-8_smt.a]\n'), 'a.yaml', known, TODAY, treeOf);
    expect(bySmt!.objectives).toEqual(['ac-8_obj.a', 'ac-8_obj.a.1', 'ac-8_obj.a.2', 'ac-8_obj.a.3', 'ac-8_obj.a.4']);
    // The control's verdict: ac-8_obj.a satisfied by it, a.1-a.4 left to the assessor, so partially assessed.
    const [f] = withAttestations([], [partOf(att('ac-8', '2027-01-01'), rec!.objectives!)], info, () => true);
    expect(f!.state).toBe('partial');
    expect(f!.objectives.filter((o) => o.state === 'satisfied').map((o) => o.objectiveId)).toEqual(['ac-8_obj.a']);
    expect(f!.uncovered.map((u) => u.objectiveId)).toEqual(expect.arrayContaining(['ac-8_obj.a.1', 'ac-8_obj.a.2', 'ac-8_obj.a.3', 'ac-8_obj.a.4']));
  });

  it('an attested control leaves the manual list', () => {
    const checks = loadCatalog().checks;
    expect(manualControlsAfterAttestations(['ac-7', 'at-2', 'pe-3', 'pl-4'], checks, [att('pe-3', '2027-01-01')])).toEqual(['at-2', 'pl-4']);
  });
});

describeWithShared('assess with a tailored profile, the catalog, and attestations', () => {
  let profile: string;
  let outcome: AssessOutcome;
  let ar: Json;
  let result: Json;
  let pageTexts: string[];
  let outline: Array<{ title: string; dest: unknown }>;
  let pdfDoc: Awaited<ReturnType<typeof getDocument>['promise']>;
  const pkg = () => join(dir, 'pkg');

  beforeAll(async () => {
    profile = sharedProfileFixture('org-moderate-tailored.json', dir);
    outcome = await runAssess({
      inputs: [join(root, 'samples')], out: pkg(), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test',
      deviations: join(root, 'samples/deviations.csv'),
      // HIGH's resolved catalog stands in for NIST's full catalog (not in the shared folder).
      catalog: rev5.resolved('HIGH'),
      profile,
      attestations: join(root, 'samples/attestations.yaml'),
    });
    ar = JSON.parse(readFileSync(join(pkg(), 'assessment-results.json'), 'utf8'));
    result = ar['assessment-results'].results[0];
    pdfDoc = await getDocument({ data: new Uint8Array(readFileSync(join(pkg(), 'evidence-package.pdf'))), verbosity: 0 }).promise;
    pageTexts = [];
    for (let n = 1; n <= pdfDoc.numPages; n++) {
      const content = await (await pdfDoc.getPage(n)).getTextContent();
      pageTexts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' '));
    }
    outline = ((await pdfDoc.getOutline()) ?? []) as typeof outline;
  }, 120_000);
  afterAll(async () => {
    await pdfDoc?.destroy();
  });

  const findingOf = (control: string): Json => result.findings.find((f: Json) => f.props.some((p: Json) => p.name === 'control-id' && p.value === control));
  const obsByUuid = (uuid: string): Json => result.observations.find((o: Json) => o.uuid === uuid);

  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`the assessment results and plan validate against NIST's ${version} schema`, () => {
      expect(validateOscal(ar, version)).toEqual([]);
      expect(validateOscal(JSON.parse(readFileSync(join(pkg(), 'assessment-plan.json'), 'utf8')), version)).toEqual([]);
    });
  }

  it('is clean under the producer rules, the attestation evidence hashes included', () => {
    const readFile = (rel: string) => {
      try {
        return readFileSync(join(pkg(), rel));
      } catch {
        return undefined;
      }
    };
    // Strict: every reference resolves here, except the attestations' subject, the SSP's this-system component (import chain).
    const ssp = JSON.parse(readFileSync(join(pkg(), 'ssp.json'), 'utf8'));
    const thisSystem = ssp['system-security-plan']['system-implementation'].components.find((c: Json) => c.type === 'this-system').uuid;
    const problems = checkProducerRules(ar, { controlIndex: index, expectedOscalVersion: '1.1.3', strictRefs: true, readFile });
    expect(problems.filter((p) => !(p.rule === 'ref-unresolved' && p.message.includes(thisSystem)))).toEqual([]);
  });

  it('records that the profile, not the baseline, chose the controls', () => {
    expect(propOf(result, 'control-selection')).toBe('profile');
    expect(propOf(result, 'profile')).toMatch(/org-moderate-tailored\.json \(Radiology imaging fleet: MODERATE tailored\); \d+ controls/);
    // au-9.2 (HIGH only, added by the profile) is in scope; sc-28.1 (MODERATE, excluded) is not.
    expect(propOf(findingOf('au-9.2'), 'in-baseline')).toBe('yes');
    expect(propOf(findingOf('sc-28.1'), 'in-baseline')).toBe('no');
    // The manual list follows the profile: pe-17 (excluded) is gone, ac-2.11 (added) is there.
    expect(outcome.manual).not.toContain('pe-17');
    expect(outcome.manual).toContain('ac-2.11');
  });

  it('a current attestation satisfies at-2\'s objectives it names through an EXAMINE observation citing the evidence copy and its hash', () => {
    // The objective the attestation names (the control's own finding is partially assessed: it names only some).
    const f = result.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj.a.1-1');
    expect(f.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(f['related-observations']).toHaveLength(1);
    const o = obsByUuid(f['related-observations'][0]['observation-uuid']);
    expect(o.methods).toEqual(['EXAMINE']);
    // Attested on 2026-09-15, a day with no zone: its first start anywhere (docs/documents.md).
    expect(o.collected).toBe('2026-09-15T00:00:00+14:00');
    // Origin: the assessor who reviewed it, not the attester; subject: what was attested (the SSP's this-system).
    const party = ar['assessment-results'].metadata.parties.find((p: Json) => p.uuid === o.origins[0].actors[0]['actor-uuid']);
    expect(party.name).toBe('Tomás Ibarra');
    expect(o.subjects[0].type).toBe('component');
    expect(propOf(o, 'attested-by')).toMatch(/^Dana Whitfield/);
    const res = ar['assessment-results']['back-matter'].resources.find((r: Json) => `#${r.uuid}` === o['relevant-evidence'][0].href);
    const source = readFileSync(join(root, 'samples/attestations/at-2-awareness-roster-2026.md'));
    expect(res.rlinks[0].href).toBe('evidence/attestations/at-2-awareness-roster-2026.md');
    expect(res.rlinks[0].hashes[0].value).toBe(sha256(source));
    expect(readFileSync(join(pkg(), res.rlinks[0].href))).toEqual(source);
    expect(obsByUuid(findingOf('pe-3')['related-observations'][0]['observation-uuid']).methods).toEqual(['INTERVIEW']);
  });

  it('the expired pl-4 attestation leaves pl-4 not satisfied, saying when it expired', () => {
    const f = findingOf('pl-4');
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(f.description).toContain('expired 2026-09-30');
    expect(obsByUuid(f['related-observations'][0]['observation-uuid']).expires).toBe('2026-09-30T23:59:59+14:00'); // its last day's end at UTC+14:00
    expect(outcome.warnings.some((w) => /attestation of pl-4 .* expired on 2026-09-30/.test(w))).toBe(true);
  });

  it('attested controls leave the manual list', () => {
    for (const id of ['at-2', 'pe-3', 'pl-4']) expect(outcome.manual).not.toContain(id);
    // at-3's attestation names one objective of several: the control is attested in part and
    // the rest stays with the assessor (partially assessed, listed with the objectives left).
    const at3 = outcome.findings.find((f) => f.control === 'at-3');
    expect(at3?.state).toBe('partial');
    expect(at3?.objectivesLeft?.length).toBeGreaterThan(0);
    expect(at3?.objectivesLeft).not.toContain('at-3_obj.a.1-1');
    expect(result['reviewed-controls']['control-selections'].find((s: Json) => s.props?.some((p: Json) => p.value === 'attestation'))['include-controls'].map((c: Json) => c['control-id'])).toEqual(['at-2', 'at-3', 'pe-3', 'pl-4']);
  });

  it('the PDF lists the attestations in their own section, apart from the automated results', async () => {
    const i = outline.findIndex((o) => o.title === 'Manual attestations');
    expect(i).toBeGreaterThan(outline.findIndex((o) => o.title === 'Controls needing manual assessment'));
    const pageOf = async (dest: unknown) => (await pdfDoc.getPageIndex(((typeof dest === 'string' ? await pdfDoc.getDestination(dest) : dest) as any[])[0])) + 1;
    const first = await pageOf(outline[i]!.dest);
    // The next section may start on the page this one ends on.
    const last = Math.max(first, await pageOf(outline[i + 1]!.dest));
    const section = pageTexts.slice(first - 1, last).join(' ');
    for (const [control, who, status, file] of [
      ['at-2', 'Dana Whitfield', 'valid', 'at-2-awareness-roster-2026.md'],
      ['pe-3', 'Marcus Oyelaran', 'attested, awaiting review', 'pe-3-badge-access-review-2026Q3.md'],
      ['pl-4', 'Dana Whitfield', 'expired', 'pl-4-rules-of-behavior-signatures-2025.md'],
    ] as const) {
      expect(section).toContain(control);
      expect(section).toContain(who);
      expect(section).toContain(status);
      // Whole, on one line.
      expect(section).toContain(sha256(readFileSync(join(root, 'samples/attestations', file))));
    }
    expect(section).toContain('2026-09-30');
    // The automated results (the layer sections) do not carry the attestations' statements.
    const layers = outline.filter((o) => o.title.startsWith('Layer: '));
    const lFirst = await pageOf(layers[0]!.dest);
    const lLast = (await pageOf(outline[outline.indexOf(layers[layers.length - 1]!) + 1]!.dest)) - 1;
    expect(pageTexts.slice(lFirst - 1, lLast).join(' ')).not.toContain('badge-access review');
  });

  it('is deterministic: the same inputs and clock give the same assessment results', async () => {
    await runAssess({
      inputs: [join(root, 'samples')], out: join(dir, 'again'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false,
      deviations: join(root, 'samples/deviations.csv'),
      catalog: rev5.resolved('HIGH'),
      profile,
      attestations: join(root, 'samples/attestations.yaml'),
    });
    expect(readFileSync(join(dir, 'again', 'assessment-results.json'), 'utf8')).toBe(readFileSync(join(pkg(), 'assessment-results.json'), 'utf8'));
  }, 60_000);

  it('the profile\'s added part reaches the ac-8 statement in the PDF', () => {
    expect(pageTexts.join(' ')).toContain('Imaging consoles show the hospital banner on the acquisition screen');
  });
});
