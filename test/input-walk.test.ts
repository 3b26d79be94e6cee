// The INPUT walker assess, diff and monitor share (src/io/inputs.ts; issue 10 §7): fleets laid
// out with links are read through them, a loop is not followed, a FIFO is never opened, a dangling
// link is said, and each thing skipped is named with its path and why. The CLI runs carry a
// timeout: a command that opened the FIFO would block until killed, and fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuiltCli, runCli } from './support/cli.js';
import { looksLikeExportFolder } from '../src/ingest/index.js';
import { expandInputs } from '../src/io/inputs.js';
import { userErrorOf } from './support/user-error.js';

const root = repoRoot;
const NOW = '2026-11-28T00:00:00Z';
let dir: string;

const cli = (args: string[]) => runCli(dir, args);

const snap = (device: string, day = '2026-11-02') => join(root, 'samples', device, `${device}_${day}.json`);

/**
 * devices/ holds the real folders; fleet/ is laid out with links, as sites often are:
 *   fleet/site-a/MR-01        -> devices/MR-01         (a device folder)
 *   fleet/site-a/CT-01.json   -> devices/CT-01.json    (a snapshot file)
 *   fleet/site-a/LAB-01       -> devices/LAB-01-exports (an export folder)
 *   fleet/site-a/up           -> fleet                 (a loop)
 *   fleet/site-a/gone.json    -> nowhere.json          (dangling)
 *   fleet/site-a/queue.json   a FIFO
 *   fleet/site-b/MR-01        -> devices/MR-01         (a second path to one folder)
 */
function layOut(base: string, day = '2026-11-02'): void {
  const d = join(dir, base);
  mkdirSync(join(d, 'devices', 'MR-01'), { recursive: true });
  cpSync(snap('MR-01', day), join(d, 'devices', 'MR-01', 'MR-01.json'));
  cpSync(snap('CT-01', day), join(d, 'devices', 'CT-01.json'));
  // The fixture is an MR-01 console's exports: renamed LAB-09 here, so each device appears once.
  const ex = join(d, 'devices', 'LAB-01-exports');
  cpSync(join(root, 'test/fixtures/exports/mr-01'), ex, { recursive: true });
  for (const f of ['collection.json', 'vendor-settings.json']) writeFileSync(join(ex, f), readFileSync(join(ex, f), 'utf8').replace(/"MR-01"/g, '"LAB-09"'));
  mkdirSync(join(d, 'fleet', 'site-a'), { recursive: true });
  mkdirSync(join(d, 'fleet', 'site-b'), { recursive: true });
  symlinkSync('../../devices/MR-01', join(d, 'fleet', 'site-a', 'MR-01'));
  symlinkSync('../../devices/CT-01.json', join(d, 'fleet', 'site-a', 'CT-01.json'));
  symlinkSync('../../devices/LAB-01-exports', join(d, 'fleet', 'site-a', 'LAB-01'));
  symlinkSync('..', join(d, 'fleet', 'site-a', 'up'));
  symlinkSync('../../nowhere.json', join(d, 'fleet', 'site-a', 'gone.json'));
  execFileSync('mkfifo', [join(d, 'fleet', 'site-a', 'queue.json')]);
  symlinkSync('../../devices/MR-01', join(d, 'fleet', 'site-b', 'MR-01'));
}

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'ato-walk-'));
  layOut('one');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandInputs follows links, skips loops, FIFOs and dangling links, and says so', () => {
  it('lists the linked device folder, snapshot file and export folder once each; warns about the rest', () => {
    const warnings: string[] = [];
    const fleet = join(dir, 'one', 'fleet');
    const items = expandInputs([fleet], { isExportFolder: looksLikeExportFolder, warn: (m) => warnings.push(m) });
    expect(items).toEqual([
      { kind: 'snapshot', path: join(fleet, 'site-a', 'CT-01.json') },
      { kind: 'exports', path: join(fleet, 'site-a', 'LAB-01') },
      { kind: 'snapshot', path: join(fleet, 'site-a', 'MR-01', 'MR-01.json') },
    ]);
    expect(warnings.sort()).toEqual([
      `${join(fleet, 'site-a', 'gone.json')}: skipped: a dangling symbolic link (to ../../nowhere.json, which does not exist)`,
      `${join(fleet, 'site-a', 'queue.json')}: skipped: a FIFO (named pipe), not a regular file: never opened`,
      `${join(fleet, 'site-a', 'up')}: skipped: a link back to ${fleet}, which holds it (a loop): not followed`,
      `${join(fleet, 'site-b', 'MR-01')}: skipped: the same folder as ${join(fleet, 'site-a', 'MR-01')} (read once)`,
    ].sort());
  });

  it('a link that loops on itself, and a second link to one snapshot file', () => {
    const d = join(dir, 'self');
    mkdirSync(d);
    cpSync(snap('MR-02'), join(d, 'MR-02.json'));
    symlinkSync('MR-02.json', join(d, 'same.json'));
    symlinkSync('knot', join(d, 'knot'));
    const warnings: string[] = [];
    expect(expandInputs([d], { warn: (m) => warnings.push(m) })).toEqual([{ kind: 'snapshot', path: join(d, 'MR-02.json') }]);
    expect(warnings).toEqual([
      `${join(d, 'knot')}: skipped: a symbolic link that loops (ELOOP)`,
      `${join(d, 'same.json')}: skipped: the same file as ${join(d, 'MR-02.json')} (read once)`,
    ]);
  });

  it('naming a folder twice, or a folder and a file in it, is one input without a warning (as before)', () => {
    const warnings: string[] = [];
    const d = join(dir, 'self');
    expect(expandInputs([d, d, join(d, 'MR-02.json')], { warn: (m) => warnings.push(m) })).toHaveLength(1);
    expect(warnings.filter((w) => !/knot|same\.json/.test(w))).toEqual([]);
  });

  it('an INPUT that is a dangling link or a FIFO is an error naming it, not a silent skip', () => {
    symlinkSync('missing.json', join(dir, 'dangling.json'));
    expect(userErrorOf(() => expandInputs([join(dir, 'dangling.json')])).message).toBe(`${join(dir, 'dangling.json')}: is a dangling symbolic link (to missing.json, which does not exist)`);
    expect(userErrorOf(() => expandInputs([join(dir, 'one', 'fleet', 'site-a', 'queue.json')])).message).toMatch(/queue\.json: is a FIFO \(named pipe\), not a snapshot file or a folder$/);
  });

  it('a folder whose only content is skipped says it holds no snapshot', () => {
    const d = join(dir, 'only-dangling');
    mkdirSync(d);
    symlinkSync('nowhere', join(d, 'x.json'));
    const warnings: string[] = [];
    expect(userErrorOf(() => expandInputs([d], { warn: (m) => warnings.push(m) })).message).toMatch(/only-dangling: contains no snapshot/);
    expect(warnings).toHaveLength(1);
  });
});

