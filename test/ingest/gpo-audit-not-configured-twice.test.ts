// A GPO's audit.csv (no Machine Name) skipped a "Setting Value" 0 row (not configured, in a GPO)
// before comparing it with the subcategory's other rows: "Success and Failure,,3" and "No Auditing,,0"
// for one subcategory (a file edited or two GPOs' rows joined; a GPO writes a subcategory once) read as
// success and failure audited, without a word, in either order. Now the two are refused as any other
// pair of settings given for one subcategory is, naming the line, the subcategory and both values.
import { describe, expect, it } from 'vitest';
import { auditpolCsvParser } from '../../src/ingest/parsers/auditpol-csv.js';
import { input } from './fixture-folder.js';
import { userErrorOf } from '../support/user-error.js';

const HEADER = 'Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value';
const CONFIGURED = ',System,Audit Credential Validation,{0cce923f-69ae-11d9-bed3-505054503030},Success and Failure,,3';
const NOT_CONFIGURED = ',System,Audit Credential Validation,{0cce923f-69ae-11d9-bed3-505054503030},No Auditing,,0';
const OTHER = ',System,Audit Security Group Management,{0cce9237-69ae-11d9-bed3-505054503030},Success,,1';
const gpo = (...rows: string[]) => input('audit.csv', `${[HEADER, ...rows].join('\r\n')}\r\n`);

describe('a GPO audit.csv giving one subcategory a setting and "not configured"', () => {
  it.each([
    ['configured first', [CONFIGURED, OTHER, NOT_CONFIGURED], 4, 'Setting Value 3 on line 2, 0 here'],
    ['not configured first', [NOT_CONFIGURED, OTHER, CONFIGURED], 4, 'Setting Value 0 on line 2, 3 here'],
  ])('%s: refused, naming the line, the subcategory and both values', (_, rows, line, both) => {
    const e = userErrorOf(() => auditpolCsvParser.parse(gpo(...rows)));
    expect(e.file).toBe('audit.csv');
    expect(e.where).toBe(`line ${line}`);
    expect(e.message).toContain(`subcategory {0cce923f-69ae-11d9-bed3-505054503030} (Audit Credential Validation) is given twice, differently: ${both}`);
  });

  it('a subcategory the GPO leaves not configured, alone, is still left out', () => {
    const p = auditpolCsvParser.parse(gpo(NOT_CONFIGURED, OTHER));
    expect(p.facts.filter((f) => f.path[1] === 'subcategories').map((f) => (f.path[2] as { el: string }).el)).not.toContain('{0cce923f-69ae-11d9-bed3-505054503030}');
  });
});
