// Deterministic identifiers: every uuid is a v5 uuid derived from stable keys, so the same inputs
// and clock give byte-identical documents.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** The project's own namespace (a fixed random v4 uuid; never change it: it anchors every id). */
export const PROJECT_NAMESPACE = '8f6c1b2e-4d3a-4c7e-9a51-2f0d6b3e8c47';
/** The `ns` of the project's own OSCAL props. */
export const PROJECT_NS = 'https://ato-evidence.dev/ns/oscal';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/**
 * RFC 9562 name-based uuid (version 5, SHA-1), with the namespace's bytes prepared once: half a
 * million observations make the general-purpose `uuid` package's per-call parsing show up in a
 * profile. test/ids.test.ts checks it against that package.
 */
/** One-shot hashing (Node >= 20.12): twice as fast as createHash for names this short. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash;
const scratch = Buffer.allocUnsafe(4096);

function v5Bytes(name: string, namespace: Buffer): Buffer {
  let h: Buffer;
  if (oneShot && namespace.length + name.length * 3 <= scratch.length) {
    namespace.copy(scratch, 0);
    const length = namespace.length + scratch.write(name, namespace.length, 'utf8');
    h = oneShot('sha1', scratch.subarray(0, length), 'buffer');
  } else {
    h = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  }
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  return h;
}

/** The canonical text of the 16 bytes at `offset`. */
export function formatUuid(bytes: Buffer, offset = 0): string {
  const x = bytes.toString('hex', offset, offset + 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

function v5(name: string, namespace: Buffer): string {
  return formatUuid(v5Bytes(name, namespace));
}

export function uuidV5(name: string, namespace: string): string {
  return v5(name, uuidBytes(namespace));
}

/** A family of uuids scoped to one document: uuid('observation', 'MR-01', 'FW-ENABLED'). */
export class UuidScope {
  readonly root: string;
  private readonly rootBytes: Buffer;
  constructor(documentKey: string) {
    this.root = uuidV5(documentKey, PROJECT_NAMESPACE);
    this.rootBytes = uuidBytes(this.root);
  }
  uuid(...parts: string[]): string {
    return v5(parts.join('\u001f'), this.rootBytes);
  }
  /** The same uuid as raw bytes (16 of the 20 returned), for compact storage. */
  uuidBytes(...parts: string[]): Buffer {
    return v5Bytes(parts.join('\u001f'), this.rootBytes);
  }
}
