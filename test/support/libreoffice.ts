/**
 * Test helper (not shipped): LibreOffice headless as a second reader of the workbooks the eMASS
 * export writes (a different program from the writer): converts each workbook's first sheet to CSV
 * (UTF-8, comma, double quotes; cells as shown), or opens and saves workbooks again as .xlsx.
 * Each call converts several files with one start of LibreOffice (a start takes seconds).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** Runs soffice with its own profile folder (concurrent runs with one profile collide). */
function soffice(profile: string, args: string[]): void {
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...args], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`soffice ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** The first sheet of each workbook as rows of cell texts, as LibreOffice shows them. File names must differ. */
export function sheetsAsCsv(files: readonly string[], outDir: string, profile: string): string[][][] {
  mkdirSync(outDir, { recursive: true });
  soffice(profile, ['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', outDir, ...files]);
  return files.map((f) => parse(readFileSync(join(outDir, `${basename(f, extname(f))}.csv`), 'utf8'), { relax_column_count: true }) as string[][]);
}

/** Opens each workbook in LibreOffice and saves it as .xlsx into outDir; returns the new files. */
export function openAndSave(files: readonly string[], outDir: string, profile: string): string[] {
  mkdirSync(outDir, { recursive: true });
  soffice(profile, ['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, ...files]);
  return files.map((f) => join(outDir, `${basename(f, extname(f))}.xlsx`));
}
