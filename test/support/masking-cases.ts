/**
 * Test helper (not shipped): the two kinds of case a masking test states, for `it.each` rows of
 * [name, text, want?]: a text whose planted secret is masked, and a text with nothing to mask.
 */
import { expect } from 'vitest';
import { redactText } from '../../src/snapshot/secrets.js';

export function maskingCases(planted: RegExp): {
  masksTo: (name: string, text: string, want: string) => void;
  staysAsWritten: (name: string, text: string) => void;
} {
  return {
    /** The output is exactly `want`, and no planted secret is left in it. */
    masksTo(_name, text, want) {
      const out = redactText(text);
      expect(out).toBe(want);
      expect(out).not.toMatch(planted);
    },
    /** The text comes out as written. */
    staysAsWritten(_name, text) {
      expect(redactText(text)).toBe(text);
    },
  };
}

/**
 * A text shape that masks the secret planted in it: `text` plants it, `masked` is the text that stays, given the mask (by
 * default `text` with the mask where the secret stood: labels, delimiters, user names and the words after it all kept).
 */
export interface MaskingShape {
  readonly name: string;
  readonly text: (secret: string) => string;
  readonly masked?: (mask: string) => string;
}

/** The masking shapes property tests plant random secrets in, one per rule that masks a value. */
export const MASKING_SHAPES: readonly MaskingShape[] = [
  { name: 'an .rdp line with a qualified label', text: (v) => `password 51:b:b:${v}`, masked: (m) => `password 51:${m}` },
  { name: 'a label', text: (v) => `Password: ${v}` },
  { name: 'a pair', text: (v) => `pwd=${v}` },
  { name: 'a quoted assignment (the quotes go with the value)', text: (v) => `DB_PASSWORD = "${v}"`, masked: (m) => `DB_PASSWORD = ${m}` },
  { name: 'a comparison in code', text: (v) => `if (strcmp(pw, "${v}") == 0) port = 104;` },
  { name: 'a password fed to passwd', text: (v) => `echo ${v} | passwd --stdin svc` },
  { name: "chpasswd's user:password", text: (v) => `echo 'svc:${v}' | chpasswd` },
  { name: "chpasswd's user:password, a sentence's full stop after it", text: (v) => `echo 'svc:${v}' | chpasswd.` },
  { name: 'a fed password, a full stop after --password-stdin', text: (v) => `echo ${v} | docker login -u bob --password-stdin.` },
  { name: 'usermod -p', text: (v) => `usermod -p ${v} bob` },
  { name: 'sp_password', text: (v) => `EXEC sp_password NULL, '${v}', 'bob'` },
  { name: 'net user', text: (v) => `net user svc ${v} /add` },
  { name: "a URL's password", text: (v) => `ldap://svc:${v}@dc01.example.org` },
  { name: 'a secret switch', text: (v) => `plink -pw ${v} host` },
  { name: 'a long secret switch', text: (v) => `tool --password ${v} --verbose` },
  { name: 'a /p: switch', text: (v) => `xfreerdp /p:${v} /v:host` },
  { name: "sshpass's -p", text: (v) => `sshpass -p ${v} ssh host` },
  { name: "mysql's glued -p", text: (v) => `mysql -u bob -p${v} db` },
  { name: 'a label, its value in a code span', text: (v) => `Password: \`${v}\`` },
  { name: 'a label mid-sentence, its value in a code span', text: (v) => `the Password: \`${v}\` here` },
  { name: 'a pair, its value in a double code span', text: (v) => `pwd = \`\`${v}\`\` then` },
  { name: 'a qualified label, its value in a code span', text: (v) => `Password (PACS): \`${v}\` set` },
  { name: 'a label, its value in a code span on the next line', text: (v) => `Password:\n\`${v}\`` },
  { name: 'a label over a value in a code span', text: (v) => `LDAP bind password\n\`${v}\`` },
  { name: "a Markdown table's row, the value in the cell after the name", text: (v) => `| Password | ${v} |` },
  { name: "a Markdown table's row without blanks", text: (v) => `|Password|${v}|` },
  { name: "a Markdown table's row, the value in a code span", text: (v) => `| LDAP bind password | \`${v}\` |` },
  { name: "a Markdown table's row under its header", text: (v) => `| Setting | Value |\n|---|---|\n| Password (PACS) | ${v} |\n| Host | pacs01 |` },
  { name: 'a here-string, words before the command', text: (v) => `Run passwd --stdin svc <<< ${v}` },
  { name: 'a here-string after a sentence\'s label', text: (v) => `Then: passwd --stdin svc <<< ${v}` },
];
