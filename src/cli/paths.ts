// The paths a command line names, for the output rule of io/output-safety.ts: every output
// (--out, --store) against every input (INPUT arguments, the files options name, the tool's own
// data), checked before anything is read or written.
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../io/errors.js';
import { oddKind } from '../io/inputs.js';
import { refuseInsideSealed, refuseOverlaps, toolDataPaths, type NamedPath } from '../io/output-safety.js';

/** "--previous-poam" for commander's "previousPoam". */
function flag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The file options among `keys` that were given, as named paths. */
export function fileOptions(o: Record<string, unknown>, keys: readonly string[]): NamedPath[] {
  return keys.filter((k) => typeof o[k] === 'string').map((k) => ({ name: flag(k), path: o[k] as string }));
}

export function named(name: string, paths: readonly string[]): NamedPath[] {
  return paths.map((path) => ({ name, path }));
}

/** Refuses (exit 2) an output that is, holds or lies inside an input, another output or the tool's own files. */
export function refuseUnsafeOutputs(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): void {
  refuseOverlaps(outputs, [...inputs, ...toolDataPaths()]);
  refuseInsideSealed(outputs);
}

/** Placeholders of the options and arguments that name a path to read (or a folder to write into). */
const PATH_PLACEHOLDERS = new Set(['file', 'path', 'dir', 'store', 'input', 'exports', 'files', 'old', 'new', 'pkg']);

/** What a path is when it is a FIFO, a socket or a device (io/inputs.ts's words); undefined for a file, a folder or nothing there. */
function specialKind(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined; // absent or unreadable: the command says so where it reads it
  }
  return st.isFile() || st.isDirectory() ? undefined : oddKind(st);
}

/**
 * Refuses (exit 1) a path the command line names that is a FIFO, a socket or a device, before
 * anything is read: reading a FIFO waits for a writer and /dev/zero never ends, so a scheduled run
 * given one would hang. Every option and argument whose placeholder names a path is checked.
 */
export function refuseSpecialFiles(cmd: Command): void {
  const given: Array<{ name: string; path: string }> = [];
  const opts = cmd.opts() as Record<string, unknown>;
  for (const opt of cmd.options) {
    const placeholder = /<([a-z]+)(?:\.\.\.)?>/.exec(opt.flags)?.[1];
    const key = opt.attributeName();
    // Outputs have their own rule (a special file is no folder to write into: exit 2, where they are checked).
    if (key === 'out' || key === 'store') continue;
    const value = opts[key];
    if (placeholder && PATH_PLACEHOLDERS.has(placeholder) && typeof value === 'string') given.push({ name: opt.long ?? opt.flags, path: value });
  }
  cmd.registeredArguments.forEach((arg, i) => {
    if (!PATH_PLACEHOLDERS.has(arg.name())) return;
    const value = cmd.processedArgs[i] as unknown;
    for (const path of Array.isArray(value) ? value : [value]) if (typeof path === 'string') given.push({ name: arg.name().toUpperCase(), path });
  });
  for (const { name, path } of given) {
    const kind = specialKind(path);
    if (kind) throw new UserError(`is ${kind}, not a file or a folder (${name}): it is never opened, because reading it could wait forever; save its content to a file and name that`, { file: path });
  }
}
