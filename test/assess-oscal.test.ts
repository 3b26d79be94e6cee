// End to end on the bundled samples: run the assessment in-process, then read the package as an
// assessor would: NIST's schemas, the producer rules, and the meaning of the findings.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess, type AssessOutcome } from '../src/assess/run.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { assessmentOf, leafObjectives } from '../src/catalog/objectives.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { sha256Hex } from '../src/oscal/ids.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { rev5 } from './support/shared.js';
import { observationOf, resultsByDevice, deviceUuids } from './support/observations.js';
import { propOf } from './support/oscal-json.js';

const root = new URL('..', import.meta.url).pathname;
/** The package clock npm start uses (package.json): the evening of the last collection round. */
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

let dir: string;
let outcome: AssessOutcome;
let ar: Json;
let ap: Json;

function run(out: string, now = NOW): Promise<AssessOutcome> {
  return runAssess({
    inputs: [join(root, 'samples')],
    out,
    force: false,
    baseline: 'moderate',
    now,
    toolVersion: 'test',
    deviations: join(root, 'samples/deviations.csv'),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-ar-'));
  outcome = await run(join(dir, 'pkg'));
  ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'));
  ap = JSON.parse(readFileSync(join(dir, 'pkg/assessment-plan.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = () => ar['assessment-results'].results[0] as Json;
const observation = (device: string, check: string): Json => observationOf(ar, device, check);
const finding = (control: string): Json => {
  const f = result().findings.find((x: Json) => x.props.some((p: Json) => p.name === 'control-id' && p.value === control));
  if (!f) throw new Error(`no finding for ${control}`);
  return f;
};

describeWithShared('emitted OSCAL passes NIST schemas and the producer rules', () => {
  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`assessment-results validates against ${version}`, () => expect(validateOscal(ar, version)).toEqual([]));
    it(`assessment-plan validates against ${version}`, () => expect(validateOscal(ap, version)).toEqual([]));
  }
  it('passes the rules the schema cannot state (uuids, references, control ids, hashes of cited files)', () => {
    const opts = {
      controlIndex: loadControlIndex(),
      expectedOscalVersion: '1.1.3',
      strictRefs: true,
      readFile: (rel: string) => {
        try {
          return readFileSync(join(dir, 'pkg', rel));
        } catch {
          return undefined;
        }
      },
    };
    expect(checkProducerRules(ar, opts)).toEqual([]);
    // The plan names the SSP's inventory items (import-ssp) without redefining them: strict
    // references would call those unresolved, so they are checked against ssp.json instead.
    expect(checkProducerRules(ap, { ...opts, strictRefs: false })).toEqual([]);
    const ssp = JSON.parse(readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8'));
    const sspItems = new Set(ssp['system-security-plan']['system-implementation']['inventory-items'].map((i: Json) => i.uuid));
    for (const s of ap['assessment-plan']['assessment-subjects'][0]['include-subjects']) expect(sspItems.has(s['subject-uuid'])).toBe(true);
  });
});

describe('the package', () => {
  it('assesses the most recent snapshot of each device and says which', () => {
    expect(outcome.devices.map((d) => [d.id, d.collectedAt.slice(0, 10), d.superseded.map((s) => s.collectedAt.slice(0, 10))])).toEqual([
      ['CT-01', '2026-11-02', ['2026-09-07', '2026-10-05']],
      ['LAB-01', '2026-11-02', ['2026-09-07', '2026-10-05']],
      ['MR-01', '2026-11-02', ['2026-09-07', '2026-10-05']],
      ['MR-02', '2026-11-02', ['2026-09-07', '2026-10-05']],
      ['US-01', '2026-09-07', []],
    ]);
    // The devices are defined once, in the SSP; the results name each through its evidence resource.
    expect(result()['local-definitions']['inventory-items']).toBeUndefined();
    expect(deviceUuids(ar).size).toBe(5);
  });

  it('holds one result per device and check, devices with the same result sharing one observation', () => {
    const byDevice = resultsByDevice(ar);
    expect(byDevice.size).toBe(5 * outcome.summary.checks);
    const automated = result().observations.filter((o: Json) => o.props.some((p: Json) => p.name === 'check-id'));
    expect(automated.length).toBeLessThan(5 * outcome.summary.checks);
    // The samples share many settings: some observations hold several devices (test/observation-groups.test.ts
    // checks that the per-device results read from them are the ungrouped evaluation's).
    expect(automated.some((o: Json) => o.subjects.length > 1)).toBe(true);
    // Each subject device has its snapshot as a back-matter resource naming its inventory item, with the collection time.
    const resources = ar['assessment-results']['back-matter'].resources as Json[];
    const subjects = new Set<string>(automated.flatMap((o: Json) => o.subjects.map((s: Json) => s['subject-uuid'])));
    for (const u of subjects) {
      const r = resources.find((x) => x.props.some((p: Json) => p.name === 'inventory-item-uuid' && p.value === u));
      expect(r, `the evidence resource of ${u}`).toBeDefined();
      expect(r!.props.find((p: Json) => p.name === 'snapshot-collected').value).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  it('cites evidence files whose SHA-256 matches, and never leaks the LDAP bind password', () => {
    // The snapshots (the --deviations file has a resource of its own: test/assess-option-files.test.ts).
    const resources = (ar['assessment-results']['back-matter'].resources as Json[]).filter((r) => r.props.some((p: Json) => p.name === 'type' && p.value === 'evidence'));
    expect(resources).toHaveLength(5);
    for (const r of resources) {
      const link = r.rlinks[0];
      expect(sha256Hex(readFileSync(join(dir, 'pkg', link.href)))).toBe(link.hashes[0].value);
    }
    const mr01 = resources.find((r) => r.props.some((p: Json) => p.name === 'device-id' && p.value === 'MR-01'))!;
    expect(mr01.props.some((p: Json) => p.name === 'redacted')).toBe(true);
    const secret = 'S3cr3t-LDAP-bind!';
    const all = [join(dir, 'pkg/assessment-results.json'), join(dir, 'pkg/assessment-plan.json'), join(dir, 'pkg/poam.json'), ...readdirSync(join(dir, 'pkg/evidence')).map((f) => join(dir, 'pkg/evidence', f))];
    for (const f of all) expect(readFileSync(f, 'utf8')).not.toContain(secret);
    // ...while the source snapshot really did hold it (so the test can fail).
    expect(readFileSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')).toContain(secret);
  });

  it('imports the plan written beside it, and the plan names the same devices', () => {
    expect(ar['assessment-results']['import-ap'].href).toBe('assessment-plan.json');
    const apItems = ap['assessment-plan']['assessment-subjects'][0]['include-subjects'].map((i: Json) => i['subject-uuid']);
    const arItems = [...deviceUuids(ar).values()];
    expect(new Set(apItems)).toEqual(new Set(arItems));
    expect(ap['assessment-plan']['local-definitions']['inventory-items']).toBeUndefined();
  });
});

describe('verdicts carry the traps of CHECKS.md', () => {
  it('lockout threshold 0 on LAB-01 fails, and ac-7 is not satisfied naming LAB-01', () => {
    const o = observation('LAB-01', 'LOCKOUT-THRESHOLD');
    expect(propOf(o, 'result')).toBe('fail');
    expect(propOf(o, 'observed-value')).toBe('0');
    const f = finding('ac-7');
    expect(f.target).toMatchObject({ type: 'objective-id', 'target-id': 'ac-7_obj', status: { state: 'not-satisfied', reason: 'fail' } });
    expect(f.description).toContain('LAB-01 (LOCKOUT-THRESHOLD)');
    const risk = result().risks.find((r: Json) => r.uuid === f['related-risks'][0]['risk-uuid']);
    expect(risk.status).toBe('open');
    expect(risk.statement).toMatch(/LOCKOUT-THRESHOLD \(.+\) failed on 1 device\(s\)\. Remediation: \S/);
    // In the words of controls/check-wording.yaml (the raw value stays in the observation's props).
    expect(risk.statement).toMatch(/- LAB-01: Account lockout threshold: 0 \(never locks\)\. Required: 1 to 3 /);
  });

  it('lockout duration -1 on MR-02 passes', () => {
    const o = observation('MR-02', 'LOCKOUT-DURATION');
    expect(propOf(o, 'observed-value')).toBe('-1');
    expect(propOf(o, 'result')).toBe('pass');
  });

  it('password max age -1 (LAB-01) and 0 (CT-01) fail', () => {
    expect(propOf(observation('LAB-01', 'PWD-MAX-AGE'), 'result')).toBe('fail');
    expect(propOf(observation('CT-01', 'PWD-MAX-AGE'), 'result')).toBe('fail');
    expect(propOf(observation('MR-02', 'PWD-MAX-AGE'), 'result')).toBe('pass');
  });

  it('signature age is measured from collectedAt: 3 days passes (MR-02), 12 days fails (CT-01); the pass expires when the signatures turn 7 days old', () => {
    const mr02 = observation('MR-02', 'MAL-SIG-AGE');
    expect(propOf(mr02, 'result')).toBe('pass');
    expect(mr02.expires).toBe('2026-11-06T10:37:00Z'); // signatures of 2026-10-30T10:37 + 7 days, before collection + 30 days
    const ct01 = observation('CT-01', 'MAL-SIG-AGE');
    expect(propOf(ct01, 'result')).toBe('fail');
    expect(ct01.expires).toBe('2026-12-02T13:05:00Z'); // a fail holds until the evidence turns stale
  });

  it('screen-lock timeout 0 on MR-01 is a documented deviation, never a pass, and ac-11 is not satisfied', () => {
    const o = observation('MR-01', 'SCREEN-LOCK-TIMEOUT');
    expect(propOf(o, 'result')).toBe('deviation');
    expect(propOf(o, 'deviation')).toMatch(/Jonas Lindqvist .* until 2027-06-30/);
    const f = finding('ac-11');
    expect(f.target.status.state).toBe('not-satisfied');
    const risk = result().risks.find((r: Json) => r.uuid === f['related-risks'][0]['risk-uuid']);
    expect(risk.statement).toContain('MR-01, SCREEN-LOCK-TIMEOUT');
  });

  it('an expired deviation no longer applies (BITLOCKER-PREBOOT on CT-01)', () => {
    const o = observation('CT-01', 'BITLOCKER-PREBOOT');
    expect(propOf(o, 'result')).toBe('fail');
    expect(propOf(o, 'expired-deviation')).toMatch(/expired 2026-09-30/);
  });

  it('Windows 7 fails the OS-supported check (sa-22)', () => {
    expect(propOf(observation('LAB-01', 'OS-SUPPORTED'), 'result')).toBe('fail');
    expect(finding('sa-22').target.status.state).toBe('not-satisfied');
  });

  it('records the parameter each result used and where it came from', () => {
    const p = observation('LAB-01', 'LOCKOUT-THRESHOLD').props.filter((x: Json) => x.name === 'parameter').map((x: Json) => x.value);
    expect(p).toContain('lockout-threshold-max = 3 (default)');
    // The default's basis is said once, by the result: each parameter's value and whole origin.
    const stated = result().props.filter((x: Json) => x.name === 'parameter').map((x: Json) => x.value as string);
    expect(stated.filter((t) => t.startsWith('lockout-threshold-max = '))).toEqual([expect.stringMatching(/^lockout-threshold-max = 3 \(default; basis: DISA Windows 10 STIG/)]);
  });

  it("no observation repeats a default's basis; the result states it for every parameter an observation names", () => {
    const bases = loadCatalog().parameters.map((d) => d.basis).filter((b) => b && b.length > 20);
    const stated = new Map<string, string>(result().props.filter((x: Json) => x.name === 'parameter').map((x: Json) => [x.value.slice(0, x.value.indexOf(' = ')), x.value]));
    let named = 0;
    for (const o of result().observations as Json[]) {
      for (const t of (o.props ?? []).filter((x: Json) => x.name === 'parameter').map((x: Json) => x.value as string)) {
        named++;
        expect(bases.filter((b) => t.includes(b)), t).toEqual([]);
        const whole = stated.get(t.slice(0, t.indexOf(' = ')));
        expect(whole, t).toBeDefined();
        // The same value and origin kind, the whole origin only added ("(default; basis: …)": one bracket level).
        expect(whole === t || whole!.startsWith(`${t.slice(0, -1)}; basis: `), `${t} / ${whole}`).toBe(true);
        expect(whole, t).not.toMatch(/\((?:default|not defined by the organisation) \(/);
      }
    }
    expect(named).toBeGreaterThan(0);
  });

  it('every failed finding has a risk with a severity; satisfied findings have none', () => {
    for (const f of result().findings as Json[]) {
      const failed = f.target.status.reason === 'fail';
      if (failed) {
        const risk = result().risks.find((r: Json) => r.uuid === f['related-risks']?.[0]?.['risk-uuid']);
        expect(risk, f.title).toBeDefined();
        expect(propOf(risk, 'severity')).toMatch(/^CAT (I|II|III)$/);
        expect(risk.status).toBe('open');
      }
      if (f.target.status.state === 'satisfied') expect(f['related-risks']).toBeUndefined();
    }
  });

  it('lists uncovered baseline controls for manual assessment and claims no finding for them', () => {
    expect(outcome.manual.length).toBeGreaterThan(100);
    expect(outcome.manual).toContain('pe-3'); // physical access: no console setting evidences it
    const manualSel = result()['reviewed-controls']['control-selections'].find((s: Json) => s.props?.some((p: Json) => p.value === 'manual'));
    expect(manualSel['include-controls'].map((c: Json) => c['control-id'])).toEqual(outcome.manual);
    const findingControls = new Set(result().findings.flatMap((f: Json) => f.props.filter((p: Json) => p.name === 'control-id').map((p: Json) => p.value)));
    for (const m of outcome.manual) expect(findingControls.has(m)).toBe(false);
  });
});

describe('evidence age at the package clock (2026-11-02T18:00:00Z), coverage and intended values', () => {
  it('US-01 (collected 2026-09-07) is stale: its passes are not collected with the age, its failures stay failures marked stale', () => {
    expect(outcome.summary.evidence).toEqual({ maxAgeDays: 30, staleDevices: ['US-01'], lapsedPasses: 1 });
    const pass = observation('US-01', 'LOCKOUT-THRESHOLD');
    expect(propOf(pass, 'result')).toBe('not-collected');
    expect(propOf(pass, 'not-collected-reason')).toMatch(/^the evidence is stale: collected 2026-09-07T15:20:00Z, 56 days 2 hours before the assessment \(2026-11-02T18:00:00Z\), older than the 30 days accepted \(parameter evidence-max-age-days\); at collection the result was pass$/);
    expect(pass.expires).toBe('2026-10-07T15:20:00Z');
    const fail = observation('US-01', 'OS-UPDATES-RECENT');
    expect(propOf(fail, 'result')).toBe('fail');
    expect(propOf(fail, 'evidence-stale')).toBeDefined();
    // a stale device leaves no control it touches satisfied: ac-7 passed on the four current consoles but LAB-01
    expect(finding('ac-7').description).toContain('LAB-01');
  });

  it('MR-02\'s TIME-SYNC passed at collection but lapsed before the clock: not a pass at --now, with the lapse time', () => {
    const o = observation('MR-02', 'TIME-SYNC');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'lapsed')).toBe('2026-11-02T11:37:00Z');
    expect(o.expires).toBe('2026-11-02T11:37:00Z');
    expect(propOf(o, 'not-collected-reason')).toMatch(/passed at collection \(2026-11-02T10:37:00Z\), but its time limit \(Last successful synchronisation: within the 24 hours before collection\) lapsed at 2026-11-02T11:37:00Z/);
    // MR-01's sync, 41 minutes before its collection, still holds at the clock
    expect(propOf(observation('MR-01', 'TIME-SYNC'), 'result')).toBe('pass');
  });

  it('the POA&M\'s copies of the observations carry expires and the stale mark too', () => {
    const poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
    const o = poam.observations.find((x: Json) => x.title === 'OS-UPDATES-RECENT on US-01');
    expect(o.expires).toBe('2026-10-07T15:20:00Z');
    expect(propOf(o, 'evidence-stale')).toMatch(/collected 2026-09-07T15:20:00Z/);
    for (const x of poam.observations as Json[]) expect(x.expires, x.title).toBeDefined();
  });

  it('every observation carries expires, no later than collection + 30 days', () => {
    for (const o of result().observations as Json[]) {
      expect(o.expires, o.title).toBeDefined();
      expect(Date.parse(o.expires) - Date.parse(o.collected), o.title).toBeLessThanOrEqual(30 * 86_400_000);
    }
  });

  it('MR-01\'s screen lock shows the effective 0, the GPO\'s intended 900, and the vendor application\'s lock as supporting evidence', () => {
    const o = observation('MR-01', 'SCREEN-LOCK-TIMEOUT');
    expect(propOf(o, 'observed-value')).toMatch(/^0 \[effective; intended 900 per MR-01_2026-11-02\/GptTmpl\.inf \(\[Registry Values\] MACHINE\\Software.*InactivityTimeoutSecs, line 58\)\]/);
    expect(propOf(o, 'observed-value')).toContain('supporting evidence, not deciding');
    expect(propOf(o, 'observed-value')).toContain('Application lock (seconds; vendor setting) = 600');
    expect(propOf(o, 'intended-value')).toMatch(/^\/access\/screenLock\/inactivityTimeoutSecs: 900 per MR-01_2026-11-02\/GptTmpl\.inf/);
    expect(propOf(o, 'result')).toBe('deviation');
  });

  it('LAB-01\'s WinRM Basic policies are not collected: the export did not read HKLM\\SOFTWARE\\Policies', () => {
    const o = observation('LAB-01', 'WINRM-NO-BASIC-AUTH');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'not-collected-reason')).toMatch(/^no registry export covering HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WinRM\\Client; the exports read .*HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies/);
  });
});

describe('the PDF evidence package in the assessed package', () => {
  it('carries the digest of every other file, attaches them with matching SHA-256, names failures, and leaks no secret', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const { packageDigestOf, parseManifest } = await import('../src/seal/manifest.js');
    const pkg = join(dir, 'pkg');
    const manifest = parseManifest(readFileSync(join(pkg, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(manifest.files.map((f) => f.path)).toContain('evidence-package.pdf');
    const others = manifest.files.filter((f) => f.path !== 'evidence-package.pdf');
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(join(pkg, 'evidence-package.pdf'))), verbosity: 0 }).promise;
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      text += (await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
    }
    expect(manifest.reportDigest).toEqual({ file: 'evidence-package.pdf', digest: packageDigestOf(others) });
    expect(text.replace(/\s+/g, '')).toContain(manifest.reportDigest!.digest);
    // The same digest where verify reads it back without rendering the cover.
    const { readPdfDigest } = await import('../src/seal/pdf-digest.js');
    expect(readPdfDigest(join(pkg, 'evidence-package.pdf'))).toEqual({ digest: packageDigestOf(others) });
    expect(text).toContain('LOCKOUT-THRESHOLD');
    expect(text).toContain('LAB-01');
    expect(text).not.toContain('S3cr3t-LDAP-bind!');
    const attachments = (await pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    const byName = new Map(Object.values(attachments).map((a) => [a.filename, sha256Hex(Buffer.from(a.content))]));
    for (const f of others) expect(byName.get(f.path.replace(/\//g, '_')), f.path).toBe(f.sha256);
    expect(byName.has('ssp.json')).toBe(true); // the SSP travels with the PDF like the other OSCAL documents
    for (const a of Object.values(attachments)) expect(Buffer.from(a.content).toString('utf8')).not.toContain('S3cr3t-LDAP-bind!');
    await pdf.destroy();
  });
});

describe('format', () => {
  it('the streamed, spooled assessment results are JSON.stringify(doc, null, 2) of themselves, each grouped observation on one line', () => {
    const text = readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8');
    const doc = JSON.parse(text);
    const observations = doc['assessment-results'].results[0].observations as Json[];
    const automated = observations.map((o, i) => (o.props?.some((p: Json) => p.name === 'check-id') ? i : -1)).filter((i) => i >= 0);
    expect(automated.length).toBeGreaterThan(0);
    for (const i of automated) observations[i] = `\u0000${i}` as unknown as Json;
    const expected = JSON.stringify(doc, null, 2).replace(/"\\u0000(\d+)"/g, (_m, i: string) => JSON.stringify(JSON.parse(text)['assessment-results'].results[0].observations[Number(i)])) + '\n';
    expect(text).toBe(expected);
  });
  it('poam.json is JSON.stringify(doc, null, 2) of itself, each copy of an automated observation on one line', () => {
    const text = readFileSync(join(dir, 'pkg/poam.json'), 'utf8');
    const doc = JSON.parse(text);
    const observations = doc['plan-of-action-and-milestones'].observations as Json[];
    const copies = observations.map((o, i) => (o.props?.some((p: Json) => p.name === 'check-id') ? i : -1)).filter((i) => i >= 0);
    expect(copies.length).toBeGreaterThan(0);
    for (const i of copies) observations[i] = `\u0000${i}` as unknown as Json;
    const expected = JSON.stringify(doc, null, 2).replace(/"\\u0000(\d+)"/g, (_m, i: string) => JSON.stringify(JSON.parse(text)['plan-of-action-and-milestones'].observations[Number(i)])) + '\n';
    expect(text).toBe(expected);
  });
  it('leaves no scratch files in the package', () => {
    expect(readdirSync(join(dir, 'pkg')).sort()).toEqual(['assessment-plan.json', 'assessment-results.json', 'evidence', 'evidence-package.pdf', 'manifest.json', 'poam.json', 'results.csv', 'ssp.json']);
  });
});

describe('determinism', () => {
  it('the same inputs and clock give byte-identical files; another clock gives other uuids', async () => {
    await run(join(dir, 'again'));
    for (const f of ['assessment-results.json', 'assessment-plan.json', 'ssp.json', 'poam.json', 'results.csv', 'evidence-package.pdf', 'manifest.json']) {
      expect(readFileSync(join(dir, 'again', f), 'utf8')).toBe(readFileSync(join(dir, 'pkg', f), 'utf8'));
    }
    await run(join(dir, 'later'), '2026-11-29T12:00:00Z');
    const later = JSON.parse(readFileSync(join(dir, 'later/assessment-results.json'), 'utf8'));
    expect(later['assessment-results'].uuid).not.toBe(ar['assessment-results'].uuid);
  });
});

describeWithShared('--catalog with a baseline-resolved catalog and --profile', () => {
  it('takes titles from the user catalog, falls back to the bundled index for the rest, and says so', async () => {
    const warnings: string[] = [];
    const r = await runAssess({
      inputs: [join(root, 'samples')], out: join(dir, 'low'), force: false, baseline: 'low', now: NOW, toolVersion: 'test',
      catalog: rev5.resolved('LOW'),
      profile: rev5.profile('LOW'),
      warn: (m) => warnings.push(m),
    });
    expect(warnings.some((w) => /LOW-baseline-resolved-profile_catalog-min\.json does not define .*sc-7\.5/.test(w))).toBe(true);
    const low = JSON.parse(readFileSync(join(dir, 'low/assessment-results.json'), 'utf8'));
    expect(validateOscal(low, '1.1.3')).toEqual([]);
    // The LOW baseline has 149 controls: those no check covers are the manual list.
    expect(r.manual.length + r.findings.filter((f) => loadControlIndex().controls[f.control]?.baselines.includes('low')).length).toBe(149);
  });
});

describe('findings per SP 800-53A assessment objective', () => {
  const byTarget = (id: string): Json | undefined => result().findings.find((f: Json) => f.target['target-id'] === id);
  const checks = loadCatalog().checks;

  it('splits ac-7 by objective: a (threshold, reset) fails on LAB-01 only, b (duration) on CT-01 only', () => {
    // The observations say why: LAB-01 fails the threshold; CT-01 passes the threshold and fails the
    // duration (10 minutes), and its reset window (15, longer than that lockout: a pair Windows does
    // not hold) is not collected.
    expect(['LOCKOUT-THRESHOLD', 'LOCKOUT-RESET', 'LOCKOUT-DURATION'].map((c) => propOf(observation('CT-01', c), 'result'))).toEqual(['pass', 'not-collected', 'fail']);
    const a = byTarget('ac-7_obj.a')!;
    const b = byTarget('ac-7_obj.b')!;
    expect(a.target).toEqual({ type: 'objective-id', 'target-id': 'ac-7_obj.a', status: { state: 'not-satisfied', reason: 'fail' } });
    expect(a.description).toContain('LAB-01 (LOCKOUT-THRESHOLD)');
    expect(a.description).not.toContain('CT-01');
    expect(b.description).toContain('CT-01 (LOCKOUT-DURATION)');
    expect(b.description).not.toContain('LAB-01');
    expect(propOf(a, 'control-id')).toBe('ac-7');
    // Each relates to the risk of the check that failed it (one risk per weakness), and the control to both.
    const checkOfRisk = (r: Json) => propOf(result().risks.find((x: Json) => x.uuid === r['risk-uuid']), 'check-id');
    expect(a['related-risks'].map(checkOfRisk)).toEqual(['LOCKOUT-THRESHOLD']);
    expect(b['related-risks'].map(checkOfRisk)).toEqual(['LOCKOUT-DURATION']);
    expect(finding('ac-7')['related-risks'].map(checkOfRisk)).toEqual(expect.arrayContaining(['LOCKOUT-THRESHOLD', 'LOCKOUT-DURATION']));
    const obsTitles = (f: Json) => new Set(f['related-observations'].map((r: Json) => result().observations.find((o: Json) => o.uuid === r['observation-uuid']).title.split(' on ')[0]));
    expect(obsTitles(b)).toEqual(new Set(['LOCKOUT-DURATION', 'LOCKOUT-DURATION-LDAP']));
  });

  it('au-9 is not satisfied where event-log file ACLs were not collected (LAB-01), and au-9 b stays left to the assessor', () => {
    // AUDIT-LOG-PERMISSIONS (au-9 a, with AUDIT-PROTECT) reads the event-log file ACLs, which
    // LAB-01's collection does not hold: not collected there, so au-9 a cannot be satisfied.
    const au9 = outcome.findings.find((f) => f.control === 'au-9')!;
    expect(au9).toMatchObject({ state: 'not-satisfied', failingDevices: [], objectivesLeft: ['au-9_obj.b'] });
    expect(propOf(observation('LAB-01', 'AUDIT-LOG-PERMISSIONS'), 'result')).toBe('not-collected');
    expect(byTarget('au-9_obj.a')!.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(byTarget('au-9_obj.b')).toBeUndefined();
    const sel = result()['reviewed-controls'];
    const left = sel['control-objective-selections'].find((s: Json) => propOf(s, 'assessment-method') === 'manual');
    expect(left['include-objectives']).toContainEqual({ 'objective-id': 'au-9_obj.b' });
    expect(left['include-objectives']).not.toContainEqual({ 'objective-id': 'au-9_obj.a' });
  });

  it('claims nothing for an objective no check names: cm-7 a and the review of cm-7(1) are left to the assessor', () => {
    for (const id of ['cm-7_obj.a', 'cm-7.1_obj.a']) expect(byTarget(id), id).toBeUndefined();
    const left = result()['reviewed-controls']['control-objective-selections'].find((s: Json) => propOf(s, 'assessment-method') === 'manual')['include-objectives'].map((x: Json) => x['objective-id']);
    expect(left).toEqual(expect.arrayContaining(['cm-7_obj.a', 'cm-7.1_obj.a', 'ac-8_obj.a.1']));
  });

  it('targets only leaf objectives of the finding\'s control, each named by a check or attestation', () => {
    const named = new Set(checks.flatMap((c) => c.objectives));
    const index = loadControlIndex();
    const objectiveFindings = result().findings.filter((f: Json) => propOf(f, 'objective-id'));
    expect(objectiveFindings.length).toBeGreaterThan(50);
    for (const f of objectiveFindings) {
      const id = f.target['target-id'];
      const leaves = leafObjectives(assessmentOf(index, propOf(f, 'control-id')!)!.objective).map((n) => n.id);
      expect(leaves, id).toContain(id);
      expect(named.has(id), id).toBe(true);
    }
  });

  it('gives every assessed control a finding of its own; a partially assessed one is not-satisfied, reason other, and says so', () => {
    for (const c of outcome.findings) {
      const own = result().findings.filter((f: Json) => propOf(f, 'control-id') === c.control && !propOf(f, 'objective-id') && f.target['target-id'] === `${c.control}_obj`);
      expect(own.length, c.control).toBe(1);
      if (c.state === 'partial') {
        expect(own[0].target.status, c.control).toEqual({ state: 'not-satisfied', reason: 'other' });
        expect(propOf(own[0], 'assessment-state'), c.control).toBe('partially-assessed');
      } else expect(own[0].target.status.state, c.control).toBe(c.state);
    }
  });

  it('the plan lists the objectives the checks are to show, and EXAMINE as the method of every activity', () => {
    const plan = ap['assessment-plan'];
    const planned = plan['reviewed-controls']['control-objective-selections'][0]['include-objectives'].map((x: Json) => x['objective-id']);
    expect(new Set(planned)).toEqual(new Set(checks.flatMap((c) => c.objectives)));
    for (const act of plan['local-definitions'].activities) {
      expect(act.props.filter((p: Json) => p.name === 'method').map((p: Json) => p.value), act.title).toEqual(['EXAMINE']);
      expect(act['related-controls']['control-selections'][0]['include-controls'].length).toBeGreaterThan(0);
    }
    const access = plan['local-definitions'].activities.find((x: Json) => propOf(x, 'layer') === 'access');
    expect(access['related-controls']['control-objective-selections'][0]['include-objectives']).toContainEqual({ 'objective-id': 'ac-7_obj.b' });
  });

  it('observations of a configuration read say EXAMINE', () => {
    expect(observation('LAB-01', 'LOCKOUT-THRESHOLD').methods).toEqual(['EXAMINE']);
  });

  it('the POA&M: a failed objective is a weakness; BITLOCKER-PREBOOT fails sc-28(1) [01], DISK-ENCRYPTION [01] and [02]', () => {
    const poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
    // Each item names the results' findings (same uuids) its check makes not satisfied.
    const itemOf = (check: string) => poam['poam-items'].find((i: Json) => propOf(i, 'weakness-key') === `check:${check}`);
    const targets = (check: string) => itemOf(check)['related-findings'].map((r: Json) => poam.findings.find((f: Json) => f.uuid === r['finding-uuid'])).filter((f: Json) => propOf(f, 'control-id') === 'sc-28.1' && propOf(f, 'objective-id')).map((f: Json) => f.target['target-id']);
    expect(targets('BITLOCKER-PREBOOT')).toEqual(['sc-28.1_obj-1']);
    expect(targets('DISK-ENCRYPTION')).toEqual(['sc-28.1_obj-1', 'sc-28.1_obj-2']);
    const arFindings = new Set(result().findings.map((f: Json) => f.uuid));
    for (const r of itemOf('DISK-ENCRYPTION')['related-findings']) expect(arFindings.has(r['finding-uuid'])).toBe(true);
  });
});

