import { describe, expect, it } from 'vitest';
import { compactPointers, expandPointers } from '../src/oscal/observations.js';

describe('observation evidence: the pointers read, for a person', () => {
  it('folds the items of a list into one pointer, keeping order and single values as they are', () => {
    expect(compactPointers(['/audit/subcategories/0/success', '/audit/subcategories/1/success', '/audit/subcategories/2/success'])).toBe('/audit/subcategories/{0,1,2}/success');
    expect(compactPointers(['/screenLock/timeoutSeconds', '/firewall/profiles/0/enabled', '/firewall/profiles/2/enabled', '/firewall/profiles/0/name'])).toBe(
      '/screenLock/timeoutSeconds, /firewall/profiles/{0,2}/enabled, /firewall/profiles/0/name',
    );
    expect(compactPointers(['/software/5'])).toBe('/software/5');
  });
});

describe('the pointers read back from their compact form (export rebuilds sources from them)', () => {
  it('gives back every pointer, each folded list item by item where it stood', () => {
    const read = ['/firewall/profiles', '/firewall/profiles/0/logDroppedPackets', '/firewall/profiles/1/logDroppedPackets', '/firewall/profiles/0/logMaxSizeKB', '/firewall/profiles/1/logMaxSizeKB', '/hardening/registry/HKLM\\Software\\X'];
    expect(expandPointers(compactPointers(read))).toEqual(read);
    expect(expandPointers('/software/5')).toEqual(['/software/5']);
    expect(expandPointers('')).toEqual([]);
  });
  it('loses only the interleaving of lists read item by item (said in its comment)', () => {
    const read = ['/l/0/a', '/l/0/b', '/l/1/a', '/l/1/b'];
    expect(new Set(expandPointers(compactPointers(read)))).toEqual(new Set(read));
    expect(expandPointers(compactPointers(read))).toEqual(['/l/0/a', '/l/1/a', '/l/0/b', '/l/1/b']);
  });
});
