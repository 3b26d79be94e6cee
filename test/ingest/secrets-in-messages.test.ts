// A malformed export's error message must not carry a secret from the file: with
// `assess --keep-going` the message is the reason an unreadable device's checks are not collected,
// and so reaches results.csv, the OSCAL documents and the PDF.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess } from '../../src/assess/run.js';
import * as ingest from '../../src/ingest/index.js';
import { input, materialiseDevice, mr01Files, mr01Input, mr01Text, utf16 } from './fixture-folder.js';
import { userErrorOf } from '../support/user-error.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SECRET = 'Zq7vBindPw93kX';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every byte of every file under `dir`, as text. */
function allText(dir: string): string {
  return readdirSync(dir).map((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'latin1');
  }).join('\n');
}

describe('error messages of malformed exports hold no secret', () => {
  it('a JSON syntax error inside a bind password names the line and one character, not the text', () => {
    // The vendor's bind password written without quotes (hand-converted settings).
    const text = mr01Text('vendor-settings.json').replace('"signing": "required",', `"signing": "required", "bindPassword": ${SECRET},`);
    const files = mr01Files();
    files.set('vendor-settings.json', Buffer.from(text));
    const e = userErrorOf(() => ingest.ingestInputs([...files].map(([name, bytes]) => input(name, bytes)), 'MR-01'));
    expect(e.file).toBe('vendor-settings.json');
    expect(e.where).toBe(`line ${text.split('\n').findIndex((l) => l.includes(SECRET)) + 1}`);
    expect(e.message).toMatch(/not valid JSON: expected a JSON value, found 'Z'/);
    expect(e.message).not.toContain(SECRET.slice(0, 4));
  });

  it('assess --keep-going: the unreadable device\'s reason reaches no output with the secret', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ato-secret-msg-'));
    dirs.push(root);
    const fleet = join(root, 'fleet');
    mkdirSync(fleet);
    const files = mr01Files();
    files.set('vendor-settings.json', Buffer.from(mr01Text('vendor-settings.json').replace('"signing": "required",', `"signing": "required", "bindPassword": ${SECRET},`)));
    const device = materialiseDevice(files);
    dirs.push(device);
    const target = join(fleet, 'MR-01');
    mkdirSync(target);
    for (const n of readdirSync(device)) writeFileSync(join(target, n), readFileSync(join(device, n)));
    // A readable device beside it: the package is written.
    writeFileSync(join(fleet, 'MR-02.json'), readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json')));
    const out = join(root, 'pkg');
    const outcome = await runAssess({ inputs: [fleet], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', keepGoing: true, ingest, pdf: false, warn: () => {} });
    expect(outcome.summary.unreadable).toHaveLength(1);
    expect(outcome.summary.unreadable[0]!.error).toMatch(/vendor-settings\.json at line \d+: not valid JSON/);
    const written = allText(out);
    expect(written).toMatch(/vendor-settings\.json at line \d+: not valid JSON/);
    expect(written).not.toContain(SECRET.slice(0, 4));
  });

  it('a reg export line that does not parse is quoted with its password masked; a secret value\'s data is not quoted', () => {
    const reg = (line: string) => input('reg-winlogon.reg', utf16(`Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]\n"AutoAdminLogon"="1"\n${line}\n\n`));
    const parser = ingest.parserFor('reg-export');
    const cases: Array<[string, RegExp]> = [
      [`DefaultPassword="${SECRET}"`, /line 5: expected "Name"=value or @=value, found "DefaultPassword=\[REDACTED\]"$/],
      [`"DefaultPassword"=${SECRET}`, /line 5: expected "string", dword:\.\.\., or hex\(\.\.\.\):\.\.\. for "DefaultPassword", found \(not shown: the value is a secret\)$/],
      [`"DefaultPassword"=dword:${SECRET}`, /line 5: expected dword:xxxxxxxx \(8 hex digits\) for "DefaultPassword", found \(not shown/],
    ];
    for (const [line, message] of cases) {
      const e = userErrorOf(() => parser.parse(reg(line)));
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain(SECRET.slice(0, 4));
    }
    // An ordinary value's data is still quoted: the message says what was found.
    expect(userErrorOf(() => parser.parse(reg('"AutoAdminLogon"=yes'))).message).toMatch(/found "yes"$/);
  });

  it('a secedit / GptTmpl.inf [Registry Values] line that does not parse does not quote a secret value\'s data; an ordinary value\'s is still quoted', () => {
    const inf = (line: string) => input('secedit.inf', utf16(mr01Text('secedit.inf').replace('[Registry Values]\n', `[Registry Values]\n${line}\n`)));
    const parser = ingest.parserFor('secedit-export');
    const cases: Array<[string, RegExp]> = [
      // No type: the whole line would be quoted (a short path leaves room for all of the secret).
      [`MACHINE\\Software\\Vendor\\DbPassword=${SECRET}`, /DbPassword, line \d+: expected "path=type,value" \(type 1, 2, 3, 4 or 7\), found \(not shown: the value is a secret\)$/],
      [`MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\DefaultPassword=4,${SECRET}`, /expected a decimal DWORD after "4,", found \(not shown: the value is a secret\)$/],
      // Under a Policies key too, where a switch's data would be shown.
      [`MACHINE\\Software\\Policies\\Vendor\\App\\ProxyPassword=4,${SECRET}`, /expected a decimal DWORD after "4,", found \(not shown: the value is a secret\)$/],
    ];
    for (const [line, message] of cases) {
      const e = userErrorOf(() => parser.parse(inf(line)));
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain(SECRET.slice(0, 4));
    }
    // What was found is still said for an ordinary value, and for a switch under Policies.
    expect(userErrorOf(() => parser.parse(inf('MACHINE\\Software\\Vendor\\Timeout=4,ten'))).message).toMatch(/found "ten"$/);
    expect(userErrorOf(() => parser.parse(inf('MACHINE\\Software\\Policies\\Vendor\\App\\RememberPassword=4,no'))).message).toMatch(/found "no"$/);
    expect(userErrorOf(() => parser.parse(inf('MACHINE\\Software\\Vendor\\Timeout=ten'))).message).toMatch(/found "MACHINE\\\\Software\\\\Vendor\\\\Timeout=ten"$/);
  });

  it('what a parser quotes as found is masked as in a snapshot: a password= pair in a CSV cell or a JSON value, a member with a secret name, a secedit line naming a secret, a DefaultPasswordSet holding text', () => {
    const parse = (kind: Parameters<typeof ingest.parserFor>[0], name: string, text: string) => userErrorOf(() => ingest.parserFor(kind).parse(input(name, text)));
    const cases: Array<[ReturnType<typeof parse>, RegExp]> = [
      [parse('services-csv', 'services.csv', mr01Text('services.csv').replace('"Application Identity","Running"', `"Application Identity","svc --password=${SECRET}"`)),
        /line 2: expected Status Running, Stopped or Paused, found "svc --password=\[REDACTED\]"$/],
      [parse('vendor-settings', 'vendor-settings.json', mr01Text('vendor-settings.json').replace('"location": "Radiology, building B, room 0.14"', `"location": ["service login password=${SECRET}"]`)),
        /expected a non-empty string for "device\.location", found \["service login password=\[REDACTED\]"\]$/],
      [parse('winlogon-json', 'winlogon.json', mr01Text('winlogon.json').replace('"AutoAdminLogon":  "0"', `"AutoAdminLogon":  {"DefaultPassword": "${SECRET}", "Count": 1}`)),
        /found \{"DefaultPassword":"\[REDACTED\]","Count":1\}$/],
      // A collector that wrote the password instead of whether one is set.
      [parse('winlogon-json', 'winlogon.json', mr01Text('winlogon.json').replace('"DefaultPasswordSet":  false', `"DefaultPasswordSet":  "${SECRET}"`)),
        /expected "DefaultPasswordSet": true or false, found \(not shown: it may be the password\)$/],
      [parse('secedit-export', 'secedit.inf', mr01Text('secedit.inf').replace('[System Access]\n', `[System Access]\nDefaultPassword ${SECRET}\n`)),
        /expected "Key = value" in \[System Access\], found \(not shown: it names a secret\)$/],
      [parse('secedit-export', 'secedit.inf', `password: ${SECRET}\n${mr01Text('secedit.inf')}`),
        /line 1: expected a section header such as \[Unicode\] or \[System Access\] before \(not shown: it names a secret\)$/],
      // reg query's output pasted into a .reg file (the line the fuzzing of export folders found).
      [parse('reg-export', 'reg-lsa.reg', mr01Text('reg-lsa.reg').replace(/(\[HKEY_[^\]]*\]\r?\n)/, `$1    DefaultPassword    REG_SZ    ${SECRET}\n`)),
        /expected "Name"=value or @=value, found "DefaultPassword    REG_SZ    \[REDACTED\]"$/],
      // A .reg line where a CSV was expected: the header cells the refusal lists (found by fuzzing the export folder).
      [parse('local-users-csv', 'local-users.csv', `"DefaultPassword"="${SECRET}"\n${mr01Text('local-users.csv')}`),
        /in the header of .* \(found: "DefaultPassword=\[REDACTED\]"\)$/],
      // … and the first line recognising the file by its name quotes.
      [userErrorOf(() => ingest.recognise(input('local-users.csv', `"DefaultPassword"="${SECRET}"\n${mr01Text('local-users.csv')}`))),
        /but the content is not one \(first line: "\\"DefaultPassword\\"=\\"\[REDACTED\]\\""\)$/],
    ];
    for (const [e, message] of cases) {
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain(SECRET.slice(0, 4));
    }
    // An ordinary value is still quoted as found.
    expect(parse('services-csv', 'services.csv', mr01Text('services.csv').replace('"Application Identity","Running"', '"Application Identity","Halted"')).message).toMatch(/found "Halted"$/);
    expect(parse('winlogon-json', 'winlogon.json', mr01Text('winlogon.json').replace('"DefaultPasswordSet":  false', '"DefaultPasswordSet":  ["yes"]')).message).toMatch(/found \["yes"\]$/);
    expect(parse('secedit-export', 'secedit.inf', mr01Text('secedit.inf').replace('[System Access]\n', '[System Access]\nLockoutBadCount 3\n')).message).toMatch(/found "LockoutBadCount 3"$/);
  });

  it('an error the collection script recorded (an exception\'s text with a connection string) is warned with its password masked', () => {
    const manifest = mr01Text('collection.json').replace(/"errors":\s*\[\s*\]/, `"errors": [{"file": "reg-lsa.reg", "message": "Export failed: Server=db;Password=${SECRET}; access denied"}]`);
    expect(manifest).toContain(SECRET);
    const r = ingest.ingestInputs([input('collection.json', manifest), mr01Input('secedit.inf')], 'MR-01');
    const warned = r.warnings.filter((w) => w.includes('the collection script reported'));
    expect(warned).toEqual(['the collection script reported for reg-lsa.reg: Export failed: Server=db;Password=[REDACTED]; access denied']);
    expect(JSON.stringify(r)).not.toContain(SECRET.slice(0, 4));
  });

  it('two reg exports disagreeing on a secret value are refused without either value; an ordinary value is still shown', () => {
    const winlogon = (name: string, value: string) => input(name, utf16(`Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]\n${value}\n\n`));
    const files = (a: string, b: string) => [mr01Input('collection.json'), winlogon('reg-winlogon-a.reg', a), winlogon('reg-winlogon-b.reg', b)];
    const e = userErrorOf(() => ingest.ingestInputs(files(`"DefaultPassword"="${SECRET}"`, '"DefaultPassword"="Zq7vOtherPw11"'), 'MR-01'));
    expect(e.message).toMatch(/two files of the same kind disagree on \/hardening\/registry\/HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\DefaultPassword: reg-winlogon-a\.reg .* says \(not shown: the value is a secret\), reg-winlogon-b\.reg .* says \(not shown/);
    expect(e.message).not.toContain('Zq7v');
    expect(userErrorOf(() => ingest.ingestInputs(files('"AutoAdminLogon"="0"', '"AutoAdminLogon"="1"'), 'MR-01')).message).toMatch(/says "0", reg-winlogon-b\.reg .* says "1"/);
  });

  it('an unrecognised file\'s first line is shown with a secret on it masked (skipped list, and the error for a file named as an export)', () => {
    const files = [mr01Input('collection.json'), mr01Input('secedit.inf'), input('app.env', `DB_PASSWORD=${SECRET}\nX=1\n`), input('config.yaml', `password: ${SECRET}\n`), input('notes.txt', 'Console handed over on 2024-03-01\n')];
    const r = ingest.ingestInputs(files, 'MR-01');
    expect(r.skipped).toEqual([
      { file: 'app.env', reason: 'content matches no known export format (first line: "DB_PASSWORD=[REDACTED]")' },
      { file: 'config.yaml', reason: 'content matches no known export format (first line: "password: [REDACTED]")' },
      { file: 'notes.txt', reason: 'content matches no known export format (first line: "Console handed over on 2024-03-01")' },
    ]);
    const e = userErrorOf(() => ingest.recognise(input('w32tm.txt', utf16(`"bindPassword": "${SECRET}"\n`))));
    expect(e.message).toMatch(/first line: .*bindPassword.*\[REDACTED\]/);
    expect(e.message).not.toContain('Zq7v');
  });

  it('a secret inside a one-line JSON object or an XML element on the first line is masked too (winlogon.json as Windows writes it compressed)', () => {
    const json = userErrorOf(() => ingest.recognise(input('winlogon.json', `{"DefaultPassword":"${SECRET}","AutoAdminLogon":"1",\n`)));
    // A .json export no recogniser takes is parsed (708799e): the syntax error is named at its line, quoting nothing of the value.
    expect(json.message).toMatch(/^winlogon\.json at line 2: not valid JSON/);
    expect(json.message).not.toContain('Zq7v');
    const r = ingest.ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), input('ldap.xml', `<Ldap><BindPassword>${SECRET}</BindPassword></Ldap>\n`)], 'MR-01');
    expect(r.skipped).toEqual([{ file: 'ldap.xml', reason: 'content matches no known export format (first line: "<Ldap><BindPassword>[REDACTED]</BindPassword></Ldap>")' }]);
  });
});
