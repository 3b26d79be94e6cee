// A scratch file of text chunks, read back by position: where each device's serialised
// observations wait until the whole fleet has been read and they can be written in device order.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

export interface Span {
  offset: number;
  length: number;
}

export class Spool {
  private readonly fd: number;
  private size = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx+');
  }
  append(text: string): Span {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return { offset: this.size, length: 0 };
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, this.size + off);
    const span = { offset: this.size, length: bytes.length };
    this.size += bytes.length;
    return span;
  }
  read(span: Span): Buffer {
    const buf = Buffer.allocUnsafe(span.length);
    let off = 0;
    while (off < span.length) {
      const n = readSync(this.fd, buf, off, span.length - off, span.offset + off);
      if (n === 0) throw new Error(`spool ${this.path} is shorter than expected`);
      off += n;
    }
    return buf;
  }
  remove(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}
