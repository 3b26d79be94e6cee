// net-accounts.txt (UTF-16LE, as collect.ps1 writes it) cut inside a policy line reads a number
// the console does not have: MR-01's output with a lockout threshold of 10 (above the 3 the STIG
// allows) cut after "Lockout threshold: ... 1" read 1, and LOCKOUT-THRESHOLD passed. net accounts
// ends every line with a line break and never ends on a policy line: such a file is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs, type ExportInput } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { expectUserError } from '../support/user-error.js';
import { input, mr01SourceDir, mr01Text, utf16 } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
const manifest = (): ExportInput => ({ name: 'collection.json', bytes: readFileSync(join(mr01SourceDir, 'collection.json')), sha256: 'c'.repeat(64) });
const ingest = (text: string) => ingestInputs([input('net-accounts.txt', utf16(text)), manifest()], 'MR-01');

/** MR-01's net accounts output with a lockout threshold of 10, CRLF as Windows writes it. */
const TEN = mr01Text('net-accounts.txt').replace(/^(Lockout threshold:\s+)5$/m, '$110').replace(/\r?\n/g, '\r\n');

describe('net accounts cut inside a policy line', () => {
  it('the premise: the whole output (threshold 10) fails LOCKOUT-THRESHOLD', () => {
    expect(TEN).toMatch(/Lockout threshold: +10\r\n/);
    expect(evaluateCheck(check, ingest(TEN).snapshot, params).status).toBe('fail');
  });

  it('cut after "Lockout threshold: ... 1": refused naming the line, never read as a threshold of 1', () => {
    const at = TEN.search(/Lockout threshold: +10/) + TEN.slice(TEN.search(/Lockout threshold: +10/)).indexOf('10') + 1;
    const cut = TEN.slice(0, at);
    expect(cut).toMatch(/Lockout threshold: +1$/);
    expectUserError(() => ingest(cut), 'net-accounts.txt', /^line 6$/, /the file is cut short: its last line "Lockout threshold: +1" has no line break/);
  });

  it('an output that lost only its final line break (after "The command completed successfully.") is read', () => {
    const s = ingest(TEN.replace(/\r\n$/, '')).snapshot;
    expect(s.access?.lockoutPolicy?.local?.threshold).toBe(10);
  });
});
