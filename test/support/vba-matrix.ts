/**
 * Test helper (not shipped): reads the risk-matrix macro of the eMASS POA&M template as text (it is
 * never run) and returns the matrices it encodes, so the exporter's matrices can be compared with
 * eMASS's own. The VBA source sits compressed (MS-OVBA 2.4.1) in a stream of xl/vbaProject.bin, an
 * OLE compound file read with `cfb`.
 */
import CFB from 'cfb';
import JSZip from 'jszip';

/** MS-OVBA 2.4.1 decompression of a CompressedContainer starting at `buf[0]` (signature 0x01). */
function decompress(buf: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 1;
  while (i + 1 < buf.length) {
    const header = buf[i]! | (buf[i + 1]! << 8);
    const chunkEnd = Math.min(i + (header & 0x0fff) + 3, buf.length);
    i += 2;
    const start = out.length;
    if ((header & 0x8000) === 0) {
      for (let k = 0; k < 4096 && i < chunkEnd; k++) out.push(buf[i++]!);
      continue;
    }
    while (i < chunkEnd) {
      const flags = buf[i++]!;
      for (let bit = 0; bit < 8 && i < chunkEnd; bit++) {
        if (((flags >> bit) & 1) === 0) {
          out.push(buf[i++]!);
          continue;
        }
        const token = buf[i]! | (buf[i + 1]! << 8);
        i += 2;
        const decompressed = out.length - start;
        let bitCount = 4;
        while (1 << bitCount < decompressed) bitCount++;
        const length = (token & (0xffff >> bitCount)) + 3;
        const offset = (token >> (16 - bitCount)) + 1;
        for (let k = 0; k < length; k++) out.push(out[out.length - offset]!);
      }
    }
  }
  return Buffer.from(out);
}

/** The source text of each VBA module (the compressed source follows the module's p-code). */
function moduleSources(vbaProject: Buffer): Map<string, string> {
  const cfb = CFB.read(vbaProject, { type: 'buffer' });
  const out = new Map<string, string>();
  cfb.FileIndex.forEach((entry, n) => {
    const path = cfb.FullPaths[n]!;
    if (!/\/VBA\/[^/_][^/]*$/.test(path) || path.endsWith('/dir') || !entry.content) return;
    const bytes = Buffer.from(entry.content as Uint8Array);
    for (let off = 0; off < bytes.length - 3; off++) {
      if (bytes[off] !== 1 || (bytes[off + 2]! & 0x70) !== 0x30) continue;
      try {
        const text = decompress(bytes.subarray(off)).toString('latin1');
        if (text.startsWith('Attribute VB_Name')) {
          out.set(path.split('/').pop()!, text);
          break;
        }
      } catch {
        /* not the source container: keep looking */
      }
    }
  });
  return out;
}

export type Matrix = Record<string, Record<string, string>>;

/** Likelihood (Severity × Relevance) and residual risk (Likelihood × Impact) as the macro sets them. */
export async function templateMatrices(templateXlsm: Buffer): Promise<{ likelihood: Matrix; residual: Matrix }> {
  const zip = await JSZip.loadAsync(templateXlsm);
  const vba = await zip.file('xl/vbaProject.bin')!.async('nodebuffer');
  const sources = [...moduleSources(vba).values()].join('\n');
  const read = (a: string, b: string, prefix: string): Matrix => {
    const m: Matrix = {};
    const re = new RegExp(`If ${a} = "([^"]*)" And ${b} = "([^"]*)" Then\\s+Call ${prefix}(\\w+)`, 'g');
    for (const x of sources.matchAll(re)) {
      if (!x[1] || !x[2] || x[3] === 'Blank') continue;
      const level = x[3]!.replace(/([a-z])([A-Z])/g, '$1 $2');
      (m[x[1]] ??= {})[x[2]] = level;
    }
    return m;
  };
  return { likelihood: read('SeverityStatus', 'RelevanceStatus', 'Likelihood'), residual: read('LikelihoodStatus', 'ImpactStatus', 'Residual') };
}
