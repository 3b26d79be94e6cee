// The `validate` part of `npm run bench` (alone: `npm run bench -- validate`): times
// `ato-evidence validate` as a user runs it (a fresh process, the compiled validator cached) on
// the assessment results of a synthetic fleet sized to about 50 MB (a quick figure; the fleet's
// own AR is validated by validateFleetBench, below), and
// compares it with a floor measured in the same run: reading the file and JSON.parse of it.
// Also times the process start-up on a tiny document, with a cold cache and a warm one.
// `validateFleetBench` validates the assess part's own 10,000-device assessment results (grouped,
// ~250 MiB: one string holds it) with time and peak RSS beside those of JSON.parse alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticSnapshot } from './synthetic-fleet.js';
import { makeDirs } from '../io/make-dirs.js';

const here = new URL('.', import.meta.url).pathname;
const cli = join(here, '..', 'cli', 'main.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
}

/** A small, valid assessment plan: what "validate on a tiny document" reads. */
const TINY = {
  'assessment-plan': {
    uuid: '2f7b7f8e-7a1c-4f0e-9a55-3c1d2e4b5a60',
    metadata: { title: 'Tiny plan', 'last-modified': '2026-11-28T00:00:00Z', version: '1', 'oscal-version': '1.1.3' },
    'import-ssp': { href: 'ssp.json' },
    'reviewed-controls': { 'control-selections': [{ 'include-all': {} }] },
  },
};

/** Runs `ato-evidence validate` in a fresh process; its wall time and exit code. */
function validateOnce(args: string[], cacheDir: string): { ms: number; code: number | null; stderr: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'validate', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ATO_EVIDENCE_CACHE: cacheDir, NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, code: r.status, stderr: r.stderr };
}

export interface ValidateBenchReport {
  devices: number;
  assessmentResultsMiB: number;
  validateMs: number;
  floorReadParseMs: number;
  floorParseMs: number;
  ratioToFloor: number;
  medianValidateMs: number;
  medianFloorMs: number;
  startupWarmMs: number;
  startupColdMs: number;
  nodeStartupMs: number;
  target: string;
}

/** NIST's complete schema of an OSCAL version: BENCH_SCHEMA (1.1.3 only), else in the shared folder ($ATO_EVIDENCE_SHARED, or ../shared beside the repository). */
function schemaFile(version: '1.1.3' | '1.2.2'): string {
  const shared = process.env.ATO_EVIDENCE_SHARED || join(here, '..', '..', '..', 'shared');
  if (version === '1.1.3' && process.env.BENCH_SCHEMA) return process.env.BENCH_SCHEMA;
  return join(shared, 'oscal', 'schema', `oscal_complete_schema-${version}.json`);
}

