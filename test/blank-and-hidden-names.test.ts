// Blank values and hidden characters counted as evidence (assessed through the CLI; ARs valid against NIST):
// - A text of invisible characters alone (a zero-width space, word joiner, soft hyphen, Hangul
//   filler) read as a value: CENTRAL-AUTH passed on a directory server list ["\u200B"], and a
//   product name "\u200B" was "another allowlisting product", sparing AppLocker's service. It reads
//   as the empty text it shows: not collected, as "" already was.
// - Under `none`, a fail on a text that says nothing was read counted as an item that does not
//   match: a denied service Disabled with its state "" (or "N/A") passed OS-SERVICES, where the same
//   service without a state is not collected.
// - A `where` on a name left out a look-alike of it ("TelnetClient\u200B", a Cyrillic Т): the
//   denied feature, enabled, was never judged and OS-FEATURES passed.
// - An AppLocker rule for Everyone whose path (or publisher) is blank was read as a rule matching
//   nothing. Get-AppLockerPolicy never writes one: the file is refused, naming file, line and rule.
// - A params file whose list parameter held a blank entry (denied-services [""] or ["\u200B"]) named
//   a service no service is called: OS-SERVICES passed on LAB-01 beside a running seclogon. A blank
//   entry is refused, exit 1, naming the file, the parameter and the entry.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { arAssessor, editedSnapshot } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

type Json = Record<string, any>;
const ROOT = new URL('..', import.meta.url).pathname;
const MR01_EXPORTS = join(ROOT, 'test/fixtures/exports/mr-01');
const MR01_SNAPSHOT = join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json');
// The verdicts are the point: each input is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each; the ingest and assess refusals below still spawn the
// CLI. The command line on an export folder is test/ingest-cli.test.ts's "ingests on the fly and
// traces each verdict to the export file it came from", on snapshots test/cli.test.ts's "writes the
// package, a human summary on stderr, and --json on stdout only".
const exportsRun = arAssessor('ato-blank-exports-', '2024-03-01T12:00:00Z', { warm: true });
const snapshotRun = arAssessor('ato-blank-snapshot-', '2026-11-02T18:00:00Z', { warm: true });

const resultOf = (ar: Json, check: string): string | undefined => propOf(observationOf(ar, 'MR-01', check), 'result');
const reasonOf = (ar: Json, check: string): string => propOf(observationOf(ar, 'MR-01', check), 'not-collected-reason') ?? '';

/** Texts that show nothing: each alone, and one among white space. */
const INVISIBLE = ['\u200B', '\u2060', '\u00AD', '\uFEFF\u200B', '\u3164', ' \u200D '];

/** A copy of the mr-01 exports whose vendor settings name the directory servers `servers`. */
function exportsWithServers(name: string, servers: string[]): string {
  const d = join(exportsRun.dir(), name, 'MR-01');
  mkdirSync(d, { recursive: true });
  cpSync(MR01_EXPORTS, d, { recursive: true });
  const file = join(d, 'vendor-settings.json');
  const vs = JSON.parse(readFileSync(file, 'utf8')) as Json;
  vs.ldap.servers = servers;
  writeFileSync(file, JSON.stringify(vs, null, 2));
  return join(exportsRun.dir(), name);
}

/** A copy of the MR-01 sample snapshot with `edit` applied, in a folder of its own. */
const snapshotWith = (name: string, edit: (s: Json) => void): string => editedSnapshot(snapshotRun.dir(), name, MR01_SNAPSHOT, edit);
const service = (s: Json, name: string): Json => (s.hardening.services as Json[]).find((x) => x.name === name)!;
const feature = (s: Json, name: string): Json => (s.hardening.optionalFeatures as Json[]).find((x) => x.name === name)!;

describe('CENTRAL-AUTH: a directory server of invisible characters names no server', () => {
  it('the premise: the exports as given pass', () => {
    expect(resultOf(exportsRun.assess(exportsWithServers('as-given', ['dc01.hospital.local'])), 'CENTRAL-AUTH')).toBe('pass');
  });
  it('a server list holding only a zero-width space is not collected, never a pass', () => {
    const ar = exportsRun.assess(exportsWithServers('zwsp', ['\u200B']));
    expect(resultOf(ar, 'CENTRAL-AUTH')).toBe('not-collected');
    expect(reasonOf(ar, 'CENTRAL-AUTH')).toMatch(/Directory servers holds a text of invisible characters only/i);
  });
  it('a word joiner beside a named server: the list holds an entry nobody can read, not collected', () => {
    expect(resultOf(exportsRun.assess(exportsWithServers('wj', ['\u2060', 'dc01.hospital.local'])), 'CENTRAL-AUTH')).toBe('not-collected');
  });
});

