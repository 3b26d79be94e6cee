// Writes a JSON document whose big arrays are produced lazily, byte for byte what
// JSON.stringify(doc, null, 2) would give had the arrays been materialised. A fleet of 10,000
// devices gives half a million observations: holding them as objects, or as one string, would
// not fit (V8 caps a string near 512 MiB).
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/** An array whose items are produced while writing. */
export class StreamedArray<T = unknown> {
  constructor(readonly items: () => Iterable<T>) {}
}

export interface TextSink {
  write(text: string): void;
}

/** Buffers text and writes it to a file descriptor in large chunks. */
export class FileSink implements TextSink {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 22) this.flush();
  }
  private flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export class StringSink implements TextSink {
  private parts: string[] = [];
  write(text: string): void {
    this.parts.push(text);
  }
  toString(): string {
    return this.parts.join('');
  }
}

/** Writes `doc` (which may hold StreamedArray values) as 2-space-indented JSON plus a newline. */
export function writeJsonStream(doc: unknown, sink: TextSink): void {
  const streams: StreamedArray[] = [];
  // A placeholder no real string can hold (a fresh random nonce); it never reaches the output.
  const nonce = randomUUID();
  const skeleton = JSON.stringify(doc, (_key, value: unknown) => {
    if (value instanceof StreamedArray) {
      streams.push(value);
      return `\u0000${nonce}:${streams.length - 1}`;
    }
    return value;
  }, 2);
  const TOKEN = new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, 'g');
  let last = 0;
  for (const m of skeleton.matchAll(TOKEN)) {
    const at = m.index;
    const before = skeleton.slice(last, at);
    sink.write(before);
    const lineStart = skeleton.lastIndexOf('\n', at) + 1;
    const indent = /^ */.exec(skeleton.slice(lineStart, at))![0].length;
    writeArray(streams[Number(m[1])]!, indent, sink);
    last = at + m[0].length;
  }
  sink.write(skeleton.slice(last));
  sink.write('\n');
}

function writeArray(arr: StreamedArray, indent: number, sink: TextSink): void {
  const pad = ' '.repeat(indent + 2);
  let first = true;
  for (const item of arr.items()) {
    const text = JSON.stringify(item, null, 2);
    if (text === undefined) continue;
    sink.write(first ? '[\n' : ',\n');
    sink.write(pad);
    sink.write(text.includes('\n') ? text.replace(/\n/g, '\n' + pad) : text);
    first = false;
  }
  sink.write(first ? '[]' : '\n' + ' '.repeat(indent) + ']');
}
