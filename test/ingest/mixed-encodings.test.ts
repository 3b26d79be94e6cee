// A file in one encoding is read in it; a file in two (a UTF-8 export with a Windows-1252 "ä"
// appended or hand-edited in) is refused, naming the file, the line and the byte: read leniently,
// the "ä" became U+FFFD (after a UTF-8 BOM) or every UTF-8 "ü" became "Ã¼" (without one).
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { input, mr01Files } from './fixture-folder.js';
import { userErrorOf } from '../support/user-error.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** The fixture folder with local-group-members.csv replaced by `bytes`, ingested. */
const ingestWithMembers = (bytes: Buffer) => {
  const files = mr01Files();
  files.set('local-group-members.csv', bytes);
  return ingestInputs([...files].map(([name, b]) => input(name, b)), 'MR-01');
};
/** The fixture's members CSV body (no BOM) with hospadmin renamed by `latin1` bytes (0xE4 = Windows-1252 "ä"). */
const membersWith = (rename: Buffer): Buffer => {
  const body = mr01Files().get('local-group-members.csv')!.subarray(3);
  const at = body.indexOf('hospadmin');
  return Buffer.concat([body.subarray(0, at), rename, body.subarray(at + 'hospadmin'.length)]);
};
const win1252 = Buffer.from([0x68, 0x6f, 0x73, 0x70, 0xe4, 0x64, 0x6d, 0x69, 0x6e]); // hospädmin in Windows-1252

describe('a CSV export in two encodings', () => {
  it('a UTF-8 export (with BOM) holding a Windows-1252 byte is refused with its line and byte; all in Windows-1252 it is read right', () => {
    const e = userErrorOf(() => ingestWithMembers(Buffer.concat([BOM, membersWith(win1252)])));
    expect(e.file).toBe('local-group-members.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toMatch(/mixes two encodings: it starts with a UTF-8 byte-order mark, but byte 0xE4 .* is not UTF-8/);
    // The same file without the BOM is Windows-1252 throughout: "ä" is read as "ä" (the member keeps
    // hospadmin's SID, so it is read as hospadmin, with a warning that spells the name it was given).
    expect(ingestWithMembers(membersWith(win1252)).warnings.join('\n')).toContain('its account name "hospädmin" is not the name local-users.csv line 5 gives that SID ("hospadmin")');
  });

  it('without a BOM, a UTF-8 "ü" elsewhere in the file makes a Windows-1252 byte a mix, refused (never "Ã¼")', () => {
    const body = membersWith(win1252);
    const at = body.indexOf('mradmin');
    const mixed = Buffer.concat([body.subarray(0, at), Buffer.from('mrüdmin', 'utf8'), body.subarray(at + 'mradmin'.length)]);
    const e = userErrorOf(() => ingestWithMembers(mixed));
    expect(e.file).toBe('local-group-members.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toMatch(/mixes two encodings: it holds UTF-8 text \("ü"\), but byte 0xE4/);
  });
});
