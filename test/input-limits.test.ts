// Hostile input that used to end in a stack trace (issue 10 §6), by class: nesting depth (one
// limit for every JSON and YAML input), size and alias expansion (one YAML reader), device ids
// that become file names. Each is a clear exit-1 message naming the file and the place.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAhead, readRegularFile, readUserFile } from '../src/io/file-queue.js';
import { MAX_NESTING, parseJson, tooDeepAt } from '../src/io/json-text.js';
import { decodeUtf8, MAX_TEXT_BYTES } from '../src/io/utf8.js';
import { MAX_YAML_BYTES, parseYamlText } from '../src/io/yaml-text.js';
import { MAX_CSV_CHARS, parseCsvRecords, parseCsvRows } from '../src/io/csv-text.js';
import { parseParamsFile } from '../src/params/resolve.js';
import { MAX_DEVICE_ID, validateSnapshot } from '../src/snapshot/load.js';
import { requireShared, schemaDir } from './support/oscal-schema.js';
import { cliScratch, ROOT, type CliRun } from './support/cli-scratch.js';
import { userErrorOf } from './support/user-error.js';

const sampleText = readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8');
const scratch = cliScratch('ato-limits-');
const cli = scratch.cli;

/** Exit 1, one clear "error:" line naming `file` and the place, no stack trace, no --out. */
function expectClearError(r: CliRun, file: string, place: RegExp, what: RegExp, out?: string): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |RangeError|Maximum call stack|Invalid string length|ENAMETOOLONG/);
  const line = r.stderr.split('\n').find((l) => l.startsWith('error: '));
  expect(line, r.stderr).toBeDefined();
  expect(line!.startsWith(`error: ${file}`), line).toBe(true);
  expect(line).toMatch(place);
  expect(line).toMatch(what);
  if (out) expect(existsSync(join(scratch.dir(), out))).toBe(false);
}


