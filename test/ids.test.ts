import fc from 'fast-check';
import { v5 as referenceV5, validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { PROJECT_NAMESPACE, UuidScope, uuidV5 } from '../src/oscal/ids.js';

describe('deterministic uuids', () => {
  it('uuidV5 equals the uuid package v5 for any name and namespace', () => {
    fc.assert(fc.property(fc.string(), fc.uuid(), (name, ns) => uuidV5(name, ns) === referenceV5(name, ns)), { numRuns: 500 });
    // Any Unicode, and names long enough to take the slow path (over 1,360 UTF-16 units).
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), fc.uuid(), (name, ns) => uuidV5(name, ns) === referenceV5(name, ns)), { numRuns: 300 });
    expect(uuidV5('é'.repeat(1500), PROJECT_NAMESPACE)).toBe(referenceV5('é'.repeat(1500), PROJECT_NAMESPACE));
    expect(uuidV5('ato-evidence', PROJECT_NAMESPACE)).toBe(referenceV5('ato-evidence', PROJECT_NAMESPACE));
  });
  it('a scope gives valid v5 uuids, stable for the same key, different across keys and scopes', () => {
    const a = new UuidScope('run 1');
    const id = a.uuid('observation', 'MR-01', 'FW-ENABLED');
    expect(validate(id) && version(id)).toBe(5);
    expect(new UuidScope('run 1').uuid('observation', 'MR-01', 'FW-ENABLED')).toBe(id);
    expect(a.uuid('observation', 'MR-01', 'FW-ENABLE')).not.toBe(id);
    expect(new UuidScope('run 2').uuid('observation', 'MR-01', 'FW-ENABLED')).not.toBe(id);
    // parts are joined with a separator that cannot be confused with the parts' own text
    expect(a.uuid('ab', 'c')).not.toBe(a.uuid('a', 'bc'));
  });
});
