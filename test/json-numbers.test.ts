// A JSON number beyond a double's range (1e309) parses as Infinity: accepted by a schema's
// "number" (a registry value in a snapshot), it would pass any "at least" and be written back as
// null. Both JSON readers refuse it, naming the place; -0 and large finite numbers are read.
import { describe, expect, it } from 'vitest';
import { parseJsonLocated } from '../src/ingest/json-located.js';
import { parseJson } from '../src/io/json-text.js';
import { userErrorOf } from './support/user-error.js';

describe('numbers too large for any value', () => {
  it('a snapshot (parseJson): a registry value of 1e309 is refused with its line and column', () => {
    const text = '{\n  "hardening": {\n    "registry": { "HKLM\\\\X\\\\MaxSize": 1e309 }\n  }\n}';
    const e = userErrorOf(() => parseJson(text, 'MR-01.json'));
    expect(e.file).toBe('MR-01.json');
    expect(e.where).toBe('line 3, column 39');
    expect(e.message).toMatch(/the number 1e309 is too large for any value/);
    expect(userErrorOf(() => parseJson('[-1E+400]', 'a.json')).message).toMatch(/the number -1E\+400 is too large/);
    expect(parseJson('{"a": -0, "b": 1.7e308}', 'ok.json')).toEqual({ a: -0, b: 1.7e308 });
  });

  it('a snapshot (parseJson): the number named is the one that overflows, never digits inside a string nor a finite number before it', () => {
    // A string "password=Zq7e4455Lm" holds the characters 7e4455, and 2e300 is a number in range:
    // the message must name 1e309 on its own line, quoting nothing of the string.
    const text = '{\n  "note": "ldap bind password=Zq7e4455Lm",\n  "size": 2e300,\n  "limit": 1e309\n}';
    const e = userErrorOf(() => parseJson(text, 'MR-01.json'));
    expect(e.where).toBe('line 4, column 12');
    expect(e.message).toMatch(/the number 1e309 is too large for any value/);
    expect(e.message).not.toMatch(/7e4455|2e300/);
  });

  it('an export (parseJsonLocated): the vendor file\'s port of 1e309 is refused with its line, not read as null', () => {
    const e = userErrorOf(() => parseJsonLocated('{\n "syslog": {\n  "port": 1e309 }\n}', 'vendor-settings.json'));
    expect(e.file).toBe('vendor-settings.json');
    expect(e.where).toBe('line 3');
    expect(e.message).toMatch(/the number 1e309 is too large for any value/);
  });
});
