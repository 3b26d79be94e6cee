// Passes the evidence did not prove, assessed through the CLI (ARs valid against NIST):
// - LOGON-BANNER passed an empty banner text ("Message text: empty") when the organisation's
//   params file left logon-banner-text blank (an empty CSV cell, or spaces): a blank text equalled
//   the blank "banner". A blank text is no notice.
// - A snapshot whose typed field says one thing and the registry value it is read from another
//   (hardening.fipsMode true beside FIPSAlgorithmPolicy\Enabled 0, automatic logon off beside
//   AutoAdminLogon "1", the DoD banner beside LegalNoticeText "") passed OS-FIPS, AUTOLOGON-OFF and
//   LOGON-BANNER on the typed field. Which is the console's is unknown: not collected, naming both.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, editedSnapshot } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

type Json = Record<string, any>;
const ROOT = new URL('..', import.meta.url).pathname;
const MR01_EXPORTS = join(ROOT, 'test/fixtures/exports/mr-01');
const MR01_SNAPSHOT = join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json');
// The verdicts are the point: each input is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came
// from", on snapshots test/cli.test.ts's "writes the package, a human summary on stderr, and --json on stdout only".
const exportsRun = arAssessor('ato-banner-registry-exports-', '2024-03-01T12:00:00Z', { warm: true });
const snapshotRun = arAssessor('ato-banner-registry-snapshot-', '2026-11-02T18:00:00Z', { warm: true });

const resultOf = (ar: Json, check: string): string | undefined => propOf(observationOf(ar, 'MR-01', check), 'result');
const reasonOf = (ar: Json, check: string): string => propOf(observationOf(ar, 'MR-01', check), 'not-collected-reason') ?? '';

const SYSTEM = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\';
const FIPS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled';
const AUTO = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\AutoAdminLogon';

/** A copy of the mr-01 exports whose banner (secedit and the reg export) has caption "TBD" and an empty text. */
function blankBannerExports(): string {
  const d = join(exportsRun.dir(), 'blank-banner');
  const dev = join(d, 'MR-01');
  mkdirSync(d, { recursive: true });
  cpSync(MR01_EXPORTS, dev, { recursive: true });
  const edit = (file: string, f: (t: string) => string): void => {
    const before = readFileSync(join(dev, file), 'utf8');
    const after = f(before);
    expect(after, `${file} changed`).not.toBe(before);
    writeFileSync(join(dev, file), after);
  };
  edit('secedit.inf', (t) => t.replace(/^(MACHINE\\.*\\LegalNoticeCaption)=.*$/m, '$1=1,"TBD"').replace(/^(MACHINE\\.*\\LegalNoticeText)=.*$/m, '$1=7,'));
  edit('reg-policies-system.reg', (t) => t.replace(/^"legalnoticecaption"=.*$/im, '"legalnoticecaption"="TBD"').replace(/^"legalnoticetext"=.*$/im, '"legalnoticetext"=""'));
  return d;
}

/** A copy of the MR-01 sample snapshot with `edit` applied, in a folder of its own. */
const snapshotWith = (name: string, edit: (s: Json) => void): string => editedSnapshot(snapshotRun.dir(), name, MR01_SNAPSHOT, edit);

describe('LOGON-BANNER: a blank text is never the required notice', () => {
  it('the premise: with the default parameters the blank banner fails', () => {
    expect(resultOf(exportsRun.assess(blankBannerExports()), 'LOGON-BANNER')).toBe('fail');
  });

  it('a params CSV leaving logon-banner-text empty does not make the empty banner pass', () => {
    const params = join(exportsRun.dir(), 'params-blank.csv');
    writeFileSync(params, 'parameter,value\nlogon-banner-text,\nlogon-banner-captions,TBD\n');
    expect(resultOf(exportsRun.assess(blankBannerExports(), { args: ['--params', params] }), 'LOGON-BANNER')).toBe('fail');
  });

  it('nor a params JSON giving spaces, on a snapshot whose banner text is line breaks only', () => {
    const params = join(snapshotRun.dir(), 'params-spaces.json');
    writeFileSync(params, JSON.stringify({ 'logon-banner-text': '   ' }));
    const d = snapshotWith('line-breaks-banner', (s) => {
      s.access.logonBanner.text = '\r\n\r\n';
      s.hardening.registry[`${SYSTEM}LegalNoticeText`] = '\r\n\r\n';
    });
    expect(resultOf(snapshotRun.assess(d, { args: ['--params', params] }), 'LOGON-BANNER')).toBe('fail');
  });
});

describe('a typed field the registry value it is read from contradicts, in one snapshot', () => {
  it('the premise: the MR-01 sample passes OS-FIPS, AUTOLOGON-OFF and LOGON-BANNER', () => {
    const ar = snapshotRun.assess(snapshotWith('as-is', () => {}));
    for (const id of ['OS-FIPS', 'AUTOLOGON-OFF', 'LOGON-BANNER']) expect(resultOf(ar, id), id).toBe('pass');
  });

  it('fipsMode true beside FIPSAlgorithmPolicy\\Enabled 0: OS-FIPS not collected, naming both', () => {
    const ar = snapshotRun.assess(snapshotWith('fips', (s) => { s.hardening.registry[FIPS] = 0; }));
    expect(resultOf(ar, 'OS-FIPS')).toBe('not-collected');
    expect(reasonOf(ar, 'OS-FIPS')).toMatch(/hardening\.fipsMode is true .*FIPSAlgorithmPolicy\\Enabled, is 0/);
  });

  it('automatic logon off beside AutoAdminLogon "1": AUTOLOGON-OFF not collected', () => {
    const ar = snapshotRun.assess(snapshotWith('autologon', (s) => { s.hardening.registry[AUTO] = '1'; }));
    expect(resultOf(ar, 'AUTOLOGON-OFF')).toBe('not-collected');
    expect(reasonOf(ar, 'AUTOLOGON-OFF')).toMatch(/AutoAdminLogon, is "1"/);
  });

  it('the DoD banner beside an empty LegalNoticeText: LOGON-BANNER not collected', () => {
    const ar = snapshotRun.assess(snapshotWith('banner', (s) => { s.hardening.registry[`${SYSTEM}LegalNoticeText`] = ''; }));
    expect(resultOf(ar, 'LOGON-BANNER')).toBe('not-collected');
  });

  it('agreeing spellings are no contradiction: AutoAdminLogon as the number 0 and the key in other case still pass', () => {
    const ar = snapshotRun.assess(snapshotWith('agree', (s) => {
      delete s.hardening.registry[AUTO];
      s.hardening.registry[AUTO.toLowerCase()] = 0;
    }));
    expect(resultOf(ar, 'AUTOLOGON-OFF')).toBe('pass');
  });

  it('a fail stays a fail: automatic logon on beside AutoAdminLogon "0"', () => {
    const ar = snapshotRun.assess(snapshotWith('fail-stays', (s) => { s.access.autologon.enabled = true; }));
    expect(resultOf(ar, 'AUTOLOGON-OFF')).toBe('fail');
  });
});

describeArsValid('banner and registry fields: ARs (mr-01 exports)', exportsRun.written);
describeArsValid('banner and registry fields: ARs (MR-01 sample)', snapshotRun.written);
