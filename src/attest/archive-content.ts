// What an attestation's evidence file holds when it is a ZIP archive (a .zip, and every OOXML
// document: .docx, .xlsx, .pptx; every ODF document: .odt, .ods): the package copies the file as
// it is, so a key or a credential store inside it (a .pfx, an id_rsa, a PEM pasted into
// word/document.xml) would reach the Authorizing Official as surely as the file itself. Each entry
// is judged by its name and, inflated, by its content as a file is; an archive inside is read in
// turn. Pure (bytes in, a verdict out). See docs/attestations.md "Archives".
//
// Read here with node:zlib rather than jszip (the exports' dependency): jszip is asynchronous only,
// and cannot stop inflating an entry whose header understates its size; inflateRawSync's
// maxOutputLength stops at the budget whatever the headers say (a zip bomb).
import { inflateRawSync } from 'node:zlib';

/** Bounds on what is read from one evidence file: beyond them the file is refused, unchecked. */
export interface ArchiveLimits {
  readonly entries: number;
  readonly inflated: number;
  readonly depth: number;
}
export const ARCHIVE_LIMITS: ArchiveLimits = {
  /** Entries in one archive, nested ones included (a DOCX has tens, a large XLSX some hundreds). */
  entries: 10_000,
  /** Bytes inflated in all, nested archives included. */
  inflated: 256 * 1024 * 1024,
  /** Archives inside archives. */
  depth: 4,
};

/** What an archive holds that may not ship, or why it cannot be checked; undefined when it holds nothing of the kind. */
export type ArchiveVerdict =
  | { kind: 'credential'; entry: string; what: string }
  | { kind: 'secret'; entry: string; line: number }
  | { kind: 'unreadable'; why: string };

/** True when the bytes are a ZIP archive by their start (a local file header, or an empty archive's end record). */
export function isZipArchive(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Names that are a key or a credential store whatever their content (an encrypted .pfx reads as
 * noise): PKCS#12, Java and KeePass stores, PuTTY keys, OpenSSH's default key names. Not ".pem",
 * ".crt", ".cer": a certificate is evidence; a PEM private key is told by its content.
 */
const CREDENTIAL_NAME = /(?:^|\/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|[^/]*\.(?:pfx|p12|jks|jceks|keystore|kdbx|kdb|ppk|p8|pk8))$/i;

class Unreadable extends Error {}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The entries of the central directory, or Unreadable. */
function entriesOf(b: Buffer, most: number): Entry[] {
  // The end of central directory record: its signature within the last 65,557 bytes (22 + a comment of up to 65,535).
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Unreadable('no end of central directory record (a ZIP cut short, or not a ZIP)');
  const count = b.readUInt16LE(eocd + 10);
  const dirSize = b.readUInt32LE(eocd + 12);
  const dirOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new Unreadable('a ZIP64 archive (not read here: save it as an ordinary ZIP, or give the document itself)');
  if (count > most) throw new Unreadable(`more than ${most} entries (not checked beyond that)`);
  if (dirOffset + dirSize > eocd) throw new Unreadable('its central directory lies outside the file');
  const out: Entry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw new Unreadable(`central directory entry ${n + 1} is damaged`);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const entry: Entry = {
      flags: b.readUInt16LE(p + 8),
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      size: b.readUInt32LE(p + 24),
      localOffset: b.readUInt32LE(p + 42),
      name: b.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) throw new Unreadable(`entry "${entry.name}" is stored as ZIP64 (not read here)`);
    out.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** An entry's bytes, inflated within `budget.left` bytes, or Unreadable. */
/** What is left to read of one evidence file. */
interface Budget {
  left: number;
  entries: number;
  readonly limits: ArchiveLimits;
}

function contentOf(b: Buffer, e: Entry, budget: Budget): Buffer {
  if (e.flags & 1) throw new Unreadable(`entry "${e.name}" is encrypted: its content cannot be checked`);
  const at = e.localOffset;
  if (at + 30 > b.length || b.readUInt32LE(at) !== 0x04034b50) throw new Unreadable(`entry "${e.name}": its local header is missing or damaged`);
  const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
  if (start + e.compressedSize > b.length) throw new Unreadable(`entry "${e.name}" runs past the end of the file`);
  const raw = b.subarray(start, start + e.compressedSize);
  let data: Buffer;
  if (e.method === 0) data = raw;
  else if (e.method === 8) {
    try {
      // One byte over the budget is enough to know it is exceeded, whatever the header claims.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget.left + 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Unreadable(`inflates to more than ${budget.limits.inflated} bytes in all (not checked beyond that)`);
      throw new Unreadable(`entry "${e.name}" cannot be inflated (${(err as Error).message})`);
    }
  } else throw new Unreadable(`entry "${e.name}" uses compression method ${e.method}, which is not read here (only stored and deflated entries are)`);
  budget.left -= data.length;
  if (budget.left < 0) throw new Unreadable(`inflates to more than ${budget.limits.inflated} bytes in all (not checked beyond that)`);
  if (data.length !== e.size) throw new Unreadable(`entry "${e.name}" inflates to ${data.length} bytes where its header says ${e.size}`);
  return data;
}

/**
 * What the archive `bytes` holds that may not ship: an entry that is a key or credential store by
 * its name or its content (`credentialKind`), an entry whose text holds a secret (`secretLine`),
 * first found in the archive's order; or why it cannot be read (damaged, encrypted, ZIP64, another
 * compression method, beyond ARCHIVE_LIMITS). Entries are named by their path in the archive,
 * "outer.zip/inner.docx/word/document.xml" for a nested one.
 */
export function archiveVerdict(
  bytes: Buffer,
  credentialKind: (bytes: Buffer) => string | undefined,
  secretLine: (bytes: Buffer) => number | undefined,
  limits: ArchiveLimits = ARCHIVE_LIMITS,
): ArchiveVerdict | undefined {
  const budget = { left: limits.inflated, entries: limits.entries, limits };
  try {
    return walk(bytes, '', 0, budget, credentialKind, secretLine);
  } catch (e) {
    if (e instanceof Unreadable) return { kind: 'unreadable', why: e.message };
    throw e;
  }
}

function walk(
  bytes: Buffer,
  prefix: string,
  depth: number,
  budget: Budget,
  credentialKind: (bytes: Buffer) => string | undefined,
  secretLine: (bytes: Buffer) => number | undefined,
): ArchiveVerdict | undefined {
  const entries = entriesOf(bytes, budget.entries);
  budget.entries -= entries.length;
  if (budget.entries < 0) throw new Unreadable(`more than ${budget.limits.entries} entries in all (not checked beyond that)`);
  for (const e of entries) {
    const name = prefix + e.name;
    if (e.name.endsWith('/')) continue; // a folder
    if (CREDENTIAL_NAME.test(e.name)) return { kind: 'credential', entry: name, what: 'a key or credential store by its name' };
    const data = contentOf(bytes, e, budget);
    if (isZipArchive(data)) {
      if (depth + 1 >= budget.limits.depth) throw new Unreadable(`archives nested more than ${budget.limits.depth} deep (at "${name}")`);
      const inner = walk(data, `${name}/`, depth + 1, budget, credentialKind, secretLine);
      if (inner) return inner;
      continue;
    }
    const kind = credentialKind(data);
    if (kind !== undefined) return { kind: 'credential', entry: name, what: `${kind} by its content` };
    const line = secretLine(data);
    if (line !== undefined) return { kind: 'secret', entry: name, line };
  }
  return undefined;
}
