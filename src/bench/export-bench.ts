// `npm run bench -- export`: `export` of each format from the package of a synthetic fleet of
// BENCH_EXPORT_DEVICES devices (default 10,000; the assess benchmark's fleet), each in a fresh
// child process: wall time, peak RSS, files and bytes written. The package is assessed first
// (--no-pdf). Each format's output is removed once measured (the checklists of 10,000 devices are
// about 15 GB per format). BENCH_EXPORT_FORMATS="hdf,emass-poam" picks formats. Prints figures;
// asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticSnapshot } from './synthetic-fleet.js';

const count = Number(process.env.BENCH_EXPORT_DEVICES ?? 10_000);
const formats = (process.env.BENCH_EXPORT_FORMATS ?? 'ckl,cklb,hdf,emass-poam').split(',').map((s) => s.trim()).filter(Boolean);
const root = mkdtempSync(join(tmpdir(), 'ato-bench-export-'));
const here = new URL('.', import.meta.url).pathname;
/** The eMASS template in ../shared (beside the repository), when present: measured as well. */
const template = join(here, '../../../shared/interop/emass/eMASS_POAM_Template.xlsm');

const run = (script: string, args: string[]) =>
  JSON.parse(execFileSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] }));
const mib = (n: number) => +(n / 2 ** 20).toFixed(1);

try {
  const input = join(root, 'fleet');
  mkdirSync(input);
  process.stderr.write(`generating ${count} synthetic snapshots and assessing them in ${root} ...\n`);
  for (let i = 0; i < count; i++) writeFileSync(join(input, `${String(i).padStart(6, '0')}.json`), JSON.stringify(syntheticSnapshot(i), null, 2) + '\n');
  const pkg = join(root, 'pkg');
  const assessed = run('run-assess.js', [input, pkg]);
  rmSync(input, { recursive: true, force: true });
  process.stdout.write(`package: ${assessed.devices} devices assessed in ${(assessed.ms / 1000).toFixed(1)} s; assessment-results.json ${mib(statSync(join(pkg, 'assessment-results.json')).size)} MiB, poam.json ${mib(statSync(join(pkg, 'poam.json')).size)} MiB\n`);

  const cases: Array<[string, string[]]> = formats.map((f) => [f, [f]]);
  if (formats.includes('emass-poam') && existsSync(template)) cases.push(['emass-poam --template (eMASS .xlsm)', ['emass-poam', template]]);
  for (const [name, [format, tpl]] of cases) {
    const out = join(root, `out-${format}`);
    const r = run('run-export.js', [format!, pkg, out, ...(tpl ? [tpl] : [])]);
    rmSync(out, { recursive: true, force: true });
    const figures = { format: name, devices: count, seconds: +(r.ms / 1000).toFixed(1), peakRssMiB: Math.round(r.maxRssKB / 1024), files: r.files, outputMiB: mib(r.bytes), ...(r.summary ? { rows: r.summary.rows, items: r.summary.items } : {}) };
    process.stdout.write(`export ${name}: ${figures.seconds} s, peak RSS ${figures.peakRssMiB} MiB, ${figures.files} file(s), ${figures.outputMiB} MiB (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})\n${JSON.stringify(figures)}\n`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
