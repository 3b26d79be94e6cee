// Fills the first sheet of an existing workbook (.xlsx or .xlsm) by editing that sheet's XML (and
// appending to the shared strings and, for a date cell that has no date format, the cell styles)
// inside the zip. Every other part stays as it was: the macro project of an .xlsm, the hidden
// validation lists, the instructions, the defined names and the header rows. A general workbook
// library reads the whole workbook into its own model and writes a new one, which drops the macro
// project and changes parts eMASS may check; this changes only what it must.
//
// The sheet XML is machine-written (Excel, eMASS, exceljs): rows and cells are found with
// patterns over <row …>…</row> and <c …>…</c>, which do not nest.
import JSZip from 'jszip';
import { UserError } from '../io/errors.js';

export type CellValue = string | { date: string; serial: number };

export interface SheetView {
  /** Cell texts of the first rows (1-based row → 1-based column → text), for finding the header row. */
  rows: Map<number, Map<number, string>>;
  /** The sheet's name. */
  name: string;
}

export interface FillRequest {
  /** First row written (1-based). */
  firstRow: number;
  /** Values by row offset from firstRow, then 1-based column. */
  rows: ReadonlyArray<ReadonlyMap<number, CellValue>>;
}

interface Part {
  path: string;
  text: string;
}

const decode = (s: string) => s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e]!;
});
/** Element text for XML: & < > escaped; characters XML 1.0 cannot hold replaced. */
const encode = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
}

/** "AB12" → [12, 28]. */
function cellRef(ref: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad cell reference ${ref}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]), col];
}
function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const ROW = /<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g;
const CELL = /<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g;
const DATE_BUILTIN = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** An opened workbook: the first sheet located, its shared strings and styles read. */
export class Workbook {
  private constructor(
    private readonly zip: JSZip,
    private readonly label: string,
    readonly sheetName: string,
    private readonly sheet: Part,
    private readonly strings: Part | undefined,
    private readonly styles: Part | undefined,
    private readonly shared: string[],
  ) {}

