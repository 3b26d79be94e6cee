// A scratch file of text chunks, read back by position: where each device's serialised
// observations wait until the whole fleet has been read and they can be written in device order.
// Text is encoded straight into one reused buffer, and read back into one reused buffer: a
// fleet's worth of per-device buffers would otherwise sit in memory until a full garbage collection.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

export interface Span {
  offset: number;
  length: number;
}

export class Spool {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 22);
  private used = 0;
  /** Bytes written to the file so far. */
  private flushed = 0;
  private start = 0;
  private readBuf = Buffer.allocUnsafe(1 << 20);

  private closed = false;

  /** `create` a new spool, or `open` one another thread has written and closed. */
  constructor(readonly path: string, mode: 'create' | 'open' = 'create') {
    this.fd = openSync(path, mode === 'create' ? 'wx+' : 'r');
  }

  private get size(): number {
    return this.flushed + this.used;
  }

  /** Starts a chunk. */
  begin(): void {
    this.start = this.size;
  }

  write(text: string): void {
    if (this.used + text.length * 3 > this.buf.length) {
      this.flush();
      if (text.length * 3 > this.buf.length) {
        const bytes = Buffer.from(text, 'utf8');
        let off = 0;
        while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, this.flushed + off);
        this.flushed += bytes.length;
        return;
      }
    }
    this.used += this.buf.write(text, this.used);
  }

  /** Ends the chunk begun last and returns where it lies. */
  end(): Span {
    return { offset: this.start, length: this.size - this.start };
  }

  private flush(): void {
    if (this.used === 0) return;
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off, this.flushed + off);
    this.flushed += this.used;
    this.used = 0;
  }

  /**
   * The bytes of a chunk. The returned buffer is reused by the next call: copy it or use it
   * before reading again.
   */
  read(span: Span): Buffer {
    if (!this.closed) this.flush();
    if (this.readBuf.length < span.length) this.readBuf = Buffer.allocUnsafe(span.length);
    let off = 0;
    while (off < span.length) {
      const n = readSync(this.fd, this.readBuf, off, span.length - off, span.offset + off);
      if (n === 0) throw new Error(`spool ${this.path} is shorter than expected`);
      off += n;
    }
    return this.readBuf.subarray(0, span.length);
  }

  /** Writes what is buffered and closes the file (it stays, for readers). */
  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }

  remove(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
    rmSync(this.path, { force: true });
  }
}
