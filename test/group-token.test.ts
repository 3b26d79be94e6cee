// A stale result shares its observation with other devices' only where none of its values holds
// the stand-in character of the collection-time tokens (U+E000): holdsToken decides that without
// serialising the result, and must answer as JSON.stringify(result).includes('\uE000') would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsToken } from '../src/oscal/observation-groups.js';

const TOKEN_CHAR = '\uE000';
const text = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ maxLength: 4 }).map((s) => `${s}${TOKEN_CHAR}`));
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: true }));
const value = fc.object({ key: text, values: [leaf], maxDepth: 3, maxKeys: 4 });
const withArrays = fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.record({ pointers: fc.array(text, { maxLength: 4 }), params: fc.array(value, { maxLength: 2 }) }));

describe('holdsToken', () => {
  it('answers as a search of the JSON text would, for any plain result-like value', () => {
    fc.assert(
      fc.property(withArrays, (v) => {
        expect(holdsToken(v)).toBe(JSON.stringify(v).includes(TOKEN_CHAR));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the character in a value, in a member name, and not in a member JSON leaves out', () => {
    expect(holdsToken({ checkId: 'X', observed: `banner ${TOKEN_CHAR}` })).toBe(true);
    expect(holdsToken({ checkId: 'X', params: [{ id: 'p', value: { [`k${TOKEN_CHAR}`]: 1 } }] })).toBe(true);
    expect(holdsToken({ checkId: 'X', [`gone${TOKEN_CHAR}`]: undefined })).toBe(false);
    expect(holdsToken({ checkId: 'X', observed: 'plain', pointers: ['/a/0'] })).toBe(false);
  });
});
