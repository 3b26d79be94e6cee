// Writes a JSON document whose big arrays are produced lazily, byte for byte what
// JSON.stringify(doc, null, 2) would give had the arrays been materialised. A fleet of 10,000
// devices gives half a million observations: holding them as objects, or as one string, would
// not fit (V8 caps a string near 512 MiB).
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Items already serialised at their place in the document (see `stringifyAt`): one or more items
 * joined by ",\n" plus the items' indentation, without the first item's indentation.
 */
export class RawJson {
  /** Text, or its UTF-8 bytes (copied to a file sink without decoding). */
  constructor(readonly text: string | Buffer) {}
}

/**
 * An array whose items are produced while writing. With `nested`, its items may hold
 * StreamedArrays themselves (each item is then written through a replacer, which is slower: use
 * it for hundreds of large items, such as findings and risks, not for a fleet's observations).
 */
export class StreamedArray<T = unknown> {
  constructor(readonly items: () => Iterable<T>, readonly nested = false) {}
}

/**
 * An array of one-member objects `{ [key]: value }`, such as `{ "observation-uuid": ... }`: a
 * large fleet's documents hold millions, written here without a JSON.stringify per item.
 */
export class RefArray extends StreamedArray<string> {
  constructor(readonly key: string, values: () => Iterable<string>) {
    super(values);
  }
}

export interface TextSink {
  write(text: string): void;
  /** UTF-8 bytes; a sink that holds text decodes them. */
  writeBytes(bytes: Buffer): void;
}

/** Encodes text straight into a large buffer and writes it to a file descriptor when full. */
export class FileSink implements TextSink {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 23);
  private used = 0;
  /** SHA-256 of everything written, when asked for: a file of gigabytes is not read back to hash it. */
  private readonly hash?: Hash;
  /** Bytes written so far. */
  size = 0;
  constructor(path: string, opts: { sha256?: boolean } = {}) {
    this.fd = openSync(path, 'wx');
    if (opts.sha256) this.hash = createHash('sha256');
  }
  write(text: string): void {
    // Worst case 3 bytes per UTF-16 unit; past that, flush first (or write a huge text directly).
    if (this.used + text.length * 3 > this.buf.length) {
      this.flush();
      if (text.length * 3 > this.buf.length) {
        this.writeAll(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buf.write(text, this.used);
  }
  writeBytes(bytes: Buffer): void {
    if (this.used + bytes.length > this.buf.length) {
      this.flush();
      if (bytes.length > this.buf.length) {
        this.writeAll(bytes);
        return;
      }
    }
    this.used += bytes.copy(this.buf, this.used);
  }
  private writeAll(bytes: Buffer, length = bytes.length): void {
    this.hash?.update(length === bytes.length ? bytes : bytes.subarray(0, length));
    this.size += length;
    let off = 0;
    while (off < length) off += writeSync(this.fd, bytes, off, length - off);
  }
  private flush(): void {
    this.writeAll(this.buf, this.used);
    this.used = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
  /** The SHA-256 (hex) of the bytes written; only after close(), and only if asked for at construction. */
  sha256(): string {
    if (!this.hash) throw new Error('FileSink: constructed without { sha256: true }');
    return this.hash.digest('hex');
  }
}

export class StringSink implements TextSink {
  private parts: string[] = [];
  write(text: string): void {
    this.parts.push(text);
  }
  writeBytes(bytes: Buffer): void {
    this.parts.push(bytes.toString('utf8'));
  }
  toString(): string {
    return this.parts.join('');
  }
}

/** Writes `doc` (which may hold StreamedArray values) as 2-space-indented JSON plus a newline. */
export function writeJsonStream(doc: unknown, sink: TextSink): void {
  writeNested(doc, 0, sink);
  sink.write('\n');
}

/**
 * Writes `value` at `indent` (its first line unindented, as stringifyAt gives it): natively
 * stringified with a placeholder for each StreamedArray, whose items are then written in its place.
 */
function writeNested(value: unknown, indent: number, sink: TextSink): void {
  const streams: StreamedArray[] = [];
  // A placeholder no real string can hold (a fresh random nonce); it never reaches the output.
  const nonce = randomUUID();
  const skeleton = stringifyAt(value, indent, (_key, v: unknown) => {
    if (v instanceof StreamedArray) {
      streams.push(v);
      return `\u0000${nonce}:${streams.length - 1}`;
    }
    return v;
  });
  if (skeleton === undefined) return;
  if (!streams.length) {
    sink.write(skeleton);
    return;
  }
  const TOKEN = new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, 'g');
  let last = 0;
  for (const m of skeleton.matchAll(TOKEN)) {
    const at = m.index;
    sink.write(skeleton.slice(last, at));
    const lineStart = skeleton.lastIndexOf('\n', at) + 1;
    // On the first line the indentation is the caller's (already written).
    const pad = lineStart === 0 ? indent : /^ */.exec(skeleton.slice(lineStart, at))![0].length;
    writeArray(streams[Number(m[1])]!, pad, sink);
    last = at + m[0].length;
  }
  sink.write(skeleton.slice(last));
}

/**
 * JSON.stringify has no "start at this indentation", so each item is wrapped in as many one-item
 * arrays as its depth needs, stringified natively, and the wrappers are cut off again. This is
 * several times faster than re-indenting every line with a regular expression.
 */
export function stringifyAt(item: unknown, indent: number, replacer?: (key: string, value: unknown) => unknown): string | undefined {
  const depth = indent / 2;
  let wrapped: unknown = item;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, replacer, 2);
  if (text === undefined || depth === 0) return text;
  // Before the item: depth times "[\n" plus the indentation of each next line (2, 4, ... 2*depth).
  const prefix = 2 * depth + depth * (depth + 1);
  // After it: depth times "\n" + indentation (2*depth-2 ... 0) + "]".
  const suffix = 2 * depth + depth * (depth - 1);
  return text.slice(prefix, text.length - suffix);
}

function writeArray(arr: StreamedArray, indent: number, sink: TextSink): void {
  const pad = ' '.repeat(indent + 2);
  let first = true;
  if (arr instanceof RefArray) {
    // What JSON.stringify gives for { key: value } at this depth, value by value.
    const open = `${pad}{\n${pad}  ${JSON.stringify(arr.key)}: `;
    const close = `\n${pad}}`;
    for (const value of arr.items()) {
      sink.write((first ? '[\n' : ',\n') + open + JSON.stringify(value) + close);
      first = false;
    }
    sink.write(first ? '[]' : '\n' + ' '.repeat(indent) + ']');
    return;
  }
  for (const item of arr.items()) {
    if (arr.nested && !(item instanceof RawJson)) {
      sink.write(first ? '[\n' : ',\n');
      sink.write(pad);
      writeNested(item, indent + 2, sink);
      first = false;
      continue;
    }
    const text = item instanceof RawJson ? (item.text.length === 0 ? undefined : item.text) : stringifyAt(item, indent + 2);
    if (text === undefined) continue;
    sink.write(first ? '[\n' : ',\n');
    sink.write(pad);
    if (typeof text === 'string') sink.write(text);
    else sink.writeBytes(text);
    first = false;
  }
  sink.write(first ? '[]' : '\n' + ' '.repeat(indent) + ']');
}
