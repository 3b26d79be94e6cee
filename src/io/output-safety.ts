// What an output may replace. The one rule every writing command keeps (assess, diff, monitor with
// --regenerate and --schedule, ingest, component-definition):
//
//   an output may never be, contain, or lie inside an input, the evidence store, or another output
//   of the same run, comparing real paths (links resolved; for a path that does not exist yet, its
//   nearest existing ancestor's real path), --force or not;
//
// nor lie inside a folder ato-evidence wrote whole (a package, a report, an export, a store:
// refuseInsideSealed); and `--force` replaces only a folder ato-evidence wrote itself: an evidence package (everything in
// it listed by its manifest.json), a drift or monitoring report (drift.json and its siblings) or
// an export (everything in it listed by its export.json), never an arbitrary non-empty folder. Both refusals are usage errors (exit 2) and happen before
// anything is written.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE, parseManifest, SIGNATURE_FILE } from '../seal/manifest.js';
import { UserError } from './errors.js';

/** A path the user gave, and how they gave it ("--out", "INPUT", "--params", "--store"). */
export interface NamedPath {
  name: string;
  path: string;
}

/**
 * The real path of `p`: links resolved. For a path that does not exist (yet), the real path of its
 * nearest existing ancestor followed by the rest, which is where writing it would put it.
 */
export function realPathOf(p: string): string {
  const rest: string[] = [];
  let cur = resolve(p);
  for (;;) {
    try {
      return join(realpathSync(cur), ...rest);
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return resolve(p);
      rest.unshift(basename(cur));
      cur = parent;
    }
  }
}

type Relation = 'is' | 'contains' | 'lies inside';

