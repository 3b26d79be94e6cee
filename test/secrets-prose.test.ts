// The masking rule tells prose about a secret from a secret stated (a secret is a value given to a
// secret name): NIST's catalog prose ("compromised passwords is maintained", "a password is
// forgotten"), the bundled control texts and checks, STIG fix texts ('"Configure TPM Startup PIN:"
// set to "…"') and the templates are never masked, while "password is Welcome1" still is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';
import { itWithShared, rev5 } from './support/shared.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** Every text (values and keys) of a parsed document that the rule changes, with where it stands. */
function maskedTexts(doc: unknown, where: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === 'string') {
      if (redactText(v) !== v) out.push(`${where}${p}: ${redactText(v)}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (redactText(k) !== k) out.push(`${where}${p}#${k}`);
        walk(x, `${p}/${k}`);
      }
    }
  };
  walk(doc, '');
  return out;
}

describe('prose about secrets is not masked', () => {
  itWithShared("NIST's rev5 baseline catalogs (LOW, MODERATE, HIGH) and profiles: no text is masked", () => {
    const files = readdirSync(rev5.dir()).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const found = files.flatMap((f) => maskedTexts(JSON.parse(readFileSync(join(rev5.dir(), f), 'utf8')), f));
    expect(found).toEqual([]);
  });

  it('the bundled controls (checks, wording, parameters, rev5 index and objectives, STIG rules) and the templates: no text is masked', () => {
    const dir = join(ROOT, 'controls');
    const found = readdirSync(dir).flatMap((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return maskedTexts(f.endsWith('.json') ? JSON.parse(text) : load(text), f);
    });
    const templates = join(ROOT, 'templates');
    for (const f of readdirSync(templates)) {
      const text = readFileSync(join(templates, f), 'utf8');
      if (redactText(text) !== text) found.push(`templates/${f}`);
    }
    expect(found).toEqual([]);
  });

  it('a plural name, a participle or an adverb after "is" is prose; a quoted label followed by prose is no pair; a secret stated is still masked', () => {
    for (const t of [
      'A list of commonly used, expected, or compromised passwords is maintained and updated',
      'the list of compromised passwords is defined;',
      'in situations when a password is forgotten.',
      'every password is exactly 14 characters',
      'automatic logon switched off, but the old DefaultPassword was left behind',
      'the PowerShell spelling TpmPin is accepted',
      'An exportable version of credentials is provided to remote hosts',
      'with "Configure TPM Startup PIN:" set to "Require startup PIN with TPM"',
      'col.results-pass = ✓ Pass',
      'results-pass = Zq9Mk7',
    ]) expect(redactText(t), t).toBe(t);
    // A secret stated is still masked, whatever word follows or precedes it.
    const masked: Array<[string, string]> = [
      ['Service account, password is Welcome1', `Service account, password is ${REDACTED}`],
      ['password is Accepted1', `password is ${REDACTED}`],
      ['the vendor password is running out of date', `the vendor password is ${REDACTED} out of date`],
      ['The passwords is Winter2026!', `The passwords is ${REDACTED}`],
      ['note "see Password:"Zq9Mk7" ok', `note "see Password:${REDACTED} ok`],
      ['"TPM PIN:" 482913', `"TPM PIN:" ${REDACTED}`],
      ['{"Password":"Zq9Mk7"}', `{"Password":"${REDACTED}"}`],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
  });

  it('a lower-case password ending as a participle or an adverb does ("is butterfly", "is chicken", "is wicked") is still masked', () => {
    // Only the words named as participles and adverbs are prose: an ending alone (-ed, -en, -ly) is no
    // proof, and common passwords end so.
    for (const word of ['butterfly', 'family', 'chicken', 'golden', 'kitten', 'heaven', 'wicked', 'sacred', 'speed', 'rugged']) {
      expect(redactText(`LDAP service password is ${word}`), word).toBe(`LDAP service password is ${REDACTED}`);
    }
    // The prose of the same form stays (as in the case above).
    expect(redactText('in situations when a password is forgotten.')).toBe('in situations when a password is forgotten.');
  });

  it('a named state word is prose only as prose writes it: unquoted, in lower case, Capitalised or CAPITALS; quoted or in mixed case it is the secret', () => {
    // Prose and exports write a state as a word in one of three cases, and never quote it after "is".
    for (const t of [
      'the bind password is enabled',
      'the bind password is Enabled',
      'the password is ROTATED monthly',
      'the password is maintained by the vendor',
      'Password: Enabled',
      'the password is "1"',
      'compromised passwords is "maintained"',
    ]) expect(redactText(t), t).toBe(t);
    // The same words as a password is given: quoted ('…is "enabled"'), or with a capital after a small letter.
    const masked: Array<[string, string]> = [
      ['the bind password is "enabled"', `the bind password is ${REDACTED}`],
      ["the password was 'maintained'", `the password was ${REDACTED}`],
      ['the LDAP password is "Winter"', `the LDAP password is ${REDACTED}`],
      ['the bind password is eNabled', `the bind password is ${REDACTED}`],
      ['the bind password is maintaiNed', `the bind password is ${REDACTED}`],
      ['Password: eNabled', `Password: ${REDACTED}`],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
  });
});
