// What counts as a secret (a table: names that are secrets, names that are the policy settings an
// assessor must see), secrets inside text, and the redaction of a snapshot by the path of each
// value: values, provenance entries, their alternatives and nested objects.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { isSecretField, isSecretName, isSecretPointer, isSecretValue, nameWords, REDACTED, redactSnapshot, redactText } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = new URL('..', import.meta.url).pathname;
const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\';
const VENDOR = 'HKLM\\SOFTWARE\\Policies\\Vendor\\App\\';
const SHA0 = 'a'.repeat(64);
const base = (): Snapshot => JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;

describe('secret names (the table in src/snapshot/secrets.ts)', () => {
  // [name, why]: each is a secret.
  const secrets: Array<[string, string]> = [
    ['DefaultPassword', 'Winlogon autologon password'],
    ['communityString', 'an SNMP community (a password)'],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities', 'the SNMP service\'s communities'],
    ['SNMP Community Name', 'SNMP calls the community itself its name'],
    ['keyMaterial', 'a Wi-Fi profile\'s PSK (netsh wlan export profile key=clear)'],
    ['Key Content', 'the same, as netsh wlan show profile key=clear prints it'],
    [`${WINLOGON}DefaultPassword`, 'the same, as a registry path'],
    [`${WINLOGON}AltDefaultPassword`, 'the alternate autologon password'],
    ['bindPassword', 'LDAP bind password'],
    ['ldapbindpassword', 'password inside an all-lower-case word'],
    ['Password', 'the word itself'],
    ['passwd', 'Unix spelling'],
    ['adminPwd', 'pwd abbreviation'],
    ['DbPass', '"pass" as a whole word'],
    ['db_pass', '"pass" in snake case'],
    ['RecoveryPassword', 'BitLocker numerical recovery password'],
    ['Passphrase', 'a pass-phrase'],
    ['ClientSecret', 'an OAuth client secret'],
    ['encryptionKey', 'a symmetric key (a vendor\'s export encryption)'],
    ['decryptionKey', 'ASP.NET <machineKey decryptionKey=…>'],
    ['validationKey', 'ASP.NET <machineKey validationKey=…>'],
    ['machine-key', 'the same, as a label'],
    ['MasterKey', 'a master key'],
    ['HKLM\\SECURITY\\Policy\\Secrets\\NL$KM', 'an LSA secret (the key "Secrets")'],
    ['AccessToken', 'a bearer token'],
    ['api_token', 'token in snake case'],
    ['PIN', 'a PIN'],
    ['startupPin', 'BitLocker startup PIN value'],
    ['Pin1', 'a numbered PIN'],
    ['psk', 'a pre-shared key'],
    ['PreSharedKey', 'the same, spelt out'],
    ['privateKey', 'private key material'],
    ['PRIVATE_KEY', 'the same, shouted'],
    ['apiKey', 'an API key'],
    ['AWSAccessKey', 'an access key'],
    ['Password2', 'a numbered password'],
    ['AdminPw', '"pw" as a whole word'],
    ['pw', 'the abbreviation alone'],
    ['BindCredential', 'a credential, as a value name'],
    ['HKLM\\SOFTWARE\\Acme\\Ldap\\ServiceCredentials', 'credentials, last word of a registry value'],
  ];
  // [name, why]: each is NOT a secret; policy settings about secrets are the evidence.
  const visible: Array<[string, string]> = [
    ['Audit Credential Validation', 'an audit subcategory: credential names its subject'],
    ['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\CredentialsDelegation\\AllowProtectedCreds', 'a credential delegation policy'],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential', 'WDigest switch (a setting word)'],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\DisableDomainCreds', 'a switch about credentials'],
    ['CredSSP', 'a protocol'],
    ['HKLM\\SOFTWARE\\Microsoft\\Crypto\\RSA\\MachineKeys', 'the folder of machine keys, not one (an AppLocker path)'],
    ['EncryptionKeyLength', 'a key\'s length (a setting word)'],
    ['AutoAdminLogon', 'whether autologon is on (the setting, not the password)'],
    ['DefaultUserName', 'the autologon account name'],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel', 'NTLM policy'],
    ['MinimumPasswordLength', 'password policy: length'],
    ['MaximumPasswordAge', 'password policy: age'],
    ['PasswordComplexity', 'password policy: complexity'],
    ['PasswordHistorySize', 'password policy: history'],
    ['ClearTextPassword', 'secedit switch: store with reversible encryption'],
    ['EnablePlainTextPassword', 'SMB client policy switch'],
    ['passwordPolicy', 'the snapshot section itself'],
    ['passwordRequired', 'an account flag'],
    ['PasswordNeverExpires', 'an account flag'],
    [`${WINLOGON}PasswordExpiryWarning`, 'days of warning'],
    ['HKLM\\System\\CurrentControlSet\\Services\\Netlogon\\Parameters\\DisablePasswordChange', 'machine account policy'],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LimitBlankPasswordUse', 'blank password policy'],
    ['fPromptForPassword', 'RDP policy'],
    ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\FilterAdministratorToken', 'UAC policy (token)'],
    ['LocalAccountTokenFilterPolicy', 'UAC remote policy (token)'],
    ['MinimumPIN', 'BitLocker PIN length policy'],
    ['HKLM\\SOFTWARE\\Policies\\Microsoft\\PassportForWork\\PINComplexity\\MinimumPINLength', 'Windows Hello PIN policy'],
    ['UseTPMPIN', 'BitLocker policy switch'],
    ['AllowDomainPINLogon', 'PIN logon policy'],
    ['Software\\Policies\\Microsoft\\MicrosoftEdge\\Main\\FormSuggest Passwords', 'a Group Policy value (under Policies)'],
    ['SeCreateTokenPrivilege', 'a user right'],
    ['pinned', '"pin" inside another word'],
    ['PinnedApps', 'the same, camel case'],
    ['spinner', '"pin" inside another word'],
    ['bypass', '"pass" inside another word'],
    ['PassportForWork', '"pass" inside another word'],
    ['passive', '"pass" inside another word'],
    ['keyProtectors', 'BitLocker protector types'],
    ['keySize', 'certificate key size'],
    ['RequireStrongKey', 'Netlogon policy'],
    ['NoLMHash', 'LM hash policy'],
    ['screenSaverIsSecure', '"secure" is not "secret"'],
    ['sha256', 'a hash'],
    ['HKLM\\SOFTWARE\\Policies\\SNMP\\Parameters\\PermittedManagers\\1', 'the SNMP managers allowed (addresses)'],
    ['Communication', '"communication" is not "community"'],
    ['SharedAccessKeyName', 'names a key (a Service Bus connection string)'],
    ['SecretName', 'names a secret'],
  ];

  it.each(secrets)('%s is a secret (%s)', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(visible)('%s is NOT a secret (%s)', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  // Under a Policies key a secret name holds a secret only when its data is not a setting.
  // [name, data, secret?, why]
  const byData: Array<[string, unknown, boolean, string]> = [
    [`${VENDOR}ProxyPassword`, 'S3cr3t!', true, 'a vendor template\'s proxy password'],
    [`${VENDOR}PreSharedKey`, 'b6f0c1d2e3', true, 'a pre-shared key'],
    [`${VENDOR}ConnectionPassword`, 'hex:53336372337421', true, 'binary data'],
    [`${VENDOR}UnlockPin`, '482913', true, 'digits long enough to be a PIN (REG_SZ)'],
    [`${VENDOR}ProxyPassword`, 'yes\nno', true, 'a REG_MULTI_SZ is text, not a switch'],
    ['HKLM\\SOFTWARE\\Policies\\SNMP\\Parameters\\ValidCommunities\\1', 'Zk8pubLic77', true, 'an SNMP community set by Group Policy (reg-policies.reg)'],
    [`${VENDOR}RememberPassword`, 'no', false, 'a yes/no switch'],
    [`${VENDOR}RememberPassword`, ' Disabled ', false, 'an enabled/disabled switch, any case'],
    [`${VENDOR}RememberPassword`, 'TRUE', false, 'true/false'],
    [`${VENDOR}RememberPassword`, 'off', false, 'on/off'],
    [`${VENDOR}RememberPassword`, '1', false, 'a REG_SZ "1"'],
    ['HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE\\OSPassphrase', 1, false, 'a REG_DWORD (BitLocker: passwords allowed)'],
    ['HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE\\OSPassphrase', 4294967295, false, 'any REG_DWORD'],
    [`${VENDOR}ProxyPassword`, '', false, 'empty'],
    ['Software\\Policies\\Microsoft\\MicrosoftEdge\\Main\\FormSuggest Passwords', 'anything at all', false, 'not a secret name (a setting word), whatever its data'],
    [`${WINLOGON}DefaultPassword`, 1234, true, 'outside Policies the name alone decides, as before'],
    [`${WINLOGON}DefaultPassword`, 'no', true, 'the same for a token'],
    [`${WINLOGON}AutoAdminLogon`, 'S3cr3t!', false, 'not a secret name outside Policies either'],
  ];
  it.each(byData)('%s = %j is a secret: %s (%s)', (name, data, secret) => {
    expect(isSecretValue(name, data)).toBe(secret);
  });
  it('a secret name under Policies, its data unknown, is taken as a secret', () => {
    expect(isSecretName(`${VENDOR}ProxyPassword`)).toBe(true);
    expect(isSecretPointer(`/hardening/registry/${VENDOR}ProxyPassword`)).toBe(true);
  });

  it('splits names into words however they are written', () => {
    expect(nameWords('LDAPBindPassword')).toEqual(['ldap', 'bind', 'password']);
    expect(nameWords('UseTPMKeyPIN')).toEqual(['use', 'tpm', 'key', 'pin']);
    expect(nameWords('api_token-2')).toEqual(['api', 'token', '2']);
  });

  it('judges pointers and dotted fields by every key on the path', () => {
    expect(isSecretPointer('/access/ldap/bindPassword')).toBe(true);
    expect(isSecretPointer(`/hardening/registry/${WINLOGON}DefaultPassword`)).toBe(true);
    expect(isSecretPointer('/vendor~1settings/password/0')).toBe(true);
    expect(isSecretPointer('/access/passwordPolicy/local/minLength')).toBe(false);
    expect(isSecretField('access.ldap.bindPassword')).toBe(true);
    expect(isSecretField(`hardening.registry.${WINLOGON}DefaultPassword`)).toBe(true);
    expect(isSecretField('access.passwordPolicy.local.minLength')).toBe(false);
  });

  it('no check of the catalog reads a value the redaction hides (a verdict never rests on [REDACTED])', () => {
    const reads = loadCatalog().checks.flatMap((c) => c.reads.map((r) => [c.id, r] as const));
    expect(reads.length).toBeGreaterThan(50);
    expect(reads.filter(([, r]) => isSecretField(r))).toEqual([]);
  });

  it('every property of the snapshot schema the rule calls secret accepts text (its redacted value validates)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/snapshot-v1.schema.json'), 'utf8')) as unknown;
    const found: Array<{ name: string; type: unknown }> = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, { type?: unknown }> }).properties;
      if (props) for (const [name, p] of Object.entries(props)) if (isSecretName(name)) found.push({ name, type: p.type });
      for (const v of Object.values(node)) walk(v);
    };
    walk(schema);
    expect(found.map((f) => f.name)).toContain('bindPassword');
    for (const f of found) expect([f.type].flat(), f.name).toContain('string');
  });
});

