// A registry.pol that sets one value in two records, differently (a file edited or two joined: the Group
// Policy editor writes each value once). It was read keeping the first record's data and dropping the
// other without a word (Windows applies the last): fDenyTSConnections 1 then 0 was reported as the policy's 1.
// Now it is refused naming the file, the record and byte, and both records; the same data twice is one setting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { isUserError } from '../../src/io/errors.js';
import { buildPReg, fixturesDir, input, mr01Files } from './fixture-folder.js';

type Rec = Parameters<typeof buildPReg>[0][number];
const records = (JSON.parse(readFileSync(join(fixturesDir, 'mr-01-registry-pol.json'), 'utf8')) as { records: Rec[] }).records;
const rdp = records.find((r) => r.value === 'fDenyTSConnections')!;

function ingestWithPol(extra: Rec) {
  const files = mr01Files();
  files.set('registry.pol', buildPReg([...records, extra]));
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'mr-01');
}

function refusal(extra: Rec) {
  try {
    ingestWithPol(extra);
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('read without a refusal');
}

describe('a registry.pol value set twice', () => {
  it('with other data: refused, naming the second record and its byte, and the first record', () => {
    const e = refusal({ ...rdp, data: 0 });
    expect(e.file).toBe('registry.pol');
    expect(e.where).toMatch(/^byte \d+ \(record 10\)$/);
    expect(e.message).toMatch(/\[Software\\Policies\\Microsoft\\Windows NT\\Terminal Services;fDenyTSConnections\] record 10 sets the value \[Software\\Policies\\Microsoft\\Windows NT\\Terminal Services;fDenyTSConnections\] record 6 sets, differently/);
  });

  it('with the key in other case (the registry\'s names ignore case), or as another type: refused too', () => {
    expect(refusal({ ...rdp, key: rdp.key.toUpperCase(), data: 0 }).message).toMatch(/record 10 sets the value .* record 6 sets, differently/);
    expect(refusal({ ...rdp, value: 'FDENYTSCONNECTIONS', data: 0 }).message).toMatch(/record 10 sets the value .* record 6 sets, differently/);
    expect(refusal({ ...rdp, type: 'REG_SZ', data: '1' }).message).toMatch(/record 10 sets the value .* record 6 sets, differently/);
  });

  it('with the same type and data: one setting, read', () => {
    const r = ingestWithPol({ ...rdp });
    expect(JSON.stringify(r.snapshot)).toContain('Terminal Services;fDenyTSConnections] record 6');
  });
});
