// Snapshots can carry secrets (an LDAP bind password, an autologon password in the registry, a
// private key in a vendor file). They are never needed for a verdict and must never reach an
// output: every snapshot is redacted by `redactSnapshot` as it is read (src/snapshot/load.ts), so
// evaluation, evidence copies, the store, drift and every report only ever see the redacted copy.
//
// What is a secret is decided by the PATH of a value (the key names leading to it), never by where
// the value came from: a value is secret when any key on its path is a secret name (under a
// registry "Policies" key, a secret name whose data is not a policy setting: `isSecretValue`). Provenance
// entries are keyed by the JSON pointer of the value they describe, so the alternatives recorded
// for "/access/ldap/bindPassword" are secret too, whatever their location says. On top of names,
// text anywhere is searched for private-key blocks, "Password=…" pairs and passwords in URLs, and
// any other copy of a secret found by any rule (by name or inside text) is masked as well.
import { createHash } from 'node:crypto';
import { redactCommandSecrets, redactFedPasswords, runsKnownCommand } from './command-secrets.js';
import { trimBackslashes } from './registry-fields.js';
import type { Snapshot } from './types.js';
import { isEnumeratedWord, isSchemaFieldName } from './enum-words.js';

export const REDACTED = '[REDACTED]';

// ---- the rule, as data (docs/snapshot-format.md "Secrets"; test/secrets.test.ts has a row per case) ----

/** A word of a key name that makes it a secret ("DbPass", "startupPIN", "AccessToken"). Whole words only: not "pinned", "bypass". */
export const SECRET_WORDS: readonly string[] = ['pass', 'pw', 'pin', 'pins', 'token', 'tokens', 'psk', 'passcode', 'senha', 'pswd', 'pword',
  // German's "secret" as a whole word: "Geheimnisprinzip" (a principle) is no secret.
  'geheimnis',
  // Turkish "şifre" (read without its cedilla), Greek "κωδικός" (without its accent; written in capitals its last letter
  // is σ), Hebrew "סיסמה"/"סיסמא": whole words. "κωδικός" is also "code": a Greek label so named is masked (the trade-off).
  'sifre', 'κωδικος', 'κωδικοσ', 'סיסמה', 'סיסמא'];
/**
 * Text inside a word that makes it a secret, however the name is written ("bindpassword", "ClientSecret", "adminpwd").
 * An SNMP community is a password too ("SNMP community: …", "communityString", snmpd's "rocommunity", Group Policy's
 * "…\Policies\SNMP\Parameters\ValidCommunities\1" = "…", which reg-policies.reg carries).
 */
export const SECRET_PARTS: readonly string[] = ['password', 'passwd', 'passphrase', 'pwd', 'secret', 'privatekey', 'apikey', 'community', 'communities',
  // A password in the languages consoles are set up in (German, Dutch, Spanish, Portuguese's "senha" is a word above,
  // Norwegian and Danish, Swedish, Finnish): a localized export or a note labels it so ("Kennwort: …", "Contraseña: …").
  'kennwort', 'passwort', 'wachtwoord', 'contrasena', 'passord', 'losenord', 'salasana',
  // Polish, Russian/Ukrainian/Bulgarian, Japanese, Chinese and Korean words for a password (a bounded list:
  // docs/snapshot-format.md says which languages are read; Italian's "parola" is also "word").
  'hasło', 'пароль', 'パスワード', '密码', '密碼', '비밀번호'];
/**
 * Words that make a secret as the LAST word of a name ("BindCredential", "ServiceCredentials"): a
 * value so named holds one. Elsewhere in a name they name a subject, not a secret: "Audit
 * Credential Validation", "CredentialsDelegation". Not "cred": "$cred = Get-Credential" is a script's.
 */
export const SECRET_LAST_WORDS: readonly string[] = ['credential', 'credentials'];
/**
 * Consecutive words that make a secret ("privateKey", "API_KEY", "PreSharedKey", Azure's "AccountKey", "SharedAccessSignature";
 * a Wi-Fi profile's PSK as `netsh wlan export profile key=clear` writes it, <keyMaterial>, and `netsh wlan show profile key=clear`, "Key Content";
 * a symmetric key: "encryptionKey", ASP.NET's <machineKey validationKey=… decryptionKey=…>, "MasterKey"; not "MachineKeys", a folder of them).
 */
export const SECRET_PHRASES: ReadonlyArray<readonly string[]> = [['mot', 'de', 'passe'], ['parola', 'd', 'ordine'], ['كلمة', 'المرور'], ['كلمة', 'السر'], ['cle', 'privee'], ['cle', 'secrete'], ['pass', 'phrase'], ['private', 'key'], ['api', 'key'], ['shared', 'key'], ['preshared', 'key'], ['access', 'key'], ['recovery', 'key'], ['account', 'key'], ['access', 'signature'], ['key', 'material'], ['key', 'content'], ['encryption', 'key'], ['decryption', 'key'], ['validation', 'key'], ['machine', 'key'], ['master', 'key'],
  // A wireless network's key and a TACACS+/RADIUS server's shared key as notes name them ("wifi key X", "WPA2 key X",
  // "tacacs key X"), and a PIN's code ("PIN code 482913").
  ['wifi', 'key'], ['wi', 'fi', 'key'], ['wlan', 'key'], ['wpa', 'key'], ['wpa', '2', 'key'], ['wpa', '3', 'key'], ['tacacs', 'key'], ['radius', 'key'],
  ['pin', 'code'],
  // An SNMPv3 user's keys as a vendor's JSON or an agent's settings name them ("authKey", "privKey").
  ['auth', 'key'], ['priv', 'key'],
  // Spellings a note writes a password's or a device's code with ("pass word: X", "unlock code X", "pass code X");
  // "P/W" only with its slash (SLASHED_PHRASES): "p w" apart is no word ("<w:p w:rsidR=…>" in every Word document).
  ['pass', 'word'], ['pass', 'code'], ['unlock', 'code']];
/** Secret phrases read only when written with a slash between their words ("P/W: X"). */
const SLASHED_PHRASES: ReadonlyArray<readonly string[]> = [['p', 'w']];
/**
 * A word that makes the name a SETTING about secrets rather than a secret: a policy's length,
 * age, complexity, whether one is required or allowed. These stay visible: they are the evidence
 * ("MinimumPasswordLength", "PasswordComplexity", "passwordRequired", "FilterAdministratorToken").
 */
export const SETTING_WORDS: readonly string[] = [
  'policy', 'policies', 'complexity', 'complex', 'length', 'minimum', 'min', 'maximum', 'max', 'age', 'history', 'size',
  'required', 'require', 'requires', 'expires', 'expire', 'expiry', 'expiration', 'expired', 'never', 'warning', 'warn',
  'enable', 'enabled', 'disable', 'disabled', 'allow', 'allowed', 'deny', 'denied', 'count', 'attempts', 'attempt',
  'change', 'changes', 'changed', 'reuse', 'hash', 'hashes', 'reversible', 'filter', 'lifetime', 'level', 'saving', 'save',
  'prompt', 'last', 'reset', 'lockout', 'limit', 'blank', 'use', 'properties', 'type', 'mode', 'status', 'timeout',
  'interval', 'days', 'seconds', 'minutes', 'hours', 'notification', 'strength', 'quality', 'rule', 'rules', 'option',
  'options', 'flag', 'flags', 'cache', 'cached', 'display', 'digits', 'characters', 'uppercase', 'lowercase', 'special',
  'configure', 'configured', 'suggest', 'privilege', 'privileges', 'sign', 'send', 'manager',
  // How often a key or password is replaced ("API key rotation: 90 days", "KeyRotationInterval"): a schedule, no key.
  'rotation', 'rotate', 'rotated', 'renewal',
  // A verdict about a password check, not one: a label "results-pass = ✓ Pass".
  'result', 'results', 'outcome',
];
/** Consecutive words that make a setting ("ClearTextPassword" and "EnablePlainTextPassword" are policy switches). */
export const SETTING_PHRASES: ReadonlyArray<readonly string[]> = [['clear', 'text'], ['plain', 'text']];
/**
 * Registry keys whose values are mostly Group Policy settings ("…\Policies\Microsoft\FVE\
 * OSPassphrase" = 1 is a switch). But vendors' templates put real secrets there too ("…\Policies\
 * Vendor\App\ProxyPassword"), so under such a key a secret name is decided by its DATA: see
 * `isSettingData`. Not "Policy": LSA secrets live under HKLM\SECURITY\Policy\Secrets.
 */
export const POLICY_KEYS: readonly string[] = ['policies'];
/** Text a policy switch holds (compared without case or surrounding blanks). */
export const SETTING_TOKENS: readonly string[] = ['yes', 'no', 'true', 'false', 'on', 'off', 'enabled', 'disabled', 'enable', 'disable', 'allow', 'allowed', 'deny', 'denied'];
/** Digits a REG_SZ switch holds ("0", "1", "2"); longer digit strings may be a PIN. */
const SETTING_DIGITS = /^[0-9]{1,3}$/;

/** The words of a name: camelCase, PascalCase, snake_case, kebab-case, digits and spaces split. */
export function nameWords(name: string): readonly string[] {
  // Cached: a label-heavy text (a line "Password for PACS bind account: Yes" thousands of times) read the same
  // words again for every rule that judges them, and spent most of its time here (docs/scale.md, "Masking cost").
  let words = WORDS_CACHE.get(name);
  if (words === undefined) {
    words = splitName(name);
    if (WORDS_CACHE.size > 100_000) WORDS_CACHE.clear();
    WORDS_CACHE.set(name, words);
  }
  return words;
}
const WORDS_CACHE = new Map<string, readonly string[]>();

