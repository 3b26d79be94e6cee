// The paths a command line names, for the output rule of io/output-safety.ts: every output
// (--out, --store) against every input (INPUT arguments, the files options name, the tool's own
// data), checked before anything is read or written.
import { refuseOverlaps, toolDataPaths, type NamedPath } from '../io/output-safety.js';

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
}
