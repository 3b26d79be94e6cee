// The device × check results of a package, read from its assessment-results.json in chunks (a
// 10,000-device package's is ~2 GB: it is never JSON.parse'd whole). Each observation is reduced
// to what the exporters need (status, observed and required values, provenance, deviation, CCIs)
// and kept in a scratch spool; an index says where each device's result for each check lies. An
// observation may name several devices (`subjects`): each of them gets its result.
import { join } from 'node:path';
import type { Check } from '../catalog/types.js';
import { provenanceOf, STALE_REASON_HEAD, type CheckStatus } from '../evaluate/evaluate-check.js';
import type { Provenance } from '../snapshot/types.js';
import { UserError } from '../io/errors.js';
import type { JsonKind, JsonPath, JsonSelection } from '../io/json-select.js';
import { Spool, type Span } from '../io/spool.js';
import { jsonPointer } from '../oscal/rules.js';
import { expandPointers, sourceFileText, wholeParamText } from '../oscal/observations.js';
import { ownCount } from '../oscal/observation-groups.js';
import { checkRoute } from '../catalog/stig.js';
import { displayPath } from '../seal/seal.js';
import { readSealedJson, type VerifiedPackage } from './package.js';
import { isObj, ourProps, str, type Obj } from './props.js';
import { SSP_FILE } from '../oscal/common.js';
import { requiredText } from '../evaluate/plain-wording.js';
import { NOT_DEFINED } from '../params/resolve.js';

export const AR_FILE = 'assessment-results.json';

const STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'not-applicable', 'not-collected', 'deviation'];

/** A device as the package describes it (its inventory item and its evidence resource). */
export interface ExportDevice {
  /** The inventory item's uuid. */
  uuid: string;
  id: string;
  model?: string;
  vendor?: string;
  serial?: string;
  softwareVersion?: string;
  os?: string;
  kind?: string;
  collectedAt?: string;
  /** The evidence copy of its snapshot in the package, and the copy's SHA-256. */
  evidenceHref?: string;
  evidenceSha256?: string;
  /** The snapshot the user assessed (before redaction) and its SHA-256. */
  sourceFile?: string;
  sourceSha256?: string;
  /**
   * The input that could not be read (assess --keep-going) and why: the device has no evidence, and
   * its observations' `collected` is the assessment's time (OSCAL requires one), not a collection.
   */
  unreadable?: string;
}

/** One device's result for one check, as its observation records it. */
export interface DeviceResult {
  checkId: string;
  status: CheckStatus;
  observed: string;
  expected: string;
  /** "id = value (origin)" for each organisation parameter used. */
  params: string[];
  /** "approved by … until YYYY-MM-DD: justification". */
  deviation?: string;
  expiredDeviation?: string;
  /** What was missing, when not collected. */
  notCollected?: string;
  /** The evidence was older than the accepted age at the assessment (the observation's evidence-stale). */
  stale?: true;
  /** "pointer: file (location)" and its SHA-256, one per value read. */
  provenance: Array<{ source: string; sha256: string }>;
  /**
   * A grouped observation's pointers read (its `values-read` prop, compact), where they came with
   * provenance: `provenance` is then per device, rebuilt by `withDeviceSources`.
   */
  valuesRead?: string;
  /** "Snapshot of … collected …; values at …". */
  evidence: string;
  collected: string;
  ccis: string[];
  /** The observation's uuid. */
  uuid: string;
}

