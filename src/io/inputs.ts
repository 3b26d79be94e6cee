// Expands the INPUT arguments of `assess`, `diff` and `monitor` into snapshot files and export
// folders: the one walker the three commands share.
//
// Fleets are often laid out with links (a site folder linking each device's folder), so links to
// files and folders are followed; a folder reached twice is read once, and a link that leads back
// to a folder being walked (a loop) is not followed. A FIFO, socket or device inside a folder is
// never opened (reading a FIFO blocks until someone writes to it). Whatever is skipped is said,
// with its path and why: nothing is left out silently.
import { readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { KIND_INFO, resembledExport } from '../ingest/known-exports.js';
import { redactText } from '../snapshot/secrets.js';
import { UserError } from './errors.js';
import { overlapError, realPathOf, relationOf, type NamedPath } from './output-safety.js';

export interface InputItem {
  kind: 'snapshot' | 'exports';
  /** Path as shown to the user (relative to the working directory where possible). */
  path: string;
}

export interface ExpandOptions {
  /** Whether a folder holds one device's native exports (it is then one item, not walked). */
  isExportFolder?: (dir: string) => boolean;
  /** Told about each thing skipped inside an input folder, with its path and why. */
  warn?: (message: string) => void;
  /**
   * The run's outputs (--out, the store): an input found through a link that is, contains or lies
   * inside one is refused (exit 2), as the command line's own paths are (output-safety.ts).
   */
  outputs?: readonly NamedPath[];
  /**
   * Files the run reads through its options (--attestations and the evidence it names,
   * --deviations, --system, ...): inside an input folder they are read, so not named as unread.
   */
  known?: readonly string[];
}

/** A README beside the snapshots documents them: the one kind of file passed over without a word. */
const README = /^readme(\.[a-z0-9]+)?$/i;

function display(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

/**
 * An input's path as every report and message shows it, refused when it reads as holding a secret
 * ("MR-02 pw=…json", "token=…/MR-01"): the path names the device's evidence in the assessment
 * results, the POA&M, the PDF and the terminal, and masking it there would name a file no one
 * can find. The message masks it (UserError).
 */
function shownName(path: string): string {
  if (redactText(path) !== path) throw new UserError('the path of this input holds what reads as a secret (a secret name such as password, pw or token followed by "=" or ":" and a value): every report names an input by its path, so rename the file or folder', { file: path });
  return path;
}

/**
 * The same refusal for the files options name (--deviations, --attestations, --system, --params,
 * --capabilities, ...): reports name them by their path too (an observation's "params file …",
 * a finding's "declared: caps.yaml …"). Each given as [option, path]; an absent path is skipped.
 */
export function refuseSecretOptionPaths(options: ReadonlyArray<readonly [string, string | undefined]>): void {
  for (const [option, path] of options) {
    if (path !== undefined && redactText(path) !== path) throw new UserError(`the path given to ${option} holds what reads as a secret (a secret name such as password, pw or token followed by "=" or ":" and a value): reports name this file by its path, so rename it`, { file: path });
  }
}

/** "a FIFO", "a socket", ... for what is neither a file nor a folder. */
export function oddKind(st: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'neither a file nor a folder';
}

class Walker {
  readonly out: InputItem[] = [];
  /** Real path of every folder walked -> the path it was first reached by. */
  private readonly dirs = new Map<string, string>();
  /** Real path of every snapshot file listed -> the path it was first listed by. */
  private readonly files = new Map<string, string>();
  private readonly outputs: Array<NamedPath & { real: string }>;
  /** Snapshot files and export folders met so far, a second path to one included. */
  private found = 0;
  /** Real paths of the files the run reads through its options. */
  private readonly known: Set<string>;
  /** Known files met inside input folders. */
  private knownMet = 0;

  constructor(private readonly opts: ExpandOptions) {
    this.outputs = (opts.outputs ?? []).map((o) => ({ ...o, real: realPathOf(o.path) }));
    this.known = new Set((opts.known ?? []).flatMap((p) => {
      try {
        return [realpathSync(p)];
      } catch {
        return [];
      }
    }));
  }

  private skip(path: string, why: string): void {
    this.opts.warn?.(`${display(path)}: skipped: ${why}`);
  }

  /** An input must not be, hold or lie inside an output of the run. */
  private guard(path: string, real: string): void {
    for (const o of this.outputs) {
      const rel = relationOf(o.real, real);
      if (rel) throw overlapError(o, rel, { name: 'INPUT', path: display(path) }, { out: o.real, other: real });
    }
  }

  /** One INPUT argument: a file, or a folder to walk. Returns what in it is not read. */
  top(input: string): Unread[] {
    let st;
    try {
      st = statSync(input);
    } catch (e) {
      throw unreachablePath(input, e);
    }
    const real = realpathSync(input);
    this.guard(input, real);
    if (st.isFile()) {
      this.addFile(input, real, false);
      return [];
    }
    if (!st.isDirectory()) throw new UserError(`is ${oddKind(st)}, not a snapshot file or a folder`, { file: input });
    if (this.dirs.has(real)) return []; // named twice (or inside a folder already named): one input
    this.dirs.set(real, input);
    const before = this.found;
    const unread = this.walk(input, real, new Set([real]));
    if (this.found === before) {
      // Nothing to read: a misnamed export is the better message; the folder itself is the input.
      for (const u of unread) this.refuseNearExports(u);
      throw new UserError('contains no snapshot (*.json) and no recognised export folder', { file: input });
    }
    return unread;
  }

  private addFile(path: string, real: string, viaLink: boolean): void {
    this.found++;
    const first = this.files.get(real);
    if (first !== undefined) {
      // The same argument twice (or a folder and a file in it) is silently one input; a second
      // path to the same file (a link) is said.
      if (viaLink && display(first) !== display(path)) this.skip(path, `the same file as ${display(first)} (read once)`);
      return;
    }
    this.files.set(real, path);
    this.out.push({ kind: 'snapshot', path: shownName(display(path)) });
  }

  /**
   * `real` is `dir`'s real path; `chain` the real paths of the folders being walked, `dir`'s
   * included. Returns what in it is not read: the folder itself where nothing in it is.
   */
  private walk(dir: string, real: string, chain: ReadonlySet<string>): Unread[] {
    if (this.opts.isExportFolder?.(dir)) {
      this.found++;
      this.out.push({ kind: 'exports', path: shownName(display(dir)) });
      return [];
    }
    const [found, knownMet] = [this.found, this.knownMet];
    const unread: Unread[] = [];
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UserError(`cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: dir });
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      let st: Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'> = e;
      const link = e.isSymbolicLink();
      if (link) {
        try {
          st = statSync(p);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') this.skip(p, 'a symbolic link that loops (ELOOP)');
          else if (code === 'ENOENT' || code === 'ENOTDIR') this.skip(p, `a dangling symbolic link (to ${safeReadlink(p)}, which does not exist)`);
          else this.skip(p, `a symbolic link that cannot be followed (${code ?? (err as Error).message})`);
          continue;
        }
      }
      if (!st.isFile() && !st.isDirectory()) {
        this.skip(p, `${oddKind(st)}, not a regular file: never opened`);
        continue;
      }
      if (st.isFile() && !e.name.toLowerCase().endsWith('.json')) {
        // Not a snapshot: read by an option (an attestation's evidence), a README, or named.
        if (this.known.has(realOrSelf(p, join(real, e.name), link))) this.knownMet++;
        else if (!README.test(e.name)) unread.push({ path: p, what: 'a file that is not a snapshot (*.json) nor any input this run reads', names: [e.name] });
        continue;
      }
      // Only a link needs resolving: anything else is where its folder really is.
      let target = join(real, e.name);
      if (link) {
        try {
          target = realpathSync(p);
        } catch (err) {
          this.skip(p, `cannot be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
          continue;
        }
      }
      this.guard(p, target);
      if (st.isFile()) {
        this.addFile(p, target, link);
        continue;
      }
      if (chain.has(target)) {
        this.skip(p, `a link back to ${display(this.dirs.get(target) ?? target)}, which holds it (a loop): not followed`);
        continue;
      }
      const first = this.dirs.get(target);
      if (first !== undefined) {
        // Already walked: a folder named on the command line and met again, or a second link to it.
        this.found++;
        if (link) this.skip(p, `the same folder as ${display(first)} (read once)`);
        continue;
      }
      this.dirs.set(target, p);
      unread.push(...this.walk(p, target, new Set([...chain, target])));
    }
    if (this.found > found || this.knownMet > knownMet) return unread;
    // Nothing here is read (an empty device folder, raw exports without their collection.json):
    // the folder is named, once, for all it holds.
    const names = unread.flatMap((u) => u.names);
    return [{ path: dir, what: names.length ? `a folder holding no snapshot (*.json) and no device's exports (it holds ${names.length} other file(s))` : 'an empty folder: no snapshot (*.json) and no device\'s exports', names }];
  }

  /** Refuses `u` where it looks like a device's misnamed exports. */
  private refuseNearExports(u: Unread): void {
    for (const n of u.names) {
      const k = resembledExport(n);
      if (k) throw new UserError(`holds ${JSON.stringify(n)}, which looks like a device's export (${k.file}, the ${KIND_INFO[k.kind].title}) but is not read as one: name the exports as collect.ps1 writes them (docs/ingest.md), or move what is not a device's out of the INPUT`, { file: display(u.path) });
    }
  }

  /** Says what under the inputs is not read, once every input is walked; refuses misnamed exports first. */
  report(unread: readonly Unread[]): void {
    for (const u of unread) this.refuseNearExports(u);
    for (const u of unread) this.opts.warn?.(`${display(u.path)}: not read: ${u.what}`);
  }
}

