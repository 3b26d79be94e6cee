// The test language of controls/checks.yaml, which a reader must never see in place of plain
// words: dotted snapshot paths (firewall.rules, audit.subcategories), "where" clauses, chained
// "= value and = value" comparisons, /regular expressions/ and the evaluator's own phrases.
export const CHECK_LANGUAGE: ReadonlyArray<readonly [string, RegExp]> = [
  ['a dotted snapshot path', /\b(firewall|hardening|malware|access|audit|encryption|device)\.(?!csv\b)[a-z][A-Za-z]*/],
  ['a "where" clause', /\bwhere [a-zA-Z]+ (=|one of|matches)/],
  // (Windows' own notation in a remediation, "Setting" = Enabled, is not the test language.)
  ['an "= value" comparison', /(^|\s)= \S+ and = |\b[a-z]+[A-Z][A-Za-z]* = |^\s*[\w.-]+(; [\w.-]+)+\s*$/],
  ['a regular expression', /(matches|match) \/|\/[^/\s]*[\\^$|][^/\s]*\//],
  ['the list summary of the test language', /checked, all compliant|not compliant:/],
  ['"expected" of the test language', /\bexpected (=|at least|only)/],
];

/** The names of the patterns `text` shows. */
export function checkLanguageIn(text: string): string[] {
  return CHECK_LANGUAGE.filter(([, re]) => re.test(text)).map(([name]) => name);
}