export interface PackageResults {
  systemName: string;
  /** When the assessment ran (the result's end). */
  assessedAt: string;
  /** The control catalog the package was assessed with, as its results name it (prop catalog-source); '' when not stated. */
  catalogSource: string;
  /** Per control, the requirements the --profile added (the control findings' profile-added props). */
  profileAdded: Map<string, string[]>;
  devices: ExportDevice[];
  /** The catalog checks, in catalog order. */
  checks: Check[];
  /** Each distinct "id = value (origin)" the observations name: the values the package was judged with. */
  parameterTexts: ReadonlySet<string>;
  /**
   * Every parameter of the run by id, as its results' `parameter` props state it ("id = value
   * (origin)"), those of parameters no check result names too; absent where two results of the
   * package state it differently.
   */
  runParameters: ReadonlyMap<string, string>;
  /** The result of check `checks[c]` on device `devices[d]`, or undefined when the package has none. */
  result(d: number, c: number): DeviceResult | undefined;
  /** The status alone (no spool read). */
  status(d: number, c: number): CheckStatus | undefined;
  notes: string[];
  /** Removes the scratch spool. */
  close(): void;
}

/**
 * A device's result with the source of each value it read, as the per-device observation lists
 * them (`--per-device-observations`): a grouped observation names only the pointers read; each
 * device's sources are in its evidence copy's provenance table (`table`), resolved here exactly as
 * `assess` resolves them. The result itself is returned when there is nothing to rebuild.
 */
export function withDeviceSources(r: DeviceResult | undefined, table: Readonly<Record<string, Provenance>> | undefined): DeviceResult | undefined {
  if (!r?.valuesRead || !table) return r;
  const provenance = provenanceOf(table, expandPointers(r.valuesRead)).map((p) => ({ source: sourceFileText(p), sha256: p.sha256 }));
  return { ...r, provenance };
}

/** A device from an inventory item (the SSP's, or an older results document's local one). */
function deviceOfItem(value: Obj, uuid: string): ExportDevice {
  const p = new Map([...ourProps(value.props)].map(([k, v]) => [k, v[0]!]));
  const d: ExportDevice = { uuid, id: p.get('asset-id') ?? uuid };
  const set = (k: keyof ExportDevice, v: string | undefined) => {
    if (v !== undefined) (d as unknown as Record<string, string>)[k] = v;
  };
  set('model', p.get('model'));
  set('vendor', p.get('vendor-name'));
  set('serial', p.get('serial-number'));
  set('softwareVersion', p.get('software-version'));
  set('os', p.get('os'));
  set('kind', p.get('device-kind'));
  set('collectedAt', p.get('snapshot-collected'));
  return d;
}

/**
 * The devices the package's SSP defines (system-implementation inventory-items): the results and
 * the POA&M reference them by uuid through their imports. None when the package has no SSP.
 */
export function sspDevices(pkg: VerifiedPackage): ExportDevice[] {
  const out: ExportDevice[] = [];
  if (!pkg.entries.has(SSP_FILE)) return out;
  readSealedJson(pkg, SSP_FILE, {
    select: (path) => {
      const n = path.length;
      if (n === 0) return 'descend';
      if (path[0] !== 'system-security-plan') return 'skip';
      if (n === 1) return 'descend';
      if (n === 2) return path[1] === 'system-implementation' ? 'descend' : 'skip';
      if (n === 3) return path[2] === 'inventory-items' ? 'descend' : 'skip';
      return n === 4 ? 'capture' : 'skip';
    },
    captured: (_path, value) => {
      if (isObj(value) && typeof value.uuid === 'string') out.push(deviceOfItem(value, value.uuid));
    },
  });
  return out;
}

/** "pointer: value" → [pointer, value] (the provenance props' form). */
function splitPointer(v: string): [string, string] {
  const i = v.indexOf(': ');
  return i < 0 ? ['', v] : [v.slice(0, i), v.slice(i + 2)];
}

const RESULT = ['assessment-results', 'results'];

/**
 * The "id = value (origin)" texts of the parameters the package's results were judged with (the
 * observations' `parameter` props), for an export that reads no results (eMASS): the check texts it
 * states must carry the run's values as the AR's do. Reads only those props.
 */
