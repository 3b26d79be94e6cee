#!/usr/bin/env node
// Builds controls/rev5-index.json: a compact index of the NIST SP 800-53 rev5 controls the project
// may cite, derived from NIST's three resolved baseline catalogs (LOW, MODERATE, HIGH) in
// ../shared/oscal/nist-800-53-rev5/ (paths relative to the repository root).
//
//   node scripts/build-control-index.mjs                 write controls/rev5-index.json
//   node scripts/build-control-index.mjs --out FILE      write FILE instead
//   node scripts/build-control-index.mjs --shared DIR    read the catalogs from DIR/oscal/nist-800-53-rev5
//   node scripts/build-control-index.mjs --check         exit 1 if the committed file is stale
//
// Output is deterministic: every object's keys (control ids included) are sorted by plain string
// order (so ac-10 sorts before ac-2), "baselines" lists keep catalog order, and "params" keep
// catalog order (that is the ODP numbering order; the 68 "_prm_" parameters NIST
// keeps for aggregation, such as ac-1_prm_1, are included because SSPs may set them).
// No dependencies; plain Node >= 20.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..');
// $ATO_EVIDENCE_SHARED moves the shared folder, as it does for the tests (test/support/shared.ts).
export const DEFAULT_SHARED_DIR = process.env.ATO_EVIDENCE_SHARED ? resolve(process.env.ATO_EVIDENCE_SHARED) : resolve(REPO_ROOT, '..', 'shared');
export const DEFAULT_OUT = join(REPO_ROOT, 'controls', 'rev5-index.json');

export const BASELINES = /** @type {const} */ (['low', 'moderate', 'high']);

/** @param {string} baseline */
export function catalogFileName(baseline) {
  return `NIST_SP-800-53_rev5_${baseline.toUpperCase()}-baseline-resolved-profile_catalog-min.json`;
}

// Real rev5 controls that sit in NO NIST baseline but that the project's checks may cite.
// Never add an id here from memory: each entry must be checked against a NIST-derived catalog and
// the check written down next to it.
export const NO_BASELINE_CONTROLS = {
  // SC-45 System Time Synchronization. Not in the NIST LOW/MODERATE/HIGH baselines (absent from all
  // three resolved catalogs). Checked against the rev5 (5.1.1 ODP format) control text as resolved
  // in GSA/fedramp-automation dist/content/rev5/baselines/json/
  // FedRAMP_rev5_MODERATE-baseline-resolved-profile_catalog.json: no params, objective part sc-45_obj.
  'sc-45': {
    title: 'System Time Synchronization',
    family: 'sc',
    params: [],
    objective: 'sc-45_obj',
  },
  // SC-45(1) Synchronization with Authoritative Time Source. Where rev4's AU-8(1) went (au-8.1 is
  // withdrawn in rev5). Cited by the TIME-SYNC check (design/CHECKS.md). Same source as above: three
  // params, sc-45.01_odp.01 (frequency), sc-45.01_odp.02 (authoritative time source) and
  // sc-45.01_odp.03 (time period: sync when the difference is greater than this), and the objective
  // part sc-45.1_obj (with sub-objectives sc-45.1_obj.a and sc-45.1_obj.b).
  'sc-45.1': {
    title: 'Synchronization with Authoritative Time Source',
    family: 'sc',
    params: ['sc-45.01_odp.01', 'sc-45.01_odp.02', 'sc-45.01_odp.03'],
    objective: 'sc-45.1_obj',
  },
};

function hasPartId(parts, id) {
  for (const p of parts ?? []) {
    if (p.id === id) return true;
    if (hasPartId(p.parts, id)) return true;
  }
  return false;
}

function isWithdrawn(control) {
  return (control.props ?? []).some((p) => p.name === 'status' && p.value === 'withdrawn');
}

