// The text of each page of a PDF, as pdf.js extracts it (whitespace collapsed); and every text a
// PDF can hand out, for the tests that prove a secret is in none of it.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPageTexts(file: string): Promise<string[]> {
  return pdfBytesPageTexts(readFileSync(file));
}

/** The text of a PDF held in memory (a renderer's bytes), all pages in one string, whitespace collapsed. */
export async function pdfBytesText(bytes: Uint8Array): Promise<string> {
  return (await pdfBytesPageTexts(bytes)).join(' ');
}

async function pdfBytesPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await pdf.destroy();
  return pages;
}

/** Every text a PDF can hand out: its raw bytes, each inflated stream, the page text, the attachments. */
export async function pdfTexts(file: string): Promise<Buffer[]> {
  const raw = readFileSync(file);
  const out: Buffer[] = [raw];
  const text = raw.toString('latin1');
  for (let at = text.indexOf('stream'); at !== -1; at = text.indexOf('stream', at + 6)) {
    let start = at + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    if (end === -1) break;
    try {
      out.push(inflateSync(raw.subarray(start, end)));
    } catch {
      // not deflated (or not a stream): its raw bytes are searched already
    }
    at = end;
  }
  const pdf = await getDocument({ data: new Uint8Array(raw), verbosity: 0 }).promise;
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    out.push(Buffer.from(content.items.map((i) => ('str' in i ? i.str : '')).join('')));
  }
  const attachments = (await pdf.getAttachments()) as Record<string, { content: Uint8Array }> | null;
  for (const a of Object.values(attachments ?? {})) out.push(Buffer.from(a.content));
  await pdf.destroy();
  return out;
}

/**
 * The "Assessment" sentence of a control's entry in a PDF's assessed controls, from its pages'
 * text joined (`heading` as "sc-28 — Protection of Information at Rest"). Throws when the entry is not there.
 */
export function controlAssessmentIn(text: string, heading: string): string {
  const at = text.lastIndexOf(`${heading} Status `);
  if (at <= 0) throw new Error(`no entry "${heading}" in the PDF's assessed controls`);
  const entry = text.slice(at, at + 2000);
  const start = entry.indexOf(' Assessment ') + ' Assessment '.length;
  return entry.slice(start, entry.indexOf(' Objectives decided ', start));
}
