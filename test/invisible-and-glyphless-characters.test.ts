// A console's value with a character that is there unseen (zero-width space, word joiner, soft hyphen) or that
// the PDF's font has no glyph for (full-width "＝", CJK) read as another value: the SSP and AR passed the
// zero-width ones raw (an OSCAL reader renders them as nothing), and the PDF drew the glyphless ones as an
// empty box or nothing ("Magnara＝Vida" read "MagnaraVida"). Both are now shown as \u{NNNN} / \xNN.
import { mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { sanitize } from '../src/cli/output.js';
import { oneLine } from '../src/io/errors.js';
import { loadFonts } from '../src/report/pdf/fonts.js';
import { wrap } from '../src/report/pdf/text.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;

describe('characters a reader would not see', () => {
  it('the PDF layout shows a character its font lacks as \\u{NNNN}; characters it has stay', () => {
    const fonts = loadFonts();
    const drawn = (text: string, font: 'sans' | 'mono' = 'sans') => wrap({ spans: [{ text }], font, size: 8, color: '#000' }, 1000, fonts).flatMap((l) => l.pieces.map((p) => p.text)).join('');
    expect(drawn('a\uff1db')).toBe('a\\u{FF1D}b');
    expect(drawn('パス')).toBe('\\u{30D1}\\u{30B9}');
    expect(drawn('Kennwortlänge — Пароль ✓')).toBe('Kennwortlänge — Пароль ✓');
    // By the font that draws it: DejaVu Sans has "①", DejaVu Sans Mono has not.
    expect(drawn('\u2460')).toBe('\u2460');
    expect(drawn('\u2460', 'mono')).toBe('\\u{2460}');
  });

  it('a message and the terminal show them too', () => {
    for (const show of [oneLine, sanitize]) expect(show('RAD-MR01\u200b-CON\u00ad\ufeff')).toBe('RAD-MR01\\u{200B}-CON\\xAD\\u{FEFF}');
  });

  it('a snapshot value reaches the SSP, AR and PDF with its invisible and glyphless characters shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invisible-chars-'));
    try {
      const inputs = join(dir, 'in');
      mkdirSync(inputs);
      const file = 'MR-01_2026-11-02.json';
      const snap = JSON.parse(readFileSync(join(root, 'samples', 'MR-01', file), 'utf8'));
      snap.device.model = 'Magnara\uff1dVida\u200b3T\u2060X\u00adY';
      writeFileSync(join(inputs, file), JSON.stringify(snap));
      const out = join(dir, 'pkg');
      await runAssess({ inputs: [inputs], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', warn: () => {} });
      for (const doc of ['ssp.json', 'assessment-results.json']) {
        const text = readFileSync(join(out, doc), 'utf8');
        expect(text, doc).not.toMatch(/[\u200b\u2060\u00ad]/);
      }
      // The SSP names the device's model: as JSON writes the shown text, each "\\" doubled.
      expect(readFileSync(join(out, 'ssp.json'), 'utf8')).toContain('Magnara\uff1dVida\\\\u{200B}3T\\\\u{2060}X\\\\xADY');
      const pdf = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ');
      expect(pdf).toContain('Magnara\\u{FF1D}Vida\\u{200B}3T\\u{2060}X\\xADY');
      expect(pdf).not.toContain('\uff1d');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
