// Issue 3 end to end, through the built binary: a folder of native exports -> snapshot -> OSCAL.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../src/snapshot/load.js';
import { materialiseDevice, sha256 } from './ingest/fixture-folder.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
let dir: string;
let device: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-ingest-'));
  // The fixture console folder, written as Windows writes it (UTF-16LE + BOM + CRLF, binary registry.pol).
  const made = materialiseDevice();
  device = join(dir, 'exports', 'MR-01');
  mkdirSync(join(dir, 'exports'));
  cpSync(made, device, { recursive: true });
  rmSync(made, { recursive: true, force: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ato-evidence ingest', () => {
  it('turns an export folder into a valid snapshot whose values carry the source file and its SHA-256', () => {
    const r = cli(['ingest', device, '--out', 'MR-01.json', '--json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'MR-01.json'), 'utf8');
    const snap = parseSnapshot(text, 'MR-01.json');
    const lockout = snap.provenance?.['/access/lockoutPolicy/local/threshold'];
    expect(lockout?.file).toBe('secedit.inf');
    expect(lockout?.sha256).toBe(sha256(readFileSync(join(device, 'secedit.inf'))));
    expect(lockout?.location).toMatch(/LockoutBadCount/);
    const summary = JSON.parse(r.stdout);
    expect(summary.recognised.map((x: { file: string }) => x.file)).toContain('registry.pol');
  });

  it('refuses to overwrite without --force', () => {
    const r = cli(['ingest', device, '--out', 'MR-01.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MR-01\.json: already exists/);
  });

  it('--force replaces a snapshot file, never a FIFO (or device): exit 2, left as it was', () => {
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    const r = cli(['ingest', device, '--out', 'pipe', '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: pipe: is not a regular file \(a device, FIFO or socket\)/m);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('an unrecognisable folder and a malformed export: exit 1, file and line named, nothing written', () => {
    mkdirSync(join(dir, 'junk'));
    writeFileSync(join(dir, 'junk', 'notes.txt'), 'shopping list\n');
    const junk = cli(['ingest', 'junk', '--out', 'junk.json']);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/junk/);
    expect(existsSync(join(dir, 'junk.json'))).toBe(false);

    const bad = join(dir, 'bad');
    cpSync(device, bad, { recursive: true });
    writeFileSync(join(bad, 'secedit.inf'), Buffer.from([0xff, 0xfe, ...Buffer.from('[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = \r\n', 'utf16le')]));
    const r = cli(['ingest', 'bad', '--out', 'bad.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/secedit\.inf.*line \d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('ato-evidence assess on export folders', () => {
  it('ingests on the fly and traces each verdict to the export file it came from', () => {
    const r = cli(['assess', 'exports', '--out', 'pkg', '--now', '2026-11-28T00:00:00Z', '--json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'];
    const result = ar.results[0];
    const obs = result.observations.find((o: { props?: Array<{ name: string; value: string }> }) => o.props?.some((p) => p.name === 'check-id' && p.value === 'LOCKOUT-THRESHOLD'));
    // The observation names the value it read; the evidence resource naming its subject's inventory item is the device's snapshot.
    expect(obs.description).toContain('/access/lockoutPolicy/local/threshold');
    const res = ar['back-matter'].resources.find((r: { props?: Array<{ name: string; value: string }> }) => r.props?.some((p) => p.name === 'inventory-item-uuid' && p.value === obs.subjects[0]['subject-uuid']));
    // The evidence copy is the snapshot built from the exports, and its hash is in the back-matter...
    const copy = readFileSync(join(dir, 'pkg', res.rlinks[0].href));
    expect(sha256(copy)).toBe(res.rlinks[0].hashes[0].value);
    // ...and its provenance table traces the value to the export file, its line and its SHA-256.
    const provenance = JSON.parse(copy.toString('utf8')).provenance['/access/lockoutPolicy/local/threshold'];
    expect(provenance.file).toBe('secedit.inf');
    expect(provenance.location).toMatch(/LockoutBadCount/);
    expect(provenance.sha256).toBe(sha256(readFileSync(join(device, 'secedit.inf'))));
  });
});
