/**
 * Test helper (not shipped): the fixture device folder test/fixtures/exports/mr-01/ holds each
 * export as readable UTF-8 text with LF line ends. Windows writes most of them as UTF-16LE with a
 * byte-order mark and CRLF; materialiseDevice() writes the folder exactly as Windows would (the
 * encoding per file comes from KNOWN_EXPORTS, the list collect.ps1 is checked against), and builds
 * registry.pol (binary PReg) from test/fixtures/exports/mr-01-registry-pol.json.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestInputs, knownExportByName, type ExportInput } from '../../src/ingest/index.js';
import type { FileEncoding } from '../../src/ingest/known-exports.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/exports/', import.meta.url));
export const mr01SourceDir = join(fixturesDir, 'mr-01');

/** Text -> bytes as Windows writes them: CRLF line ends, and the BOM of the encoding. */
export function encodeAs(text: string, encoding: FileEncoding): Buffer {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  switch (encoding) {
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]);
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf, 'utf8')]);
    case 'utf-8':
      return Buffer.from(crlf, 'utf8');
    case 'binary':
      return Buffer.from(text, 'latin1');
  }
}

export const utf16 = (text: string): Buffer => encodeAs(text, 'utf-16le-bom');

interface PRegRecord {
  key: string;
  value: string;
  type: 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_MULTI_SZ' | 'REG_QWORD' | 'REG_BINARY';
  data: string | number | string[];
  /** A type code written instead of `type`'s (the data is still encoded as `type`): a record of a type no parser knows. */
  code?: number;
}

const TYPE_CODES = { REG_SZ: 1, REG_EXPAND_SZ: 2, REG_BINARY: 3, REG_DWORD: 4, REG_MULTI_SZ: 7, REG_QWORD: 11 } as const;

/** Builds a registry.pol (PReg v1) file. */
export function buildPReg(records: PRegRecord[]): Buffer {
  const parts: Buffer[] = [Buffer.from('PReg', 'latin1'), Buffer.from([1, 0, 0, 0])];
  const w = (s: string): Buffer => Buffer.from(s, 'utf16le');
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  for (const r of records) {
    let data: Buffer;
    if (r.type === 'REG_DWORD') data = u32(r.data as number);
    else if (r.type === 'REG_QWORD') {
      data = Buffer.alloc(8);
      data.writeBigUInt64LE(BigInt(r.data as number));
    } else if (r.type === 'REG_MULTI_SZ') data = w(`${(r.data as string[]).join('\0')}\0\0`);
    else if (r.type === 'REG_BINARY') data = Buffer.from(r.data as string, 'hex');
    else data = w(`${r.data as string}\0`);
    parts.push(w('['), w(`${r.key}\0`), w(';'), w(`${r.value}\0`), w(';'), u32(r.code ?? TYPE_CODES[r.type]), w(';'), u32(data.length), w(';'), data, w(']'));
  }
  return Buffer.concat(parts);
}

export function mr01RegistryPol(): Buffer {
  const spec = JSON.parse(readFileSync(join(fixturesDir, 'mr-01-registry-pol.json'), 'utf8')) as { records: PRegRecord[] };
  return buildPReg(spec.records);
}

/** The fixture files as Windows writes them: name -> bytes. */
export function mr01Files(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(mr01SourceDir).sort()) {
    const text = readFileSync(join(mr01SourceDir, name), 'utf8');
    const known = knownExportByName(name);
    out.set(name, encodeAs(text, known?.encoding ?? 'utf-8'));
  }
  out.set('registry.pol', mr01RegistryPol());
  return out;
}

/** Writes the MR-01 fixture folder into a new temporary folder and returns its path. */
export function materialiseDevice(files: Map<string, Buffer> = mr01Files()): string {
  const dir = mkdtempSync(join(tmpdir(), 'ato-ingest-'));
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  return dir;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function input(name: string, bytes: Buffer | string): ExportInput {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return { name, bytes: b, sha256: sha256(b) };
}

/** One fixture file as Windows writes it, as an ExportInput. */
export function mr01Input(name: string): ExportInput {
  const bytes = mr01Files().get(name);
  if (!bytes) throw new Error(`no fixture ${name}`);
  return input(name, bytes);
}

/** MR-01's exports ingested with `name` replaced by `text`, written in that export's own encoding. */
export function mr01IngestedWith(name: string, text: string): ReturnType<typeof ingestInputs> {
  const files = mr01Files();
  files.set(name, encodeAs(text, knownExportByName(name)?.encoding ?? 'utf-8'));
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01');
}

/** The message ingest refuses MR-01's exports with when `name` holds `text`; throws when they are read. */
export function mr01RefusalWith(name: string, text: string): string {
  try {
    mr01IngestedWith(name, text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${name} was read`);
}

/** The number of lines of MR-01's local-group-members.csv: rows added by ingestWithMemberRows start on the next line. */
export const mr01MemberLines = (): number => mr01Text('local-group-members.csv').trimEnd().split('\n').length;

/**
 * MR-01's exports ingested with `rows` added to local-group-members.csv (and without local-users.csv when asked):
 * the ingest result, or the message ingest refuses them with.
 */
export function ingestWithMemberRows(rows: string[], options: { withoutUsers?: boolean } = {}): ReturnType<typeof ingestInputs> | string {
  const files = mr01Files();
  if (options.withoutUsers) files.delete('local-users.csv');
  files.set('local-group-members.csv', utf16(`${mr01Text('local-group-members.csv').trimEnd()}\n${rows.join('\n')}\n`));
  try {
    return ingestInputs([...files].map(([n, b]) => input(n, b)), 'exports/MR-01');
  } catch (e) {
    return (e as Error).message;
  }
}

/** One fixture file's readable source text (UTF-8, LF). */
export function mr01Text(name: string): string {
  return readFileSync(join(mr01SourceDir, name), 'utf8');
}

/**
 * MR-01's exports that name its computer, with `host` in place of MR01-CONSOLE, in each file's own encoding:
 * collection.json's hostname, auditpol.csv's Machine Name, defender.json's CimSystemProperties.ServerName and the
 * computer of local-group-members.csv's local accounts ("MR01-CONSOLE\hospadmin").
 * Ingest compares them (src/ingest/computer-name.ts), so a test renaming the console renames it in all of them.
 */
export function mr01NamedAs(host: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of ['collection.json', 'auditpol.csv', 'defender.json', 'local-group-members.csv']) {
    out[name] = encodeAs(mr01Text(name).replaceAll('MR01-CONSOLE', host), knownExportByName(name)?.encoding ?? 'utf-8');
  }
  return out;
}

/**
 * MR-01's device folder with `edits` (file name -> its readable text, written in the file's own
 * encoding, or null to leave the file out: collection.json then no longer lists it).
 */
export function mr01FolderWith(edits: Record<string, string | null>): string {
  const files = mr01Files();
  for (const [name, text] of Object.entries(edits)) {
    if (text === null) files.delete(name);
    else files.set(name, encodeAs(text, knownExportByName(name)?.encoding ?? 'utf-8'));
  }
  const gone = Object.entries(edits).filter(([, t]) => t === null).map(([n]) => n);
  // The manifest lists what the folder holds; unless it is itself removed, it loses the removed files.
  if (gone.length && !gone.includes('collection.json')) {
    const manifest = JSON.parse(mr01Text('collection.json')) as { files: string[] };
    manifest.files = manifest.files.filter((f) => !gone.includes(f));
    files.set('collection.json', encodeAs(JSON.stringify(manifest, null, 2), knownExportByName('collection.json')?.encoding ?? 'utf-8-bom'));
  }
  return materialiseDevice(files);
}