describe('nesting depth: one limit for every JSON and YAML input', () => {
  it('finds the first bracket past the limit, ignoring brackets inside strings', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(tooDeepAt(nest(MAX_NESTING))).toBe(-1);
    expect(tooDeepAt(nest(MAX_NESTING + 1))).toBe(MAX_NESTING);
    expect(tooDeepAt(`{"a":"${'['.repeat(1000)}","b\\"[[":"\\\\"}`)).toBe(-1);
    expect(tooDeepAt(`["\\\\"${'['.repeat(MAX_NESTING)}]`)).toBe(MAX_NESTING + 4);
  });

  it('parseJson refuses a deep document with the line and column of the level too many', () => {
    const e = userErrorOf(() => parseJson(`{\n  "a": ${'['.repeat(MAX_NESTING + 5)}1${']'.repeat(MAX_NESTING + 5)}}`, 'deep.json'));
    expect(e.message).toBe(`deep.json at line 2, column ${7 + MAX_NESTING}: nested deeper than ${MAX_NESTING} levels of objects and arrays; no input of this tool needs that many`);
  });

  it('assess: provenance nested 5,000 levels', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const text = sampleText.replace('"provenance": {', `"provenance": {\n    "/device/model": { "file": "v.json", "sha256": "${'a'.repeat(64)}", "alternatives": [ { "file": "w.json", "sha256": "${'b'.repeat(64)}", "value": ${deep} } ] },`);
    expect(text).not.toBe(sampleText);
    mkdirSync(join(scratch.dir(), 'deep'));
    writeFileSync(join(scratch.dir(), 'deep', 'MR-02.json'), text);
    expectClearError(cli(['assess', 'deep', '--out', 'deep-out', '--now', '2026-11-28T00:00:00Z']), 'deep/MR-02.json', / at line \d+, column \d+: /, /nested deeper than 256 levels/, 'deep-out');
  });

  it('validate: a document larger than a string can hold, or a folder, is refused before a byte is read (it was read whole: 0.5 GB of memory)', (ctx) => {
    requireShared(ctx);
    const big = join(scratch.dir(), 'sparse-ar.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_TEXT_BYTES + 1);
    mkdirSync(join(scratch.dir(), 'a-folder.json'), { recursive: true });
    try {
      const r = cli(['validate', 'sparse-ar.json', 'a-folder.json', '--schema', join(schemaDir, 'oscal_complete_schema-1.1.3.json')]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: sparse-ar\\.json: is ${MAX_TEXT_BYTES + 1} bytes: inputs are read whole`, 'm'));
      expect(r.stderr).toMatch(/^error: a-folder\.json: is a folder, not a file$/m);
    } finally {
      rmSync(big, { force: true });
    }
  });

  // The reader of files an input names (a store's objects, an attestation's evidence, an OSCAL
  // document's imports beside it): these were read with readFileSync after a stat, or none, so a
  // FIFO waited forever and a file of any size was read whole.
  it('readRegularFile: a FIFO or device is refused unread (ENOTREG), a file over the bound on its size (EFBIG), a folder as EISDIR', () => {
    const d = scratch.dir();
    const fifo = join(d, 'named-pipe');
    rmSync(fifo, { force: true });
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as NodeJS.ErrnoException & { size?: number });
      }
      throw new Error('not refused');
    };
    expect(code(() => readRegularFile(fifo)).code).toBe('ENOTREG');
    expect(code(() => readRegularFile('/dev/zero')).code).toBe('ENOTREG');
    mkdirSync(join(d, 'a-dir'), { recursive: true });
    expect(code(() => readRegularFile(join(d, 'a-dir'))).code).toBe('EISDIR');
    const big = join(d, 'sparse-import.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_TEXT_BYTES + 1);
    try {
      expect(code(() => readRegularFile(big))).toMatchObject({ code: 'EFBIG', size: MAX_TEXT_BYTES + 1 });
      expect(code(() => readRegularFile(join(d, 'named-pipe'), 10))).toMatchObject({ code: 'ENOTREG' });
    } finally {
      rmSync(big, { force: true });
    }
    writeFileSync(join(d, 'small.txt'), 'twelve bytes');
    expect(code(() => readRegularFile(join(d, 'small.txt'), 11))).toMatchObject({ code: 'EFBIG', size: 12 });
    expect(readRegularFile(join(d, 'small.txt'), 12).toString()).toBe('twelve bytes');
  });

  it('validate: an OSCAL document nested 100,000 levels', (ctx) => {
    requireShared(ctx);
    const head = '{"assessment-results": {"results": ';
    writeFileSync(join(scratch.dir(), 'deep-ar.json'), `${head}${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    const r = cli(['validate', 'deep-ar.json', '--schema', join(schemaDir, 'oscal_complete_schema-1.1.3.json')]);
    expect(r.code).toBe(1);
    // The bracket that opens level 257: the two objects, then 255 arrays.
    expect(r.stderr).toMatch(new RegExp(`^error: deep-ar\\.json: line 1, column ${head.length + 255}: nested deeper than 256 levels`, 'm'));
    expect(r.stderr).not.toMatch(/internal error|\n\s+at |Maximum call stack/);
  });

  it('YAML: nesting past the limit, directly or through aliases, is refused with its line', () => {
    const deep = `a:${' ['.repeat(MAX_NESTING + 1)}1${']'.repeat(MAX_NESTING + 1)}`;
    expect(userErrorOf(() => parseYamlText(deep, 's.yaml')).message).toMatch(/^s\.yaml at line 1: not valid YAML or JSON: nested deeper than 256 levels/);
    // 26 levels, each an alias of the one below: deep only once expanded.
    let chain = 'l0: &l0 [1]\n';
    for (let i = 1; i <= 300; i++) chain += `l${i}: &l${i} [*l${i - 1}]\n`;
    expect(userErrorOf(() => parseYamlText(chain, 'c.yaml')).message).toMatch(/^c\.yaml at line 2: nested deeper than 256 levels through its aliases/);
    expect(userErrorOf(() => parseYamlText('a: &x\n  b: *x\n', 'loop.yaml')).message).toMatch(/^loop\.yaml at line 2: an alias refers to a value that contains it/);
  });
});

describe('size and alias expansion: one YAML reader', () => {
  const bomb = (() => {
    let t = `note: &big "${'x'.repeat(2 * 2 ** 20)}"\nlist:\n`;
    for (let i = 0; i < 300; i++) t += '  - *big\n';
    return t;
  })();

  it('300 aliases of a 2 MB string: refused, pointing at the first alias', () => {
    expect(userErrorOf(() => parseYamlText(bomb, 'bomb.yaml')).message).toBe(`bomb.yaml at line 3: expands through its aliases to more than 16 MiB: aliases may repeat a value, not multiply the document`);
  });

  it('aliases that only repeat a value are fine, and so is a file just under the size bound', () => {
    expect(parseYamlText('a: &p { name: Dana, role: ISSO }\nb: *p\nc: *p\n', 'ok.yaml')).toEqual({ a: { name: 'Dana', role: 'ISSO' }, b: { name: 'Dana', role: 'ISSO' }, c: { name: 'Dana', role: 'ISSO' } });
    expect(() => parseYamlText(`a: "${'y'.repeat(MAX_YAML_BYTES - 20)}"`, 'big.yaml')).not.toThrow();
    expect(userErrorOf(() => parseYamlText(`a: "${'y'.repeat(MAX_YAML_BYTES)}"`, 'big.yaml')).message).toBe('big.yaml: is larger than 16 MiB, the most a YAML or JSON input may be');
  });

  it('a JSON input larger than a string can hold is refused by its size, before it is decoded', () => {
    const huge = { length: MAX_TEXT_BYTES + 1 } as unknown as Uint8Array; // nothing else of it is read
    expect(userErrorOf(() => decodeUtf8(huge, 'big.json', 'JSON')).message).toBe(`big.json: is ${MAX_TEXT_BYTES + 1} bytes: JSON files are read whole, and the most this program can hold is ${MAX_TEXT_BYTES} bytes`);
  });

  it('a file larger than a string can hold is refused by its size before a byte is read (a sparse 1.5 GB snapshot was read whole first: 1.6 GB of memory)', async () => {
    const big = join(scratch.dir(), 'sparse-big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_TEXT_BYTES + 1); // sparse: no disk used, and nothing to read if the size is judged first
    try {
      const message = `${big}: is ${MAX_TEXT_BYTES + 1} bytes: inputs are read whole, and the most this program can hold is ${MAX_TEXT_BYTES} bytes`;
      expect(userErrorOf(() => readUserFile(big)).message).toBe(message);
      const ahead: string[] = [];
      for await (const r of readAhead([{ path: big }], () => true)) ahead.push(r.error?.message ?? `read ${r.bytes?.length} bytes`);
      expect(ahead).toEqual([message]);
    } finally {
      rmSync(big, { force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('a FIFO found where a file was listed is refused at once, not read (the read waited for a writer for ever)', () => {
    const fifo = join(scratch.dir(), 'swapped.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // In a child with a time limit: the read this guards against blocks the thread for ever.
    const script = `import { readUserFile } from ${JSON.stringify(join(ROOT, 'dist/io/file-queue.js'))};
      try { readUserFile(${JSON.stringify(fifo)}); console.log('read'); } catch (e) { console.log(e.message); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    rmSync(fifo, { force: true });
    expect(r.error, 'reading a FIFO did not return within 20 s').toBeUndefined();
    expect(r.stdout.trim()).toBe(`${fifo}: is not a regular file (a FIFO, device or socket): it is not read, because reading it could wait or run forever`);
  });

  it('every YAML option of every command: --attestations, --system, --checks, --capabilities', () => {
    writeFileSync(join(scratch.dir(), 'bomb.yaml'), bomb);
    const snap = join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json');
    const now = ['--now', '2026-11-28T00:00:00Z'];
    for (const opt of ['--attestations', '--system', '--checks']) {
      expectClearError(cli(['assess', snap, '--out', 'bomb-out', '--no-pdf', opt, 'bomb.yaml', ...now]), 'bomb.yaml', / at line 3: /, /expands through its aliases to more than 16 MiB/, 'bomb-out');
    }
    expectClearError(cli(['component-definition', '--model', 'Magnara Vida 3T', '--capabilities', 'bomb.yaml', '--out', 'cd.json', ...now]), 'bomb.yaml', / at line 3: /, /expands through its aliases/, 'cd.json');
  });
});

describe('size: the CSV files people keep (deviations, attestations, parameters)', () => {
  it('a CSV input over 16 MiB is refused by its size before it is parsed (a 40 MB one kept a run busy for a minute, csv-parse reading ~1 MB a second)', () => {
    const big = 'a'.repeat(MAX_CSV_CHARS + 1);
    expect(userErrorOf(() => parseCsvRows(big, 'deviations.csv')).message).toBe(`deviations.csv: is larger than 16 MiB (${MAX_CSV_CHARS + 1} characters), the most a CSV input may be`);
    // A CSV params file goes the same way (it is read as CSV when it does not start with "{").
    expect(userErrorOf(() => parseParamsFile(big, 'org-params.csv')).message).toMatch(/^org-params\.csv: is larger than 16 MiB/);
  });

  it('every file a person keeps and every key is refused on its size before it is read (a 400 MB deviations CSV took 860 MB of memory to be refused)', () => {
    const snap = join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json');
    const now = ['--now', '2026-11-28T00:00:00Z'];
    // Sparse files: no disk used; read whole, each would take hundreds of MB of memory.
    const sparse = (name: string, size: number): string => {
      writeFileSync(join(scratch.dir(), name), '');
      truncateSync(join(scratch.dir(), name), size);
      return name;
    };
    const size = 400 * 2 ** 20;
    try {
      for (const [opt, name] of [['--deviations', 'huge-dev.csv'], ['--params', 'huge-params.csv'], ['--checks', 'huge-checks.yaml'], ['--sign-key', 'huge.key']] as const) {
        sparse(name, size);
        expectClearError(cli(['assess', snap, '--out', 'huge-out', '--no-pdf', opt, name, ...now]), name, /: is 419430400 bytes, larger than /, /MiB|KiB/, 'huge-out');
        rmSync(join(scratch.dir(), name), { force: true });
      }
      // `checks --params FILE` read the file whole first (a 200 MB one: 480 MB of memory), as assess no longer does.
      sparse('huge-params.csv', size);
      expectClearError(cli(['checks', '--params', 'huge-params.csv']), 'huge-params.csv', /: is 419430400 bytes, larger than /, /MiB of text a params input may hold/);
    } finally {
      for (const name of ['huge-dev.csv', 'huge-params.csv', 'huge-checks.yaml', 'huge.key']) rmSync(join(scratch.dir(), name), { force: true });
    }
  });

  it('a wrong header is quoted up to 200 characters, with its length, never whole into the terminal', () => {
    const header = `check_id;${'x'.repeat(5000)}`;
    const m = userErrorOf(() => parseCsvRecords(`${header}\nA\n`, 'deviations.csv', ['check_id', 'device_id'])).message;
    expect(m).toContain(`the header is ${JSON.stringify(header.slice(0, 200))}… (${header.length} characters), but it must name the columns check_id,device_id`);
    expect(m.length).toBeLessThan(500);
  });
});

describe('device ids become file names: a documented limit and character set', () => {
  const doc = (id: string) => ({ ...JSON.parse(sampleText), device: { id } });

  it(`at most ${MAX_DEVICE_ID} characters, letters, digits, ".", "_", "-", not a Windows device name`, () => {
    expect(validateSnapshot(doc('A'.repeat(MAX_DEVICE_ID)), 'x.json').device.id).toHaveLength(MAX_DEVICE_ID);
    expect(userErrorOf(() => validateSnapshot(doc('A'.repeat(MAX_DEVICE_ID + 1)), 'x.json')).message).toBe(`x.json at /device/id: the device id is ${MAX_DEVICE_ID + 1} characters long; at most 64 are allowed, because it names evidence files`);
    for (const bad of ['../etc', 'MR 01', 'MR/01', '-MR', 'É1']) expect(userErrorOf(() => validateSnapshot(doc(bad), 'x.json')).where).toBe('/device/id');
    for (const reserved of ['CON', 'nul.1', 'COM1', 'lpt9.x']) expect(userErrorOf(() => validateSnapshot(doc(reserved), 'x.json')).message).toMatch(/a name Windows reserves for a device/);
    for (const fine of ['CON-01', 'CONSOLE', 'MR-01.b_2', 'COM10']) expect(validateSnapshot(doc(fine), 'x.json').device.id).toBe(fine);
  });

  it('assess: a 300-character device id is refused before any file is named after it', () => {
    mkdirSync(join(scratch.dir(), 'long'));
    writeFileSync(join(scratch.dir(), 'long', 'x.json'), JSON.stringify(doc('A'.repeat(300))));
    expectClearError(cli(['assess', 'long', '--out', 'long-out', '--now', '2026-11-28T00:00:00Z']), 'long/x.json', / at \/device\/id: /, /300 characters long; at most 64/, 'long-out');
  });
});
