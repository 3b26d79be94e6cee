import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRemoteAddressEntry, spanOf, spansEveryAddress } from '../src/evaluate/address-span.js';

// Addresses as numbers, computed here by hand from the dotted or hex text.
const v4 = (a: number, b: number, c: number, d: number): bigint => BigInt(((a * 256 + b) * 256 + c) * 256 + d);

describe('spanOf: the addresses one Windows remote-address entry covers', () => {
  it('reads an address, a subnet by prefix or by dotted mask, and a range', () => {
    expect(spanOf('10.20.30.40')).toEqual({ family: 4, from: v4(10, 20, 30, 40), to: v4(10, 20, 30, 40) });
    expect(spanOf('10.20.30.0/24')).toEqual({ family: 4, from: v4(10, 20, 30, 0), to: v4(10, 20, 30, 255) });
    expect(spanOf('10.20.30.7/255.255.255.0')).toEqual({ family: 4, from: v4(10, 20, 30, 0), to: v4(10, 20, 30, 255) });
    expect(spanOf('10.0.0.9-10.0.0.1')).toEqual({ family: 4, from: v4(10, 0, 0, 1), to: v4(10, 0, 0, 9) });
    expect(spanOf('fe80::/64')).toEqual({ family: 6, from: 0xfe80n << 112n, to: (0xfe80n << 112n) | ((1n << 64n) - 1n) });
    expect(spanOf('::ffff:10.0.0.1')).toEqual({ family: 6, from: (0xffffn << 32n) | v4(10, 0, 0, 1), to: (0xffffn << 32n) | v4(10, 0, 0, 1) });
  });

  it('reads no span from keywords, host names, a non-contiguous mask or a prefix too long', () => {
    for (const e of ['Any', 'LocalSubnet', 'pacs.example.org', '10.0.0.0/255.0.255.0', '10.0.0.0/33', '1.2.3', '1:2:3', '10.0.0.1-fe80::1']) {
      expect(spanOf(e), e).toBeUndefined();
    }
  });
});

describe('spansEveryAddress: "Any" written out', () => {
  it('is true for the whole IPv4 or IPv6 space in any spelling, alone or joined', () => {
    expect(spansEveryAddress(['0.0.0.0-255.255.255.255'])).toBe(true);
    expect(spansEveryAddress(['0.0.0.0/0'])).toBe(true);
    expect(spansEveryAddress(['0.0.0.0/0.0.0.0'])).toBe(true);
    expect(spansEveryAddress(['128.0.0.0/1', '0.0.0.0/128.0.0.0'])).toBe(true);
    expect(spansEveryAddress(['0.0.0.0-10.0.0.0', '9.0.0.0-255.255.255.255'])).toBe(true);
    expect(spansEveryAddress(['10.1.1.1', '::/0'])).toBe(true);
    expect(spansEveryAddress(['0::0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'])).toBe(true);
  });

  it('an entry is an address, a subnet, a range or a keyword Windows accepts (with 4 or 6 appended); nothing else', () => {
    for (const ok of ['10.1.1.1', '10.0.0.0/8', '10.0.0.0/255.0.0.0', '10.0.0.1-10.0.0.9', 'fe80::1', '*', 'Any', 'LocalSubnet', 'localsubnet6', 'DNS', 'DHCP4', 'WINS', 'DefaultGateway', 'Internet', 'Intranet', 'IntranetRemoteAccess', 'PlayToDevice', 'Ply2Renderers', 'CaptivePortal']) {
      expect(isRemoteAddressEntry(ok), ok).toBe(true);
    }
    for (const bad of ['', '  ', 'Not Configured', '15', 'LocalSubnet5', 'pacs.example.org', '10.0.0.0/33', 10, null]) expect(isRemoteAddressEntry(bad), String(bad)).toBe(false);
  });

  it('an entry with a line break inside is no entry, and judging it throws nothing (it was a TypeError: assess ended in an internal error)', () => {
    for (const bad of ['10.20.0.1\n*', 'LocalSubnet\nAny', 'Any\r\n4']) expect(isRemoteAddressEntry(bad), JSON.stringify(bad)).toBe(false);
  });

  it('is false where one address is left out, for named subnets, and for keywords alone', () => {
    expect(spansEveryAddress(['0.0.0.0-255.255.255.254'])).toBe(false);
    expect(spansEveryAddress(['0.0.0.0-10.0.0.0', '10.0.0.2-255.255.255.255'])).toBe(false);
    expect(spansEveryAddress(['0.0.0.0/1', '::/1'])).toBe(false);
    expect(spansEveryAddress(['10.20.30.0/24', '10.99.0.5'])).toBe(false);
    expect(spansEveryAddress(['LocalSubnet', 'Any', 'Internet', 'DNS6'])).toBe(false);
    expect(spansEveryAddress([])).toBe(false);
  });

  it('agrees with counting: random IPv4 subnets span everything exactly when their sizes, without overlap, add up to 2^32', () => {
    // Subnets of one prefix length tile the space: n distinct /p subnets span it iff n = 2^p.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.func(fc.boolean()), (p, keep) => {
        const all = Array.from({ length: 2 ** p }, (_, i) => `${(i << (8 - p)) & 255}.0.0.0/${p}`);
        const chosen = all.filter((_, i) => keep(i));
        expect(spansEveryAddress(chosen)).toBe(chosen.length === 2 ** p);
      }),
    );
  });
});
