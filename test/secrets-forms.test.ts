// Plant and grep: each form a secret takes in the wild (connection strings, URLs with
// credentials, command-line switches, unattend.xml / Group Policy Preferences / ini files,
// private keys of every armour) planted with a unique marker into the string fields of a sample
// snapshot that reach a report, and into the system description and attestation statements;
// assess (with its PDF), diff, monitor (its run and store) and the CLI's stdout and stderr must not
// hold any marker.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import { runMonitor } from '../src/monitor/run.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { pdfTexts } from './support/pdf-text.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'dist/cli/main.js');
const sample = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;

/** A marker no output holds by chance: letters and digits, as a password is. */
const mark = (i: number, k = 0): string => `Zq${i}x${k}Mk7Pw${(i * 7919 + k * 104729).toString(36)}`;
const b64 = (i: number, k = 0): string => Buffer.from(`${mark(i, k)}-key-material-${'A'.repeat(24)}`).toString('base64').replace(/=+$/, '');
/** A Kerberos keytab's base64 (its bytes begin 05 02, then an entry's length). */
const keytab = (i: number): string => Buffer.concat([Buffer.from([5, 2, 0, 0, 0, 0x47]), Buffer.from(`HOSP.EXAMPLE\0host\0${mark(i)}-key-bytes`)]).toString('base64');
const pem = (label: string, body: string): string => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;

