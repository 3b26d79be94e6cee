// All parsers, in the order their sniffers are tried (the most specific first), and recognition
// of one file: by content; a file that matches no format but is named like a known export (or has
// a single-format extension such as .inf) is an error rather than "skipped".
import { UserError } from '../../io/errors.js';
import { FORMAT_EXTENSIONS, KIND_INFO, knownExportByName } from '../known-exports.js';
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { binaryWhat, decodeText, firstLinePreview, lineAt } from '../text.js';
import { translatedExport } from '../localized.js';
import { JsonExportTooLarge, JsonUnreadable, parseJsonLocated } from '../json-located.js';
import { applockerXmlParser } from './applocker-xml.js';
import { auditpolCsvParser } from './auditpol-csv.js';
import { collectionManifestParser } from './collection-manifest.js';
import { defenderJsonParser } from './defender-json.js';
import { firewallCsvParser } from './firewall-csv.js';
import { localAccountsCsvParser } from './local-accounts-csv.js';
import { manageBdeParser } from './manage-bde.js';
import { netAccountsParser } from './net-accounts.js';
import { netshFirewallParser } from './netsh-firewall.js';
import { regExportParser } from './reg-export.js';
import { registryPolParser } from './registry-pol.js';
import { seceditInfParser } from './secedit-inf.js';
import { vendorSettingsParser } from './vendor-settings.js';
import { w32tmParser } from './w32tm.js';
import { windowsStateParser } from './windows-state.js';
import { withArticle } from '../../io/english.js';

export const PARSERS: readonly ExportParser[] = [
  registryPolParser,
  collectionManifestParser,
  vendorSettingsParser,
  regExportParser,
  seceditInfParser,
  applockerXmlParser,
  defenderJsonParser,
  windowsStateParser,
  auditpolCsvParser,
  firewallCsvParser,
  localAccountsCsvParser,
  netshFirewallParser,
  manageBdeParser,
  w32tmParser,
  netAccountsParser,
];

export function parserFor(kind: ExportKind): ExportParser {
  const p = PARSERS.find((x) => x.kinds.includes(kind));
  if (!p) throw new Error(`no parser for kind ${kind}`);
  return p;
}

/** The kind of a file by content, or null. Never throws. */
export function sniffKind(input: ExportInput): ExportKind | null {
  for (const p of PARSERS) {
    try {
      const k = p.sniff(input);
      if (k) return k;
    } catch {
      // a sniffer must not throw; treat as "not this format"
    }
  }
  return null;
}

export type Recognition = { kind: ExportKind; parser: ExportParser; nameHint?: string } | { skip: string };

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot).toLowerCase() : '';
}

/**
 * Recognises one file. Returns its kind, or a reason to skip it; throws UserError when the file is
 * clearly meant as an export (known name or single-format extension) but its content is not one.
 */