/** Walks a catalog's groups and controls (enhancements included) in document order. */
function* walkControls(catalog) {
  function* inControls(controls, family) {
    for (const c of controls ?? []) {
      yield { control: c, family };
      yield* inControls(c.controls, family);
    }
  }
  function* inGroups(groups) {
    for (const g of groups ?? []) {
      yield* inControls(g.controls, g.id);
      yield* inGroups(g.groups);
    }
  }
  yield* inGroups(catalog.groups);
  yield* inControls(catalog.controls, undefined);
}

/** Recursively sorts object keys (arrays keep their order). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/**
 * Builds the index object from the three resolved baseline catalogs under sharedDir.
 * @param {string} [sharedDir]
 */
export function buildIndex(sharedDir = DEFAULT_SHARED_DIR) {
  const dir = join(sharedDir, 'oscal', 'nist-800-53-rev5');
  /** @type {Map<string, any>} */
  const controls = new Map();
  /** @type {Record<string, string[]>} */
  const baselines = {};
  const versions = new Set();

  for (const baseline of BASELINES) {
    const file = join(dir, catalogFileName(baseline));
    const catalog = JSON.parse(readFileSync(file, 'utf8')).catalog;
    if (!catalog) throw new Error(`${file}: no "catalog" root`);
    versions.add(String(catalog.metadata.version));
    const ids = [];
    for (const { control, family } of walkControls(catalog)) {
      const id = control.id;
      ids.push(id);
      const fam = family ?? id.split('-')[0];
      const entry = {
        title: control.title,
        family: fam,
        params: (control.params ?? []).map((p) => p.id),
        objective: hasPartId(control.parts, `${id}_obj`) ? `${id}_obj` : undefined,
        withdrawn: isWithdrawn(control) ? true : undefined,
      };
      const seen = controls.get(id);
      if (seen) {
        // The same control in another baseline must carry the same facts.
        const same =
          seen.title === entry.title &&
          seen.family === entry.family &&
          seen.objective === entry.objective &&
          seen.withdrawn === entry.withdrawn &&
          seen.params.join() === entry.params.join();
        if (!same) throw new Error(`${id} differs between baselines (${seen.baselines.join(',')} vs ${baseline})`);
        seen.baselines.push(baseline);
      } else {
        controls.set(id, { ...entry, baselines: [baseline] });
      }
    }
    baselines[baseline] = ids;
  }

  for (const [id, extra] of Object.entries(NO_BASELINE_CONTROLS)) {
    if (controls.has(id)) throw new Error(`${id} is listed as in no baseline but a baseline contains it`);
    controls.set(id, { ...extra, baselines: [], inNoBaseline: true });
  }

  const out = {};
  for (const [id, e] of controls) {
    for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
    out[id] = e;
  }

  return sortKeys({
    source:
      'Derived by scripts/build-control-index.mjs from NIST SP 800-53 Rev. 5 resolved baseline catalogs ' +
      '(usnistgov/oscal-content nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_{LOW,MODERATE,HIGH}-' +
      `baseline-resolved-profile_catalog-min.json, version ${[...versions].join(', ')}), ` +
      `plus ${Object.keys(NO_BASELINE_CONTROLS).length} hand-checked controls in no baseline ` +
      `(${Object.keys(NO_BASELINE_CONTROLS).join(', ')}).`,
    controls: out,
    baselines,
  });
}

/** The exact text written to controls/rev5-index.json. */
export function renderIndex(index) {
  return JSON.stringify(index, null, 2) + '\n';
}

function main(argv) {
  let out = DEFAULT_OUT;
  let shared = DEFAULT_SHARED_DIR;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = resolve(argv[++i] ?? '');
    else if (a === '--shared') shared = resolve(argv[++i] ?? '');
    else if (a === '--check') check = true;
    else {
      process.stderr.write(`unknown argument: ${a}\n`);
      return 2;
    }
  }
  const text = renderIndex(buildIndex(shared));
  if (check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current !== text) {
      process.stderr.write(`${out} is stale: run node scripts/build-control-index.mjs\n`);
      return 1;
    }
    return 0;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const n = Object.keys(JSON.parse(text).controls).length;
  process.stdout.write(`wrote ${out} (${n} controls, ${text.length} bytes)\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
