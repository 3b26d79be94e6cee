// Whether a PDF given as attestation evidence carries attached files (embedded files: the
// document's /EmbeddedFiles, a /FileAttachment annotation). The package copies an evidence file as
// it is, so an attachment (a .pfx, a text with a password) would reach every reader with it; and
// unlike a ZIP's entries (archive-content.ts), a PDF's attachments are not read here (that would
// take a PDF parser: object streams, filters, encryption). Such a PDF is refused instead: the
// attester gives the document without its attachments. Pure (bytes in, a verdict out).
import { inflateSync } from 'node:zlib';

/** True when the bytes are a PDF by their start (the header may follow up to 1,024 bytes of junk, as readers accept). */
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/**
 * The names that mark an attached file: an embedded file stream (/Type /EmbeddedFile, which every
 * writer sets), the name tree of the document's attachments (/EmbeddedFiles), a file attachment
 * annotation (/FileAttachment). Long names: in a compressed font or image, bytes that spell one by
 * chance are not to be expected (a short one such as /EF would be, in a large file).
 */
const ATTACHMENT_NAME = /\/(?:EmbeddedFiles?|FileAttachment)(?![A-Za-z0-9#])/;
/** An object stream (PDF 1.5): dictionaries such as the catalog's /Names may sit in one, compressed. */
const OBJECT_STREAM = /\/Type\s*\/ObjStm\b/g;
/** Bytes inflated from the object streams of one file, in all (a "zip bomb" in a PDF stops there). */
const MAX_INFLATED = 64 * 1024 * 1024;

/** PDF names may spell a character as #xx ("/Embedded#46ile"): spelled out before the search. */
const spelled = (text: string): string => text.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Whether the PDF's bytes name an attached file, in its plain text or in a compressed stream. */
export function pdfHasAttachments(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  if (ATTACHMENT_NAME.test(spelled(text))) return true;
  let budget = MAX_INFLATED;
  OBJECT_STREAM.lastIndex = 0;
  for (let m = OBJECT_STREAM.exec(text); m && budget > 0; m = OBJECT_STREAM.exec(text)) {
    // The stream's data: after the first "stream" keyword that follows its dictionary.
    const keyword = /stream\r?\n/g;
    keyword.lastIndex = m.index;
    const k = keyword.exec(text);
    if (!k) break;
    const start = k.index + k[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    let inflated: Buffer;
    try {
      inflated = inflateSync(bytes.subarray(start, end), { maxOutputLength: budget });
    } catch {
      // Not Flate data (an uncompressed stream was searched as plain text above), cut short, or over the budget.
      continue;
    }
    budget -= inflated.length;
    if (ATTACHMENT_NAME.test(spelled(inflated.toString('latin1')))) return true;
    OBJECT_STREAM.lastIndex = end;
  }
  return false;
}
