#!/usr/bin/env node
// Builds controls/rev5-index.json: a compact index of the NIST SP 800-53 rev5 controls the project
// may cite, derived from NIST's three resolved baseline catalogs (LOW, MODERATE, HIGH) in
// ../shared/oscal/nist-800-53-rev5/ (paths relative to the repository root), and
// controls/rev5-objectives.json: per control, its SP 800-53A assessment objectives (the tree of
// assessment-objective parts, with their labels, prose and the statement each assesses) and the
// objects of its EXAMINE / INTERVIEW / TEST methods. The objectives file is separate because only
// the commands that judge controls need it (`ato-evidence checks` must start fast).
//
//   node scripts/build-control-index.mjs                 write both files into controls/
//   node scripts/build-control-index.mjs --out FILE      write the index to FILE instead
//   node scripts/build-control-index.mjs --objectives-out FILE   write the objectives to FILE instead
//   node scripts/build-control-index.mjs --shared DIR    read the catalogs from DIR/oscal/nist-800-53-rev5
//   node scripts/build-control-index.mjs --check         exit 1 if a committed file is stale
//
// Output is deterministic: every object's keys (control ids included) are sorted by plain string
// order (so ac-10 sorts before ac-2), "baselines" lists keep catalog order, and "params" keep
// catalog order (that is the ODP numbering order; the 68 "_prm_" parameters NIST
// keeps for aggregation, such as ac-1_prm_1, are included because SSPs may set them; "aggregates"
// maps each to the ODPs it aggregates, so its value defines them).
// No dependencies; plain Node >= 20.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..');
// $ATO_EVIDENCE_SHARED moves the shared folder, as it does for the tests (test/support/shared.ts).
export const DEFAULT_SHARED_DIR = process.env.ATO_EVIDENCE_SHARED ? resolve(process.env.ATO_EVIDENCE_SHARED) : resolve(REPO_ROOT, '..', 'shared');
export const DEFAULT_OUT = join(REPO_ROOT, 'controls', 'rev5-index.json');
export const DEFAULT_OBJECTIVES_OUT = join(REPO_ROOT, 'controls', 'rev5-objectives.json');

export const BASELINES = /** @type {const} */ (['low', 'moderate', 'high']);

/**
 * NIST's aggregate parameters ("ac-1_prm_1", prop `aggregates` listing ac-01_odp.01 and
 * ac-01_odp.02): the statement's one blank the ODPs split. Kept so a value set for the aggregate
 * defines its ODPs and a prose inserting it states them (src/assess/config.ts). Undefined when none.
 * @param {any} control
 */
export function aggregatesOf(control) {
  /** @type {Record<string, string[]>} */
  const out = {};
  for (const p of control.params ?? []) {
    const ids = (p.props ?? []).filter((x) => x.name === 'aggregates' && typeof x.value === 'string').map((x) => x.value);
    if (ids.length) out[p.id] = ids;
  }
  return Object.keys(out).length ? out : undefined;
}

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
  // withdrawn in rev5). Cited by the TIME-SOURCE check (objective a only) (design/CHECKS.md). Same source as above: three
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

// The SP 800-53A objectives and method objects of the controls above, for controls/rev5-objectives.json.
// Copied from the same FedRAMP resolved catalog (GSA/fedramp-automation @ 16dbdc983f24dd7efdba7ec76f14b4429926edb9,
// dist/content/rev5/baselines/json/FedRAMP_rev5_MODERATE-baseline-resolved-profile_catalog-min.json), whose
// objectives and methods are NIST's 53A text. That file gives no "assessment-for" links; the statement each
// objective assesses ("for") is the statement item with the same label (SC-45(01)(a) assesses sc-45.1_smt.a).
const SC45_EXAMINE = [
  'System and communications protection policy',
  'procedures addressing time synchronization',
  'system design documentation',
  'system configuration settings and associated documentation',
  'system audit records',
  'system security plan',
  'other relevant documents or records',
];
const SC45_INTERVIEW = [
  'System/network administrators',
  'organizational personnel with information security responsibilities',
  'organizational personnel installing, configuring, and/or maintaining the system',
];
const SC45_TEST = ['Mechanisms supporting and/or implementing system time synchronization'];
export const NO_BASELINE_OBJECTIVES = {
  'sc-45': {
    objective: { id: 'sc-45_obj', label: 'SC-45', for: 'sc-45_smt', prose: 'system clocks are synchronized within and between systems and system components.' },
    methods: { EXAMINE: SC45_EXAMINE, INTERVIEW: SC45_INTERVIEW, TEST: SC45_TEST },
  },
  'sc-45.1': {
    objective: {
      id: 'sc-45.1_obj',
      label: 'SC-45(01)',
      for: 'sc-45.1_smt',
      parts: [
        { id: 'sc-45.1_obj.a', label: 'SC-45(01)(a)', for: 'sc-45.1_smt.a', prose: 'the internal system clocks are compared {{ insert: param, sc-45.01_odp.01 }} with {{ insert: param, sc-45.01_odp.02 }};' },
        { id: 'sc-45.1_obj.b', label: 'SC-45(01)(b)', for: 'sc-45.1_smt.b', prose: 'the internal system clocks are synchronized with the authoritative time source when the time difference is greater than {{ insert: param, sc-45.01_odp.03 }}.' },
      ],
    },
    methods: { EXAMINE: SC45_EXAMINE, INTERVIEW: SC45_INTERVIEW, TEST: SC45_TEST },
  },
};