/** Each form: its text with marker(s) planted, and the markers (what must never reach an output). */
const FORMS: Array<[string, (i: number) => string, (i: number) => string[]]> = [
  ['connection string Password=', (i) => `Server=pacs-db;User Id=sa;Password=${mark(i)};Encrypt=true`, (i) => [mark(i)]],
  ['connection string Pwd=', (i) => `Data Source=ris;Pwd=${mark(i)}`, (i) => [mark(i)]],
  ['ODBC PWD={…}', (i) => `Driver={ODBC Driver 17 for SQL Server};Server=x;UID=sa;PWD={${mark(i)}};`, (i) => [mark(i)]],
  ['ldaps:// URL', (i) => `ldaps://svc:${mark(i)}@dc.hosp`, (i) => [mark(i)]],
  ['https:// URL', (i) => `https://user:${mark(i)}@host.hosp/path`, (i) => [mark(i)]],
  ['smb:// URL', (i) => `smb://HOSP;svc:${mark(i)}@fs01/share`, (i) => [mark(i)]],
  ['net use', (i) => `net use \\\\srv\\share ${mark(i)} /user:HOSP\\svc`, (i) => [mark(i)]],
  ['-p beside -u', (i) => `C:\\Vendor\\backup.exe -u admin -p ${mark(i)} --full`, (i) => [mark(i)]],
  ['mysql -pX', (i) => `mysql.exe -u root -p${mark(i)} pacs`, (i) => [mark(i)]],
  ['/p:X', (i) => `sync.exe /u:svc /p:${mark(i)}`, (i) => [mark(i)]],
  ['--password X', (i) => `agent.exe --password ${mark(i)} --verbose`, (i) => [mark(i)]],
  ['-Password X (PowerShell)', (i) => `powershell.exe -File C:\\Vendor\\map.ps1 -Password ${mark(i)}`, (i) => [mark(i)]],
  ['ConvertTo-SecureString', (i) => `powershell -c "$p = ConvertTo-SecureString '${mark(i)}' -AsPlainText -Force"`, (i) => [mark(i)]],
  ['sshpass -p', (i) => `sshpass -p ${mark(i)} ssh svc@pacs`, (i) => [mark(i)]],
  ['unattend.xml <Password><Value>', (i) => `<AutoLogon><Password><Value>${mark(i)}</Value><PlainText>true</PlainText></Password><Username>service</Username></AutoLogon>`, (i) => [mark(i)]],
  ['GPP cpassword=', (i) => `<Properties action="U" cpassword="${mark(i)}" userName="svc"/>`, (i) => [mark(i)]],
  ['ini pass =', (i) => `[db]\nhost = pacs-db\npass = ${mark(i)}\n`, (i) => [mark(i)]],
  ['OpenSSH private key', (i) => pem('OPENSSH PRIVATE KEY', b64(i)), (i) => [b64(i)]],
  ['PuTTY .ppk Private-Lines', (i) => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: svc\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAIFx\nPrivate-Lines: 1\n${b64(i)}\nPrivate-MAC: 0f3c`, (i) => [b64(i)]],
  ['encrypted PKCS#8', (i) => pem('ENCRYPTED PRIVATE KEY', b64(i)), (i) => [b64(i)]],
  ['a PEM with two keys', (i) => `${pem('RSA PRIVATE KEY', b64(i, 1))}\n${pem('EC PRIVATE KEY', b64(i, 2))}`, (i) => [b64(i, 1), b64(i, 2)]],
  // Labels in other scripts and languages, a token as a URL's userinfo, network devices' and .pgpass lines.
  ['Russian пароль:', (i) => `пароль: ${mark(i)}`, (i) => [mark(i)]],
  ['Japanese パスワード：', (i) => `パスワード：${mark(i)}`, (i) => [mark(i)]],
  ['Spanish contraseña=', (i) => `contraseña=${mark(i)}`, (i) => [mark(i)]],
  ['German Geheimnis:', (i) => `Geheimnis: ${mark(i)}`, (i) => [mark(i)]],
  ['URL userinfo token', (i) => `git clone https://${mark(i)}@git.example/org/repo.git`, (i) => [mark(i)]],
  ['enable secret 5', (i) => `enable secret 5 $1$${mark(i)}`, (i) => [mark(i)]],
  ['username … password 7', (i) => `username svc password 7 ${mark(i)}`, (i) => [mark(i)]],
  ['.pgpass line', (i) => `pacs-db:5432:pacs:pacs:${mark(i)}`, (i) => [mark(i)]],
  // sec19: a community of letters alone on a device's line, a short URL token, labels in Turkish, Greek, Arabic, Hebrew, Italian.
  ['snmp-server community', (i) => `snmp-server community Zq${'abcdefghij'[i % 10]}pub RO`, (i) => [`Zq${'abcdefghij'[i % 10]}pub`]],
  ['short URL token', (i) => `https://zq${i}x${i}k@git.example/r.git`, (i) => [`zq${i}x${i}k`]],
  ['Turkish şifre:', (i) => `şifre: ${mark(i)}`, (i) => [mark(i)]],
  ['Greek κωδικός:', (i) => `κωδικός: ${mark(i)}`, (i) => [mark(i)]],
  ['Arabic كلمة المرور:', (i) => `كلمة المرور: ${mark(i)}`, (i) => [mark(i)]],
  ['Hebrew סיסמה:', (i) => `סיסמה: ${mark(i)}`, (i) => [mark(i)]],
  ["Italian parola d'ordine:", (i) => `parola d'ordine: ${mark(i)}`, (i) => [mark(i)]],
  // sec20: "parola d'ordine =", a label and its value in columns, a community quoted in prose, a keytab in base64.
  ["Italian parola d'ordine =", (i) => `parola d'ordine = ${mark(i)}`, (i) => [mark(i)]],
  ['label<TAB>value', (i) => `table:\nBind password\t${mark(i)}`, (i) => [mark(i)]],
  ['community quoted in prose', (i) => `uses community "${mark(i)}" for traps`, (i) => [mark(i)]],
  ['Kerberos keytab base64', (i) => `keytab ${keytab(i)}`, (i) => [keytab(i)]],
];

/** The snapshot's string fields that reach a report, each set to `text`. */
const FIELDS: Array<[string, (s: Snapshot, text: string) => void]> = [
  ['device.location', (s, t) => { s.device.location = t; }],
  ['audit.syslog.server', (s, t) => { s.audit!.syslog = { ...s.audit!.syslog, server: t }; }],
  ['firewall rule name', (s, t) => { s.firewall!.rules![0] = { ...s.firewall!.rules![0]!, name: t }; }],
  ['firewall rule program', (s, t) => { s.firewall!.rules![1] = { ...s.firewall!.rules![1]!, program: t }; }],
  ['service display name', (s, t) => { s.hardening!.services![0] = { ...s.hardening!.services![0]!, displayName: t }; }],
  ['registry Run value (a scheduled command line)', (s, t) => { s.hardening!.registry = { ...s.hardening!.registry, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\VendorSync': t }; }],
  ['installed update description', (s, t) => { s.hardening!.updates!.installed![0] = { ...s.hardening!.updates!.installed![0]!, description: t }; }],
  ['DICOM application entity purpose', (s, t) => { s.encryption!.dicom!.applicationEntities![0] = { ...s.encryption!.dicom!.applicationEntities![0]!, purpose: t }; }],
  ['LDAP server', (s, t) => { s.access!.ldap = { ...s.access!.ldap!, servers: [t] }; }],
  ['logon banner text', (s, t) => { s.access!.logonBanner = { caption: 'Notice', text: t }; }],
];

const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));
async function everyByteUnder(dir: string): Promise<Array<{ file: string; bytes: Buffer }>> {
  const out: Array<{ file: string; bytes: Buffer }> = [];
  for (const f of filesUnder(dir)) {
    out.push({ file: f, bytes: readFileSync(f) });
    if (f.endsWith('.pdf')) for (const b of await pdfTexts(f)) out.push({ file: `${f} (text)`, bytes: b });
  }
  return out;
}
function leaks(where: Array<{ file: string; bytes: Buffer }>, markers: readonly string[]): string[] {
  return markers.flatMap((m) => where.filter((w) => w.bytes.includes(m)).map((w) => `${m} in ${w.file}`));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-forms-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets in every form, planted in every field that reaches a report', () => {
  it('no marker reaches an output of assess (OSCAL, CSV, evidence copies, PDF bytes and text), diff, monitor, or the CLI\'s stdout and stderr', async () => {
    // Device i: form i in two fields (its own and the next one's), so each field holds several forms.
    const fleet = join(dir, 'fleet');
    mkdirSync(fleet);
    const markers: string[] = [];
    FORMS.forEach(([, text, held], i) => {
      const s = structuredClone(sample);
      s.device.id = `F-${String(i).padStart(2, '0')}`;
      FIELDS[i % FIELDS.length]![1](s, `ctx${i} ${text(i)}`);
      FIELDS[(i + 1) % FIELDS.length]![1](s, text(i));
      markers.push(...held(i));
      writeFileSync(join(fleet, `${s.device.id}.json`), JSON.stringify(s, null, 2));
    });
    // The system description and the attestation statements, each form again (markers of their own).
    const user = join(dir, 'user');
    cpSync(join(ROOT, 'samples/attestations'), join(user, 'attestations'), { recursive: true });
    const system = load(readFileSync(join(ROOT, 'samples/system.yaml'), 'utf8')) as Record<string, unknown>;
    system.description = FORMS.map(([, text], i) => text(100 + i)).join('\n');
    writeFileSync(join(user, 'system.yaml'), dump(system));
    const att = load(readFileSync(join(ROOT, 'samples/attestations.yaml'), 'utf8')) as { attestations: Array<Record<string, unknown>> };
    const n = att.attestations.length;
    att.attestations.forEach((a, k) => {
      const planted = FORMS.flatMap(([, text], i) => (i % n === k ? [text(200 + i)] : []));
      a.statement = `${String(a.statement)}\n${planted.join('\n')}`;
    });
    writeFileSync(join(user, 'attestations.yaml'), dump(att));
    FORMS.forEach(([, , held], i) => markers.push(...held(100 + i), ...held(200 + i)));
    // The inputs hold every marker (else absence proves nothing).
    const inputs = [...readdirSync(fleet).map((f) => readFileSync(join(fleet, f), 'utf8')), readFileSync(join(user, 'system.yaml'), 'utf8'), readFileSync(join(user, 'attestations.yaml'), 'utf8')].join('\n');
    expect(markers.filter((m) => !inputs.includes(m))).toEqual([]);

    const said: string[] = [];
    const warn = (m: string) => said.push(m);
    const now = '2026-11-28T00:00:00Z';
    const pkg = join(dir, 'pkg');
    const outcome = await runAssess({ inputs: [fleet], out: pkg, force: false, baseline: 'moderate', now, toolVersion: 'test', warn, system: join(user, 'system.yaml'), attestations: join(user, 'attestations.yaml') });
    const old = join(dir, 'old');
    mkdirSync(old);
    writeFileSync(join(old, 'F-00.json'), JSON.stringify({ ...structuredClone(sample), device: { ...sample.device, id: 'F-00' }, collectedAt: '2026-10-05T09:00:00Z' }));
    await runDiff({ old, new: join(fleet, 'F-00.json'), out: join(dir, 'drift'), force: false, now, toolVersion: 'test', config: {}, warn });
    const store = join(dir, 'store');
    await runMonitor({ store, force: false, wallClock: now, toolVersion: 'test', baseline: 'moderate', warn, inputs: [fleet], out: join(dir, 'mon'), now, pdf: false, attestations: join(user, 'attestations.yaml'), system: join(user, 'system.yaml') });
    const cli = spawnSync(process.execPath, [BIN, 'assess', fleet, '--out', join(dir, 'cli-pkg'), '--no-pdf', '--json', '--now', now, '--system', join(user, 'system.yaml'), '--attestations', join(user, 'attestations.yaml')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(cli.status).toBe(0);
    const outputs = [
      ...(await everyByteUnder(pkg)),
      ...(await everyByteUnder(join(dir, 'drift'))),
      ...(await everyByteUnder(join(dir, 'mon'))),
      ...(await everyByteUnder(store)),
      { file: 'warnings and outcome', bytes: Buffer.from(JSON.stringify([said, outcome])) },
      { file: 'CLI stdout', bytes: Buffer.from(cli.stdout) },
      { file: 'CLI stderr', bytes: Buffer.from(cli.stderr) },
    ];
    for (const kind of ['assessment-results', 'poam', 'ssp', '.csv', 'evidence/', '.pdf (text)', 'drift', '/mon/', '/store/']) expect(outputs.some((o) => o.file.includes(kind)), kind).toBe(true);
    // The planted fields do reach the documents: the words planted beside the markers are there.
    expect(FORMS.map((_, i) => `ctx${i} `).filter((c) => !outputs.some((o) => o.bytes.includes(c)))).toEqual([]);
    expect(leaks(outputs, markers)).toEqual([]);
  }, 600_000);
});
