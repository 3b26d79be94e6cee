// A CSV export that ends after its header (UTF-16 or UTF-8, with a BOM, as Windows writes them) lists no
// object. Export-Csv writes nothing at all for no objects, and Windows always has local accounts (the built-in
// Administrator and Guest), a member of Administrators (the built-in Administrator) and an operating-system
// volume: such a file was cut after its header. Read as empty lists, checks over accounts passed on nothing
// (PWD-HISTORY: "no local accounts allowed no password"); now the file is refused, naming it and its header line.
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { isUserError } from '../../src/io/errors.js';
import { input, mr01Files, mr01Text } from './fixture-folder.js';

const headerOf = (name: string) => mr01Text(name).split(/\r?\n/)[0]!;
const BOMS = {
  'UTF-16LE with BOM': (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'UTF-8 with BOM': (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
};

function ingestWith(name: string, bytes: Buffer) {
  const files = mr01Files();
  files.set(name, bytes);
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'mr-01');
}

describe('a CSV export of header only', () => {
  for (const [name, what] of [['local-users.csv', /one row per local account .*found none: the file ends after its header/], ['local-group-members.csv', /one row per member of a local group .*found none: the file ends after its header/], ['bitlocker-volumes.csv', /one row per volume .*found none: the file ends after its header/]] as const) {
    for (const [enc, encode] of Object.entries(BOMS)) {
      it(`${name} (${enc}) is refused naming the file and line 1, never read as an empty list`, () => {
        let err: unknown;
        try {
          ingestWith(name, encode(`${headerOf(name)}\r\n`));
        } catch (e) {
          err = e;
        }
        expect(isUserError(err), String(err)).toBe(true);
        if (!isUserError(err)) return;
        expect(err.file).toBe(name);
        expect(err.where).toBe('line 1');
        expect(err.message).toMatch(what);
      });
    }
  }

  it('the same files with one row are read (the refusal is of no rows, not of a short list)', () => {
    for (const name of ['local-users.csv', 'local-group-members.csv', 'bitlocker-volumes.csv']) {
      const lines = mr01Text(name).split(/\r?\n/);
      const r = ingestWith(name, BOMS['UTF-16LE with BOM'](`${lines[0]}\r\n${lines[1]}\r\n`));
      expect(r.snapshot.device.id).toBe('MR-01');
    }
  });
});