/** Text with whitespace runs collapsed (the catalog's prose has stray leading spaces). */
function tidy(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}

/** The sp800-53a label of a part ("AC-07a."), else its plain label. */
function labelOf(part) {
  const labels = (part.props ?? []).filter((p) => p.name === 'label');
  return (labels.find((p) => p.class === 'sp800-53a') ?? labels[0])?.value;
}

/** An assessment-objective part as a compact node: id, label, prose, the statement it assesses, sub-objectives. */
function objectiveNode(part) {
  const node = { id: part.id };
  const label = labelOf(part);
  if (label) node.label = label;
  if (typeof part.prose === 'string' && tidy(part.prose)) node.prose = tidy(part.prose);
  const forLink = (part.links ?? []).find((l) => l.rel === 'assessment-for');
  if (forLink) node.for = String(forLink.href).replace(/^#/, '');
  const kids = (part.parts ?? []).filter((p) => p.name === 'assessment-objective').map(objectiveNode);
  if (kids.length) node.parts = kids;
  return node;
}

/** EXAMINE / INTERVIEW / TEST -> the list of assessment objects (the catalog separates them by blank lines). */
function methodObjects(control) {
  const out = {};
  for (const m of (control.parts ?? []).filter((p) => p.name === 'assessment-method')) {
    const method = (m.props ?? []).find((p) => p.name === 'method')?.value;
    const objects = (m.parts ?? []).filter((p) => p.name === 'assessment-objects').flatMap((p) => String(p.prose ?? '').split(/\n\s*\n/));
    const items = objects.map(tidy).filter(Boolean);
    if (method && items.length) out[method] = items;
  }
  return out;
}

/** The control's assessment data, or undefined when the catalog has no objective for it (withdrawn controls). */
function assessmentOf(control) {
  const obj = (control.parts ?? []).find((p) => p.name === 'assessment-objective');
  if (!obj) return undefined;
  const params = paramPlaceholders(control);
  return { objective: objectiveNode(obj), methods: methodObjects(control), ...(Object.keys(params).length ? { params } : {}) };
}

/**
 * What NIST prints for each parameter an objective inserts when no value is set, without the
 * brackets: "Assignment: organization-defined personnel or roles", "Selection (one or more): a; b".
 */
function paramPlaceholders(control) {
  const out = {};
  for (const p of control.params ?? []) {
    if (typeof p.label === 'string') out[p.id] = `Assignment: ${/^organization-defined\b/.test(p.label) ? '' : 'organization-defined '}${p.label}`;
    else if (Array.isArray(p.select?.choice)) out[p.id] = `Selection${p.select['how-many'] === 'one-or-more' ? ' (one or more)' : ''}: ${p.select.choice.join('; ')}`;
  }
  return out;
}

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
  return buildAll(sharedDir).index;
}

/**
 * Builds both: the index and the objectives (see the file comment).
 * @param {string} [sharedDir]
 */
