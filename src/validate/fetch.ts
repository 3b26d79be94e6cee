/**
 * `ato-evidence schema fetch`: NIST's complete OSCAL JSON schema, downloaded from NIST's release
 * assets, checked against a pinned SHA-256, kept in the cache folder (see ./cache.ts) and
 * precompiled there, so `validate` needs neither --schema nor the network afterwards.
 *
 * The pins are the SHA-256 of ../shared/oscal/schema/oscal_complete_schema-<version>.json, NIST's
 * release files as vendored by defenseunicorns/go-oscal (GitHub itself was not reachable when
 * they were taken). A download whose digest differs is refused and nothing is written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../io/errors.js';
import { defaultCacheDir, loadSchemaValidator, type LoadedValidator } from './cache.js';
import { makeDirs } from '../io/make-dirs.js';

/** The OSCAL versions whose schema can be fetched, and the SHA-256 each download must have. */
export const SCHEMA_PINS = {
  '1.1.3': '078848cb4000024a65679110f6ee2d99b300b06471a33fc536b19b670b65aa51',
  '1.2.2': 'cc97fde238ad26fc2f40c55115c12bb624ee9952bdcc7d4d8ebb04bb37496685',
} as const;
export type FetchableVersion = keyof typeof SCHEMA_PINS;
export const FETCHABLE_VERSIONS = Object.keys(SCHEMA_PINS) as FetchableVersion[];
export const DEFAULT_SCHEMA_VERSION: FetchableVersion = '1.1.3';

/** NIST's release downloads; `<base>/v<version>/oscal_complete_schema.json` is the asset. */
export const NIST_RELEASES = 'https://github.com/usnistgov/OSCAL/releases/download';
const MAX_SCHEMA_BYTES = 16 * 2 ** 20;
/** Environment variable that replaces NIST_RELEASES (a mirror, or a test server). */
export const SCHEMA_URL_ENV = 'ATO_EVIDENCE_SCHEMA_URL';

export function isFetchableVersion(v: string): v is FetchableVersion {
  return Object.prototype.hasOwnProperty.call(SCHEMA_PINS, v);
}

/** The URL of a version's asset under a base (NIST's releases, or a mirror laid out the same way). */
export function schemaUrl(version: FetchableVersion, base: string = NIST_RELEASES): string {
  return `${base.replace(/\/+$/, '')}/v${version}/oscal_complete_schema.json`;
}

/** Where a fetched schema lives in the cache folder. */
export function cachedSchemaFile(version: FetchableVersion, cacheDir: string = defaultCacheDir()): string {
  return join(cacheDir, 'schemas', `oscal_complete_schema-${version}.json`);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The cached schema of a version and the pin to load it with (loadSchemaValidator's expectSha256:
 * the file is read once, and refused if it no longer matches). A missing schema is a UserError
 * (exit 2) telling the user how to get one.
 */
export function cachedSchema(version: FetchableVersion, cacheDir: string = defaultCacheDir()): { file: string; expectSha256: { sha256: string; hint: string } } {
  const file = cachedSchemaFile(version, cacheDir);
  if (!existsSync(file)) {
    throw new UserError(
      `no OSCAL ${version} schema in the cache (${file}): run "ato-evidence schema fetch --version ${version}" once, or pass --schema PATH`,
      { exitCode: 2 },
    );
  }
  return { file, expectSha256: { sha256: SCHEMA_PINS[version], hint: `run "ato-evidence schema fetch --version ${version} --force"` } };
}

export interface FetchSchemaOptions {
  version?: FetchableVersion;
  /** Base URL instead of NIST's releases (default: $ATO_EVIDENCE_SCHEMA_URL, else NIST_RELEASES). */
  from?: string;
  /** Download again even if a schema with the pinned digest is already cached. */
  force?: boolean;
  cacheDir?: string;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface FetchSchemaOutcome {
  version: FetchableVersion;
  /** downloaded now, or already in the cache with the pinned digest. */
  status: 'downloaded' | 'cached';
  url: string;
  file: string;
  sha256: string;
  bytes: number;
  /** The precompiled validator's module in the cache. */
  validatorFile?: string;
  validatorSource: LoadedValidator['source'];
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  // Node's built-in fetch (undici): follows GitHub's redirect to its object store.
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = (e as Error).name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : cause?.code ?? cause?.message ?? (e as Error).message;
    throw new UserError(`cannot download ${url}: ${why}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UserError(`cannot download ${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  // NIST's schemas are about 300 KB: anything far larger is not one (and is not held in memory).
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_SCHEMA_BYTES) {
    await res.body?.cancel();
    throw new UserError(`refused: ${url} is ${declared} bytes, too large to be NIST's OSCAL schema; nothing was written`);
  }
  try {
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_SCHEMA_BYTES) throw new UserError(`refused: ${url} sent ${bytes.length} bytes, too large to be NIST's OSCAL schema; nothing was written`);
    return bytes;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot download ${url}: the transfer broke off (${(e as Error).message})`);
  }
}

/**
 * Downloads a version's schema (unless already cached with the pinned digest), refuses it if its
 * SHA-256 is not the pinned one, writes it into the cache atomically and precompiles its validator.
 */
export async function fetchSchema(opts: FetchSchemaOptions = {}): Promise<FetchSchemaOutcome> {
  const version = opts.version ?? DEFAULT_SCHEMA_VERSION;
  const cacheDir = opts.cacheDir ?? defaultCacheDir(opts.env);
  const base = opts.from ?? (opts.env ?? process.env)[SCHEMA_URL_ENV] ?? NIST_RELEASES;
  const url = schemaUrl(version, base);
  const file = cachedSchemaFile(version, cacheDir);
  const pin = SCHEMA_PINS[version];

  let status: FetchSchemaOutcome['status'] = 'cached';
  let bytes: Buffer | undefined = existsSync(file) && !opts.force ? readFileSync(file) : undefined;
  if (!bytes || sha256(bytes) !== pin) {
    status = 'downloaded';
    bytes = await download(url, opts.timeoutMs ?? 60_000);
    const actual = sha256(bytes);
    if (actual !== pin) {
      throw new UserError(
        `refused: the download's SHA-256 is ${actual}, not the pinned ${pin} of NIST's OSCAL ${version} schema (${bytes.length} bytes from ${url}); nothing was written`,
      );
    }
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      makeDirs(join(file, '..'));
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new UserError(`cannot write the cache: ${(e as Error).message}`, { file });
    }
  }
  const validator = await loadSchemaValidator(file, { cacheDir });
  return {
    version,
    status,
    url,
    file,
    sha256: pin,
    bytes: bytes.length,
    ...(validator.cacheFile ? { validatorFile: validator.cacheFile } : {}),
    validatorSource: validator.source,
  };
}
