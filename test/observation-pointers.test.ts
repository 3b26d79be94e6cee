import { describe, expect, it } from 'vitest';
import { compactPointers } from '../src/oscal/observations.js';

describe('observation evidence: the pointers read, for a person', () => {
  it('folds the items of a list into one pointer, keeping order and single values as they are', () => {
    expect(compactPointers(['/audit/subcategories/0/success', '/audit/subcategories/1/success', '/audit/subcategories/2/success'])).toBe('/audit/subcategories/{0,1,2}/success');
    expect(compactPointers(['/screenLock/timeoutSeconds', '/firewall/profiles/0/enabled', '/firewall/profiles/2/enabled', '/firewall/profiles/0/name'])).toBe(
      '/screenLock/timeoutSeconds, /firewall/profiles/{0,2}/enabled, /firewall/profiles/0/name',
    );
    expect(compactPointers(['/software/5'])).toBe('/software/5');
  });
});