interface Unread {
  path: string;
  what: string;
  /** The names of the files it holds (itself for a file), to tell a misnamed export. */
  names: string[];
}

/** A file's real path: resolved for a link, else where its folder really is. */
function realOrSelf(p: string, inFolder: string, link: boolean): string {
  if (!link) return inFolder;
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '?';
  }
}

/**
 * A file is a snapshot; a folder is searched recursively for *.json snapshots, except that a
 * folder recognised as native exports (by `isExportFolder`) is one device's exports. Links are
 * followed (see above); names starting with "." and node_modules are not searched.
 */
export function expandInputs(inputs: readonly string[], opts: ExpandOptions = {}): InputItem[] {
  if (inputs.length === 0) throw new UserError('no INPUT given: name snapshot files, export folders or a folder of them', { exitCode: 2 });
  const w = new Walker(opts);
  const unread = inputs.flatMap((input) => w.top(input));
  w.report(unread);
  return w.out;
}

/**
 * Why the path a user gave cannot be reached, from the error stat() gave: a link that loops, a
 * link to nothing (naming where it leads), or nothing there.
 */
export function unreachablePath(input: string, e: unknown): UserError {
  if ((e as NodeJS.ErrnoException).code === 'ELOOP') return new UserError('is a symbolic link that loops', { file: input });
  let target: string | undefined;
  try {
    target = readlinkSync(input);
  } catch {
    target = undefined;
  }
  return new UserError(target !== undefined ? `is a dangling symbolic link (to ${target}, which does not exist)` : 'no such file or folder', { file: input });
}

/** Throws unreachablePath's refusal unless `input` leads to something (a file or a folder). */
export function requireReachable(input: string): void {
  try {
    statSync(input);
  } catch (e) {
    throw unreachablePath(input, e);
  }
}
