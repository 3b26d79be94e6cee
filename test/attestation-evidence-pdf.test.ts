// An attestation's evidence file that is a PDF with attached (embedded) files is refused: the
// package copies the file as it is, attachments included, and they are not read (a .pfx or a text
// with a password attached to a signed roster would reach every reader). A PDF without attachments,
// password policy prose included, still loads (src/attest/pdf-attachments.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAttestationsFile } from '../src/attest/attestations.js';
import { attestationWithEvidence } from './support/attestations.js';
import { cliBin, repoRoot, requireBuiltCli } from './support/cli.js';
import { userErrorOf } from './support/user-error.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** att/attestations.yaml naming att/<name>, which holds `bytes`; returns the attestations file. */
const setup = (name: string, bytes: Buffer): string => attestationWithEvidence(roots, name, bytes);
const load = (file: string) => loadAttestationsFile(file, () => true, '2026-11-02');

/** A roster PDF written by pdfkit, with `attach` attached to it as files when given. */
function rosterPdf(attach: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((done, fail) => {
    const doc = new PDFDocument({ info: { CreationDate: new Date('2026-09-15T00:00:00Z'), Title: 'Roster' } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => done(Buffer.concat(parts)));
    doc.on('error', fail);
    doc.text('Security awareness training roster, 2026. Password policy: 14 characters, changed every 60 days.');
    for (const [name, text] of Object.entries(attach)) doc.file(Buffer.from(text, 'utf8'), { name, creationDate: new Date('2026-09-15T00:00:00Z'), modifiedDate: new Date('2026-09-15T00:00:00Z') });
    doc.end();
  });
}

describe('a PDF given as attestation evidence', () => {
  it('without attachments loads, password policy prose included; with an attached file it is refused, naming the file and what to do', async () => {
    expect(load(setup('roster.pdf', await rosterPdf()))).toHaveLength(1);
    const file = setup('roster.pdf', await rosterPdf({ 'svc-login.txt': 'LDAP bind Password=Zq9attachedMk7' }));
    const e = userErrorOf(() => load(file));
    expect(e.file).toBe(file);
    expect(e.where).toMatch(/evidence/);
    expect(e.message).toMatch(/"roster\.pdf" .* is a PDF with attached \(embedded\) files: .* give the PDF without its attachments/);
    expect(e.message).not.toContain('Zq9attachedMk7');
  });

  it('is refused when the names that mark an attachment are spelled with #xx escapes ("/Embedded#46ile")', async () => {
    const pdf = (await rosterPdf({ 'key.pem': 'not shown' })).toString('latin1').replace(/\/EmbeddedFile/g, '/Embedded#46ile');
    expect(pdf).not.toContain('/EmbeddedFile');
    expect(() => load(setup('roster.pdf', Buffer.from(pdf, 'latin1')))).toThrow(/is a PDF with attached \(embedded\) files/);
  });
});

describe('an evidence package this tool wrote, given as attestation evidence', () => {
  it('is refused (its PDF carries the package files as attachments), the message saying to cite it by its manifest.json, which loads', () => {
    requireBuiltCli();
    const out = mkdtempSync(join(tmpdir(), 'ato-att-own-package-'));
    roots.push(out);
    const run = spawnSync(process.execPath, [cliBin, 'assess', join(repoRoot, 'samples', 'CT-01'), '--out', out, '--now', '2026-11-02T18:00:00Z', '--force'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const e = userErrorOf(() => load(setup('evidence-package.pdf', readFileSync(join(out, 'evidence-package.pdf')))));
    expect(e.message).toMatch(/is a PDF with attached \(embedded\) files: .*an evidence package this tool wrote is such a PDF .* give that package's manifest\.json/);
    expect(load(setup('manifest.json', readFileSync(join(out, 'manifest.json'))))).toHaveLength(1);
  });
});

/**
 * A PDF 1.5 whose catalog, naming the attachment (/Names << /EmbeddedFiles … >>), sits in an object
 * stream whose data is `data` with the dictionary entries `entries` (/Filter, /DecodeParms): the
 * only place the names appear, as writers that compress object streams leave them.
 */
function objectStreamPdf(entries: string, data: (plain: Buffer) => Buffer, plain = '1 0 << /Type /Catalog /Names << /EmbeddedFiles << /Names [(key.pfx) 2 0 R] >> >> >>'): Buffer {
  const body = data(Buffer.from(plain, 'latin1'));
  return Buffer.concat([
    Buffer.from(`%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 ${entries} /Length ${body.length} >>\nstream\n`, 'latin1'),
    body,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

/** PNG "Up" prediction (row type 2) of `b` in rows of `columns` bytes, as /DecodeParms << /Predictor 12 >> reads it. */
function pngUp(b: Buffer, columns: number): Buffer {
  const rows: Buffer[] = [];
  for (let at = 0; at < b.length; at += columns) {
    const row = Buffer.alloc(columns);
    b.copy(row, 0, at, Math.min(at + columns, b.length));
    const prev = at === 0 ? Buffer.alloc(columns) : (() => { const p = Buffer.alloc(columns); b.copy(p, 0, at - columns, at); return p; })();
    rows.push(Buffer.concat([Buffer.from([2]), Buffer.from(row.map((x, i) => (x - prev[i]! + 256) & 0xff))]));
  }
  return Buffer.concat(rows);
}

/** ASCII85 of `b` (the encoder is here only: the check's decoder is what is tested). */
function ascii85(b: Buffer): Buffer {
  let out = '';
  for (let at = 0; at < b.length; at += 4) {
    const chunk = Buffer.alloc(4);
    b.copy(chunk, 0, at, Math.min(at + 4, b.length));
    let v = chunk.readUInt32BE(0);
    const chars: string[] = [];
    for (let i = 0; i < 5; i++) {
      chars.unshift(String.fromCharCode(33 + (v % 85)));
      v = Math.floor(v / 85);
    }
    out += chars.join('').slice(0, Math.min(4, b.length - at) + 1);
  }
  return Buffer.from(`${out}~>`, 'latin1');
}

describe('a PDF whose attachment is named only inside an object stream', () => {
  it.each([
    ['/FlateDecode', '/Filter /FlateDecode', (b: Buffer) => deflateSync(b)],
    ['/FlateDecode with a PNG predictor', '/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>', (b: Buffer) => deflateSync(pngUp(b, 5))],
    ['/ASCIIHexDecode', '/Filter /ASCIIHexDecode', (b: Buffer) => Buffer.from(`${b.toString('hex')}>`)],
    ['/ASCII85Decode', '/Filter /ASCII85Decode', ascii85],
    ['[/ASCII85Decode /FlateDecode]', '/Filter [/ASCII85Decode /FlateDecode]', (b: Buffer) => ascii85(deflateSync(b))],
    ['/RunLengthDecode', '/Filter /RunLengthDecode', (b: Buffer) => Buffer.concat([...[...b].map((c) => Buffer.from([0, c])), Buffer.from([128])])],
  ])('encoded %s is refused as one with attachments', (_, entries, encode) => {
    const pdf = objectStreamPdf(entries, encode);
    expect(pdf.toString('latin1')).not.toMatch(/EmbeddedFile|FileAttachment/);
    expect(() => load(setup('roster.pdf', pdf))).toThrow(/is a PDF with attached \(embedded\) files/);
  });

  it('behind "/Type /Obj#53tm" (the object stream\'s name spelled with #xx) is refused', () => {
    const pdf = objectStreamPdf('/Filter /FlateDecode', (b) => deflateSync(b)).toString('latin1').replace('/ObjStm', '/Obj#53tm');
    expect(() => load(setup('roster.pdf', Buffer.from(pdf, 'latin1')))).toThrow(/is a PDF with attached \(embedded\) files/);
  });

  it.each([
    ['a filter not read (/LZWDecode)', '/Filter /LZWDecode', (b: Buffer) => deflateSync(b), /filter \/LZWDecode is not read/],
    ['damaged Flate data', '/Filter /FlateDecode', (b: Buffer) => deflateSync(b).subarray(0, 12), /\/FlateDecode data is damaged/],
    ['a TIFF predictor', '/Filter /FlateDecode /DecodeParms << /Predictor 2 >>', (b: Buffer) => deflateSync(b), /\/Predictor 2 is not read/],
    // Row sizes no image has: a 400-digit /Columns made an internal error (a row of NaN bytes).
    ['a PNG predictor with a 400-digit /Columns', `/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns ${'9'.repeat(400)} >>`, (b: Buffer) => deflateSync(pngUp(b, 5)), /\/Columns .* is not a row size/],
    ['a PNG predictor with /BitsPerComponent 3', '/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 /BitsPerComponent 3 >>', (b: Buffer) => deflateSync(pngUp(b, 5)), /\/BitsPerComponent 3 is not/],
  ])('that cannot be decoded, %s, is refused, naming why (fail closed)', (_, entries, encode, why) => {
    const e = userErrorOf(() => load(setup('roster.pdf', objectStreamPdf(entries, encode))));
    expect(e.message).toMatch(/is a PDF that cannot be read to check for attached \(embedded\) files: the object stream at byte \d+ cannot be decoded/);
    expect(e.message).toMatch(why);
  });

  it('an object stream that decodes and names no attachment loads', () => {
    expect(load(setup('roster.pdf', objectStreamPdf('/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>', (b) => deflateSync(pngUp(b, 5)), '1 0 << /Type /Catalog /Pages 2 0 R >>')))).toHaveLength(1);
  });
});
