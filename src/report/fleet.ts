// Fleet scale: what the evidence package prints instead of one line per device. Devices are
// summarised by model, OS, site and evidence age (counts and id ranges, the full list in
// devices.csv); the manifest's per-device files are summarised by folder (count, bytes and the
// SHA-256 of their listing, which is attached). Pure.
import { createHash } from 'node:crypto';
import { csvCell } from './results-csv.js';
import type { ReportDevice, ReportInput } from './model.js';

/** Above this many devices the package is at fleet scale: results grouped, per-device lists summarised. */
export const GROUP_ABOVE = 25;

export const DEVICES_CSV = 'devices.csv';

const DEVICE_HEADER = ['device', 'kind', 'manufacturer', 'model', 'os', 'location', 'collected_at', 'snapshot_file', 'snapshot_sha256', 'evidence_file', 'superseded', 'unreadable'];

/** devices.csv: one row per device (each CRLF-ended, cells neutralised as in results.csv), header first. */
export function* devicesCsvLines(devices: Iterable<ReportDevice>): Generator<string> {
  yield DEVICE_HEADER.join(',') + '\r\n';
  for (const d of devices) {
    yield [
      d.id,
      d.kind ?? '',
      d.manufacturer ?? '',
      d.model ?? '',
      d.os ?? '',
      d.location ?? '',
      d.collectedAt,
      d.sourceFile,
      d.sourceSha256,
      d.evidenceHref,
      d.superseded.map((s) => `${s.file} (${s.collectedAt})`).join('; '),
      d.unreadable ?? '',
    ].map(csvCell).join(',') + '\r\n';
  }
}

/** One value of a summary and the devices showing it. */
export interface SummaryRow {
  value: string;
  ids: string[];
}

/**
 * Devices by one of their traits: the `max` most common values (most devices first, then by
 * value; or in the order `order` gives), then the rest as one count of values and devices.
 */
export function summariseBy(
  devices: readonly ReportDevice[],
  keyOf: (d: ReportDevice) => string,
  max: number,
  order?: (a: string, b: string) => number,
): { rows: SummaryRow[]; other?: { values: number; devices: number } } {
  const by = new Map<string, string[]>();
  for (const d of devices) {
    const k = keyOf(d);
    const ids = by.get(k);
    if (ids) ids.push(d.id);
    else by.set(k, [d.id]);
  }
  const all = [...by.entries()].map(([value, ids]) => ({ value, ids }));
  all.sort(order ? (a, b) => order(a.value, b.value) : (a, b) => b.ids.length - a.ids.length || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  if (all.length <= max) return { rows: all };
  const rest = all.slice(max);
  return { rows: all.slice(0, max), other: { values: rest.length, devices: rest.reduce((n, r) => n + r.ids.length, 0) } };
}

/** Evidence age bands, in days up to the assessment time: upper bounds, the last open. */
export const AGE_BANDS: readonly number[] = [7, 30, 90, 365];

/** The band index of an age in days (AGE_BANDS.length: older than the last bound). */
export function ageBand(days: number): number {
  const i = AGE_BANDS.findIndex((b) => days <= b);
  return i < 0 ? AGE_BANDS.length : i;
}

/** A folder of the manifest summarised in one row: its files, their bytes, and the listing attached. */
export interface FoldedFolder {
  folder: string;
  count: number;
  bytes: number;
  /** The attachment holding the folder's listing (path, size, SHA-256), and that listing's SHA-256. */
  listing: { name: string; sha256: string; bytes: Buffer };
}

/**
 * The manifest at fleet scale: a folder holding more than `above` files (each device's evidence
 * copy, say) becomes one row; every other file keeps its own. `files` keeps the manifest's order.
 */
export function foldManifest(files: ReportInput['files'], above = GROUP_ABOVE): { listed: ReportInput['files']; folded: FoldedFolder[] } {
  const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');
  const counts = new Map<string, number>();
  for (const f of files) {
    const dir = folderOf(f.path);
    if (dir) counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const fold = new Set([...counts].filter(([, n]) => n > above).map(([dir]) => dir));
  const listed: ReportInput['files'] = [];
  const byFolder = new Map<string, ReportInput['files']>();
  for (const f of files) {
    const dir = folderOf(f.path);
    if (!fold.has(dir)) listed.push(f);
    else (byFolder.get(dir) ?? byFolder.set(dir, []).get(dir)!).push(f);
  }
  const folded = [...byFolder].map(([folder, inFolder]) => {
    const lines = ['path,size,sha256\r\n', ...inFolder.map((f) => `${csvCell(f.path)},${f.size},${csvCell(f.sha256)}\r\n`)];
    const bytes = Buffer.from(lines.join(''), 'utf8');
    return {
      folder,
      count: inFolder.length,
      bytes: inFolder.reduce((n, f) => n + f.size, 0),
      listing: { name: `manifest-${folder.replace(/\/$/, '').replace(/[/\\]/g, '_')}.csv`, sha256: createHash('sha256').update(bytes).digest('hex'), bytes },
    };
  });
  return { listed, folded };
}
