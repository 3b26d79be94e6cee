// The floors the benchmarks compare with, measured in the same run as the command they judge:
// what any program doing the same job must at least pay for to read its inputs and write its
// outputs with Node's own JSON. The "full" floor is read + JSON.parse of every input plus
// JSON.stringify of every JSON document written; the "input-only" floor is the first half alone.
// On a grouped (small) assessment-results document the input side dominates, and it is the limit
// no implementation can beat.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

export function loadAverage(): string {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}

export function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
}

/** Read and JSON.parse of every file of the folders, in name order (the input-only floor), in ms. */
export function readParseMs(dirs: readonly string[]): number {
  const files = dirs.flatMap((d) => readdirSync(d).sort().map((f) => join(d, f)));
  for (const f of files) readFileSync(f); // warm the page cache: neither side pays for cold reads
  return time(() => {
    for (const f of files) JSON.parse(readFileSync(f, 'utf8'));
  })[1];
}

/** A document small enough for one V8 string (with room for its stringified copy). */
const WHOLE_LIMIT = 200 * 2 ** 20;

/**
 * JSON.stringify (2-space indented, as written) of one JSON file the command wrote: [chars, ms].
 * A file too large for one string (the per-device assessment results at 10,000 devices is 1.7 GB)
 * is cut into the items of its arrays at `itemIndent` (each starts at a line of exactly that many
 * spaces and "{"), parsed untimed, and only their JSON.stringify is timed; the skeleton around them
 * is charged at the same rate.
 */
export function stringifyMs(path: string, itemIndent: number): [number, number] {
  if (statSync(path).size <= WHOLE_LIMIT) {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    const [text, ms] = time(() => JSON.stringify(doc, null, 2));
    return [text.length, ms];
  }
  const file = readFileSync(path);
  const pad = ' '.repeat(itemIndent);
  const open = Buffer.from(`\n${pad}{\n`);
  const close = Buffer.from(`\n${pad}}`);
  // Wrapped to the item's depth so the text carries the indentation the file has.
  const depth = itemIndent / 2;
  const wrap = (item: unknown): unknown => {
    let v = item;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };
  const overhead = JSON.stringify(wrap(0), null, 2).length - 1;
  const items: unknown[] = [];
  let skeletonBytes = 0;
  let at = 0;
  let ms = 0;
  let chars = 0;
  const flush = () => {
    const [n, t] = time(() => items.reduce<number>((sum, item) => sum + JSON.stringify(wrap(item), null, 2).length - overhead, 0));
    ms += t;
    chars += n;
    items.length = 0;
  };
  for (;;) {
    const start = file.indexOf(open, at);
    if (start < 0) break;
    const end = file.indexOf(close, start);
    skeletonBytes += start - at;
    items.push(JSON.parse(file.toString('utf8', start + 1, end + close.length)));
    at = end + close.length;
    if (items.length >= 5000) flush();
  }
  flush();
  skeletonBytes += file.length - at;
  const extra = chars ? (ms * skeletonBytes) / chars : 0;
  return [chars + skeletonBytes, ms + extra];
}

export interface Floor {
  /** Read + parse of every input. */
  inputMs: number;
  /** JSON.stringify of every document written, by file name. */
  outputs: Record<string, { ms: number; MiB: number }>;
  /** inputMs + every output. */
  fullMs: number;
}

export function floorOf(inputMs: number, outputs: ReadonlyArray<{ name: string; path: string; itemIndent: number }>): Floor {
  const out: Floor['outputs'] = {};
  let sum = inputMs;
  for (const o of outputs) {
    const [chars, ms] = stringifyMs(o.path, o.itemIndent);
    out[o.name] = { ms: Math.round(ms), MiB: +(chars / 2 ** 20).toFixed(1) };
    sum += ms;
  }
  return { inputMs, outputs: out, fullMs: sum };
}

/** "12.3 s = 4.1x the floor (6.2x the input-only floor)". */
export function ratios(ms: number, floor: Floor): { ratioToFloor: number; ratioToInputFloor: number; text: string } {
  const ratioToFloor = +(ms / floor.fullMs).toFixed(2);
  const ratioToInputFloor = +(ms / floor.inputMs).toFixed(2);
  return { ratioToFloor, ratioToInputFloor, text: `${ratioToFloor}x the floor (${(floor.fullMs / 1000).toFixed(2)} s), ${ratioToInputFloor}x the input-only floor (${(floor.inputMs / 1000).toFixed(2)} s)` };
}

/** "read+parse 2.51 s + stringify assessment-results.json 8.30 s (1712 MiB) + ... = 10.81 s". */
export function floorText(floor: Floor): string {
  const parts = Object.entries(floor.outputs).map(([name, o]) => ` + stringify ${name} ${(o.ms / 1000).toFixed(2)} s (${o.MiB} MiB)`);
  return `read+parse ${(floor.inputMs / 1000).toFixed(2)} s${parts.join('')} = ${(floor.fullMs / 1000).toFixed(2)} s`;
}