describe('looksLikeExportFolder never opens a FIFO behind a link', () => {
  it('a folder holding only a link to a FIFO is not an export folder, and the call returns', () => {
    // Run in a child process: a blocking open would hang this worker beyond any test timeout.
    const d = join(dir, 'fifo-link');
    mkdirSync(d);
    symlinkSync(join(dir, 'one', 'fleet', 'site-a', 'queue.json'), join(d, 'secedit-copy'));
    const code = `import(${JSON.stringify(join(root, 'dist/ingest/index.js'))}).then((m) => process.stdout.write(String(m.looksLikeExportFolder(${JSON.stringify(d)}))))`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe('false');
  });
});

describe('assess, diff and monitor read a linked fleet and warn about what they skip', () => {
  const expectWarnings = (stderr: string, base: string) => {
    const expected: Array<[string, string]> = [
      ['site-a/gone.json', 'a dangling symbolic link'],
      ['site-a/queue.json', 'a FIFO (named pipe), not a regular file: never opened'],
      ['site-a/up', 'a loop'],
      ['site-b/MR-01', `the same folder as ${base}/fleet/site-a/MR-01 (read once)`],
    ];
    for (const [name, why] of expected) expect(stderr).toMatch(new RegExp(`warning: ${`${base}/fleet/${name}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: skipped: .*${why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  };

  it('assess: the three linked devices are assessed; the skipped entries are named', () => {
    const r = cli(['assess', 'one/fleet', '--out', 'pkg', '--now', NOW, '--no-pdf', '--json']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).devices.map((d: { id: string; file: string }) => [d.id, d.file])).toEqual([
      ['CT-01', 'one/fleet/site-a/CT-01.json'],
      ['LAB-09', 'one/fleet/site-a/LAB-01'],
      ['MR-01', 'one/fleet/site-a/MR-01/MR-01.json'],
    ]);
    expectWarnings(r.stderr, 'one');
  });

  it('diff: NEW laid out with links is compared device by device', () => {
    layOut('two', '2026-10-05');
    const r = cli(['diff', 'two/fleet', 'one/fleet', '--out', 'drift', '--now', NOW, '--no-pdf', '--json']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const drift = JSON.parse(readFileSync(join(dir, 'drift', 'drift.json'), 'utf8'));
    // CT-01, LAB-09 and MR-01 on each side, every one reached through a link.
    expect([drift.old.devices, drift.new.devices]).toEqual([3, 3]);
    expect(drift.summary.devices.compared).toBe(3);
    expectWarnings(r.stderr, 'one');
    expectWarnings(r.stderr, 'two');
  });

  it('monitor: files the linked snapshots into the store', () => {
    const r = cli(['monitor', '--store', 'st', 'one/fleet', '--out', 'rep', '--now', NOW, '--no-pdf', '--json']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ devices: 3, filed: 3 });
    expect(existsSync(join(dir, 'rep', 'drift.json'))).toBe(true);
    expectWarnings(r.stderr, 'one');
  });
});

// A folder under an INPUT that yields no device (an empty CT-02/, raw exports whose collection.json
// was saved as collection.json.txt) used to be passed over without a word: the package read as the
// whole fleet with one device fewer. Now a misnamed export is refused and anything else is named.
describe('what under an INPUT is not read is named, and misnamed exports are refused', () => {
  const fleet = (name: string) => {
    const d = join(dir, name);
    mkdirSync(join(d, 'MR-01'), { recursive: true });
    cpSync(snap('MR-01'), join(d, 'MR-01', 'MR-01.json'));
    return d;
  };

  it('an empty device folder and a stray file are warnings naming them; the run goes on', () => {
    const d = fleet('unread-a');
    mkdirSync(join(d, 'CT-02'));
    mkdirSync(join(d, 'notes'));
    writeFileSync(join(d, 'notes', 'todo.txt'), 'collect CT-02 again');
    writeFileSync(join(d, 'MR-01', 'MR-02.json.bak'), '{}');
    const r = cli(['assess', 'unread-a', '--out', 'pkg-unread-a', '--now', NOW, '--no-pdf', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: unread-a\/CT-02: not read: an empty folder/);
    expect(r.stderr).toMatch(/warning: unread-a\/notes: not read: a folder holding no snapshot/);
    expect(r.stderr).toMatch(/warning: unread-a\/MR-01\/MR-02\.json\.bak: not read: a file that is not a snapshot/);
    // The folder is named once, not each file in it as well.
    expect(r.stderr).not.toMatch(/todo\.txt/);
  });

  it('a folder holding a misnamed export (collection.json.txt) is refused, exit 1, nothing written', () => {
    const d = fleet('unread-b');
    mkdirSync(join(d, 'MR-03'));
    // Content no recogniser takes (a manifest's content makes it an export folder, refused by ingest).
    writeFileSync(join(d, 'MR-03', 'collection.json.txt'), '{}');
    const r = cli(['assess', 'unread-b', '--out', 'pkg-unread-b', '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unread-b\/MR-03.*"collection\.json\.txt".*looks like a device's export \(collection\.json/);
    expect(existsSync(join(dir, 'pkg-unread-b'))).toBe(false);
  });

  it('files the run reads through its options (attestations and their evidence) are not named', () => {
    const d = fleet('unread-c');
    cpSync(join(root, 'samples', 'attestations'), join(d, 'attestations'), { recursive: true });
    cpSync(join(root, 'samples', 'attestations.yaml'), join(d, 'attestations.yaml'));
    const r = cli(['assess', 'unread-c', '--out', 'pkg-unread-c', '--attestations', 'unread-c/attestations.yaml', '--now', NOW, '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/not read/);
    // Without --attestations they are not read, and said.
    const bare = cli(['assess', 'unread-c', '--out', 'pkg-unread-c2', '--now', NOW, '--no-pdf']);
    expect(bare.stderr).toMatch(/warning: unread-c\/attestations: not read/);
    expect(bare.stderr).toMatch(/warning: unread-c\/attestations\.yaml: not read/);
  });

  it('diff names no file it reads through its options either (attestations and their evidence)', () => {
    const d = fleet('unread-d');
    cpSync(join(root, 'samples', 'attestations'), join(d, 'attestations'), { recursive: true });
    cpSync(join(root, 'samples', 'attestations.yaml'), join(d, 'attestations.yaml'));
    const r = cli(['diff', 'unread-d', 'unread-d', '--out', 'drift-unread-d', '--attestations', 'unread-d/attestations.yaml', '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/not read/);
    // The walker does name them when no option reads them.
    const bare = cli(['diff', 'unread-d', 'unread-d', '--out', 'drift-unread-d2', '--now', NOW]);
    expect(bare.stderr).toMatch(/warning: unread-d\/attestations\.yaml: not read/);
    expect(bare.stderr).toMatch(/warning: unread-d\/attestations: not read/);
  });
});
