// An attestation's evidence file that is a PDF with attached (embedded) files is refused: the
// package copies the file as it is, attachments included, and they are not read (a .pfx or a text
// with a password attached to a signed roster would reach every reader). A PDF without attachments,
// password policy prose included, still loads (src/attest/pdf-attachments.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