export function packageParameterTexts(pkg: VerifiedPackage): Set<string> {
  const texts = new Set<string>();
  const select = (path: JsonPath): JsonSelection => {
    // assessment-results / results / i / observations / j / props
    const want = ['assessment-results', 'results', undefined, 'observations', undefined, 'props'];
    const n = path.length;
    if (n > 0 && want[n - 1] !== undefined && path[n - 1] !== want[n - 1]) return 'skip';
    return n < want.length ? 'descend' : 'capture';
  };
  const captured = (_path: JsonPath, value: unknown) => {
    for (const t of ourProps(value).get('parameter') ?? []) texts.add(t);
  };
  readSealedJson(pkg, AR_FILE, { select, captured });
  return texts;
}

/**
 * Reads the package's assessment results. `checks` is the catalog the package was assessed with
 * (its CCIs are compared with the ones the observations record, so a different catalog is noticed).
 * The scratch spool is written in `scratchDir`.
 */
export function readPackageResults(pkg: VerifiedPackage, checks: readonly Check[], scratchDir: string): PackageResults {
  const label = displayPath(pkg.dir, AR_FILE);
  const fail = (path: JsonPath, message: string): never => {
    throw new UserError(message, { file: label, where: jsonPointer([...path]) || '/' });
  };
  const checkIndex = new Map(checks.map((c, i) => [c.id, i]));
  const nChecks = checks.length;
  const expectedCcis = checks.map((c) => checkRoute(c).ccis.map((x) => x.cci).join(' '));

  // In the staged output folder (removed before it is renamed into place), like assess's spools.
  const spool = new Spool(join(scratchDir, '.results.spool'));
  const parameterTexts = new Set<string>();
  const runParameters = new Map<string, string | null>();
  // The result's whole "id = value (origin)" texts, by id: its observations name a default's origin
  // by its kind alone (oscal/observations.ts paramText), and the checklists state it whole.
  let wholeParams = new Map<string, string>();
  // Per subject uuid: for each check, [offset, length] of its record in the spool (-1: none), and
  // the status as an index into STATUSES (255: none).
  const spans = new Map<string, Float64Array>();
  const statuses = new Map<string, Uint8Array>();
  const items: ExportDevice[] = [];
  const resources = new Map<string, Obj>();
  let rootKind: JsonKind | undefined;
  let resultCount = 0;
  let systemName = '';
  let assessedAt = '';
  let catalogSource = '';
  const profileAdded = new Map<string, string[]>();
  let observationCount = 0;
  let skippedAttestations = 0;
  const unknownChecks = new Set<string>();

  const slotsOf = (subject: string) => {
    let s = spans.get(subject);
    if (!s) {
      s = new Float64Array(nChecks * 2).fill(-1);
      spans.set(subject, s);
      statuses.set(subject, new Uint8Array(nChecks).fill(255));
    }
    return s;
  };

  const observation = (path: JsonPath, o: unknown) => {
    if (!isObj(o)) fail(path, 'must be an object (an OSCAL observation)');
    const ob = o as Obj;
    const props = ourProps(ob.props);
    const checkId = props.get('check-id')?.[0];
    if (checkId === undefined) {
      skippedAttestations++; // an attestation (INTERVIEW / EXAMINE by a person), not a device result
      return;
    }
    observationCount++;
    const c = checkIndex.get(checkId);
    if (c === undefined) {
      unknownChecks.add(checkId);
      return;
    }
    const status = props.get('result')?.[0] as CheckStatus | undefined;
    if (!status || !STATUSES.includes(status)) fail([...path, 'props'], `the "result" prop must be one of ${STATUSES.join(', ')}`);
    const ccis = props.get('cci') ?? [];
    // A package written before CCIs were recorded has none; otherwise they must be the catalog's.
    if (ccis.length && ccis.join(' ') !== expectedCcis[c]) {
      fail([...path, 'props'], `records the CCIs ${ccis.join(', ')} for ${checkId}, but the check catalog gives ${expectedCcis[c] || 'none'}: the package was assessed with another check catalog (pass the same --checks file) or another STIG release`);
    }
    const evidence = Array.isArray(ob['relevant-evidence']) && isObj(ob['relevant-evidence'][0]) ? (ob['relevant-evidence'][0] as Obj) : {};
    const ev = ourProps(evidence.props);
    const shas = new Map((ev.get('source-sha256') ?? []).map(splitPointer));
    const provenance = (ev.get('source-file') ?? []).map((v) => {
      const [pointer, source] = splitPointer(v);
      return { source: `${pointer}: ${source}`, sha256: shas.get(pointer) ?? '' };
    });
    const params = (props.get('parameter') ?? []).map((t) => wholeParamText(t, wholeParams));
    for (const t of params) parameterTexts.add(t);
    const rec: DeviceResult = {
      checkId,
      status: status!,
      observed: props.get('observed-value')?.[0] ?? '',
      expected: props.get('expected-value')?.[0] ?? '',
      params,
      provenance,
      evidence: str(evidence.description) ?? '',
      collected: str(ob.collected) ?? '',
      ccis,
      uuid: str(ob.uuid) ?? '',
    };
    const dv = props.get('deviation')?.[0];
    if (dv !== undefined) rec.deviation = dv;
    const xdv = props.get('expired-deviation')?.[0];
    if (xdv !== undefined) rec.expiredDeviation = xdv;
    // What was not collected, and why (stale evidence, an input not read): a reader of the checklist
    // must see why a result that looks compliant is not reviewed.
    const nc = [props.get('not-collected')?.[0], props.get('not-collected-reason')?.[0]].filter((x): x is string => !!x).join('; ');
    if (nc) rec.notCollected = nc;
    // A stale result that failed is still a fail, but of a console as it was then: the reader must see it.
    if (props.has('evidence-stale')) rec.stale = true;
    const vr = ev.get('values-read')?.[0];
    if (vr !== undefined && !provenance.length) rec.valuesRead = vr;
    const subjects = Array.isArray(ob.subjects) ? ob.subjects : [];
    const devices = subjects.filter((s): s is Obj => isObj(s) && s.type === 'inventory-item' && typeof s['subject-uuid'] === 'string').map((s) => s['subject-uuid'] as string);
    if (!devices.length) fail([...path, 'subjects'], `the observation of ${checkId} names no inventory item (device) as its subject`);
    // A grouped observation (one per distinct result, its devices as subjects: docs/scale.md)
    // has the earliest collection of them: each device's own is on its inventory item.
    if (devices.length > 1) rec.collected = '';
    // A group whose members were read at different places or counted differently (docs/scale.md):
    // the stated pointers and count are the first subjects'; each later run of subjects
    // (props first-subject, subject-count) gets its entry's pointers and count back.
    const stated = ev.get('items-checked')?.[0];
    if (stated !== undefined) rec.observed = ownCount(rec.observed, Number(stated));
    const runOf: Array<DeviceResult | undefined> = [];
    if (Array.isArray(ob['relevant-evidence'])) {
      for (const entry of ob['relevant-evidence'].slice(1)) {
        if (!isObj(entry)) continue;
        const run = ourProps(entry.props);
        const from = Number(run.get('first-subject')?.[0]);
        const n = Number(run.get('subject-count')?.[0]);
        if (!Number.isInteger(from) || !Number.isInteger(n) || from < 1 || n < 1) continue;
        const checked = run.get('items-checked')?.[0];
        const at = run.get('values-read')?.[0];
        const own: DeviceResult = { ...rec, observed: checked !== undefined ? ownCount(props.get('observed-value')?.[0] ?? '', Number(checked)) : rec.observed, evidence: str(entry.description) ?? rec.evidence, ...(at !== undefined && !provenance.length ? { valuesRead: at } : {}) };
        for (let k = from - 1; k < from - 1 + n; k++) runOf[k] = own;
      }
    }
    const write = (r: DeviceResult) => {
      spool.begin();
      spool.write(JSON.stringify(r));
      return spool.end();
    };
    const shared = write(rec);
    const spans = new Map<DeviceResult, Span>();
    devices.forEach((subject, k) => {
      const own = runOf[k];
      let span = shared;
      if (own) spans.set(own, (span = spans.get(own) ?? write(own)));
      const slots = slotsOf(subject);
      if (slots[c * 2]! >= 0) fail(path, `a second result for ${checkId} on the device ${subject}`);
      slots[c * 2] = span.offset;
      slots[c * 2 + 1] = span.length;
      statuses.get(subject)![c] = STATUSES.indexOf(status!);
    });
  };

  const select = (path: JsonPath, kind: JsonKind): JsonSelection => {
    const n = path.length;
    if (n === 0) {
      rootKind = kind;
      return 'descend';
    }
    if (path[0] !== 'assessment-results') return 'skip';
    if (n === 1) return 'descend';
    if (n === 2) {
      if (path[1] === 'metadata' || path[1] === 'results' || path[1] === 'back-matter') return 'descend';
      return 'skip';
    }
    if (path[1] === 'metadata') return n === 3 && path[2] === 'title' ? 'capture' : 'skip';
    if (path[1] === 'back-matter') {
      if (n === 3) return path[2] === 'resources' ? 'descend' : 'skip';
      return n === 4 ? 'capture' : 'skip';
    }
    // results
    if (n === 3) {
      resultCount++;
      return 'descend';
    }
    if (n === 4) {
      if (path[3] === 'observations' || path[3] === 'local-definitions' || path[3] === 'findings') return 'descend';
      if (path[3] === 'end' || path[3] === 'props') return 'capture';
      return 'skip';
    }
    if (path[3] === 'observations') return n === 5 ? 'capture' : 'skip';
    // A finding's props only: its control and the requirements a profile added to it.
    if (path[3] === 'findings') return n === 5 ? 'descend' : n === 6 && path[5] === 'props' ? 'capture' : 'skip';
    if (path[3] === 'local-definitions') {
      if (n === 5) return path[4] === 'inventory-items' ? 'descend' : 'skip';
      return n === 6 ? 'capture' : 'skip';
    }
    return 'skip';
  };

  const captured = (path: JsonPath, value: unknown) => {
    if (path[1] === 'metadata') {
      const t = str(value) ?? '';
      systemName = t.replace(/^Assessment results: /, '');
    } else if (path[1] === 'back-matter') {
      if (isObj(value) && typeof value.uuid === 'string') resources.set(value.uuid, value);
    } else if (path[3] === 'end') {
      assessedAt = str(value) ?? '';
    } else if (path[3] === 'props') {
      const own = ourProps(value);
      catalogSource = own.get('catalog-source')?.[0] ?? catalogSource;
      wholeParams = new Map((own.get('parameter') ?? []).map((t) => [t.slice(0, t.indexOf(' = ')), t]));
      for (const [id, t] of wholeParams) runParameters.set(id, runParameters.has(id) && runParameters.get(id) !== t ? null : t);
    } else if (path[3] === 'observations') {
      observation(path, value);
    } else if (path[3] === 'findings') {
      const own = ourProps(value);
      const control = own.get('control-id')?.[0];
      const added = own.get('profile-added') ?? [];
      if (control !== undefined && added.length) profileAdded.set(control, added);
    } else if (path[3] === 'local-definitions') {
      // Results written before the inventory was defined once, in the SSP (issue 12).
      if (!isObj(value) || typeof value.uuid !== 'string') return fail(path, 'must be an inventory item with a uuid');
      items.push(deviceOfItem(value, value.uuid));
    }
  };

  try {
    readSealedJson(pkg, AR_FILE, { select, captured });
  } catch (e) {
    spool.remove();
    throw e;
  }
  const done = (message: string, where = '/'): never => {
    spool.remove();
    throw new UserError(message, { file: label, where });
  };
  if (rootKind !== 'object' || resultCount === 0) done('is not OSCAL assessment results written by ato-evidence assess (no "assessment-results" with a result)');
  if (resultCount > 1) done(`has ${resultCount} results; export reads the package of one assessment (ato-evidence assess writes one result)`, '/assessment-results/results');
  if (unknownChecks.size) {
    done(`has results for checks the check catalog does not know (${[...unknownChecks].slice(0, 5).join(', ')}${unknownChecks.size > 5 ? ', …' : ''}): the package was assessed with another check catalog; pass the same --checks file`, '/assessment-results/results/0/observations');
  }

  // The devices are the SSP's inventory items (the results reach them through import-ap ->
  // import-ssp); results of earlier versions defined them locally, and those are read as they are.
  if (!items.length) items.push(...sspDevices(pkg));
  // Each device's evidence resource (matched by device-id prop).
  const evidenceByDevice = new Map<string, Obj>();
  for (const r of resources.values()) {
    const p = ourProps(r.props);
    const id = p.get('device-id')?.[0];
    if (id !== undefined) evidenceByDevice.set(id, r);
  }
  for (const d of items) {
    const r = evidenceByDevice.get(d.id);
    if (!r) continue;
    const p = ourProps(r.props);
    const link = Array.isArray(r.rlinks) && isObj(r.rlinks[0]) ? (r.rlinks[0] as Obj) : undefined;
    if (link && typeof link.href === 'string') d.evidenceHref = link.href;
    const hash = link && Array.isArray(link.hashes) && isObj(link.hashes[0]) ? str((link.hashes[0] as Obj).value) : undefined;
    if (hash) d.evidenceSha256 = hash;
    const sf = p.get('source-file')?.[0];
    if (sf) d.sourceFile = sf;
    // The collection time is a fact of this run's evidence: on the resource (on the inventory item before).
    const collected = p.get('snapshot-collected')?.[0];
    if (collected) d.collectedAt = collected;
    const ss = p.get('source-sha256')?.[0];
    if (ss) d.sourceSha256 = ss;
    const unreadable = p.get('unreadable-input')?.[0];
    if (unreadable !== undefined) d.unreadable = unreadable;
  }
  const known = new Set(items.map((d) => d.uuid));
  const stray = [...spans.keys()].find((u) => !known.has(u));
  if (stray) done(`an observation names the subject ${stray}, which is not one of the package's devices (the SSP's inventory items, or the results' own in an older package)`, '/assessment-results/results/0/observations');

  const notes: string[] = [];
  if (skippedAttestations) notes.push(`${skippedAttestations} attestation observation(s) (manual evidence by a person) are not device results and are not exported`);
  if (observationCount && !items.some((d) => [...(statuses.get(d.uuid) ?? [])].some((s) => s !== 255))) notes.push('no device result matched a check');

  const slotOf = (d: number) => spans.get(items[d]!.uuid);
  return {
    systemName,
    assessedAt,
    catalogSource,
    profileAdded,
    devices: items,
    checks: [...checks],
    parameterTexts,
    runParameters: new Map([...runParameters].filter((e): e is [string, string] => e[1] !== null)),
    result(d, c) {
      const s = slotOf(d);
      if (!s || s[c * 2]! < 0) return undefined;
      const span: Span = { offset: s[c * 2]!, length: s[c * 2 + 1]! };
      return JSON.parse(spool.read(span).toString('utf8')) as DeviceResult;
    },
    status(d, c) {
      const s = statuses.get(items[d]!.uuid);
      const v = s?.[c];
      return v === undefined || v === 255 ? undefined : STATUSES[v];
    },
    notes,
    close() {
      spool.remove();
    },
  };
}