function within(outer: string, inner: string): boolean {
  return outer === sep || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** How real path `a` stands to real path `b`, or undefined when they are apart. */
export function relationOf(a: string, b: string): Relation | undefined {
  if (a === b) return 'is';
  if (within(a, b)) return 'contains';
  if (within(b, a)) return 'lies inside';
  return undefined;
}

function shown(n: NamedPath): string {
  return `${n.name} ${n.path}`;
}

/**
 * The refusal for output `out` standing in `relation` to `other` (an input, the store, another
 * output), naming both as given and, where links made the difference, where they really are.
 */
export function overlapError(out: NamedPath, relation: Relation, other: NamedPath, real: { out: string; other: string }): UserError {
  const notes = [
    real.out !== resolve(out.path) ? `${out.path} is ${real.out}` : '',
    real.other !== resolve(other.path) ? `${other.path} is ${real.other}` : '',
  ].filter(Boolean);
  const verb = relation === 'is' ? 'is the same place as' : relation;
  return new UserError(
    `${shown(out)} ${verb} ${shown(other)}${notes.length ? ` (after resolving links: ${notes.join('; ')})` : ''}: an output may never be, contain or lie inside an input, the evidence store or another output of the same run, --force or not; choose another ${out.name}`,
    { exitCode: 2 },
  );
}

/**
 * Refuses (exit 2) any output that is, contains or lies inside an input or another output. Inputs
 * that were not given (undefined paths) are left out by the caller.
 */
export function refuseOverlaps(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): void {
  const realOut = outputs.map((o) => realPathOf(o.path));
  outputs.forEach((out, i) => {
    const others: Array<[NamedPath, string]> = [
      ...outputs.slice(i + 1).map((o, k) => [o, realOut[i + 1 + k]!] as [NamedPath, string]),
      ...inputs.map((inp) => [inp, realPathOf(inp.path)] as [NamedPath, string]),
    ];
    for (const [other, real] of others) {
      const rel = relationOf(realOut[i]!, real);
      if (rel) throw overlapError(out, rel, other, { out: realOut[i]!, other: real });
    }
  });
}

/** What `export` writes beside its files: their list, so that --force can tell its folder. */
export const EXPORT_MARKER = 'export.json';

/**
 * What marks a folder ato-evidence wrote whole: its marker file, how that file starts, what beside
 * it the folder must hold for the marker to be that folder's (a marker alone, copied or left high
 * up, say in /tmp, makes no folder ato-evidence's), and what the folder is.
 */
const SEALED_FOLDERS: ReadonlyArray<{ file: string; start: RegExp; holds: (dir: string) => boolean; what: string }> = [
  { file: MANIFEST_FILE, start: /^\{\s*"manifestVersion"\s*:/, holds: (dir) => holdsListed(dir, manifestFiles(dir)), what: 'an evidence package (a file added to it breaks its seal: verify names it)' },
  // diff and monitor always write drift.md beside drift.json.
  { file: 'drift.json', start: /^\{\s*"driftVersion"\s*:/, holds: (dir) => holdsListed(dir, ['drift.md']), what: 'a drift or monitoring report (--force could then no longer replace it)' },
  { file: EXPORT_MARKER, start: /^\{\s*"exportVersion"\s*:/, holds: (dir) => holdsListed(dir, exportFiles(dir)), what: 'an export (--force could then no longer replace it)' },
  { file: 'store.json', start: /^\{\s*"format"\s*:\s*"ato-evidence evidence store"/, holds: (dir) => holdsListed(dir, ['ledger.jsonl']) && isFolder(join(dir, 'objects')), what: 'an evidence store (only monitor --store files into it)' },
];

/** A manifest or export list larger than this is no marker ato-evidence wrote (and is not read whole to find out). */
const MAX_MARKER_BYTES = 64 * 1024 * 1024;

function markerText(file: string): string | undefined {
  try {
    const st = lstatSync(file);
    return st.isFile() && st.size <= MAX_MARKER_BYTES ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The files a package's manifest lists, or undefined when it is not a manifest ato-evidence wrote. */
function manifestFiles(dir: string): string[] | undefined {
  const text = markerText(join(dir, MANIFEST_FILE));
  try {
    return text === undefined ? undefined : parseManifest(text, MANIFEST_FILE).files.map((f) => f.path);
  } catch {
    return undefined;
  }
}

/** The files an export's export.json lists, or undefined when it is not one export wrote. */
function exportFiles(dir: string): string[] | undefined {
  const text = markerText(join(dir, EXPORT_MARKER));
  try {
    const marker = text === undefined ? undefined : (JSON.parse(text) as { exportVersion?: unknown; files?: unknown });
    return marker?.exportVersion === 1 && Array.isArray(marker.files) && marker.files.every((f) => typeof f === 'string') ? (marker.files as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** True when every one of `files` ('/'-separated, relative to `dir`) is a file there (links not followed). */
function holdsListed(dir: string, files: readonly string[] | undefined): boolean {
  if (!files) return false;
  return files.every((f) => {
    try {
      return lstatSync(join(dir, ...f.split('/'))).isFile();
    } catch {
      return false;
    }
  });
}

function isFolder(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The folder ato-evidence wrote that real path `dir` is, if it is one: its marker is ours, and the folder holds what the marker says. */
function sealedFolderKind(dir: string): string | undefined {
  for (const f of SEALED_FOLDERS) {
    try {
      if (lstatSync(join(dir, f.file)).isFile() && f.start.test(readPrefix(join(dir, f.file), 256)) && f.holds(dir)) return f.what;
    } catch {
      // no such marker (or not readable): not that kind
    }
  }
  return undefined;
}

/** The device of `dir`, undefined when it does not exist (yet) or cannot be read. */
function deviceOf(dir: string): number | undefined {
  try {
    return lstatSync(dir).dev;
  } catch {
    return undefined;
  }
}

/**
 * Refuses (exit 2) an output placed inside a folder ato-evidence wrote whole (a package, a report,
 * an export, a store: sealedFolderKind): written there, it changed that evidence ("monitor --store
 * pkg/st" made the package fail verify). The output itself may be such a folder: that is --force's
 * case. The folders above the output are looked at up to the top of the file system the output
 * goes on (a folder ato-evidence wrote never spans two), that top included.
 */
export function refuseInsideSealed(outputs: readonly NamedPath[]): void {
  for (const out of outputs) {
    const real = realPathOf(out.path);
    let device: number | undefined;
    for (let dir = dirname(real); ; dir = dirname(dir)) {
      const dev = deviceOf(dir);
      if (device !== undefined && dev !== undefined && dev !== device) break; // above the mount point: another file system
      device ??= dev;
      const kind = sealedFolderKind(dir);
      // As given where no link is involved (relative to here), else where the links led.
      const at = real === resolve(out.path) ? relative(process.cwd(), dir) || '.' : dir;
      if (kind) throw new UserError(`${shown(out)} lies inside ${at}, ${kind}: an output is never written into evidence ato-evidence wrote; choose another ${out.name}`, { exitCode: 2 });
      if (dirname(dir) === dir) break;
    }
  }
}

/** The tool's own files (the check catalog, templates, schema, code): never an output's place. */
export function toolDataPaths(): NamedPath[] {
  // This file is <package>/dist/io/ (or <package>/src/io/ under the tests).
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return ['controls', 'templates', 'schema', 'dist'].map((d) => ({ name: "ato-evidence's own folder", path: join(root, d) }));
}

/** Besides drift.json, what `diff` and `monitor` write into a report folder. */
const REPORT_FILES = new Set(['drift.json', 'drift.md', 'monitoring-report.pdf', 'assessment-results.json']);

function readPrefix(file: string, max: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    return buf.subarray(0, readSync(fd, buf, 0, max, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Every file (not folder) below `dir`, '/'-separated and relative to it; links are not followed. */
function filesBelow(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesBelow(dir, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * Why --force may not replace the existing non-empty folder `dir` (undefined: ato-evidence wrote
 * it, so it may). An evidence package qualifies when its manifest.json is one this tool wrote and
 * every file in the folder is listed by it (or is the manifest or its signature); a report folder
 * when its drift.json is this tool's and the folder holds only what diff or monitor write.
 */
export function whyNotReplaceable(dir: string): string | undefined {
  const top = readdirSync(dir);
  if (top.includes(MANIFEST_FILE)) {
    let listed: Set<string>;
    try {
      listed = new Set(parseManifest(readFileSync(join(dir, MANIFEST_FILE), 'utf8'), MANIFEST_FILE).files.map((f) => f.path));
    } catch (e) {
      return `its ${MANIFEST_FILE} is not an ato-evidence package manifest (${e instanceof UserError ? e.message : (e as Error).message})`;
    }
    listed.add(MANIFEST_FILE).add(SIGNATURE_FILE);
    const foreign = filesBelow(dir).filter((f) => !listed.has(f));
    return foreign.length ? `it holds ${list(foreign)}, which its ${MANIFEST_FILE} does not list (ato-evidence did not write it)` : undefined;
  }
  if (top.includes('drift.json')) {
    const drift = join(dir, 'drift.json');
    let ours = false;
    try {
      ours = lstatSync(drift).isFile() && /^\{\s*"driftVersion"\s*:/.test(readPrefix(drift, 256));
    } catch {
      ours = false;
    }
    if (!ours) return 'its drift.json is not a drift report ato-evidence wrote';
    const foreign = top.filter((f) => !REPORT_FILES.has(f) || !lstatSync(join(dir, f)).isFile());
    return foreign.length ? `it holds ${list(foreign)}, which diff and monitor do not write` : undefined;
  }
  if (top.includes(EXPORT_MARKER)) {
    // An export's folder: export.json lists the files it wrote (checklists, HDF, the eMASS workbook).
    const files = exportFiles(dir);
    if (!files) return `its ${EXPORT_MARKER} is not one ato-evidence's export wrote`;
    const listed = new Set(files).add(EXPORT_MARKER);
    const foreign = filesBelow(dir).filter((f) => !listed.has(f));
    return foreign.length ? `it holds ${list(foreign)}, which its ${EXPORT_MARKER} does not list (ato-evidence did not write it)` : undefined;
  }
  return `it holds neither a ${MANIFEST_FILE} (an evidence package), a drift.json (a drift or monitoring report) nor an ${EXPORT_MARKER} (an export), so ato-evidence did not write it`;
}


function list(names: string[]): string {
  const sorted = [...names].sort();
  return sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? ` and ${sorted.length - 5} more` : '');
}
