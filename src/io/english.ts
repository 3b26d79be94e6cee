// English in messages built from names (an export's title, an OSCAL object's kind, a key type): the
// article a name takes, and a noun by its count. Pure. "named like a auditpol /backup CSV" and
// "their titles" for one control read as careless, and a reader doubts the evidence next to them.

/** Letters whose English name starts with a vowel sound (ef, aitch, el, em, en, ar, es, ex; and the vowels but U). */
const AN_LETTERS = new Set('aefhilmnorsx');

/** Words starting with a vowel letter but a consonant sound ("a user", "a one-time", "a UTF-8"), or the reverse ("an hour"). */
const A_BEFORE = /^(?:u[bcdfgklmnprstvz][aeiou]|uni|use|usu|ut[aeiou]|eu|ewe|one\b|once\b)/i;
const AN_BEFORE = /^(?:hour|honest|honou?r|heir)/i;

/**
 * "a" or "an" before `phrase`, by the sound of its first word: a word written in capitals and
 * digits, or one with no vowel ("RSA", "EC", "w32tm"), is spelt out letter by letter ("an RSA",
 * "an EC", "a w32tm"); any other word by its first letter, with the usual exceptions ("a user",
 * "an hour").
 */
export function articleFor(phrase: string): 'a' | 'an' {
  const word = /[\p{L}\p{N}]+/u.exec(phrase)?.[0] ?? '';
  if (word === '') return 'a';
  const spelt = /^[\p{Lu}\p{N}]{2,}$/u.test(word) || !/[aeiouy]/i.test(word);
  if (spelt) {
    const first = word[0]!.toLowerCase();
    if (/\d/.test(first)) return /^(?:8|11|18)/.test(word) ? 'an' : 'a';
    return AN_LETTERS.has(first) ? 'an' : 'a';
  }
  if (AN_BEFORE.test(word)) return 'an';
  if (A_BEFORE.test(word)) return 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `phrase` after its article: "an auditpol /backup CSV", "a Get-LocalUser CSV". */
export function withArticle(phrase: string): string {
  return `${articleFor(phrase)} ${phrase}`;
}

/** The singular or the plural of a noun by a count: "1 control", "2 controls" (the count is not written). */
export function byCount(count: number, singular: string, plural: string): string {
  return count === 1 ? singular : plural;
}

/** A count and its noun: "1 control needs", "3 controls need". */
export function counted(count: number, singular: string, plural: string): string {
  return `${count} ${byCount(count, singular, plural)}`;
}
