// The organisation's own files (deviations, attestations, parameters, system description) can hold
// a secret where a person pasted one: a justification naming a service account's temporary
// password, a link with a token. A message about such a file must not quote it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userErrorOfAsync } from './support/user-error.js';
import { runAssess } from '../src/assess/run.js';
import { loadAttestationsFile, parseAttestations } from '../src/attest/attestations.js';
import * as ingest from '../src/ingest/index.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import type { ParameterDef } from '../src/catalog/types.js';
import { parseParamsFile, resolveParameters } from '../src/params/resolve.js';
import { expandInputs } from '../src/io/inputs.js';
import { UserError } from '../src/io/errors.js';
import { validateSnapshot } from '../src/snapshot/load.js';
import { pdfTexts } from './support/pdf-text.js';
import { userErrorOf } from './support/user-error.js';

const ROOT = new URL('..', import.meta.url).pathname;

const SECRET = 'Zq7vWinter2026';
const HEADER = 'check_id,device_id,justification,approver,expires,compensating_controls';

describe('a CSV syntax error quotes no text of the field', () => {
  it('a stray quote inside a deviation justification names the file, line and field, not the text before it', () => {
    const text = `${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,temp pw: ${SECRET} (vendor "svc" account),Jonas Lindqvist (Authorizing Official),2027-06-30,\n`;
    const e = userErrorOf(() => parseDeviations(text, 'deviations.csv', new Set(['SCREEN-LOCK-TIMEOUT'])));
    expect(e.file).toBe('deviations.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toMatch(/not valid CSV: field 3 holds a double quote but does not start with one/);
    expect(e.message).not.toContain(SECRET.slice(0, 4));
  });

  it('the same in an attestations CSV and a params CSV', () => {
    const att = `control,statement,who,role,when,expires,evidence,method\nat-2,Roster in LMS (login svc-lms / ${SECRET} "temporary"),Dana,ISSO,2026-09-15,2027-09-14,roster.md,EXAMINE\n`;
    const a = userErrorOf(() => parseAttestations(att, 'attestations.csv', () => true, '2026-11-02'));
    expect(a.where).toBe('line 2');
    expect(a.message).toMatch(/field 2 holds a double quote/);
    expect(a.message).not.toContain(SECRET.slice(0, 4));
    const p = userErrorOf(() => parseParamsFile(`parameter,value\nsyslog-server,tcp://${SECRET}"@host\n`, 'params.csv'));
    expect(p.where).toBe('line 2');
    expect(p.message).not.toContain(SECRET.slice(0, 4));
  });

  it('other CSV errors keep csv-parse\'s words and line', () => {
    const e = userErrorOf(() => parseDeviations(`${HEADER}\nA,B,C\n`, 'deviations.csv', new Set()));
    expect(e.message).toMatch(/not valid CSV: Invalid Record Length: expect 6, got 3 on line 2/);
    expect(e.where).toBe('line 2');
  });
});

describe('a params file', () => {
  it('a value refused is quoted with its password masked; the parameter and the place are named', () => {
    const defs: ParameterDef[] = [{ id: 'authoritative-time-sources', title: 't', type: 'string-list', default: null, basis: 'b', entries: 'hosts' }, { id: 'lockout-threshold', title: 't', type: 'number', default: 3, basis: 'b' }];
    for (const [line, message] of [
      [`authoritative-time-sources,ntp://svc:${SECRET}@time.example`, /authoritative-time-sources entry "ntp:\/\/svc:\[REDACTED\]@time\.example" is not a host name or address/],
      [`lockout-threshold,three (admin pwd=${SECRET})`, /lockout-threshold must be a number, got "three \(admin pwd=\[REDACTED\]"/],
    ] as const) {
      const e = userErrorOf(() => resolveParameters(defs, [], parseParamsFile(`parameter,value\n${line}\n`, 'params.csv')));
      expect(e.file).toBe('params.csv');
      expect(e.where).toBe('line 2');
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain(SECRET.slice(0, 4));
    }
  });
});

describe('every refusal, whatever it quotes: a UserError\'s message is masked as a snapshot\'s text is', () => {
  it('a deviation\'s expiry cell, an attestation\'s date and evidence path, a system description\'s value', () => {
    const dev = userErrorOf(() => parseDeviations(`${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,Vendor limit,A. Officer,Password=${SECRET},\n`, 'deviations.csv', new Set(['SCREEN-LOCK-TIMEOUT'])));
    expect(dev.where).toBe('line 2');
    expect(dev.message).toMatch(/expires must be a date as YYYY-MM-DD that the calendar has, got "Password=\[REDACTED\]"/);
    const att = userErrorOf(() => parseAttestations(`control,statement,who,role,when,expires,evidence,method\nat-2,Roster,Dana,ISSO,pwd=${SECRET},2027-09-14,roster.md,EXAMINE\n`, 'attestations.csv', () => true, '2026-11-02'));
    expect(att.message).toMatch(/when must be a date as YYYY-MM-DD, got "pwd=\[REDACTED\]"/);
    for (const e of [dev, att]) {
      expect(e.message).not.toContain(SECRET.slice(0, 4));
      expect(e.detail).not.toContain(SECRET.slice(0, 4));
    }
  });

  it('an attester\'s name and a deviation\'s approver are masked as the statement is: in the warning about it, the OSCAL documents and the POA&M', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ato-warn-secret-'));
    try {
      const yaml = readFileSync(join(ROOT, 'samples/attestations.yaml'), 'utf8');
      const attester = 'who: { name: Dana Whitfield, role: Security Awareness Program Manager }\n    when: 2025-10-01';
      expect(yaml).toContain(attester);
      writeFileSync(join(dir, 'attestations.yaml'), yaml.replace(attester, attester.replace('Dana Whitfield', `Dana Whitfield pwd=${SECRET}`)));
      mkdirSync(join(dir, 'attestations'));
      for (const f of readdirSync(join(ROOT, 'samples/attestations'))) writeFileSync(join(dir, 'attestations', f), readFileSync(join(ROOT, 'samples/attestations', f)));
      const printed: string[] = [];
      const r = await runAssess({ inputs: [join(ROOT, 'samples/MR-01')], out: join(dir, 'out'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', ingest, pdf: false,
        attestations: join(dir, 'attestations.yaml'), warn: (m) => printed.push(m) });
      const expired = printed.filter((w) => w.startsWith('attestation of pl-4 by ') && w.includes(' expired on '));
      expect(expired).toEqual([expect.stringMatching(/^attestation of pl-4 by Dana Whitfield pwd=\[REDACTED\] \(.*\) expired on 2026-09-30/)]);
      expect(JSON.stringify([printed, r.summary])).not.toContain(SECRET.slice(0, 4));
      // The attester is a party of the OSCAL documents and the POA&M: masked there too.
      for (const f of ['assessment-results.json', 'assessment-plan.json', 'poam.json']) {
        const text = readFileSync(join(dir, 'out', f), 'utf8');
        expect(text, f).toContain('Dana Whitfield pwd=[REDACTED]');
        expect(text, f).not.toContain(SECRET.slice(0, 4));
      }
      // A deviation's approver, the same.
      const [dev] = parseDeviations(`${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,Vendor limit,A. Officer (pwd=${SECRET}),2027-06-30,\n`, 'deviations.csv', new Set(['SCREEN-LOCK-TIMEOUT']));
      expect(dev!.approver).toBe('A. Officer (pwd=[REDACTED])');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a secret pasted into a text of the organisation\'s or the vendor\'s files reaches no output', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('system.yaml, vendor capabilities, an attestation statement, a deviation justification and its compensating controls, a text parameter: masked in OSCAL, results.csv and the PDF; the rest of the text stays', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ato-user-secrets-'));
    dirs.push(root);
    const put = (name: string, text: string) => writeFileSync(join(root, name), text);
    const sample = (name: string) => readFileSync(join(ROOT, 'samples', name), 'utf8');
    const replaced = (text: string, from: string, to: string) => {
      expect(text).toContain(from);
      return text.replace(from, to);
    };
    // Each form redactText knows: a URL password, a secret name=value pair, a name: value label, a PEM private key.
    const system = replaced(sample('system.yaml'), 'The consoles send acquired studies to the PACS', `The consoles (PACS bind dicom://ae:${SECRET}Url@pacs.example) send acquired studies to the PACS`);
    put('system.yaml', replaced(system, 'outside the boundary and', `outside the boundary (collector token=${SECRET}Sys) and`));
    put('caps.yaml', replaced(sample('vendor-capabilities.yaml'), 'limit the console to the vendor\'s signed software.', `limit the console to the vendor's signed software (signing ApiKey=${SECRET}Caps).`));
    put('attestations.yaml', replaced(sample('attestations.yaml'), 'each completion date.', `each completion date (export: https://svc-lms:${SECRET}Att@lms.example/roster).`));
    mkdirSync(join(root, 'attestations'));
    for (const f of readdirSync(join(ROOT, 'samples/attestations'))) writeFileSync(join(root, 'attestations', f), readFileSync(join(ROOT, 'samples/attestations', f)));
    const pem = `-----BEGIN RSA PRIVATE KEY----- MIIE${SECRET}Pem -----END RSA PRIVATE KEY-----`;
    put('deviations.csv', replaced(replaced(sample('deviations.csv'), 'Vendor safety requirement:', `Vendor safety requirement (service login password=${SECRET}Dev):`), 'Badge-controlled MR suite', `Kiosk key ${pem}; Badge-controlled MR suite`));
    put('params.csv', `parameter,value\nlogon-banner-text,"Authorized use only. Helpdesk account password=${SECRET}Par; call 4711; kiosk temp pw: ${SECRET}Tmp"\n`);
    const fleet = join(root, 'fleet');
    mkdirSync(fleet);
    for (const d of ['MR-01', 'CT-01']) writeFileSync(join(fleet, `${d}.json`), readFileSync(join(ROOT, `samples/${d}/${d}_2026-11-02.json`)));
    const out = join(root, 'pkg');
    await runAssess({
      inputs: [fleet], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', ingest, warn: () => {},
      system: join(root, 'system.yaml'), capabilities: join(root, 'caps.yaml'), attestations: join(root, 'attestations.yaml'), deviations: join(root, 'deviations.csv'), params: join(root, 'params.csv'),
    });
    const texts = [...readdirSync(out).filter((n) => !n.endsWith('.pdf')).map((n) => (n === 'evidence' ? '' : readFileSync(join(out, n), 'utf8'))), ...(await pdfTexts(join(out, 'evidence-package.pdf'))).map((b) => b.toString('latin1'))];
    for (const t of texts) expect(t).not.toContain(SECRET.slice(0, 4));
    // What surrounds each secret is still said.
    const all = texts.join('\n');
    expect(all).toContain('dicom://ae:[REDACTED]@pacs.example');
    expect(all).toContain('outside the boundary (collector token=[REDACTED]');
    expect(all).toContain('signing ApiKey=[REDACTED]');
    expect(all).toContain('https://svc-lms:[REDACTED]@lms.example/roster');
    expect(all).toContain('service login password=[REDACTED]');
    expect(all).toContain('Kiosk key [REDACTED]; Badge-controlled MR suite');
    expect(all).toContain('Authorized use only. Helpdesk account password=[REDACTED]; call 4711; kiosk temp pw: [REDACTED]');
  }, 240_000);

  it('credentials told by their form, with no secret name before them: an Authorization header (Bearer, Basic), an AWS access key id, a JSON Web Token', async () => {
    // They reached ssp.json, the AR, the POA&M and the PDF as written: no rule knew them.
    const root = mkdtempSync(join(tmpdir(), 'ato-user-tokens-'));
    dirs.push(root);
    const put = (name: string, text: string) => writeFileSync(join(root, name), text);
    const sample = (name: string) => readFileSync(join(ROOT, 'samples', name), 'utf8');
    const replaced = (text: string, from: string, to: string) => {
      expect(text).toContain(from);
      return text.replace(from, to);
    };
    const aws = 'AKIAZQ7VWINTER2026XY';
    const bearer = `${SECRET}.tok-Bearer`;
    const basic = Buffer.from(`svc-lms:${SECRET}`).toString('base64');
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtcGFjcyJ9.${SECRET}Sig`;
    put('system.yaml', replaced(sample('system.yaml'), 'The consoles send acquired studies to the PACS', `The consoles (their gateway sends Bearer ${bearer}) send acquired studies to the PACS`));
    put('attestations.yaml', replaced(sample('attestations.yaml'), 'each completion date.', `each completion date (LMS export with ${aws}, curl -H "Authorization: Basic ${basic}").`));
    mkdirSync(join(root, 'attestations'));
    for (const f of readdirSync(join(ROOT, 'samples/attestations'))) writeFileSync(join(root, 'attestations', f), readFileSync(join(ROOT, 'samples/attestations', f)));
    put('deviations.csv', replaced(sample('deviations.csv'), 'Vendor safety requirement:', `Vendor safety requirement (vendor portal session ${jwt}):`));
    const fleet = join(root, 'fleet');
    mkdirSync(fleet);
    for (const d of ['MR-01', 'CT-01']) writeFileSync(join(fleet, `${d}.json`), readFileSync(join(ROOT, `samples/${d}/${d}_2026-11-02.json`)));
    const out = join(root, 'pkg');
    await runAssess({
      inputs: [fleet], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', ingest, warn: () => {},
      system: join(root, 'system.yaml'), attestations: join(root, 'attestations.yaml'), deviations: join(root, 'deviations.csv'),
    });
    const texts = [...readdirSync(out).filter((n) => !n.endsWith('.pdf')).map((n) => (n === 'evidence' ? '' : readFileSync(join(out, n), 'utf8'))), ...(await pdfTexts(join(out, 'evidence-package.pdf'))).map((b) => b.toString('latin1'))];
    for (const t of texts) for (const token of [aws, SECRET, basic, 'eyJhbGciOiJIUzI1NiJ9']) expect(t).not.toContain(token);
    const all = texts.join('\n');
    expect(all).toContain('their gateway sends Bearer [REDACTED])');
    expect(all).toContain('LMS export with [REDACTED], curl -H \\"Authorization: Basic [REDACTED]\\"');
    expect(all).toContain('vendor portal session [REDACTED])');
  }, 240_000);
});

describe('a secret in an input\'s path, or in a key a refusal names', () => {
  it('--system-name, --assessor and --marking, printed on every document and page, are masked as any input\'s text is', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ato-flagsecret-'));
    try {
      const out = join(root, 'pkg');
      await runAssess({ inputs: [join(ROOT, 'samples/MR-01')], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', warn: () => {},
        systemName: `Fleet token=${SECRET}A`, assessor: `Ann Lee pw: ${SECRET}B`, marking: `CUI password=${SECRET}C` });
      const texts = [...['assessment-results.json', 'assessment-plan.json', 'poam.json', 'ssp.json'].map((f) => readFileSync(join(out, f), 'utf8')), ...(await pdfTexts(join(out, 'evidence-package.pdf'))).map((b) => b.toString('latin1'))];
      for (const t of texts) expect(t).not.toContain(SECRET);
      const all = texts.join('\n');
      expect(all).toContain('Fleet token=[REDACTED]');
      expect(all).toContain('Ann Lee pw: [REDACTED]');
      expect(all).toContain('CUI password=[REDACTED]');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);

  it('an internal error (a bug) is printed with its stack, masked as a UserError is: a library\'s message may quote the input it choked on', async () => {
    const { reportFailure } = await import('../src/cli/output.js');
    const printed: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = reportFailure(new SyntaxError(`Unexpected token in "bindPassword: ${SECRET}" at 12`));
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(1);
    expect(printed.join('')).toMatch(/^internal error: SyntaxError: Unexpected token in "bindPassword: \[REDACTED\]/);
    expect(printed.join('')).toMatch(/\n\s+at .*secrets-in-user-files/);
    expect(printed.join('')).not.toContain(SECRET);
  });

  it('a file an option names (--deviations, --capabilities, --params…) whose path holds a secret is refused before anything is written, as an input is', async () => {
    // Its path reached assessment-results.json ("params file …"), ssp.json ("declared: caps.yaml …") and the POA&M as given.
    const root = mkdtempSync(join(tmpdir(), 'ato-optsecret-'));
    try {
      const files = { deviations: join(root, `dev pw=${SECRET}.csv`), capabilities: join(root, `caps secret=${SECRET}.yaml`), params: join(root, `params token=${SECRET}.csv`) };
      writeFileSync(files.deviations, readFileSync(join(ROOT, 'samples/deviations.csv')));
      writeFileSync(files.capabilities, readFileSync(join(ROOT, 'samples/vendor-capabilities.yaml')));
      writeFileSync(files.params, 'parameter,value\nevidence-max-age-days,30\n');
      for (const [option, path] of Object.entries(files)) {
        const out = join(root, 'pkg');
        const e = await userErrorOfAsync(() => runAssess({ inputs: [join(ROOT, 'samples/MR-01'), join(ROOT, 'samples/CT-01')], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', pdf: false, warn: () => {}, [option]: path }));
        expect(e.message, option).toMatch(/holds what reads as a secret/);
        expect(e.message, option).not.toContain(SECRET);
        expect(readdirSync(root), option).not.toContain('pkg');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('verify: a file added to a sealed package under a name holding a secret is reported masked, on the terminal and in --json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ato-verifysecret-'));
    try {
      const out = join(root, 'pkg');
      await runAssess({ inputs: [join(ROOT, 'samples/MR-01')], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', pdf: false, warn: () => {} });
      writeFileSync(join(out, 'evidence', `notes password=${SECRET}.json`), '{}');
      const { verifyCommand } = await import('../src/cli/verify.js');
      const printed: string[] = [];
      const [stdout, stderr] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
      const capture = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
      process.stdout.write = capture;
      process.stderr.write = capture;
      let codes: number[];
      try {
        codes = [verifyCommand(out, {}), verifyCommand(out, { json: true })];
      } finally {
        process.stdout.write = stdout;
        process.stderr.write = stderr;
      }
      expect(codes).toEqual([1, 1]);
      const all = printed.join('');
      expect(all).toContain('evidence/notes password=[REDACTED]: not listed in the manifest');
      expect(all).toContain('"path": "evidence/notes password=[REDACTED]"');
      expect(all).not.toContain(SECRET);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('ingest: a file of the export folder whose name holds a secret is reported masked (skipped, recognised, warnings), as is a warning on the terminal', async () => {
    // ingest printed "skipped notes password=<secret>.txt" and --json listed the name as it was.
    const root = mkdtempSync(join(tmpdir(), 'ato-namesecret-'));
    try {
      const ex = join(root, 'MR-01');
      mkdirSync(ex);
      for (const f of readdirSync(join(ROOT, 'test/fixtures/exports/mr-01'))) writeFileSync(join(ex, f === 'secedit.inf' ? `secedit pw=${SECRET}.inf` : f), readFileSync(join(ROOT, 'test/fixtures/exports/mr-01', f)));
      writeFileSync(join(ex, `notes password=${SECRET}.txt`), 'hi\n');
      const r = await ingest.ingestFolder(ex);
      expect(r.skipped.map((x) => x.file)).toContain('notes password=[REDACTED]');
      expect(r.recognised.map((x) => x.file)).toContain('secedit pw=[REDACTED]');
      expect(JSON.stringify([r.skipped, r.recognised, r.warnings])).not.toContain(SECRET);
      const { warn } = await import('../src/cli/output.js');
      const printed: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stderr.write;
      try {
        warn(`could not read MR-01/token=${SECRET}.json`);
      } finally {
        process.stderr.write = write;
      }
      expect(printed.join('')).toMatch(/could not read MR-01\/token=\[REDACTED\]/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('an input whose path reads as holding a secret ("MR-02 pw=….json") is refused before anything is written, the message masking it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ato-pathsecret-'));
    try {
      const fleet = join(root, 'fleet');
      mkdirSync(fleet);
      writeFileSync(join(fleet, `MR-02 pw=${SECRET}.json`), readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json')));
      // The path reached every report (assessment results, POA&M, PDF) and the terminal.
      const e = userErrorOf(() => expandInputs([fleet]));
      expect(e.message).toMatch(/the path of this input holds what reads as a secret/);
      expect(e.message).not.toContain(SECRET);
      const out = join(root, 'pkg');
      await expect(runAssess({ inputs: [fleet], out, force: false, baseline: 'moderate', now: '2026-11-03T18:00:00Z', toolVersion: 'test', pdf: false, keepGoing: true })).rejects.toThrow(UserError);
      expect(readdirSync(root)).toEqual(['fleet']);
      // Any refusal naming such a file masks it in the file's name and the place as in the text.
      expect(new UserError('bad', { file: `x/token=${SECRET}.json`, where: `/a/pw=${SECRET}` }).message).not.toContain(SECRET);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a schema refusal naming a key that repeats a secret of the document masks it ("unknown property" of the bind password)', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as { access: { ldap: Record<string, unknown> } };
    doc.access.ldap.bindPassword = `${SECRET}Key`;
    doc.access.ldap[`${SECRET}Key`] = 1;
    const e = userErrorOf(() => validateSnapshot(doc, 'MR-02.json'));
    expect(e.message).toMatch(/unknown property "\[REDACTED\]"/);
    expect(e.where).toBe('/access/ldap/[REDACTED]');
    expect(e.message).not.toContain(SECRET);
  });

  it('assess --keep-going: an unreadable snapshot whose refusal points through a key "password=…" is reported in the package without it', async () => {
    // The terminal's line was masked, but the reports took the place (the JSON pointer) as given.
    const root = mkdtempSync(join(tmpdir(), 'ato-keepsecret-'));
    try {
      const fleet = join(root, 'fleet');
      mkdirSync(fleet);
      const doc = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as { access: { ldap: Record<string, unknown> } };
      doc.access.ldap[`password=${SECRET}`] = true;
      writeFileSync(join(fleet, 'MR-01.json'), JSON.stringify(doc));
      writeFileSync(join(fleet, 'MR-02.json'), readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json')));
      const out = join(root, 'pkg');
      const printed: string[] = [];
      const r = await runAssess({ inputs: [fleet], out, force: false, baseline: 'moderate', now: '2026-11-03T18:00:00Z', toolVersion: 'test', pdf: false, keepGoing: true, warn: (m) => printed.push(m) });
      const texts = [JSON.stringify([printed, r.summary]), ...['assessment-results.json', 'poam.json', 'ssp.json'].map((f) => readFileSync(join(out, f), 'utf8'))];
      // The refusal is still reported, its place named masked.
      expect(texts[1]).toMatch(/at \/access\/ldap\/password=\[REDACTED\]: unknown property/);
      for (const t of texts) expect(t).not.toContain(SECRET);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a refusal of a native export masks the copies of the secrets the file holds', () => {
  it('vendor-settings.json: an unknown key that repeats the bind password is named masked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ato-exportsecret-'));
    try {
      const ex = join(root, 'MR-01');
      mkdirSync(ex);
      for (const f of readdirSync(join(ROOT, 'test/fixtures/exports/mr-01'))) writeFileSync(join(ex, f), readFileSync(join(ROOT, 'test/fixtures/exports/mr-01', f)));
      const vendor = JSON.parse(readFileSync(join(ex, 'vendor-settings.json'), 'utf8')) as { ldap: Record<string, unknown> };
      vendor.ldap.bindPassword = `${SECRET}Bind`;
      vendor.ldap[`${SECRET}Bind`] = true;
      writeFileSync(join(ex, 'vendor-settings.json'), JSON.stringify(vendor, null, 2));
      const e = await userErrorOfAsync(() => ingest.ingestFolder(ex));
      expect(e.message).toMatch(/unknown key "ldap\.\[REDACTED\]"/);
      expect(e.message).not.toContain(SECRET);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('an attestation\'s evidence file is copied into the package as it is', () => {
  const setup = (name: string, content: string): string => {
    const root = mkdtempSync(join(tmpdir(), 'ato-attsecret-'));
    writeFileSync(join(root, name), content);
    writeFileSync(join(root, 'attestations.yaml'), `attestations:\n  - control: at-2\n    statement: Every user completed the course.\n    who: { name: Dana Whitfield, role: ISSO }\n    when: 2026-09-15\n    expires: 2027-09-14\n    method: EXAMINE\n    evidence: "${name}"\n    reviewed-by: { name: Tomas Ibarra, role: Assessor, when: 2026-10-01 }\n`);
    return root;
  };
  it('its copy is named without a secret its file name holds ("roster token=….md" was copied as roster_token_<secret>.md)', () => {
    const root = setup(`roster token=${SECRET}.md`, 'LMS roster, 2026\n');
    try {
      const [a] = loadAttestationsFile(join(root, 'attestations.yaml'), () => true, '2026-11-02');
      expect(a!.evidenceHref).toMatch(/^evidence\/attestations\/roster_token_/);
      expect(a!.evidenceHref).not.toContain(SECRET);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it('a text evidence file holding a secret is refused, naming its line, not quoting it; a binary one is copied', () => {
    const root = setup('roster.md', `LMS roster, 2026\nexport login: svc-lms password=${SECRET}\n`);
    try {
      const e = userErrorOf(() => loadAttestationsFile(join(root, 'attestations.yaml'), () => true, '2026-11-02'));
      expect(e.where).toBe('/attestations/0/evidence');
      expect(e.message).toMatch(/holds what reads as a secret on its line 2/);
      expect(e.message).not.toContain(SECRET);
      writeFileSync(join(root, 'roster.md'), Buffer.concat([Buffer.from('%PDF-1.7\n\0'), Buffer.from(`password=${SECRET}`)]));
      expect(loadAttestationsFile(join(root, 'attestations.yaml'), () => true, '2026-11-02')).toHaveLength(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