describe('OS-SERVICES: under `none`, a fail on a text that says nothing was read does not pass the check', () => {
  // The snapshot schema and services.csv's reader refuse such a state today; the rule is the
  // evaluator's, for any list a `none` reads.
  const catalog = loadCatalog();
  const params = resolveParameters(catalog.parameters, [], []).params;
  const check = catalog.checks.find((c) => c.id === 'OS-SERVICES')!;
  const mr01 = (state?: string): Snapshot => {
    const s = JSON.parse(readFileSync(MR01_SNAPSHOT, 'utf8')) as Json;
    if (state === undefined) delete service(s, 'seclogon').state;
    else service(s, 'seclogon').state = state;
    return s as Snapshot;
  };
  it('the premise: seclogon stopped and Disabled passes; without a state it is not collected', () => {
    expect(evaluateCheck(check, mr01('stopped'), params).status).toBe('pass');
    expect(evaluateCheck(check, mr01(), params).status).toBe('not-collected');
  });
  for (const state of ['', 'N/A', '\u200B']) {
    it(`seclogon Disabled with state ${JSON.stringify(state)}: not collected, as without a state (it may run until a restart)`, () => {
      expect(evaluateCheck(check, mr01(state), params).status).toBe('not-collected');
    });
  }
  it('a fail stays a fail: seclogon running beside it', () => {
    const s = mr01('N/A');
    (s.hardening!.services as Json[]).push({ name: 'SNMP', startType: 'automatic', state: 'running' });
    expect(evaluateCheck(check, s, params).status).toBe('fail');
  });
});

describe('OS-FEATURES: a look-alike of a denied feature is not left out of the check', () => {
  it('the premise: TelnetClient enabled fails', () => {
    expect(resultOf(snapshotRun.assess(snapshotWith('telnet', (s) => { feature(s, 'TelnetClient').state = 'enabled'; })), 'OS-FEATURES')).toBe('fail');
  });
  for (const name of ['TelnetClient\u200B', '\u0422elnetClient']) {
    it(`${JSON.stringify(name)} enabled: not collected, naming the characters`, () => {
      const ar = snapshotRun.assess(snapshotWith(`telnet-${name.length}-${name.codePointAt(0)}`, (s) => Object.assign(feature(s, 'TelnetClient'), { name, state: 'enabled' })));
      expect(resultOf(ar, 'OS-FEATURES')).toBe('not-collected');
      expect(reasonOf(ar, 'OS-FEATURES')).toMatch(/look-alike/);
    });
  }
});

describe('MAL-ALLOWLIST: a product name of invisible characters is not another product', () => {
  const catalog = loadCatalog();
  const params = resolveParameters(catalog.parameters, [], []).params;
  const check = catalog.checks.find((c) => c.id === 'MAL-ALLOWLIST')!;
  const mr01 = (product: string): Snapshot => {
    const s = JSON.parse(readFileSync(MR01_SNAPSHOT, 'utf8')) as Json;
    s.malware.allowlisting.product = product;
    Object.assign(service(s, 'AppIDSvc'), { state: 'stopped' });
    return s as Snapshot;
  };
  it('the premise: AppLocker with its service stopped fails', () => {
    expect(evaluateCheck(check, mr01('AppLocker'), params).status).toBe('fail');
  });
  for (const product of INVISIBLE) {
    it(`product ${JSON.stringify(product)} with AppIDSvc stopped: never a pass`, () => {
      expect(evaluateCheck(check, mr01(product), params).status).not.toBe('pass');
    });
  }
});

describe('AppLocker: a blank path or publisher is a broken export, refused', () => {
  const ALL_FILES = '<FilePathCondition Path="*" />';
  for (const [what, from, to] of [
    ['an empty Path', ALL_FILES, '<FilePathCondition Path="" />'],
    ['a Path of a space and a zero-width space', ALL_FILES, '<FilePathCondition Path=" &#x200B;" />'],
    ['an empty BinaryName', 'BinaryName="*"', 'BinaryName=""'],
  ] as const) {
    it(`${what}: exit 1, naming the file, the line and the rule; no snapshot written`, () => {
      const d = join(exportsRun.dir(), `applocker-${what.length}`, 'MR-01');
      mkdirSync(d, { recursive: true });
      cpSync(MR01_EXPORTS, d, { recursive: true });
      const xml = readFileSync(join(d, 'applocker.xml'), 'utf8');
      expect(xml).toContain(from);
      writeFileSync(join(d, 'applocker.xml'), xml.replace(from, to));
      const out = join(d, '..', 'MR-01.json');
      const r = exportsRun.cli(['ingest', d, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: applocker\.xml at line \d+: expected a (Path|BinaryName) in <File(Path|Publisher)Condition> of <File\w+Rule> "[^"]+"/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('params: a blank entry of a list parameter is refused', () => {
  const LAB01 = join(ROOT, 'samples/LAB-01/LAB-01_2026-11-02.json');
  const files: Array<[string, string, string]> = [
    ['denied-services.json', JSON.stringify({ 'denied-services': [''] }), 'empty'],
    ['denied-zwsp.json', JSON.stringify({ 'denied-services': ['\u200B'] }), 'spaces or invisible characters only'],
    ['denied.csv', 'parameter,value\ndenied-features,TelnetClient;\u2060\n', 'spaces or invisible characters only'],
  ];
  for (const [name, text, what] of files) {
    it(`${name}: exit 1, naming the parameter and the entry`, () => {
      const file = join(snapshotRun.dir(), name);
      writeFileSync(file, text);
      const r = snapshotRun.cli(['assess', LAB01, '--out', join(snapshotRun.dir(), `pkg-${name}`), '--no-pdf', '--now', '2026-11-02T18:00:00Z', '--params', file]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: .*${name.replace('.', '\\.')}.*denied-(services|features) entry \\d is blank \\(${what}\\)`, 'm'));
      expect(existsSync(join(snapshotRun.dir(), `pkg-${name}`, 'assessment-results.json'))).toBe(false);
    });
  }
});

describeArsValid('blank and hidden names: ARs (mr-01 exports)', exportsRun.written);
describeArsValid('blank and hidden names: ARs (MR-01 sample)', snapshotRun.written);