/** One step in a fresh process (./run-validate.ts): its wall time, peak RSS and exit code. */
function child(args: string[], cacheDir: string): { ms: number; maxRssKB: number; code: number } {
  const out = execFileSync(process.execPath, [join(here, 'run-validate.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    // validate's own notes (the 1.1.3 document against the 1.2.2 schema) are not figures.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ATO_EVIDENCE_CACHE: cacheDir, NO_COLOR: '1' },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; maxRssKB: number; code: number };
}

/**
 * `validate` on the fleet's own assessment results (`ar`: the 10,000-device AR of the assess
 * part, ~250 MiB grouped), against NIST's 1.1.3 and 1.2.2 schemas, each in a fresh process, beside
 * the floor: a fresh process that reads and JSON.parses the same file. Prints time, peak RSS and
 * the ratios; throws when the document is not valid (the package must be clean).
 */
export function validateFleetBench(ar: string, root: string, load: () => string): void {
  const cacheDir = join(root, 'validate-cache');
  const tiny = join(root, 'tiny-plan.json');
  writeFileSync(tiny, JSON.stringify(TINY));
  const mib = +(statSync(ar).size / 2 ** 20).toFixed(1);
  const floor = child(['parse', ar], cacheDir);
  for (const version of ['1.1.3', '1.2.2'] as const) {
    const schema = schemaFile(version);
    if (!existsSync(schema)) {
      process.stdout.write(`validate ${mib} MiB AR: skipped for OSCAL ${version}, no schema at ${schema}\n`);
      continue;
    }
    validateOnce([tiny, '--schema', schema], cacheDir); // fills the validator cache: the run below imports it, as a user's would
    const run = child(['validate', ar, schema], cacheDir);
    if (run.code !== 0) throw new Error(`validate found problems in the fleet's assessment results (OSCAL ${version}): run it on ${ar} to see them`);
    const report = {
      validateFleetOscal: version,
      assessmentResultsMiB: mib,
      validateMs: Math.round(run.ms),
      validatePeakRssMiB: Math.round(run.maxRssKB / 1024),
      floorReadParseMs: Math.round(floor.ms),
      floorPeakRssMiB: Math.round(floor.maxRssKB / 1024),
      ratioToFloor: +(run.ms / floor.ms).toFixed(2),
      rssRatioToFloor: +(run.maxRssKB / floor.maxRssKB).toFixed(2),
      loadAverage: load(),
    };
    process.stdout.write(
      `validate (OSCAL ${version}) of the fleet's ${mib} MiB assessment results: valid, ${(run.ms / 1000).toFixed(2)} s, peak RSS ${report.validatePeakRssMiB} MiB; ` +
        `floor (read + JSON.parse, fresh process) ${(floor.ms / 1000).toFixed(2)} s, ${report.floorPeakRssMiB} MiB; ratio ${report.ratioToFloor}x time, ${report.rssRatioToFloor}x memory (load average ${report.loadAverage})\n` +
        JSON.stringify(report) + '\n',
    );
  }
}

/** Runs the benchmark in `root` (a scratch folder). Returns undefined when there is no schema to validate against. */
export function validateBench(root: string): ValidateBenchReport | undefined {
  const schema = schemaFile('1.1.3');
  if (!existsSync(schema)) {
    process.stdout.write(`validate: skipped, no schema at ${schema} (set BENCH_SCHEMA to NIST's oscal_complete_schema-1.1.3.json, or ATO_EVIDENCE_SHARED to the shared folder)\n`);
    return undefined;
  }
  const devices = Number(process.env.BENCH_VALIDATE_DEVICES ?? 275);
  const input = join(root, 'validate-fleet');
  const out = join(root, 'validate-pkg');
  const cacheDir = join(root, 'validate-cache');
  makeDirs(input);
  process.stderr.write(`validate: assessing ${devices} synthetic devices for a ~50 MB assessment-results document ...\n`);
  for (let i = 0; i < devices; i++) {
    writeFileSync(join(input, `${String(i).padStart(6, '0')}.json`), JSON.stringify(syntheticSnapshot(i), null, 2) + '\n');
  }
  execFileSync(process.execPath, [join(here, 'run-assess.js'), input, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ar = join(out, 'assessment-results.json');
  const tiny = join(root, 'tiny-plan.json');
  writeFileSync(tiny, JSON.stringify(TINY));

  // Start-up: the first run compiles the schema and fills the cache (cold); later runs import it.
  const cold = validateOnce([tiny, '--schema', schema], cacheDir);
  if (cold.code !== 0) throw new Error(`validate failed on the tiny plan: ${cold.stderr}`);
  const warm = median(Array.from({ length: 7 }, () => validateOnce([tiny, '--schema', schema], cacheDir).ms));
  // Node's own start-up in the same run, for scale (a loaded machine slows both alike).
  const nodeAlone = median(Array.from({ length: 7 }, () => {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - t) / 1e6;
  }));

  // The floor and the run, alternated so that both see the same machine load.
  readFileSync(ar); // warm the page cache
  const floors: number[] = [];
  const parses: number[] = [];
  const runs: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc; // npm run bench passes --expose-gc
  for (let i = 0; i < 5; i++) {
    gc?.();
    const [text, readMs] = time(() => readFileSync(ar, 'utf8'));
    const [, parseMs] = time(() => JSON.parse(text));
    floors.push(readMs + parseMs);
    parses.push(parseMs);
    const r = validateOnce([ar, '--schema', schema], cacheDir);
    if (r.code !== 0) throw new Error(`validate reported problems in the benchmark's own assessment results:\n${r.stderr.slice(0, 2000)}`);
    runs.push(r.ms);
  }
  // Best of five on each side: on a shared machine the minimum is the figure least disturbed by
  // other load (the medians are printed too).
  const validateMs = Math.min(...runs);
  const floorMs = Math.min(...floors);
  const report: ValidateBenchReport = {
    devices,
    assessmentResultsMiB: +(statSync(ar).size / 2 ** 20).toFixed(1),
    validateMs: Math.round(validateMs),
    floorReadParseMs: Math.round(floorMs),
    floorParseMs: Math.round(Math.min(...parses)),
    ratioToFloor: +(validateMs / floorMs).toFixed(2),
    medianValidateMs: Math.round(median(runs)),
    medianFloorMs: Math.round(median(floors)),
    startupWarmMs: Math.round(warm),
    startupColdMs: Math.round(cold.ms),
    nodeStartupMs: Math.round(nodeAlone),
    target: 'ratio <= 4, warm start-up < 300 ms',
  };
  process.stdout.write(
    `validate: ${report.assessmentResultsMiB} MiB assessment results (${devices} devices) in ${(validateMs / 1000).toFixed(2)} s, a fresh process with the cached validator (best of 5; median ${(report.medianValidateMs / 1000).toFixed(2)} s)\n` +
      `floor: read + JSON.parse of the same file ${(floorMs / 1000).toFixed(2)} s (best of 5; median ${(report.medianFloorMs / 1000).toFixed(2)} s; best JSON.parse alone ${(report.floorParseMs / 1000).toFixed(2)} s)\n` +
      `ratio to floor: ${report.ratioToFloor}x (target <= 4x); start-up on a tiny document: ${report.startupWarmMs} ms warm (target < 300), ${report.startupColdMs} ms cold (compiles the schema into the cache); node -e 0 alone ${report.nodeStartupMs} ms\n` +
      JSON.stringify(report) + '\n',
  );
  return report;
}