function splitName(name: string): readonly string[] {
  return name
    // Accents dropped, not split on ("Contraseña" is "contrasena", "lösenord" "losenord").
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // Arabic's short vowels and Hebrew's points are no letters either ("كَلِمَة" is "كلمة").
    .replace(/[\u064B-\u065F\u0670\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g, '')
    // Composed again: kana's voicing marks ("パ") are no accents and stay part of their letter.
    .normalize('NFC')
    // German's old spelling "Paßwort" is "Passwort" (ß decomposes to nothing).
    .replace(/ß/g, 'ss')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    // Letters of any script are a word's ("пароль", "パスワード", "hasło"): split on ASCII letters alone, they vanished.
    .split(/[^a-z0-9\p{Ll}\p{Lo}\p{Lm}]+/u)
    .filter(Boolean);
}

const hasPhrase = (words: readonly string[], phrases: ReadonlyArray<readonly string[]>): boolean =>
  phrases.some((p) => words.some((_, i) => p.every((w, k) => words[i + k] === w)));

/**
 * Words that, LAST in a name, make it the name OF a key, secret, token or credential rather than
 * one ("SharedAccessKeyName=RootManageSharedAccessKey" in a Service Bus connection string,
 * "SecretName", "ApiKeyName"): the value says which one is used, and is evidence. Not after a
 * password's, PIN's or SNMP community's words ("Password Name: …", SNMP's "community name" is the community itself).
 */
export const IDENTIFIER_LAST_WORDS: readonly string[] = ['name', 'names'];
/**
 * Words that, LAST in a name, make it an identifier's even after a password's word: BitLocker's "Numerical Password
 * ID: {GUID}" (manage-bde -protectors) names the protector, the recovery password itself is on its own "Password:" line.
 */
export const ID_LAST_WORDS: readonly string[] = ['id', 'ids', 'guid', 'guids', 'identifier', 'identifiers'];
const PASSWORD_LIKE = /pass|pw|pswd|pin|communit|kennwort|wachtwoord|contrasena|senha|passord|losenord|salasana|hasło|пароль|パスワード|密码|密碼|비밀번호|sifre|κωδικο|סיסמ|المرور|السر|ordine/;

/**
 * Directory attributes that hold a credential though a setting's word names them: Active Directory's password
 * histories (NT and LM hashes of the old passwords, LAPS's encrypted ones, Samba's), a TPM's owner authorization,
 * a trust's shared secrets, a user's PKCS#12 (with its private key), DPAPI master keys, a BitLocker key package.
 * A name ending in one's words is a secret whatever else it says ("ntPwdHistory", "LDAP attribute lmPwdHistory").
 */
const CREDENTIAL_ATTRIBUTES: ReadonlyArray<readonly string[]> = ['ntPwdHistory', 'lmPwdHistory', 'msLAPS-EncryptedPasswordHistory',
  'msLAPS-EncryptedDSRMPasswordHistory', 'sambaPasswordHistory', 'msTPM-OwnerInformation', 'msTPM-OwnerInformationTemp', 'trustAuthIncoming',
  'trustAuthOutgoing', 'initialAuthIncoming', 'initialAuthOutgoing', 'userPKCS12', 'msPKIDPAPIMasterKeys', 'msFVE-KeyPackage'].map(splitName);
/** The word that, last in a name, makes a password's name (or Windows's NT, NTLM, LM) a hash's: "PasswordHash", "pwd_hash", "NTHash". */
const HASH_LAST_WORDS: readonly string[] = ['hash', 'hashes'];
const WINDOWS_HASH_KINDS: readonly string[] = ['nt', 'ntlm', 'lm'];

function isSecretWordList(words: readonly string[]): boolean {
  if (CREDENTIAL_ATTRIBUTES.some((a) => a.length <= words.length && a.every((w, k) => words[words.length - a.length + k] === w))) return true;
  // A password's hash logs on or is cracked as the password does: "hash" is a setting's word only about hashing
  // ("NoLMHash", "PasswordHashAlgorithm"), not last after a password's name or a Windows hash's kind.
  if (words.length > 1 && HASH_LAST_WORDS.includes(words[words.length - 1]!)) {
    const head = words.slice(0, -1);
    if (head.every((w) => WINDOWS_HASH_KINDS.includes(w)) || isSecretWordList(head)) return true;
  }
  if (words.length > 1 && IDENTIFIER_LAST_WORDS.includes(words[words.length - 1]!) && !words.slice(0, -1).some((w) => PASSWORD_LIKE.test(w))) return false;
  if (words.length > 1 && ID_LAST_WORDS.includes(words[words.length - 1]!)) return false;
  const secret = words.some((w) => SECRET_WORDS.includes(w) || SECRET_PARTS.some((p) => w.includes(p))) || hasPhrase(words, SECRET_PHRASES) || (words.length > 0 && SECRET_LAST_WORDS.includes(words[words.length - 1]!));
  if (!secret) return false;
  return !(words.some((w) => SETTING_WORDS.includes(w)) || hasPhrase(words, SETTING_PHRASES));
}

/** What a name alone says: not a secret, a secret, or (a registry path under a Policies key) a secret unless its data is a setting. */
const PLAIN = 0;
const SECRET = 1;
const SECRET_UNLESS_SETTING = 2;
type NameIs = typeof PLAIN | typeof SECRET | typeof SECRET_UNLESS_SETTING;
const NAME_CACHE = new Map<string, NameIs>();

function nameVerdict(name: string): NameIs {
  let hit = NAME_CACHE.get(name);
  if (hit === undefined) {
    const segments = name.split('\\');
    hit = !segments.some(isSecretSegment) ? PLAIN
      : segments.length > 1 && segments.some((k) => POLICY_KEYS.includes(k.toLowerCase())) ? SECRET_UNLESS_SETTING
      : SECRET;
    if (NAME_CACHE.size > 100_000) NAME_CACHE.clear();
    NAME_CACHE.set(name, hit);
  }
  return hit;
}

/**
 * Whether one segment of a name (a value or key name) is a secret. Windows compares names without
 * case, so "limitblankpassworduse" is the LimitBlankPasswordUse switch: written in one case, its words
 * cannot be told apart by case ("limitblankpassworduse" is one word holding "password") and it was
 * masked where "LimitBlankPasswordUse" is shown. A word is therefore also read as the words it is made
 * of, where known words (a setting's or a secret's) make it up entirely; the name is shown only if
 * every such reading is a setting's. A word with any unknown part stays as written ("defaultpassword",
 * "adminpwdage"): only names whose every part is a known word can be read as a setting.
 */
function isSecretSegment(segment: string): boolean {
  const words = nameWords(segment);
  if (!isSecretWordList(words)) return false;
  const readings = caseBlindReadings(words);
  return readings === undefined || readings.some(isSecretWordList);
}

/** The words a one-case word may be split into: the setting words and phrases, and the secret words and parts. */
const SPLIT_WORDS: ReadonlySet<string> = new Set([...SETTING_WORDS, ...SETTING_PHRASES.flat(), ...SECRET_WORDS, ...SECRET_PARTS].filter((w) => /^[a-z]+$/.test(w)));
const SPLIT_LONGEST = Math.max(...[...SPLIT_WORDS].map((w) => w.length));
/** More readings than this of one name: it is judged as written (a secret stays one). */
const MAX_READINGS = 64;

/** The longest word split: a setting's name is a few words; a longer run (a hostile key of megabytes) is judged as written. */
const SPLIT_MAX_CHARS = 64;

/** Every way of writing `word` as a run of SPLIT_WORDS (none where it cannot be), at most MAX_READINGS + 1. */
function splits(word: string): string[][] {
  if (word.length > SPLIT_MAX_CHARS) return [];
  const from: string[][][] = Array.from({ length: word.length + 1 }, () => []);
  from[word.length] = [[]];
  for (let i = word.length - 1; i >= 0; i--) {
    for (let n = 1; n <= SPLIT_LONGEST && i + n <= word.length; n++) {
      const w = word.slice(i, i + n);
      if (!SPLIT_WORDS.has(w)) continue;
      for (const rest of from[i + n]!) {
        if (from[i]!.length > MAX_READINGS) break;
        from[i]!.push([w, ...rest]);
      }
    }
  }
  return from[0]!;
}

/** The readings of a name's words with each word also split (splits), or undefined where no word splits or there are too many. */
function caseBlindReadings(words: readonly string[]): string[][] | undefined {
  let readings: string[][] = [[]];
  let split = false;
  for (const word of words) {
    const ways = splits(word).filter((w) => w.length > 1);
    if (ways.length > 0) split = true;
    const options = ways.length > 0 ? ways : [[word]];
    readings = readings.flatMap((r) => options.map((o) => [...r, ...o]));
    if (readings.length > MAX_READINGS) return undefined;
  }
  return split ? readings : undefined;
}

/**
 * True if a value is what a policy switch holds, not a secret: a number (REG_DWORD, REG_QWORD),
 * true/false/null, empty text, a yes/no/on/off/enabled/disabled-like token, or up to three digits.
 */
export function isSettingData(data: unknown): boolean {
  if (typeof data === 'number' || typeof data === 'boolean' || data === null || data === undefined) return true;
  if (typeof data !== 'string') return false;
  const t = data.trim();
  return t === '' || SETTING_DIGITS.test(t) || (SETTING_TOKENS.includes(t.toLowerCase()) && AS_WRITTEN.test(t));
}

/**
 * A label's value that counts what is set rather than being a secret: "community: 2 configured",
 * "Communities: none defined", "Password: not set" (a count or "no"/"none"/"not", then one participle).
 */
const COUNTED_STATE = /^(?:[0-9]{1,4}|no|none|not)[ \t]+(?:configured|defined|set|listed|present|found)\.?$/;
/** A switch's state (isSettingData) or a count of what is set (COUNTED_STATE), in the cases labels write words in. */
function isStatedSetting(value: string): boolean {
  const t = value.trim();
  return isSettingData(t) || (COUNTED_STATE.test(t.toLowerCase()) && t.split(/[ \t]+/).every((w) => AS_WRITTEN.test(w.replace(/\.$/, '')) || /^[0-9]+$/.test(w)));
}

/**
 * The one rule for a switch's state written as a password word's value, in every syntax the text rules read
 * ('Password=true', 'Password: no', '"Password": "1"', '{"Name":"Password","Value":"Enabled"}',
 * '<add key="Password" value="off"/>', '<Password>0</Password>', an INI line): it stays when it is setting data
 * (isSettingData: a SETTING_TOKENS word as labels write it, or up to three digits) exactly as written, one pair
 * of the syntax's quotes aside ('"true "', 'truex', 'no1', 'eNabled' are text a password may be), and no user's
 * name stands beside it (USER_BESIDE): a login's password is what it holds, whatever it spells ('user=svc
 * Password=123' is a PIN). Masked, such a word would also be a copy masked elsewhere (MIN_COPIED_SECRET):
 * "Enabled" under a password's name made every "…\\Enabled" registry name a masked read.
 */
function isSwitchAfterSecretWord(name: string, value: string, text: string, at: number, labelAt?: number): boolean {
  const v = /^(["'])(.*)\1$/s.exec(value)?.[2] ?? value;
  if (isTimeOfSecret(name, v)) return true;
  if (v === '' || v !== v.trim() || !isSettingData(v)) return false;
  // A PIN or a code is digits: digits cannot tell its switch from it ('PIN=123', '<UnlockCode>42</UnlockCode>').
  if (/^[0-9]+$/.test(v) && nameWords(name).some((w) => DIGITS_SECRET_WORD.test(w))) return false;
  return !userBeside(text, at, labelAt);
}
/**
 * When something happened to a secret, not the secret: a name whose last word is a time's after a secret's words
 * (Get-LapsADPassword's "PasswordUpdateTime : 11/2/2026 9:00:00 AM", "PasswordSetDate", "KeyCreationTimestamp"), its
 * value a date, a time or both as Windows, ISO 8601 and logs write them. Any other value under such a name is judged
 * as the secret's ("PasswordTime: Zq7!x" is masked): the value, not the name alone, shows it is a time.
 */
const TIME_LAST_WORDS: readonly string[] = ['time', 'times', 'timestamp', 'date', 'datetime', 'when'];
const DATE_OR_TIME = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:(?:[ \t]+|T)(?=\d))?)?(?:\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,7})?)?(?:[ \t]*[AaPp]\.?[Mm]\.?)?)?(?:[ \t]*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;
function isTimeOfSecret(name: string, value: string): boolean {
  const v = value.trim();
  return v !== '' && /\d/.test(v) && !/^\d+$/.test(v) && DATE_OR_TIME.test(v) && TIME_LAST_WORDS.includes(nameWords(name).at(-1) ?? '');
}
/** Words naming a secret made of digits ("PIN", "StartupPin", "Passcode", "unlock code"). */
const DIGITS_SECRET_WORD = /pin|code$/;

/**
 * A user's name labelled in a pair, a named pair or an element: 'user=svc', '"User ID": …', 'key="UserName"',
 * '<Username>'. Read on the value's line and the lines next to it (an INI section's or a config's next setting),
 * and, for a value under its label ("Password:\n123", `labelAt` where the label stands), on the label's line and
 * the lines next to it too: a label above its value is judged as one beside it.
 */
const USER_BESIDE = /(?<![\p{L}\p{N}_])(?:(?:user(?:[ _-]?(?:name|id))?|login(?:[ _-]?name)?|uid|account(?:[ _-]?name)?)["']?[ \t]*[:=]|(?:name|key)["']?[ \t]*[:=][ \t]*["'](?:user(?:[ _-]?(?:name|id))?|login(?:[ _-]?name)?|uid|account(?:[ _-]?name)?)["']|<(?:[\w.-]+:)?(?:user(?:name|id)?|login(?:name)?|uid|account(?:name)?)[\s>])/iu;
function userBeside(text: string, at: number, labelAt?: number): boolean {
  if (labelAt !== undefined && labelAt >= 0 && newlineBetween(text, labelAt, at) && userBeside(text, labelAt)) return true;
  // The line before the value's, the value's, and the one after, read within 2,000 characters of the value: the
  // newlines are looked for in that window only, so a line of megabytes with a value every few characters costs
  // each value the window, not the line ('Password (PACS): Yes; ' repeated rescanned the whole line before).
  const lo = Math.max(0, at - 2000);
  const hi = Math.min(text.length, at + 2000);
  const lineStart = lastNewlineFrom(text, at - 1, lo) + 1;
  const from = lineStart > 0 ? Math.max(lo, lastNewlineFrom(text, lineStart - 2, lo) + 1) : lo;
  const lineEnd = nextNewlineFrom(text, at, hi);
  const nextEnd = lineEnd < 0 ? -1 : nextNewlineFrom(text, lineEnd + 1, hi);
  return USER_BESIDE.test(text.slice(from, nextEnd < 0 ? hi : nextEnd + 1));
}
/** The last newline at or before `from` and not before `floor`, or -1: `lastIndexOf` that stops at `floor`. */
function lastNewlineFrom(text: string, from: number, floor: number): number {
  for (let i = Math.min(Math.max(from, 0), text.length - 1); i >= floor; i--) if (text.charCodeAt(i) === 10) return i;
  return -1;
}
/** The first newline at or after `from` and before `ceiling`, or -1: `indexOf` that stops at `ceiling`. */
function nextNewlineFrom(text: string, from: number, ceiling: number): number {
  for (let i = Math.max(from, 0); i < ceiling; i++) if (text.charCodeAt(i) === 10) return i;
  return -1;
}
/** True if the positions `a` and `b` stand on different lines (a newline between them), read between them only. */
function newlineBetween(text: string, a: number, b: number): boolean {
  return lastNewlineFrom(text, Math.max(a, b) - 1, Math.max(Math.min(a, b), 1)) >= 0;
}

/**
 * A word in one of the cases that prose, labels and exports write words in: "enabled", "Enabled",
 * "ENABLED". A capital after a small letter ("eNabled", "enAbled") is how passwords are made from
 * words, not how a state is written: such a word is never taken for a state or a setting.
 */
const AS_WRITTEN = /^(?:[a-z]+|[A-Z][a-z]*|[A-Z]+)$/;

/**
 * True if a key name may hold a secret. A registry path ("HKLM\\…\\Winlogon\\DefaultPassword") is
 * judged segment by segment: any secret segment (a value name, or a key such as "Secrets") makes it one.
 * Under a Policies key that depends on the data too: where it is known, use `isSecretValue`.
 */
export function isSecretName(name: string): boolean {
  return nameVerdict(name) !== PLAIN;
}

/**
 * True if `data` held under the key name `name` is a secret: by the name alone, except for a
 * registry value under a Policies key, which is a secret only when its data is not a setting
 * ("…\\Policies\\Vendor\\App\\ProxyPassword" = "S3cr3t!" is; "…\\Policies\\Microsoft\\FVE\\
 * OSPassphrase" = 1 is not).
 */
export function isSecretValue(name: string, data: unknown): boolean {
  if (typeof data === 'string' && isTimeOfSecret(name, data)) return false;
  const v = nameVerdict(name);
  return v === SECRET || (v === SECRET_UNLESS_SETTING && !isSettingData(data));
}

/** True if a JSON pointer ("/access/ldap/bindPassword") leads through a secret name. */
export function isSecretPointer(pointer: string): boolean {
  return pointer.split('/').some((s) => s !== '' && isSecretName(s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

/** True if `data` at a JSON pointer is a secret (`isSecretValue` for each key on the path). */
export function isSecretAt(pointer: string, data: unknown): boolean {
  return pointer.split('/').some((s) => s !== '' && isSecretValue(s.replace(/~1/g, '/').replace(/~0/g, '~'), data));
}

/** True if a dotted field path ("access.ldap.bindPassword", "hardening.registry.HKLM\\…") leads through a secret name. */
export function isSecretField(field: string): boolean {
  const registry = 'hardening.registry.';
  if (field.startsWith(registry)) return isSecretName(field.slice(registry.length));
  return field.split('.').some((s) => s !== '' && isSecretName(s.replace(/\[\]$/, '')));
}

// ---- secrets inside text ----

/**
 * A private key's DER in base64 without the PEM lines around it (a vendor file or a registry value
 * holding the key's body alone), told by how the DER begins: PKCS#1 RSA and PKCS#8
 * ("MII…IBAAK", "MII…IBADA", "MIG…AgEAM"), SEC1 EC ("MHcCAQEE", "MIGkAgEBB", "MIHcAgEBB"),
 * Ed25519/Ed448 PKCS#8 ("MC4CAQAwBQYDK2Vw", "MEcCAQAwBQYDK2Vx"), a PKCS#12 (.pfx, .p12) file in base64
 * ("MII…IBAz": it holds the private key, whatever its password). Certificates and public keys begin
 * otherwise and stay. The run goes on over whole base64 lines (a key wrapped at 64 columns).
 */
const BARE_PRIVATE_KEY = /(?<![A-Za-z0-9+/])(?:BQIAAA(?=[A-Za-z0-9+/]{40})|MII[A-Za-z0-9+/]{3}IBA(?:AK|DA|z)|MIG[A-Za-z0-9+/]AgEAM|MHcCAQEE|MIGkAgEBB|MIHcAgEBB|MC4CAQAwBQYDK2Vw|MEcCAQAwBQYDK2Vx)[A-Za-z0-9+/]*={0,2}(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]{4,}={0,2}(?![^\r\n]*[^A-Za-z0-9+/=\s]))*/g;
/** A quick test for BARE_PRIVATE_KEY's beginnings (most texts have none). */
const BARE_KEY_HINT = /BQIAAA|MII[A-Za-z0-9+/]{3}IBA|MIG[A-Za-z0-9+/]AgEAM|MHcCAQEE|AgEBB|MC4CAQAw|MEcCAQAw/;
/**
 * A line of a PEM body or a MIME base64 block standing alone (64 or 76 characters, random as a key's are:
 * isRandomKey), and the base64 lines wrapped after it: a private key split across CSV cells or pasted without
 * its BEGIN line and first line keeps its other lines so. A certificate's lines have the same form and are masked
 * too (nothing an assessor reads is lost: its subject and thumbprint are other values).
 */
const WRAPPED_BASE64_LINE = /^[ \t]*(?:[A-Za-z0-9+/]{64}|[A-Za-z0-9+/]{76})(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]{4,76}={0,2})*[ \t]*$/gm;
/**
 * The same lines side by side in one text, a CSV row's cells or a table's columns apart (`"…","…"`, tabs, ";", "|",
 * blanks), and the key's last, shorter line after them (a line of 2 to 75 characters, its "=" padding): each full line
 * is masked, and the short one where it looks random (padded, a "+" or "/", letters and digits, or 16 characters or
 * more of capitals and small letters: a word after the key, "Thanks", stays).
 */
const BASE64_CELL_SEP = String.raw`(?:["']?[ \t]*[,;\t|][ \t]*["']?|["']?[ \t]*\r?\n(?:[^\r\n,;\t|"']{0,64}["']?[ \t]*[,;\t|])?[ \t]*["']?|[ \t]+)`;
const BASE64_FULL_LINE = String.raw`(?:[A-Za-z0-9+/]{76}|[A-Za-z0-9+/]{64})(?![A-Za-z0-9+/=])`;
const SPLIT_BASE64_LINES = new RegExp(String.raw`(?<![A-Za-z0-9+/=])${BASE64_FULL_LINE}(?:${BASE64_CELL_SEP}${BASE64_FULL_LINE})*(?:(${BASE64_CELL_SEP})([A-Za-z0-9+/]{2,75}={0,2})(?![A-Za-z0-9+/=]))?`, 'g');
const FULL_LINE_TOKEN = /(?<![A-Za-z0-9+/=])(?:[A-Za-z0-9+/]{76}|[A-Za-z0-9+/]{64})(?![A-Za-z0-9+/=])/g;
/** Whether `x` is a key's short last line, the item before it (`before`, masked whole as `masked`) a full random base64 line. */
function isKeyTailAfter(before: unknown, masked: unknown, x: unknown): boolean {
  if (typeof x !== 'string' || typeof before !== 'string' || masked !== REDACTED) return false;
  const tail = x.trim();
  const line = before.trim();
  return /^[A-Za-z0-9+/]{2,75}={0,2}$/.test(tail) && looksRandomTail(tail) && (line.length === 64 || line.length === 76) && /^[A-Za-z0-9+/]+$/.test(line) && isRandomKey(line);
}
const BASE64_RUN_HINT = /[A-Za-z0-9+/]{64}/;
const looksRandomTail = (t: string): boolean => /=$|[+/]/.test(t) || (/[0-9]/.test(t) && /[A-Za-z]/.test(t)) || (t.length >= 16 && /[A-Z]/.test(t) && /[a-z]/.test(t));
/**
 * A BitLocker recovery password by its form, whatever stands before it ("recovery password 123456-…", a pasted
 * `manage-bde -protectors -get` line, a note): eight groups of six digits joined by "-". Nothing else is written so,
 * and it unlocks the volume; the protector's type and ID ("Numerical Password", "{GUID}") stay evidence.
 */
const BITLOCKER_RECOVERY = /(?<![0-9-])[0-9]{6}(?:-[0-9]{6}){7}(?![0-9-])/g;
/**
 * A DPAPI blob, told by its header (version 1 and the provider {df9d8cd0-1501-11d1-8c7a-00c04fc297eb}), in hex as
 * PowerShell's ConvertFrom-SecureString, Export-Clixml's PSCredential (`<SS N="Password">01000000d08c9ddf…</SS>`) and a
 * saved .rdp file's `password 51:b:01000000D08C9DDF…` write it, or in base64 as .NET's ProtectedData is stored
 * ("AQAAANCMnd8BFdERjHoAwE/Cl+…"): a password encrypted for a user or a machine, which that account's session on
 * the console decrypts. Masked whole wherever it stands, whatever name (or none) is before it.
 */
const DPAPI_BLOB = /(?<![0-9A-Za-z+/])(?:01000000d08c9ddf0115d1118c7a00c04fc297eb[0-9a-f]*|AQAAANCMnd8BFdERjHoAwE\/Cl\+[A-Za-z0-9+/]*={0,2})(?![0-9A-Za-z+/=])/gi;
const DPAPI_HINT = /01000000d08c9ddf|AQAAANCMnd8BFdERjHoAwE/i;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g;
/**
 * An HTTP Authorization value, whatever name (or none) stands before it ("Authorization: Bearer …",
 * a header pasted into a note): a Bearer token that is not a plain word ("bearer instrument"),
 * or Basic credentials, whose base64 spells NAME:PASSWORD (so "basic settings" stays).
 */
// Negotiate and NTLM carry a Kerberos ticket or an NTLM message (its response is cracked as a hash is, the ticket replayed).
const AUTH_SCHEME = /\b(Bearer|Basic|Negotiate|NTLM)([ \t]+)([A-Za-z0-9\-._~+/]{8,}=*)/gi;
/**
 * Credentials told by their own form: an AWS access key id (AKIA/ASIA and 16 capitals or digits),
 * a JSON Web Token (eyJ….eyJ….…), a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_), a Slack token (xoxb-…).
 */
const TOKEN_FORMS = /\b(?:(?:AKIA|ASIA)[A-Z0-9]{16}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})\b/g;
/** A quick test for both (most texts have neither). */
const TOKEN_HINT = /bearer|basic|negotiate|ntlm|AKIA|ASIA|eyJ|gh[pousr]_|github_pat_|glpat-|xox[abprs]-/i;
/**
 * An AWS secret access key with no name before it (a script's argument, a note): 40 characters of
 * base64's alphabet standing alone, with capitals, small letters and digits mixed as random text
 * mixes them (15 changes of kind or more: a path or an identifier of words has few). Not hex (a
 * certificate thumbprint, a SHA-1 is 40 hex digits, and stays), not longer or shorter runs.
 */
const AWS_SECRET_KEY = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;
function isRandomKey(s: string): boolean {
  if (!mayHoldRandomKey(s) || /^[0-9a-fA-F]+$/.test(s)) return false;
  const kind = (c: string): number => (/[A-Z]/.test(c) ? 0 : /[a-z]/.test(c) ? 1 : /[0-9]/.test(c) ? 2 : 3);
  let changes = 0;
  for (let i = 1; i < s.length; i++) if (kind(s[i]!) !== kind(s[i - 1]!)) changes++;
  return changes >= 15;
}
/**
 * Whether a text may hold a run `isRandomKey` accepts, which asks this of the run itself: a capital, a small letter and
 * a digit. A text lacking one of them (a lower-case hex digest, an ISO time, a GUID: most of a snapshot's texts that
 * are no plain word) holds no such run, so the rules that mask only such runs (AWS_SECRET_KEY, WRAPPED_BASE64_LINE,
 * SPLIT_BASE64_LINES) need not scan it; test/secrets-fast-paths.test.ts holds the two to each other.
 */
export function mayHoldRandomKey(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}
/**
 * Whether `redactTextFinding` skips a text by the pre-tests that only save time (`mayHoldRandomKey`): always on, turned
 * off only by test/secrets-fast-paths.test.ts, which compares the two ways on generated texts.
 */
export const textFastPaths = { on: true };
const skipsRandomKeyRules = (s: string): boolean => textFastPaths.on && !mayHoldRandomKey(s);
/** An Azure shared access signature's signature in a URL or a connection string ("…&sig=…"): it grants what the SAS grants. */
const SAS_SIGNATURE = /([?&;]sig=)([A-Za-z0-9%+/=_-]{16,})/g;
/**
 * The start of a pair in text: a name, then "=" or ":" on the same line ("Password=…;", "pw=…",
 * "temp pw: …", "/password:…"). The value's extent depends on where the pair stands: see `valueEnd`.
 * The name is at most 256 characters (of a longer word, its last 256): unbounded, a long word with
 * no "=" or ":" after it (a long CSV cell quoted in a message) was read again from each of its letters.
 * "=>" (Perl's, PowerShell's and a note's arrow: "pwd => X") is one mark, read as "=": read as "=" alone, its ">"
 * became the value's first character and was masked with it. "==" is a comparison's (redactComparisons's): read as "=",
 * "password == null" lost "= null" to the mask. ":=" (Go's, Pascal's, make's) is one mark too, read as "=": read as ":",
 * its "=" went into the value and "password := \"x\"" came out "password :[REDACTED]".
 */
const PAIR_HEAD = /([\p{L}_][\p{L}\p{M}\p{N}_.-]{0,255})([ \t]*(=>|:=|=(?!=)|[:\uFF1A\uFF1D])[ \t]*)/gu;
/** A YAML block scalar's indicator ("password: |", ">-"): its value is the indented lines below (redactYamlBlocks), not it. */
const YAML_BLOCK_INDICATOR = /^[ \t]*[|>][-+]?[1-9]?[-+]?[ \t]*(?:#.*)?$/;
/**
 * A YAML block scalar under a name ("password: |" or ">-", then its lines indented below the name): each line of the block is
 * the value, masked where it stands. The name's line and what follows the block stay.
 */
const YAML_BLOCK = /^([ \t]*)(?:-[ \t]+)?(['"]?)([\p{L}_][\p{L}\p{N}_.-]{0,255})\2[ \t]*:[ \t]*[|>][-+]?[1-9]?[-+]?[ \t]*(?:#[^\r\n]*)?\r?\n/gmu;

function redactYamlBlocks(s: string, found: Found): string {
  let out = '';
  let done = 0;
  YAML_BLOCK.lastIndex = 0;
  for (let m = YAML_BLOCK.exec(s); m; m = YAML_BLOCK.exec(s)) {
    const [head, indent, , name] = m as unknown as [string, string, string, string];
    if (!isSecretName(name)) continue;
    let at = m.index + head.length;
    // The block: each line indented more than the name (blank lines inside it too).
    const lines: Array<[number, number]> = [];
    for (;;) {
      const eol = s.indexOf('\n', at);
      const end = eol < 0 ? s.length : eol;
      const line = s.slice(at, end).replace(/\r$/, '');
      const lead = /^[ \t]*/.exec(line)![0].length;
      if (line.trim() !== '' && lead <= indent.length) break;
      if (line.trim() !== '') lines.push([at + lead, at + line.length]);
      if (eol < 0) { at = s.length; break; }
      at = eol + 1;
    }
    const kept = lines.filter(([a, b]) => !s.slice(a, b).startsWith(REDACTED));
    if (kept.length === 0) continue;
    for (const [a, b] of kept) {
      found?.(s.slice(a, b));
      out += s.slice(done, a) + REDACTED;
      done = b;
    }
    YAML_BLOCK.lastIndex = Math.max(done, m.index + head.length);
  }
  return done === 0 ? s : out + s.slice(done);
}
/** What begins the next item of a command line or a list of pairs: a switch, name= or name:, a shell operator. */
const NEXT_ITEM = /(?:--?[A-Za-z]|\/[A-Za-z]|&&|\|\|?|[0-9]?[<>]|[A-Za-z_][A-Za-z0-9_.-]*[ \t]*[=:])/y;
/** Text in every secret name (SECRET_WORDS, SECRET_PARTS, SECRET_PHRASES, CREDENTIAL_ATTRIBUTES, a Windows hash's "NTHash"). */
const SECRETISH = /pass|(?:nt|lm)[ _-]?hash|ownerinformation|authincoming|authoutgoing|pkcs12|paß|pw|p\/w|unlock|psw|pin|token|psk|secret|key|credential|signature|communit|kennwort|wachtwoord|contrase|senha|senord|salasana|geheim|has[łŁ]o|пароль|ПАРОЛЬ|パスワード|密码|密碼|비밀번호|ifre|İFRE|κωδικ|ΚΩΔΙΚ|κωδίκ|סיסמ|كلمة|ordine|priv(?:é|e\u0301|e)e|s(?:é|e\u0301|e)cr(?:è|e\u0300|e)te/i;
/** A secret switch's name ending in where the secret is read from (its value is none, or a file's name). */
const STDIN_OR_FILE_SWITCH = /[-_](?:stdin|file|prompt)$/i;
/**
 * A command-line switch with a secret name and its value as the next word ("--password X", "-pw X", "/passphrase X"), also first
 * in an XML element (a scheduled task's <Arguments>), the value ending before its end tag; or a placeholder of words in angle
 * brackets ("--password <your password>"), read whole so that isNoValue judges it (a value in brackets with a blank is masked whole).
 */
const SWITCH = /(^|[ \t>])((?:--?|\/)([A-Za-z][A-Za-z0-9_-]*)[ \t]+)(<[^<>\s/][^<>\r\n]{0,63}>(?=[\s,.;)]|$)|"(?:[^"\r\n]|"")*"(?:[^\s"<]|<(?!\/))*|(?:[^\s"<]|<(?!\/))+)/gm;
/** A switch's value that calls a cmdlet ("-Password (ConvertTo-SecureString X …)"): the cmdlet's rule masks what it is given. */
const CMDLET_CALL = /^\$?\([A-Za-z]+-[A-Za-z]+$/;
/** Where a value ends after "?" or "&" (a query string). */
const QUERY_END = /[&;#\s]|<\//g;
/** After ";" or first on a line (a connection string, an ini line). */
const LIST_END = /[;\r\n]|&(?=[A-Za-z_][A-Za-z0-9_.-]*=)|<\//g;
/** Elsewhere: a command line's name=value ends at a blank; free text's name: value goes on word by word (see valueEnd). */
const WORD_END = /[\s;]|<\//g;
const LINE_END = /[\s;]|<\//g;

/**
 * Where an unquoted value that starts at `i` ends. Its extent follows where the pair stands:
 * - first on its line or after ";" (a connection string, an ini line, "Password: …" as a label):
 *   up to the next ";" or the end of the line (a connection string's value may hold blanks);
 * - after "?" or "&" (a query string): up to the next "&", ";", "#" or blank;
 * - anywhere else: name=value is a command line's ("run --password=X --verbose", "set PW=X && go"),
 *   up to the next blank or ";"; name: value is free text's ("temp pw: X, user: bob"), word by
 *   word up to the next switch, pair or shell operator, ";" or the end of the line.
 * Quoted ("…", '…') and braced ({…}) values end at their closing mark.
 */
function valueEnd(s: string, i: number, head: number, mark: string, unclosed: Map<string, number>): number {
  const open = s[i]!;
  let from = i;
  if (open === '"' || open === "'" || open === '{') {
    // `unclosed`: from where on a closing mark is known to be absent (no rescans of a long text).
    const closer = open === '{' ? '}' : open;
    let close = i + 1 >= (unclosed.get(open) ?? Infinity) ? -1 : s.indexOf(closer, i + 1);
    if (close >= 0) {
      // A hash's scheme before its mask ("userPassword: {SSHA}[REDACTED]", see LDAP_HASH): the mask is the value's too.
      if (open === '{' && s.startsWith(REDACTED, close + 1)) return close + 1 + REDACTED.length;
      // ODBC doubles a "}" inside braces ("Pwd={p}}w}"), CSV, VB and SQL a quote inside quotes ('Password="a""b"',
      // "'it''s'"): the close is the first one not doubled. Within its line and 1 KiB: a "}}" in code
      // ("PWD={${x}};") is no escape to search a whole text past.
      while (s[close + 1] === closer) {
        const next = s.indexOf(closer, close + 2);
        if (next < 0 || next - close > 1024 || /[\r\n]/.test(s.slice(close, next))) break;
        close = next;
      }
      // Text right after the close ("{abc}Secret123", "{SSHA}abc12": a scheme before a short hash; '"abc"def',
      // "'x'y") is the value's too: the quotes or braces began it and it runs on from them as an unquoted value does.
      // Not after a close on a later line: that quotation is a block's, and the text after it another line's.
      if (endsAfterClose(s, close + 1) || /[\r\n]/.test(s.slice(i, close))) return close + 1;
      from = close + 1;
    } else unclosed.set(open, Math.min(i + 1, unclosed.get(open) ?? Infinity));
  }
  let p = head;
  while (p > 0 && (s[p - 1] === ' ' || s[p - 1] === '\t')) p--;
  const prev = s[p - 1];
  // Every value ends at a line break or, in XML text, at its element's end tag ("<Name>Configure TPM startup PIN:</Name>").
  const stop = prev === '?' || prev === '&' ? QUERY_END
    : prev === undefined || prev === '\n' || prev === '\r' || prev === ';' ? LIST_END
    : mark === '=' ? WORD_END
    : LINE_END;
  if (stop !== LINE_END) {
    stop.lastIndex = from;
    const m = stop.exec(s);
    return m ? m.index : s.length;
  }
  // Free text: word by word. Where a walk from a word ends depends on nothing but the text, and a line of many pairs whose
  // values run on (a text of '"userPassword::" ' repeats) walked the rest of its line again from each: each word's end
  // is kept (in `unclosed`, keyed by its place) so every word is walked once.
  const walked: number[] = [];
  let end = s.length;
  for (let j = from; ;) {
    const known = unclosed.get(`w${j}`);
    if (known !== undefined) {
      end = known;
      break;
    }
    walked.push(j);
    LINE_END.lastIndex = j;
    const m = LINE_END.exec(s);
    end = m ? m.index : s.length;
    if (!m || m[0] !== ' ' && m[0] !== '\t') break;
    // The next word belongs to the value unless it begins a new item.
    let k = end;
    while (s[k] === ' ' || s[k] === '\t') k++;
    NEXT_ITEM.lastIndex = k;
    if (k >= s.length || s[k] === '\r' || s[k] === '\n' || s[k] === ';' || s.startsWith('</', k) || NEXT_ITEM.test(s)) break;
    j = k;
  }
  for (const j of walked) unclosed.set(`w${j}`, end);
  return end;
}

/**
 * Whether a quoted or braced value ends at its close (`k`: just after it): the text's end, a blank, a list's or a
 * markup's punctuation, another quote, or a sentence's mark before a blank ('"abc".', '"abc", user: bob',
 * '"abc")'). Anything else ('"abc"def', '{abc}Secret') is more of the value.
 */
function endsAfterClose(s: string, k: number): boolean {
  return k >= s.length || /[\s;,&"'`<>|)\]}]/.test(s[k]!) || (/[.:!?]/.test(s[k]!) && (k + 1 >= s.length || /\s/.test(s[k + 1]!)));
}

/**
 * Where the value of a label that ends its line begins on the next line ("Password:\n  X"), or -1:
 * the label is not first on its line or after ";" (a sentence ending "…the password:"), the next line is empty
 * or begins an item of its own (a switch, a pair, another label).
 */
function nextLineValue(s: string, lineEnd: number, head: number): number {
  let p = head;
  while (p > 0 && (s[p - 1] === ' ' || s[p - 1] === '\t')) p--;
  // First on its line, or first of a list's item ("TOTP; password:"), as a pair's value is judged (valueEnd).
  if (p > 0 && s[p - 1] !== '\n' && s[p - 1] !== '\r' && s[p - 1] !== ';') return -1;
  let k = lineEnd + (s.startsWith('\r\n', lineEnd) ? 2 : 1);
  while (s[k] === ' ' || s[k] === '\t') k++;
  if (k >= s.length || s[k] === '\r' || s[k] === '\n') return -1;
  NEXT_ITEM.lastIndex = k;
  return NEXT_ITEM.test(s) ? -1 : k;
}

/**
 * Words that make a line ending in ":" a sentence rather than a label ("Call the vendor to reset the
 * password:", "If you forget your password:"): articles, pronouns and possessives, "to", auxiliaries,
 * conjunctions of a clause. A label names a thing ("LDAP bind password", "Service account password for
 * PACS", "Enter new password") and has none of them.
 */
const PROSE_WORDS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'your', 'you', 'my', 'our', 'their', 'his', 'her', 'its', 'it', 'we', 'they', 'i', 'he', 'she', 'them', 'us', 'me', 'to', 'please', 'if', 'when', 'then', 'how', 'what', 'where', 'why', 'which', 'who', 'is', 'are', 'was', 'were', 'be', 'been', 'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might', 'do', 'does', 'did', 'not', 'no', 'see', 'and', 'or', 'but', 'so', 'as', 'than']);
/** Words after which a label qualifies its thing ("password for PACS", "password of svc"): the thing is judged without them. */
const LABEL_QUALIFIERS: ReadonlySet<string> = new Set(['for', 'of', 'on', 'at', 'in', 'from', 'via', 'with', 'by']);
/** At most this many words in a label alone on its line (a sentence is longer). */
const LINE_LABEL_WORDS = 6;

/**
 * Where a label that is its line's whole text begins, or -1 (`end`: just before its ":"). A label: first
 * on its line or after ";", at most LINE_LABEL_WORDS words, none of PROSE_WORDS, and the words before a
 * qualifier (LABEL_QUALIFIERS, "(") name a secret as a key's name would (a setting's "Password required
 * for PACS:" does not).
 */
function lineLabelHead(s: string, end: number, minWords = 2, passIsProse = false): number {
  let b = end;
  while (b > 0 && end - b <= 256 && s[b - 1] !== '\n' && s[b - 1] !== '\r' && s[b - 1] !== ';') b--;
  if (end - b > 256) return -1;
  while (s[b] === ' ' || s[b] === '\t') b++;
  const label = s.slice(b, end);
  const words = label.split(/[\s]+/).filter(Boolean);
  if (words.length < minWords || words.length > LINE_LABEL_WORDS) return -1;
  const lower = words.map((w) => w.toLowerCase());
  if (lower.some((w) => PROSE_WORDS.has(w.replace(/[^a-z']/g, '')))) return -1;
  const cut = lower.findIndex((w) => LABEL_QUALIFIERS.has(w) || w.startsWith('(') || w.startsWith('['));
  let thing = (cut < 0 ? words : words.slice(0, cut)).flatMap(nameWords);
  // With a value after it, "pass" is prose's word as in a pair ("Checks pass: 12 of 12"), not in "pass phrase".
  if (passIsProse) thing = thing.filter((w, i) => w !== 'pass' || thing[i + 1] === 'phrase');
  return thing.length > 0 && isSecretWordList(thing) ? b : -1;
}

/** The closing mark of a quotation or bracket that may hold a pair whole (and Markdown's code span: "`Password: (none)`"). */
const CLOSER: Record<string, string> = { '"': '"', "'": "'", '(': ')', '[': ']', '{': '}', '<': '>', '`': '`' };

/**
 * Where the value of a pair quoted or bracketed whole ends (`end`: where it would end unquoted): at the
 * first closing mark on its line, not escaped, followed by the line's end, a blank or punctuation
 * ('"Password=X", line 16', '"Password=X"=dword:1', '(pwd=X).'), the value's first character too ('"Password:" y':
 * no value); `end` when there is none.
 */
function closerEnd(s: string, start: number, end: number, closer: string, escaped: boolean): number {
  for (let k = start; k < s.length && k - start <= 4096 && s[k] !== '\n' && s[k] !== '\r'; k++) {
    // Opened by an escaped quote (a message quoted in JSON: 'got \"pwd=X\"'), it closes with one.
    if (escaped && s[k] === '\\' && s[k + 1] === closer && k > start) return k;
    if (s[k] === '\\') {
      k++;
      continue;
    }
    // At the value's start it closes the quotation before any value when a blank, punctuation or the end follows it:
    // '"Password:" is the label' names the label and has none.
    if (s[k] !== closer) continue;
    // A code span closes with as many backquotes as opened it ("``Password: X``"): the run is the closing mark, whole.
    let after = k + 1;
    if (closer === '`') while (s[after] === '`') after++;
    if (after >= s.length || /[\s,;:=.)\]}>]/.test(s[after]!) || s.startsWith('/>', after)) return k;
    k = after - 1;
  }
  return end;
}

/** The most text a value's code span holds before its close is looked for no further (a password is shorter; a line of openers stays linear). */
const CODE_SPAN_VALUE_MAX = 256;

/**
 * A value that is a Markdown code span whole, opened at `at` ("`X`", "``X``"): where its text begins and where the closing
 * run begins, or undefined when `at` opens none. The span closes at the next run of as many backquotes on its line (CommonMark's
 * rule), with the line's end, a blank or punctuation after it (endsAfterClose): text glued on ("`abc`def") is more of the value.
 */
function codeSpanValue(s: string, at: number): { from: number; close: number } | undefined {
  if (s[at] !== '`') return undefined;
  let from = at;
  while (s[from] === '`') from++;
  const run = from - at;
  for (let k = from; k < s.length && k - from <= CODE_SPAN_VALUE_MAX && s[k] !== '\n' && s[k] !== '\r'; k++) {
    if (s[k] !== '`') continue;
    let e = k;
    while (s[e] === '`') e++;
    if (e - k === run) return k > from && endsAfterClose(s, e) ? { from, close: k } : undefined;
    k = e - 1;
  }
  return undefined;
}

/** A one-word value without the backquotes of a code span it is whole ("`X`", "``X``"): the span's text, and where it begins in the word. */
function unspanned(word: string): { at: number; text: string } {
  const m = /^(`+)([^`]+)\1$/.exec(word);
  return m ? { at: m[1]!.length, text: m[2]! } : { at: 0, text: word };
}

/**
 * Told each secret a text rule masks, as the text held it: `redactSnapshot` masks its other copies
 * (a password found in a connection string is masked where a note repeats it too).
 */
type Found = ((secret: string) => void) | undefined;

/** The secret a masked value holds: without the quotes or braces around it, or blanks. */
const bare = (value: string): string => value.trim().replace(/^(["'{])([\s\S]*)(["'}])$/, (whole, open: string, inner: string, close: string) => (CLOSER[open] === close ? inner : whole)).trim();

/** How many `quote` marks stand on the line before `at`, within 256 characters (a label's quotation; linear on any text). */
function quotesBefore(s: string, at: number, quote: string): number {
  let n = 0;
  for (let i = at - 1; i >= 0 && i >= at - 256 && s[i] !== '\n' && s[i] !== '\r'; i--) if (s[i] === quote) n++;
  return n;
}

/**
 * The quote mark of a quotation still open at `at` on its line, or undefined: an odd number of '"' before it, or of "'"
 * whose last one opens a quotation (after a blank, "=", "(" or the line's start: not an apostrophe, "admin's").
 */
function openQuoteBefore(s: string, at: number): string | undefined {
  if (quotesBefore(s, at, '"') % 2 === 1) return '"';
  if (quotesBefore(s, at, "'") % 2 === 0) return undefined;
  const last = s.lastIndexOf("'", at - 1);
  return last === 0 || /[\s=(\[:,]/.test(s[last - 1]!) ? "'" : undefined;
}

/**
 * True if the name at `head` ends a secret phrase (SECRET_PHRASES) with the one or two words before it, joined
 * by blanks or an elision ("parola d'ordine", "mot de passe", "كلمة المرور", "private key"): a phrase only,
 * since "ordine" alone is "order" and "passe" or "key" alone say nothing.
 */
function phraseBefore(s: string, head: number, name: string): boolean {
  // The phrase's words end in a blank or an elision right before the name: without one there is
  // none, and the test below (tried from every character of its window) is skipped. Every "Key = Value"
  // line of a secedit or .reg export starts a name, and that test took most of a large file's scan.
  const c = s.charCodeAt(head - 1);
  if (c !== 32 && c !== 9 && c !== 39 && c !== 0x2019) return false;
  const m = /(?:([\p{L}\p{M}]+)[ \t'\u2019]+)?([\p{L}\p{M}]+)[ \t'\u2019]+$/u.exec(s.slice(Math.max(0, head - 64), head));
  if (m === null) return false;
  const words = [m[1] ?? '', m[2]!, name].filter(Boolean).flatMap(nameWords);
  // Ending at the name: "api key rotation = 90" names a setting.
  return SECRET_PHRASES.some((p) => p.length <= words.length && p.every((w, i) => words[words.length - p.length + i] === w));
}

/**
 * A secret's label alone on its line, with or without ":" ("password", "Admin password:"), and its value alone
 * on a later line, blank lines between allowed ("password\nX", "password:\n\nX": a note typed or wrapped so).
 * The pair rule reads the value from the very next line only, after a ":" (nextLineValue). Here the value
 * must be one word alone on its line, not a word of letters alone: a heading over prose ("Password\nMinimum length 14",
 * "Password:\n\nnotes") stays.
 */
const LABEL_ABOVE_VALUE = /[ \t]*(\p{L}[\p{L}\p{M}\p{N} _./'-]{0,63}?)[ \t]*[:\uFF1A=]?[ \t]*\r?\n(?:[ \t]*\r?\n){0,3}[ \t]*([^\s]{1,256})[ \t]*(?=\r?\n|$)/yu;

function redactLabelsAboveValues(s: string, found: Found): string {
  let out = '';
  let done = 0;
  // Line by line: only a short line with a secret's word is tried (a 4 MiB "Key = Value" export has one per line
  // and the expression, tried at each line's start, cost a third more than the whole scan).
  for (let b = 0; b < s.length;) {
    const e = s.indexOf('\n', b);
    if (e < 0) break;
    // The label may also end a line after a ':', ',' or ';' ("Service note: password", "Room 4, password"), its value below.
    // (Searched within the line only: lastIndexOf over the whole text would cost a 4 MiB export its square.)
    const line = e - b <= 512 ? s.slice(b, e) : '';
    const tail = b + Math.max(line.lastIndexOf(':'), line.lastIndexOf(','), line.lastIndexOf(';')) + 1;
    const m = (e - b <= 72 && SECRETISH.test(s.slice(b, e)) ? labelAboveValueAt(s, b) : undefined)
      ?? (tail > b && e - tail <= 72 && SECRETISH.test(s.slice(tail, e)) ? labelAboveValueAt(s, tail, s[tail - 1]) : undefined);
    if (m === undefined) {
      b = e + 1;
      continue;
    }
    found?.(bare(m.value));
    out += s.slice(done, m.at) + REDACTED;
    done = b = m.at + m.value.length;
  }
  return done === 0 ? s : out + s.slice(done);
}

/** The value under a secret's label whose line starts at `b` (LABEL_ABOVE_VALUE), where it stands, or undefined. */
function labelAboveValueAt(s: string, b: number, delim?: string): { at: number; value: string } | undefined {
  LABEL_ABOVE_VALUE.lastIndex = b;
  const m = LABEL_ABOVE_VALUE.exec(s);
  if (m === null) return undefined;
  const [whole, label, word] = m as unknown as [string, string, string];
  // A label after "," or ";" over a value holding that mark: a CSV header's last column over a row (redactCsvColumns).
  if ((delim === ',' || delim === ';') && word.includes(delim)) return undefined;
  const { at: inSpan, text: value } = unspanned(word);
  const at = m.index + whole.lastIndexOf(word) + inSpan;
  // A switch's state or a count under the label stays, unless a user's name stands beside the label or the value
  // ("User: svc\nPassword\n123"), as the pair rule judges a value beside its label (isSwitchAfterSecretWord).
  const beside = isStatedSetting(value) && userBeside(s, at, b);
  if (value.startsWith(REDACTED) || !/[\p{L}\p{N}]/u.test(value) || isNoValue(value) || (isStatedSetting(value) && !beside) || isTimeOfSecret(label, value)) return undefined;
  const words = label.split(/[ \t]+/).filter(Boolean);
  if (words.length > LINE_LABEL_WORDS || words.some((w) => PROSE_WORDS.has(w.toLowerCase().replace(/[^a-z']/g, '')))) return undefined;
  const parts = words.flatMap(nameWords);
  // "pass" alone is a verdict's word ("Pass\n12"), as in a pair.
  if (!isSecretWordList(hasPhrase(parts, PASS_PHRASES) ? parts : parts.filter((w) => w !== 'pass'))) return undefined;
  // A word of letters as a heading's next line is written ("Password:\n\nnotes", "PIN\nnever", "Password\nRequired"):
  // a heading over text, not a label over its value. A value with digits, symbols or mixed case is masked, and a word in a
  // code span ("LDAP bind password\n`Welcome`"): a heading's text is not quoted as code, a value is.
  if (!beside && inSpan === 0 && AS_WRITTEN.test(value.replace(/[.!:]$/, ''))) return undefined;
  return { at, value };
}

/**
 * A CSV table whose header row names a secret's column ("Name,Password", '"User";"Kennwort"', a tab-separated export),
 * as a roster, an export or an attestation's evidence file has it: that column's cells are masked in every row under
 * the header, up to a blank line or a line of one cell, and the other cells stay (the user's name, a role). A cell
 * holding a switch's data stays, as after every secret word (isSwitchAfterSecretWord: "Name,Password\nsvc,true").
 * Quoted cells ("a, b", '""' for a quote, a line break inside) are read as CSV reads them. A row with more cells than
 * the header (an unquoted delimiter in a cell) has each cell the secret's could have moved to masked; a shorter one,
 * the cells from the secret's on. The header: first on its line, two cells or more, each a name (letters, digits,
 * a qualifier in parentheses; no sentence's word, at most LINE_LABEL_WORDS words: code's and prose's lines are none),
 * one a secret's name ("Pass" alone is a verdict's column, as in a label).
 */
const CSV_DELIMITERS = ['\t', ';', ',', '|'] as const;
const CSV_HEADER_CELL = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N} _./#&%'-]{0,63}?(?: ?\([\p{L}\p{N} _./-]{1,32}\))?$/u;
/** The longest header line read, and the longest quoted cell (a quote never closed is no cell of a table). */
const CSV_MAX_HEADER = 4096;
const CSV_MAX_CELL = 65536;
const CSV_CELL_ENDS: Readonly<Record<string, RegExp>> = { '\t': /[\t\r\n]/g, ';': /[;\r\n]/g, ',': /[,\r\n]/g, '|': /[|\r\n]/g };
/** A Markdown table's rule under its header ("|---|:---:|"). */
const TABLE_RULE = /^[ \t]*:?-{3,}:?[ \t]*$/;

/** A row's cells without the empty first and last a Markdown table's framing "|" gives ("| svc | X |"). */
function unframed(cells: CsvCell[]): CsvCell[] {
  const from = cells.length > 0 && cells[0]!.text.trim() === '' ? 1 : 0;
  const to = cells.length > from && cells[cells.length - 1]!.text.trim() === '' ? cells.length - 1 : cells.length;
  return cells.slice(from, to);
}

interface CsvCell {
  /** Where the cell's text begins and ends in the text (inside its quotes). */
  start: number;
  end: number;
  text: string;
}

/** The cells of the record beginning at `at`, and where the next record begins. */
function csvRecord(s: string, at: number, delim: string): { cells: CsvCell[]; next: number } {
  const cells: CsvCell[] = [];
  const ends = CSV_CELL_ENDS[delim]!;
  for (let i = at; ;) {
    let cell: CsvCell | undefined;
    let after = -1;
    // Blanks before a quoted cell ('"Name", "Password"', a padded table's '| svc |') are no part of it.
    let o = i;
    while (s[o] === ' ' || (s[o] === '\t' && delim !== '\t')) o++;
    if (s[o] === '"') {
      let text = '';
      let j = o + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0 || q - o > CSV_MAX_CELL) break;
        text += s.slice(j, q);
        if (s[q + 1] === '"') {
          text += '"';
          j = q + 2;
          continue;
        }
        // Closed: a delimiter or the line's end must follow (blanks between), or the quote was the text's own (read unquoted).
        let k = q + 1;
        while (s[k] === ' ' || (s[k] === '\t' && delim !== '\t')) k++;
        if (k >= s.length || s[k] === delim || s[k] === '\n' || s[k] === '\r') {
          cell = { start: o + 1, end: q, text };
          after = k;
        }
        break;
      }
    }
    if (cell === undefined) {
      ends.lastIndex = i;
      const m = ends.exec(s);
      after = m ? m.index : s.length;
      cell = { start: i, end: after, text: s.slice(i, after) };
    }
    cells.push(cell);
    if (s[after] === delim) {
      i = after + 1;
      continue;
    }
    return { cells, next: after >= s.length ? s.length : s[after] === '\r' && s[after + 1] === '\n' ? after + 2 : after + 1 };
  }
}

/** The header at `b` (its line ends at `end`): its delimiter, its cells' names and its secret columns, or undefined. */
function csvHeader(s: string, b: number, end: number): { delim: string; names: string[]; secret: number[]; framed: boolean } | undefined {
  // A byte order mark before the first line (Export-Csv's UTF-8) is no part of it.
  const line = s.slice(b, end).replace(/^\uFEFF/, '');
  // A header begins its line: an indented line is code's or a list's. A Markdown table's begins with "|".
  const framed = line.startsWith('|');
  // No name holds "=" or ":" (CSV_HEADER_CELL): a "Key = Value, …" line is passed by before its cells are read.
  if ((!/^["\p{L}\p{N}_]/u.test(line) && !framed) || line.includes('=') || line.includes(':')) return undefined;
  for (const delim of framed ? ['|'] : CSV_DELIMITERS) {
    if (!line.includes(delim)) continue;
    const cells = csvRecord(line, 0, delim).cells;
    // "|" unframed between blanks is a shell's pipe ("ls | grep password"), not a table's.
    if (delim === '|' && !framed && cells.some((c) => c.text !== c.text.trim())) continue;
    const names = (framed ? unframed(cells) : cells).map((c) => c.text.trim());
    // A Markdown row's value masked (redactTableRowLabels: "| Password | [REDACTED] |") still heads the rows under it, if no
    // table's row stands above it: which of a name/value row and a header it is cannot be told, and both are masked.
    if (names.length < 2 || !names.every((n) => (framed && n === REDACTED) || (CSV_HEADER_CELL.test(n) && /\p{L}/u.test(n)))) continue;
    if (framed && b > 0 && isTableRowAbove(s, b)) continue;
    if (names.some((n) => { const w = n.split(/[ \t]+/); return w.length > LINE_LABEL_WORDS || w.some((x) => PROSE_WORDS.has(x.toLowerCase().replace(/[^a-z']/g, ''))); })) continue;
    const secret = names.flatMap((n, i) => (n.toLowerCase() !== 'pass' && isSecretName(n) ? [i] : []));
    if (secret.length > 0) return { delim, names, secret, framed };
  }
  return undefined;
}

function redactCsvColumns(s: string, found: Found): string {
  let out = '';
  let done = 0;
  for (let b = 0; b < s.length;) {
    const e = s.indexOf('\n', b);
    if (e < 0) break;
    const lineEnd = e > b && s[e - 1] === '\r' ? e - 1 : e;
    const header = lineEnd - b <= CSV_MAX_HEADER && SECRETISH.test(s.slice(b, lineEnd)) ? csvHeader(s, b, lineEnd) : undefined;
    b = e + 1;
    if (header === undefined) continue;
    const width = header.names.length;
    for (let r = b; r < s.length;) {
      const record = csvRecord(s, r, header.delim);
      const { next } = record;
      const cells = header.framed ? unframed(record.cells) : record.cells;
      // A blank line or a line of one cell: the table ended (a label's value under it is another rule's).
      if (cells.length < 2) break;
      if (header.framed && cells.every((c) => TABLE_RULE.test(c.text))) {
        r = b = next;
        continue;
      }
      const masked = new Set<number>();
      for (const i of header.secret) {
        if (cells.length === width) {
          const c = cells[i]!;
          const t = c.text.trim();
          if (isNoValue(t) || t.startsWith(REDACTED) || isUserOfMaskedHash(t) || isSwitchAfterSecretWord(header.names[i]!, t, s, c.start) || (isStatedSetting(t) && !isSettingData(t))) continue;
          masked.add(i);
        } else {
          const last = cells.length > width ? i + cells.length - width : cells.length - 1;
          for (let k = i; k <= last; k++) if (cells[k]!.text.trim() !== '') masked.add(k);
        }
      }
      for (const k of [...masked].sort((x, y) => x - y)) {
        const c = cells[k]!;
        // The cell's own blanks stay around the mask; its quotes too.
        const lead = c.text.length - c.text.trimStart().length;
        const start = c.start + (c.text === s.slice(c.start, c.end) ? lead : 0);
        const end = c.text === s.slice(c.start, c.end) ? c.end - (c.text.length - c.text.trimEnd().length) : c.end;
        if (start < done) continue;
        // A shifted row's cells are masked where they stand only: which of them is the secret is not known, so none
        // is a copy to mask elsewhere (a role's "admin").
        if (cells.length === width) found?.(c.text.trim());
        out += s.slice(done, start) + REDACTED;
        done = end;
      }
      r = b = next;
    }
  }
  return done === 0 ? s : out + s.slice(done);
}

/** Phrases whose first word is "pass" (which alone is prose's: "Checks pass: 12"). */
const PASS_PHRASES: ReadonlyArray<readonly string[]> = [['pass', 'word'], ['pass', 'phrase'], ['pass', 'code']];

/**
 * Where a secret's phrase written with a slash begins when `name` is its last part ("P/W" before ":"), or -1:
 * the segments from the last blank, quote or bracket before it, read as words, are a SECRET_PHRASES entry
 * ("usr/bin/pw:" is a path: its segments are no phrase).
 */
function slashPhraseHead(s: string, head: number, name: string): number {
  let q = head - 1;
  while (q > 0 && /[\p{L}\p{N}/]/u.test(s[q - 1]!) && head - q < 16) q--;
  const words = s.slice(q, head).split('/').filter((w) => w !== '').flatMap(nameWords).concat(nameWords(name));
  return words.length <= 3 && [...SECRET_PHRASES, ...SLASHED_PHRASES].some((ph) => ph.length === words.length && ph.every((w, i) => w === words[i])) ? q : -1;
}

/** An .rdp line's binary value after its label: a DPAPI blob in hex (or its mask) up to the line's end. */
const RDP_BINARY = /^b:(?:[0-9A-Fa-f]{16,}|\[REDACTED\])[ \t\r]*$/;

/**
 * Where a label's value begins past a format's marker after its ":" (`start`: just after the label's mark and blanks),
 * which is no part of the value and stays: LDIF's second ":" (base64 follows: "unicodePwd:: IgBhAGIA…"), and an .rdp
 * file's binary type on a line "name:b:<hex>" (`firstOnLine`: the label begins its line), "password 51:b:<hex>".
 */
function afterValueMarker(s: string, start: number, firstOnLine: boolean): number {
  if (s[start - 1] !== ':') return start;
  if (s[start] === ':') {
    let k = start + 1;
    while (s[k] === ' ' || s[k] === '\t') k++;
    // Only before base64 (or its mask): '"userPassword::")' in prose names the form and has no value (its quote closes the label's).
    return /[A-Za-z0-9+/]/.test(s[k] ?? '') || s.startsWith(REDACTED, k) ? k : start;
  }
  // The type only in an .rdp line's shape, "name:b:" before hex (a DPAPI blob, or its mask) to the line's end: a value
  // that only begins with a letter and ":" ("Password:b:Zq7", "password 51:b:b:Zq7") is the value's whole.
  if (!firstOnLine) return start;
  const eol = s.indexOf('\n', start);
  return RDP_BINARY.test(s.slice(start, eol < 0 ? s.length : eol)) ? start + 2 : start;
}

/**
 * Text that ends or closes what a name stands in and holds no value: '"userPassword::")' or '(Password:)' in prose, "Password: ..."
 * or "Password: -" in a table, an empty list or call's "Password: ()", "[]", quoted or not ('"-"'). Only these marks: a
 * password of other symbols ("!@#$%") is still one. And a placeholder in brackets, as a report or a tool writes one where
 * no value is set ("Password: (none)", "<not set>", "(null)", "[empty]"): no one's password is written so; a bare "none" still is.
 */
const NO_VALUE = /^[\s.,;:()[\]{}<>"'`\u2026\u2013\u2014-]*$|^\s*(?:\((?:none|null|nil|empty|blank|not set|unset|n\/a|no password)\)|<(?:none|null|nil|empty|blank|not set|unset|n\/a|no password)>|\[(?:none|null|nil|empty|blank|not set|unset|n\/a|no password)\])[.,;]?\s*$/i;
/**
 * A variable given as the value, not a literal: PowerShell's none or switch ("$null", "$true"), or a variable named for the
 * secret ("$pw", "$password", "$env:DB_PASSWORD", "${DB_PASSWORD}", "$cred.Password", cmd's "%DB_PASSWORD%"): the script's reference to where the
 * secret is kept, which a reader needs to see ("'password' = $null" says none is set). Letters only in its name, and named
 * for a secret: "$Winter2026" or "$ecret" may be a password written bare, and stay masked. Quoted whole, it is the same
 * reference ('password="$PW"', "password='${DB_PASSWORD}'", '"%PW%"': a shell, compose file or batch file quotes it); with
 * literal text beside it in the quotes ('"x$PW"') the value is a literal with a variable in it, and stays masked.
 */
const VARIABLE_VALUE = /^\s*(["']?)(?:\$(?:\{([\p{L}_]{1,64})\}|(?:env:)?([\p{L}_]{1,64}(?:\.[\p{L}_]{1,64}){0,4}))|%([\p{L}_]{1,64})%)\1[;,`]?\s*$/u;
function isSecretVariable(value: string): boolean {
  const m = VARIABLE_VALUE.exec(value);
  if (!m) return false;
  const name = m[2] ?? m[3] ?? m[4]!;
  return (m[4] === undefined && /^(?:null|true|false)$/i.test(name)) || isSecretName(name.split('.').at(-1)!);
}
/**
 * A documentation placeholder that names the secret it stands for, in angle brackets ("<password>", "<your password>",
 * "<DB_PASSWORD>"), quoted or not: a manual's or a template's "-pw <password>", "Password: <password>". Letters only between the
 * brackets, and naming a secret: "<Zq7x9k>" or "<Passw0rd1>" is a value written in brackets, and stays masked.
 */
const SECRET_PLACEHOLDER = /^\s*(["'`]?)<(\p{L}[\p{L} _-]{0,63})>\1[.,;]?\s*$/u;
const isSecretPlaceholder = (value: string): boolean => {
  const m = value.includes('<') ? SECRET_PLACEHOLDER.exec(value) : null;
  return m !== null && isSecretName(m[2]!);
};
/**
 * A value that holds no secret (NO_VALUE, a variable named for the secret, a placeholder naming it). Every rule that masks a
 * value asks this, whatever its shape (a pair, a switch, a command's argument, a fed password, a URL's): "-pw …" and
 * "Password: …" say the same.
 */
const isNoValue = (value: string): boolean => NO_VALUE.test(value) || ((value.includes('$') || value.includes('%')) && isSecretVariable(value)) || isSecretPlaceholder(value);
/**
 * A value of a list's separator alone before the next pair ("Password:, User: bob", "Password=; User=bob"): the name has
 * none, the pair after it is its own. Only a separator a blank follows, then a name and its mark ('Password: ,Zq7' and
 * 'Password:, Zq7 x' are masked: text after a separator that is no pair may be the password).
 */
const SEPARATOR_BEFORE_PAIR = /^[ \t]*[,;][ \t]+\p{L}[\p{L}\p{M}\p{N}_.-]{0,63}[ \t]*(?::(?=[ \t]|$)|=)/u;
const isSeparatorBeforeItem = (value: string): boolean => SEPARATOR_BEFORE_PAIR.test(value);

/**
 * A file's name by its extension, one of the files a console, an export or a note names ("password.txt", "db-pwd.csv"),
 * and the files keys and certificates are kept in ("private.pem", "passwords.kdbx", "token.pfx"): a file's name is no secret,
 * what is in it may be (PEM_PRIVATE_KEY masks a key's text wherever it stands).
 */
const KEY_FILE_EXTENSIONS = String.raw`pem|pfx|p12|kdbx|kdb|jks|jceks|keystore|ppk|p8|pk8|der|crt|cer|csr|p7b|p7c|gpg|pgp|ovpn|keytab|snk`;
const FILE_NAME = new RegExp(String.raw`\.(?:txt|csv|tsv|json|xml|reg|pol|rdp|config|cfg|conf|ini|inf|log|lnk|ps1|psm1|bat|cmd|vbs|yaml|yml|html?|pdf|docx?|xlsx?|zip|evtx|dat|bak|tmp|md|${KEY_FILE_EXTENSIONS})$`, 'i');
/**
 * ".key" is a file's ("server.key") and a setting's last word too ("app.secret.key: X"): such a name is a message's subject
 * only when a sentence follows it, one of its first four words a sentence's (PROSE_WORDS: "a symbolic link to …", "not a
 * regular file", "content matches no known export format"), the first in small letters.
 */
const KEY_NAME = /\.key$/i;
function readsAsMessage(s: string, at: number): boolean {
  // The line's first four words: the line cut at its end and split no further than four (was every line and word of 256 characters).
  const text = s.slice(at, at + 256);
  const end = text.search(/[\r\n]/);
  const words = (end < 0 ? text : text.slice(0, end)).trim().split(/[ \t]+/, 4);
  return words.length >= 3 && /^\p{Ll}+$/u.test(words[0]!) && words.some((w) => PROSE_WORDS.has(w.toLowerCase()));
}
/** A value that is a key or certificate file's name or path ("private.pem", "C:\\keys\\server.pfx"): where a secret is kept, not it. */
const KEY_FILE_VALUE = new RegExp(String.raw`^(?:[A-Za-z]:)?[^\s"'<>|*?]*[^\s"'<>|*?\\/.]\.(?:key|${KEY_FILE_EXTENSIONS})$`, 'i');
const PLAIN_FILE_STEM = /^\p{L}+(?:[-_.]\p{L}*[0-9]*)*$/u;
function isKeyFileValue(value: string): boolean {
  const v = bare(value).replace(/[.,;:)]+$/, '');
  if (!KEY_FILE_VALUE.test(v)) return false;
  // A name of a password's form before the extension ("Zq7x.pem", "QAA007.key") may be one: only a file name of words is
  // kept, digits only after a separator ("private.pem", "server_2024.key", "my-cert.pfx").
  const stem = v.slice(Math.max(v.lastIndexOf('\\'), v.lastIndexOf('/')) + 1).replace(/\.[^.]*$/, '');
  return PLAIN_FILE_STEM.test(stem);
}
/**
 * The reasons ingest writes after a file's name when it skips the file (src/ingest/index.ts, parsers/index.ts: "skipped
 * secret.key: broken symbolic link"), short or without a sentence's word in their first four: a '.key' name before one is the
 * message's subject, as readsAsMessage reads a longer one. Their own beginnings, not a word list: a setting's value
 * ("app.secret.key: broken") is no such reason. test/secrets-sec36 reads every reason src/ingest writes (a parser's skipReason,
 * a template's text after a manifest's name) and checks each is read here and stays whole after a '.key' name.
 */
export const INGEST_SKIP_REASON = /^[ \t]*(?:hidden file|empty file|binary file of no known export format|broken symbolic link|a symbolic link (?:that loops|to ")|subfolder \(one folder per device|a ZIP archive, which is not read|content matches no known export format|a name with a control character|not a regular file|"net accounts \/domain" output|[^\s:]{1,64} says this collection did not write it)/;
/** Whether a secret-named label before ":" at `start` is a file's name, the subject of a message (see FILE_NAME, KEY_NAME). */
const isFileSubject = (s: string, label: string, start: number): boolean =>
  FILE_NAME.test(label) || (KEY_NAME.test(label) && (INGEST_SKIP_REASON.test(s.slice(start, start + 128)) || readsAsMessage(s, start)));

/** Masks the values of secret name=value and name: value pairs (see `valueEnd` for how far a value goes). */
function redactPairs(s: string, found: Found): string {
  let out = '';
  let done = 0;
  const unclosed = new Map<string, number>();
  PAIR_HEAD.lastIndex = 0;
  for (let m = PAIR_HEAD.exec(s); m; m = PAIR_HEAD.exec(s)) {
    const [, name, sep, wideMark] = m as unknown as [string, string, string, string];
    // A full-width "：" or "＝" (a Japanese or Chinese label) is the mark it stands for.
    const mark = wideMark === '\uFF1A' ? ':' : wideMark === '\uFF1D' || wideMark === '=>' || wideMark === ':=' ? '=' : wideMark;
    const head = m.index;
    let start = head + name.length + sep.length;
    // "scheme://user:password@host" is the URL rule's; "C:\", "https:" are no pairs.
    if (mark === ':' && (s.startsWith('//', start - sep.length + 1) || s.slice(Math.max(0, head - 3), head).endsWith('//'))) continue;
    // A path's last segment before ":" names a place, not a label: "…\\Winlogon\\DefaultPassword: two files disagree",
    // "/access/ldap/bindPassword: must be text" (a message about the value, which quotes it masked if at all).
    // A switch ("/password:X", " /p:X") is no path: its "/" starts a word.
    // But a phrase written with a slash is a label's words, not a path's: "P/W: X" mid-line ('"P/W: X"', "Note = P/W: X").
    const slashed = mark === ':' && head > 1 && s[head - 1] === '/' ? slashPhraseHead(s, head, name) : -1;
    if (mark === ':' && head > 1 && slashed < 0 && (s[head - 1] === '\\' || (s[head - 1] === '/' && !/\s/.test(s[head - 2]!)))) continue;
    // A label quoted whole, prose after it ('"Configure TPM Startup PIN:" set to "Require …"', a STIG
    // fix text): the quote after ":" closes the quotation the label is in, and no value follows it.
    // Only a label of words ("… PIN:", not a JSON key '"Password":"x"', whose rule is JSON_PAIR's).
    const quotedLabel = mark === ':' && sep === ':' && (s[start] === '"' || s[start] === "'") && s[head - 1] === ' ' && /[\s,.;)]/.test(s[start + 1] ?? ' ') && quotesBefore(s, head, s[start]!) % 2 === 1;
    let secret: boolean;
    /** Where the label begins: its name, or the word before it that the label is judged with ("Bind Password:"). */
    let labelHead = head;
    // A phrase before "=" as before ":": "parola d'ordine = X", "mot de passe = X" (the name alone, "ordine", is "order").
    if (mark === '=') secret = isSecretName(name) || phraseBefore(s, head, name);
    else {
      // The label: the name and the word before it ("startup PIN:", "User may change password:").
      let p = head;
      // An elided word joined to the name by an apostrophe belongs to the label, and so does the word before
      // it: Italian's "parola d'ordine:" (the name alone, "ordine", is "order").
      let elided = '';
      if ((s[p - 1] === "'" || s[p - 1] === '\u2019') && p > 1 && /\p{L}/u.test(s[p - 2]!)) {
        let e = p - 1;
        while (e > 0 && /\p{L}/u.test(s[e - 1]!)) e--;
        elided = s.slice(e, p - 1);
        p = e;
      }
      while (p > 0 && (s[p - 1] === ' ' || s[p - 1] === '\t')) p--;
      let q = p;
      while (q > 0 && q < head && /[\p{L}\p{M}\p{N}_.-]/u.test(s[q - 1]!)) q--;
      // "pass" alone is a word of prose there ("a lapsed pass: …", "Pass: 5 of 5"); "DbPass:" stays a secret,
      // and so does a switch's "/pass:X", "-pass:X" (a "/" or "-" starting a word is no prose).
      const isSwitch = head > 0 && (s[head - 1] === '/' || s[head - 1] === '-') && (head === 1 || /[\s"'>]/.test(s[head - 2]!));
      const labelWords = [s.slice(q, p), elided, name];
      // ... but "pass word:", "pass phrase:", "pass code:" name one as a phrase.
      // After a user's name too ("user: admin pass: X"), as in prose (isLoginPass).
      const allWords = labelWords.flatMap(nameWords);
      const keepPass = hasPhrase(allWords, PASS_PHRASES) || (name.toLowerCase() === 'pass' && isLoginPass(s, head, name));
      // A part that is "pass" alone is dropped unless kept; with none, the words are all the label's (no second split).
      const dropped = keepPass ? -1 : labelWords.findIndex((w) => w.toLowerCase() === 'pass');
      secret = isSwitch ? isSecretName(name) : isSecretWordList(dropped < 0 ? allWords : labelWords.filter((w) => w.toLowerCase() !== 'pass').flatMap(nameWords));
      if (q < p) labelHead = q;
      if (slashed >= 0) {
        secret = true;
        labelHead = slashed;
      }
    }
    // A label of several words that is its line's whole text ("LDAP bind password:", "Service account
    // password for PACS:"), its value on the next line: judged as a label when it reads as one (see lineLabelHead).
    const wholeLine = (s[start] === '\n' || s[start] === '\r') && mark === ':' && (!secret || nextLineValue(s, start, labelHead) < 0) ? lineLabelHead(s, head + name.length) : -1;
    if (wholeLine >= 0) {
      secret = true;
      labelHead = wholeLine;
    }
    if (!secret) continue;
    // A file's name before ":" is the subject of a message about the file ("skipped password.txt: a symbolic link to …,
    // outside the folder", a warning), not a label: as after a quoted label, only a password-looking word is a value.
    const fileLabel = mark === ':' && isFileSubject(s, name, start);
    // A reason ingest gives for skipping the file is the message whole, its first word too ("collection.json says …").
    if (fileLabel && INGEST_SKIP_REASON.test(s.slice(start, start + 128))) continue;
    if (quotedLabel || fileLabel) {
      // Its value, if any, is the word after the quotation ('"TPM PIN:" 482913'), masked when it looks like one (as PROSE_BARE's).
      let k = quotedLabel ? start + 1 : start;
      while (s[k] === ' ' || s[k] === '\t') k++;
      const word = /^[^\s"'`,;()<>[\]{}]{1,64}/.exec(s.slice(k, k + 64))?.[0] ?? '';
      // After a file's name, a word alone on the rest of its line that is not letters alone is no message's reason: a
      // password of an identifier's form ("password.pem: QAA007", which secretLooking reads as a device's name).
      const alone = fileLabel && /^[ \t]*(?:\r?\n|$)/.test(s.slice(k + word.length, k + word.length + 3)) && /[^\p{L}]/u.test(word);
      if (!(secretLooking(word) || alone) || isSettingData(word) || word.startsWith(REDACTED)) continue;
      found?.(word);
      out += s.slice(done, k) + REDACTED;
      done = k + word.length;
      PAIR_HEAD.lastIndex = done;
      continue;
    }
    let valueHead = head;
    let labelAt: number | undefined;
    start = afterValueMarker(s, start, labelHead === 0 || s[labelHead - 1] === '\n' || s[labelHead - 1] === '\r');
    // A separator before the next pair ("Password:, User: bob") is no value, as judged below: told here from the text
    // after the mark, before the value's end is walked (valueEnd, quotes before), which a line of many such pairs paid for
    // each. Its text holds no quote or bracket, so no quotation's close could end the value inside it.
    if (isSeparatorBeforeItem(s.slice(start, start + 80))) continue;
    if (s[start] === '\n' || s[start] === '\r') {
      // A label alone on its line ("Password:" and the value on the next line, as a note or a
      // wrapped export has it): the value is the next line, unless that line is an item of its own.
      // A label of two words counts as first on its line too ("Bind Password:").
      const next = nextLineValue(s, start, labelHead);
      if (next < 0) continue;
      labelAt = labelHead;
      start = valueHead = next;
    }
    // A value in a code span of its own ("Password: `X`", "pwd = ``X`` here"): its backquotes are markup, kept as the code-span
    // pass keeps them around a span's text, and the span ends the value as a quote does (the words after it stay).
    const span = codeSpanValue(s, start);
    let end = span ? span.close : valueEnd(s, start, valueHead, mark, unclosed);
    if (span) start = span.from;
    // A pair quoted or bracketed whole ("got \"pwd=X\"", "A. Officer (pwd=X)"): the closer is the quotation's.
    // Its value ends at that closer wherever the line's punctuation puts it: a provenance location
    // '"Password=X", line 16' kept the closing quote inside the value and lost it to the mask.
    // A label of several words ("P/W", "pass word", "Bind Password") is quoted from its first word on.
    const opener = head > 0 && CLOSER[s[head - 1]!] !== undefined ? head : labelHead > 0 && CLOSER[s[labelHead - 1]!] !== undefined && s[start] !== s[labelHead - 1] ? labelHead : -1;
    if (span) {
      // Closed by its span, wherever a quotation around the pair closes.
    } else if (opener > 0) end = closerEnd(s, start, end, CLOSER[s[opener - 1]!]!, opener > 1 && s[opener - 2] === '\\');
    // A pair inside a quotation opened further back on its line ('"user: admin pass: X" x', 'connectionString="…;Password=X"/>'):
    // its unquoted value ends at the quotation's close, which stays outside the mask.
    else if (s[start] !== '"' && s[start] !== "'") {
      const quote = openQuoteBefore(s, labelHead);
      if (quote !== undefined) end = closerEnd(s, start, end, quote, false);
    }
    const value = s.slice(start, end);
    // Already masked (a redacted text redacts to itself), or a switch's state after "=" as after ":" (isSwitchAfterSecretWord),
    // and a label's count of what is set ("Password: not set").
    if (value.trim() === '' || isNoValue(value) || YAML_BLOCK_INDICATOR.test(value) || isSeparatorBeforeItem(value) || isKeyFileValue(value) || value.startsWith(REDACTED) || isUserOfMaskedHash(value) || isSwitchAfterSecretWord(name, value, s, start, labelAt) || (mark === ':' && isStatedSetting(value) && !userBeside(s, start, labelAt))) continue;
    // PowerShell's "$credential = Get-Credential" (or "(ConvertTo-SecureString …)"): a cmdlet's name, whose rule masks what it is given.
    if (mark === '=' && SECRET_LAST_WORDS.includes(nameWords(name).at(-1) ?? '') && /^\(?[A-Za-z]+-[A-Za-z]+$/.test(value)) continue;
    found?.(bare(value));
    out += s.slice(done, start) + REDACTED;
    done = end;
    PAIR_HEAD.lastIndex = end;
  }
  return done === 0 ? s : out + s.slice(done);
}

/**
 * A label first on its line (or after ";") that qualifies its secret, its value after it on the same line:
 * "Password (PACS): X", "Password [service]: X", "PW for AD bind: X" (the pair rule reads only the word before
 * ":", "(PACS)" or "bind"), and a label before a dash or an arrow, "PW for AD bind - X", "Password — X", "password -- X", "pwd -> X". Before "=" only with a qualifier
 * ("Password for PACS = X"): words alone before "=" are a test's prose ("logon password stored = false (…)"). The label is judged as
 * one alone on its line is (lineLabelHead: no sentence's words, the words before the qualifier name a secret).
 */
const LABEL_LINE = /(?:^|(?<=;))[ \t]*(\p{L}[^\r\n;:="'`{}<>\uFF1A\uFF1D]{0,255}?)(?:([ \t]*(?::=|[:\uFF1A\uFF1D]|=(?!>))[ \t]*)|[ \t]+(?:--|->|=>|[-\u2013\u2014\u2192])[ \t]+)(?=\S|\r?\n)/gmu;

/** An hour before a time's colon ("… 11/3/2026 9"), and the minutes after it ("00:00 AM", "14", "05:09.5"), ending there. */
const CLOCK_HOUR = /(?:^|[ \tT])[0-9]{1,2}$/;
const CLOCK_REST = /^[0-5][0-9](?::[0-5][0-9])?(?:[.,][0-9]{1,7})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?=$|[\s;,)])/;

/** Masks the values of LABEL_LINE's labels. */
function redactQualifiedLabels(s: string, found: Found): string {
  let out = '';
  let done = 0;
  const unclosed = new Map<string, number>();
  LABEL_LINE.lastIndex = 0;
  for (let m = LABEL_LINE.exec(s); m; m = LABEL_LINE.exec(s)) {
    const label = m[1]!;
    // A full-width "：" or "＝" is the mark it stands for; ":=" is an assignment's (PAIR_HEAD's), as "=".
    const colon = m[2]?.replace(':=', '=').replace('\uFF1A', ':').replace('\uFF1D', '=');
    const labelEnd = m.index + m[0].indexOf(label) + label.length;
    let start = m.index + m[0].length;
    // The colon of a time is no label's mark: `net user`'s "Password changeable   11/3/2026 9:00:00 AM" ends its
    // "label" at the hour, and masked the minutes, seconds and AM (the date stays evidence).
    if (m[2] === ':' && CLOCK_HOUR.test(label) && CLOCK_REST.test(s.slice(start, start + 32))) continue;
    if (colon?.trim() === '=' && !label.split(/\s+/).some((w) => LABEL_QUALIFIERS.has(w.toLowerCase()) || /^[([]/.test(w))) continue;
    // "skipped password.pem: content matches no known export format": a file's name ends the label, the message's subject;
    // the pair rule masks a password-looking word right after it, if any.
    if (colon?.trim() === ':' && isFileSubject(s, label.trim().split(/[ \t]+/).at(-1)!, start)) continue;
    const head = lineLabelHead(s, labelEnd, 1, true);
    if (head < 0) continue;
    let end: number;
    if (colon === undefined) {
      // A dash joins words too ("Password - see the vault"): its value is one word that looks like a password, or quoted.
      const span = codeSpanValue(s, start);
      if (span) {
        start = span.from;
        end = span.close;
      } else {
        const word = /^(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\s"'`,;()<>[\]{}]{1,64})/.exec(s.slice(start, start + 256))?.[0] ?? '';
        if (!(/^["']/.test(word) || secretLooking(word))) continue;
        end = start + word.length;
      }
    } else {
      // "Password (PACS):" alone on its line: its value is the next line's, unless that is an item of its own.
      let valueHead = head;
      if (s[start] === '\n' || s[start] === '\r') start = valueHead = nextLineValue(s, start, head);
      if (start < 0) continue;
      start = afterValueMarker(s, start, true);
      const span = codeSpanValue(s, start);
      end = span ? span.close : valueEnd(s, start, valueHead, colon.trim(), unclosed);
      if (span) start = span.from;
    }
    const value = s.slice(start, end);
    if (keepsLabelValue(s, label, value, start, head)) continue;
    found?.(bare(value));
    out += s.slice(done, start) + REDACTED;
    done = end;
    LABEL_LINE.lastIndex = end;
  }
  return done === 0 ? s : out + s.slice(done);
}

/**
 * Whether the value after a label judged as one first on its line (`head`: where the label begins; `start`: where the value
 * does) stays: none or a placeholder, already masked, a switch's state ("Password (PACS): Yes") unless a user's name stands
 * beside the label or the value (as the pair rule judges it: "User: svc\nPassword (PACS): 123" is a PIN), a time, or a
 * sentence ("Password for admins: must be …").
 */
function keepsLabelValue(s: string, label: string, value: string, start: number, head: number): boolean {
  const first = value.trim().split(/\s+/)[0]!.toLowerCase();
  return value.trim() === '' || isNoValue(value) || YAML_BLOCK_INDICATOR.test(value) || isSeparatorBeforeItem(value) || isKeyFileValue(value) || value.startsWith(REDACTED) || (isStatedSetting(value) && !userBeside(s, start, head)) || isTimeOfSecret(label, value) || isUserOfMaskedHash(value) || PROSE_WORDS.has(first);
}

/** The cells of a Markdown table's row from `b` to `end` (framing "|" first and last; "\\|" is a cell's own "|"), or undefined for no framed row. */
function tableRowCells(s: string, b: number, end: number): CsvCell[] | undefined {
  let o = b;
  while (s[o] === ' ' || s[o] === '\t') o++;
  let e = end;
  while (e > o && (s[e - 1] === ' ' || s[e - 1] === '\t')) e--;
  if (s[o] !== '|' || e - o < 2 || s[e - 1] !== '|' || s[e - 2] === '\\') return undefined;
  const cells: CsvCell[] = [];
  for (let i = o + 1, from = i; i < e; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] !== '|') continue;
    cells.push({ start: from, end: i, text: s.slice(from, i) });
    from = i + 1;
  }
  return cells;
}

/**
 * A Markdown table's row naming a secret in one cell and holding its value in the next ("| Password | X |", "| LDAP bind
 * password | `X` |", "|Password|X|"), as a runbook or a handover note lists settings: the value cell's text is masked, its
 * blanks, the pipes and a code span's backquotes kept. The name cell is judged as a label alone on its line (lineLabelHead:
 * "| Password length | 14 |" is a setting's), the value as a label's value (keepsLabelValue: "| Password | yes |", "| PIN |
 * - |", "| Password | <password> |" stay). Framed rows only ("|" first and last): a pipeline's continued line ("| grep -i
 * password | sort") is none. A header row (a rule "|---|" under it) names columns, not values, and is passed by: a column
 * named for a secret is redactCsvColumns's. A header with no rule under it is read as a row (a column's name after a secret's
 * column is masked: the trade-off, never the value kept).
 */
function redactTableRowLabels(s: string, found: Found): string {
  let out = '';
  let done = 0;
  for (let b = 0; b < s.length;) {
    const nl = s.indexOf('\n', b);
    const e = nl < 0 ? s.length : nl;
    const lineEnd = e > b && s[e - 1] === '\r' ? e - 1 : e;
    const next = e + 1;
    const cells = lineEnd - b <= CSV_MAX_HEADER && SECRETISH.test(s.slice(b, lineEnd)) ? tableRowCells(s, b, lineEnd) : undefined;
    if (cells !== undefined && cells.length >= 2 && !isTableHeader(s, next)) {
      for (let i = 0; i + 1 < cells.length; i++) {
        const label = cells[i]!.text.trim();
        if (label === '' || lineLabelHead(label, label.length, 1, true) < 0) continue;
        const cell = cells[i + 1]!;
        const t = cell.text.trim();
        const { at: inSpan, text: value } = unspanned(t);
        const start = cell.start + (cell.text.length - cell.text.trimStart().length) + inSpan;
        if (keepsLabelValue(s, label, value, start, cells[i]!.start)) continue;
        found?.(bare(value));
        out += s.slice(done, start) + REDACTED;
        done = start + value.length;
        i++;
      }
    }
    if (nl < 0) break;
    b = next;
  }
  return done === 0 ? s : out + s.slice(done);
}

/** Whether the line before the one at `b` is a Markdown table's row (its rule too): a row under it is the table's body, no header. */
function isTableRowAbove(s: string, b: number): boolean {
  const e = s[b - 2] === '\r' ? b - 2 : b - 1;
  return tableRowCells(s, s.lastIndexOf('\n', e - 1) + 1, e) !== undefined;
}

/** Whether the line at `b` is a Markdown table's rule ("|---|:---:|"): the line above it is the table's header. */
function isTableHeader(s: string, b: number): boolean {
  if (b >= s.length) return false;
  const nl = s.indexOf('\n', b);
  const e = nl < 0 ? s.length : nl;
  const cells = tableRowCells(s, b, e > b && s[e - 1] === '\r' ? e - 1 : e);
  return cells !== undefined && cells.length > 0 && cells.every((c) => TABLE_RULE.test(c.text));
}

/**
 * A label first on its line and its value in a column after a tab or several blanks, as a two-column
 * export or a pasted table has them ("Bind password<TAB>X", "Password        X"): judged as a label
 * before ":" is (lineLabelHead: no sentence's words, no setting's word: "Password length  14",
 * "Password never expires<TAB>No" stay). Bounded: the value is one word ending its line (`net user`'s
 * "Password changeable   11/3/2026 9:00:00 AM" is a date and time, and stays), not a switch's state, a
 * count, a date or a registry type. Words of the label are joined by one blank.
 */
const BLANK_LABEL = /^[ \t]*(\p{L}[^\s;:="'`{}<>\uFF1A\uFF1D]{0,64}(?: [^\s;:="'`{}<>\uFF1A\uFF1D]{1,64}){0,5})(?:\t[ \t]*| {2,}[ \t]*)([^\s]{1,256})[ \t]*$/gmu;
/** A date, or a `reg query` line's type with no data after it ("DefaultPassword    REG_SZ": none is set, evidence). */
const DATE_LIKE = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|REG_[A-Z0-9_]+)$/;

/** Masks the values of BLANK_LABEL's labels. */
function redactBlankLabels(s: string, found: Found): string {
  return s.replace(BLANK_LABEL, (whole, label: string, word: string, at: number) => {
    const labelEnd = at + whole.indexOf(label) + label.length;
    const { at: inSpan, text: value } = unspanned(word);
    if (value.startsWith(REDACTED) || isNoValue(value) || isKeyFileValue(value) || isStatedSetting(value) || DATE_LIKE.test(value) || lineLabelHead(s, labelEnd, 1, true) < 0) return whole;
    found?.(bare(value));
    const valueAt = whole.lastIndexOf(word) + inSpan;
    return whole.slice(0, valueAt) + REDACTED + whole.slice(valueAt + value.length);
  });
}

/**
 * An SNMP community quoted right after its word ("community \"Xyz\"", "community string 'Xyz'"): prose quotes
 * the community it names, whatever its form (`public` is as much the password), and a state is never quoted there.
 */
const QUOTED_COMMUNITY = /\b(community(?:[ \t]+(?:string|name))?[ \t]+(?:(?:is|was|of|=)[ \t]+)?)("[^"\r\n]{1,128}"|'[^'\r\n]{1,128}'|\u201C[^\u201D\r\n]{1,128}\u201D)/gi;

/** Masks QUOTED_COMMUNITY's communities. */
function redactQuotedCommunities(s: string, found: Found): string {
  return s.replace(QUOTED_COMMUNITY, (whole, head: string, quotedValue: string) => {
    const inner = quotedValue.slice(1, -1);
    if (inner.startsWith(REDACTED) || inner.trim() === '' || isNoValue(inner)) return whole;
    found?.(inner);
    return `${head}${quotedValue[0]}${REDACTED}${quotedValue.at(-1)}`;
  });
}

/**
 * "name": value in JSON text (a line of an export quoted in a message): the value is masked when the
 * name is a secret name. Names here and in JSON_CONTAINER, JSON_MEMBER and REG_FILE_PAIR are at most
 * 256 characters: unbounded, the search is retried from every escaped quote of a text to its end
 * (quadratic: a long cell of '"' quoted in a message took minutes). A bare value never starts with
 * "{" or "[": taken as one, an object's text up to its first comma was skipped whole, and the
 * pairs inside it with it (`{"nested": {"password": "x"}}` kept its password). Text right after a string's close
 * ('"Password": "abc"def': JSON broken by an unescaped quote, read as text) is the value's too, as endsAfterClose
 * decides for a pair's quoted value: JSON puts only a blank, ",", "}" or "]" there. Not from a backslash: that is an escape
 * of the text around (a source's '"…"\n', JSON inside a JSON string). A ":=" is no JSON's mark but an assignment's
 * ('"passwd" := "x"', redactQuotedPairs's): read as ":", its "=" was taken for the value and the secret after it kept.
 */
const JSON_PAIR = /("((?:[^"\\]|\\.){0,256})"\s*:(?!=)\s*)("(?:[^"\\]|\\.)*(?:"(?:(?!\\)(?:[^\s;,&"'`<>|)\]}{[.:!?]|[.:!?](?!\s|$))+"?)?|$)|[^,{}[\]\s][^,}\]\s]*)/g;
/**
 * A member (or XML attribute) that NAMES a setting in a list of name/value pairs: PowerShell's
 * ConvertTo-Json of a hashtable's entries or of registry values (`{"Name": "BindPassword", "Value": …}`),
 * a vendor's settings list, .NET's `<add key="Password" value="…"/>`, `<Setting Name="LdapPassword">…`.
 * When its text is a secret name, the sibling holding the value (PAIR_VALUE_KEYS) is the secret.
 */
export const PAIR_NAME_KEYS: ReadonlySet<string> = new Set(['name', 'key', 'valuename', 'setting', 'settingname', 'property', 'propertyname', 'parameter', 'parametername', 'field', 'attribute']);
/** The member (or attribute) holding the named setting's value. */
export const PAIR_VALUE_KEYS: ReadonlySet<string> = new Set(['value', 'data', 'valuedata', 'settingvalue', 'propertyvalue', 'text', 'content']);

/** A JSON string literal, or a bare scalar (number, true, false, null), in JSON text. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"?|[^\s,:{}[\]"]+/y;
/** "name": { or "name": [ in JSON text: a member whose value is an object or a list. */
const JSON_CONTAINER = /"((?:[^"\\]|\\.){0,256})"\s*:\s*([{[])/g;
/** An object of JSON text holding no other object: its members are read for a name/value pair. */
const JSON_FLAT_OBJECT = /\{[^{}]*\}/g;
/**
 * Text run on right after a quoted value's close, up to a blank or a list's or markup's punctuation ('"Zq7"Secret',
 * '"Zq31"a"' before the next '"x"=' written without its blank): the value's too, as JSON_PAIR's and XML_ATTRIBUTE_TAIL's.
 * A quote may end it; ":" and "=" never begin it (the next member's or pair's mark).
 */
const RUN_ON = String.raw`(?:(?:[^\s;,&"'\`<>|)\]}{[.:!?=\\]|[.:!?](?![\s"':=]|$))+["']?)?`;
const JSON_MEMBER = new RegExp(String.raw`("((?:[^"\\]|\\.){0,256})"\s*:\s*)("(?:[^"\\]|\\.)*"${RUN_ON}|[^\s,}\]]+)`, 'g');
const JSON_STRING_VALUE = /^"((?:[^"\\]|\\.)*)"$/;
/** JSON's unescaped text of a literal that parses, else the literal as written. */
const jsonText = (literal: string): string => {
  // Only a whole string literal parses to text: anything else (a string run on past its close, '"abc"def') was handed to
  // JSON.parse to throw, and building that error cost more than all the masking of a text of many of them.
  if (!JSON_STRING_VALUE.test(literal)) return literal;
  try {
    const v: unknown = JSON.parse(literal);
    return typeof v === 'string' ? v : literal;
  } catch {
    return literal;
  }
};
/** true, false, null and "" say nothing to hide (as in a snapshot). */
const SAYS_NOTHING = /^(?:true|false|null|"")$/;

/**
 * In JSON text (an export quoted in a field, a vendor's settings kept as text): every value inside
 * an object or list held by a secret-named member (`"secrets": {"ldap": …}`, `"password": […]`,
 * `"bindPassword": {"value": …}`) and the value of a name/value pair whose name is a secret name
 * (`{"Name": "BindPassword", "Value": …}`). Keys, true/false/null and "" stay. A container left open
 * (a text cut short) goes to the end of the text.
 */
function redactJsonStructures(s: string, found: Found): string {
  const spans: Array<readonly [number, number, string]> = [];
  JSON_CONTAINER.lastIndex = 0;
  let after = 0;
  for (let m = JSON_CONTAINER.exec(s); m; m = JSON_CONTAINER.exec(s)) {
    if (m.index < after || !isSecretName(jsonText(`"${m[1]!}"`))) continue;
    // The container's extent, its strings skipped: every token in it that is not a key is a value.
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (--depth === 0) break;
      } else if (c !== ',' && c !== ':' && !/\s/.test(c)) {
        JSON_TOKEN.lastIndex = i;
        const t = JSON_TOKEN.exec(s);
        if (!t) continue;
        const end = i + t[0].length;
        let k = end;
        while (/\s/.test(s[k] ?? '')) k++;
        if (s[k] !== ':' && !SAYS_NOTHING.test(t[0]) && !isNoValue(t[0]) && t[0] !== `"${REDACTED}"`) spans.push([i, end, t[0]]);
        i = end - 1;
      }
    }
    after = i;
  }
  JSON_FLAT_OBJECT.lastIndex = 0;
  for (let m = JSON_FLAT_OBJECT.exec(s); m; m = JSON_FLAT_OBJECT.exec(s)) {
    const members = [...m[0].matchAll(JSON_MEMBER)];
    const named = members.find((x) => PAIR_NAME_KEYS.has(jsonText(`"${x[2]!}"`).toLowerCase()) && JSON_STRING_VALUE.test(x[3]!));
    if (!named) continue;
    const name = jsonText(named[3]!);
    for (const x of members) {
      if (!PAIR_VALUE_KEYS.has(jsonText(`"${x[2]!}"`).toLowerCase()) || SAYS_NOTHING.test(x[3]!) || isNoValue(x[3]!) || x[3] === `"${REDACTED}"` || isUserOfMaskedHash(x[3]!)) continue;
      if (!isSecretValue(name, x[3]!.startsWith('"') ? jsonText(x[3]!) : Number(x[3]))) continue;
      const at = m.index + x.index! + x[1]!.length;
      if (isSwitchAfterSecretWord(name, jsonText(x[3]!), s, at)) continue;
      spans.push([at, at + x[3]!.length, x[3]!]);
    }
  }
  if (spans.length === 0) return s;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  for (const [start, end, literal] of spans) {
    if (start < done) continue;
    found?.(literal.startsWith('"') ? jsonText(literal) : literal);
    out += `${s.slice(done, start)}"${REDACTED}"`;
    done = end;
  }
  return out + s.slice(done);
}

/**
 * A dict written with single quotes (Python's repr of a dict, a log line): `{'password': 'x'}`.
 * Read only as a whole flat object of 'key': value members, so prose quoting a word
 * ("the 'password' field: 'required'") is not taken for one. Keys and values may be quoted with
 * ' or " (repr quotes with " a text holding '), values may be bare (a number, True, None).
 */
const QUOTED_KEY = String.raw`(?:'(?:[^'\\\r\n]|\\.){0,256}'|"(?:[^"\\\r\n]|\\.){0,256}")`;
const QUOTED_VALUE = String.raw`(?:'(?:[^'\\\r\n]|\\.)*'${RUN_ON}|"(?:[^"\\\r\n]|\\.)*"${RUN_ON}|[^\s,{}\[\]'"]+)`;
// A value run on straight into the next key ("'Zq31'a'x': '1'", no comma) gives that key its opening quote back:
// members are then separated by a comma or by nothing before a quote, and a member's value ends only where a comma,
// the dict's close or such a key follows (the lookahead makes the run-on drop its last quote there).
const DICT_MEMBER = new RegExp(String.raw`(${QUOTED_KEY}\s*:\s*)(${QUOTED_VALUE})(?=\s*[,}]|['"])`, 'g');
const QUOTED_DICT = new RegExp(String.raw`\{\s*${QUOTED_KEY}\s*:\s*${QUOTED_VALUE}(?:(?:\s*,\s*|(?=['"]))${QUOTED_KEY}\s*:\s*${QUOTED_VALUE})*\s*,?\s*\}`, 'g');
/**
 * A quoted 'name' (or "name", also an index's ['name'] / ["name"]) and its value standing without braces: a dict's line cut
 * out of its braces, a log's "'password': 'Zq7x'", code's "config['password'] = 'Zq7x'", PowerShell's "@{ 'Password' = 'Zq7x' }",
 * Perl's "'password' => 'Zq7x'", ":=". The value, quoted (its run-on text with it, as a dict's) or bare (to a blank, a list's
 * or a bracket's mark: "; other = 1", ", 'x' = '1'", " }" stay), is masked when the name is a secret name:
 * - after ":" only one word, quoted or bare, of a password's form (secretLooking) or holding a digit or a mark ("QAAA07",
 *   read elsewhere as a device's name): such a pair may be prose quoting a word ("She said 'password': 'reset it'",
 *   "'password': 'x'"), which stays;
 * - after "=", "=>" or ":=", an assignment, which prose does not write: a quoted value whole, as the unquoted name's
 *   rule masks it ("password = 'reset it'"); a bare one as after ":".
 * A name in a Markdown code span is quoted so too ("`password`=X", "``pw``: X"): without its backquotes it is such a pair.
 */
const QUOTED_PAIR_VALUE = String.raw`(?:'(?:[^'\\\r\n]|\\.)*'${RUN_ON}|"(?:[^"\\\r\n]|\\.)*"${RUN_ON}|[^\s,;{}\[\]'"]+)`;
const QUOTED_PAIR = new RegExp(String.raw`((['"]|\x60{1,2})((?:(?!\2)[^\\\r\n]|\\.){0,256})\2(?:[ \t]*\])?\s*(=>|:=|=|:)(?!=)\s*)(${QUOTED_PAIR_VALUE})(?=\s*[,;})\]]|['"]|\s|$)`, 'g');

/**
 * Whether a text may hold such a pair at all (a quote, then its mark): most texts are passed by without the walk. One
 * blank run before the mark, not two around an optional ']': two stars over the same blanks retried a long run from each
 * of its blanks (a quote then 100,000 blanks: 12 s).
 */
const QUOTED_NAME_MARK = /['"\x60][ \t]*(?:\][ \t]*)?[=:]/;
/** A .reg line's data after '"Name"=': a string, a dword or hex data (REG_FILE_PAIR's forms). */
const REG_DATA = /^(?:"|dword:|hex(?:\([0-9a-fA-F]+\))?:)/;

function redactQuotedPairs(s: string, found: Found): string {
  return s.replace(QUOTED_PAIR, (whole, head: string, q0: string, name: string, mark: string, value: string, at: number) => {
    // '"Name"="data"' and '"Name"=dword:…' are a .reg line's (REG_FILE_PAIR's), judged there by the key line above them:
    // a setting's data it kept there ('"OSPassphrase"=dword:00000001' under a Policies key) stays.
    if (q0 === '"' && mark === '=' && !head.includes(']') && REG_DATA.test(value)) return whole;
    const quotedValue = /^['"]/.test(value);
    const said = quotedValue ? value.slice(1, value.length > 1 && value.endsWith(value[0]!) ? -1 : undefined) : value;
    const assigned = mark !== ':' && quotedValue;
    if (value.includes(REDACTED) || DICT_SAYS_NOTHING.test(value) || isNoValue(value) || !isSecretValue(name, said)) return whole;
    // One word (no blank) quoted after ":", or bare after an assignment's mark, is the value a key holds ("'password':
    // 'Winterpass'", "'password' = Winterpass"), whatever its letters: only a state prose gives ('required', 'reset') or a
    // word of one or two letters stays. Bare after ":" it may be a sentence's next word: only a password's form is masked.
    if (!assigned && (/\s/.test(said) || !(secretLooking(said) || /[^\p{L}]/u.test(said) || (quotedValue || mark !== ':') && isOneWordValue(said)))) return whole;
    if (isSwitchAfterSecretWord(name, said, s, at + head.length)) return whole;
    found?.(said);
    const q = value[0] === '"' ? '"' : "'";
    return quotedValue ? `${head}${q}${REDACTED}${q}` : `${head}${REDACTED}`;
  });
}
/** A word of three letters or more that is no state prose gives ("required", "reset", "none"), nor a variable ("$pw"). */
function isOneWordValue(said: string): boolean {
  return /^[^\s$]{3,}$/.test(said) && !(AS_WRITTEN.test(said) && PROSE_STATES.has(said.toLowerCase())) && !isStatedSetting(said);
}

/** A literal as code writes it: a quoted text, or a bare word up to a blank, a list's mark, a bracket or a backquote (markdown's). */
const CODE_LITERAL = String.raw`(?:'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"|[^\s,;(){}\[\]'"\x60]+)`;
/** A quoted literal alone. */
const CODE_QUOTED = String.raw`(?:'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")`;
/** A comparison's operator between its sides: C's, PowerShell's ("-eq", "-ceq", "-like", "-match"), Perl's and shell's "eq". */
const COMPARE_OP = String.raw`(?:[ \t]*(?:===?|!==?|<>)[ \t]*|[ \t]+-[ci]?(?:eq|ne|like|notlike|match|notmatch)[ \t]+|[ \t]+(?:eq|ne)[ \t]+)`;
/**
 * A secret's name compared with a literal, or given one by R's "<-": "password == 'Zq7x'", "x['password'] != \"Zq7x\"",
 * PowerShell's "$pw -eq 'Zq7x'", Perl's and shell's "$password eq 'Zq7x'", '[ "$PASSWORD" == "Zq7x" ]', Java's and C#'s
 * 'password.equals("Zq7x")'. A comparison with a literal writes the secret as an assignment does. The name bare, a variable
 * ("$pw", "$env:PASSWORD"), quoted or an index's ("x['password']"), its last member ("cfg.password"); the literal after the
 * operator (group 5), or a quoted one before it with the name after ("'Zq7x' == password", group 6 then 7): that form is
 * tried first, or its literal would be read as a quoted name.
 */
const COMPARISON = new RegExp(
  String.raw`(${CODE_QUOTED})${COMPARE_OP}\$?([\p{L}_][\p{L}\p{N}_]{0,255})(?![\p{L}\p{N}_(])|` +
    String.raw`(?:(['"])\$?([\p{L}_][\p{L}\p{N}_.-]{0,255})\3[ \t]*\]?|(?<![\p{L}\p{N}_])\$?(?:env:)?([\p{L}_][\p{L}\p{N}_]{0,255}))` +
    String.raw`(${COMPARE_OP}|[ \t]*<-[ \t]*|\.(?:equals|Equals|equalsIgnoreCase)\([ \t]*)(${CODE_LITERAL})(?=[\s,;:)\]}&|]|$)`,
  'gu',
);
/** Whether a text may hold a comparison at all: most texts are passed by without the walk. */
const COMPARISON_HINT = /==|!=|<>|<-|\.[Ee]quals|[ \t]-?[ci]?(?:eq|ne|like|notlike|match|notmatch)[ \t]/;
/** What a comparison's bare side may be without being a literal: a language's word for none or a switch, or a variable. */
const NOT_A_LITERAL = /^(?:\$.*|null|nil|None|undefined|NULL|Nothing|true|false|True|False|TRUE|FALSE)$/;

/** Masks the literal a secret's name is compared with (COMPARISON). */
function redactComparisons(s: string, found: Found): string {
  return s.replace(COMPARISON, (whole, before: string | undefined, after: string | undefined, _q: string, quotedName: string | undefined, bareName: string | undefined, _op: string, value: string | undefined) => {
    const name = quotedName ?? bareName ?? after!;
    const literal = value ?? before!;
    const quoted = /^['"]/.test(literal);
    const said = quoted ? literal.slice(1, -1) : literal;
    if (said === '' || said.includes(REDACTED) || isNoValue(said) || !isSecretName(name.split('.').at(-1)!) || !isSecretValue(name.split('.').at(-1)!, said)) return whole;
    // Bare, a word may be a variable's name ("password == expected"): only a password's form is a literal.
    if (!quoted && (NOT_A_LITERAL.test(said) || !secretLooking(said))) return whole;
    found?.(said);
    const masked = quoted ? `${literal[0]}${REDACTED}${literal[0]}` : REDACTED;
    return value !== undefined ? whole.slice(0, whole.length - value.length) + masked : masked + whole.slice(literal.length);
  });
}

/**
 * SQL's password clause: "CREATE USER bob IDENTIFIED BY 'Zq7x'", Oracle's "ALTER USER bob IDENTIFIED BY Zq7x9", MySQL's
 * "GRANT … TO 'u'@'%' IDENTIFIED BY 'Zq7x'", "IDENTIFIED WITH mysql_native_password BY 'Zq7x'", "IDENTIFIED BY PASSWORD '*…'"
 * (a hash). Only after the user it is for ("USER x", "LOGIN x", "ROLE x", "TO x"): prose's "identified by" names no secret
 * ("the console identified by its serial"). A bare value only of a password's form, as in a comparison.
 */
const SQL_IDENTIFIED_BY = new RegExp(
  String.raw`(\b(?:USER|LOGIN|ROLE|TO)[ \t]+[^\s;]{1,256}[ \t]+IDENTIFIED[ \t]+(?:WITH[ \t]+[^\s;]{1,64}[ \t]+)?BY[ \t]+(?:PASSWORD[ \t]+|VALUES[ \t]+)?)(${CODE_LITERAL})`,
  'gi',
);

function redactSqlIdentifiedBy(s: string, found: Found): string {
  return s.replace(SQL_IDENTIFIED_BY, (whole, head: string, literal: string) => {
    const quoted = /^['"]/.test(literal);
    const said = quoted ? literal.slice(1, -1) : literal.replace(/;$/, '');
    if (said === '' || said.includes(REDACTED) || isNoValue(said) || (!quoted && (NOT_A_LITERAL.test(said) || !secretLooking(said)))) return whole;
    found?.(said);
    return quoted ? `${head}${literal[0]}${REDACTED}${literal[0]}` : `${head}${REDACTED}${literal.slice(said.length)}`;
  });
}

/**
 * SQL Server's procedures that take a password by position (run bare, after EXEC, or with brackets): "sp_password NULL,
 * 'Zq7x', 'sa'" (old, new, login), "sp_addlogin 'bob', 'Zq7x'", "sp_addlinkedsrvlogin 'srv', 'false', NULL, 'bob', 'Zq7x'",
 * "sp_setapprole 'role', 'Zq7x'"; or by a parameter's name, "@new = N'Zq7x'", "@rmtpassword = 'Zq7x'" (a secret name, or the
 * procedure's own: sp_password's @old and @new). The positions are each procedure's documented signature, as command-secrets.ts
 * knows each command's: the login or role beside the password stays.
 */
const SQL_PASSWORD_PROCEDURES: Readonly<Record<string, { readonly at: readonly number[]; readonly named: readonly string[] }>> = {
  sp_password: { at: [0, 1], named: ['@old', '@new'] },
  sp_addlogin: { at: [1], named: [] },
  sp_addlinkedsrvlogin: { at: [4], named: [] },
  sp_setapprole: { at: [1], named: [] },
  sp_addapprole: { at: [1], named: [] },
  sp_approlepassword: { at: [1], named: [] },
  sp_change_users_login: { at: [3], named: [] },
};
const SQL_PASSWORD_PROCEDURE = /(?<![\w@#.])(?:(?:\[?\w{1,64}\]?\.){0,2})?\[?(sp_password|sp_addlogin|sp_addlinkedsrvlogin|sp_setapprole|sp_addapprole|sp_approlepassword|sp_change_users_login)\]?(?:[ \t]+|[ \t]*\([ \t]*)/gi;
/** One argument of such a call: an optional "@name =", then a literal (N'…', '…', "…") or a bare word (NULL, a variable), then a comma. */
const SQL_ARGUMENT = /(?:(@\w{1,64})[ \t]*=[ \t]*)?(N?'(?:[^'\r\n]|''){0,1024}'|"[^"\r\n]{0,1024}"|[^\s,;()'"]{1,128})[ \t]*(,?)[ \t]*/y;

function redactSqlPasswordProcedures(s: string, found: Found): string {
  let out = '';
  let done = 0;
  SQL_PASSWORD_PROCEDURE.lastIndex = 0;
  for (let m = SQL_PASSWORD_PROCEDURE.exec(s); m; m = SQL_PASSWORD_PROCEDURE.exec(s)) {
    const proc = SQL_PASSWORD_PROCEDURES[m[1]!.toLowerCase()]!;
    let at = m.index + m[0].length;
    for (let n = 0; n < 16; n++) {
      SQL_ARGUMENT.lastIndex = at;
      const a = SQL_ARGUMENT.exec(s);
      if (!a) break;
      const [whole, param, literal, comma] = a as unknown as [string, string | undefined, string, string];
      const isPassword = param !== undefined ? isSecretName(param.slice(1)) || proc.named.includes(param.toLowerCase()) : proc.at.includes(n);
      const open = literal.startsWith('N') ? 2 : 1;
      const said = literal.slice(open, -1);
      if (isPassword && /^N?['"]/.test(literal) && said !== '' && !said.includes(REDACTED) && !isNoValue(said)) {
        const from = a.index + whole.indexOf(literal) + open;
        found?.(said.replace(/''/g, "'"));
        out += s.slice(done, from) + REDACTED;
        done = from + said.length;
      }
      at = a.index + whole.length;
      if (comma === '') break;
    }
    SQL_PASSWORD_PROCEDURE.lastIndex = Math.max(at, m.index + m[0].length);
  }
  return done === 0 ? s : out + s.slice(done);
}

/**
 * A secret's name given as an argument with its value as the next (".Add('Password', 'Zq7x')", "x('password','Zq7x')",
 * "SetEnvironmentVariable(\"PASSWORD\", \"Zq7x\")", "config.set(\"db\", \"password\", \"Zq7x\")", Python's "('password', 'Zq7x')"
 * tuple, a list's ["password", "Zq7x"]), or Erlang's {password, "Zq7x"} tuple. The value is read ahead, not taken: it may be
 * the next pair's name ('("user", "password", "Zq7x")'). The name quoted, first in its bracket or after a comma inside a
 * bracket opened on its line (argumentOf): a CSV line's cells ('"User","Password","Domain"', a header) have none. The
 * blanks after '{' are read back at most 256 (as a name's reach): unbounded, each blank of a long run read the run again.
 */
const NAMED_ARGUMENT = new RegExp(
  String.raw`(?:(['"])([\p{L}_][\p{L}\p{N}_.-]{0,255})\1|(?<=\{[ \t]{0,256})([\p{L}_][\p{L}\p{N}_]{0,255}))(?=([ \t]*,[ \t]*)(${CODE_QUOTED})[ \t]*(?:[,)\]}]|\r?\n|$))`,
  'gu',
);
/** How far back an argument's opening bracket is looked for (a line's arguments before it). */
const ARGUMENT_REACH = 512;

/**
 * Where text at `at` stands: an argument (first in a bracket, or after a comma with an unclosed "(" before it on its line),
 * a CSV line's cell (first on its line, or after a comma outside any bracket), or neither.
 */
function argumentOf(s: string, at: number): 'argument' | 'cell' | undefined {
  let i = at;
  while (i > 0 && (s[i - 1] === ' ' || s[i - 1] === '\t')) i--;
  const c = s[i - 1];
  if (c === '(' || c === '[' || c === '{') return 'argument';
  if (c === undefined || c === '\n' || c === '\r') return 'cell';
  if (c !== ',') return undefined;
  let depth = 0;
  for (let k = i - 2; k >= Math.max(0, i - ARGUMENT_REACH); k--) {
    const d = s[k];
    if (d === '\n' || d === '\r') return 'cell';
    if (d === ')') depth++;
    else if (d === '(' && depth-- === 0) return 'argument';
  }
  return i - 1 < ARGUMENT_REACH ? 'cell' : undefined;
}

/**
 * A call named for a secret given quoted literals: "setPassword(\"Zq7x\")", "set_password('admin', 'Zq7x')",
 * "obj.SetAdminPassword(\"Zq7x\")". Each quoted argument is masked (which one is the secret, the call's name does not say);
 * a variable's or a call's argument stays ("setPassword(pw)", "setPassword(getenv(\"X\"))").
 */
const SECRET_CALL = /(?<![\p{L}\p{N}_])([\p{L}_][\p{L}\p{N}_]{0,255})\(([^()\r\n]{0,512})\)/gu;
/** A call that looks a secret up by its key ("getPassword(\"ldap\")", "vault.read_secret('pacs')"): its argument names it, no secret. */
const LOOKUP_VERBS = new Set(['get', 'has', 'is', 'fetch', 'read', 'load', 'find', 'lookup', 'query', 'retrieve', 'resolve']);
// A literal's prefix stays with the gap before it: C's wide and UTF-8 literals (L"…", u8"…"), C#'s verbatim @"…", SQL's N'…'.
const CALL_ARGUMENT = new RegExp(String.raw`(^|,)([ \t]*(?:L|u8|u|U|@|N)?)(${CODE_QUOTED})(?=[ \t]*(?:,|$))`, 'g');
/**
 * A call that compares its arguments: C's "strcmp(pw, \"Zq7x\")" (strncmp, strcasecmp, _stricmp, wcscmp, lstrcmpi, memcmp),
 * and one named for equality: "String.Equals(password, \"Zq7x\")", "assertEquals(password, \"Zq7x\")", "Assert.AreEqual(…)",
 * "assert.strictEqual(…)", "isEqualTo(…)". Given a secret's name (a variable or a member named for it, comparedSecretName), its
 * quoted arguments are the literal it is compared with, as "password == 'Zq7x'" writes it (COMPARISON). A call comparing
 * other things ("strcmp(user, \"admin\")") stays.
 */
const COMPARING_CALL = /cmpi?$/i;
const COMPARING_WORDS: ReadonlySet<string> = new Set(['equal', 'equals', 'eq', 'same', 'compare']);
/** A variable, a pointer's or a member's name as code gives it ("pw", "*pw", "$password", "cfg.password", "cfg->password"). */
const CODE_REFERENCE = String.raw`[*&$]?(?:env:)?[\p{L}_][\p{L}\p{N}_]{0,63}(?:(?:\.|->)[\p{L}_][\p{L}\p{N}_]{0,63}){0,4}`;
const WHOLE_REFERENCE = new RegExp(String.raw`^[ \t]*(${CODE_REFERENCE})[ \t]*$`, 'u');
/** The name a reference ends in: its last member, without a pointer's or a variable's mark ("cfg->password", "$env:PW"). */
const referenceName = (ref: string): string => ref.split(/\.|->/).at(-1)!.replace(/^[*&$]|^env:/g, '');
/** The secret name among a call's arguments (its last member: "cfg.password"), or undefined when none is one. */
function comparedSecretName(args: string): string | undefined {
  for (const arg of args.split(',')) {
    const ref = WHOLE_REFERENCE.exec(arg)?.[1];
    if (ref !== undefined && isSecretName(referenceName(ref))) return referenceName(ref);
  }
  return undefined;
}

/**
 * A secret's name given to an assertion, then the literal it must equal: "expect(password).toBe(\"Zq7x\")", ".toEqual(",
 * ".toStrictEqual(", Chai's "expect(password).to.equal(…)" and "password.should.equal(…)", AssertJ's
 * "assertThat(password).isEqualTo(…)", RSpec's "expect(password).to eq(\"Zq7x\")" or "to eq \"Zq7x\"". The name in group 2
 * (or 3, Chai's should), the literal in group 5.
 */
const ASSERTED_EQUAL = new RegExp(
  String.raw`((?<![\p{L}\p{N}_$.])(?:expect|assertThat|assert|verify|check)\([ \t]*(${CODE_REFERENCE})[ \t]*\)|(?<![\p{L}\p{N}_$.])(${CODE_REFERENCE})(?=\.should\b))` +
    String.raw`((?:\.(?:to|be|is|should|that|and|deep|strict|not|itself)){0,4}(?:\.(?:toBe|toEqual|toStrictEqual|equal|equals|eql|eq|isEqualTo|isSameAs|sameAs)\([ \t]*|[ \t]+eq[ \t]*\(?[ \t]*))(${CODE_QUOTED})`,
  'gu',
);
/**
 * A secret's name tested against a list of literals: Python's "password in ('Zq7x', 'Other1')" (or "not in", a list or set),
 * SQL's "password IN ('Zq7x')", PowerShell's "$password -in @('Zq7x')": each literal of the list is one it may be. The list
 * of quoted literals alone, on one line (group 3).
 */
const IN_LIST = new RegExp(
  String.raw`((?<![\p{L}\p{N}_$.])(${CODE_REFERENCE})(?:[ \t]+(?:not[ \t]+)?in[ \t]*|[ \t]+-(?:not)?in[ \t]+@?)[(\[{][ \t]*)(${CODE_QUOTED}(?:[ \t]*,[ \t]*${CODE_QUOTED}){0,63})(?=[ \t]*,?[ \t]*[)\]}])`,
  'giu',
);
const LIST_LITERAL = new RegExp(CODE_QUOTED, 'g');

/** Masks the literals a secret's name is asserted equal to (ASSERTED_EQUAL) or tested against in a list (IN_LIST). */
function redactAssertedLiterals(s: string, found: Found): string {
  const maskLiteral = (name: string, literal: string): string => {
    const said = literal.slice(1, -1);
    if (said === '' || said.includes(REDACTED) || isNoValue(said) || !isSecretValue(name, said)) return literal;
    found?.(said);
    return `${literal[0]}${REDACTED}${literal[0]}`;
  };
  let out = s;
  if (/\.(?:to|should|is|eq)|[ \t]eq[ \t(]/.test(out)) {
    out = out.replace(ASSERTED_EQUAL, (whole, head: string, called: string | undefined, chai: string | undefined, chain: string, literal: string) => {
      const name = referenceName(called ?? chai!);
      if (!isSecretName(name)) return whole;
      return head + chain + maskLiteral(name, literal);
    });
  }
  if (/[ \t]-?(?:not)?in[ \t]/i.test(out)) {
    out = out.replace(IN_LIST, (whole, head: string, ref: string, list: string) => {
      const name = referenceName(ref);
      if (!isSecretName(name)) return whole;
      return head + list.replace(LIST_LITERAL, (literal) => maskLiteral(name, literal));
    });
  }
  return out;
}

function redactNamedArguments(s: string, found: Found): string {
  let out = '';
  let done = 0;
  NAMED_ARGUMENT.lastIndex = 0;
  for (let m = NAMED_ARGUMENT.exec(s); m; m = NAMED_ARGUMENT.exec(s)) {
    const [whole, , quotedName, bareName, comma, value] = m as unknown as [string, string, string | undefined, string | undefined, string, string];
    const name = quotedName ?? bareName!;
    const said = value.slice(1, -1);
    if (said === '' || said.includes(REDACTED) || isNoValue(said) || !isSecretName(name) || !isSecretValue(name, said)) continue;
    // A CSV line's cells: a header's next cell is a column's name ('"User","Password","Domain"'), a row's is the value a
    // registry or settings export gives ('"HKLM\\…\\Winlogon","DefaultPassword","Zq7x9"'): only one word of a password's form.
    const where = argumentOf(s, m.index);
    if (where === undefined || (where === 'cell' && (/\s/.test(said) || !secretLooking(said)))) continue;
    found?.(said);
    const at = m.index + whole.length + comma.length;
    out += s.slice(done, at) + `${value[0]}${REDACTED}${value[0]}`;
    done = at + value.length;
    NAMED_ARGUMENT.lastIndex = done;
  }
  const named = done === 0 ? s : out + s.slice(done);
  return named.replace(SECRET_CALL, (whole, name: string, args: string) => {
    if (!/['"]/.test(args)) return whole;
    // A comparing call given a secret's name: its literal arguments are what the secret is compared with (COMPARING_CALL).
    const compared = COMPARING_CALL.test(name) || nameWords(name).some((w) => COMPARING_WORDS.has(w)) ? comparedSecretName(args) : undefined;
    if (compared === undefined && (!isSecretName(name) || LOOKUP_VERBS.has(nameWords(name)[0]?.toLowerCase() ?? ''))) return whole;
    const masked = args.replace(CALL_ARGUMENT, (arg, comma: string, gap: string, value: string) => {
      const said = value.slice(1, -1);
      if (said === '' || said.includes(REDACTED) || isNoValue(said) || !isSecretValue(compared ?? name, said)) return arg;
      found?.(said);
      return `${comma}${gap}${value[0]}${REDACTED}${value[0]}`;
    });
    return masked === args ? whole : `${name}(${masked})`;
  });
}

/**
 * Lisp's pairs: an alist's "(password . \"Zq7x\")" (or a bare value), a plist's or Clojure's keyword ":password \"Zq7x\"",
 * and a binding "(setq password \"Zq7x\")", "(define password \"Zq7x\")", let's "((password \"Zq7x\"))". The keyword's value
 * quoted only: a bare word after ":name" may be prose's.
 */
const LISP_PAIR = new RegExp(
  String.raw`(\([ \t]*)([\p{L}_][\p{L}\p{N}_-]{0,255})([ \t]+\.[ \t]+)(${CODE_LITERAL})(?=[ \t]*\))` +
    String.raw`|((?:^|[\s({\[])):([\p{L}_][\p{L}\p{N}_-]{0,255})([ \t]+)(${CODE_QUOTED})` +
    String.raw`|(\((?:setq|setf|setq-default|define|def|defvar|defparameter|defconst|defconstant|set!|\()[ \t]+|\(\()([\p{L}_][\p{L}\p{N}_-]{0,255})([ \t]+)(${CODE_QUOTED})`,
  'gu',
);

function redactLispPairs(s: string, found: Found): string {
  return s.replace(LISP_PAIR, (whole, ...g: Array<string | undefined>) => {
    const [name, value] = g[1] !== undefined ? [g[1], g[3]!] : g[5] !== undefined ? [g[5], g[7]!] : [g[9]!, g[11]!];
    const quoted = /^['"]/.test(value);
    const said = quoted ? value.slice(1, -1) : value;
    if (said === '' || said.includes(REDACTED) || isNoValue(said) || DICT_SAYS_NOTHING.test(said) || !isSecretName(name) || !isSecretValue(name, said)) return whole;
    if (!quoted && (NOT_A_LITERAL.test(said) || !(secretLooking(said) || isOneWordValue(said)))) return whole;
    found?.(said);
    return whole.slice(0, whole.length - value.length) + (quoted ? `${value[0]}${REDACTED}${value[0]}` : REDACTED);
  });
}

/** Python's and JSON's words, and empty texts, that say nothing to hide. */
const DICT_SAYS_NOTHING = /^(?:True|False|None|true|false|null|''|"")$/;

function redactQuotedDicts(s: string, found: Found): string {
  // Innermost dicts first; each read is blanked in `work` (same length) so that the dict holding
  // it reads as flat in turn and its members after a nested dict are reached too.
  const spans: Array<readonly [number, number, string]> = [];
  let work = s;
  for (let round = 0; round < 32; round++) {
    let matched = false;
    work = work.replace(QUOTED_DICT, (dict, at: number) => {
      matched = true;
      for (const m of dict.matchAll(DICT_MEMBER)) {
        const [, head, value] = m as unknown as [string, string, string];
        const v = at + m.index! + head.length;
        // A nested dict (blanked here) keeps its own members' verdicts.
        if (s[v] === '{' || DICT_SAYS_NOTHING.test(value) || isNoValue(value) || value.slice(1, -1) === REDACTED || value === REDACTED || isSwitchAfterSecretWord(head.replace(/\s*:\s*$/, '').slice(1, -1), value, s, v)) continue;
        if (!isSecretName(head.replace(/\s*:\s*$/, '').slice(1, -1))) continue;
        spans.push([v, v + value.length, value]);
      }
      return 'x'.repeat(dict.length);
    });
    if (!matched) break;
  }
  if (spans.length === 0) return s;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  for (const [from, to, value] of spans) {
    const q = value[0] === '"' ? '"' : "'";
    // A value run on past its close ("'Zq7'Secret") ends without its quote: only a closing quote is dropped.
    found?.(/^['"]/.test(value) ? value.slice(1, value.length > 1 && value.endsWith(value[0]!) ? -1 : undefined) : value);
    out += `${s.slice(done, from)}${q}${REDACTED}${q}`;
    done = to;
  }
  return out + s.slice(done);
}

/**
 * A start tag with attributes in XML text. An attribute's value runs on past a quote inside it written unescaped
 * (`value="Zq7"Secret"`): well-formed XML puts only a blank, "/>" or ">" after its close, so text there is the value's,
 * up to the next blank, "=", "<", ">" or "/>" (XML_ATTRIBUTE_TAIL).
 */
// A tail is whole up to a blank, "<", ">" or "/>", and is no attribute's name: text right after the close that "="
// follows begins the next attribute, written without its blank (`key="Password"value="abc"`, a hand-edited .config).
// A tail that holds a quote of its own may end at it, right before the next attribute's name="…" (`value="Zq31"a"x="1"`):
// the value ran on to that quote, and the attribute after it is written without its blank.
const XML_ATTRIBUTE_TAIL = String.raw`(?:(?:[^\s<>/=]|/(?!>))+(?:(?=[\s<>]|/>|$)(?!\s*=)|(?<=["'])(?=[A-Za-z_][\w.:-]*\s*=\s*["'])))?`;
/** Before an attribute: a blank, or nothing right after the quote closing the one before it. */
const XML_ATTRIBUTE_GAP = String.raw`(?:\s+|(?<=["']))`;
const XML_START_TAG = new RegExp(String.raw`<([A-Za-z_][\w.:-]*)((?:${XML_ATTRIBUTE_GAP}[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"${XML_ATTRIBUTE_TAIL}|'[^'<]*'${XML_ATTRIBUTE_TAIL}))+)\s*(\/?)>`, 'g');
/** A child element holding a named pair's value alone (PAIR_VALUE_KEYS's names), right after the pair's start tag. */
const XML_VALUE_CHILD = /^(\s*<(?:value|data|settingvalue|propertyvalue)>)([^<]{1,1024})<\/(?:value|data|settingvalue|propertyvalue)>/i;
const XML_ATTRIBUTE = new RegExp(String.raw`(${XML_ATTRIBUTE_GAP}([A-Za-z_][\w.:-]*)\s*=\s*)("[^"<]*"${XML_ATTRIBUTE_TAIL}|'[^'<]*'${XML_ATTRIBUTE_TAIL})`, 'g');
/** An attribute's value (XML_ATTRIBUTE's third group): between its opening quote and the last quote of its run, or the run's end. */
const attributeValue = (quoted: string): string => quoted.slice(1, quoted.length > 1 && quoted.endsWith(quoted[0]!) ? -1 : undefined);

/**
 * In XML text: the value of a name/value pair whose name is a secret name, as an attribute
 * (`<add key="Password" value="…"/>`, `<Property Name="Password" Value="…"/>`) or as the element's
 * text (`<Setting Name="LdapPassword">…</Setting>`; PowerShell's CLIXML, Export-Clixml's, names a property by
 * its `N` attribute: `<S N="Password">…</S>`).
 */
function redactXmlPairs(s: string, found: Found): string {
  let out = '';
  let done = 0;
  XML_START_TAG.lastIndex = 0;
  for (let m = XML_START_TAG.exec(s); m; m = XML_START_TAG.exec(s)) {
    const [whole, tag, attrs, selfClosing] = m as unknown as [string, string, string, string];
    const list = [...attrs.matchAll(XML_ATTRIBUTE)];
    const named = list.find((a) => (PAIR_NAME_KEYS.has(a[2]!.toLowerCase()) || a[2] === 'N') && isSecretName(attributeValue(a[3]!)));
    // An element named as the secret, its value an attribute: `<password value="…"/>`, `<SmtpPassword Value="…">`.
    const tagName = tag.slice(tag.lastIndexOf(':') + 1);
    if (!named && !isSecretName(tagName)) continue;
    const name = named ? attributeValue(named[3]!) : tagName;
    const attrsAt = m.index + 1 + tag.length;
    for (const a of list) {
      const value = attributeValue(a[3]!);
      const start = attrsAt + a.index! + a[1]!.length + 1;
      // A switch's data (value="true", "1") stays whether the element or a name attribute names the secret: one rule for both.
      if (!PAIR_VALUE_KEYS.has(a[2]!.toLowerCase()) || isNoValue(value) || value === REDACTED || isUserOfMaskedHash(value) || !isSecretValue(name, value) || isSwitchAfterSecretWord(name, value, s, start)) continue;
      found?.(value);
      out += s.slice(done, start) + REDACTED;
      done = start + value.length;
    }
    if (selfClosing || !named) continue;
    // The element's own text, when nothing but its end tag follows it.
    const from = m.index + whole.length;
    // Or a child holding it alone (.NET's `<setting name="Password" serializeAs="String"><value>…</value></setting>`).
    const child = XML_VALUE_CHILD.exec(s.slice(from, from + 1100));
    if (child && !isNoValue(child[2]!) && child[2] !== REDACTED && isSecretValue(name, child[2]!.trim()) && !isSwitchAfterSecretWord(name, child[2]!, s, from + child[1]!.length)) {
      const at = from + child[1]!.length;
      found?.(child[2]!.trim());
      out += s.slice(done, at) + REDACTED;
      done = at + child[2]!.length;
      XML_START_TAG.lastIndex = done;
      continue;
    }
    const end = s.indexOf('<', from);
    const text = s.slice(from, end < 0 ? s.length : end);
    if (end < 0 || !s.startsWith(`</${tag}`, end) || isNoValue(text) || text === REDACTED || isUserOfMaskedHash(text) || !isSecretValue(name, text.trim()) || isSwitchAfterSecretWord(name, text, s, from)) continue;
    found?.(text.trim());
    out += s.slice(done, from) + REDACTED;
    done = end;
    XML_START_TAG.lastIndex = end;
  }
  return done === 0 ? s : out + s.slice(done);
}

/**
 * A start tag too malformed for XML_START_TAG, its value run on into what follows it ('value="Zq31"a"x=1/>',
 * 'value="Zq31" a"x="1"/>', 'value="Zq31"a"/x="1"/>'): when an attribute names a secret (as redactXmlPairs reads it) or the
 * tag does, each value attribute's text runs from its opening quote to the quote before the next attribute's name= (after
 * a quote or a blank) or to the tag's end (unquoted, 'value=Zq31/>', likewise), and is masked, a switch's data or a value
 * already masked aside.
 */
const LOOSE_TAG = /<([A-Za-z_][\w.:-]*)(\s[^<>]{0,4096}?|(?=["']))(\/?>)/g;
const LOOSE_NAME_ATTRIBUTE = /(?:^|[\s"'/])([A-Za-z_][\w.:-]*)\s*=\s*(["'])([^"'<>\r\n]{1,256})\2/g;
const LOOSE_VALUE_ATTRIBUTE = /(?:^|[\s"'/])([A-Za-z_][\w.:-]*)\s*=\s*(["']?)/g;
const LOOSE_NEXT_ATTRIBUTE = /(?<=[\s"'])[A-Za-z_][\w.:-]*\s*=/g;

function redactLooseXmlValues(s: string, found: Found): string {
  let out = '';
  let done = 0;
  LOOSE_TAG.lastIndex = 0;
  for (let m = LOOSE_TAG.exec(s); m; m = LOOSE_TAG.exec(s)) {
    const [, tag, attrs] = m as unknown as [string, string, string];
    const named = [...attrs.matchAll(LOOSE_NAME_ATTRIBUTE)].find((a) => (PAIR_NAME_KEYS.has(a[1]!.toLowerCase()) || a[1] === 'N') && isSecretName(a[3]!));
    const tagName = tag.slice(tag.lastIndexOf(':') + 1);
    if (!named && !isSecretName(tagName)) continue;
    const name = named ? named[3]! : tagName;
    const attrsAt = m.index + 1 + tag.length;
    for (const a of attrs.matchAll(LOOSE_VALUE_ATTRIBUTE)) {
      if (!PAIR_VALUE_KEYS.has(a[1]!.toLowerCase())) continue;
      const from = a.index! + a[0].length;
      LOOSE_NEXT_ATTRIBUTE.lastIndex = from;
      const next = LOOSE_NEXT_ATTRIBUTE.exec(attrs);
      let to = next ? next.index : attrs.length;
      // The quote closing the value stays, and the blanks before the next attribute.
      while (to > from && /\s/.test(attrs[to - 1]!)) to--;
      if (a[2] !== '' && to > from && attrs[to - 1] === a[2]) to--;
      const value = attrs.slice(from, to);
      const start = attrsAt + from;
      if (start < done || isNoValue(value) || value.startsWith(REDACTED) || isUserOfMaskedHash(value) || !isSecretValue(name, value) || isSwitchAfterSecretWord(name, value, s, start)) continue;
      found?.(value);
      out += s.slice(done, start) + REDACTED;
      done = start + value.length;
    }
  }
  return done === 0 ? s : out + s.slice(done);
}

/**
 * "Name"="value" in a .reg file's text (a line of an export quoted in a message, a vendor's notes):
 * a quoted string, a dword, or hex data with its continuation lines, the forms a .reg file has (a
 * dword or hex data runs to the next blank: what follows a malformed one is part of it). The name
 * is at most 256 characters: unbounded, a text of many escaped quotes ('"=\"=\"…', a long CSV
 * cell quoted in a message) is retried from every quote to its end, and never ends.
 */
const REG_FILE_PAIR = new RegExp(String.raw`("((?:[^"\\\r\n]|\\.){0,256})"[ \t]*=[ \t]*)("(?:[^"\\\r\n]|\\.)*(?:"${RUN_ON})?|dword:[^\s"]*|hex(?:\([0-9a-fA-F]+\))?:(?:[0-9a-fA-F,]|\\\r?\n[ \t]*)*[^\s"]*)`, 'g');
/** <Name>value</Name> in XML text (a vendor's configuration file): the value is masked when the element's name is a secret name. */
const XML_ELEMENT = /<([A-Za-z_][\w.-]*)(\s[^<>]*)?>([^<]+)<\/\1\s*>/g;
/**
 * A password in a URL: scheme://user:password@host. A password pasted unencoded may hold "/" or "@"
 * ("ldaps://svc:ab/c@d@dc01"): it runs to the last "@" before a blank, "?" or "#" (a query may hold
 * an "@" of its own), and that "@" must be followed by a host; at most 256 characters (linear on any text).
 */
const URL_PASSWORD = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@]*):([^\s?#]{1,256}?)@(?=[^\s@/?#]*(?:[\s/?#]|$))/g;

/**
 * Registry keys under which a NAME is the secret, not the data: Windows' SNMP service keeps each
 * community as the name of a value under "…\\SNMP\\Parameters\\ValidCommunities" (its data is the
 * community's rights, 4 = read-only) and as the name of a subkey of "…\\TrapConfiguration" (its
 * values are the trap destinations, which stay). A name of digits alone is an index (Group Policy's
 * "…\\Policies\\SNMP\\Parameters\\ValidCommunities\\1" = the community, whose data is masked) and stays.
 */
const NAME_SECRET_KEY = /^(?:[A-Za-z]*communities|trapconfiguration)$/i;
/** Such a key in a path, as text has it ("…\\ValidCommunities\\<name>", JSON's doubled "\\\\"), and the name after it. */
const NAME_UNDER_SECRET_KEY = /(\\{1,2}(?:[A-Za-z]*communities|trapconfiguration)\\{1,2})([^\\"'\]\s]+)/gi;
/** The same as a provenance location or a .reg key line writes it: "[…\\ValidCommunities] \"<name>\"". */
const NAME_AFTER_SECRET_KEY = /(\\(?:[A-Za-z]*communities|trapconfiguration)\][ \t]*")([^"\r\n]+)(?=")/gi;
const NAME_SECRET_HINT = /communities|trapconfiguration/i;

/** True if the value or subkey `name` of the registry key `key` is itself a secret (NAME_SECRET_KEY). */
export function isSecretNameUnder(key: string, name: string): boolean {
  const last = key.slice(key.lastIndexOf('\\') + 1);
  return NAME_SECRET_KEY.test(last) && !/^[0-9]+$/.test(name) && name !== '' && !name.startsWith(REDACTED);
}

/** A text with every name under such a key masked, in a path or a location ("…\\ValidCommunities\\[REDACTED]"). */
function redactNamesUnderSecretKeys(s: string, found: Found): string {
  if (!NAME_SECRET_HINT.test(s)) return s;
  const mask = (whole: string, head: string, name: string): string => {
    // Punctuation after a path in prose ("…\\<community>: two files disagree") is the sentence's.
    const tail = /[:,;.)]+$/.exec(name)?.[0] ?? '';
    const secret = name.slice(0, name.length - tail.length);
    if (secret === '' || /^[0-9]+$/.test(secret) || secret.startsWith('[REDACTED')) return whole;
    found?.(secret);
    return head + REDACTED + tail;
  };
  return s.replace(NAME_UNDER_SECRET_KEY, mask).replace(NAME_AFTER_SECRET_KEY, mask);
}

/**
 * A key line of a .reg file's text ("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\…]") or of `reg query`
 * output ("HKEY_LOCAL_MACHINE\\SOFTWARE\\…"): the values after it are under that key.
 */
const REG_KEY = /^(?:HKEY_[A-Za-z_]+|HK(?:LM|CU|CR|U|CC))(?:\\[^\]]*)?$/;

/** The key lines of a text, in order: where each begins and the key it names. Line by line: linear. */
function regKeyLines(s: string): { at: number; key: string }[] {
  const keys: { at: number; key: string }[] = [];
  if (!s.includes('HK')) return keys;
  let at = 0;
  for (const line of s.split('\n')) {
    const t = line.trim();
    if (t.startsWith('HK') || t.startsWith('[')) {
      const key = t.replace(/^\[-?/, '').replace(/\]$/, '');
      if (REG_KEY.test(key)) keys.push({ at, key: trimBackslashes(key) }); // starts with HK: only its end is trimmed
    }
    at += line.length + 1;
  }
  return keys;
}

/**
 * Whether a registry value named in text holds a secret, as the snapshot judges one: by the path of
 * the last key line before it when the text has one (under a Policies key a setting's data stays),
 * by its name alone when not (then any data of a secret name is masked: the text does not say that
 * the value sits under a Policies key).
 */
function isSecretRegistryText(keys: { at: number; key: string }[], at: number, name: string, data: unknown): boolean {
  const key = keyLineAt(keys, at);
  return isSecretValue(key === undefined ? name : `${key}\\${name}`, data);
}

/** The key of the last key line at or before `at` (binary search: a long export has many). */
function keyLineAt(keys: { at: number; key: string }[], at: number): string | undefined {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? keys[lo - 1]!.key : undefined;
}

/**
 * Lines of `reg query` output: the value's name, its type and its data, set apart by runs of
 * blanks ("    DefaultPassword    REG_SZ    S3cret"); not `reg add … /t REG_SZ /d …` (one blank).
 * The data of a secret-named value is masked (`isSecretRegistryText`; a REG_DWORD's or REG_QWORD's
 * data judged as the number it is). Split, not one regular expression: a long line of blanks stays linear.
 */
function redactRegQuery(s: string, found: Found): string {
  const lines = s.split(/(\r\n|\r|\n)/);
  const keys = regKeyLines(s);
  let changed = false;
  let at = 0;
  for (let i = 0; i < lines.length; at += lines[i]!.length + (lines[i + 1]?.length ?? 0), i += 2) {
    const line = lines[i]!;
    if (!line.includes('REG_')) continue;
    const parts = line.split(/( {2,}|\t[ \t]*)/);
    // parts: text, separator, text, separator, …; the type is a text part after the name.
    const t = parts.findIndex((p, j) => j >= 2 && j % 2 === 0 && /^REG_[A-Z_]+$/.test(p));
    if (t < 0) continue;
    const head = parts.slice(0, t - 1).join('');
    let name = head.trim();
    let data = parts.slice(t + 2).join('');
    // A line quoted in a Markdown code span ("(`    DefaultPassword    REG_SZ    X`) and …", a note or a manual): its data
    // ends at the span's close, which and the text after it stay (a run of backquotes left open before the name).
    let after = '';
    const runs = head.match(/`+/g);
    if (runs !== null && runs.length % 2 === 1) {
      const close = data.indexOf(runs.at(-1)!);
      if (close >= 0) {
        after = data.slice(close);
        data = data.slice(0, close);
      }
    }
    const key = keyLineAt(keys, at);
    if (key !== undefined && isSecretNameUnder(key, name)) {
      // The name is the secret (an SNMP community): masked, and the data judged under the key.
      found?.(name);
      lines[i] = line.replace(name, REDACTED);
      name = REDACTED;
      changed = true;
    }
    // Already masked (a message quoting a masked line: '[REDACTED]"').
    if (name === '' || data.trim() === '' || data.startsWith(REDACTED) || isNoValue(data)) continue;
    const number = /^REG_(?:DWORD|QWORD)/.test(parts[t]!) && /^\s*(?:0x[0-9a-fA-F]+|[0-9]+)\s*$/.test(data) ? Number(data.trim()) : data.trim();
    if (!isSecretRegistryText(keys, at, name, number)) continue;
    found?.(data.trim());
    lines[i] = lines[i]!.slice(0, lines[i]!.length - data.length - after.length) + REDACTED + after;
    changed = true;
  }
  return changed ? lines.join('') : s;
}

/**
 * "password is X", "temp pw was X", "PIN set to X" in prose (an account's description): the word after the verb.
 * Whom the secret is for may stand between, in one or two words ("the pwd for admin is X", "the PIN of the
 * service account was X") or in parentheses ("password (admin) is X"): the verb's value is then the same secret's.
 */
const PROSE_SECRET = /\b([A-Za-z_][A-Za-z0-9_-]*)((?:[ \t]*\([^()\r\n]{1,40}\)|[ \t]+(?:for|of|on)[ \t]+(?:the[ \t]+)?(?!(?:each|every|all|any|both|most|some)\b)[A-Za-z0-9_.\\@$-]+(?:[ \t]+(?!(?:is|was|has|set|changed)\b)[A-Za-z0-9_.\\@$-]+)?)?[ \t]+(?:(?:(?:is|was|has been)[ \t]+)?(?:re)?set[ \t]+to|(?:(?:is|was|has been)[ \t]+)?changed[ \t]+to|is|was)[ \t]+)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"',;]+)/gi;
const PROSE_VERB = /\b(?:is|was|to)[ \t]/i;
/** A quoted value after a secret's name that is a switch's data, not a secret: up to three digits, true, false. */
const QUOTED_SETTING = /^(?:[0-9]{1,3}|true|false)$/i;
/** Words that follow "the password is" in prose and say something about it, not what it is. */
const PROSE_STATES = new Set([
  'a', 'an', 'the', 'not', 'never', 'always', 'also', 'still', 'now', 'only', 'too', 'being', 'in', 'on', 'off', 'at', 'of', 'by', 'to', 'from',
  'per', 'within', 'set', 'unset', 'required', 'expired', 'enabled', 'disabled', 'changed', 'rotated', 'stored', 'managed', 'kept', 'held',
  'known', 'unknown', 'shared', 'same', 'different', 'valid', 'invalid', 'blank', 'empty', 'none', 'used', 'locked', 'given', 'sent', 'reset',
  'configured', 'enforced', 'complex', 'strong', 'weak', 'long', 'short', 'missing', 'present', 'correct', 'wrong', 'handled',
  'currently', 'temporarily',
]);

/** Past participles that end neither in -ed nor -en ("the old DefaultPassword was left behind"). */
const IRREGULAR_PARTICIPLES = new Set(['left', 'lost', 'kept', 'held', 'sent', 'set', 'built', 'made', 'done', 'found', 'told', 'put', 'read', 'met', 'meant', 'bought', 'brought', 'caught', 'taught', 'sought', 'won', 'shut', 'spent']);

/**
 * Participles in -en and adverbs in -ly, by name: the endings alone also end words people choose
 * as passwords ("butterfly", "family", "chicken", "golden", "kitten"), which must stay masked.
 */
const EN_PARTICIPLES = new Set([
  'been', 'seen', 'taken', 'given', 'written', 'overwritten', 'rewritten', 'forgotten', 'gotten', 'hidden', 'broken', 'chosen', 'stolen',
  'frozen', 'spoken', 'driven', 'proven', 'known', 'shown', 'grown', 'thrown', 'drawn', 'withdrawn', 'blown', 'flown', 'sworn', 'torn', 'worn',
  'eaten', 'fallen', 'beaten', 'bitten', 'ridden', 'overridden', 'risen', 'shaken', 'woken', 'forbidden', 'mistaken', 'undertaken', 'sewn', 'sown',
]);
/**
 * Participles in -ed, by name too: the ending alone also ends words people choose as passwords
 * ("wicked", "sacred", "speed", "seed"). Those of NIST's catalog prose and of the bundled texts
 * (test/secrets-prose.test.ts reads them all), and the verbs of security prose about a secret.
 */
const ED_PARTICIPLES = new Set([
  'accepted', 'accessed', 'accomplished', 'achieved', 'acquired', 'activated', 'added', 'addressed',
  'adjusted', 'affected', 'aligned', 'allocated', 'allowed', 'analyzed', 'anticipated', 'applied', 'approved',
  'archived', 'asked', 'assessed', 'assigned', 'associated', 'assumed', 'attached', 'attacked', 'attempted',
  'attested', 'audited', 'authenticated', 'authorized', 'balanced', 'based', 'blocked', 'cached',
  'calibrated', 'carried', 'categorized', 'changed', 'checked', 'cherrypicked', 'claimed', 'cleaned',
  'cleared', 'closed', 'codified', 'collected', 'commented', 'communicated', 'compared', 'completed',
  'compromised', 'computed', 'concealed', 'conducted', 'configured', 'confirmed', 'connected', 'considered',
  'constrained', 'controlled', 'coordinated', 'copied', 'corrected', 'correlated', 'corrupted', 'counted',
  'covered', 'cracked', 'created', 'decoded', 'decrypted', 'dedicated', 'deemed', 'defined', 'deleted',
  'delivered', 'demonstrated', 'denied', 'deployed', 'derived', 'described', 'designated', 'destroyed',
  'detected', 'determined', 'developed', 'directed', 'disabled', 'disclosed', 'discovered', 'displayed',
  'disrupted', 'disseminated', 'distributed', 'documented', 'downloaded', 'dropped', 'emailed', 'embedded',
  'employed', 'enabled', 'encoded', 'encrypted', 'enforced', 'entered', 'escorted', 'established',
  'evaluated', 'evidenced', 'exceeded', 'exfiltrated', 'expected', 'expired', 'exploited', 'exported',
  'exposed', 'expressed', 'extended', 'filed', 'filled', 'filtered', 'fixed', 'focused', 'forced',
  'formatted', 'forwarded', 'generated', 'granted', 'guided', 'handled', 'hardcoded', 'hashed', 'highlighted',
  'identified', 'ignored', 'implemented', 'included', 'incorporated', 'increased', 'informed', 'initialized',
  'initiated', 'inserted', 'inspected', 'installed', 'integrated', 'intended', 'invoked', 'involved',
  'isolated', 'issued', 'judged', 'leaked', 'limited', 'linked', 'listed', 'loaded', 'located', 'locked',
  'logged', 'mailed', 'maintained', 'managed', 'manipulated', 'mapped', 'marked', 'masked', 'matched',
  'mislabelled', 'modified', 'monitored', 'moved', 'named', 'needed', 'noted', 'notified', 'obscured',
  'obtained', 'opted', 'organized', 'outlined', 'paired', 'partitioned', 'pasted', 'performed', 'permitted',
  'placed', 'planned', 'populated', 'positioned', 'predefined', 'prepared', 'presented', 'pressed',
  'prevented', 'printed', 'processed', 'produced', 'prohibited', 'prompted', 'protected', 'provided',
  'published', 'purchased', 'purged', 'raised', 'reanimated', 'reassigned', 'rebooted', 'received',
  'recognized', 'recommended', 'recorded', 'reduced', 'referred', 'reflected', 'refused', 'related',
  'released', 'relocated', 'remediated', 'removed', 'rendered', 'renewed', 'replaced', 'reported',
  'requested', 'required', 'rescreened', 'resolved', 'responded', 'restrained', 'restricted', 'retained',
  'retrieved', 'reused', 'revealed', 'reviewed', 'revised', 'revisited', 'revoked', 'rotated', 'routed',
  'salted', 'sanitized', 'satisfied', 'saved', 'scaled', 'scanned', 'scheduled', 'scoped', 'screened',
  'secured', 'selected', 'separated', 'serviced', 'shared', 'skipped', 'solicited', 'specified', 'stated',
  'stopped', 'stored', 'suggested', 'supplied', 'supported', 'suspected', 'sustained', 'synchronised',
  'synchronized', 'tailored', 'terminated', 'tested', 'tracked', 'trained', 'transferred', 'transmitted',
  'turned', 'typed', 'unencrypted', 'unlocked', 'updated', 'used', 'validated', 'verified',
]);
const LY_ADVERBS = new Set([
  'exactly', 'only', 'currently', 'temporarily', 'automatically', 'manually', 'securely', 'properly', 'correctly', 'periodically', 'regularly',
  'usually', 'typically', 'normally', 'initially', 'immediately', 'subsequently', 'locally', 'centrally', 'remotely', 'separately', 'randomly',
  'successfully', 'fully', 'partially', 'partly', 'strictly', 'explicitly', 'implicitly', 'directly', 'likely', 'unlikely',
  'generally', 'previously', 'recently', 'frequently', 'rarely', 'simply', 'actually', 'really', 'probably', 'possibly', 'certainly', 'solely',
  'entirely', 'completely', 'already', 'newly', 'freshly', 'safely', 'openly', 'publicly', 'privately', 'internally', 'externally', 'daily',
  'weekly', 'monthly', 'yearly', 'annually', 'quarterly', 'hourly', 'easily', 'commonly', 'widely', 'reportedly', 'originally',
]);

/**
 * Whether "NAME is WORD" is prose about a secret rather than a secret stated (a secret is a value
 * given to a secret name; NIST's "compromised passwords is maintained", "a password is forgotten",
 * "TpmPin is accepted", "every password is exactly 14 characters" are prose):
 * - a plural name ("passwords", "credentials", "PINs"): a value is given to one secret, not to many;
 * - a word in lower case that is one of the past participles named (-ed, -en, irregular) or one of
 *   the adverbs named: "is maintained", "is forgotten", "was left", "is exactly". A password that
 *   is such a word alone, in lower case, is not masked here (the name=value and name: value rules
 *   still do); "is butterfly", "is chicken", "is wicked" are, their endings alone prove nothing.
 */
function isProseAbout(name: string, word: string | undefined): boolean {
  const last = nameWords(name).at(-1) ?? '';
  if (/[^s]s$/.test(last) && isSecretWordList([last.slice(0, -1)])) return true;
  return word !== undefined && /^[a-z]+$/.test(word) && (ED_PARTICIPLES.has(word) || IRREGULAR_PARTICIPLES.has(word) || EN_PARTICIPLES.has(word) || LY_ADVERBS.has(word));
}

/**
 * A secret word and, after one blank, a word that looks like a password rather than prose ("pw
 * Winter2026!", "admin password Xy7#kq", "PIN 482913", "the password is now Spring2027"): the
 * name's last word is a secret word, the next word (after "is", "was", "now", "still",
 * "currently"…, or the verb of the languages SECRET_PARTS reads: "Kennwort ist X", "contraseña es X", "mot de passe
 * est X", "passord er X") `secretLooking`. Unquoted, at most 64 characters. A name is letters of any script ("contraseña").
 * Whom it is for may stand between, in brackets or parentheses ("password [admin] X", "PIN (service) 482913").
 */
const PROSE_BARE = /(?<![\p{L}\p{N}_])([\p{L}_][\p{L}\p{N}_-]*)((?:[ \t]*(?:\([^()[\]\r\n]{1,40}\)|\[[^()[\]\r\n]{1,40}\]))?[ \t]+(?:(?:is|was|are|were|now|still|also|currently|temporarily|for now|ist|war|es|era|est|er|var|är)[ \t]+){0,3})([^\s"'`,;()<>[\]{}]{6,64})(?=$|[\s,;)])/gu;
/**
 * A password's words in English: after one of them, a word of letters alone that is no word of prose is the
 * password ("passcode zqxmarkonly", "login admin password Sunshine"). Not a PIN's, a key's, a token's or a community's
 * word: "PIN pad", "token bucket", "community hospital" are prose, and their values have digits.
 */
const PASSWORD_WORDS: ReadonlySet<string> = new Set(['password', 'passwords', 'passwd', 'passcode', 'passcodes', 'pwd', 'pw', 'pswd', 'pword', 'passphrase']);
/**
 * Words of six letters or more that follow a password's word in prose and are none of the lists above (settings,
 * states, participles, adverbs): "password manager", "password spraying" (-ing), "password hygiene". With the
 * endings of English nouns and adjectives (`PROSE_ENDING`), they are what a letter-only word after a password's word
 * may be without being one. Measured on docs/, samples/, test/fixtures and /work/shared (sec24).
 */
const PROSE_AFTER_PASSWORD: ReadonlySet<string> = new Set([
  'manager', 'managers', 'vaults', 'should', 'cannot', 'before', 'during', 'without', 'within', 'through', 'unless', 'except', 'another',
  'rather', 'instead', 'across', 'between', 'behind', 'beyond', 'because', 'entries', 'fields', 'dialog', 'dialogs', 'screen', 'screens',
  'window', 'prompts', 'hygiene', 'strength', 'security', 'recovery', 'storage', 'stores', 'remains', 'resets', 'rotates', 'expires',
  'history', 'length', 'lengths', 'minimum', 'maximum', 'attempts', 'hashes', 'standard', 'standards', 'guidance', 'format', 'formats', 'quality',
  'checker', 'checks', 'secret', 'secrets', 'together', 'itself', 'values', 'string', 'strings', 'holder', 'holders', 'owner', 'owners',
  'reminder', 'reminders', 'expiry', 'logins', 'changer', 'locker', 'database', 'server', 'servers', 'option', 'options', 'provider',
  'providers', 'attack', 'attacks', 'sprays', 'filter', 'filters', 'update', 'updates', 'please', 'whenever', 'wherever', 'therefore',
  'however', 'always', 'account', 'accounts', 'others', 'either', 'neither', 'pattern', 'patterns', 'phrase', 'phrases', 'leakage', 'audits',
  'policy', 'policies', 'change', 'changes', 'reuse', 'prompt', 'expire', 'expiry', 'complexity', 'blacklist', 'denylist', 'allowlist',
  'wordlist', 'dictionary', 'length', 'system', 'systems', 'domain', 'domains', 'windows', 'console', 'consoles', 'device', 'devices', 'vendor',
  'vendors', 'service', 'services', 'user', 'users', 'admin', 'administrator', 'administrators', 'access', 'for', 'with', 'after', 'while',
  'unlock', 'locking', 'again', 'twice', 'first', 'second', 'other', 'where', 'which', 'there', 'their', 'these', 'those',
  'several', 'conform', 'content', 'travel', 'offline', 'online', 'against', 'inside', 'though', 'exempt', 'script', 'method', 'command',
  'include', 'protect', 'contain', 'verify', 'expire', 'remain', 'toward', 'towards', 'versus', 'matter', 'stuffer', 'entry', 'reset',
  // Adverbs before a participle ("passwords mistakenly entered as the username", SI-11's discussion).
  'mistakenly', 'accidentally', 'inadvertently', 'erroneously', 'incorrectly', 'unintentionally', 'wrongly', 'carelessly', 'deliberately',
]);
/**
 * Endings of English words that are no password's: participles, nouns and adjectives ("protected", "spraying", "protection",
 * "cryptographic"). Not "-ly": "zqxmarkonly" would pass. A plural is judged by its singular (`isProsePlural`).
 */
const PROSE_ENDING = /(?:ed|ing|tion|sion|ment|ness|able|ible|ity|ance|ence|ous|ive|ful|less|ure|ize|ise|ally|ical|ic|al)$/;
/**
 * Endings of an English noun's or verb's singular that take "-s" or "-es" ("crackers", "generators", "guesses",
 * "breaches", "hashes"), besides PROSE_ENDING's.
 */
const SINGULAR_ENDING = /(?:er|or|ist|ism|ship|age|ant|ent|ee|ery|ware|ch|sh|ss|x|z|[^aeiou]e)$/;
/**
 * Letter pairs no English word holds ("q" without "u", "zx", "jq", "vx"...): a word with one is no word of prose, whatever
 * its ending ("zqxmarking", "qwxmarkes" are a password's letters).
 */
const NOT_ENGLISH = /q(?!u|$)|[bdfghjkmpvwxz]q|j[bcdfghjklmnpqrstvwxz]|v[bcdfgjkmnpqtvwxz]|x[bdgjkmnqrvxz]|z[bcdfgjkmnpqstvx]|[bcdfghjkmpqvwz]x/;

/** True if `l` (lower case) is a word of prose by the lists of words that follow a password's word, or PROSE_ENDING. */
function isProseWord(l: string): boolean {
  return PROSE_AFTER_PASSWORD.has(l) || PROSE_ENDING.test(l) || SETTING_WORDS.includes(l) || SETTING_TOKENS.includes(l) || PROSE_STATES.has(l)
    || PROSE_WORDS.has(l) || LY_ADVERBS.has(l) || ED_PARTICIPLES.has(l) || EN_PARTICIPLES.has(l) || IRREGULAR_PARTICIPLES.has(l) || isSecretWordList(nameWords(l));
}

/**
 * True if `l` ends in "s" as an English plural or a verb's third person does, its singular a word of prose ("attacks",
 * "policies", "requirements", "crackers", "guesses"). An "s" alone is no proof: "zqxmarksys" (consonant, "y", "s") is no
 * English plural, "qwxmarks" has no singular of prose; both are a password's letters.
 */
function isProsePlural(l: string): boolean {
  if (!/[^s]s$/.test(l)) return false;
  const stems = [l.slice(0, -1)];
  if (l.endsWith('es')) stems.push(l.slice(0, -2));
  if (l.endsWith('ies')) stems.push(`${l.slice(0, -3)}y`);
  return stems.some((w) => w.length >= 3 && (isProseWord(w) || SINGULAR_ENDING.test(w)));
}

/**
 * True if `word` (after a password's word, `words` its name's last two words) is letters alone and no word of prose: the password. */
function opaqueAfterPassword(words: readonly string[], word: string): boolean {
  const w = word.replace(/\.$/, '');
  if (!/^[A-Za-z]{6,64}$/.test(w) || !PASSWORD_WORDS.has(words.at(-1) ?? '')) return false;
  const l = w.toLowerCase();
  return NOT_ENGLISH.test(l) || !(isProseWord(l) || isProsePlural(l));
}

/**
 * A secret's word and its value between commas, as an aside: "the password, Zq7v9k, was given", "the passcode, Sunshine, is".
 * The value looks like a password (secretLooking), or is letters alone after a password's word and no word of prose
 * (opaqueAfterPassword). A list stays: "password, PIN, token" (secret words), "password, history, length" (setting words).
 */
const PROSE_APPOSITION = /(?<![\p{L}\p{N}_])([\p{L}_][\p{L}\p{N}_-]*)([ \t]*,[ \t]*)([^\s"'`,;()<>[\]{}]{4,64})(?=[ \t]*,)/gu;
function redactAppositions(s: string): string {
  return s.replace(PROSE_APPOSITION, (whole, name: string, gap: string, word: string, at: number) => {
    const words = [...nameWords(wordBefore(s, at)), ...nameWords(name)].slice(-2);
    const last = words.at(-1);
    if (last === undefined || !isSecretWordList([last]) || last === 'pass' || word.startsWith(REDACTED) || isSettingData(word)) return whole;
    if (!(secretLooking(word) || opaqueAfterPassword(words, word))) return whole;
    return `${name}${gap}${REDACTED}`;
  });
}

/**
 * "pass" is prose's word ("checks pass Win11-23H2", "a lapsed pass MR-02"), a password's only where a
 * login is given: after a user and its name ("ftp user admin pass X", "login bob pass X"), or as FTP's
 * and POP3's command, "PASS X" in capitals first on its line (a session log).
 */
const USER_BEFORE_PASS = /\b(?:user|username|login|uid)(?:[ \t]*[:=])?[ \t]+[^\s]+[ \t,;]+$/i;
function isLoginPass(s: string, at: number, name: string): boolean {
  const before = s.slice(Math.max(0, at - 300), at);
  return USER_BEFORE_PASS.test(before) || (name === 'PASS' && /(?:^|\n)[ \t]*$/.test(before));
}

/**
 * Words that, after a secret's word, say what form it takes rather than name something else:
 * "SNMP community string is X", "community string X", "password value: X". "name" only after a
 * password's or community's word (isSecretWordList: "SNMP community name is X"; "secret name" names one).
 */
const QUALIFIER_WORDS: readonly string[] = ['string', 'value', 'name'];

/** True if `before name` is a secret's word qualified by its form ("community string"), as one name. */
function isQualifiedSecret(before: string, name: string): boolean {
  return QUALIFIER_WORDS.includes(name.toLowerCase()) && before !== '' && isSecretWordList([...nameWords(before), name.toLowerCase()]);
}

/** True if the words before `at` and `name` end in a secret's phrase of up to three words ("mot de passe", "WPA2 key"). */
function endsThreeWordPhrase(s: string, at: number, before: string, name: string): boolean {
  if (before === '') return false;
  const first = wordBefore(s, s.lastIndexOf(before, at));
  const three = [...nameWords(first), ...nameWords(before), ...nameWords(name)].slice(-3);
  return SECRET_PHRASES.some((p) => p.length <= three.length && p.every((w, k) => three[three.length - p.length + k] === w));
}

/** The word right before `at` in `s` (after blanks), or "". */
function wordBefore(s: string, at: number): string {
  // What /([A-Za-z0-9_-]+)(?:['\u2019]s)?[ \t]+$/ finds in the 40 characters before `at`, read
  // backwards: that expression is tried from each of them, and a large export has one such question
  // per word. A possessive ("the password's value") names the word before it.
  const lo = Math.max(0, at - 40);
  const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
  let j = at;
  while (j > lo && (s.charCodeAt(j - 1) === 32 || s.charCodeAt(j - 1) === 9)) j--;
  if (j === at) return '';
  if (j - 3 >= lo && s.charCodeAt(j - 1) === 115 && (s.charCodeAt(j - 2) === 39 || s.charCodeAt(j - 2) === 0x2019) && isWord(s.charCodeAt(j - 3))) j -= 2;
  let i = j;
  while (i > lo && isWord(s.charCodeAt(i - 1))) i--;
  return s.slice(i, j);
}

/**
 * A word that looks like a password: letters with a digit or a symbol, or 6 digits or more (a PIN).
 * Not a plain word, a word joined by "-" or "_", a date or number with separators, a path, a URL,
 * a switch, a label or pair ("x:", "a=b"), and not a word ending a sentence ("done.").
 */
function secretLooking(word: string): boolean {
  if (/^[0-9]{6,}$/.test(word)) return true;
  // Letters alone, of any script, are a word ("expiré", "obligatoria"), not a password's form.
  if (!/[A-Za-z]/.test(word) || !/[^\p{L}]/u.test(word)) return false;
  // A word ending a sentence, before markup or an entity ("changed.&lt;/VulnDiscussion&gt;").
  if (PLAIN_WORD.test(word.replace(/[.!?]$/, '')) || /[\\/:=]|^[-@#]/.test(word) || /^[A-Za-z]+[.!?]+(?:$|[&<])/.test(word)) return false;
  // An identifier of a device, ticket or version ("MR-02", "KB5031356", "v2.1"): capitals or one letter, then digits, at most
  // one separator. Letters in small or mixed case before digits are how passwords are made ("Abc12345", "abc12345").
  return !/^(?:[A-Z]{1,4}|[A-Za-z])[-_]?[0-9]+(?:[.-][0-9]+)*$/.test(word);
}

/** A PuTTY key's private part: "Private-Lines: N" and the base64 lines after it (the public lines stay: a public key is no secret). */
const PUTTY_PRIVATE = /(Private-Lines:[ \t]*[0-9]+[ \t]*\r?\n)((?:[ \t]*[A-Za-z0-9+/=]+[ \t]*(?:\r?\n|$))+)/g;
/** An XML start tag (not self-closing), its name's local part after any prefix ("w:", "wcm:"). */
const XML_OPEN_TAG = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(?:\s[^<>]*)?(?<!\/)>/g;
/**
 * "-p X" or "/p X" on a command line that also gives a user ("-u admin", "--user admin", "/u:admin",
 * "/user HOSP\svc"): a program not listed in command-secrets.ts, whose -p is then its password.
 * Alone, -p is as often a port ("ssh -p 2222", "docker run -p 8080:80") or "mkdir -p": left; on the
 * line of a command listed there, that command's rule decides (mysql's "-p db" asks for the password).
 */
const USER_SWITCH = /(?:^|[ \t])(?:-[uU]|--user(?:name)?|--login|\/[uU](?:ser(?:name)?)?)(?:[ \t:=]|(?<=-[uU])[^\s])/;
const P_SWITCH = /(^|[ \t])([-/]p[ \t]+)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)/g;
/** "/p:X" or "-p:X": a password (FreeRDP, winrs, many Windows tools), unless it sets a property ("msbuild /p:Configuration=Release"). */
const P_COLON = /(^|[ \t])([-/]p:)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)/g;
/** A port, a port range or mapping ("443", "8080:80", "5000-5010", "53/udp"): what -p gives when it is no password. */
const PORT_LIKE = /^[0-9]{1,5}(?:[:-][0-9]{1,5})*(?:\/(?:tcp|udp))?$/i;

/** The password switches above masked. */
function redactPasswordSwitches(s: string, found: Found): string {
  const keep = (value: string): boolean => value.startsWith(REDACTED) || /^[-/]/.test(value) || isNoValue(value) || isSettingData(bare(value));
  let out = s.replace(P_COLON, (whole, lead: string, head: string, value: string) => {
    if (keep(value) || value.includes('=')) return whole;
    found?.(bare(value));
    return `${lead}${head}${REDACTED}`;
  });
  if (!/[-/]p[ \t]/.test(out)) return out;
  out = out.split(/(\r?\n)/).map((line) => (!USER_SWITCH.test(line) || runsKnownCommand(line) ? line : line.replace(P_SWITCH, (whole, lead: string, head: string, value: string) => {
    if (keep(value) || PORT_LIKE.test(value)) return whole;
    found?.(bare(value));
    return `${lead}${head}${REDACTED}`;
  }))).join('');
  return out;
}

/** Elements inside a secret-named XML element that say whose secret it is, not what it is. */
const XML_WHO: ReadonlySet<string> = new Set(['username', 'user', 'name', 'domain', 'account', 'accountname', 'displayname', 'description', 'group']);

/**
 * In XML text: the text inside an element with a secret name that holds elements of its own
 * (unattend.xml's `<Password><Value>X</Value><PlainText>false</PlainText></Password>`,
 * `<AdministratorPassword><Value>X</Value></AdministratorPassword>`), as for a JSON object held by
 * a secret-named member; a leaf's is XML_ELEMENT's. A setting's data (false, 1) stays.
 */
function redactXmlContainers(s: string, found: Found): string {
  const spans: Array<readonly [number, number]> = [];
  let after = 0;
  // Names whose end tag is known to be absent from here on (a text of many unclosed tags stays linear).
  const unclosed = new Set<string>();
  XML_OPEN_TAG.lastIndex = 0;
  for (let m = XML_OPEN_TAG.exec(s); m; m = XML_OPEN_TAG.exec(s)) {
    const name = m[1]!;
    if (m.index < after || unclosed.has(name) || !isSecretName(name)) continue;
    const from = m.index + m[0].length;
    const close = new RegExp(`</(?:[A-Za-z_][\\w.-]*:)?${name.replace(/[.]/g, '\\.')}\\s*>`, 'g');
    close.lastIndex = from;
    const c = close.exec(s);
    if (!c) unclosed.add(name);
    if (!c || !s.slice(from, c.index).includes('<')) continue;
    // Every text between tags inside it.
    for (let i = from; i < c.index;) {
      const lt = s.indexOf('<', i);
      const end = lt < 0 || lt > c.index ? c.index : lt;
      const text = s.slice(i, end);
      // The element the text is in: who the secret is for ("<Username>", "<Domain>" in unattend.xml's <Credentials>) stays.
      const own = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[^<>]*>$/.exec(s.slice(Math.max(from - 1, i - 300), i))?.[1];
      if (text.trim() !== '' && text.trim() !== REDACTED && !isSettingData(text) && !(own !== undefined && own !== name && XML_WHO.has(own.toLowerCase()))) spans.push([i, end]);
      const gt = s.indexOf('>', end);
      if (gt < 0) break;
      i = gt + 1;
    }
    after = c.index + c[0].length;
  }
  if (spans.length === 0) return s;
  let out = '';
  let done = 0;
  for (const [start, end] of spans) {
    found?.(s.slice(start, end).trim());
    out += s.slice(done, start) + REDACTED;
    done = end;
  }
  return out + s.slice(done);
}

/**
 * Text with private-key blocks, secret name=value and name: value pairs, the value of a secret
 * command-line switch, "the password is X" in prose, "name": value, "name"="value" and <name>value</name> pairs and
 * URL passwords masked, the data of a secret-named value in `reg query` output, and the passwords
 * well-known commands take by position (command-secrets.ts).
 */
export function redactText(s: string): string {
  return redactTextFinding(s, undefined);
}

/**
 * Windows password hashes, which log on as the password does (pass-the-hash): a SAM dump's line as
 * pwdump and secretsdump write it ("NAME:RID:LMHASH:NTHASH:::"), and 32 hex digits right after "NT
 * hash", "NTLM hash", "LM hash" (a label or prose; "hash" alone is a policy's word, "NoLMHash").
 */
const SAM_DUMP_LINE = /((?:^|[\s"'])[^\s:"']{1,256}:\d{1,10}:)([0-9a-fA-F]{32}):([0-9a-fA-F]{32}):::/gm;
/**
 * An LM and an NT hash joined by ":" wherever they stand ("aad3b435…:31d6cfe0…", as secretsdump, mimikatz or a note
 * copies them without the SAM line around them): a password's hash is as good as the password (pass-the-hash).
 */
const LM_NT_PAIR = /(?<![0-9A-Fa-f])([0-9a-fA-F]{32}):([0-9a-fA-F]{32})(?![0-9A-Fa-f])/g;
/**
 * A captured NetNTLMv1/v2 response (Responder's, hashcat's "user::DOMAIN:challenge:response:blob"): cracked offline like a
 * hash. The hex fields after the user and domain are masked.
 */
const NET_NTLM = /((?:^|(?<=[\s"'=]))[^\s:"']{1,256}::[^\s:"']{0,256}:)([0-9a-fA-F]{16,48}):([0-9a-fA-F]{32,48}):([0-9a-fA-F]{16,})(?![0-9A-Fa-f])/gm;
/**
 * A password hash in the "$id$…" form crypt(3), hashcat and john write (sha512crypt "$6$salt$…", bcrypt "$2b$12$…",
 * md5crypt "$1$", "$apr1$", yescrypt "$y$", phpass "$P$", argon2 "$argon2id$v=19$…", john's "$NT$<hex>"), and a Kerberos
 * hash roasted from a ticket ("$krb5tgs$23$*svc$DOM$spn*$<hex>$<hex>", "$krb5asrep$23$user@DOM:<hex>$<hex>"), wherever it
 * stands: each is cracked offline to the password. Told by its id between "$" and, after it, a run of the hash alphabet of
 * 16 characters or more (CRYPT_DIGEST), so "$env:X", "$5 and $6", "$2$" stay. What follows the id is masked, the id kept.
 */
const CRYPT_HASH = /(?<![\w$])(\$(?:1|2[abxy]?|5|6|7|y|gy|apr1|md5|sha1|sha256|sha512|NT|P|H|S|argon2(?:id|i|d)|pbkdf2(?:-sha(?:1|256|512))?|scrypt|krb5(?:tgs|asrep|pa|tgt))\$)([^\s"'<>`]+)/gi;
const CRYPT_DIGEST = /[./A-Za-z0-9+=]{16,}/;
/** The fields of a shadow line after its hash: last change, min, max, warn, inactive, expire (days), reserved. */
const SHADOW_FIELDS = /^(?::[0-9]{0,10}){1,8}[,;)\]]*\.?$/;
/**
 * An htpasswd or shadow line, "user:$id$hash" or "user:{SCHEME}hash", whose hash CRYPT_HASH or LDAP_HASH (run first)
 * masked: as a secret name's value (".htpasswd: svc:$apr1$…", '"htpasswd": "svc:$apr1$…"', "<htpasswd>…</htpasswd>",
 * "userPassword: {SSHA}…") only the hash is the secret, and the user it belongs to stays, as a user's name does beside a
 * password, with the hash's id and a shadow line's numeric fields after it (":19000:0:99999:7:::").
 */
const USER_OF_MASKED_HASH = /^["']?(?:[^\s:$"'<>{}]{1,256}:)?(?:\$[\w-]+\$|\{[A-Za-z][\w.-]{0,31}\})\[REDACTED\](?::[0-9]{0,10}){0,8}["']?$/;
const isUserOfMaskedHash = (value: string): boolean => value.includes(REDACTED) && USER_OF_MASKED_HASH.test(value);
/**
 * An HTTP Digest response ('Authorization: Digest username="u", …, response="<md5 hex>"'): the password's MD5 (or SHA-256)
 * with the nonce, cracked offline as a hash is. 32 or 64 hex digits after "response=".
 */
const DIGEST_RESPONSE = /(\bresponse[ \t]*=[ \t]*"?)([0-9a-fA-F]{32}|[0-9a-fA-F]{64})(?![0-9A-Za-z])/gi;

/**
 * An LDAP or htpasswd hash in the "{SCHEME}…" form (RFC 2307's userPassword, OpenLDAP, 389-DS, Dovecot, Apache's
 * "svc:{SHA}…"): "{SSHA}…", "{SHA512}…", "{CRYPT}…", "{PBKDF2-SHA256}…", "{ARGON2}…", and the cleartext schemes
 * "{PLAIN}…", "{CLEARTEXT}…". Told by a known scheme's name, so "{0}", "{GUID}", "${VAR}" and JSON stay. What follows
 * the braces up to a blank or a quote is masked (as CRYPT_HASH's: a shadow line's fields after ":" stay), the scheme kept.
 */
const LDAP_SCHEME = String.raw`(?:S?SHA(?:1|224|256|384|512)?|S?SHA3-(?:224|256|384|512)|S?MD5|(?:(?:SHA256|SHA512|MD5|BLF|DES)-)?CRYPT|BCRYPT|SCRYPT|(?:GOST-)?YESCRYPT|ARGON2(?:I|ID|D)?|PBKDF2(?:[-_]SHA(?:1|256|512))?|(?:PLAIN|LDAP|CRAM|DIGEST|HMAC|NS-MTA)-MD5|NTLM|LANMAN|PLAIN(?:-TRUNC)?|CLEAR(?:TEXT)?)(?:\.(?:HEX|B64|BASE64))?`;
const LDAP_HASH = new RegExp(String.raw`(?<![\w$])(\{${LDAP_SCHEME}\})([^\s"'<>\`{}]+)`, 'gi');
const LDAP_HASH_HINT = /\{[A-Za-z]/;
/** The schemes that hold the password itself: any value is one, however short. */
const CLEARTEXT_SCHEME = /^\{(?:PLAIN|CLEAR)/i;
const LDAP_DIGEST = /[./A-Za-z0-9+=$_-]{8,}/;
/**
 * LDIF writes a value holding what is not plain text in base64 after "::" ("userPassword:: e1NTSEF9…", the base64 of
 * "{SSHA}…"), and wraps it on lines starting with one blank: a run of base64 whose text is "{SCHEME}…" is masked whole,
 * wherever it stands. "{" and a letter in base64 begin "e0" to "e3".
 */
const LDAP_HASH_BASE64 = /(?<![A-Za-z0-9+/=])e[0-3][A-Za-z0-9+/]{10,}={0,2}(?![A-Za-z0-9+/=])(?:\r?\n [A-Za-z0-9+/]+={0,2}(?![A-Za-z0-9+/=]))*/g;
/** A quick look for such a run's start (a blank or a mark before it: a word boundary), before the full expression. */
const LDAP_HASH_BASE64_HINT = /\be[0-3][A-Za-z0-9+/]{10}/;
const LDAP_HASH_TEXT = new RegExp(String.raw`^\{${LDAP_SCHEME}\}[^\s"'<>\`{}:]`, 'i');

/** The hash after an LDAP scheme masked, the scheme kept. */
function maskLdapHash(whole: string, scheme: string, rest: string, found: Found): string {
  // A shadow-like line's numeric fields after it stay; any other text after ":" (a cracked hash's password) goes with it.
  const colon = rest.indexOf(':');
  const own = colon >= 0 && SHADOW_FIELDS.test(rest.slice(colon)) ? rest.slice(0, colon) : rest;
  // A sentence's closing mark after the hash stays outside the mask.
  const hash = own.replace(/[,;)\]]+\.?$/, '');
  // A cleartext scheme's value is a password when it holds a letter or a digit (docs write "{PLAIN}…").
  if (hash === '' || rest.includes(REDACTED) || (CLEARTEXT_SCHEME.test(scheme) ? !/[\p{L}\p{N}]/u.test(hash) : !LDAP_DIGEST.test(hash))) return whole;
  found?.(hash);
  return `${scheme}${REDACTED}${rest.slice(hash.length)}`;
}

/** CRYPT_HASH, the LDAP schemes' hashes and DIGEST_RESPONSE masked. */
function redactCryptHashes(s: string, found: Found): string {
  let out = s;
  if (out.includes('$')) {
    out = out.replace(CRYPT_HASH, (whole, id: string, rest: string) => {
      // A shadow line's fields after the hash ("svc:$6$salt$hash:19000:0:99999:7:::", days and counts) are no part of
      // it. Anything else after ":" is masked with it: a cracked hash's password ("$6$…:Winter2026", a potfile's line), and
      // a roasted Kerberos hash's own fields ("$krb5asrep$23$user@DOM:<hex>$<hex>").
      const colon = rest.indexOf(':');
      const own = colon >= 0 && !/^\$krb5/i.test(id) && SHADOW_FIELDS.test(rest.slice(colon)) ? rest.slice(0, colon) : rest;
      // A sentence's closing mark after the hash stays outside the mask.
      const hash = own.replace(/[,;)\]]+\.?$/, '');
      if (!CRYPT_DIGEST.test(hash) || hash.startsWith(REDACTED)) return whole;
      found?.(hash);
      return `${id}${REDACTED}${rest.slice(hash.length)}`;
    });
  }
  // After CRYPT_HASH: "{CRYPT}$6$…" keeps its "$6$" too.
  if (out.includes('{') && LDAP_HASH_HINT.test(out)) out = out.replace(LDAP_HASH, (whole, scheme: string, rest: string) => maskLdapHash(whole, scheme, rest, found));
  if (out.length >= 12 && LDAP_HASH_BASE64_HINT.test(out)) {
    out = out.replace(LDAP_HASH_BASE64, (run) => {
      const first = /^[A-Za-z0-9+/]+/.exec(run)![0];
      if (!LDAP_HASH_TEXT.test(Buffer.from(first.slice(0, first.length - (first.length % 4)), 'base64').toString('latin1'))) return run;
      found?.(run);
      return REDACTED;
    });
  }
  if (/response/i.test(out)) {
    out = out.replace(DIGEST_RESPONSE, (whole, head: string, hex: string) => {
      found?.(hex);
      return `${head}${REDACTED}`;
    });
  }
  return out;
}

/**
 * 32 hex digits after a Windows hash's name: "NT hash: …", "NTLM hash …", "the NT hash of svc is …", and as mimikatz
 * prints them ("Hash NTLM: …", "* NTLM     : …", its history's "ntlm- 0: …", "lm  - 1: …").
 */
const NAMED_HASH = /\b((?:(?:NTLM|NT|LM)[ _-]?hash(?:es)?(?:[ \t]+(?:of|for)[ \t]+[^\s:=]{1,64})?|hash[ \t]+(?:NTLM|NT|LM)|(?:NTLM|NT|LM)(?:[ \t]*-[ \t]*[0-9]{1,3})?)(?:[ \t]*[:=][ \t]*|[ \t]+(?:(?:is|was)[ \t]+)?))([0-9a-fA-F]{32})\b/gi;
const NAMED_HASH_HINT = /hash|ntlm|\b(?:nt|lm)\b/i;

/** AWS_SECRET_KEY, SAS_SIGNATURE and the password hashes masked. */
function redactCloudKeys(s: string, found: Found): string {
  let out = s.length < 40 || skipsRandomKeyRules(s) ? s : s.replace(AWS_SECRET_KEY, (run) => {
    if (!isRandomKey(run)) return run;
    found?.(run);
    return REDACTED;
  });
  if (out.includes('sig=')) {
    out = out.replace(SAS_SIGNATURE, (whole, head: string, sig: string) => {
      found?.(sig);
      return `${head}${REDACTED}`;
    });
  }
  if (out.includes(':::')) {
    out = out.replace(SAM_DUMP_LINE, (whole, head: string, lm: string, nt: string) => {
      found?.(lm);
      found?.(nt);
      return `${head}${REDACTED}:${REDACTED}:::`;
    });
  }
  if (out.includes('::')) {
    out = out.replace(NET_NTLM, (whole, head: string, a: string, b: string, c: string) => {
      for (const h of [a, b, c]) found?.(h);
      return `${head}${REDACTED}:${REDACTED}:${REDACTED}`;
    });
  }
  // 32 hex digits, ":", 32 more: a text shorter or with no ":" holds no such pair.
  if (!textFastPaths.on || (out.length >= 65 && out.includes(':'))) out = out.replace(LM_NT_PAIR, (whole, lm: string, nt: string) => {
    found?.(lm);
    found?.(nt);
    return `${REDACTED}:${REDACTED}`;
  });
  if (NAMED_HASH_HINT.test(out)) {
    out = out.replace(NAMED_HASH, (whole, head: string, hash: string) => {
      found?.(hash);
      return `${head}${REDACTED}`;
    });
  }
  return out;
}

/** AUTH_SCHEME and TOKEN_FORMS masked. */
function redactTokens(s: string, found: Found): string {
  const out = s.replace(TOKEN_FORMS, (token) => {
    found?.(token);
    return REDACTED;
  });
  return out.replace(AUTH_SCHEME, (whole, scheme: string, gap: string, value: string) => {
    // A word as prose writes one ("bearer instrument", "NTLM Authentication") is no token; mixed-case letters are (base64).
    if (scheme.toLowerCase() === 'basic' ? !isBasicCredentials(value) : PLAIN_WORD.test(value) && value.split(/[-_]/).every((w) => AS_WRITTEN.test(w))) return whole;
    found?.(value);
    return `${scheme}${gap}${REDACTED}`;
  });
}

/** Base64 spelling printable NAME:PASSWORD, as HTTP Basic credentials are. */
function isBasicCredentials(value: string): boolean {
  if (!BASE64_DATA.test(value)) return false;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return /^[^\u0000-\u001f\u007f\ufffd:]+:[^\u0000-\u001f\u007f\ufffd]*$/.test(text);
}

/**
 * A user and a secret joined by "/" ("credentials admin/X", "login svc / X", "sa / X"): after a credentials word the
 * part after "/" is masked whatever its form; after a login word, or after a well-known account's name alone
 * (SQL Server's "sa", "admin", "root"...), where it is no plain word ("admin/user", "root / admin" stay).
 */
const USER_SLASH_SECRET = /(?<![\p{L}\p{N}_/\\.:@~-])(?:(credentials?|creds)|(log(?:in|on)|account|user(?:name)?)|(sa|admin|administrator|root|svc[\w-]*|service))(?:[ \t]*[:=]?[ \t]+([^\s/:,;=]{1,64}))?([ \t]*\/[ \t]*)([^\s,;]{1,128})/giu;

function redactUserSlashSecrets(s: string, found: Found): string {
  return s.replace(USER_SLASH_SECRET, (whole, cred: string | undefined, login: string | undefined, account: string | undefined, user: string | undefined, slash: string, value: string) => {
    // The account alone names the user: "sa / X"; with a word after it, "admin tools/…", it is no account's pair.
    if (account !== undefined && user !== undefined) return whole;
    if ((login !== undefined || cred !== undefined) && user === undefined) return whole;
    // Prose's "and/or" ("organizational credentials and/or badges"): a sentence's word is no user's name.
    if (user !== undefined && (PROSE_WORDS.has(user.toLowerCase()) || LABEL_QUALIFIERS.has(user.toLowerCase()))) return whole;
    // " /x" is a command's switch ("net user svc /passwordreq:yes", "/active:no"), not a pair's "/".
    if (/^[ \t]+\/$/.test(slash)) return whole;
    const said = value.replace(/[.!?)]+$/, '');
    if (said === '' || said.startsWith(REDACTED) || isSettingData(said)) return whole;
    // A path's segments ("root/bin2/x", "admin/v2/api") are no pair: a password after a login word has no "/" or "\\".
    if (cred === undefined && (PLAIN_WORD.test(said) || !/[\p{L}\p{N}]/u.test(said) || /[/\\]/.test(said))) return whole;
    found?.(said);
    return whole.slice(0, whole.length - value.length) + REDACTED + value.slice(said.length);
  });
}

/** `redactText`, telling `found` each secret it masks. */
/** A quoted key path of a message ("ldap.passwords.X", "passwords[X].role", "/ldap/passwords/X"). */
const QUOTED_PATH = /"([A-Za-z_$/][^"\r\n]{0,1023})"/g;
const SEGMENT = /[A-Za-z_$][A-Za-z0-9_$-]*/y;

/**
 * A key path quoted in a message (a parser's `unknown key "ldap.passwords.X"`) whose key under a secret
 * name is masked: a member of a secret container may be the secret itself (`"passwords": {"<secret>": "svc"}`),
 * as an SNMP community is the name under ValidCommunities. Only the path is masked, not other copies of
 * the word: such a key is as often the account the secret is for.
 */
function redactKeysUnderSecretNames(s: string): string {
  return s.replace(QUOTED_PATH, (whole, path: string) => {
    const pointer = path.startsWith('/');
    for (let i = pointer ? 1 : 0; ;) {
      SEGMENT.lastIndex = i;
      const m = SEGMENT.exec(path);
      if (!m) return whole;
      const after = i + m[0].length;
      const sep = path[after];
      if (sep === undefined) return whole;
      if (isSecretName(m[0]) && (sep === '.' || sep === '[' || (pointer && sep === '/'))) {
        if (sep !== '[') return `"${path.slice(0, after + 1)}${REDACTED}"`;
        const close = path.indexOf(']', after);
        // The key in brackets, and what follows it (a field of the member) kept.
        return close < 0 ? `"${path.slice(0, after + 1)}${REDACTED}"` : `"${path.slice(0, after + 1)}${REDACTED}${path.slice(close)}"`;
      }
      if (sep === '[') {
        const close = path.indexOf(']', after);
        if (close < 0) return whole;
        i = close + 1;
        if (i >= path.length) return whole;
        if (path[i] !== '.') return whole;
        i++;
      } else if (sep === '.' || (pointer && sep === '/')) i = after + 1;
      else return whole;
    }
  });
}

/**
 * Markdown's code spans (`…`, ``…`` and longer runs) on each line, each one's text masked as the same text standing alone: a span is
 * markup around text, never a reason to keep a secret ("`password 51:b:b:X`" was kept whole where "password 51:b:b:X" is
 * masked). The backquotes stay, however many open the span. The whole text's rules run after it, for a pair split by the
 * span ("Password: `X`"). A span closes at the next run of as many backquotes on its line (CommonMark's rule).
 * Linear: each run's next run of the same length is found by one pass from the line's end.
 */
function redactCodeSpans(s: string, found: Found): string {
  let out = '';
  let done = 0;
  for (let lineStart = 0; lineStart < s.length;) {
    let lineEnd = s.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = s.length;
    const first = s.indexOf('`', lineStart);
    if (first < 0) break;
    // The next backquote is on a later line: go to that line (looking for it from each line in between
    // would read the text once per line).
    if (first > lineEnd) {
      lineStart = s.lastIndexOf('\n', first) + 1;
      continue;
    }
    if (first < lineEnd) {
      // The line's runs of backquotes: where each starts and how long it is.
      const runs: Array<[number, number]> = [];
      for (let k = first; k < lineEnd; k++) {
        if (s[k] !== '`') continue;
        let e = k;
        while (e < lineEnd && s[e] === '`') e++;
        runs.push([k, e - k]);
        k = e - 1;
      }
      // For each run, the index of the next run as long as it (-1: none), found from the line's end.
      const next = new Array<number>(runs.length).fill(-1);
      const lastOf = new Map<number, number>();
      for (let i = runs.length - 1; i >= 0; i--) {
        const len = runs[i]![1];
        next[i] = lastOf.get(len) ?? -1;
        lastOf.set(len, i);
      }
      for (let i = 0; i < runs.length; i++) {
        const [at, len] = runs[i]!;
        const j = next[i]!;
        if (j < 0) continue;
        const from = at + len;
        const to = runs[j]![0];
        out += s.slice(done, from) + redactTextFinding(s.slice(from, to), found);
        done = to;
        i = j;
      }
    }
    lineStart = lineEnd + 1;
  }
  return done === 0 ? s : out + s.slice(done);
}

function redactTextFinding(s: string, found: Found): string {
  let out = s;
  // First: a code span's text is masked as it would be without its backquotes, which the rules below read as marks.
  if (s.includes('`')) out = redactCodeSpans(out, found);
  if (out.includes('PRIVATE KEY')) {
    out = out.replace(PEM_PRIVATE_KEY, (block) => {
      // The block, and its body alone (a copy without the BEGIN/END lines).
      found?.(block.trim());
      found?.(block.replace(/-----(?:BEGIN|END)[^-\r\n]*-----/g, '').trim());
      return REDACTED;
    });
  }
  if (out.includes('Private-Lines:')) {
    out = out.replace(PUTTY_PRIVATE, (whole, head: string, body: string) => {
      found?.(body.trim());
      return `${head}${REDACTED}${/\r?\n$/.exec(body)?.[0] ?? ''}`;
    });
  }
  // Before the base64 rules: a sha512crypt hash's 86 characters hold runs they would mask in part.
  if (out.length >= 20) out = redactCryptHashes(out, found);
  // The shortest such key (Ed25519) is 64 base64 characters: most texts are shorter.
  if (out.length >= 64 && BARE_KEY_HINT.test(out)) {
    out = out.replace(BARE_PRIVATE_KEY, (run) => {
      found?.(run.trim());
      return REDACTED;
    });
  }
  if (out.length >= 40 && DPAPI_HINT.test(out)) {
    out = out.replace(DPAPI_BLOB, (blob) => {
      found?.(blob);
      return REDACTED;
    });
  }
  if (out.length >= 64 && !skipsRandomKeyRules(out)) {
    out = out.replace(WRAPPED_BASE64_LINE, (run) => {
      if (!isRandomKey(run.trim().split(/\s+/)[0]!)) return run;
      found?.(run.trim());
      return REDACTED;
    });
  }
  if (out.length >= 55 && /[0-9]{6}-[0-9]{6}-/.test(out)) {
    out = out.replace(BITLOCKER_RECOVERY, (pw) => {
      found?.(pw);
      return REDACTED;
    });
  }
  if (out.length >= 64 && !skipsRandomKeyRules(out) && BASE64_RUN_HINT.test(out)) {
    out = out.replace(SPLIT_BASE64_LINES, (run, _sep: string | undefined, tail: string | undefined) => {
      if (!isRandomKey(run.slice(0, 64))) return run;
      const maskTail = tail !== undefined && looksRandomTail(tail);
      const lines = tail === undefined ? run : run.slice(0, run.length - tail.length);
      // Each line masked where it stands, the cells and rows' first cells between kept; each a copy elsewhere may hold.
      const masked = lines.replace(FULL_LINE_TOKEN, (line) => {
        found?.(line);
        return REDACTED;
      });
      if (maskTail && tail.length >= 16) found?.(tail);
      return masked + (tail === undefined ? '' : maskTail ? REDACTED : tail);
    });
  }
  if (out.length >= 15 && TOKEN_HINT.test(out)) out = redactTokens(out, found);
  if (out.length >= 20) out = redactCloudKeys(out, found);
  // First: "-Password (ConvertTo-SecureString X …)" would otherwise lose the command's name to the switch rule, and X with it.
  out = redactCommandSecrets(out, REDACTED, isSecretName, isNoValue, found);
  if (out.includes('|') || out.includes('<<<')) out = redactFedPasswords(out, REDACTED, isSecretName, isNoValue, found);
  if (/[-/]p[ \t:]/.test(out)) out = redactPasswordSwitches(out, found);
  if (out.length >= 12) out = redactDeviceSecrets(out, found);
  // Every secret name holds one of these (a quick way past text that has none).
  const named = SECRETISH.test(out);
  // Before the CSV rule, which reads a row masked so as a header too ("| Password | X |" over "| Y | svc |": either may be the table's).
  if (named && out.includes('|')) out = redactTableRowLabels(out, found);
  // Before the pair and label rules: a table's header over its rows is no label over a value (redactLabelsAboveValues).
  if (named && out.includes('\n') && (out.includes(',') || out.includes(';') || out.includes('\t') || out.includes('|'))) out = redactCsvColumns(out, found);
  if (named && out.includes('\n') && (out.includes('|') || out.includes('>'))) out = redactYamlBlocks(out, found);
  // Before the pair rule: it reads "password == x" as "password =" and took "= x" for the value ("password == null" too).
  if (named && COMPARISON_HINT.test(out)) out = redactComparisons(out, found);
  if (/identified/i.test(out)) out = redactSqlIdentifiedBy(out, found);
  if (named && (out.includes('(') || out.includes('[') || out.includes('{'))) out = redactAssertedLiterals(out, found);
  if (/sp_(?:password|add|setapp|approle|change_users)/i.test(out)) out = redactSqlPasswordProcedures(out, found);
  if (named && (out.includes(',') || out.includes('('))) out = redactNamedArguments(out, found);
  if (named && (out.includes('(') || out.includes(':'))) out = redactLispPairs(out, found);
  if (named && (out.includes('=') || out.includes(':'))) out = redactPairs(out, found);
  if (named) out = redactQualifiedLabels(out, found);
  if (named && out.includes('\n')) out = redactLabelsAboveValues(out, found);
  if (out.includes('/')) out = redactUserSlashSecrets(out, found);
  if (named && (out.includes('\t') || out.includes('  '))) out = redactBlankLabels(out, found);
  if (named && /communit/i.test(out)) out = redactQuotedCommunities(out, found);
  if (named && (out.includes('-') || out.includes('/'))) {
    out = out.replace(SWITCH, (whole, lead: string, head: string, name: string, value: string) => {
      // A switch that says where the secret is read from takes none: "--password-stdin" (docker login's) is a flag, the word
      // after it the command's next argument ("registry"); "--password-file" names a file.
      if (value === REDACTED || /^[-/]/.test(value) || isNoValue(value) || CMDLET_CALL.test(value) || !isSecretName(name) || STDIN_OR_FILE_SWITCH.test(name)) return whole;
      found?.(bare(value));
      return `${lead}${head}${REDACTED}`;
    });
  }
  if (named && out.includes('"')) out = redactKeysUnderSecretNames(out);
  if (named && PROSE_VERB.test(out)) {
    out = out.replace(PROSE_SECRET, (whole, name: string, verb: string, value: string, at: number, text: string) => {
      const said = value.replace(/^["']|[.!?)]*$|["']$/g, '');
      // A phrase's last word names the secret with the word before it ("the preshared key is X", "the recovery key was X").
      const before = wordBefore(text, at);
      if (said === '' || isNoValue(value) || isKeyFileValue(value) || value.startsWith(REDACTED) || !(isSecretName(name) || isQualifiedSecret(before, name) || (before !== '' && hasPhrase([...nameWords(before), ...nameWords(name)], SECRET_PHRASES)))) return whole;
      // Quoted, it is what the secret is, whatever the word ('the password is "enabled"'): prose does not quote
      // a state. Only a switch's number or true/false stays, and a plural name's prose (isProseAbout).
      if (/^["']/.test(value)) {
        if (QUOTED_SETTING.test(said) || isProseAbout(name, undefined)) return whole;
        found?.(said);
        return `${name}${verb}${REDACTED}`;
      }
      // A state word, alone or ended by punctuation or markup ("is changed.&lt;/…"), says what happened to it.
      const word = /^[A-Za-z]+(?=$|[.,:;!?)&<])/.exec(said)?.[0];
      if ((word !== undefined && AS_WRITTEN.test(word) && PROSE_STATES.has(word.toLowerCase())) || isSettingData(said) || isProseAbout(name, word)) return whole;
      found?.(said);
      return `${name}${verb}${REDACTED}`;
    });
  }
  if (named && (out.includes(' ') || out.includes('\t'))) {
    // Masked where it stands only, never as a copy elsewhere: the weakest rule, read in prose.
    let bare = '';
    let done = 0;
    PROSE_BARE.lastIndex = 0;
    for (let m = PROSE_BARE.exec(out); m; m = PROSE_BARE.exec(out)) {
      const [, name, gap, word] = m as unknown as [string, string, string, string];
      // The name's last word with the one before it ("API key", "admin password"), as a label is read.
      const before = wordBefore(out, m.index);
      // A phrase written with a slash ("P/W Abc12345") is one word, its letters joined ("pw"); a path's or a protocol's
      // last segment is none ("TCP/IP", "I/O", "/usr/bin/pw": slashPhraseHead reads only whole phrases).
      const slashed = out[m.index - 1] === '/' ? slashPhraseHead(out, m.index, name) : -1;
      const words = slashed >= 0 ? [out.slice(slashed, m.index + name.length).split('/').flatMap(nameWords).join('')] : [...nameWords(before), ...nameWords(name)].slice(-2);
      // A setting's word before the secret's is a verb there, not a setting's name: "use pwd Xy7#kq", "enable password
      // Cisco123", "change password Winter2026!" give one (the value is password-looking); the secret word alone decides.
      // A name of no word ("_", "--") has no last word: no secret's word.
      const last = words.at(-1);
      const lastIsSecret = (last !== undefined && isSecretWordList([last])) || endsThreeWordPhrase(out, m.index, before, name);
      if (!(secretLooking(word) || opaqueAfterPassword(words, word)) || word.startsWith(REDACTED) || isNoValue(word) || isSettingData(word) || isKeyFileValue(word) || (name.toLowerCase() === 'pass' && !isLoginPass(out, m.index, name)) || !lastIsSecret && (!isSecretWordList(words) || !hasPhrase(words, SECRET_PHRASES) && !isQualifiedSecret(before, name))) {
        // The word may itself name the next secret ("the password Welcome1"): go on from it.
        PROSE_BARE.lastIndex = m.index + name.length;
        continue;
      }
      const at = m.index + name.length + gap.length;
      bare += out.slice(done, at) + REDACTED;
      // A full stop ending the sentence stays ("the password Welcome1."); "!" or "?" may be the password's own.
      done = at + word.length - (word.endsWith('.') ? 1 : 0);
    }
    if (done > 0) out = bare + out.slice(done);
    if (out.includes(',')) out = redactAppositions(out);
  }
  if (out.includes('"') && out.includes(':')) {
    // First the values inside a secret member's object or list, and name/value pairs (their members are not secret names).
    if (named) out = redactJsonStructures(out, found);
    out = out.replace(JSON_PAIR, (whole, head: string, name: string, value: string, at: number, text: string) => {
      // true, false, null and "" say nothing to hide (as in a snapshot): "DefaultPasswordSet": true is evidence.
      // An object or a list: its values were masked above, its keys stay. A switch's state stays as in every syntax.
      if (value.startsWith(`"${REDACTED}"`) || value === REDACTED || /^(?:true|false|null|"")$/.test(value) || isNoValue(value) || /^[{[]/.test(value) || isUserOfMaskedHash(value) || !isSecretName(name) || isSwitchAfterSecretWord(jsonText(`"${name}"`), jsonText(value), text, at + head.length)) return whole;
      found?.(bare(value));
      // A string run on past its close ('"abc"def'): the text between the quotes is a copy elsewhere may hold too.
      if (!JSON_STRING_VALUE.test(value) && value.startsWith('"')) found?.(jsonText(/^"(?:[^"\\]|\\.)*"/.exec(value)![0]));
      return `${head}"${REDACTED}"`;
    });
  }
  if (out.includes('"=') || out.includes('" =')) {
    // Kept, as evidence: an empty value ("" says none is set); a setting's data under a Policies key
    // named by the text's key line, as in a snapshot (isSecretRegistryText).
    const keys = regKeyLines(out);
    out = out.replace(REG_FILE_PAIR, (whole, head: string, name: string, value: string, at: number) => {
      const key = keyLineAt(keys, at);
      if (key !== undefined && isSecretNameUnder(key, name)) {
        // The name is the secret (an SNMP community); its data (the rights) is read under the key's path, whose name is secret.
        found?.(name);
        return `"${REDACTED}"=${value === '""' ? value : `"${REDACTED}"`}`;
      }
      if (value === '""' || isNoValue(value) || value === `"${REDACTED}"` || !isSecretName(name)) return whole;
      // A dword's data is the number it is; "dword:" with anything but 1-8 hex digits is text, judged as such.
      const data = /^dword:[0-9a-fA-F]{1,8}$/.test(value) ? parseInt(value.slice(6), 16) : value.startsWith('"') ? value.replace(/^"|"$/g, '') : value;
      if (!isSecretRegistryText(keys, at, name, data)) return whole;
      found?.(String(data));
      return `${head}"${REDACTED}"`;
    });
  }
  if (named && out.includes("'") && out.includes('{')) out = redactQuotedDicts(out, found);
  if (named && QUOTED_NAME_MARK.test(out)) out = redactQuotedPairs(out, found);
  if (named && out.includes('<') && out.includes('=')) out = redactXmlPairs(out, found);
  if (named && out.includes('<') && out.includes('=')) out = redactLooseXmlValues(out, found);
  if (named && out.includes('</')) out = redactXmlContainers(out, found);
  if (out.includes('</')) {
    out = out.replace(XML_ELEMENT, (whole, name: string, attrs: string | undefined, value: string, at: number, text: string) => {
      if (isNoValue(value) || value === REDACTED || isUserOfMaskedHash(value) || !isSecretName(name) || isSwitchAfterSecretWord(name, value, text, at + whole.indexOf('>') + 1)) return whole;
      found?.(value.trim());
      return `<${name}${attrs ?? ''}>${REDACTED}</${name}>`;
    });
  }
  if (out.includes('REG_')) out = redactRegQuery(out, found);
  out = redactNamesUnderSecretKeys(out, found);
  if (out.includes('://') && out.includes('@')) {
    out = out.replace(URL_PASSWORD, (whole, head: string, pw: string) => {
      if (pw === REDACTED || isNoValue(pw)) return whole;
      found?.(pw);
      return `${head}:${REDACTED}@`;
    });
    out = out.replace(URL_USER_TOKEN, (whole, head: string, user: string) => {
      if (!isTokenUser(user)) return whole;
      found?.(user);
      return `${head}${REDACTED}@`;
    });
  }
  return out;
}

/**
 * A URL whose userinfo is one part, no ":" ("https://TOKEN@github.com/org/repo.git", as git and CI tools write
 * a personal access token): a token when it looks like one (isTokenUser); a user name ("git@", "anonymous@") stays.
 */
const URL_USER_TOKEN = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/:@]{6,256})@(?=[^\s@/?#]*(?:[\s/?#]|$))/g;
/**
 * A userinfo that is a token rather than a name: letters and digits, 12 characters or more (a name rarely has both at
 * that length); from 6, when letters and digits alternate more than once ("ab12cd34"), as a name ("svc01", "user2024",
 * "2024user", "mr-02") does not: one run of letters and one of digits, in either order, stays a name.
 */
function isTokenUser(user: string): boolean {
  if (user === REDACTED || user.includes(REDACTED) || !/[A-Za-z]/.test(user) || !/[0-9]/.test(user)) return false;
  return user.length >= 12 || !/^(?:[^0-9]+[0-9]+|[0-9]+[^0-9]+)$/.test(user);
}

/**
 * Network devices' configuration lines, whose secret follows its type's digit ("enable secret 5 $1$…",
 * "username x password 7 0822…", "tacacs-server key 7 …", "key-string 0 …"): the word after the digit is
 * masked, unless it is a word of small letters alone outside such a line ("password 7 days" is prose).
 */
const DEVICE_SECRET = /(^|[ \t])((?:password|secret|key-string|key)[ \t]+[0-9][ \t]+)([^\s]+)/gim;
const DEVICE_LINE = /^[ \t]*(?:username|enable|tacacs-server|radius-server|key-string|key|line|ppp|snmp-server|ip[ \t]+ospf|wpa-psk)\b/i;
/**
 * A .pgpass line ("host:port:database:user:password", "*" for any part): the fifth part. The port is digits or
 * "*", so a time ("12:30:45") or a MAC address (six parts) is no such line.
 */
const PGPASS_LINE = /^([^:\s#][^:\s]*:(?:[0-9]{1,5}|\*):[^:\s]+:[^:\s]+:)((?:[^:\\\r\n]|\\.)+)$/gm;

/**
 * An SNMP community on a network device's or agent's configuration line, whatever its form (a community is a
 * password, and "public" or "Xyz" is as much one as "s3cr3t"): the word (or quoted text) after "community" on a
 * line whose first word is snmp-server (Cisco, Aruba, Dell), snmp-agent (Huawei, after its "read"/"write" and
 * "cipher"/"simple"), snmp (Juniper's "set snmp community …", after at most three words), and after snmpd.conf's
 * rocommunity, rwcommunity, trapcommunity (and their "6" forms) first on the line. Not a word of prose or of the
 * community's form ("snmp community string is …", "snmp community of …"), which the label and prose rules read.
 * "snmp-server" and "snmp-agent", no word of prose, count after a blank too (a line quoted in a note).
 */
const SNMP_COMMUNITY_LINE = /((?:^[ \t]*(?:(?:set|no)[ \t]+)?snmp|(?:^|(?<=[ \t]))snmp-(?:server|agent))[ \t]+(?:(?!community\b)[^\s]+[ \t]+){0,3}community(?:[ \t]+(?:read|write|cipher|simple))*[ \t]+|^[ \t]*(?:ro|rw|trap)community6?[ \t]+)(?!(?:string|name|value|is|was|are|set|changed|of|for|in)\b|[:=])("[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)/gim;

/**
 * A community and its access after it, as an SNMP configuration line gives them, wherever the line stands (no
 * "snmp-server" before it: a line quoted in a note, "community Xyz RO 10", "set community public rw"). The access word
 * tells a value there, whatever its form; not a word of the community's form ("community string RO").
 */
const COMMUNITY_ACCESS = /(\bcommunity[ \t]+)(?!(?:string|name|value|is|was|are|set|changed|of|for|in)\b)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)(?=[ \t]+(?:ro|rw|read-?only|read-?write)(?![^\s,;.)]))/gi;

/**
 * A RADIUS or TACACS+ server's shared key on a network device's line with no type digit before it
 * ("radius-server key Xyz", "tacacs-server host 10.0.0.5 key Xyz", "radius-server host 10.0.0.5 auth-port 1812 key Xyz"),
 * wherever the line stands, whatever the key's form: the word after "key" is the secret (after a digit, DEVICE_SECRET's).
 */
const AAA_SERVER_KEY = /((?:^|(?<=[ \t]))(?:tacacs-server|radius-server)(?:[ \t]+host[ \t]+[^\s]+(?:[ \t]+(?:auth-port|acct-port|port|timeout|single-connection)(?:[ \t]+[0-9]+)?)*)?[ \t]+key[ \t]+)(?![0-9][ \t])("[^"\r\n]*"|[^\s"]+)/gi;

/**
 * net-snmp's "com2sec NAME SOURCE COMMUNITY" (snmpd.conf; "com2sec6", "-Cn CONTEXT"): the last word is the community. First on
 * its line, or quoted in a note with a source as snmpd.conf gives one ("SNMP: com2sec ro default X", "… 10.0.0.0/8 X", "… host.example X").
 * A closing mark after the community (")", a docs text's "`") stays outside the mask.
 */
const SNMP_COM2SEC = /((?:^[ \t]*com2sec6?[ \t]+(?:-Cn[ \t]+[^\s]+[ \t]+)?[^\s]+[ \t]+[^\s]+|(?<=[\s:;,("'`])com2sec6?[ \t]+(?:-Cn[ \t]+[^\s]+[ \t]+)?[^\s]+[ \t]+(?:default|localhost|[0-9a-fA-F:.]*[0-9:][0-9a-fA-F:./]*|[\w-]+\.[\w.-]+))[ \t]+)("[^"\r\n]*"|[^\s"]+?)(?=[)\],;`]?(?:\s|$))/gim;
/**
 * An SNMPv3 user's authentication and privacy passphrases: net-snmp's "createUser NAME SHA X AES Y", Cisco's "snmp-server
 * user NAME GROUP v3 auth sha X priv aes 128 Y", Huawei's "snmp-agent usm-user … authentication-mode sha X privacy-mode aes128 Y":
 * the word after each protocol's name (or its "-l"/"-k" switch), a docs text's closing "`" after the last one kept outside the mask.
 */
const SNMP_USER_LINE = /(?<![\w$.-])createUser[ \t][^\r\n]*|\bsnmp-(?:server[ \t]+user|agent[ \t]+usm-user)\b[^\r\n]*/gim;
const SNMP_USER_KEY = /(\b(?:md5|sha(?:-?[0-9]{1,3})?|des|3des|aes(?:[ \t-]?(?:128|192|256))?)[ \t]+(?:-[lk][ \t]+)?)(?!(?:priv|privacy-mode|access|acl|[0-9]{1,3})(?:\s|$))("[^"\r\n]*"|[^\s"]+?(?=`?(?:\s|$)|"))/gi;

/** DEVICE_SECRET, SNMP_COMMUNITY_LINE, COMMUNITY_ACCESS, SNMP_COM2SEC, SNMP_USER_LINE, AAA_SERVER_KEY and PGPASS_LINE masked. */
function redactDeviceSecrets(s: string, found: Found): string {
  let out = s;
  if (/community/i.test(out)) {
    out = out.replace(SNMP_COMMUNITY_LINE, (whole, head: string, value: string) => {
      if (value.startsWith(REDACTED) || value.startsWith(`"${REDACTED}`) || value.startsWith(`'${REDACTED}`) || isNoValue(value)) return whole;
      found?.(bare(value));
      const quote = /^["']/.test(value) ? value[0] : '';
      return `${head}${quote}${REDACTED}${quote}`;
    });
    out = out.replace(COMMUNITY_ACCESS, (whole, head: string, value: string) => {
      if (value.replace(/^["']/, '').startsWith(REDACTED) || isNoValue(value)) return whole;
      found?.(bare(value));
      const quote = /^["']/.test(value) ? value[0] : '';
      return `${head}${quote}${REDACTED}${quote}`;
    });
  }
  if (/com2sec|createUser|snmp-/i.test(out)) {
    out = out.replace(SNMP_COM2SEC, (whole, head: string, value: string) => {
      if (value.replace(/^"/, '').startsWith(REDACTED) || isNoValue(value)) return whole;
      found?.(bare(value));
      return `${head}${value.startsWith('"') ? `"${REDACTED}"` : REDACTED}`;
    });
    out = out.replace(SNMP_USER_LINE, (line) => line.replace(SNMP_USER_KEY, (whole, head: string, value: string) => {
      if (value.replace(/^"/, '').startsWith(REDACTED) || isNoValue(value)) return whole;
      found?.(bare(value));
      return `${head}${value.startsWith('"') ? `"${REDACTED}"` : REDACTED}`;
    }));
  }
  if (/(?:radius|tacacs)-server/i.test(out)) {
    out = out.replace(AAA_SERVER_KEY, (whole, head: string, value: string) => {
      if (value.replace(/^"/, '').startsWith(REDACTED) || isNoValue(value)) return whole;
      found?.(bare(value));
      return `${head}${value.startsWith('"') ? `"${REDACTED}"` : REDACTED}`;
    });
  }
  if (/(?:password|secret|key)[ \t]+[0-9][ \t]/i.test(out)) {
    out = out.replace(DEVICE_SECRET, (whole, lead: string, head: string, value: string, at: number, text: string) => {
      const lineStart = Math.max(text.lastIndexOf('\n', at), text.lastIndexOf('\r', at)) + 1;
      if (value.startsWith(REDACTED) || isNoValue(value) || (/^[a-z]+[.,;]?$/.test(value) && !DEVICE_LINE.test(text.slice(lineStart, at + 1)))) return whole;
      found?.(value);
      return `${lead}${head}${REDACTED}`;
    });
  }
  if (out.includes(':')) {
    out = out.replace(PGPASS_LINE, (whole, head: string, pw: string) => {
      if (pw.startsWith(REDACTED) || isNoValue(pw)) return whole;
      found?.(pw);
      return `${head}${REDACTED}`;
    });
  }
  return out;
}

/**
 * A value quoted for a message (JSON), with a secret in it masked as in a snapshot: a password=
 * pair, a URL's password, a private key, a member with a secret name. Messages reach the terminal,
 * logs and (assess --keep-going) every report.
 */
export function quoted(v: unknown): string {
  // Under a secret name every form is the secret (a number, a list, an object: `"bindPassword": 12345`), as in
  // redactSnapshot; only true/false/null say nothing (not every quoted value passes through redactText again).
  // A text of megabytes (a garbled export's field, quoted by the parser refusing it) is masked in its first
  // MASKED_PREFIX_CHARS only: the message shows 200 characters, and masking 50 MB took seconds.
  const shown = typeof v === 'string' && v.length > MASKED_PREFIX_CHARS ? v.slice(0, MASKED_PREFIX_CHARS) : v;
  const whole = JSON.stringify(shown, (k, x: unknown) => (k !== '' && isSecretName(k) && x !== null && typeof x !== 'boolean' ? REDACTED : typeof x !== 'string' ? x : redactText(x)));
  // Masked first, then cut: a cut before masking could leave a secret its rule no longer recognises.
  return whole === undefined ? whole : cappedQuote(whole, typeof v === 'string' ? codePointCount(v) : whole.length);
}

/**
 * How much of a long text `quoted` masks before cutting it to MAX_QUOTED_CHARS: far more than the
 * context any rule reads after a secret's start (the longest value ingest reads, MAX_VALUE_CHARS).
 */
const MASKED_PREFIX_CHARS = 65536 * 4;

/**
 * How many characters (code points) a text has, counted without `[...text]`: a parser's refusal quotes
 * the value it could not read, and a 50 MB field spread into an array took 3 s and 1 GB of memory
 * before the message was cut to its first 200 characters.
 */
function codePointCount(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** The most characters of a value's JSON a message quotes: a 200,000-character name made a message as long. */
export const MAX_QUOTED_CHARS = 200;

/**
 * A quoted value's JSON cut to its first MAX_QUOTED_CHARS characters, then "…" and how long the value is
 * (`length`): `"AAAA…" (200000 characters)`. The cut falls between whole characters of the JSON: never inside
 * an escape ("\u00e9", "\""), a surrogate pair (an emoji) or a mask (a cut "[REDAC" reads as neither).
 */
function cappedQuote(json: string, length: number): string {
  if (json.length <= MAX_QUOTED_CHARS) return json;
  // A string's closing quote is added back after the "…", so the cut has one character less.
  const isText = json.startsWith('"');
  const limit = MAX_QUOTED_CHARS - (isText ? 1 : 0);
  let cut = 0;
  for (;;) {
    const c = json.charCodeAt(cut);
    const step = c === 0x5c ? (json[cut + 1] === 'u' ? 6 : 2) : c >= 0xd800 && c <= 0xdbff && (json.charCodeAt(cut + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    if (cut + step > limit) break;
    cut += step;
  }
  const mask = json.lastIndexOf(REDACTED.slice(0, -1), cut);
  if (mask >= 0 && mask + REDACTED.length > cut) cut = mask;
  return `${json.slice(0, cut)}…${isText ? '"' : ''} (${length} characters)`;
}

/** How the reason of a result decided on a value masked as a secret's copy begins (plain-wording.ts tells it by this). */
export const MASKED_REASON_HEAD = 'a value read holds text masked as a secret';

/** Why a result on values masked as a secret's copies (their pointers) is not collected. */
export const maskedValuesReason = (pointers: readonly string[]): string =>
  `${MASKED_REASON_HEAD} (${pointers.join(', ')}): the snapshot repeats there a secret found elsewhere in it, or the export arrived masked, so the console's real value is not known`;

/**
 * A text shortened to at most `max` characters with "…" (a cell of drift.md, a value of the monitoring
 * PDF), never inside a mask: a cut "[REDAC…" reads as neither the mask nor the value, so a mask the cut
 * would split goes whole.
 */
export function shortenedText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  const mask = s.lastIndexOf(REDACTED.slice(0, -1), cut);
  if (mask >= 0 && mask + REDACTED.length > cut) cut = mask;
  return `${s.slice(0, cut)}…`;
}

// ---- the walk ----

/** A secret this long or longer is also masked wherever else it appears (shorter ones would mask ordinary text). */
export const MIN_COPIED_SECRET = 6;

/**
 * In-memory only, never serialised: for each container whose member was redacted, a digest of
 * the value it held, so that `diff` of two raw snapshots can still say a secret CHANGED (both
 * sides show [REDACTED]). Keyed by the redacted container object.
 */
const FINGERPRINTS = new WeakMap<object, Map<string | number, string>>();
/** Snapshots redacted in this run (their members' fingerprints are known): see `redactedHere`. */
const REDACTED_HERE = new WeakSet<object>();

/**
 * True if `snapshot` is one `redactSnapshot` changed in this run. Two such snapshots whose redacted
 * bytes hash alike may still differ behind [REDACTED]: only their fingerprints tell.
 */
export function redactedHere(snapshot: object): boolean {
  return REDACTED_HERE.has(snapshot);
}

/**
 * In-memory only, never serialised (a hash of bytes holding a secret would let anyone test guesses
 * of it): the SHA-256 of the bytes a redacted snapshot was read from, so that two reads of the same
 * file are known the same without comparing them member by member (`sameRawBytes`).
 */
const RAW_DIGESTS = new WeakMap<object, string>();

/** Records the digest of the bytes `redacted` was read from (see RAW_DIGESTS). */
export function noteRawDigest(redacted: object, sha256: string): void {
  RAW_DIGESTS.set(redacted, sha256);
}

/** True when both redacted snapshots are known to come from the same bytes, secrets included. */
export function sameRawBytes(a: object, b: object): boolean {
  const d = RAW_DIGESTS.get(a);
  return d !== undefined && d === RAW_DIGESTS.get(b);
}

/** The digest of the secret a redacted member held (undefined: none recorded, e.g. redacted on disk). */
export function secretFingerprint(container: object, key: string | number): string | undefined {
  return FINGERPRINTS.get(container)?.get(key);
}

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A shallow copy that keeps every own key, "__proto__" included (JSON.parse makes it an own key). */
function copyOf(o: Json): Json {
  const out: Json = {};
  for (const k of Object.keys(o)) setOwn(out, k, o[k]);
  return out;
}

/**
 * What `redactTextFinding` made of a text: the text out and the secrets it told, in order. A
 * fleet's snapshots hold the same texts device after device (and OLD and NEW of a device nearly
 * all the same), and the text rules are pure: each distinct text is read by them once, and its
 * secrets are told again to each snapshot that holds it. Bounded (cleared when full), so memory
 * stays flat whatever the fleet.
 */
const TEXT_RULES_SEEN = new Map<string, { out: string; found: readonly string[] }>();
const TEXT_RULES_MAX_ENTRIES = 50_000;
const TEXT_RULES_MAX_CHARS = 8_000_000;
let textRulesChars = 0;
const NONE_FOUND: readonly string[] = [];

/**
 * A word no text rule can change or find a secret in: letters, digits, ".", "_" and "-" only, shorter
 * than 40 characters. Every rule of `redactTextFinding` needs more (derived from each, and held to it by
 * test/secrets-inert-text.test.ts): a blank, "=", ":", a quote, "<", "\\", "/" or "://" (pairs,
 * labels, switches, prose, commands, JSON, XML, .reg and reg query text, paths under secret keys,
 * URLs, PEM and PuTTY keys, password hashes, "sig="), or a run of base64 alone: an AWS secret key
 * (40 characters), a bare private key (64 and more), or a token of its own form, which TOKEN_HINT
 * tells from 15 characters on. Most of a snapshot's strings are such words ("enabled",
 * "passwordRequired", "Win11-23H2"): they skip the memo, whose look-up (hashing and comparing
 * each fresh string) cost more than this test.
 */
const INERT_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-') INERT_CHAR[c.charCodeAt(0)] = 1;
export function textRulesCannotTouch(s: string): boolean {
  const n = s.length;
  if (n >= 40) return false;
  // A loop over a table: a regular expression's call cost more than the look-up it saves.
  for (let i = 0; i < n; i++) if (INERT_CHAR[s.charCodeAt(i)] !== 1) return false;
  return n < 15 || !TOKEN_HINT.test(s);
}

function redactTextRemembered(s: string, found: (secret: string) => void): string {
  if (textRulesCannotTouch(s)) return s;
  let hit = TEXT_RULES_SEEN.get(s);
  if (hit === undefined) {
    let told: string[] | undefined;
    const out = redactTextFinding(s, (secret) => (told ??= []).push(secret));
    hit = { out, found: told ?? NONE_FOUND };
    if (TEXT_RULES_SEEN.size >= TEXT_RULES_MAX_ENTRIES || textRulesChars + s.length > TEXT_RULES_MAX_CHARS) {
      TEXT_RULES_SEEN.clear();
      textRulesChars = 0;
    }
    TEXT_RULES_SEEN.set(s, hit);
    textRulesChars += s.length;
  }
  for (const f of hit.found) found(f);
  return hit.out;
}

/**
 * What the walk asks of each key, found once per distinct key (a fleet's snapshots share nearly all
 * their keys, and the walk asked it of every member): its name's verdict (`nameVerdict`, in the low
 * bits), whether it names a pair's name or value (PAIR_NAME_KEYS, of 13 characters at most, and PAIR_VALUE_KEYS), whether the text
 * rules may change it or find a secret in it, and whether it is a registry path through a key whose
 * names are secrets. Bounded like NAME_CACHE.
 */
const KEY_VERDICT = 3;
const KEY_PAIR_NAME = 4;
const KEY_PAIR_VALUE = 8;
const KEY_TEXT = 16;
const KEY_NAMES_SECRET = 32;
const KEY_FACTS = new Map<string, number>();

function keyFacts(k: string): number {
  let f = KEY_FACTS.get(k);
  if (f === undefined) {
    let told = false;
    const lower = k.toLowerCase();
    f = nameVerdict(k)
      | (k.length <= 13 && PAIR_NAME_KEYS.has(lower) ? KEY_PAIR_NAME : 0)
      | (PAIR_VALUE_KEYS.has(lower) ? KEY_PAIR_VALUE : 0)
      | (textRulesCannotTouch(k) || (redactTextFinding(k, () => (told = true)) === k && !told) ? 0 : KEY_TEXT)
      | (k.includes('\\') && NAME_SECRET_HINT.test(k) ? KEY_NAMES_SECRET : 0);
    if (KEY_FACTS.size > 100_000) KEY_FACTS.clear();
    KEY_FACTS.set(k, f);
  }
  return f;
}

function setOwn(o: Json, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A switch's word exactly as labels write it ("Enabled", "disabled", "ALLOWED"): see Redactor.value. */
const isSwitchWord = (v: string): boolean => SETTING_TOKENS.includes(v.toLowerCase()) && AS_WRITTEN.test(v);

/** A word that may be a snapshot's value as well as a password (see Redactor.note). */
const PLAIN_WORD = /^[A-Za-z]+(?:[-_][A-Za-z]+)*$/;

class Redactor {
  /** Every secret masked, by name or by a text rule: its other copies are masked too (`maskCopies`). */
  readonly found = new Set<string>();
  /** Whether a key of the snapshot holds a name that is a secret (`redactNamesUnderSecretKeys`). */
  namesUnderSecretKeys = false;
  /** Whether a key of the snapshot holds a secret the text rules find in it (a registry value named "Password=…"). */
  keysWithSecrets = false;
  /**
   * A secret a text rule found. Not a word of letters alone (or joined by "-", "_"): the rules read
   * prose, and what they take for a password there ("the password is running out") is as often a
   * word the snapshot holds as a value ("running", a service's state; "crl-and-ocsp"): masked
   * everywhere, a check reading it could pass on [REDACTED]. It stays masked where it was found.
   */
  private readonly note = (secret: string): void => {
    if (secret !== '' && !secret.includes(REDACTED) && !PLAIN_WORD.test(secret)) this.found.add(secret);
  };

  /**
   * `secret`: the value's path leads through a secret name. `registry`: `v` is a registry value's data (its key a path),
   * where a password's name may hold a switch. Returns `v` itself when nothing changed.
   */
  value(v: unknown, secret: boolean, registry = false): unknown {
    if (typeof v === 'string') {
      if (!secret) return redactTextRemembered(v, this.note);
      if (v === '' || v === REDACTED) return v;
      // A switch's word as a registry value's data under a secret name ("…\\App\\Password" = "Enabled") is masked there,
      // but is no copy: every "Enabled" elsewhere (a registry name "…\\FIPSAlgorithmPolicy\\Enabled", a note) is the
      // word, and masked it would turn the checks reading it to not collected. A typed credential's ("bindPassword":
      // "enabled") is a password that happens to be a word: its copies are masked (secret-setting-word.test.ts).
      if (!(registry && isSwitchWord(v))) this.found.add(v);
      return REDACTED;
    }
    if (typeof v === 'number') {
      if (!secret) return v;
      this.found.add(String(v));
      return REDACTED;
    }
    // true/false/null carry no secret: "DefaultPassword: null" says only that none is set.
    if (typeof v !== 'object' || v === null) return v;
    // The hot path (every member of every snapshot): a loop, not array()/object() with a closure.
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        let y = this.value(x, secret);
        // A key's last, short line in the item after its full lines (one PEM line an item): masked as their run's tail.
        if (y === x && i > 0 && isKeyTailAfter(v[i - 1], out?.[i - 1], x)) {
          if ((x as string).trim().length >= 16) this.note((x as string).trim());
          y = REDACTED;
        }
        if (y !== x) this.changed((out ??= v.slice()), i, x, y);
      }
      return out ?? v;
    }
    let out: Json | undefined;
    const o = v as Json;
    const keys = Object.keys(o);
    const facts = keys.map(keyFacts);
    // A name/value pair ({"name": "BindPassword", "value": …}): the value is judged by the name it is given: the first member named as PAIR_NAME_KEYS holding text.
    let paired: string | undefined;
    // Only a member that may hold a pair's value asks whether the pair's name is a secret.
    if (!secret && facts.some((f) => (f & KEY_PAIR_VALUE) !== 0)) {
      const at = facts.findIndex((f, i) => (f & KEY_PAIR_NAME) !== 0 && typeof o[keys[i]!] === 'string');
      const pairName = at < 0 ? undefined : (o[keys[at]!] as string);
      paired = pairName !== undefined && isSecretName(pairName) ? pairName : undefined;
    }
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const f = facts[i]!;
      // A registry path naming a secret in a key ("…\\ValidCommunities\\<community>"): renamed with the copies (maskCopies).
      if ((f & KEY_NAMES_SECRET) !== 0 && redactNamesUnderSecretKeys(k, this.note) !== k) this.namesUnderSecretKeys = true;
      // A key is text too: a pair or label in it ("…\\Lsa\\Password=…") is masked in the key (maskCopies), its secret everywhere.
      if (!secret && (f & KEY_TEXT) !== 0 && redactTextRemembered(k, this.note) !== k) this.keysWithSecrets = true;
      const x = o[k];
      const verdict = f & KEY_VERDICT;
      const y = this.value(x, secret || verdict === SECRET || (verdict === SECRET_UNLESS_SETTING && !isSettingData(x)) || (paired !== undefined && (f & KEY_PAIR_VALUE) !== 0 && isSecretValue(paired, x)), k.includes('\\'));
      if (y !== x) this.changed((out ??= copyOf(o)), k, x, y);
    }
    return out ?? v;
  }

  /** Sets a changed member of a copy, and the fingerprint of a secret it replaced. */
  private changed(out: Json | unknown[], key: string | number, was: unknown, now: unknown): void {
    if (Array.isArray(out)) out[key as number] = now;
    else setOwn(out, key as string, now);
    // A text with a secret masked inside ("Password=[REDACTED];") reads alike whatever it held: its print tells drift it changed.
    if (now !== REDACTED && !(typeof was === 'string' && typeof now === 'string')) return;
    let prints = FINGERPRINTS.get(out);
    if (!prints) FINGERPRINTS.set(out, (prints = new Map()));
    prints.set(key, fingerprint(was));
  }

  /** Copy-on-write map of an array's members (a member turned into [REDACTED] gets its fingerprint). */
  array(a: unknown[], visit: (x: unknown) => unknown): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = visit(x);
      if (y !== x) this.changed((out ??= a.slice()), i, x, y);
    }
    return out ?? a;
  }

  /** The same for an object's members. */
  object(o: Json, visit: (key: string, x: unknown) => unknown): Json {
    let out: Json | undefined;
    for (const k of Object.keys(o)) {
      const x = o[k];
      const y = visit(k, x);
      if (y !== x) this.changed((out ??= copyOf(o)), k, x, y);
    }
    return out ?? o;
  }

  /** provenance: { pointer: { file, sha256, location, rule, alternatives: [{ file, sha256, location, value }] } }. */
  provenance(table: Json): Json {
    return this.object(table, (pointer, entry) => {
      if (!isObj(entry)) return this.value(entry, isSecretAt(pointer, entry));
      return this.object(entry, (k, x) => {
        if (k !== 'alternatives' || !Array.isArray(x)) return this.value(x, isSecretValue(k, x));
        // An alternative is the value another source gave for `pointer`: secret when the pointer is.
        return this.array(x, (alt) => (isObj(alt) ? this.pointed(pointer, alt) : this.value(alt, isSecretAt(pointer, alt))));
      });
    });
  }

  /** intended: { pointer: { value, file, sha256, location } }: the value is judged by its pointer, the rest by their names. */
  intended(table: Json): Json {
    return this.object(table, (pointer, entry) => (isObj(entry) ? this.pointed(pointer, entry) : this.value(entry, isSecretAt(pointer, entry))));
  }

  /** An object holding the `value` found at `pointer`, beside members of its own (file, location…). */
  private pointed(pointer: string, o: Json): Json {
    return this.object(o, (k, x) => this.value(x, isSecretValue(k, x) || (k === 'value' && isSecretAt(pointer, x))));
  }
}

function fingerprint(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v) ?? '').digest('hex');
}

/** A text with every copy of the secrets found replaced by [REDACTED] (longest first). */
function maskText(s: string, copies: readonly string[]): string {
  for (const c of copies) if (s.includes(c)) s = s.split(c).join(REDACTED);
  return s;
}

/** A key with what the text rules mask in it masked, when some key held such a secret (a word of letters alone included, which is no copy elsewhere). */
function maskKeyText(k: string, keyText: boolean): string {
  return keyText ? redactTextRemembered(k, () => {}) : k;
}

/**
 * Masks every copy of the secrets found, in every text but hashes, in every number equal to one
 * (a PIN "482913" repeated as the number 482913 becomes the text "[REDACTED]"), and in every key
 * (a registry path or a map keyed by an account or a token: "…\Sessions\<token>\Open"). Keys
 * that mask alike in one object keep every member: the later ones, in key order, are numbered
 * ("…\[REDACTED]\Open (2)"), so no value is lost to another.
 */
function maskCopies(v: unknown, copies: readonly string[], numbers: ReadonlySet<string>, names: boolean, keyText: boolean, key?: string): unknown {
  if (typeof v === 'string') {
    if (key === 'sha256' || v === REDACTED) return v;
    // A typed field's own setting word ("enabled") is no copy of a secret that is that word: in free text it still is.
    if (key !== undefined && isEnumeratedWord(key, v)) return v;
    return maskText(v, copies);
  }
  if (typeof v === 'number') return numbers.has(String(v)) ? REDACTED : v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      // The items of a list of setting words are judged by the list's name (schema `items.enum`).
      const y = maskCopies(x, copies, numbers, names, keyText, typeof x === 'string' ? key : undefined);
      if (y !== x) (out ??= v.slice())[i] = y;
    });
    if (out && FINGERPRINTS.has(v)) FINGERPRINTS.set(out, FINGERPRINTS.get(v)!);
    return out ?? v;
  }
  if (isObj(v)) {
    let out: Json | undefined;
    const keys = Object.keys(v);
    // A field name of the format ("enabled") is not the console's data, whatever secret spells it.
    const renamed = keys.map((k) => (isSchemaFieldName(k) ? k : maskKeyText(names && k.includes('\\') ? redactNamesUnderSecretKeys(maskText(k, copies), undefined) : maskText(k, copies), keyText)));
    const anyRenamed = renamed.some((k, i) => k !== keys[i]);
    const taken = new Set(anyRenamed ? keys.filter((k, i) => renamed[i] === k) : []);
    if (anyRenamed) out = {};
    keys.forEach((k, i) => {
      const x = v[k];
      const y = maskCopies(x, copies, numbers, names, keyText, k);
      if (!anyRenamed) {
        if (y === x) return;
        out ??= copyOf(v);
        setOwn(out, k, y);
        return;
      }
      let name = renamed[i]!;
      if (name !== k) {
        for (let n = 2; taken.has(name); n++) name = `${renamed[i]} (${n})`;
        taken.add(name);
      }
      setOwn(out!, name, y);
    });
    if (out && (FINGERPRINTS.has(v) || anyRenamed)) {
      // A fingerprint follows its member to its masked name.
      const prints = new Map<string | number, string>();
      const outKeys = Object.keys(out);
      for (const [k, d] of FINGERPRINTS.get(v) ?? []) prints.set(typeof k === 'string' && keys.includes(k) ? outKeys[keys.indexOf(k)]! : k, d);
      // A name that was the secret (an SNMP community) is part of what its masked member held, whatever the member's
      // data (a community's rights, a trap destination): a community replaced is a change drift tells.
      if (names || keyText) keys.forEach((k, i) => {
        const now = outKeys[i]!;
        if (now !== k) prints.set(now, fingerprint([k, prints.get(now) ?? null]));
      });
      if (prints.size) FINGERPRINTS.set(out, prints);
    }
    return out ?? v;
  }
  return v;
}

/**
 * The snapshot with every secret replaced by "[REDACTED]" (see the top of this file), or the
 * snapshot itself when it holds none. The input is never changed; unchanged parts are shared.
 * Empty values stay empty (nothing to hide, and "no autologon password" is evidence).
 */
export function redactSnapshot(s: Snapshot): Snapshot {
  const r = new Redactor();
  let out = redactMembers(r, s as unknown as Json);
  const copies = copiesOf(r);
  // A number is a copy when it is one whole: "482913" the PIN and 482913 the value (6 digits or more, as copies are).
  if (copies.length || r.namesUnderSecretKeys || r.keysWithSecrets) out = maskCopies(out, copies, new Set(copies.filter((c) => /^[0-9]+$/.test(c))), r.namesUnderSecretKeys, r.keysWithSecrets) as Json;
  if (out !== (s as unknown as Json)) REDACTED_HERE.add(out);
  if (copies.length) FOUND.set(out, copies);
  return out as unknown as Snapshot;
}

/** The secrets (and their encodings) a redaction masked, by the snapshot it returned: in memory only, never written. */
const FOUND = new WeakMap<object, readonly string[]>();

/**
 * The secrets `redactSnapshot` found in the snapshot it returned, longest first (none for one it
 * did not redact). A comparison masks them in the other side too: a bind password of OLD that NEW
 * states as a plain value elsewhere (a location) is still the password.
 */
export function secretsFoundIn(s: object): readonly string[] {
  return FOUND.get(s) ?? NONE_FOUND;
}

/** Lists of secrets as one, longest first (a shorter secret inside a longer one is masked after it). */
export function secretsTogether(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())].sort((a, b) => b.length - a.length);
}

/** A value (a setting's old or new value, a text) with every copy of the given secrets masked, as in a snapshot. */
export function maskCopiesIn(v: unknown, secrets: readonly string[]): unknown {
  return secrets.length ? maskCopies(v, secrets, new Set(secrets.filter((c) => /^[0-9]+$/.test(c))), false, false) : v;
}

function redactMembers(r: Redactor, o: Json): Json {
  return r.object(o, (k, x) => (k === 'provenance' && isObj(x) ? r.provenance(x) : k === 'intended' && isObj(x) ? r.intended(x) : r.value(x, isSecretValue(k, x))));
}

/** The secrets found that are masked wherever else they appear, longest first. */
function copiesOf(r: Redactor): string[] {
  return withEncodings(r.found);
}

// ---- secrets encoded ----

/** Registry binary data as a snapshot, a .reg file or reg query writes it: "hex:7061…", "hex(3):70,61,…", "7061…". */
const HEX_DATA = /^(?:hex(?:\([0-9a-fA-F]+\))?:)?((?:[0-9a-fA-F]{2}[,\s\\]*)+)$/;
const BASE64_DATA = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Text as a password is: no control characters, no replacement character (bytes that were no text). */
const PRINTABLE = /^[^\u0000-\u001f\u007f\ufffd]+$/;

/** The text bytes spell, as UTF-16LE when every second byte of pairs is 0 (what Windows stores), else UTF-8; without trailing NULs. */
function textOfBytes(bytes: Buffer): string | undefined {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end === 0) return undefined;
  let wide = bytes.length >= 2 && bytes.length % 2 === 0;
  for (let i = 1; wide && i < end; i += 2) if (bytes[i] !== 0) wide = false;
  const text = wide ? bytes.subarray(0, end + (end % 2)).toString('utf16le').replace(/\u0000+$/, '') : bytes.subarray(0, end).toString('utf8');
  return PRINTABLE.test(text) ? text : undefined;
}

/**
 * The text a secret's data spells when it is an encoding of text: registry binary data (a
 * password stored as REG_BINARY under DefaultPassword) or base64 (a password under "PasswordB64"),
 * in UTF-8 or UTF-16LE. Undefined when it is none, or spells no printable text (a key's bytes).
 */
export function decodedSecret(data: string): string | undefined {
  const hex = HEX_DATA.exec(data.trim());
  if (hex && (hex[1]!.length >= 4 || data.startsWith('hex'))) {
    const digits = hex[1]!.replace(/[,\s\\]/g, '');
    if (digits.length % 2 === 0) return textOfBytes(Buffer.from(digits, 'hex'));
  }
  // Base64 of at least 8 characters: a short word ("pass1234") is a password more often than an encoding.
  if (data.length >= 8 && BASE64_DATA.test(data)) {
    const text = textOfBytes(Buffer.from(data, 'base64'));
    // A password that only looks like base64 decodes to noise: taken as an encoding when it spells letters and digits mostly.
    if (text !== undefined && (text.match(/[A-Za-z0-9]/g)?.length ?? 0) * 2 > text.length) return text;
  }
  return undefined;
}

/** How exports write a secret's text encoded: the registry's hex of its UTF-8 and UTF-16LE bytes (lower and upper case, bare and with commas), base64 of both. */
function encodingsOf(secret: string): string[] {
  const out: string[] = [];
  for (const bytes of [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')]) {
    const hex = bytes.toString('hex');
    const commas = hex.replace(/(..)(?!$)/g, '$1,');
    out.push(hex, hex.toUpperCase(), commas, commas.toUpperCase(), bytes.toString('base64').replace(/=+$/, ''));
  }
  return out;
}

/**
 * The secrets to mask wherever else they appear, longest first: each found (6 characters or more),
 * the text its data spells when it is an encoding (a REG_BINARY or base64 password: its plain copy in
 * a note), and the encodings of each such text (its plain copy under a secret name, its hex in a
 * REG_BINARY value elsewhere).
 */
function withEncodings(found: Iterable<string>): string[] {
  const texts = new Set<string>();
  for (const c of found) {
    if (c.length >= MIN_COPIED_SECRET) texts.add(c);
    const decoded = c.length >= MIN_COPIED_SECRET ? decodedSecret(c) : undefined;
    if (decoded !== undefined && decoded.length >= MIN_COPIED_SECRET) texts.add(decoded);
  }
  const all = new Set(texts);
  for (const t of texts) for (const e of encodingsOf(t)) all.add(e);
  return [...all].sort((a, b) => b.length - a.length);
}

/**
 * A message about a document that may not be a valid snapshot (a schema error names a key, a
 * key written twice), with every copy of the secrets the document holds masked, as redaction
 * would mask them in the document: "unknown property \"<the bind password>\"" must not print it.
 */
export function maskDocumentSecrets(doc: unknown, text: string): string {
  if (!isObj(doc)) return text;
  const r = new Redactor();
  redactMembers(r, doc);
  return maskText(text, copiesOf(r));
}

/**
 * The secrets a parsed document (an export file's JSON) holds, as its redaction would find them:
 * by name whatever escapes spelt the name ("\\u0070assword"), and by the text rules in its texts.
 */
export function secretsInDocument(doc: unknown): string[] {
  const r = new Redactor();
  r.value(doc, false);
  return copiesOf(r);
}

/**
 * A snapshot with every copy of the given secrets masked, as `redactSnapshot` masks the copies of
 * those it finds: for the secrets of the files an ingest read, which the snapshot may not carry (a
 * vendor file's bind password is not read) while another of its values repeats one.
 */
export function maskSnapshotCopies(s: Snapshot, secrets: readonly string[]): Snapshot {
  return maskCopiesIn(s, secrets) as Snapshot;
}

/**
 * The secrets the text rules find in a whole text (an export file as read), that are masked
 * wherever else they appear: 6 characters or more, not a word of letters alone (as for a snapshot).
 */
export function secretsInText(text: string): string[] {
  const found = new Set<string>();
  redactTextFinding(text, (secret) => {
    if (secret !== '' && !secret.includes(REDACTED) && !PLAIN_WORD.test(secret)) found.add(secret);
  });
  return withEncodings(found);
}

/** A text with every copy of the given secrets masked (longest first, as `secretsInText` gives them). */
export function maskSecretCopies(text: string, secrets: readonly string[]): string {
  return maskCutCopies(maskText(text, secrets), secrets);
}

/** `text` shortened to `max` characters for a message, the cut marked so that a copy of a secret it cuts is still masked (maskSecretCopies). */
export function cutForMessage(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A copy of a secret that a message's shortening cut ("…Password=S3c…") no longer matches the
 * secret, and its start would show: the start of a secret right before a cut mark is masked too
 * (3 characters or more: shorter is no telling start).
 */
function maskCutCopies(s: string, secrets: readonly string[]): string {
  // The marks a message's shortening leaves: cutForMessage's "…", firstLinePreview's "...".
  if (!s.includes('…') && !s.includes('...')) return s;
  return s.replace(/([^]*?)(…|\.\.\.)/g, (_m, before: string, mark: string) => {
    for (const c of secrets) {
      for (let k = Math.min(c.length - 1, before.length); k >= 3; k--) {
        if (before.endsWith(c.slice(0, k))) return `${before.slice(0, before.length - k)}${REDACTED}${mark}`;
      }
    }
    return before + mark;
  });
}

// ---- a secret that moved between collections ----

/** A word of free text, as PROSE_BARE reads one. */
const MOVED_WORD = /[^\s"'`,;()<>[\]{}]{6,64}/g;
/** A file's digest or a certificate's thumbprint (hex, 32 digits and more) or a GUID: a collection's own identifiers, never masked as moved. */
const DIGEST_OR_GUID = /^(?:[0-9a-fA-F]{32,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/**
 * A device's snapshot (`current`, redacted) judged against its previous collection (`previous`, as the
 * evidence store keeps it: redacted). A masked value of `previous` that `current` no longer holds at its
 * place (the bind password gone from `access.ldap.bindPassword`) may have moved, into a field no rule
 * reads as secret (a note, a location) where neither the name nor the text says what it is: its raw value
 * is not kept anywhere (a hash of it would let anyone test guesses), so it cannot be looked for. Then every
 * text of `current` that `previous` did not hold, a new or changed value, has each word that looks like a
 * password (`secretLooking`, 6 to 64 characters) masked. Returns undefined when nothing is masked. The
 * trade-off: in that collection a new host name or identifier of that form is masked too (its check is then
 * not collected), never shown where it could be the moved secret.
 */
export function maskMovedSecrets(previous: unknown, current: Snapshot): Snapshot | undefined {
  const before = new Set<string>();
  let moved = false;
  const walk = (p: unknown, c: unknown): void => {
    if (typeof p === 'string') {
      before.add(p);
      if (p.includes(REDACTED) && c !== p) moved = true;
    } else if (Array.isArray(p)) {
      p.forEach((x, i) => walk(x, Array.isArray(c) ? c[i] : undefined));
    } else if (isObj(p)) {
      for (const k of Object.keys(p)) {
        before.add(k);
        walk(p[k], isObj(c) && Object.prototype.hasOwnProperty.call(c, k) ? c[k] : undefined);
      }
    }
  };
  walk(previous, current);
  if (!moved) return undefined;
  let changed = false;
  const mask = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (before.has(v)) return v;
      const out = v.replace(MOVED_WORD, (w) => {
        const word = w.replace(/[.!?:]+$/, '');
        if (word.includes(REDACTED) || !secretLooking(word) || isSettingData(word) || DIGEST_OR_GUID.test(word)) return w;
        changed = true;
        return REDACTED + w.slice(word.length);
      });
      return out;
    }
    if (Array.isArray(v)) return v.map(mask);
    if (isObj(v)) {
      const o: Json = {};
      for (const k of Object.keys(v)) setOwn(o, k, mask(v[k]));
      return o;
    }
    return v;
  };
  const out = mask(current) as Snapshot;
  return changed ? out : undefined;
}

/**
 * `current` (a later collection of the device) as compared with `previous`, both redacted: a secret `previous`
 * held is one in `current` too, wherever `current` states it, and check details made from `current` must not
 * show it either (a bind password pasted as the syslog server: AUDIT-FORWARD's detail quoted it). Read raw in
 * this run, `previous`'s secrets are known, and every copy of them is masked; read masked (an evidence copy, a
 * store object), only maskMovedSecrets can guess.
 */
export function maskedAgainst(previous: Snapshot, current: Snapshot): Snapshot {
  if (!REDACTED_HERE.has(previous)) return maskMovedSecrets(previous, current) ?? current;
  const secrets = secretsFoundIn(previous);
  const out = secrets.length ? (maskCopiesIn(current, secretsTogether(secrets)) as Snapshot) : current;
  if (out !== current && REDACTED_HERE.has(current)) {
    REDACTED_HERE.add(out);
    const raw = RAW_DIGESTS.get(current);
    if (raw !== undefined) RAW_DIGESTS.set(out, raw);
  }
  return out;
}