describe('secrets inside text', () => {
  it('masks the password of a connection string, keeping the rest', () => {
    expect(redactText('Server=db01;Database=pacs;User Id=sa;Password=Hunter2!x;Encrypt=true')).toBe('Server=db01;Database=pacs;User Id=sa;Password=[REDACTED];Encrypt=true');
    expect(redactText('Data Source=pacs;Pwd={se;cret};')).toBe('Data Source=pacs;Pwd=[REDACTED];');
    expect(redactText('mongodb query ?user=a&token=abc123&x=1')).toBe('mongodb query ?user=a&token=[REDACTED]&x=1');
  });
  it('masks credentials told by their form, with no secret name before them; keeps the words that only look alike', () => {
    const basic = Buffer.from('svc-pacs:Winter2026!').toString('base64');
    const masked: Array<[string, string]> = [
      ['Authorization: Bearer 9f8e7d6c5b4a.x-y_z', 'Authorization: Bearer [REDACTED]'],
      [`curl -H "Authorization: Basic ${basic}" https://pacs`, 'curl -H "Authorization: Basic [REDACTED]" https://pacs'],
      ['upload with AKIAIOSFODNN7EXAMPLE to the bucket', 'upload with [REDACTED] to the bucket'],
      ['session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl ends', 'session [REDACTED] ends'],
      [`clone with ghp_${'A1b2C3d4'.repeat(5)} then`, 'clone with [REDACTED] then'],
    ];
    for (const [text, want] of masked) expect(redactText(text), text).toBe(want);
    // A plain word after "Bearer", base64 that spells no NAME:PASSWORD after "Basic", 21 characters after AKIA: not credentials.
    for (const t of ['the bearer instrument of record', 'Basic settings of the console', 'basic authentication disabled', 'AKIAIOSFODNN7EXAMPLEX', 'Bearer tokens are refused']) expect(redactText(t), t).toBe(t);
    // In a snapshot the token's copies are masked too, as any secret found in text is.
    const snap = { ...base(), notes: ['Authorization: Bearer 9f8e7d6c5b4a.x-y_z', '9f8e7d6c5b4a.x-y_z'] } as unknown as Snapshot;
    expect((redactSnapshot(snap) as unknown as { notes: string[] }).notes).toEqual(['Authorization: Bearer [REDACTED]', '[REDACTED]']);
  });
  it('leaves policy pairs and ordinary text alone', () => {
    for (const t of ['MinimumPasswordLength = 14', 'PasswordComplexity=1', 'Authorized use only', 'a=b; c=d', 'Password=']) expect(redactText(t)).toBe(t);
  });
  it('masks "pw" and the other secret words as name: value labels, command-line switches and name=value pairs', () => {
    const masked: Array<[string, string]> = [
      ['temp pw: Winter2026!', 'temp pw: [REDACTED]'],
      ['pw=Winter2026!', 'pw=[REDACTED]'],
      ['FSE reset the pw: Winter2026! on 11/02', 'FSE reset the pw: [REDACTED]'],
      ['Password: Winter2026!', 'Password: [REDACTED]'],
      ['pwd: x1y2z3', 'pwd: [REDACTED]'],
      ['passphrase: correct horse battery staple', 'passphrase: [REDACTED]'],
      ['startup PIN: 482913', 'startup PIN: [REDACTED]'],
      ['api token: abc123, user: svc-lms', 'api token: [REDACTED] user: svc-lms'],
      ['client_secret=abc123&scope=x', 'client_secret=[REDACTED]&scope=x'],
      ['run.exe /password:S3cret /quiet', 'run.exe /password:[REDACTED] /quiet'],
      ['plink -pw S3cret host -batch', 'plink -pw [REDACTED] host -batch'],
      ['app.exe --password "S3 cret" --verbose', 'app.exe --password [REDACTED] --verbose'],
      ['Data Source=pacs;User ID=sa;PWD=S3cret', 'Data Source=pacs;User ID=sa;PWD=[REDACTED]'],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
  });
  it('masks the value of a secret label alone at the end of its line, given on the next line ("Password:" then the password)', () => {
    expect(redactText('Service account\nPassword:\n  Zq-Next-Line-9\nUser: svc')).toBe('Service account\nPassword:\n  [REDACTED]\nUser: svc');
    expect(redactText('pwd=\r\nZq-Next-Line-9')).toBe('pwd=\r\n[REDACTED]');
    // Not when the next line is an item of its own, empty, or a switch's state; nor for a label inside a sentence.
    for (const t of ['Password:\nUser: svc', 'Password:\n\nnotes', 'Password required:\n  Yes', 'Password:\n  Yes', 'Call the vendor to reset the password:\nthey answer in a day']) expect(redactText(t), t).toBe(t);
  });
  it('masks a secret stated in prose: "password is X", "pw was X", "PIN set to X" (an account description, a justification)', () => {
    const masked: Array<[string, string]> = [
      ['Service account, password is Welcome1', 'Service account, password is [REDACTED]'],
      ['temp pw was Winter2026! call IT', 'temp pw was [REDACTED] call IT'],
      ['PIN set to 482913 by the FSE', 'PIN set to [REDACTED] by the FSE'],
      ['Admin password was reset to Spring2027', 'Admin password was reset to [REDACTED]'],
      ['bind password has been changed to "Two Words"; see ticket', 'bind password has been changed to [REDACTED]; see ticket'],
      ['token is abc123xyz.', 'token is [REDACTED]'],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
    // What prose says about a secret, not what it is, stays: a state, a length, an article.
    for (const t of ['password is not set', 'the next time the password is changed.&lt;/VulnDiscussion&gt;', 'The password is rotated monthly.', 'Password is 14 characters minimum', 'The password was changed by IT', 'the key is in the safe', 'This bypass is fine', 'Password is [REDACTED]']) {
      expect(redactText(t), t).toBe(t);
    }
  });
  it('"pass" names a password only where a login is given ("user admin pass X", FTP\'s "PASS X" first on its line); prose\'s "pass" stays', () => {
    const masked: Array<[string, string]> = [
      ['ftp user admin pass FtpS3cret21x', `ftp user admin pass ${REDACTED}`],
      ['login bob pass Zq9Mk7x!', `login bob pass ${REDACTED}`],
      ['USER admin\r\nPASS Ftp$ecret9\r\n230 ok', `USER admin\r\nPASS ${REDACTED}\r\n230 ok`],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
    for (const t of ['A lapsed pass MR-02 TIME-SYNC', 'checks pass Win11-23H2', 'the user admin pass the test', 'user admin: checks pass Win11-23H2']) expect(redactText(t), t).toBe(t);
  });

  it('masks a password-looking word right after a secret word in prose ("pw Winter2026!", "PIN 482913"), where it stands only; identifiers, dates and plain words stay', () => {
    const masked: Array<[string, string]> = [
      ['temp pw Winter2026! for the FSE', `temp pw ${REDACTED} for the FSE`],
      ['admin password Xy7#kq9 until Friday', `admin password ${REDACTED} until Friday`],
      ['the password Welcome1.', `the password ${REDACTED}.`],
      ['service PIN 482913', `service PIN ${REDACTED}`],
      ['API key AKIA1234567890ABCD rotated', `API key ${REDACTED} rotated`],
      ['the password is now Winter2026!', `the password is now ${REDACTED}`],
      ['PIN is currently 482913', `PIN is currently ${REDACTED}`],
      ['password is still Xy7#kq9 until reset', `password is still ${REDACTED} until reset`],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
    for (const t of [
      'password reset-by-admin', 'password policy GPO-01', 'password MR-02 console', 'token TKT-20391', 'password KB5031356 fix', 'passwords 2026-01-01 rotated',
      'Password v2.1 of the policy', 'password hash SHA256 stored', 'password changed 2026-11-02T10:00Z', 'password (see vault)', 'the passwords are 14+ chars',
      'PIN + TPM2.0 required', 'key AKIA1234567890', 'pin pad PP-1000 replaced', 'password is now 14 characters', 'the password is also MR-02', 'The password is rotated monthly.',
    ]) expect(redactText(t), t).toBe(t);
    // Not a copy elsewhere: the weakest rule masks the word where it stands only.
    const s = base();
    const at = 'HKLM\\SOFTWARE\\Acme\\App\\';
    s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, [`${at}Note`]: 'pw Winter2026!', [`${at}Other`]: 'Winter2026!' } };
    const r = redactSnapshot(s);
    expect(r.hardening!.registry![`${at}Note`]).toBe(`pw ${REDACTED}`);
    expect(r.hardening!.registry![`${at}Other`]).toBe('Winter2026!');
  });
  it('leaves settings about secrets readable, in text as in names; "-p" and a bare word are not taken for a password', () => {
    for (const t of [
      'MinimumPasswordLength = 14', 'PasswordComplexity = 1', 'LockoutBadCount = 5', 'password never expires', 'PasswordExpires: never',
      'Password never expires: True', 'Password last set: 2026-01-01', 'User may change password: Yes', 'Maximum password age (days): 42',
      'Key Protectors: TPM And PIN', 'Pin: enabled', '<q3:Name>Configure TPM startup PIN:</q3:Name>', 'A lapsed pass: MR-02 TIME-SYNC',
      'net accounts /minpwlen:14', 'net user svc /passwordreq:yes', 'https://vendor.example/password/reset', 'C:\\pw\\notes.txt', 'at 12:30 token refresh',
      'sqlcmd -U sa -p 1433', 'password is required',
    ]) expect(redactText(t), t).toBe(t);
  });
  it('masks the passwords well-known commands take by position or by a one-letter switch (a scheduled task, a run key, a note)', () => {
    const masked: Array<[string, string]> = [
      ['net user admin S3cret1 /add', 'net user admin [REDACTED] /add'],
      ['net user "Service Acct" "Two Words" /add /active:yes', 'net user "Service Acct" [REDACTED] /add /active:yes'],
      ['C:\\Windows\\System32\\net.exe user svc -Dash1 /add', 'C:\\Windows\\System32\\net.exe user svc [REDACTED] /add'],
      ['cmd /c net use Z: \\\\srv\\share S3cret1 /user:dom\\bob && echo ok', 'cmd /c net use Z: \\\\srv\\share [REDACTED] /user:dom\\bob && echo ok'],
      ['net use \\\\srv\\ipc$ /user:bob S3cret1', 'net use \\\\srv\\ipc$ /user:bob [REDACTED]'],
      ['"C:\\Tools\\PsExec.exe" \\\\ct01 -u admin -p S3cret1 cmd.exe', '"C:\\Tools\\PsExec.exe" \\\\ct01 -u admin -p [REDACTED] cmd.exe'],
      ['sqlcmd -S pacs -U sa -P S3cret1 -Q "select 1"', 'sqlcmd -S pacs -U sa -P [REDACTED] -Q "select 1"'],
      ['osql -S pacs -U sa -PS3cret1', 'osql -S pacs -U sa -P[REDACTED]'],
      ['mysqldump -u root -pS3cret1 ris', 'mysqldump -u root -p[REDACTED] ris'],
      ['sshpass -p S3cret1 scp f root@host:', 'sshpass -p [REDACTED] scp f root@host:'],
      ['schtasks /create /tn Backup /tr b.cmd /ru svc /rp S3cret1 /sc daily', 'schtasks /create /tn Backup /tr b.cmd /ru svc /rp [REDACTED] /sc daily'],
      ['cmdkey /generic:pacs /user:bob /pass:S3cret1', 'cmdkey /generic:pacs /user:bob /pass:[REDACTED]'],
      ['curl -u svc:S3cret1 https://pacs/api', 'curl -u svc:[REDACTED] https://pacs/api'],
      ['openssl pkcs12 -in a.pfx -passin pass:S3cret1 -out a.pem', 'openssl pkcs12 -in a.pfx -passin pass:[REDACTED] -out a.pem'],
      ['7z a -pS3cret1 logs.7z logs', '7z a -p[REDACTED] logs.7z logs'],
      ['zip -P S3cret1 logs.zip logs', 'zip -P [REDACTED] logs.zip logs'],
      ['$cred = ConvertTo-SecureString "S3cret1" -AsPlainText -Force', '$cred = ConvertTo-SecureString [REDACTED] -AsPlainText -Force'],
      ['New-LocalUser svc -Password (ConvertTo-SecureString -String \'S3cret1\' -AsPlainText -Force)', 'New-LocalUser svc -Password (ConvertTo-SecureString -String [REDACTED] -AsPlainText -Force)'],
      ['reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon" /v DefaultPassword /t REG_SZ /d S3cret1 /f', 'reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon" /v DefaultPassword /t REG_SZ /d [REDACTED] /f'],
      ['Set-ItemProperty -Path $wl -Name DefaultPassword -Value S3cret1', 'Set-ItemProperty -Path $wl -Name DefaultPassword -Value [REDACTED]'],
      ['ldapsearch -x -H ldaps://dc01 -D "cn=bind,dc=hosp" -w S3cret1 -b dc=hosp', 'ldapsearch -x -H ldaps://dc01 -D "cn=bind,dc=hosp" -w [REDACTED] -b dc=hosp'],
      ['ldapmodify -D cn=admin -wS3cret1 -f x.ldif', 'ldapmodify -D cn=admin -w[REDACTED] -f x.ldif'],
      ['xfreerdp /v:ct01 /u:fse /p:S3cret1 /cert:ignore', 'xfreerdp /v:ct01 /u:fse /p:[REDACTED] /cert:ignore'],
      ['rdesktop -u fse -p S3cret1 ct01', 'rdesktop -u fse -p [REDACTED] ct01'],
      ['winrs -r:ct01 -u:fse -p:S3cret1 ipconfig', 'winrs -r:ct01 -u:fse -p:[REDACTED] ipconfig'],
      ['smbclient //srv/share -U fse%S3cret1 -c ls', 'smbclient //srv/share -U fse%[REDACTED] -c ls'],
      ['sqlplus -s system/S3cret1@pacsdb @q.sql', 'sqlplus -s system/[REDACTED]@pacsdb @q.sql'],
      ['expdp scott/S3cret1 directory=d dumpfile=x.dmp', 'expdp scott/[REDACTED] directory=d dumpfile=x.dmp'],
      ['ipmitool -I lanplus -H bmc -U admin -P S3cret1 power status', 'ipmitool -I lanplus -H bmc -U admin -P [REDACTED] power status'],
      ['docker login -u fse -p S3cret1 registry', 'docker login -u fse -p [REDACTED] registry'],
      ['htpasswd -b .htpasswd fse S3cret1', 'htpasswd -b .htpasswd fse [REDACTED]'],
      ['htpasswd -nbB fse S3cret1', 'htpasswd -nbB fse [REDACTED]'],
    ];
    for (const [text, shown] of masked) {
      expect(redactText(text), text).toBe(shown);
      expect(redactText(shown), shown).toBe(shown);
    }
    // No password given ("*" asks for it), one name only, a command not listed, a one-letter switch another tool gives another meaning.
    for (const t of [
      'net user admin * /add', 'net user admin /active:no', 'net user', 'Net User #{user} | Findstr /i "Last Logon"', 'net use Z: /delete', 'net localgroup administrators bob /add',
      'sqlcmd -S pacs -p 1433', 'mysql -u root -p ris', 'schtasks /create /tn Backup /ru svc /rp /sc daily', 'curl -u svc https://pacs/api', 'cmdkey /list',
      'reg add HKLM\\Software\\Vendor /v DefaultUserName /d svc /f', 'Set-ItemProperty -Path $wl -Name AutoAdminLogon -Value 1', 'ping -p 80 host', 'tar -cpf x.tar dir',
      'Regular review of SCHTASKS.EXE rules', 'openssl s_client -connect pacs:443',
      'sqlplus / as sysdba', 'sqlplus /nolog @C:/scripts/x.sql', 'expdp scott directory=d dumpfile=a/b.dmp', 'ldapsearch -W -D cn=x -b dc=hosp',
      'htpasswd -c .htpasswd fse', 'docker ps -a', 'smbclient -L srv -N', 'xfreerdp /v:ct01 /u:fse',
    ]) expect(redactText(t), t).toBe(t);
    // Every command name the rule knows, in any case and with ".exe", with words that hold no password.
    for (const name of ['net', 'net1', 'psexec', 'PsExec64', 'paexec', 'sqlcmd', 'osql', 'isql', 'bcp', 'mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck',
      'mysqlshow', 'mariadb', 'mariadb-dump', 'sshpass', 'schtasks', 'zip', '7z', '7za', '7zr', 'rar', 'WinRAR', 'unrar', 'openssl', 'curl', 'cmdkey', 'reg',
      'ConvertTo-SecureString', 'Set-ItemProperty', 'New-ItemProperty', 'ldapsearch', 'ldapmodify', 'ldapadd', 'ldapdelete', 'ldapwhoami', 'ldappasswd',
      'ldapcompare', 'ldapmodrdn', 'ldapexop', 'xfreerdp', 'wlfreerdp', 'sdl-freerdp', 'rdesktop', 'winrs', 'smbclient', 'rpcclient', 'smbcacls', 'smbget',
      'smbmap', 'sqlplus', 'expdp', 'impdp', 'rman', 'sqlldr', 'ipmitool', 'docker', 'htpasswd']) {
      for (const t of [`${name} -x`, `${name.toUpperCase()}.EXE /y`]) expect(redactText(t), t).toBe(t);
    }
  });
  it('any password a listed command takes by position or switch is masked, and masking again changes nothing (fast-check)', () => {
    // A password as a shell passes it unquoted: no blank, quote or shell operator; it may begin with "-".
    const password = fc.stringMatching(/^[A-Za-z0-9!#$%*+,.:=?@^_~-]{4,16}$/).filter((p) => p !== '*' && /[A-Za-z0-9]/.test(p));
    const command = fc.constantFrom(
      (p: string) => `net user svc ${p} /add`, (p: string) => `net use Z: \\\\srv\\share ${p} /user:bob`, (p: string) => `psexec \\\\h -u a -p ${p} cmd`,
      (p: string) => `sqlcmd -S s -U sa -P ${p}`, (p: string) => `bcp t out f -U sa -P${p}`, (p: string) => `schtasks /create /ru svc /rp ${p}`,
      (p: string) => `sshpass -p ${p} ssh h`, (p: string) => `ConvertTo-SecureString '${p}' -AsPlainText`, (p: string) => `reg add HKLM\\x /v DefaultPassword /d ${p} /f`,
      (p: string) => `ldapsearch -D cn=b -w ${p} -b dc=h`, (p: string) => `smbclient //s/x -U bob%${p}`, (p: string) => `ipmitool -U a -P ${p} power status`,
      (p: string) => `xfreerdp /v:h /u:bob /p:${p}`,
    );
    fc.assert(fc.property(password, command, (p, make) => {
      const once = redactText(make(p));
      expect(once).toContain(REDACTED);
      expect(once.replaceAll(REDACTED, ' ')).not.toContain(p);
      expect(redactText(once)).toBe(once);
    }), { numRuns: 300 });
  });
  it('masks the data of a secret-named value in reg query output, keeping settings and the other lines', () => {
    const text = [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
      '    AutoAdminLogon    REG_SZ    1',
      '    DefaultUserName    REG_SZ    fse',
      '    DefaultPassword    REG_SZ    Winter 2026!',
      '    PasswordExpiryWarning    REG_DWORD    0x5',
      '    Vendor Service Pwd\tREG_EXPAND_SZ\tS3cret',
    ].join('\r\n');
    const shown = redactText(text).split('\r\n');
    expect(shown[3]).toBe('    DefaultPassword    REG_SZ    [REDACTED]');
    expect(shown[5]).toBe('    Vendor Service Pwd\tREG_EXPAND_SZ\t[REDACTED]');
    expect([shown[0], shown[1], shown[2], shown[4]]).toEqual(text.split('\r\n').filter((_, i) => i !== 3 && i !== 5));
    expect(redactText(redactText(text))).toBe(redactText(text));
    // An empty value shows none is set: evidence, kept.
    expect(redactText('    DefaultPassword    REG_SZ    ')).toBe('    DefaultPassword    REG_SZ    ');
  });
  it('masks a secret "Name"="value" of a .reg file\'s text, hex data and its continuation lines too; switch states, dwords, empty and deleted values stay', () => {
    expect(redactText('"DefaultPassword"="Winter 2026!"')).toBe('"DefaultPassword"="[REDACTED]"');
    expect(redactText('"VendorPwd"=hex(2):53,00,33,00,\\\n  63,00,00,00\n"Next"="1"')).toBe('"VendorPwd"="[REDACTED]"\n"Next"="1"');
    for (const t of ['"AutoAdminLogon"="1"', '"PasswordExpiryWarning"=dword:00000005', '"DefaultPassword"=""', '"DefaultPassword"=-', '@="x"', '"DefaultPassword"="[REDACTED]"']) expect(redactText(t), t).toBe(t);
    // A malformed dword or hex value runs to the next blank: nothing of it is left behind the mask.
    expect(redactText('"DefaultPassword"=dword:Winter2026! x')).toBe('"DefaultPassword"="[REDACTED]" x');
    expect(redactText('"DefaultPassword"=hex:Winter2026! x')).toBe('"DefaultPassword"="[REDACTED]" x');
  });
  it('judges a secret-named registry value in text as a snapshot does: by its key line where the text has one, else by its name alone', () => {
    // Under a Policies key a switch's data stays (a dword, "no", "1"); any other data is masked.
    const reg = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\App]\r\n"OSPassphrase"=dword:00000001\r\n"RememberPassword"="no"\r\n"ProxyPassword"="S3cr3t!"\r\n'
      + '\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App]\r\n"RememberPassword"="no"\r\n"PIN"=dword:00000539\r\n';
    expect(redactText(reg).split('\r\n')).toEqual(['[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\App]', '"OSPassphrase"=dword:00000001', '"RememberPassword"="no"', '"ProxyPassword"="[REDACTED]"',
      '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App]', '"RememberPassword"="[REDACTED]"', '"PIN"="[REDACTED]"', '']);
    const query = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\FVE\r\n    OSPassphrase    REG_DWORD    0x1\r\n    RememberPassword    REG_SZ    no\r\n    ProxyPassword    REG_SZ    S3cr3t!\r\n'
      + '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\r\n    DefaultPassword    REG_SZ    123\r\n    DefaultPin    REG_DWORD    0x539';
    expect(redactText(query).split('\r\n')).toEqual(['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\FVE', '    OSPassphrase    REG_DWORD    0x1', '    RememberPassword    REG_SZ    no', '    ProxyPassword    REG_SZ    [REDACTED]',
      '', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon', '    DefaultPassword    REG_SZ    [REDACTED]', '    DefaultPin    REG_DWORD    [REDACTED]']);
    // A line alone (a message quoting it) does not say it sits under a Policies key: a short password such as "123" or "no" is masked.
    for (const [t, shown] of [['"DefaultPassword"="123"', '"DefaultPassword"="[REDACTED]"'], ['"RememberPassword"="no"', '"RememberPassword"="[REDACTED]"'],
      ['"OSPassphrase"=dword:00000001', '"OSPassphrase"="[REDACTED]"'], ['    DefaultPassword    REG_SZ    no', '    DefaultPassword    REG_SZ    [REDACTED]']]) expect(redactText(t!), t).toBe(shown);
    expect(redactText(redactText(reg))).toBe(redactText(reg));
  });
  it('a value ends where its kind of text ends it: a connection string\'s at ";", a command line\'s at a blank, a query\'s at "&"', () => {
    // Connection strings and ini lines: blanks belong to the value, all of it is masked.
    expect(redactText('Server=db01;User ID=sa;Password=Winter 2026 x;Encrypt=true')).toBe('Server=db01;User ID=sa;Password=[REDACTED];Encrypt=true');
    expect(redactText('Server=db01; Password=P&ssw0rd; Encrypt=true')).toBe('Server=db01; Password=[REDACTED]; Encrypt=true');
    expect(redactText('Password = Winter 2026 with spaces')).toBe('Password = [REDACTED]');
    // Command lines: the value is one word; the switches and pairs after it stay.
    expect(redactText('svc.exe password=S3cret other=1 --verbose')).toBe('svc.exe password=[REDACTED] other=1 --verbose');
    expect(redactText('run.exe --password=S3cret --verbose')).toBe('run.exe --password=[REDACTED] --verbose');
    expect(redactText('set PASSWORD=S3cret && start svc')).toBe('set PASSWORD=[REDACTED] && start svc');
    // Query strings.
    expect(redactText('https://h.example/x?user=a&pw=S3cret&x=1#top')).toBe('https://h.example/x?user=a&pw=[REDACTED]&x=1#top');
    // A label's value in free text: up to the next label, or the end of the line.
    expect(redactText('temp pw: Winter 2026 please\nnext line')).toBe('temp pw: [REDACTED]\nnext line');
  });
  it('a redacted text redacts to itself', () => {
    for (const t of ['x pw: "a b c" y', 'password="abc def" x=1', 'temp pw: Winter2026!, user: bob', 'Server=db;Password=a b;X=1', 'app --password S3cret -v', 'ldaps://svc:S3cr3t@dc01']) {
      const once = redactText(t);
      expect(once).toContain(REDACTED);
      expect(redactText(once)).toBe(once);
    }
  });
  it('masks a private key\'s base64 body without its PEM lines (one line or wrapped), RSA, EC and Ed25519; public keys stay', () => {
    const body = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').trim();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const keys = [
      body(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string),
      body(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
      body(ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string),
      body(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
      body(ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    ];
    for (const k of keys) {
      const oneLine = k.replace(/\s+/g, '');
      expect(redactText(`ServiceKey: ${oneLine} (vendor)`), k.slice(0, 12)).toBe(`ServiceKey: ${REDACTED} (vendor)`);
      expect(redactText(`key follows\n${k}\nend of note`), k.slice(0, 12)).toBe(`key follows\n${REDACTED}\nend of note`);
    }
    // A snapshot masks it where it sits, and its copies.
    const s = base();
    const one = keys[1]!.replace(/\s+/g, '');
    s.device.location = one;
    s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: `tls key ${one}` } };
    expect(JSON.stringify(redactSnapshot(s))).not.toContain(one.slice(0, 40));
    const spki = body(rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string).replace(/\s+/g, '');
    expect(redactText(`public ${spki}`)).toBe(`public ${spki}`);
  });
  it('masks a PEM private key block, and a password in a URL', () => {
    const pem = 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx7\n-----END RSA PRIVATE KEY-----\nend';
    expect(redactText(pem)).toBe(`key:\n${REDACTED}\nend`);
    expect(redactText('-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc (truncated')).toBe(REDACTED);
    expect(redactText('ldaps://svc-bind:S3cr3t@dc01.example:636')).toBe(`ldaps://svc-bind:${REDACTED}@dc01.example:636`);
    expect(redactText('ldaps://dc01.example:636')).toBe('ldaps://dc01.example:636');
    // Pasted unencoded, a password may hold "/" or "@": it runs to the "@" before the host.
    expect(redactText('ldaps://svc:Qz/x9Mk!@dc01:636')).toBe(`ldaps://svc:${REDACTED}@dc01:636`);
    expect(redactText('ldaps://svc:Qz@x9Mk!@dc01:636 next')).toBe(`ldaps://svc:${REDACTED}@dc01:636 next`);
    expect(redactText('https://svc:Pw-31x@host/path?mail=a@b.example')).toBe(`https://svc:${REDACTED}@host/path?mail=a@b.example`);
    for (const t of ['https://host/a:b/c', 'https://host:8443/x?mail=a@b.example', 'mailto:a@b.example']) expect(redactText(t), t).toBe(t);
  });
  it('masks the private lines of a PuTTY key, keeping its public lines and MAC line', () => {
    const ppk = 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: svc@console\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIHx\nQk9\nPrivate-Lines: 1\nAAAAIGq7Zr4PuttyPriv8x\nPrivate-MAC: 5f3c\n';
    const out = redactText(ppk);
    expect(out).not.toContain('PuttyPriv8x');
    expect(out).toContain('Private-Lines: 1\n[REDACTED]\nPrivate-MAC: 5f3c');
    expect(out).toContain('AAAAC3NzaC1lZDI1NTE5AAAAIHx');
  });
  it('masks the text inside a secret-named XML element holding elements (unattend.xml), keeping settings and whose it is', () => {
    expect(redactText('<AutoLogon><Password><Value>Zq7Unattend!</Value><PlainText>true</PlainText></Password><Username>admin</Username></AutoLogon>'))
      .toBe(`<AutoLogon><Password><Value>${REDACTED}</Value><PlainText>true</PlainText></Password><Username>admin</Username></AutoLogon>`);
    expect(redactText('<AdministratorPassword>\n  <Value>Zq7Admin!</Value>\n</AdministratorPassword>')).not.toContain('Zq7Admin');
    expect(redactText('<Credentials><Domain>HOSP</Domain><Username>svc_pacs</Username><Password>Zq7Cred!</Password></Credentials>'))
      .toBe(`<Credentials><Domain>HOSP</Domain><Username>svc_pacs</Username><Password>${REDACTED}</Password></Credentials>`);
    const policy = '<PasswordPolicy><MinimumLength>14</MinimumLength><History>24</History></PasswordPolicy>';
    expect(redactText(policy)).toBe(policy);
  });
  it('masks -p and /p given beside a user on the command line of any program, and /p:X alone; ports, paths and properties stay', () => {
    for (const [t, pw] of [
      ['backup.exe -u admin -p Zq7Bk!x1 --full', 'Zq7Bk!x1'],
      ['"C:\\Program Files\\Vendor\\sync.exe" /u:HOSP\\svc /p:Zq7Sync', 'Zq7Sync'],
      ['agent.exe --user svc -p "Zq7 spaced"', 'Zq7 spaced'],
      ['sqlpackage /Action:Export /p:Zq7Pkg', 'Zq7Pkg'],
      ['vendor-cli /user admin /p Zq7Vend', 'Zq7Vend'],
    ] as const) {
      const out = redactText(t);
      expect(out, t).not.toContain(pw);
      expect(out, t).toContain(REDACTED);
    }
    for (const t of [
      'docker run -u 1000 -p 8080:80 pacs', 'psql -U postgres -p 5432 -h db', 'ssh -p 2222 admin@host', 'mkdir -p C:\\data',
      'msbuild /p:Configuration=Release /p:Platform=x64', 'iperf -u -p 5001', 'tool -u svc -p -', 'shutdown /p',
    ]) expect(redactText(t), t).toBe(t);
  });
});

describe('values under secret-named parents and in name/value pairs, inside text', () => {
  it('masks every value inside the object or list a secret-named JSON member holds, keeping its keys', () => {
    expect(redactText('{"secrets": {"ldap": "Nest-Pw-1", "radius": {"shared": "Nest-Pw-2"}}, "host": "dc01"}'))
      .toBe(`{"secrets": {"ldap": "${REDACTED}", "radius": {"shared": "${REDACTED}"}}, "host": "dc01"}`);
    expect(redactText('{"password": ["List-Pw-3", 4711], "user": "svc"}')).toBe(`{"password": ["${REDACTED}", "${REDACTED}"], "user": "svc"}`);
    expect(redactText('{"bindPassword": {"value": "Obj-Pw-5", "set": true, "hint": null}}')).toBe(`{"bindPassword": {"value": "${REDACTED}", "set": true, "hint": null}}`);
    expect(redactText('{"bindCredential": {"value": "Cred-Pw-8"}}')).toBe(`{"bindCredential": {"value": "${REDACTED}"}}`);
    expect(redactText('Credential Validation: Success and Failure')).toBe('Credential Validation: Success and Failure');
    expect(redactText('$credential = Get-Credential -UserName svc')).toBe('$credential = Get-Credential -UserName svc');
    expect(redactText('setup.exe ServiceCredential=Cred-Pw-9 /quiet')).toBe(`setup.exe ServiceCredential=${REDACTED} /quiet`);
    // Cut short: the open container goes to the end of the text.
    expect(redactText('{"secrets": {"ldap": "Cut-Pw-6", "x": "Cut-Pw-7')).not.toMatch(/Cut-Pw/);
  });
  it('masks the value of a name/value pair whose name is a secret name, as ConvertTo-Json writes them; other pairs and settings stay', () => {
    const ps = '[\r\n    {\r\n        "Name":  "BindPassword",\r\n        "Value":  "Pair-Pw-1"\r\n    },\r\n    {\r\n        "Name":  "Server",\r\n        "Value":  "dc01"\r\n    }\r\n]';
    expect(redactText(ps)).toBe(ps.replace('"Pair-Pw-1"', `"${REDACTED}"`));
    expect(redactText('{"key": "ApiToken", "data": "Pair-Tk-2"}')).toBe(`{"key": "ApiToken", "data": "${REDACTED}"}`);
    // A setting about a secret is evidence, as in a snapshot.
    for (const t of ['{"Name": "MinimumPasswordLength", "Value": 14}', '{"Name": "PasswordComplexity", "Value": "1"}', '{"Name": "Server", "Value": "dc01"}']) expect(redactText(t)).toBe(t);
  });
  it('masks a secret member of a dict written with single quotes (Python\'s repr, a log line): {\'password\': \'x\'}; settings, empty values and prose quoting a word stay', () => {
    expect(redactText("{'password': 'Zq7vWinter2026'}")).toBe(`{'password': '${REDACTED}'}`);
    expect(redactText("job cfg={'user': 'svc-lms', 'bindPassword': 'Zq7v Winter', 'port': 636}")).toBe(`job cfg={'user': 'svc-lms', 'bindPassword': '${REDACTED}', 'port': 636}`);
    // Nested, a double-quoted value (repr quotes a text holding \'), a number.
    expect(redactText("{'ldap': {'api_key': \"it's-Zq7v\"}, 'pin': 482913}")).toBe(`{'ldap': {'api_key': "${REDACTED}"}, 'pin': '${REDACTED}'}`);
    for (const t of ["{'password': True}", "{'password': None}", "{'password': ''}", "{'passwordLength': 14, 'user': 'svc'}", "{'minimum password length': '14'}",
      "She said 'password': 'reset it' at the desk", "The 'password' field: 'required' per policy", "a {b} 'password': 'x' {c}"]) expect(redactText(t)).toBe(t);
  });
  it('masks the value of a secret-named setting in XML: key/value and Name/Value attributes, and the element\'s own text', () => {
    expect(redactText('<appSettings><add key="LdapPassword" value="Xml-Pw-1" /><add key="Server" value="dc01" /></appSettings>'))
      .toBe(`<appSettings><add key="LdapPassword" value="${REDACTED}" /><add key="Server" value="dc01" /></appSettings>`);
    expect(redactText("<Property Name='Password' Value='Xml-Pw-2'/>")).toBe(`<Property Name='Password' Value='${REDACTED}'/>`);
    expect(redactText('<Setting Name="BindPassword">Xml-Pw-3</Setting><Setting Name="Port">636</Setting>')).toBe(`<Setting Name="BindPassword">${REDACTED}</Setting><Setting Name="Port">636</Setting>`);
    const kept = '<add key="MinimumPasswordLength" value="14" /><Setting Name="PasswordExpiryWarning">7</Setting>';
    expect(redactText(kept)).toBe(kept);
  });
  it('a snapshot object that is a name/value pair: the value is judged by the name it is given (an intended value, an alternative)', () => {
    const s = base();
    s.intended = { '/device/model': { value: [{ name: 'BindPassword', value: 'Snap-Pw-1' }, { name: 'Port', value: 636 }], file: 'v.json', sha256: SHA0 } };
    const r = redactSnapshot(s);
    expect(JSON.stringify(r)).not.toContain('Snap-Pw-1');
    expect(r.intended!['/device/model']!.value).toEqual([{ name: 'BindPassword', value: REDACTED }, { name: 'Port', value: 636 }]);
  });
  it('a snapshot string holding such text is masked, and the secret found there is masked where the snapshot repeats it', () => {
    const s = base();
    const at = 'HKLM\\SOFTWARE\\Acme\\App\\';
    s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, [`${at}Settings`]: '[{"Name":"BindPassword","Value":"Copy-Pw-77"}]', [`${at}Note`]: 'old bind Copy-Pw-77 retired' } };
    const r = redactSnapshot(s);
    expect(JSON.stringify(r)).not.toContain('Copy-Pw-77');
    expect(r.hardening!.registry![`${at}Note`]).toBe(`old bind ${REDACTED} retired`);
  });
});

describe('secrets stored encoded (REG_BINARY hex, base64) and their copies', () => {
  const APP = 'HKLM\\SOFTWARE\\Acme\\App\\';
  const hexOf = (t: string, enc: BufferEncoding) => Buffer.from(t, enc).toString('hex');
  const withRegistry = (values: Record<string, string | number>): Snapshot => {
    const s = base();
    s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, ...values } };
    return s;
  };
  it('a password stored as REG_BINARY (UTF-16LE or ASCII) or base64 under a secret name: its plain copy elsewhere is masked', () => {
    const r = redactSnapshot(withRegistry({
      [`${WINLOGON}DefaultPassword`]: `hex:${hexOf('Wide-Pw-51', 'utf16le')}0000`,
      [`${APP}DbPassword`]: 'hex:4e,61,72,72,6f,77,2d,50,77,2d,35,32',
      [`${APP}PasswordBase64`]: Buffer.from('B64-Pw-53').toString('base64'),
      [`${APP}Note`]: 'autologon Wide-Pw-51, db Narrow-Pw-52, api B64-Pw-53',
    }));
    const text = JSON.stringify(r);
    for (const secret of ['Wide-Pw-51', 'Narrow-Pw-52', 'B64-Pw-53']) expect(text).not.toContain(secret);
    expect(r.hardening!.registry![`${APP}Note`]).toBe(`autologon ${REDACTED}, db ${REDACTED}, api ${REDACTED}`);
  });
  it('a password under a secret name: its hex (as a snapshot, a .reg file or reg query writes binary data) and base64 elsewhere are masked; bytes that spell no text add no copy', () => {
    const pw = 'Plain-Pw-54';
    const r = redactSnapshot(withRegistry({
      [`${APP}AdminPassword`]: pw,
      [`${APP}Blob`]: `hex:${hexOf(pw, 'utf16le')}0000`,
      [`${APP}BlobA`]: `hex:${hexOf(pw, 'utf8')}`,
      [`${APP}RegText`]: `"Cache"=hex:${hexOf(pw, 'utf16le').replace(/(..)(?!$)/g, '$1,')}`,
      [`${APP}Query`]: `    Cache    REG_BINARY    ${hexOf(pw, 'utf8').toUpperCase()}`,
      [`${APP}Encoded`]: Buffer.from(pw).toString('base64'),
    }));
    const reg = r.hardening!.registry!;
    for (const name of ['Blob', 'BlobA', 'RegText', 'Query', 'Encoded']) {
      const v = String(reg[`${APP}${name}`]);
      expect(v, name).toContain(REDACTED);
      expect(v, name).not.toMatch(new RegExp(`${hexOf(pw, 'utf8').slice(0, 8)}|${hexOf(pw, 'utf16le').slice(0, 8)}|${Buffer.from(pw).toString('base64').slice(0, 8)}`, 'i'));
    }
    // Binary data that spells no text (a key's bytes) adds no copy; other binary values stay.
    const blob = `hex:${'00ff10e3'.repeat(8)}`;
    const keyOnly = redactSnapshot(withRegistry({ [`${APP}RecoveryKeyBlob`]: `hex:${'9c01ee7f'.repeat(8)}`, [`${APP}Other`]: blob }));
    expect(keyOnly.hardening!.registry![`${APP}Other`]).toBe(blob);
    expect(keyOnly.hardening!.registry![`${APP}RecoveryKeyBlob`]).toBe(REDACTED);
  });
});

describe('redacting a snapshot by the path of each value', () => {
  const SHA = 'a'.repeat(64);

  it('a password given by position in a run key\'s command line is masked in the snapshot, the command kept', () => {
    const s = base();
    const run = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\FseMaint';
    s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, [run]: 'cmd.exe /c "net user fse-maint Welc0me-FSE /add"' } };
    const r = redactSnapshot(s);
    expect(JSON.stringify(r)).not.toContain('Welc0me-FSE');
    expect(r.hardening!.registry![run]).toBe(`cmd.exe /c "net user fse-maint ${REDACTED} /add"`);
  });
  it('the four leaks of issue 10: a "line 3" alternative, an object alternative with bindPassword, a numeric DefaultPassword, a "record 19" location', () => {
    const s = base();
    s.access = { ...s.access, ldap: { enabled: true, transport: 'ldaps', bindPassword: 'Bind-Pw-1' } };
    s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, [`${WINLOGON}DefaultPassword`]: 424242 } };
    s.provenance = {
      '/access/ldap/bindPassword': { file: 'vendor.json', sha256: SHA, location: 'line 3', alternatives: [{ file: 'old.json', sha256: SHA, location: 'line 3', value: 'Alt-Pw-2' }] },
      '/access/ldap': { file: 'vendor.json', sha256: SHA, alternatives: [{ file: 'gpo.xml', sha256: SHA, location: 'record 7', value: { transport: 'plain', bindPassword: 'Obj-Pw-3' } }] },
      [`/hardening/registry/${WINLOGON}DefaultPassword`]: { file: 'reg.txt', sha256: SHA, location: 'record 19', alternatives: [{ file: 'reg2.txt', sha256: SHA, location: 'record 19', value: 987654 }] },
    };
    const r = redactSnapshot(s);
    const text = JSON.stringify(r);
    for (const secret of ['Bind-Pw-1', 'Alt-Pw-2', 'Obj-Pw-3', '424242', '987654']) expect(text).not.toContain(secret);
    expect(r.access!.ldap!.bindPassword).toBe(REDACTED);
    expect(r.hardening!.registry![`${WINLOGON}DefaultPassword`]).toBe(REDACTED);
    const p = r.provenance!;
    expect(p['/access/ldap/bindPassword']!.alternatives![0]).toEqual({ file: 'old.json', sha256: SHA, location: 'line 3', value: REDACTED });
    // The object alternative keeps its settings; only the secret member goes.
    expect(p['/access/ldap']!.alternatives![0]!.value).toEqual({ transport: 'plain', bindPassword: REDACTED });
    expect(p[`/hardening/registry/${WINLOGON}DefaultPassword`]!.alternatives![0]!.value).toBe(REDACTED);
    // Where the values came from stays: an assessor can still find the bytes.
    expect(p[`/hardening/registry/${WINLOGON}DefaultPassword`]).toMatchObject({ file: 'reg.txt', sha256: SHA, location: 'record 19' });
    // The input is not changed.
    expect(s.access!.ldap!.bindPassword).toBe('Bind-Pw-1');
  });

  it('nested objects and lists under a secret name are redacted leaf by leaf; true/false/null and empty values stay', () => {
    const s = base();
    s.hardening = { ...s.hardening, registry: { [`${WINLOGON}DefaultPassword`]: '', [`${WINLOGON}AutoAdminLogon`]: '1' } };
    s.provenance = { '/device/model': { file: 'v.json', sha256: SHA, alternatives: [{ file: 'w.json', sha256: SHA, value: { logins: [{ user: 'svc', password: 'Deep-Pw-4', enabled: true, hint: null }] } }] } };
    const r = redactSnapshot(s);
    expect(JSON.stringify(r)).not.toContain('Deep-Pw-4');
    expect(r.provenance!['/device/model']!.alternatives![0]!.value).toEqual({ logins: [{ user: 'svc', password: REDACTED, enabled: true, hint: null }] });
    expect(r.hardening!.registry).toEqual({ [`${WINLOGON}DefaultPassword`]: '', [`${WINLOGON}AutoAdminLogon`]: '1' });
  });

  it('under Policies, by the data: the registry map, provenance alternatives and intended values; a switch and where it came from stay', () => {
    const s = base();
    s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, [`${VENDOR}ProxyPassword`]: 'Policy-Pw-9', [`${VENDOR}RememberPassword`]: 'no', [`${VENDOR}OSPassphrase`]: 1 } };
    const at = (name: string) => `/hardening/registry/${VENDOR}${name}`;
    s.provenance = {
      [at('ProxyPassword')]: { file: 'reg.reg', sha256: SHA, location: 'line 4', alternatives: [{ file: 'registry.pol', sha256: SHA, location: 'record 3', value: 'Policy-Pw-10' }, { file: 'GptTmpl.inf', sha256: SHA, location: 'line 9', value: 0 }] },
      [at('RememberPassword')]: { file: 'reg.reg', sha256: SHA, location: 'line 5', alternatives: [{ file: 'registry.pol', sha256: SHA, location: 'record 4', value: 'yes' }] },
    };
    s.intended = {
      [at('LdapBindPassword')]: { value: 'Policy-Pw-11', file: 'registry.pol', sha256: SHA, location: 'record 5' },
      [at('SyncPassword')]: { value: 1, file: 'registry.pol', sha256: SHA, location: 'record 6' },
    };
    const r = redactSnapshot(s);
    for (const secret of ['Policy-Pw-9', 'Policy-Pw-10', 'Policy-Pw-11']) expect(JSON.stringify(r)).not.toContain(secret);
    expect(r.hardening!.registry).toMatchObject({ [`${VENDOR}ProxyPassword`]: REDACTED, [`${VENDOR}RememberPassword`]: 'no', [`${VENDOR}OSPassphrase`]: 1 });
    expect(r.provenance![at('ProxyPassword')]!.alternatives).toEqual([{ file: 'registry.pol', sha256: SHA, location: 'record 3', value: REDACTED }, { file: 'GptTmpl.inf', sha256: SHA, location: 'line 9', value: 0 }]);
    expect(r.provenance![at('RememberPassword')]!.alternatives![0]!.value).toBe('yes');
    // Only the value goes: the file it came from is no secret (and is not masked elsewhere).
    expect(r.intended).toEqual({
      [at('LdapBindPassword')]: { value: REDACTED, file: 'registry.pol', sha256: SHA, location: 'record 5' },
      [at('SyncPassword')]: { value: 1, file: 'registry.pol', sha256: SHA, location: 'record 6' },
    });
    expect(r.provenance![at('ProxyPassword')]!.file).toBe('reg.reg');
  });

  it('a copy of a secret elsewhere in the snapshot is masked, but not inside hashes', () => {
    const s = base();
    s.access = { ...s.access, ldap: { enabled: true, bindPassword: 'Copied-Secret-5' }, logonBanner: { caption: 'pw is Copied-Secret-5 ok' } };
    const r = redactSnapshot(s);
    expect(r.access!.logonBanner!.caption).toBe(`pw is ${REDACTED} ok`);
    expect(JSON.stringify(r)).not.toContain('Copied-Secret-5');
  });

  it('a copy of a secret used as a key (a registry path, a map keyed by a token) is masked in the key; keys that mask alike keep every member', () => {
    const s = base();
    const sessions = 'HKLM\\SOFTWARE\\Vendor\\App\\Sessions\\';
    s.access = { ...s.access, ldap: { enabled: true, bindPassword: 'Zq-Session-41x' } };
    s.hardening!.registry![`${sessions}Zq-Session-41x\\Open`] = 1;
    // A second secret (a password found in text) in the same place of another key: both mask to one name.
    s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: 'Password=Zq-Session-52y;' } };
    s.hardening!.registry![`${sessions}Zq-Session-52y\\Open`] = 2;
    const pointer = (key: string): string => `/hardening/registry/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    s.provenance = { ...s.provenance, [pointer(`${sessions}Zq-Session-41x\\Open`)]: { file: 'vendor.reg', sha256: SHA, location: 'line 7' } };
    const r = redactSnapshot(s);
    const text = JSON.stringify(r);
    expect(text).not.toContain('Zq-Session-41x');
    expect(text).not.toContain('Zq-Session-52y');
    // Both members kept, in order, the later numbered; the provenance keyed by the pointer masked alike.
    const reg = r.hardening!.registry!;
    expect(reg[`${sessions}${REDACTED}\\Open`]).toBe(1);
    expect(reg[`${sessions}${REDACTED}\\Open (2)`]).toBe(2);
    expect(r.provenance![pointer(`${sessions}${REDACTED}\\Open`)]!.location).toBe('line 7');
    // Keys without a copy are left as they were, in their order.
    expect(Object.keys(reg).filter((k) => !k.startsWith(sessions))).toEqual(Object.keys(base().hardening!.registry!));
  });

  it('a secret repeated elsewhere as a number (a PIN and the same digits as a JSON number) is masked there too: the number becomes "[REDACTED]"', () => {
    const s = base();
    s.hardening!.registry![`${VENDOR.replace('Policies\\', '')}ServicePin`] = '482913';
    s.hardening!.registry![`${VENDOR.replace('Policies\\', '')}ServiceCode`] = 482913;
    // A number found secret by its name is a copy in text and in numbers alike.
    s.hardening!.registry![`${WINLOGON}DefaultPassword`] = 7305518;
    s.device.location = 'Suite 7305518';
    s.hardening!.registry![`${VENDOR.replace('Policies\\', '')}Counter`] = 7305518;
    // Numbers that merely contain the digits, or are shorter than a copied secret, stay.
    s.hardening!.registry![`${VENDOR.replace('Policies\\', '')}Other`] = 4829130;
    const r = redactSnapshot(s);
    const reg = r.hardening!.registry!;
    const at = (name: string): unknown => reg[`${VENDOR.replace('Policies\\', '')}${name}`];
    expect([at('ServicePin'), at('ServiceCode'), at('Counter'), at('Other')]).toEqual([REDACTED, REDACTED, REDACTED, 4829130]);
    expect(r.device.location).toBe(`Suite ${REDACTED}`);
    expect(JSON.stringify(r)).not.toMatch(/482913[^0]|7305518/);
  });

  it('a text met again in another snapshot (the next device, the same device a month later) tells its secret again, so each snapshot masks its own copies', () => {
    // The text rules' result for each text is remembered across snapshots (a fleet repeats its
    // texts); the secrets a text holds must still reach every snapshot's masking of copies.
    const pw = 'Qk4!vw8Zt';
    const texts = [`Server=db;User Id=svc;Password=${pw};Encrypt=true`, `ldap://svc-bind:${pw}@dc01.example:389`, `tool.exe --password ${pw} --verbose`, `the service password is ${pw} until March`];
    for (const text of texts) {
      const withCopy = (): Snapshot => {
        const s = base();
        s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: text } };
        s.device.location = `Suite 2 (${pw})`;
        return s;
      };
      const first = redactSnapshot(withCopy());
      const again = redactSnapshot(withCopy());
      for (const r of [first, again]) {
        expect(JSON.stringify(r), text).not.toContain(pw);
        expect(r.device.location, text).toBe(`Suite 2 (${REDACTED})`);
      }
      expect(again, text).toEqual(first);
    }
  });

  it('a secret found inside text by a text rule is masked in every other place it appears too, but not inside hashes', () => {
    // Each text rule finds the secret in the syslog server field; its copy sits in other places (a
    // field, a list item, a coverage note, a provenance location and rule, an intended value).
    const forms: Array<[string, (pw: string) => string]> = [
      ['connection string', (pw) => `Server=db;User Id=svc;Password=${pw};Encrypt=true`],
      ['URL password', (pw) => `ldap://svc-bind:${pw}@dc01.example:389`],
      ['command line', (pw) => `cmd /c net user fse-maint ${pw} /add`],
      ['secret switch', (pw) => `tool.exe --password ${pw} --verbose`],
      ['prose', (pw) => `the service password is ${pw} until March`],
      ['JSON in text', (pw) => `{"user": "svc", "clientSecret": "${pw}"}`],
      ['XML in text', (pw) => `<Config><BindPassword>${pw}</BindPassword></Config>`],
      ['reg query', (pw) => `HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\r\n    DbPassword    REG_SZ    ${pw}`],
      ['PEM block', (pw) => `-----BEGIN PRIVATE KEY-----\n${pw}\n-----END PRIVATE KEY-----`],
    ];
    for (const [form, text] of forms) {
      const pw = 'Xy7!pq9Lm';
      const s = base();
      s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: text(pw) } };
      s.device.location = `Suite 2 (${pw})`;
      s.access!.accounts![0]!.groups = ['Administrators', pw];
      s.coverage = [...(s.coverage ?? []), { scope: 'access.accounts', source: 'notes.txt', complete: false, note: `partial; ${pw}` }];
      s.provenance = { ...s.provenance, '/device/model': { file: 'v.json', sha256: SHA, location: `line ${pw}`, rule: `from ${pw}` } };
      s.intended = { '/device/location': { value: pw, file: 'gpo.xml', sha256: SHA } };
      const r = redactSnapshot(s);
      expect(JSON.stringify(r), form).not.toContain(pw);
      expect(r.device.location, form).toBe(`Suite 2 (${REDACTED})`);
      expect(r.access!.accounts![0]!.groups, form).toEqual(['Administrators', REDACTED]);
      expect(r.intended!['/device/location']!.value, form).toBe(REDACTED);
    }
    // A hash is no copy: a text secret that looks like part of a sha256 is left in the hash.
    const hex = 'abcdef012345';
    const s = base();
    s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: `Password=${hex};` } };
    s.provenance = { '/device/model': { file: 'v.json', sha256: `${hex}${'0'.repeat(52)}` } };
    const r = redactSnapshot(s);
    expect(r.audit!.syslog!.server).toBe(`Password=${REDACTED};`);
    expect(r.provenance!['/device/model']!.sha256).toBe(`${hex}${'0'.repeat(52)}`);
    // A word of letters alone that a text rule takes for a password in prose is masked there only:
    // elsewhere it is a value a check reads (a service's state), never to be hidden behind [REDACTED].
    const w = base();
    w.device.location = 'Note: the vendor password is running out of date';
    const states = w.hardening!.services!.map((x) => x.state);
    expect(states).toContain('running');
    const rw = redactSnapshot(w);
    expect(rw.device.location).toBe(`Note: the vendor password is ${REDACTED} out of date`);
    expect(rw.hardening!.services!.map((x) => x.state)).toEqual(states);
    // Shorter than MIN_COPIED_SECRET: masked where found, ordinary text elsewhere left alone.
    const t = base();
    t.audit = { ...t.audit, syslog: { ...t.audit?.syslog, server: 'Password=Suite;' } };
    t.device.location = 'Suite 2';
    expect(redactSnapshot(t).device.location).toBe('Suite 2');
  });

  it('a snapshot without secrets is returned as it is (no copy), and a redacted one redacts to itself', () => {
    const s = base();
    expect(redactSnapshot(s)).toBe(s);
    s.access = { ...s.access, ldap: { bindPassword: 'x-secret-6' } };
    const once = redactSnapshot(s);
    expect(once).not.toBe(s);
    const again = JSON.parse(JSON.stringify(once)) as Snapshot;
    expect(redactSnapshot(again)).toBe(again);
  });

  it('keeps a "__proto__" key as an own member (JSON.parse makes it one)', () => {
    const s = JSON.parse(JSON.stringify(base()).replace('"device":{', '"device":{"__proto__":{"password":"Proto-Pw-7"},')) as Snapshot;
    const r = redactSnapshot(s);
    expect(Object.getPrototypeOf(r.device)).toBe(Object.prototype);
    expect(JSON.stringify(r)).not.toContain('Proto-Pw-7');
    expect(JSON.stringify(r)).toContain('"__proto__":{"password":"[REDACTED]"}');
  });

  it('readSnapshot, the boundary: the bytes and hash it gives for output never hold the secret', () => {
    const s = base();
    s.access = { ...s.access, ldap: { enabled: true, bindPassword: 'Boundary-Pw-8' } };
    const raw = Buffer.from(JSON.stringify(s));
    const r = readSnapshot(raw, 'x.json');
    expect(r.redacted).toBe(true);
    expect(r.bytes.includes('Boundary-Pw-8')).toBe(false);
    expect(r.snapshot.access!.ldap!.bindPassword).toBe(REDACTED);
    expect(r.sha256).not.toBe(createHash('sha256').update(raw).digest('hex'));
    expect(r.sha256).toBe(createHash('sha256').update(r.bytes).digest('hex'));
    const clean = Buffer.from(JSON.stringify(base()));
    const c = readSnapshot(clean, 'y.json');
    expect(c.redacted).toBe(false);
    expect(c.bytes).toBe(clean);
  });
});

describe('a secret-named member inside a nested object of JSON text', () => {
  it('is masked however deep its object sits (the pair inside an object that is a member\'s value was skipped with it)', () => {
    expect(redactText('{"nested":{"password":"Zq7-hunter2-Zq7"}}')).toBe('{"nested":{"password":"[REDACTED]"}}');
    expect(redactText('{"ldap": {"host": "dc1", "bindPassword": "Zq7-hunter2-Zq7"}, "list": [{"token": "abc123def456"}]}')).toBe('{"ldap": {"host": "dc1", "bindPassword": "[REDACTED]"}, "list": [{"token": "[REDACTED]"}]}');
    // Keys and evidence stay: an object's text is not a value to mask, true/false are evidence.
    expect(redactText('{"policy":{"passwordComplexity":true,"minLength":14}}')).toBe('{"policy":{"passwordComplexity":true,"minLength":14}}');
  });
});