/**
 * The line a checklist or HDF result gives a result on stale evidence: the device's own collection
 * time (a grouped observation's evidence-stale states its devices' earliest). None for a result
 * not collected because of its age: its "Not collected:" line says so already, with the collection
 * time, the age and the limit (the device's own time is on its Evidence line, or HDF's start_time).
 */
export function staleLine(r: DeviceResult, device: ExportDevice): string | undefined {
  if (!r.stale) return undefined;
  if (r.status === 'not-collected' && r.notCollected?.includes(STALE_REASON_HEAD)) return undefined;
  return `Stale evidence: collected ${device.collectedAt || r.collected || 'at an unknown time'}, older than the evidence age accepted at the assessment; the result describes the console as it was then, not now.`;
}

/**
 * The line a checklist or HDF result gives the evidence it rests on. A device whose input could not
 * be read has none: saying "collected <time>" would claim a collection that never happened.
 */
export function evidenceLine(r: DeviceResult, device: ExportDevice, withTime: boolean): string | undefined {
  if (device.unreadable !== undefined) return `Evidence: none collected: the input could not be read (${device.unreadable}).`;
  if (!withTime) return device.evidenceHref ? `Evidence: ${device.evidenceHref}${device.evidenceSha256 ? ` (SHA-256 ${device.evidenceSha256})` : ''}` : undefined;
  const snapshot = device.evidenceHref ? `${device.evidenceHref}${device.evidenceSha256 ? ` (SHA-256 ${device.evidenceSha256})` : ''}` : 'the device\'s snapshot';
  return `Evidence: ${snapshot}, collected ${r.collected || device.collectedAt || 'at an unknown time'}.`;
}

