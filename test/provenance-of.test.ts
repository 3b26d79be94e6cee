import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { provenanceOf } from '../src/evaluate/evaluate-check.js';
import type { Provenance } from '../src/snapshot/types.js';

// provenanceOf tests a small table's keys one by one and walks a large table's key tree: both must
// cite the same entry for every pointer (the value's own, else its nearest enclosing value's).

const source = (file: string): Provenance => ({ file, sha256: 'a'.repeat(64) });

describe('provenanceOf', () => {
  it('cites the nearest enclosing entry, and a list once by its own pointer when several of its values are read', () => {
    const table = { '/access/lockoutPolicy': source('secedit.inf'), '/access/lockoutPolicy/local/threshold': source('net-accounts.txt'), '/audit/subcategories': source('auditpol.csv') };
    const cited = provenanceOf(table, ['/access/lockoutPolicy/local/threshold', '/access/lockoutPolicy/local/durationMinutes', '/audit/subcategories/3/setting', '/audit/subcategories/4/setting', '/access/lockoutPolicyX', '/firewall/enabled']);
    expect(cited).toEqual([
      { pointer: '/access/lockoutPolicy/local/threshold', ...source('net-accounts.txt') },
      // its own entry covers threshold only: durationMinutes falls back to the enclosing policy's
      { pointer: '/access/lockoutPolicy/local/durationMinutes', ...source('secedit.inf') },
      // two items of one list: cited once, by the list
      { pointer: '/audit/subcategories', ...source('auditpol.csv') },
    ]);
  });

  it('gives the same citations for a small table as for the same table among many other keys', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', '0', '1', '');
    const pointer = fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => s.map((x) => `/${x}`).join(''));
    fc.assert(
      fc.property(fc.uniqueArray(pointer, { minLength: 1, maxLength: 10 }), fc.array(pointer, { maxLength: 12 }), (keys, pointers) => {
        const small: Record<string, Provenance> = Object.fromEntries(keys.map((k, i) => [k, source(`f${i}`)]));
        // Keys under a segment no pointer has: they change nothing but make the table too large to test key by key.
        const large: Record<string, Provenance> = { ...small };
        for (let i = 0; i < 20; i++) large[`/zz/${i}`] = source(`z${i}`);
        expect(provenanceOf(small, pointers)).toEqual(provenanceOf(large, pointers));
      }),
      { numRuns: 500 },
    );
  });
});
