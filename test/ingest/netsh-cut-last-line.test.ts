// netsh advfirewall show allprofiles cut inside a line it reads: the file read "MaxFileSize 409" (of
// 4096) as the log's size, and a capture ending on any read line was read as whole. netsh ends every
// line with a line break and its output with "Ok.": a read line that is last without one is refused,
// naming it; an output that lost only the break after "Ok." reads as the whole one.
import { expect, it, describe } from 'vitest';
import { recognise, type ExportInput } from '../../src/ingest/index.js';
import { expectUserError } from '../support/user-error.js';
import { input, mr01Text, utf16 } from './fixture-folder.js';

const parse = (inp: ExportInput) => {
  const r = recognise(inp);
  if ('skip' in r) throw new Error(`not recognised: ${r.skip}`);
  return r.parser.parse(inp);
};
const text = mr01Text('firewall-netsh.txt').replace(/\n/g, '\r\n');
const facts = (t: string) => parse(input('firewall-netsh.txt', utf16(t))).facts.map((f) => [f.path, f.value]);

describe('netsh advfirewall output without its last line break', () => {
  it('the whole output, and one that lost only the line breaks after "Ok.", read alike', () => {
    expect(text).toMatch(/Ok\.\r\n\r\n$/);
    expect(facts(text.replace(/\r\n+$/, ''))).toEqual(facts(text));
  });

  it('cut inside the public profile\'s last line ("MaxFileSize 409" of 4096): refused naming the line, never read as 409 KB', () => {
    const at = text.lastIndexOf('MaxFileSize');
    const lineEnd = text.indexOf('\r\n', at);
    const cut = text.slice(0, lineEnd - 1);
    const line = cut.split('\r\n').length;
    expectUserError(() => parse(input('firewall-netsh.txt', utf16(cut))), 'firewall-netsh.txt', new RegExp(`^line ${line}$`), /the file is cut short: its last line "MaxFileSize +\d+" has no line break \(netsh ends every line with one/);
  });
});