export function recognise(input: ExportInput): Recognition {
  if (input.name.startsWith('.')) return { skip: 'hidden file' };
  const kind = sniffKind(input);
  const known = knownExportByName(input.name);
  if (kind) {
    const nameHint = known && known.kind !== kind
      ? `${input.name}: named like ${withArticle(KIND_INFO[known.kind].title)} but its content is ${withArticle(KIND_INFO[kind].title)}; read as the latter`
      : undefined;
    return nameHint ? { kind, parser: parserFor(kind), nameHint } : { kind, parser: parserFor(kind) };
  }
  // A native tool's output in another display language: refused with what it looks like, never skipped.
  const translated = translatedExport(input);
  if (translated) {
    throw new UserError(`${translated.language} ${translated.tool} output: labels not recognised (only English labels are read); ${translated.advice}`, { file: input.name, where: 'line 1' });
  }
  const expectedKind = known?.kind ?? FORMAT_EXTENSIONS[extensionOf(input.name)];
  const d = decodeText(input.bytes);
  // A file of a byte-order mark alone, or of blanks and line breaks, holds nothing either: said so, not
  // "the content is not one (first line: "")", which sent the reader looking for a wrong format.
  if (input.bytes.length === 0 || (d.binaryAt < 0 && d.text.trim() === '')) {
    const bom = d.encoding.endsWith('-bom') ? d.encoding.slice(0, -4).toUpperCase() : undefined;
    const what = input.bytes.length === 0 ? 'the file is empty' : d.text !== '' ? 'the file holds only blanks and line breaks' : bom ? `the file is empty but for its ${bom} byte-order mark` : 'the file holds no text';
    if (expectedKind) throw new UserError(`${what}; expected ${KIND_INFO[expectedKind].title} (${KIND_INFO[expectedKind].producedBy})`, { file: input.name, where: 'line 1' });
    return { skip: 'empty file' };
  }
  // A ZIP archive (the collection sent zipped) is read by no parser: say so, rather than "binary".
  const zip = input.bytes.length >= 4 && [0x04034b50, 0x06054b50].includes(input.bytes.readUInt32LE(0)); // PK\3\4, or an empty archive's PK\5\6
  if (expectedKind) {
    const info = KIND_INFO[expectedKind];
    if (zip) throw new UserError(`expected ${info.title} (${info.producedBy}), found a ZIP archive: extract the collection into the device folder and give the folder`, { file: input.name, where: 'byte 0' });
    if (d.binaryAt >= 0) {
      throw new UserError(`expected ${info.title} (${info.producedBy}), found ${binaryWhat(d)}`, { file: input.name, where: `line ${lineAt(d.text, d.binaryAt)}` });
    }
    // A JSON export whose first 8 KB show no member it is known by may not read as JSON at all: a
    // defender.json nested 100,000 deep was "not one (first line: "[[[[…")". Said why, as its parser would.
    if (/\.json$/i.test(input.name) && /^\uFEFF?\s*[[{]/.test(d.text)) {
      try {
        parseJsonLocated(d.text, input.name);
      } catch (e) {
        if (e instanceof JsonUnreadable || e instanceof JsonExportTooLarge) throw e;
      }
    }
    // Only a CSV export is ever mistaken for these (netsh's own text has dashed rules).
    const hint = /\.csv$/i.test(input.name) ? notAsExported(d.text) : undefined;
    throw new UserError(`expected ${info.title} (${info.producedBy}), but the content is not one (first line: ${JSON.stringify(firstLinePreview(d.text))})${hint ? `: ${hint.what}` : ''}`, { file: input.name, where: `line ${hint?.line ?? 1}` });
  }
  if (zip) return { skip: 'a ZIP archive, which is not read: extract the collection into the device folder and give the folder' };
  if (d.binaryAt >= 0) return { skip: 'binary file of no known export format' };
  const hint = notAsExported(d.text);
  return { skip: `content matches no known export format (first line: ${JSON.stringify(firstLinePreview(d.text))})${hint ? `: ${hint.what}` : ''}` };
}

const EXPORT_AGAIN = 'collect it again with collect/collect.ps1 (Export-Csv), and copy the file as written';

/**
 * What turned an export into text no parser reads, where its shape shows it (the first lines):
 * Excel's "sep=" line or ';' separators (a file opened and saved in Excel, or Export-Csv
 * -UseCulture in a German locale), or PowerShell's table text (Format-Table, or the console window
 * copied) pasted in place of Export-Csv's. The engineer learns what to do, not only that it failed.
 */
function notAsExported(text: string): { line: number; what: string } | undefined {
  const lines = text.slice(0, 8192).split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return undefined;
  const head = lines[first]!.trim();
  const line = first + 1;
  const sep = /^"?sep=(.)"?$/i.exec(head);
  if (sep) return { line, what: `an Excel "sep=${sep[1]}" line: the file was opened and saved in Excel, which also rewrites values (dates, numbers, leading zeros); ${EXPORT_AGAIN}` };
  const outsideQuotes = head.replace(/"[^"]*"/g, '');
  if (outsideQuotes.includes(';') && !outsideQuotes.includes(',')) return { line, what: `fields separated by ";" (saved by Excel, or Export-Csv -UseCulture, where the list separator is ";"); only "," is read; ${EXPORT_AGAIN}` };
  const rule = lines.findIndex((l, i) => i > first && i <= first + 2 && /^\s*-{2,}(\s+-{2,})+\s*$/.test(l));
  if (rule > 0) return { line: rule + 1, what: `a row of dashes under column names: PowerShell's table text (Format-Table, or the console window copied), not Export-Csv's; ${EXPORT_AGAIN}` };
  return undefined;
}