  static async open(bytes: Buffer, label: string): Promise<Workbook> {
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes);
    } catch (e) {
      throw new UserError(`is not an Excel workbook (.xlsx or .xlsm; ${(e as Error).message})`, { file: label });
    }
    const text = async (path: string): Promise<string | undefined> => zip.file(path)?.async('string');
    const workbook = await text('xl/workbook.xml');
    const rels = await text('xl/_rels/workbook.xml.rels');
    if (!workbook || !rels) throw new UserError('is not an Excel workbook: it has no xl/workbook.xml', { file: label });
    // eMASS reads the first sheet of the workbook.
    const first = /<sheet\b[^>]*\/?>/.exec(workbook);
    if (!first) throw new UserError('has no worksheet', { file: label });
    const rid = attr(first[0], 'r:id');
    const name = attr(first[0], 'name') ?? 'Sheet1';
    const rel = [...rels.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => m[0]).find((r) => attr(r, 'Id') === rid);
    const target = rel ? attr(rel, 'Target') : undefined;
    if (!target) throw new UserError(`its first sheet "${name}" has no part`, { file: label });
    const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const sheetText = await text(sheetPath);
    if (!sheetText) throw new UserError(`its first sheet's part ${sheetPath} is missing`, { file: label });
    const ssRel = [...rels.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => m[0]).find((r) => attr(r, 'Type')?.endsWith('/sharedStrings'));
    const ssTarget = ssRel ? attr(ssRel, 'Target') : undefined;
    const ssPath = ssTarget ? (ssTarget.startsWith('/') ? ssTarget.slice(1) : `xl/${ssTarget}`) : undefined;
    const ssText = ssPath ? await text(ssPath) : undefined;
    const stRel = [...rels.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => m[0]).find((r) => attr(r, 'Type')?.endsWith('/styles'));
    const stTarget = stRel ? attr(stRel, 'Target') : undefined;
    const stPath = stTarget ? (stTarget.startsWith('/') ? stTarget.slice(1) : `xl/${stTarget}`) : undefined;
    const stText = stPath ? await text(stPath) : undefined;
    const shared = ssText ? [...ssText.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => [...m[1]!.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => decode(t[1]!)).join('')) : [];
    return new Workbook(zip, label, name, { path: sheetPath, text: sheetText }, ssPath && ssText !== undefined ? { path: ssPath, text: ssText } : undefined, stPath && stText !== undefined ? { path: stPath, text: stText } : undefined, shared);
  }

  private cellText(cell: string): string {
    const t = attr(cell.slice(0, cell.indexOf('>') + 1), 't');
    if (t === 's') {
      const v = /<v>([^<]*)<\/v>/.exec(cell);
      return v ? (this.shared[Number(v[1])] ?? '') : '';
    }
    if (t === 'inlineStr') return [...cell.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decode(m[1]!)).join('');
    const v = /<v>([^<]*)<\/v>/.exec(cell);
    return v ? decode(v[1]!) : '';
  }

  /** Texts of the first `limit` rows of the first sheet. */
  view(limit = 60): SheetView {
    const rows = new Map<number, Map<number, string>>();
    for (const m of this.sheet.text.matchAll(ROW)) {
      const r = Number(attr(m[0].slice(0, m[0].indexOf('>') + 1), 'r'));
      if (!(r <= limit)) continue;
      const cells = new Map<number, string>();
      for (const c of m[0].matchAll(CELL)) {
        const ref = attr(c[0].slice(0, c[0].indexOf('>') + 1), 'r');
        if (!ref) continue;
        const text = this.cellText(c[0]);
        if (text !== '') cells.set(cellRef(ref)[1], text);
      }
      rows.set(r, cells);
    }
    return { rows, name: this.sheetName };
  }

  /** The first cell at or below `row` that holds a value, as "C9", or undefined if there is none. */
  firstValueFrom(row: number): string | undefined {
    for (const m of this.sheet.text.matchAll(ROW)) {
      const r = Number(attr(m[0].slice(0, m[0].indexOf('>') + 1), 'r'));
      if (r < row) continue;
      for (const c of m[0].matchAll(CELL)) {
        if (this.cellText(c[0]) !== '' || /<f[\s>]/.test(c[0])) return attr(c[0].slice(0, c[0].indexOf('>') + 1), 'r');
      }
    }
    return undefined;
  }

  /**
   * Writes the values into the first sheet from `firstRow` down, keeping each cell's existing
   * style (or, on rows the template does not have, the style of the same column on `firstRow`).
   * Returns the workbook's bytes; every part but the sheet, shared strings and styles is unchanged.
   */
  async fill(req: FillRequest, fileDate: Date): Promise<Buffer> {
    const sheet = this.sheet.text;
    const open = sheet.indexOf('<sheetData');
    const close = sheet.indexOf('</sheetData>');
    const selfClosed = open >= 0 && close < 0 && /<sheetData\s*\/>/.test(sheet);
    if (open < 0 || (close < 0 && !selfClosed)) throw new UserError(`its first sheet "${this.sheetName}" has no sheetData`, { file: this.label });
    const bodyStart = selfClosed ? -1 : sheet.indexOf('>', open) + 1;
    const body = selfClosed ? '' : sheet.slice(bodyStart, close);

    // The template's rows, by number: the opening tag and its cells (column → [style, xml]).
    const rows = new Map<number, { tag: string; cells: Map<number, string> }>();
    for (const m of body.matchAll(ROW)) {
      const tag = m[0].slice(0, m[0].indexOf('>') + 1).replace(/\/>$/, '>');
      const cells = new Map<number, string>();
      for (const c of m[0].matchAll(CELL)) {
        const ref = attr(c[0].slice(0, c[0].indexOf('>') + 1), 'r');
        if (ref) cells.set(cellRef(ref)[1], c[0]);
      }
      rows.set(Number(attr(tag, 'r')), { tag, cells });
    }
    const styleOf = (r: number, col: number): string | undefined => {
      const cell = rows.get(r)?.cells.get(col) ?? rows.get(req.firstRow)?.cells.get(col);
      return cell ? attr(cell.slice(0, cell.indexOf('>') + 1), 's') : undefined;
    };

    const strings = this.strings ? new StringTable(this.strings.text, this.shared.length) : undefined;
    const styles = this.styles ? new DateStyles(this.styles.text) : undefined;
    const cellXml = (ref: string, style: string | undefined, v: CellValue): string => {
      if (typeof v === 'string') {
        const s = style !== undefined ? ` s="${style}"` : '';
        if (strings) return `<c r="${ref}"${s} t="s"><v>${strings.index(v)}</v></c>`;
        return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${encode(v)}</t></is></c>`;
      }
      const ds = styles ? styles.dateStyle(style) : style;
      return `<c r="${ref}"${ds !== undefined ? ` s="${ds}"` : ''}><v>${v.serial}</v></c>`;
    };

    const lastWritten = req.firstRow + req.rows.length - 1;
    const out: string[] = [];
    const numbers = new Set([...rows.keys(), ...req.rows.map((_, i) => req.firstRow + i)]);
    for (const r of [...numbers].sort((a, b) => a - b)) {
      const values = r >= req.firstRow && r <= lastWritten ? req.rows[r - req.firstRow] : undefined;
      const existing = rows.get(r);
      if (!values || !values.size) {
        if (existing) out.push(rowXml(existing.tag, [...existing.cells].sort((a, b) => a[0] - b[0]).map(([, x]) => x)));
        continue;
      }
      const cols = new Set([...(existing?.cells.keys() ?? []), ...values.keys()]);
      const cells: string[] = [];
      for (const col of [...cols].sort((a, b) => a - b)) {
        const v = values.get(col);
        if (v === undefined) {
          cells.push(existing!.cells.get(col)!);
          continue;
        }
        cells.push(cellXml(`${colName(col)}${r}`, styleOf(r, col), v));
      }
      const tag = existing ? existing.tag.replace(/\sspans="[^"]*"/, '') : `<row r="${r}">`;
      out.push(rowXml(tag, cells));
    }

    let newSheet = selfClosed
      ? sheet.replace(/<sheetData\s*\/>/, `<sheetData>${out.join('')}</sheetData>`)
      : sheet.slice(0, bodyStart) + out.join('') + sheet.slice(close);
    // The used range grows to the last row written.
    newSheet = newSheet.replace(/<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*\/>/, (m, c1: string, r1: string, c2?: string, r2?: string) => {
      const last = Math.max(Number(r2 ?? r1), lastWritten);
      return `<dimension ref="${c1}${r1}:${c2 ?? c1}${last}"/>`;
    });

    this.zip.file(this.sheet.path, newSheet, { date: fileDate, createFolders: false });
    if (this.strings && strings) this.zip.file(this.strings.path, strings.text(), { date: fileDate, createFolders: false });
    if (this.styles && styles?.changed) this.zip.file(this.styles.path, styles.text(), { date: fileDate, createFolders: false });
    // Same bytes for the same inputs: every entry gets the export's date.
    for (const f of Object.values(this.zip.files)) f.date = fileDate;
    return this.zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  }
}

function rowXml(tag: string, cells: string[]): string {
  return cells.length ? `${tag}${cells.join('')}</row>` : tag.replace(/>$/, '/>');
}

/** The shared-string table, with strings appended (each distinct text once). */
class StringTable {
  private readonly added: string[] = [];
  private readonly byText = new Map<string, number>();
  private uses = 0;
  constructor(private readonly original: string, private readonly base: number) {}
  index(s: string): number {
    this.uses++;
    let i = this.byText.get(s);
    if (i === undefined) {
      i = this.base + this.added.length;
      this.added.push(s);
      this.byText.set(s, i);
    }
    return i;
  }
  text(): string {
    const extra = this.added.map((s) => `<si><t xml:space="preserve">${encode(s)}</t></si>`).join('');
    let t = this.original.replace(/<sst\b[^>]*?\/>/, (m) => m.replace(/\/>$/, '></sst>'));
    t = t.replace('</sst>', `${extra}</sst>`);
    return t.replace(/<sst\b[^>]*>/, (tag) => {
      let x = tag;
      const count = Number(attr(tag, 'count') ?? this.base) + this.uses;
      x = /\scount="/.test(x) ? x.replace(/\scount="\d*"/, ` count="${count}"`) : x.replace(/>$/, ` count="${count}">`);
      x = /\suniqueCount="/.test(x) ? x.replace(/\suniqueCount="\d*"/, ` uniqueCount="${this.base + this.added.length}"`) : x.replace(/>$/, ` uniqueCount="${this.base + this.added.length}">`);
      return x;
    });
  }
}

/** Cell styles: a style with a date number format, added (cloned from the cell's) where the cell's has none. */
class DateStyles {
  changed = false;
  private xfs: string[];
  private readonly customDate = new Set<number>();
  private readonly made = new Map<string, string>();
  constructor(private readonly original: string) {
    const block = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(original);
    this.xfs = block ? [...block[1]!.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]) : [];
    for (const m of original.matchAll(/<numFmt\b[^>]*\/?>/g)) {
      const code = attr(m[0], 'formatCode') ?? '';
      // A date format has day/month/year tokens outside quotes and brackets.
      if (/[dy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]/g, ''))) this.customDate.add(Number(attr(m[0], 'numFmtId')));
    }
  }
  private isDate(xf: string): boolean {
    const id = Number(attr(xf, 'numFmtId') ?? 0);
    return DATE_BUILTIN.has(id) || this.customDate.has(id);
  }
  dateStyle(style: string | undefined): string {
    const base = style ?? '0';
    const xf = this.xfs[Number(base)];
    if (xf && this.isDate(xf)) return base;
    let made = this.made.get(base);
    if (made === undefined) {
      let clone = xf ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
      clone = /\snumFmtId="/.test(clone) ? clone.replace(/\snumFmtId="\d*"/, ' numFmtId="14"') : clone.replace(/^<xf\b/, '<xf numFmtId="14"');
      clone = /\sapplyNumberFormat="/.test(clone) ? clone.replace(/\sapplyNumberFormat="\w*"/, ' applyNumberFormat="1"') : clone.replace(/^<xf\b/, '<xf applyNumberFormat="1"');
      this.xfs.push(clone);
      made = String(this.xfs.length - 1);
      this.made.set(base, made);
      this.changed = true;
    }
    return made;
  }
  text(): string {
    return this.original.replace(/<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/, `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`);
  }
}
