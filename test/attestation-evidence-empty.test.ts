// An attestation's evidence file that is empty (or blanks alone: a copy that failed, a placeholder)
// shows nothing of what was attested, yet the package cited its SHA-256 as the evidence. Refused by
// the evidence field's place, naming the file; a file of one line of text is read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAttestationsFile } from '../src/attest/attestations.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';
import { expectUserError } from './support/user-error.js';

const index = loadControlIndex();
const known = (id: string) => lookupControl(index, id) !== undefined;
const TODAY = '2026-11-28';
const dir = mkdtempSync(join(tmpdir(), 'ato-attest-empty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const yaml = `attestations:\n  - control: at-2\n    statement: Staff trained.\n    who: { name: Dana Whitfield, role: Training lead }\n    when: 2026-09-15\n    expires: 2027-09-14\n    method: EXAMINE\n    evidence: roster.md\n`;

describe('attestation evidence that is empty', () => {
  it('an empty file, or blanks alone, is refused naming the evidence field and the file', () => {
    const f = join(dir, 'att.yaml');
    writeFileSync(f, yaml);
    for (const [content, says] of [['', /is empty: it shows nothing of what was attested/], [' \r\n\t\n', /is empty \(5 bytes of blanks\): it shows nothing/], ['\ufeff\n', /is empty \(4 bytes of blanks\)/]] as const) {
      writeFileSync(join(dir, 'roster.md'), content);
      expectUserError(() => loadAttestationsFile(f, known, TODAY), f, /^\/attestations\/0\/evidence$/, new RegExp(`evidence file "roster\\.md" \\(${join(dir, 'roster.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) ${says.source}`));
    }
  });

  it('a file of one line of text is read', () => {
    const f = join(dir, 'att.yaml');
    writeFileSync(f, yaml);
    writeFileSync(join(dir, 'roster.md'), 'Roster: 42 of 42 completed.\n');
    expect(loadAttestationsFile(f, known, TODAY)).toHaveLength(1);
  });
});
