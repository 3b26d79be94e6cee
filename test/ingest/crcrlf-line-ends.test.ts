// A CRLF export whose line ends were converted once more (LF to CRLF by a copy, an editor, git) ends
// each line CR CR LF. The text readers took it for a line and an empty one: a .reg hex value continued
// with "\" was parted from its next line and the file refused as cut ("found an empty line: the lines
// that continued it are missing"). CR CR LF is now one line end, counted as two lines as an editor
// shows them: each text export reads as with CRLF, and a place is the line an editor shows.
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { splitLines } from '../../src/ingest/text.js';
import { userErrorOf } from '../support/user-error.js';
import { input, mr01Files, mr01Text } from './fixture-folder.js';

const utf16 = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);

function values(name: string, bytes?: Buffer) {
  const files = mr01Files();
  if (bytes) files.set(name, bytes);
  const { provenance, sources: _s, coverage: _c, ...rest } = ingestInputs([...files].map(([n, b]) => input(n, b)), 'mr-01').snapshot as unknown as Record<string, unknown>;
  return { values: rest, provenance: provenance as Record<string, { file: string; location: string }> };
}

describe('export lines ending CR CR LF', () => {
  const whole = values('none');
  const texts = ['reg-lsa.reg', 'reg-eventlog-security.reg', 'reg-policies.reg', 'secedit.inf', 'bitlocker.txt', 'w32tm.txt', 'net-accounts.txt', 'firewall-netsh.txt'];
  for (const name of texts) {
    it(`${name} (UTF-16LE with BOM, as Windows writes it) reads as with CRLF`, () => {
      const text = mr01Text(name).replace(/\n/g, '\r\r\n');
      expect(values(name, utf16(text)).values).toEqual(whole.values);
    });
  }

  it('a place is the line an editor shows: every CR CR LF counts two', () => {
    const text = mr01Text('reg-lsa.reg');
    const lineOf = text.split('\n').findIndex((l) => l.startsWith('"LimitBlankPasswordUse"')) + 1;
    const r = values('reg-lsa.reg', utf16(text.replace(/\n/g, '\r\r\n')));
    const place = Object.values(r.provenance).find((p) => p.file === 'reg-lsa.reg' && p.location.includes('"LimitBlankPasswordUse"'));
    expect(place?.location).toMatch(new RegExp(`line ${2 * lineOf - 1}$`));
    expect(splitLines('a\r\r\nb\r\n\r\nc').map((l) => [l.n, l.text])).toEqual([[1, 'a'], [3, 'b'], [4, ''], [5, 'c']]);
  });

  it('a .reg hex value whose continuation is really missing (an empty line after "\\") is still refused', () => {
    const text = mr01Text('reg-lsa.reg').replace(/\\\n/, '\\\n\n');
    const e = userErrorOf(() => values('reg-lsa.reg', utf16(text.replace(/\n/g, '\r\r\n'))));
    expect(e.file).toBe('reg-lsa.reg');
    expect(e.message).toMatch(/found an empty line: the lines that continued it are missing/);
  });
});
