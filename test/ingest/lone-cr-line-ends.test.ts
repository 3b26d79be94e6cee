// A CSV export whose line ends are a lone CR (line ends converted by a copy or an editor; the CSV reader reads
// CR alone as a line end), or mixed CRLF / LF / CR in one file, in UTF-16LE or UTF-8 with a BOM. The format
// sniffers took the whole file for its header line: services.csv and local-group-members.csv were refused as
// "not a Get-Service CSV", quoting their own header, and auditpol.csv was announced as a GPO audit.csv. Now
// each is read with the values the same file with CRLF gives.
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { input, mr01Files, mr01Text } from './fixture-folder.js';

const ENCODE = {
  'UTF-16LE with BOM': (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'UTF-8 with BOM': (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
};

function ingestWith(name: string, bytes?: Buffer) {
  const files = mr01Files();
  if (bytes) files.set(name, bytes);
  const r = ingestInputs([...files].map(([n, b]) => input(n, b)), 'mr-01');
  const { provenance: _p, sources: _s, coverage: _c, ...values } = r.snapshot as unknown as Record<string, unknown>;
  return { values, warnings: r.warnings };
}

describe('CSV exports with lone-CR or mixed line ends', () => {
  const whole = ingestWith('none');
  for (const name of ['services.csv', 'local-group-members.csv', 'auditpol.csv', 'local-users.csv', 'firewall-rules.csv']) {
    for (const [enc, encode] of Object.entries(ENCODE)) {
      it(`${name} (${enc}) with CR alone, and with CRLF, LF and CR mixed, reads as with CRLF`, () => {
        const lines = mr01Text(name).replace(/\n$/, '').split('\n');
        for (const ends of [() => '\r', (i: number) => ['\r\n', '\n', '\r'][i % 3]!]) {
          const text = lines.map((l, i) => l + ends(i)).join('');
          const r = ingestWith(name, encode(text));
          expect(r.values).toEqual(whole.values);
          expect(r.warnings.filter((w) => w.startsWith(`${name}: named like`))).toEqual([]);
        }
      });
    }
  }
});
