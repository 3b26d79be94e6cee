// The organisation's own files (deviations, attestations, parameters, system description) can hold
// a secret where a person pasted one: a justification naming a service account's temporary
// password, a link with a token. A message about such a file must not quote it.
import { describe, expect, it } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import { parseParamsFile } from '../src/params/resolve.js';
import { userErrorOf } from './support/user-error.js';

const SECRET = 'Zq7vWinter2026';
const HEADER = 'check_id,device_id,justification,approver,expires,compensating_controls';

describe('a CSV syntax error quotes no text of the field', () => {
  it('a stray quote inside a deviation justification names the file, line and field, not the text before it', () => {
    const text = `${HEADER}\nSCREEN-LOCK-TIMEOUT,MR-01,temp pw: ${SECRET} (vendor "svc" account),Jonas Lindqvist (Authorizing Official),2027-06-30,\n`;
    const e = userErrorOf(() => parseDeviations(text, 'deviations.csv', new Set(['SCREEN-LOCK-TIMEOUT'])));
    expect(e.file).toBe('deviations.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toMatch(/not valid CSV: field 3 holds a double quote but does not start with one/);
    expect(e.message).not.toContain(SECRET.slice(0, 4));
  });

  it('the same in an attestations CSV and a params CSV', () => {
    const att = `control,statement,who,role,when,expires,evidence,method\nat-2,Roster in LMS (login svc-lms / ${SECRET} "temporary"),Dana,ISSO,2026-09-15,2027-09-14,roster.md,EXAMINE\n`;
    const a = userErrorOf(() => parseAttestations(att, 'attestations.csv', () => true, '2026-11-02'));
    expect(a.where).toBe('line 2');
    expect(a.message).toMatch(/field 2 holds a double quote/);
    expect(a.message).not.toContain(SECRET.slice(0, 4));
    const p = userErrorOf(() => parseParamsFile(`parameter,value\nsyslog-server,tcp://${SECRET}"@host\n`, 'params.csv'));
    expect(p.where).toBe('line 2');
    expect(p.message).not.toContain(SECRET.slice(0, 4));
  });

  it('other CSV errors keep csv-parse\'s words and line', () => {
    const e = userErrorOf(() => parseDeviations(`${HEADER}\nA,B,C\n`, 'deviations.csv', new Set()));
    expect(e.message).toMatch(/not valid CSV: Invalid Record Length: expect 6, got 3 on line 2/);
    expect(e.where).toBe('line 2');
  });
});
