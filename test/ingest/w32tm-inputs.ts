// The real w32tm /query /status outputs (../shared/samples-real/w32tm) as collect.ps1 writes them,
// and the parse of one, for the tests of the w32tm reader.
import { createHash } from 'node:crypto';
import { recognise, type ExportInput, type ParsedExport } from '../../src/ingest/index.js';
import { realSample } from './shared-samples.js';

/** The real output's text (CRLF), as Windows writes it. */
export function realText(name: string): string {
  return realSample(`w32tm/${name}.txt`).bytes.toString('utf8').replace(/\r?\n/g, '\r\n');
}

/** `text` as w32tm.txt in UTF-16LE with a byte-order mark. */
export function utf16File(text: string): ExportInput {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return { name: 'w32tm.txt', bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function parse(input: ExportInput): ParsedExport {
  const r = recognise(input);
  if ('skip' in r) throw new Error(`not recognised: ${r.skip}`);
  return r.parser.parse(input);
}
