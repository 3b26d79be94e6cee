// An attestation's evidence file that is a ZIP archive (a .zip, an OOXML DOCX/XLSX, an ODF
// document) is copied into the package as it is: a key or a credential store inside it, or a
// password typed into the document, would reach the Authorizing Official. Its entries are read
// (within limits against zip bombs) and judged as evidence files are; an archive that cannot be
// read is refused with the reason. Ordinary Office documents still load.
import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAttestationsFile } from '../src/attest/attestations.js';
import { ARCHIVE_LIMITS, archiveVerdict } from '../src/attest/archive-content.js';
import { attestationWithEvidence } from './support/attestations.js';
import { userErrorOf } from './support/user-error.js';

const TODAY = '2026-11-02';
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** att/attestations.yaml naming att/<name>, which holds `bytes`; returns the attestations file. */
const setup = (name: string, bytes: Buffer): string => attestationWithEvidence(roots, name, bytes);
const load = (file: string) => loadAttestationsFile(file, () => true, TODAY);

/** A minimal but well-formed DOCX whose body paragraphs are `paragraphs`, with what Word writes around them. */
async function docx(paragraphs: string[], extra: Record<string, Buffer | string> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = paragraphs.map((p, i) => `<w:p w:rsidR="00A1${i}2C3" w:rsidRDefault="00B4D5E6"><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:body></w:document>`);
  zip.file('word/settings.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:proofState w:spelling="clean"/><w:defaultTabStop w:val="720"/><w:rsids><w:rsidRoot w:val="00A1B2C3"/></w:rsids></w:settings>');
  zip.file('docProps/core.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Security awareness roster 2026</dc:title><dc:creator>Dana Whitfield</dc:creator></cp:coreProperties>');
  for (const [name, data] of Object.entries(extra)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const ROSTER = ['Security awareness training roster, 2026', 'Password policy: 14 characters, changed every 60 days (ac-2 reviewed).', 'Course "Credential handling" completed by 41 of 41 users on 2026-09-15.'];
const rsaPem = String(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));

describe('ordinary Office documents load as evidence', () => {
  it('a DOCX roster, with password policy prose, loads', async () => {
    expect(load(setup('roster.docx', await docx(ROSTER)))).toHaveLength(1);
  });
  it('an XLSX written by a spreadsheet library loads', async () => {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Dana Whitfield';
    const ws = wb.addWorksheet('Roster');
    ws.addRow(['User', 'Course', 'Completed', 'Score']);
    ws.addRow(['alice', 'Security awareness 2026', new Date('2026-09-15T00:00:00Z'), 96]);
    ws.addRow(['bob', 'Password hygiene', new Date('2026-09-16T00:00:00Z'), 88]);
    expect(load(setup('roster.xlsx', Buffer.from(await wb.xlsx.writeBuffer())))).toHaveLength(1);
  });
});

describe('a key, a credential store or a secret inside an archive is refused, naming the entry', () => {
  it('a .pfx inside a ZIP (by its name: an encrypted store reads as noise)', async () => {
    const zip = new JSZip();
    zip.file('roster.pdf', '%PDF-1.7\n');
    zip.file('certs/console.pfx', Buffer.from([0x30, 0x82, 0x01, 0x00, 0x13, 0x37]));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const e = userErrorOf(() => load(setup('evidence.zip', bytes)));
    expect(e.where).toBe('/attestations/0/evidence');
    expect(e.message).toMatch(/"evidence\.zip" .* is an archive holding "certs\/console\.pfx", a key or credential store by its name/);
  });
  it('an OpenSSH key named id_rsa inside a stored ZIP', () => {
    const bytes = storedZip([['home/svc/notes.txt', Buffer.from('rotated quarterly\n')], ['home/svc/.ssh/id_rsa', Buffer.from('anything')]]);
    expect(userErrorOf(() => load(setup('backup.zip', bytes))).message).toMatch(/holding "home\/svc\/\.ssh\/id_rsa"/);
  });
  it('a PEM private key pasted into a DOCX body', async () => {
    const bytes = await docx([...ROSTER, ...rsaPem.trim().split('\n')]);
    const e = userErrorOf(() => load(setup('roster.docx', bytes)));
    expect(e.message).toMatch(/holding "word\/document\.xml", a private key by its content/);
    expect(e.message).not.toContain('BEGIN');
  });
  it('a DER key under an innocent name, inside a DOCX inside a ZIP', async () => {
    const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'sec1' });
    const inner = await docx(ROSTER, { 'word/media/image1.png': der });
    const zip = new JSZip();
    zip.file('2026/roster.docx', inner);
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const e = userErrorOf(() => load(setup('bundle.zip', bytes)));
    expect(e.message).toMatch(/holding "2026\/roster\.docx\/word\/media\/image1\.png", a DER-encoded private key by its content/);
  });
  it('a password typed into a DOCX is refused naming the entry and its line, without the password', async () => {
    const bytes = await docx([...ROSTER, 'Service account svc_pacs, Password: Zq7Winter2026!']);
    const e = userErrorOf(() => load(setup('roster.docx', bytes)));
    expect(e.message).toMatch(/is an archive whose "word\/document\.xml" holds what reads as a secret on its line 2/);
    expect(e.message).not.toContain('Zq7Winter2026');
  });
});

/** A stored (uncompressed) ZIP written by hand: a local header and a central directory entry per file. */
function storedZip(files: Array<[string, Buffer]>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [n, data] of files) {
    const name = Buffer.from(n);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(dir, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

describe('an archive that cannot be checked is refused with the reason', () => {
  it('a DOCX cut short', async () => {
    const bytes = await docx(ROSTER);
    const e = userErrorOf(() => load(setup('roster.docx', bytes.subarray(0, bytes.length - 40))));
    expect(e.message).toMatch(/"roster\.docx" .* is a ZIP archive .* that cannot be read to check what it holds \(no end of central directory record/);
  });
  it('an encrypted entry', async () => {
    const bytes = await docx(ROSTER);
    // Set the "encrypted" flag of the first central directory entry.
    const dir = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt16LE(bytes.readUInt16LE(dir + 8) | 1, dir + 8);
    expect(userErrorOf(() => load(setup('roster.docx', bytes))).message).toMatch(/entry "\[Content_Types\]\.xml" is encrypted: its content cannot be checked/);
  });
  it('a zip bomb: an entry whose header understates what it inflates to stops at the limit', async () => {
    const zip = new JSZip();
    zip.file('zeros.txt', Buffer.alloc(4 * 1024 * 1024, 0x30));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    // The header claims 100 bytes: only the inflation's own limit stops it (1 MiB here, as the
    // real limit would need a quarter-gigabyte test file).
    const dir = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(100, dir + 24);
    const none = () => undefined;
    expect(archiveVerdict(bytes, none, none, { ...ARCHIVE_LIMITS, inflated: 1024 * 1024 })).toEqual({ kind: 'unreadable', why: 'inflates to more than 1048576 bytes in all (not checked beyond that)' });
    // Within the real limit, the lie is found by the size inflated.
    expect(userErrorOf(() => load(setup('bomb.zip', bytes))).message).toMatch(/entry "zeros\.txt" inflates to 4194304 bytes where its header says 100/);
  });
  it('too many entries', async () => {
    const zip = new JSZip();
    for (let i = 0; i <= ARCHIVE_LIMITS.entries; i++) zip.file(`f${i}.txt`, '');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    expect(userErrorOf(() => load(setup('many.zip', bytes))).message).toMatch(/more than 10000 entries/);
  });
});
