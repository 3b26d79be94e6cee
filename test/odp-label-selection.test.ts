// An undefined ODP is named with what the catalog asks for (odpLabel). A selection whose choice inserts
// another parameter (pe-03_odp.02: "Selection (one or more):  {{ insert: param, pe-03_odp.03 }} ; guards")
// was named with the catalog's markup and its blanks ("… (Selection (one or more):  {{ insert: param,
// pe-03_odp.03 }} ; guards)") in the AR, PDF and drift.md. Every such parameter of the bundled index
// (built from NIST's rev5 catalog) is now named as NIST prints it: the inserted parameter's own
// placeholder in brackets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { odpLabel } from '../src/catalog/objectives.js';

const bundled = JSON.parse(readFileSync(new URL('../controls/rev5-objectives.json', import.meta.url), 'utf8')) as { controls: Record<string, { params?: Record<string, string> }> };
const INSERT = /\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g;

describe('odpLabel of a parameter whose placeholder inserts another', () => {
  const index = loadControlIndex();
  const cases = Object.entries(bundled.controls).flatMap(([control, c]) =>
    Object.entries(c.params ?? {}).filter(([, text]) => text.includes('{{ insert')).map(([odp, text]) => ({ control, odp, text, params: c.params! })));

  it('the catalog has such parameters (pe-3 among them)', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.control)).toContain('pe-3');
  });

  it('names each without markup or stray blanks, the inserted parameter\'s placeholder in brackets', () => {
    for (const { control, odp, text, params } of cases) {
      const label = odpLabel(index, control, odp)!;
      expect(label, `${control} ${odp}`).not.toMatch(/\{\{|\}\}|insert:/);
      expect(label, `${control} ${odp}`).not.toMatch(/ {2}| [;,.)\]]/);
      for (const m of text.matchAll(INSERT)) {
        const inner = params[m[1]!];
        // The inserted parameter's own text (its own inserts aside) stands in brackets.
        if (inner && !inner.includes('{{')) expect(label, `${control} ${odp}`).toContain(`[${inner.replace(/\s+/g, ' ').trim()}]`);
      }
    }
  });
});
