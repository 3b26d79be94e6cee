// `schema fetch`: NIST's schema downloaded from a local HTTP server on loopback serving ../shared's
// copy (laid out like NIST's release assets), checked against the pinned SHA-256, cached, and then
// used by `validate` without --schema. Modified bytes are refused and nothing is written.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { schemaFetchCommand } from '../src/cli/schema.js';
import { validateCommand } from '../src/cli/validate.js';
import { cacheFileFor } from '../src/validate/cache.js';
import { cachedSchemaFile, fetchSchema, SCHEMA_PINS, schemaUrl } from '../src/validate/fetch.js';
import { describeWithShared, examplesDir, schemaFile } from './support/oscal-schema.js';
import { userErrorOfAsync } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');

let dir: string;
let server: Server;
let base: string;
/** What the server does: serve the real file, modified bytes, or 404. */
let mode: 'real' | 'modified' | '404' = 'real';
let requests: string[] = [];

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

async function listen(s: Server): Promise<string> {
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/releases`;
}

/** A fresh, empty cache folder. */
function newCache(): string {
  return mkdtempSync(join(dir, 'cache-'));
}

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await fn();
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

describeWithShared('schema fetch', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-schema-fetch-'));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const m = /^\/releases\/v(1\.1\.3|1\.2\.2)\/oscal_complete_schema\.json$/.exec(req.url ?? '');
      if (!m || mode === '404') {
        res.statusCode = 404;
        res.end('Not Found');
        return;
      }
      let body = readFileSync(schemaFile(m[1] as '1.1.3' | '1.2.2'));
      // One changed description: still NIST's schema in shape, but not the bytes NIST released.
      if (mode === 'modified') body = Buffer.from(body.toString('utf8').replace('"description"', '"description" '));
      res.setHeader('content-type', 'application/json');
      res.end(body);
    });
    base = await listen(server);
  });
  afterAll(async () => {
    await new Promise((res) => server.close(res));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    mode = 'real';
    requests = [];
  });

  it('the pins are the SHA-256 of the schemas in ../shared', () => {
    for (const v of ['1.1.3', '1.2.2'] as const) expect(SCHEMA_PINS[v]).toBe(sha(readFileSync(schemaFile(v))));
    expect(schemaUrl('1.2.2')).toBe('https://github.com/usnistgov/OSCAL/releases/download/v1.2.2/oscal_complete_schema.json');
  });

  it('downloads, checks the pin, caches the schema and its compiled validator; a second fetch downloads nothing', async () => {
    const cacheDir = newCache();
    const r = await fetchSchema({ version: '1.2.2', from: base, cacheDir });
    expect(requests).toEqual(['/releases/v1.2.2/oscal_complete_schema.json']);
    expect(r.status).toBe('downloaded');
    expect(r.file).toBe(cachedSchemaFile('1.2.2', cacheDir));
    expect(sha(readFileSync(r.file))).toBe(SCHEMA_PINS['1.2.2']);
    // The validator was generated now, into the cache, under the schema's digest.
    expect(r.validatorSource).toBe('generated');
    expect(r.validatorFile).toBe(cacheFileFor(SCHEMA_PINS['1.2.2'], cacheDir));
    expect(existsSync(r.validatorFile!)).toBe(true);
    // No temporary files left behind.
    expect(readdirSync(join(cacheDir, 'schemas'))).toEqual(['oscal_complete_schema-1.2.2.json']);

    const again = await fetchSchema({ version: '1.2.2', from: base, cacheDir });
    expect(again.status).toBe('cached');
    expect(again.validatorSource).toBe('cache');
    expect(requests).toHaveLength(1);
  }, 30_000);

  it('the base URL comes from $ATO_EVIDENCE_SCHEMA_URL when --from is not given', async () => {
    const cacheDir = newCache();
    mode = '404'; // nothing is fetched successfully; only the URL asked matters here
    const e = await userErrorOfAsync(() => fetchSchema({ version: '1.1.3', cacheDir, env: { ATO_EVIDENCE_SCHEMA_URL: `${base}/` } }));
    expect(requests).toEqual(['/releases/v1.1.3/oscal_complete_schema.json']);
    expect(e.message).toContain('HTTP 404');
  });

  it('modified bytes are refused: exit 1, nothing written to an empty cache', async () => {
    const cacheDir = newCache();
    mode = 'modified';
    const e = await userErrorOfAsync(() => fetchSchema({ version: '1.1.3', from: base, cacheDir }));
    expect(e.message).toMatch(/refused: the download's SHA-256 is [0-9a-f]{64}, not the pinned 078848cb/);
    expect(e.message).toContain('nothing was written');
    expect(readdirSync(cacheDir)).toEqual([]);

    const saved = process.env.ATO_EVIDENCE_CACHE;
    process.env.ATO_EVIDENCE_CACHE = cacheDir;
    try {
      const r = await capture(() => schemaFetchCommand({ version: '1.1.3', from: base }));
      expect(r.code).toBe(1);
      expect(r.err).toContain('refused');
      expect(readdirSync(cacheDir)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.ATO_EVIDENCE_CACHE;
      else process.env.ATO_EVIDENCE_CACHE = saved;
    }
  });

  it('a refused --force download leaves the good cached schema untouched', async () => {
    const cacheDir = newCache();
    const good = await fetchSchema({ version: '1.1.3', from: base, cacheDir });
    const before = statSync(good.file).mtimeMs;
    mode = 'modified';
    await userErrorOfAsync(() => fetchSchema({ version: '1.1.3', from: base, cacheDir, force: true }));
    expect(statSync(good.file).mtimeMs).toBe(before);
    expect(sha(readFileSync(good.file))).toBe(SCHEMA_PINS['1.1.3']);
    expect(readdirSync(join(cacheDir, 'schemas'))).toEqual(['oscal_complete_schema-1.1.3.json']);
  }, 30_000);

  it('a 404 and a server that is down are clear errors', async () => {
    mode = '404';
    const e404 = await userErrorOfAsync(() => fetchSchema({ version: '1.1.3', from: base, cacheDir: newCache() }));
    expect(e404.message).toBe(`cannot download ${base}/v1.1.3/oscal_complete_schema.json: HTTP 404 Not Found`);

    // A port that was just free: nobody listens there.
    const probe = createServer();
    const downBase = await listen(probe);
    await new Promise((res) => probe.close(res));
    const cacheDir = newCache();
    const down = await userErrorOfAsync(() => fetchSchema({ version: '1.1.3', from: downBase, cacheDir }));
    expect(down.message).toBe(`cannot download ${downBase}/v1.1.3/oscal_complete_schema.json: ECONNREFUSED`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  describeWithShared('validate without --schema', () => {
    let cacheDir: string;
    const saved = process.env.ATO_EVIDENCE_CACHE;
    beforeAll(() => {
      cacheDir = newCache();
      process.env.ATO_EVIDENCE_CACHE = cacheDir;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.ATO_EVIDENCE_CACHE;
      else process.env.ATO_EVIDENCE_CACHE = saved;
    });

    it('before any fetch: exit 2, saying to run schema fetch or pass --schema', async () => {
      const r = await capture(() => validateCommand([join(examplesDir, 'ifa_ssp-example.json')], {}));
      expect(r.code).toBe(2);
      expect(r.err).toContain('ato-evidence schema fetch --version 1.1.3');
      expect(r.err).toContain('--schema PATH');
    });

    it('after a fetch: validates against the cached schema (1.1.3 by default, 1.2.2 on request)', async () => {
      const f = await capture(() => schemaFetchCommand({ version: '1.1.3', from: base }));
      expect(f.code).toBe(0);
      expect(f.out).toContain('matches the pin');
      const poam = join(examplesDir, 'ifa_plan-of-action-and-milestones.json');
      const r = await capture(() => validateCommand([poam], { json: true, fileChecks: false }));
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out) as { schema: { file: string; oscalVersion: string; sha256: string }; problems: { code: string }[]; notes: { code: string }[] };
      expect(j.schema).toEqual({ file: cachedSchemaFile('1.1.3', cacheDir), oscalVersion: '1.1.3', sha256: SCHEMA_PINS['1.1.3'] });
      // NIST's POA&M example: its known flaw is the one problem (the schema itself passes it); its
      // version (1.1.2, older than the schema) is a note.
      expect(j.problems.map((p) => p.code)).toEqual(['ref-wrong-kind']);
      expect(j.notes.map((p) => p.code)).toEqual(['oscal-version']);

      // --schema wins, and must agree with --schema-version when both are given.
      const both = await capture(() => validateCommand([poam], { schema: schemaFile('1.1.3'), schemaVersion: '1.2.2' }));
      expect(both.code).toBe(2);
      expect(both.err).toContain('is OSCAL 1.1.3, but --schema-version says 1.2.2');

      // 1.2.2 is not cached yet.
      const missing = await capture(() => validateCommand([poam], { schemaVersion: '1.2.2' }));
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('--version 1.2.2');
    }, 30_000);

    it('a cached schema that no longer matches its pin is refused', async () => {
      const other = newCache();
      await fetchSchema({ version: '1.1.3', from: base, cacheDir: other });
      const file = cachedSchemaFile('1.1.3', other);
      writeFileSync(file, readFileSync(file, 'utf8').replace('"description"', '"description" '));
      process.env.ATO_EVIDENCE_CACHE = other;
      try {
        const r = await capture(() => validateCommand([join(examplesDir, 'ifa_ssp-example.json')], {}));
        expect(r.code).toBe(2);
        expect(r.err).toContain('--force');
      } finally {
        process.env.ATO_EVIDENCE_CACHE = cacheDir;
      }
    }, 30_000);
  });

  it('the built CLI: schema fetch --version 1.2.2 --from URL, then validate --schema-version 1.2.2', async () => {
    if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
    const env = { ...process.env, NO_COLOR: '1', ATO_EVIDENCE_CACHE: newCache() };
    const fetched = await cli(['schema', 'fetch', '--version', '1.2.2', '--from', base, '--json'], env);
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.out)).toMatchObject({ ok: true, version: '1.2.2', status: 'downloaded', sha256: SCHEMA_PINS['1.2.2'] });
    const cdef = join(examplesDir, 'example-component-definition.json');
    const v = await cli(['validate', cdef, '--schema-version', '1.2.2', '--no-file-checks'], env);
    expect(v.code).toBe(1);
    expect(v.err).toContain('duplicate-uuid:');
    expect(v.err).toContain('OSCAL 1.2.2 schema');
    expect((await cli(['schema', 'fetch', '--version', '1.0.0'], env)).code).toBe(2);
  }, 30_000);
});

/** Runs the built CLI without blocking this process (the HTTP server lives in it). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: dir });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
