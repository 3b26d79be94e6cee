// Hostile or malformed files given to the commands, run as a user runs them: each is refused with
// exit 1 naming the file and the place, nothing written, no stack trace. A NUL byte in a CSV a
// person keeps (deviations, attestations, parameters) was carried into the justification (and on
// into the AR and POA&M) where the JSON and YAML readers refuse one.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';

const { dir, cli } = cliScratch('ato-hostile-');
const NOW = ['--now', '2026-11-02T18:00:00Z'];
const MR01 = join(ROOT, 'samples', 'MR-01');
const write = (name: string, body: string | Buffer) => writeFileSync(join(dir(), name), body);
const deviations = readFileSync(join(ROOT, 'samples', 'deviations.csv'), 'utf8').split('\n').slice(0, 2).join('\n');

/** Exit 1, one error line matching `message`, no stack trace, and --out `out` not written. */
function refused(args: string[], out: string, message: RegExp): void {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(1);
  expect(errorLine(r.stderr)).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(existsSync(join(dir(), out))).toBe(false);
}

describe('a NUL byte in a CSV a person keeps', () => {
  it('deviations: refused naming the file, line and column', () => {
    write('dev-nul.csv', deviations.replace('Vendor safety', 'Vendor\u0000 safety') + '\n');
    refused(['assess', MR01, '--out', 'o1', '--no-pdf', '--deviations', 'dev-nul.csv', ...NOW], 'o1', /^error: dev-nul\.csv at line 2, column \d+: holds a NUL byte \(0x00\)/);
  });

  it('attestations and parameters (after a byte-order mark): refused the same way', () => {
    write('att-nul.csv', 'control,statement,who,role,when,expires,evidence,method\nat-2,"Train\u0000ing",A. Person,ISSO,2026-10-01,2027-10-01,x.pdf,examine\n');
    refused(['assess', MR01, '--out', 'o2', '--no-pdf', '--attestations', 'att-nul.csv', ...NOW], 'o2', /^error: att-nul\.csv at line 2, column 12: holds a NUL byte/);
    write('params-nul.csv', '\uFEFFparameter,value\nac-07_odp.01,3\u0000\n');
    refused(['assess', MR01, '--out', 'o3', '--no-pdf', '--params', 'params-nul.csv', ...NOW], 'o3', /^error: params-nul\.csv at line 2, column 15: holds a NUL byte/);
  });
});

describe('other hostile files (each already refused: kept so)', () => {
  it('YAML aliases multiplying the document, JSON nested 100k deep, UTF-16, a folder, a 2 GiB file', () => {
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    write('laughs.yaml', laughs + '\n');
    refused(['assess', MR01, '--out', 'o4', '--no-pdf', '--system', 'laughs.yaml', ...NOW], 'o4', /^error: laughs\.yaml at line \d+: expands through its aliases to more than 16 MiB/);
    write('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    refused(['assess', 'deep.json', '--out', 'o5', '--no-pdf', ...NOW], 'o5', /^error: deep\.json at line 1, column 257: nested deeper than 256 levels/);
    write('dev16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(deviations, 'utf16le')]));
    refused(['assess', MR01, '--out', 'o6', '--no-pdf', '--deviations', 'dev16.csv', ...NOW], 'o6', /^error: dev16\.csv: is UTF-16LE \(byte-order mark FF FE\), not UTF-8/);
    mkdirSync(join(dir(), 'a-folder'));
    refused(['assess', MR01, '--out', 'o7', '--no-pdf', '--params', 'a-folder', ...NOW], 'o7', /^error: a-folder: is a folder, not a file/);
    write('big.json', '');
    truncateSync(join(dir(), 'big.json'), 2 ** 31); // sparse: no disk used
    refused(['assess', 'big.json', '--out', 'o8', '--no-pdf', ...NOW], 'o8', /^error: big\.json: is 2147483648 bytes: inputs are read whole/);
  });
});

describe('ingest and diff given what cannot be read as it should', () => {
  // ingest read an export file with readFileSync and said "cannot read file: ERR_FS_FILE_TOO_LARGE";
  // ingest, diff and monitor said "no such file or folder" of a link that loops.
  it('an export file of 2 GiB: its size said, as for every input read whole', () => {
    cpSync(join(ROOT, 'test/fixtures/exports/mr-01'), join(dir(), 'ex'), { recursive: true });
    rmSync(join(dir(), 'ex', 'secedit.inf'));
    writeFileSync(join(dir(), 'ex', 'secedit.inf'), '');
    truncateSync(join(dir(), 'ex', 'secedit.inf'), 2 ** 31);
    refused(['ingest', 'ex', '--out', 'ex.json'], 'ex.json', /^error: ex\/secedit\.inf: is 2147483648 bytes: inputs are read whole/);
  });

  it('a link that loops, given as an export file, a side of diff or an INPUT of monitor --schedule', () => {
    symlinkSync('loop', join(dir(), 'loop'));
    refused(['ingest', 'loop', '--out', 'l.json'], 'l.json', /^error: loop: is a symbolic link that loops$/);
    refused(['diff', 'loop', MR01, '--out', 'l-diff', '--no-pdf', ...NOW], 'l-diff', /^error: loop: is a symbolic link that loops$/);
    refused(['monitor', '--store', 'l-st', 'loop', '--out', 'l-rep', '--schedule', '0 6 * * 1'], 'l-rep', /^error: loop: is a symbolic link that loops$/);
    expect(existsSync(join(dir(), 'l-st'))).toBe(false);
  });
});

describe('a text input past its form\'s bound is refused by its size, before it is read', () => {
  // A 400 MB YAML or CSV file was read and decoded whole (860 MB of memory) to be told it was over
  // 16 MiB; sparse files here, so the test costs no disk and, with the fix, no memory either.
  it('--system, --capabilities, --attestations (CSV and YAML), component-definition --capabilities: the size said, memory bounded', () => {
    for (const name of ['big-system.yaml', 'big-caps.yaml', 'big-att.csv', 'big-att.yaml']) {
      write(name, '');
      truncateSync(join(dir(), name), 400_000_000);
    }
    const bound = /is 400000000 bytes, larger than 64 MiB, more than the 16 MiB of text a (YAML|CSV) input may hold$/;
    for (const [option, file] of [['--system', 'big-system.yaml'], ['--capabilities', 'big-caps.yaml'], ['--attestations', 'big-att.csv'], ['--attestations', 'big-att.yaml']] as const) {
      refused(['assess', MR01, '--out', 'o9', '--no-pdf', option, file, ...NOW], 'o9', new RegExp(`^error: ${file.replace('.', '\\.')}: ${bound.source.slice(0)}`));
    }
    refused(['component-definition', '--model', 'Magnara Vida 3T', '--capabilities', 'big-caps.yaml', '--out', 'cd.json', ...NOW], 'cd.json', bound);
    refused(['diff', MR01, MR01, '--out', 'd9', '--no-pdf', '--system', 'big-system.yaml', ...NOW], 'd9', bound);
  });
});
