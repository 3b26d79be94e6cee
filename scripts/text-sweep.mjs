#!/usr/bin/env node
// Sweeps the text a package renders for what a template or a value's rendering left behind:
// doubled words or units ("15 minutes minutes"), a unit after a by-name default ("(default 15)
// minutes"), undefined, NaN, [object Object], empty parentheses, double spaces.
// Usage: node scripts/text-sweep.mjs FILE... (OSCAL JSON: every string; any other file: its text,
// e.g. `pdftotext evidence-package.pdf`). Prints one line per defect; exit 1 when there is one.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const UNITS = 'seconds|minutes|hours|days|KB|MB|GB|bits|bytes|characters|digits';
export const DEFECTS = [
  // Case-sensitive: "DENY-IN in part" is two words.
  ['doubled word', /\b([A-Za-z]{2,})\s+\1\b(?!\/)/g],
  // Also a word later ("(default 30) more days").
  ['unit after a by-name default', new RegExp(`\\((?:default|no default|not set)[^()]*\\) (?:[a-z]+ )?(?:${UNITS})\\b`, 'g')],
  // A value of 1 with a plural unit ("1 minutes", "1 days"; "1 bad logon attempts").
  ['plural after 1', /(?<![\d.,-])\b1 (?:[a-z]+ ){0,2}?(?:seconds|minutes|hours|days|characters|digits|bits|bytes|attempts|passwords)\b/g],
  ['undefined', /\bundefined\b/g],
  ['NaN', /\bNaN\b/g],
  ['[object Object]', /\[object Object\]/g],
  ['empty parentheses', /\(\s*\)/g],
  // Two spaces after a sentence's full stop is a typist's convention in quoted text (a banner), not a rendering defect.
  ['double space', /[^\s.!?] {2,}\S/g],
];

/** The defects in one text: [{defect, excerpt}]. */
export function textDefects(text) {
  const out = [];
  for (const [defect, re] of DEFECTS) {
    for (const m of text.matchAll(re)) out.push({ defect, excerpt: text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20).replace(/\s+/g, ' ') });
  }
  return out;
}

/** Every string of a JSON value with its path. */
function* strings(v, path) {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* strings(v[i], `${path}[${i}]`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* strings(x, `${path}.${k}`);
}

/** The defects of files: JSON by string, other text by line (spacing collapsed: a PDF's layout is not its text). */
export function sweepFiles(files) {
  const out = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      for (const [path, s] of strings(JSON.parse(text), '')) for (const d of textDefects(s)) out.push({ file, where: path, ...d });
    } else {
      text.split('\n').forEach((line, i) => { for (const d of textDefects(line.replace(/\s+/g, ' '))) out.push({ file, where: `line ${i + 1}`, ...d }); });
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const found = sweepFiles(process.argv.slice(2));
  for (const d of found) console.log(`${d.file} ${d.where}: ${d.defect}: …${d.excerpt}…`);
  process.exitCode = found.length ? 1 : 0;
}