export function buildAll(sharedDir = DEFAULT_SHARED_DIR) {
  const dir = join(sharedDir, 'oscal', 'nist-800-53-rev5');
  /** @type {Map<string, any>} */
  const controls = new Map();
  /** @type {Map<string, any>} */
  const objectives = new Map();
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
        aggregates: aggregatesOf(control),
        objective: hasPartId(control.parts, `${id}_obj`) ? `${id}_obj` : undefined,
        withdrawn: isWithdrawn(control) ? true : undefined,
      };
      const assessment = assessmentOf(control);
      if (assessment) {
        const had = objectives.get(id);
        if (had && JSON.stringify(had) !== JSON.stringify(assessment)) throw new Error(`${id}: objectives differ between baselines`);
        objectives.set(id, assessment);
      }
      const seen = controls.get(id);
      if (seen) {
        // The same control in another baseline must carry the same facts.
        const same =
          seen.title === entry.title &&
          seen.family === entry.family &&
          seen.objective === entry.objective &&
          seen.withdrawn === entry.withdrawn &&
          seen.params.join() === entry.params.join() &&
          JSON.stringify(seen.aggregates) === JSON.stringify(entry.aggregates);
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
  for (const [id, a] of Object.entries(NO_BASELINE_OBJECTIVES)) {
    if (objectives.has(id)) throw new Error(`${id} has hand-copied objectives but a baseline catalog has them too`);
    if (controls.get(id)?.objective !== a.objective.id) throw new Error(`${id}: hand-copied objective ${a.objective.id} is not the index's objective`);
    objectives.set(id, a);
  }
  for (const [id, e] of controls) {
    if (e.objective && !objectives.has(id)) throw new Error(`${id} has objective ${e.objective} but no objective data`);
  }
  const objectiveData = {
    source:
      'Derived by scripts/build-control-index.mjs from the assessment-objective and assessment-method parts (SP 800-53A) ' +
      `of the same NIST catalogs (version ${[...versions].join(', ')}); ${Object.keys(NO_BASELINE_OBJECTIVES).join(', ')} ` +
      'copied from the FedRAMP rev5 MODERATE resolved catalog (see NO_BASELINE_OBJECTIVES). Prose keeps parameters as ' +
      '"{{ insert: param, <id> }}"; "for" is the statement part the objective assesses.',
    controls: Object.fromEntries([...objectives.keys()].sort().map((id) => [id, objectives.get(id)])),
  };

  const index = sortKeys({
    source:
      'Derived by scripts/build-control-index.mjs from NIST SP 800-53 Rev. 5 resolved baseline catalogs ' +
      '(usnistgov/oscal-content nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_{LOW,MODERATE,HIGH}-' +
      `baseline-resolved-profile_catalog-min.json, version ${[...versions].join(', ')}), ` +
      `plus ${Object.keys(NO_BASELINE_CONTROLS).length} hand-checked controls in no baseline ` +
      `(${Object.keys(NO_BASELINE_CONTROLS).join(', ')}).`,
    controls: out,
    baselines,
  });
  return { index, objectives: objectiveData };
}

/** The exact text written to controls/rev5-index.json. */
export function renderIndex(index) {
  return JSON.stringify(index, null, 2) + '\n';
}

/** The exact text written to controls/rev5-objectives.json: one control per line (a diff names the control). */
export function renderObjectives(data) {
  const lines = Object.entries(data.controls).map(([id, a]) => `    ${JSON.stringify(id)}: ${JSON.stringify(a)}`);
  return `{\n  "source": ${JSON.stringify(data.source)},\n  "controls": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function main(argv) {
  let out = DEFAULT_OUT;
  let objectivesOut = DEFAULT_OBJECTIVES_OUT;
  let shared = DEFAULT_SHARED_DIR;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = resolve(argv[++i] ?? '');
    else if (a === '--objectives-out') objectivesOut = resolve(argv[++i] ?? '');
    else if (a === '--shared') shared = resolve(argv[++i] ?? '');
    else if (a === '--check') check = true;
    else {
      process.stderr.write(`unknown argument: ${a}\n`);
      return 2;
    }
  }
  const built = buildAll(shared);
  const files = [
    { path: out, text: renderIndex(built.index) },
    { path: objectivesOut, text: renderObjectives(built.objectives) },
  ];
  if (check) {
    let stale = 0;
    for (const f of files) {
      let current = '';
      try {
        current = readFileSync(f.path, 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (current !== f.text) {
        process.stderr.write(`${f.path} is stale: run node scripts/build-control-index.mjs\n`);
        stale++;
      }
    }
    return stale ? 1 : 0;
  }
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
  }
  const n = Object.keys(built.index.controls).length;
  const m = Object.keys(built.objectives.controls).length;
  process.stdout.write(`wrote ${out} (${n} controls, ${files[0].text.length} bytes) and ${objectivesOut} (${m} controls, ${files[1].text.length} bytes)\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
