// What `verify` says about a package's PDF: the digest it reports is read from the PDF itself and
// compared with the files beside it, so a manifest rebuilt after a file was edited no longer
// passes; and anything the manifest cannot list (an empty folder) is named.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDigestOf, parseManifest } from '../src/seal/manifest.js';
import { PDF_DIGEST_KEY, pdfDigestOfBytes, readPdfDigest } from '../src/seal/pdf-digest.js';
import { sealFolder, verifyFolder } from '../src/seal/seal.js';
import { userErrorOf } from './support/user-error.js';

const META = { createdAt: '2026-11-28T00:00:00Z', tool: 'ato-evidence test' };
const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);

/** A small PDF made by pdfkit (as the renderer is), with `info` in its document information. */
function pdf(info: Record<string, string>, compress = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ info: { ...info, CreationDate: new Date(0) } as PDFKit.DocumentInfo, compress });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Cover');
    doc.end();
  });
}

/**
 * An incremental update (ISO 32000-1 §7.5.6): a new information dictionary and a cross-reference
 * section for it appended, its trailer pointing back to the first with /Prev.
 */
function appendInfoUpdate(bytes: Buffer, infoBody: string): Buffer {
  const text = bytes.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const size = Number(/\/Size (\d+)/.exec(text.slice(prev))![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text.slice(prev))![1];
  const objAt = bytes.length + 1;
  const obj = `\n${size} 0 obj\n<<\n${infoBody}\n>>\nendobj\n`;
  const xrefAt = bytes.length + Buffer.byteLength(obj, 'latin1');
  const xref = `xref\n${size} 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<<\n/Size ${size + 1}\n/Root ${root}\n/Info ${size} 0 R\n/Prev ${prev}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([bytes, Buffer.from(obj + xref, 'latin1')]);
}

describe('the digest a PDF carries (read from the PDF, not the manifest)', () => {
  it('reads the value of the document information entry, compressed or not', async () => {
    expect(pdfDigestOfBytes(await pdf({ Title: 'Evidence', [PDF_DIGEST_KEY]: D1 }))).toEqual({ digest: D1 });
    expect(pdfDigestOfBytes(await pdf({ [PDF_DIGEST_KEY]: D2 }, false))).toEqual({ digest: D2 });
  });

  it('an incremental update that changes the entry: the newest value is read', async () => {
    const first = await pdf({ [PDF_DIGEST_KEY]: D1 });
    expect(pdfDigestOfBytes(appendInfoUpdate(first, `/${PDF_DIGEST_KEY} (${D2})`))).toEqual({ digest: D2 });
    // A hexadecimal string (how some programs write strings) reads the same.
    expect(pdfDigestOfBytes(appendInfoUpdate(first, `/${PDF_DIGEST_KEY} <${Buffer.from(D2).toString('hex')}>`))).toEqual({ digest: D2 });
    // An update that drops the entry: the PDF no longer carries it.
    expect(pdfDigestOfBytes(appendInfoUpdate(first, '/Title (Evidence)'))).toMatchObject({ absent: expect.stringContaining(`no ${PDF_DIGEST_KEY} entry`) });
  });

  it('says why there is none: no entry, not a digest, not a PDF, cut short', async () => {
    expect(pdfDigestOfBytes(await pdf({ Title: 'x' }))).toMatchObject({ absent: expect.stringContaining(`no ${PDF_DIGEST_KEY} entry`) });
    expect(pdfDigestOfBytes(await pdf({ [PDF_DIGEST_KEY]: 'not a digest' }))).toMatchObject({ absent: expect.stringContaining('"not a digest", not a SHA-256') });
    expect(pdfDigestOfBytes(Buffer.from('{"json": true}'))).toMatchObject({ absent: expect.stringContaining('not a PDF') });
    const whole = await pdf({ [PDF_DIGEST_KEY]: D1 });
    expect(pdfDigestOfBytes(whole.subarray(0, whole.length - 40))).toMatchObject({ absent: expect.stringContaining('cut short') });
  });
});

describe('verify: the PDF\'s own digest against the files and the manifest', () => {
  let root: string;
  let pkg: string;
  let n = 0;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ato-seal-report-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A package of two files and a PDF carrying the digest of those two, sealed as assess seals it. */
  async function sealedPackage(): Promise<string> {
    pkg = join(root, `pkg-${n++}`);
    mkdirSync(join(pkg, 'evidence'), { recursive: true });
    writeFileSync(join(pkg, 'poam.json'), '{"plan-of-action-and-milestones":{"poam-items":[{"status":"open"}]}}\n');
    writeFileSync(join(pkg, 'evidence/MR-01.json'), '{"device":{"id":"MR-01"}}\n');
    const others = ['poam.json', 'evidence/MR-01.json'].map((path) => {
      const bytes = readFileSync(join(pkg, path));
      return { path, sha256: sha(bytes), size: bytes.length };
    });
    writeFileSync(join(pkg, 'evidence-package.pdf'), await pdf({ [PDF_DIGEST_KEY]: packageDigestOf(others) }));
    sealFolder(pkg, { ...META, reportFile: 'evidence-package.pdf' });
    return packageDigestOf(others);
  }
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  /** What an editor without the signing key can do: change a file, delete the manifest and seal again. */
  const rebuildManifest = () => {
    unlinkSync(join(pkg, 'manifest.json'));
    sealFolderUnchecked(pkg);
  };

  it('an intact package: the digest is read from the PDF and equals the other files\'', async () => {
    const digest = await sealedPackage();
    const r = verifyFolder(pkg, {});
    expect(r.problems).toEqual([]);
    expect(r.report).toEqual({ file: 'evidence-package.pdf', carried: digest, files: digest, manifest: digest });
  });

  it('poam.json edited and the manifest rebuilt (unsigned): not intact, naming the PDF\'s digest and the files\'', async () => {
    const carried = await sealedPackage();
    writeFileSync(join(pkg, 'poam.json'), '{"plan-of-action-and-milestones":{"poam-items":[{"status":"closed"}]}}\n');
    rebuildManifest();
    const now = parseManifest(readFileSync(join(pkg, 'manifest.json'), 'utf8'), 'manifest.json');
    const files = now.reportDigest!.digest; // the rebuilt manifest agrees with the edited files
    expect(files).not.toBe(carried);
    const r = verifyFolder(pkg, {});
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.kind, p.path])).toEqual([['report', 'evidence-package.pdf']]);
    expect(r.problems[0]!.detail).toContain(`carries the digest ${carried}`);
    expect(r.problems[0]!.detail).toContain(`the other files of the package give ${files}`);
    expect(r.problems[0]!.detail).toContain('rebuilt');
  });

  it('a rebuilt manifest that no longer names the report: the PDF is still checked', async () => {
    const carried = await sealedPackage();
    writeFileSync(join(pkg, 'evidence/MR-01.json'), '{"device":{"id":"MR-01"},"edited":true}\n');
    unlinkSync(join(pkg, 'manifest.json'));
    sealFolder(pkg, META); // no reportFile: the manifest records no reportDigest
    const r = verifyFolder(pkg, {});
    expect(r.problems.map((p) => p.kind)).toEqual(['report']);
    expect(r.problems[0]!.detail).toContain(`carries the digest ${carried}`);
  });

  it('a PDF replaced by one carrying no digest: a report problem saying what could not be checked', async () => {
    await sealedPackage();
    writeFileSync(join(pkg, 'evidence-package.pdf'), await pdf({ Title: 'a different report' }));
    rebuildManifest();
    const r = verifyFolder(pkg, {});
    expect(r.problems.map((p) => [p.kind, p.path])).toEqual([['report', 'evidence-package.pdf']]);
    expect(r.problems[0]!.detail).toMatch(/carries no digest that can be read \(its document information has no AtoEvidenceReportDigest entry/);
    expect(r.report?.carried).toBeUndefined();
  });

  it('the manifest\'s reportDigest edited (and the package digest left): both the manifest and the report are named', async () => {
    const carried = await sealedPackage();
    const text = readFileSync(join(pkg, 'manifest.json'), 'utf8');
    writeFileSync(join(pkg, 'manifest.json'), text.replace(`"digest": "${carried}"`, `"digest": "${D1}"`));
    const r = verifyFolder(pkg, {});
    expect(r.problems.map((p) => p.kind)).toEqual(['manifest', 'report']);
    expect(r.problems[1]!.detail).toContain(`manifest.json records ${D1} as its digest`);
  });

  it('sealing refuses (as a bug) a report that does not carry the digest of the files it is sealed with', async () => {
    await sealedPackage();
    writeFileSync(join(pkg, 'poam.json'), '{"changed": true}\n');
    unlinkSync(join(pkg, 'manifest.json'));
    expect(() => sealFolder(pkg, { ...META, reportFile: 'evidence-package.pdf' })).toThrow(/carries [0-9a-f]{64}, not the digest of the other files/);
  });

  describe('folders', () => {
    it('an empty folder added to a package is named as unexpected (the outermost of nested ones)', async () => {
      await sealedPackage();
      mkdirSync(join(pkg, 'added/deeper'), { recursive: true });
      mkdirSync(join(pkg, 'evidence/empty'));
      const r = verifyFolder(pkg, {});
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => [p.kind, p.path])).toEqual([['unexpected', 'added'], ['unexpected', 'evidence/empty']]);
      expect(r.problems[0]!.detail).toMatch(/^is an empty folder/);
    });

    it('a folder emptied of its listed files: the files are missing and the folder is named', async () => {
      await sealedPackage();
      unlinkSync(join(pkg, 'evidence/MR-01.json'));
      const r = verifyFolder(pkg, {});
      expect(r.problems.map((p) => [p.kind, p.path])).toEqual([['report', 'evidence-package.pdf'], ['unexpected', 'evidence'], ['missing', 'evidence/MR-01.json']]);
    });

    it('sealing refuses a package holding an empty folder, naming it', async () => {
      pkg = join(root, `pkg-${n++}`);
      mkdirSync(join(pkg, 'evidence'), { recursive: true });
      writeFileSync(join(pkg, 'a.json'), '{}');
      expect(userErrorOf(() => sealFolder(pkg, META)).message).toBe(`${pkg}/evidence: is an empty folder (no file at any depth); a sealed package holds regular files only`);
    });
  });

  it('readPdfDigest reads a file on disk the same way', async () => {
    const digest = await sealedPackage();
    expect(readPdfDigest(join(pkg, 'evidence-package.pdf'))).toEqual({ digest });
  });
});

/** sealFolder without a report: what a person rebuilding manifest.json by hand would produce (the reportDigest recomputed from the files). */
function sealFolderUnchecked(dir: string): void {
  sealFolder(dir, META);
  const p = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(p, 'utf8'));
  const others = m.files.filter((f: { path: string }) => f.path !== 'evidence-package.pdf');
  const { packageDigest, files, ...rest } = m;
  writeFileSync(p, JSON.stringify({ ...rest, packageDigest, reportDigest: { file: 'evidence-package.pdf', digest: packageDigestOf(others) }, files }, null, 2) + '\n');
}
