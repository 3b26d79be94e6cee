// Property-based: no parser throws anything but a UserError, whatever the bytes: arbitrary data,
// arbitrary text, and every fixture cut short at arbitrary points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSERS, ingestInputs, recognise, sniffKind, type ExportInput } from '../../src/ingest/index.js';
import { UserError } from '../../src/io/errors.js';
import { encodeAs, mr01Files, sha256 } from './fixture-folder.js';

const inputOf = (name: string, bytes: Uint8Array): ExportInput => {
  const b = Buffer.from(bytes);
  return { name, bytes: b, sha256: sha256(b) };
};

/** Runs fn; passes if it returns or throws a UserError (with a file and a place); fails otherwise. */
function parsesOrUserError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
  }
}

const NAMES = ['secedit.inf', 'x.inf', 'registry.pol', 'a.reg', 'auditpol.csv', 'w32tm.txt', 'bitlocker.txt', 'applocker.xml', 'defender.json', 'collection.json', 'vendor-settings.csv', 'notes.txt', 'data.bin'];

describe('robustness (fast-check)', () => {
  it('every parser, on arbitrary bytes, returns or throws a UserError; sniffers never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...NAMES), (bytes, name) => {
        const inp = inputOf(name, bytes);
        expect(() => sniffKind(inp)).not.toThrow();
        for (const p of PARSERS) {
          expect(() => p.sniff(inp)).not.toThrow();
          parsesOrUserError(() => p.parse(inp));
        }
        parsesOrUserError(() => recognise(inp));
      }),
      { numRuns: 300 },
    );
  });

  it('every parser, on arbitrary text in every encoding Windows writes, returns or throws a UserError', () => {
    const pieces = fc.constantFrom('[System Access]', '[Version]', 'signature="$CHICAGO$"', 'LockoutBadCount = ', '=', ',', '"', '\n', '\r\n', '[', ']', '<RuleCollection Type="Exe" EnforcementMode="', '<AppLockerPolicy>', '</AppLockerPolicy>', '{', '}', ':', '"AMServiceEnabled"', 'Windows Registry Editor Version 5.00\r\n', '[HKEY_LOCAL_MACHINE\\X]', '"V"=dword:', 'hex(7):41,00,', '\\', 'Volume C: [OS]', 'Conversion Status:', 'Leap Indicator: 3', 'Stratum: x', 'Machine Name,Policy Target,Subcategory,Subcategory GUID', 'key,value', 'format,ato-evidence-vendor-settings/1', '&#x110000;', '&amp;', '1', '-1', 'Profile Settings:', 'Firewall Policy', '\t', ' ', 'constructor', '__proto__', 'toString', '&constructor;');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 40 }), fc.constantFrom('utf-16le-bom', 'utf-8-bom', 'utf-8') as fc.Arbitrary<'utf-16le-bom' | 'utf-8-bom' | 'utf-8'>, fc.constantFrom(...NAMES), (parts, enc, name) => {
        const inp = inputOf(name, encodeAs(parts.join(''), enc));
        for (const p of PARSERS) parsesOrUserError(() => p.parse(inp));
        parsesOrUserError(() => recognise(inp));
      }),
      { numRuns: 400 },
    );
  });

  it('keys named like Object.prototype members are ordinary unknown keys', () => {
    const inf = encodeAs('[Unicode]\nUnicode=yes\n[System Access]\nconstructor = 1\n__proto__ = 2\nRequireLogonToChangePassword = 0\n[Service General Setting]\n"svc",constructor,""\n[Version]\nsignature="$CHICAGO$"\n', 'utf-16le-bom');
    parsesOrUserError(() => PARSERS.find((p) => p.kinds.includes('secedit-export'))?.parse(inputOf('secedit.inf', inf)));
    const ok = encodeAs('[Unicode]\nUnicode=yes\n[System Access]\nconstructor = 1\ntoString = 2\nRequireLogonToChangePassword = 0\n[Version]\nsignature="$CHICAGO$"\n', 'utf-16le-bom');
    expect(PARSERS.find((p) => p.kinds.includes('secedit-export'))?.parse(inputOf('secedit.inf', ok)).facts).toEqual([]);
    const vendor = Buffer.from('{"format": "ato-evidence-vendor-settings/1", "constructor": 1}');
    expect(() => PARSERS.find((p) => p.kinds.includes('vendor-settings'))?.parse(inputOf('v.json', vendor))).toThrow(/unknown key "constructor"/);
    const bde = encodeAs('BitLocker Drive Encryption: Configuration Tool version 10.0\nVolume C: [OS]\n[OS Volume]\n    Conversion Status:    constructor\n    Protection Status:    Protection On\n', 'utf-16le-bom');
    expect(() => PARSERS.find((p) => p.kinds.includes('manage-bde-status'))?.parse(inputOf('b.txt', bde))).toThrow(/expected a conversion status/);
  });

  it('every fixture export cut at any length is parsed or refused with a UserError', () => {
    const files = [...mr01Files()];
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, frac) => {
        const [name, bytes] = files[i] as [string, Buffer];
        const cut = bytes.subarray(0, Math.floor(bytes.length * frac));
        const inp = inputOf(name, cut);
        parsesOrUserError(() => {
          const r = recognise(inp);
          if ('kind' in r) r.parser.parse(inp);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('a whole folder with one file cut short ingests or fails with a UserError', () => {
    const files = [...mr01Files()];
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, frac) => {
        const inputs = files.map(([n, b], j) => inputOf(n, j === i ? b.subarray(0, Math.floor(b.length * frac)) : b));
        parsesOrUserError(() => ingestInputs(inputs, 'MR-01'));
      }),
      { numRuns: 60 },
    );
  });
});