/** A parameter's value as its "id = value (origin)" text states it; the origin's brackets may nest. */
function paramTextValue(text: string): [string, string] | undefined {
  const eq = text.indexOf(' = ');
  if (eq < 0 || !text.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = text.length - 1; i > eq; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) {
      // "id = (not defined …; basis: …)": a value no one defined is written as its origin alone.
      const value = text.slice(eq + 3, i).trimEnd();
      return [text.slice(0, eq), value === '' ? `(${NOT_DEFINED})` : value];
    }
  }
  return undefined;
}

const NO_RUN: ReadonlyMap<string, string> = new Map();
const REQUIRED_TEXTS = new WeakMap<ReadonlyMap<string, string>, WeakMap<Check, Map<string, string>>>();
/**
 * What a result required, as a person reads it: the wording's required text with the parameter
 * values the result was judged with (its `parameter` props; `run`: the package's, for a parameter
 * the wording names and the result does not, as a certificate check's EC key size on an RSA key),
 * as the AR's description and the CSV's required column say it (requiredText, the one rule). The
 * raw `expected-value` where the check has no wording, or its wording names a parameter neither
 * states: the words would then claim a value the package does not show.
 */
export function requiredOf(check: Check, r: Pick<DeviceResult, 'expected' | 'params'>, run: ReadonlyMap<string, string> = NO_RUN): string {
  if (!check.wording) return r.expected;
  // Rendered once per run, check and parameter texts (a fleet's results share a few).
  let byCheck = REQUIRED_TEXTS.get(run);
  if (!byCheck) REQUIRED_TEXTS.set(run, (byCheck = new WeakMap()));
  let byParams = byCheck.get(check);
  if (!byParams) byCheck.set(check, (byParams = new Map()));
  const key = r.params.join('\u0000');
  let text = byParams.get(key);
  if (text === undefined) {
    const values: Record<string, string> = {};
    for (const p of [...run.values(), ...r.params]) {
      const kv = paramTextValue(p);
      if (kv) values[kv[0]] = kv[1];
    }
    try {
      text = requiredText(check, values) ?? r.expected;
    } catch {
      text = r.expected; // the wording names a parameter the result does not state
    }
    byParams.set(key, text);
  }
  return text;
}
