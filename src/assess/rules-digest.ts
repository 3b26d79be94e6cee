// What a device's verdicts were judged with, as digests a package and a monitor run record, so a
// later run can tell whether results made then still hold (monitor's cache of the previous run's
// results) and whether a report compared with them was judged by the same rules (diff, monitor:
// "Rules changed since the old run"). The version string alone cannot tell: two builds of one
// version may carry another catalog (controls/) or other code.
//
// - The rules digest: the version of ato-evidence, the run's configuration (RunConfig.inputDigest:
//   checks with their wording, parameter values, deviations, control catalog source, profile) and
//   the bytes of every bundled reference file in controls/ (control index, objectives,
//   responsibility, STIG tables, and the default checks and parameters). Recorded in the AR
//   (metadata prop `rules-digest`), the sealed manifest (`rulesDigest`) and a monitor run's manifest.
// - The program digest: the bytes of the code that runs (dist/**/*.js, or src/**/*.ts under the
//   test runner). Recorded by monitor only, and part of its cache key: a package records no code
//   digest, so a package's bytes do not change with every change of the code.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, sep } from 'node:path';
import { sha256Hex } from '../oscal/ids.js';

const CONTROLS_DIR = fileURLToPath(new URL('../../controls/', import.meta.url));
/** The folder of the running modules: dist/ when built, src/ under the test runner. */
const CODE_DIR = fileURLToPath(new URL('../', import.meta.url));
const CODE_FILE = /\.(?:js|mjs|cjs|ts)$/;

export const RULES_DIGEST_PROP = 'rules-digest';

/** "<sha256> <path>\n" per file (sorted by path), hashed: the same files give the same digest wherever they lie. */
function treeDigest(root: string, keep: (name: string) => boolean): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && keep(e.name)) files.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256Hex(files.map((f) => `${sha256Hex(readFileSync(join(root, f)))} ${f}\n`).join(''));
}

let bundled: string | undefined;
/** SHA-256 over the bundled reference data (controls/), read once per process. */
export function bundledDataDigest(): string {
  return (bundled ??= treeDigest(CONTROLS_DIR, () => true));
}

/** SHA-256 over the code in `dir` (a build's dist/, or src/): what programDigest computes for the code running from there. */
export function programDigestOf(dir: string): string {
  return treeDigest(dir, (name) => CODE_FILE.test(name) && !name.endsWith('.d.ts'));
}

let program: string | undefined;
/** SHA-256 over the running code, read once per process (~200 files; only monitor asks). */
export function programDigest(): string {
  return (program ??= programDigestOf(CODE_DIR));
}

/** The rules digest of a run: pure, given its parts (the bundled data digest defaults to this installation's). */
export function rulesDigestOf(configDigest: string, toolVersion: string, bundledDigest: string = bundledDataDigest()): string {
  return sha256Hex(`ato-evidence rules 1\n${toolVersion}\n${configDigest}\n${bundledDigest}\n`);
}
