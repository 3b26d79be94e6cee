// Observations grouped by result (docs/scale.md): where devices give the same result for a check
// (same outcome, observed and expected value, parameters, deviation, values read), one
// observation whose `subjects` list those devices, instead of one per device. A fleet of one model
// mostly shares its configuration, so the assessment results grow with its distinct
// configurations, not with its devices (10,000 devices: 1.7 GB per device, a few hundred MB grouped).
//
// What each device contributes stays its own: its subject and its relevant-evidence entry (the
// same position in both lists), which cites the device's snapshot in the back-matter, hashed. The
// provenance of each value (export file, its SHA-256, line) is in that snapshot's `provenance`
// table; the grouped observation says so instead of repeating it per device.
//
// Pure apart from the spool the shared parts wait in (one text per distinct group, written once).
import * as crypto from 'node:crypto';
import type { Check } from '../catalog/types.js';
import { formatDays, STALE_REASON_HEAD, type CheckResult } from '../evaluate/evaluate-check.js';
import type { PlainWording } from '../evaluate/plain-wording.js';
import type { AssessedDevice } from '../assess/model.js';
import { RawJson, StreamedArray } from '../io/json-stream.js';
import { instantMs } from '../io/dates.js';
import type { Span, Spool } from '../io/spool.js';
import { prop, type Json } from './common.js';
import { observationShared, valuesReadText } from './observations.js';
import type { RunIds } from './run-ids.js';

/** Which observation holds a device's result for a check: the uuids findings, risks and POA&M items cite. */
export interface ObservationIndex {
  /** The observation holding this device's result for this check. */
  of(deviceId: string, checkId: string): string;
  /** Every observation of these checks, each once, in document order. */
  ofChecks(checkIds: readonly string[]): Iterable<string>;
}

/** One observation per device and check (`--per-device-observations`, and monitor's own results). */
export function perDeviceIndex(ids: RunIds, devices: readonly AssessedDevice[]): ObservationIndex {
  return {
    of: (d, c) => ids.observation(d, c),
    *ofChecks(checkIds) {
      for (const d of devices) for (const c of checkIds) yield ids.observation(d.id, c);
    },
  };
}

/** The assessment's index (one observation per device and check where it has none). */
export function observationIndexOf(a: { observationIndex?: ObservationIndex; ids: RunIds; devices: readonly AssessedDevice[] }): ObservationIndex {
  return a.observationIndex ?? perDeviceIndex(a.ids, a.devices);
}

/** The distinct uuids of device/check pairs, in the order first met. */
export function distinctObservations(index: ObservationIndex, pairs: Iterable<{ deviceId: string; checkId: string }>): string[] {
  const out = new Set<string>();
  for (const p of pairs) out.add(index.of(p.deviceId, p.checkId));
  return [...out];
}

/** SHA-256 hex of a text: one call where Node has crypto.hash (20.12+), no Hash object per result. */
const sha256Hex: (text: string) => string = typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text) : (text) => crypto.createHash('sha256').update(text).digest('hex');

interface Group {
  checkIndex: number;
  /** SHA-256 of the shared part: the group's key, and its uuid's name. */
  hash: string;
  /** The shared part's text in the spool: [check index, values at, fields]. */
  span: Span;
  /** Some member's values came with provenance (an ingested export). */
  provenance: boolean;
}

/** One device's place in the groups: a group per check (catalog order, -1 for none), and its expiries. */
export interface DeviceGroups {
  groups: Int32Array;
  /** Per check, when evidence of that result expires (only where any does). */
  expires?: Array<string | undefined>;
  /** The same instants in ms (NaN where none): parsed as each device arrives, not when a group is written. */
  expiresMs?: Float64Array;
  /** Per check, the device's own places read and count where its group's key left them out (ResultKey.variant). */
  variants?: Array<string | undefined>;
}

/** One result's group key, as the thread that evaluated the device computed it. */
export interface ResultKey {
  /** The check's index in the catalog. */
  ci: number;
  /** SHA-256 of the shared part. */
  hash: string;
  /** The shared part's text: sent only the first time this thread meets the hash. */
  text?: string;
  /** The device's values came with provenance (an ingested export). */
  provenance: boolean;
  expires?: string;
  /**
   * Where the key left out what differs by accident (accidentalParts): this device's own pointers
   * read and item count, `JSON.stringify([pointers, count or null])`, put back when the group is written.
   */
  variant?: string;
}

/**
 * Stand-ins for a stale device's own collection time and its age in the shared text (private-use
 * characters): stale results of devices collected at different times then share one observation,
 * which states its oldest evidence (`ObservationGrouper.finish`). Each device's own time stays on
 * its inventory item and in its snapshot's resource.
 */
const COLLECTED_TOKEN = '\uE000collected\uE000';
const AGE_TOKEN = '\uE000age\uE000';
const STALE_HEAD = STALE_REASON_HEAD;

/**
 * Whether JSON.stringify(v) would hold a token's character (U+E000, which it writes as is): in a
 * text, or in the name of a member it writes. Walked instead of serialised (every result of a
 * stale device is asked).
 */
export function holdsToken(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('\uE000');
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (holdsToken(x)) return true;
    return false;
  }
  // An object with toJSON (a Date) is written as what that returns.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return holdsToken((v as { toJSON(): unknown }).toJSON());
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    // Members JSON.stringify leaves out: their names are not written either.
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    if (k.includes('\uE000') || holdsToken(x)) return true;
  }
  return false;
}

/** The result and device as the shared part sees them: a stale device's collection time and age as tokens. */
function shareable(r: CheckResult, device: AssessedDevice): { r: CheckResult; device: AssessedDevice; tokens: boolean } {
  // Where a value of the snapshot holds a token's character, the real time stays (no false sharing).
  if (!r.stale || holdsToken(r)) return { r, device, tokens: false };
  let reason = r.reason;
  const head = `${STALE_HEAD}${device.collectedAt}, `;
  if (reason?.startsWith(head)) {
    const end = reason.indexOf(' before the assessment', head.length);
    if (end > 0) reason = `${STALE_HEAD}${COLLECTED_TOKEN}, ${AGE_TOKEN}${reason.slice(end)}`;
  }
  return { r: reason === r.reason ? r : { ...r, reason }, device: { ...device, collectedAt: COLLECTED_TOKEN }, tokens: true };
}

/**
 * What differs between devices by accident, not as information (docs/scale.md "What a group is"):
 * where in its list an item stands (`/access/accounts/{4,5,6}/source`: each device's snapshot
 * holds its own list, and the device's evidence names it), the letter case of a registry key or
 * value name (Windows ignores it: `HKLM\System` is `HKLM\SYSTEM`), and a count of items checked
 * that only restates how many positions were read, on a pass. In the
 * key the pointers are folded (positions as `*`, registry names in lower case) behind AT_TOKEN and
 * the count is COUNT_TOKEN; each device's own pointers and count travel beside the key (variant)
 * and are written back where they differ from the group's. A different value, a different failing
 * item, a count compared with a minimum: all stay in the key.
 */
const AT_TOKEN = '\uE000at\uE000';
const COUNT_TOKEN = '\uE000n\uE000';
/** A list position in compact pointers: "/4" or folded "/{4,5,6}". */
const POSITION = /\/(?:\{\d+(?:,\d+)*\}|\d+)(?=\/|, |$)/g;
/** A registry key path (one pointer segment) under a `registry` object. */
const REGISTRY_NAME = /\/registry\/[^/]+?(?=\/|, |$)/gi;

/** The same without the global flag (test() then keeps no lastIndex between calls). */
const HAS_POSITION = new RegExp(POSITION.source);
const HAS_REGISTRY_NAME = new RegExp(REGISTRY_NAME.source, 'i');

/** The folded pointers and the count a key states instead of the device's own, or undefined when there is nothing accidental. */
export function accidentalParts(r: CheckResult, at: string | undefined): { at: string; count: number | undefined } | undefined {
  if (at === undefined || !(HAS_POSITION.test(at) || HAS_REGISTRY_NAME.test(at))) return undefined;
  let count: number | undefined;
  const items = r.items;
  // A pass only: the POA&M's copies of failing and not-collected results state one member's observed value for all.
  if (r.status === 'pass' && items && items.failing === 0 && items.required === undefined && items.checked > 0) {
    // Only a count that restates a list read: one of the folded positions lists has as many items.
    for (const m of at.matchAll(POSITION)) if (m[0].split(',').length === items.checked) count = items.checked;
  }
  return { at: at.replace(POSITION, '/*').replace(REGISTRY_NAME, (x) => x.toLowerCase()), count };
}

/** "2 to 3 checked per device" (members counted differently) back to one device's "3 checked". */
export function ownCount(text: string, count: number): string {
  return text.replace(/\b\d+ to \d+ checked per device\b/g, `${count} checked`);
}

/** A result's fields the shared part does not state: who, where each value came from, until when, the evaluator's notes. */
const RESULT_PER_DEVICE = new Set(['deviceId', 'provenance', 'expires', 'problems']);

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for-in over plain data objects (own enumerable keys only): no key arrays made per comparison.
  let na = 0;
  for (const k in a) {
    na++;
    if (!Object.hasOwn(b, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  let nb = 0;
  for (const _ in b) nb++;
  return na === nb;
}

/**
 * Fields sameResult leaves out: the per-device ones, and the observed text, which the bucket both
 * results were found under (GroupKeyer.known: by check, then observed text) already made equal. A
 * fleet's observed texts are new strings device by device: comparing them again cost a second
 * pass over every character.
 */
const NOT_COMPARED = new Set([...RESULT_PER_DEVICE, 'observed']);

/** Equal in every field but the per-device ones (a field present in one only differs), for two results of one bucket (same check and observed text). */
function sameResult(a: CheckResult, b: CheckResult): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (!NOT_COMPARED.has(k) && (!Object.hasOwn(y, k) || !sameValue(x[k], y[k]))) return false;
  for (const k in y) if (!NOT_COMPARED.has(k) && !Object.hasOwn(x, k)) return false;
  return true;
}

/** Distinct results remembered per check and thread (see GroupKeyer.known). */
const REMEMBERED_PER_CHECK = 500;

/** Computes group keys on the thread that evaluates (a worker, or the main thread). */
export class GroupKeyer {
  private readonly sent = new Set<string>();
  private readonly checkIndex: Map<string, number>;
  /**
   * The results met so far, by check and observed value, with their group's hash: a result equal
   * to one of them in every field but those the shared part does not state (RESULT_PER_DEVICE)
   * has the same shared part. Most results repeat one already met: they skip building,
   * serialising and hashing the observation (a field-by-field comparison costs far less).
   */
  private readonly known: Array<Map<string, Map<string, Array<{ r: CheckResult; hash: string; variant: string | undefined }>>>> = [];
  /** Per check, how many distinct results were remembered. */
  private readonly remembered: number[] = [];

  /** `actors` and `plain` as for observations.ts `observation`: part of the shared key. */
  constructor(private readonly checks: readonly Check[], private readonly actors?: Json[], private readonly plain?: PlainWording) {
    this.checkIndex = new Map(checks.map((c, i) => [c.id, i]));
  }

  keys(results: readonly CheckResult[], device: AssessedDevice): ResultKey[] {
    const out: ResultKey[] = [];
    for (let i = 0; i < results.length; i++) {
      const result = results[i]!;
      // Results come in catalog order: the check at the same place, else looked up.
      const ci = this.checks[i]?.id === result.checkId ? i : this.checkIndex.get(result.checkId);
      if (ci === undefined) continue;
      // Only a stale result states anything per device in the shared part (no object made for the rest).
      const { r, device: d, tokens } = result.stale ? shareable(result, device) : { r: result, device, tokens: false };
      // A stale mark without tokens names the device's own collection time: part of what it is.
      // By check, observed text, then a few sizes and the last missing value: all fields
      // sameResult compares, so equal results share a bucket, and results that differ only in
      // which values were not collected (PWD-MAX-AGE: 410 of 500 under one observed text) are not
      // each compared with all the others. No key string built with the (long) observed text.
      const last = r.missing.length ? r.missing[r.missing.length - 1] : '';
      const shape = `${r.stale && !tokens ? device.collectedAt : ''}\u0000${r.missing.length}\u0000${r.pointers.length}\u0000${r.reason?.length ?? -1}\u0000${last}`;
      const byObserved = (this.known[ci] ??= new Map());
      const shapes = byObserved.get(r.observed);
      const met = shapes?.get(shape);
      // Equal in every stated field, pointers and counts included: the same key and the same variant.
      const same = met?.find((m) => sameResult(m.r, r));
      let hash = same?.hash;
      let variant = same?.variant;
      let text: string | undefined;
      // A remembered result's text went with the key that first met it (below): no look-up in `sent`.
      const metBefore = hash !== undefined;
      if (hash === undefined) {
        ({ text, variant } = this.sharedText(r, ci, d, tokens, result));
        hash = sha256Hex(text);
        // A check whose results differ device by device (a timestamp) stops being remembered: memory stays bounded.
        if ((this.remembered[ci] = (this.remembered[ci] ?? 0) + 1) <= REMEMBERED_PER_CHECK) {
          const entry = { r: r.provenance.length ? { ...r, provenance: [] } : r, hash, variant };
          if (met) met.push(entry);
          else if (shapes) shapes.set(shape, [entry]);
          else byObserved.set(r.observed, new Map([[shape, [entry]]]));
        }
      }
      const key: ResultKey = { ci, hash, provenance: result.provenance.length > 0 };
      if (!metBefore && !this.sent.has(hash)) {
        this.sent.add(hash);
        key.text = text ?? this.sharedText(r, ci, d, tokens, result).text;
      }
      if (variant !== undefined) key.variant = variant;
      if (result.expires) key.expires = result.expires;
      out.push(key);
    }
    return out;
  }

  /** The shared part: the observation the device would get on its own, minus its per-device fields, with the check and where the values were read. */
  private sharedText(r: CheckResult, ci: number, device: AssessedDevice, tokens: boolean, own: CheckResult): { text: string; variant: string | undefined } {
    // Built without the per-device fields (PER_DEVICE) rather than built whole and cut down: a
    // result met for the first time (a per-device timestamp: most of a fleet's) pays only for this.
    const shared = observationShared(r, this.checks[ci]!, device, this.actors, this.plain);
    const read = valuesReadText(r);
    const at = read === '(none)' ? undefined : read;
    // A result holding a token's character keeps its own pointers and count in the key (no false sharing).
    const found = accidentalParts(r, at);
    const parts = found && !holdsToken(own) ? found : undefined;
    if (!parts) return { text: JSON.stringify(tokens ? [ci, at ?? null, shared, 1] : [ci, at ?? null, shared]), variant: undefined };
    let text = JSON.stringify(tokens ? [ci, AT_TOKEN + parts.at, shared, 1] : [ci, AT_TOKEN + parts.at, shared]);
    // The count as the check's texts write it ("3 checked, all compliant", "accounts: 3 checked").
    if (parts.count !== undefined) text = text.replace(new RegExp(`(?<![\\d.])${parts.count} checked\\b`, 'g'), `${COUNT_TOKEN} checked`);
    return { text, variant: JSON.stringify([at, text.includes(COUNT_TOKEN) ? parts.count : null]) };
  }
}

/** Sorts each device's observations into groups as it is evaluated (on the main thread: it owns the spool). */
export class ObservationGrouper {
  private readonly index = new Map<string, number>();
  private readonly groups: Group[] = [];
  private readonly checkIndex: Map<string, number>;
  private readonly keyer: GroupKeyer;
  /**
   * The last expiry read, and its instant: a device's results mostly expire together (when its
   * evidence turns stale), so each device's expiries are one or two texts. Parsing each again cost
   * 0.09 s of 13.8 s at 1,000 devices, on the main thread that every worker's keys pass through.
   */
  private lastExpires: string | undefined;
  private lastExpiresMs = NaN;

  /** `now`: the assessment time (a stale group states its oldest evidence's age at it). */
  constructor(private readonly checks: readonly Check[], private readonly spool: Spool, private readonly now: string) {
    this.checkIndex = new Map(checks.map((c, i) => [c.id, i]));
    this.keyer = new GroupKeyer(checks);
  }

  add(results: readonly CheckResult[], device: AssessedDevice): DeviceGroups {
    return this.addKeys(this.keyer.keys(results, device));
  }

  /** A device's keys, from any thread: a group's text is the same whoever computed it. */
  addKeys(keys: readonly ResultKey[]): DeviceGroups {
    const groups = new Int32Array(this.checks.length).fill(-1);
    let expires: DeviceGroups['expires'];
    let expiresMs: DeviceGroups['expiresMs'];
    let variants: DeviceGroups['variants'];
    for (const k of keys) {
      let g = this.index.get(k.hash);
      if (g === undefined) {
        if (k.text === undefined) throw new Error(`group ${k.hash} arrived without its text`);
        g = this.groups.length;
        this.spool.begin();
        this.spool.write(k.text);
        this.groups.push({ checkIndex: k.ci, hash: k.hash, span: this.spool.end(), provenance: false });
        this.index.set(k.hash, g);
      }
      if (k.provenance) this.groups[g]!.provenance = true;
      groups[k.ci] = g;
      if (k.variant !== undefined) (variants ??= new Array<string | undefined>(this.checks.length))[k.ci] = k.variant;
      if (k.expires !== undefined) {
        (expires ??= new Array<string | undefined>(this.checks.length))[k.ci] = k.expires;
        if (k.expires !== this.lastExpires) {
          this.lastExpires = k.expires;
          this.lastExpiresMs = instantMs(k.expires);
        }
        (expiresMs ??= new Float64Array(this.checks.length).fill(NaN))[k.ci] = this.lastExpiresMs;
      }
    }
    const out: DeviceGroups = expires && expiresMs ? { groups, expires, expiresMs } : { groups };
    if (variants) out.variants = variants;
    return out;
  }

  /** The grouped observations of the devices kept (in device order), and their index. */
  finish(members: ReadonlyArray<{ device: AssessedDevice; groups: DeviceGroups }>, ids: RunIds, spool: Spool): { observations: StreamedArray<RawJson>; index: ObservationIndex; count: number } {
    const { checks, groups } = this;
    const nowMs = instantMs(this.now);
    // Members per group, in device order; groups per check, in the order their first member comes.
    const memberLists: number[][] = groups.map(() => []);
    const byCheck: number[][] = checks.map(() => []);
    members.forEach((m, i) => {
      for (const g of m.groups.groups) {
        if (g < 0) continue;
        const list = memberLists[g]!;
        if (!list.length) byCheck[groups[g]!.checkIndex]!.push(g);
        list.push(i);
      }
    });
    const uuids = groups.map((g) => ids.run.uuid('observation', checks[g.checkIndex]!.id, g.hash));
    const memberOf = new Map(members.map((m, i) => [m.device.id, i]));
    const checkIndex = this.checkIndex;
    const index: ObservationIndex = {
      of(deviceId, checkId) {
        const m = memberOf.get(deviceId);
        const c = checkIndex.get(checkId);
        const g = m === undefined || c === undefined ? -1 : members[m]!.groups.groups[c]!;
        if (g < 0) throw new Error(`no observation of ${checkId} on ${deviceId}`);
        return uuids[g]!;
      },
      *ofChecks(checkIds) {
        for (const c of checkIds) {
          const ci = checkIndex.get(c);
          if (ci !== undefined) for (const g of byCheck[ci]!) yield uuids[g]!;
        }
      },
    };
    // Per member, once: its collection instant and its subject entry (a fleet's groups list each device many times).
    const collectedMs = members.map((m) => instantMs(m.device.collectedAt));
    const subjectJson = members.map((m) => JSON.stringify({ 'subject-uuid': ids.item(m.device.id), type: 'inventory-item' }));
    // Per check, each member's expiry instant (NaN for none), in member order: a group's members
    // are read in order from one array instead of from each member's own (10,000 places in memory).
    const columns = new Map<number, Float64Array>();
    const expiryColumn = (ci: number): Float64Array => {
      let column = columns.get(ci);
      if (!column) {
        column = new Float64Array(members.length).fill(NaN);
        members.forEach((m, i) => {
          if (m.groups.expiresMs) column![i] = m.groups.expiresMs[ci]!;
        });
        columns.set(ci, column);
      }
      return column;
    };
    const build = (g: number): RawJson => {
      const group = groups[g]!;
      const check = checks[group.checkIndex]!;
      const memberIdx = memberLists[g]!;
      const count = memberIdx.length;
      const first = members[memberIdx[0]!]!;
      let oldest = memberIdx[0]!;
      for (const i of memberIdx) if (collectedMs[i]! < collectedMs[oldest]!) oldest = i;
      const collected = members[oldest]!.device.collectedAt;
      let text = spool.read(group.span).toString('utf8');
      // Stale evidence: the group states its oldest (one device: its own time, as ungrouped).
      if (text.endsWith(',1]')) {
        const stated = count === 1 ? collected : `${collected} (the earliest of the ${count} devices)`;
        text = text.replaceAll(COLLECTED_TOKEN, stated).replaceAll(AGE_TOKEN, formatDays(nowMs - instantMs(collected)));
      }
      // Accidental differences (accidentalParts): the subjects come variant by variant (in the
      // order each is first met), so each variant's devices are a run of subjects; the first run's
      // pointers are the group's, each later run gets one evidence entry naming its pointers and
      // count (one per distinct variant, not per device: 2,000 devices in two variants were two
      // observations, and must not become 1,000 entries). Differing counts are stated as their
      // range. A group whose devices all agree says what their own observations would.
      let order = memberIdx;
      const runEntries: Json[] = [];
      let countRange: string | undefined;
      let stated: [string, number | null] | undefined;
      let firstRun = count;
      if (text.includes(AT_TOKEN)) {
        const runs = new Map<string, number[]>();
        for (const i of memberIdx) {
          const v = members[i]!.groups.variants?.[group.checkIndex];
          if (v === undefined) throw new Error(`group ${group.hash} lacks a member's pointers`);
          const run = runs.get(v);
          if (run) run.push(i);
          else runs.set(v, [i]);
        }
        const parsed = [...runs].map(([v, list]) => ({ variant: JSON.parse(v) as [string, number | null], list }));
        stated = parsed[0]!.variant;
        const counts = parsed.map((r) => r.variant[1] ?? 0);
        const [min, max] = [Math.min(...counts), Math.max(...counts)];
        if (min !== max) countRange = `${min} to ${max}`;
        text = text.replaceAll(`${COUNT_TOKEN} checked`, countRange ? `${countRange} checked per device` : `${stated[1]} checked`);
        if (parsed.length > 1) {
          order = parsed.flatMap((r) => r.list);
          firstRun = parsed[0]!.list.length;
          let position = firstRun + 1;
          for (const { variant: [at, n], list } of parsed.slice(1)) {
            const last = position + list.length - 1;
            const which = list.length === 1 ? `Subject ${position} (${members[list[0]!]!.device.id})` : `Subjects ${position} to ${last} (${list.length} devices)`;
            const runProps = [prop('first-subject', String(position)), prop('subject-count', String(list.length)), ...(group.provenance ? [prop('values-read', at)] : []), ...(countRange && n !== null ? [prop('items-checked', String(n))] : [])];
            runEntries.push({ description: `${which}: values at ${at}${countRange && n !== null ? `; ${n} checked` : ''}, each in its own snapshot.`, props: runProps });
            position = last + 1;
          }
        }
      }
      const shared = splitShared(text);
      if (stated) shared.at = stated[0];
      let description = shared.description;
      const elsewhere = runEntries.length ? ` (${firstRun === 1 ? 'the first subject' : `the first ${firstRun} subjects`}; the others at the places the evidence entries name)` : '';
      if (count > 1) description += ` ${count} devices gave this result${shared.at ? `, read at ${shared.at} in each device's snapshot${elsewhere}` : ''}.`;
      else if (shared.at) description += ` Values read at ${shared.at}.`;
      if (group.provenance) description += " Where each value came from (export file, SHA-256): the snapshot's provenance table.";
      // The earliest expiry among the members (the first member's where several are equal).
      let expires: string | undefined;
      let expiresMs = Infinity;
      const column = expiryColumn(group.checkIndex);
      for (const i of memberIdx) {
        const ms = column[i]!;
        if (Number.isNaN(ms)) continue; // none (an expiry is always a valid instant: evaluate-check isoMs)
        if (expires === undefined || ms < expiresMs) [expires, expiresMs] = [members[i]!.groups.expires![group.checkIndex]!, ms];
      }
      // Each device's evidence is its snapshot, a back-matter resource with its SHA-256 that names
      // the device's inventory item (prop inventory-item-uuid); a single device's is cited here
      // directly. A list of 10,000 hrefs per check would be a third of the document.
      // Where values came with provenance, the pointers read, for a machine: with each device's
      // provenance table they give the per-value sources (export's checklists rebuild them).
      const statedProps = [...(group.provenance && shared.at ? [prop('values-read', shared.at)] : []), ...(countRange && stated?.[1] != null ? [prop('items-checked', String(stated[1]))] : [])];
      const valuesRead = statedProps.length ? { props: statedProps } : {};
      const evidence: Json[] = count === 1
        ? [{ href: `#${ids.resource(first.device.id)}`, description: `Snapshot of ${first.device.id} collected ${first.device.collectedAt}.`, ...valuesRead }]
        : [{ description: `The configuration snapshot of each of the ${count} subject devices: the back-matter resource (with its SHA-256) whose inventory-item-uuid prop is the subject's uuid.`, ...valuesRead }, ...runEntries];
      // The observation as JSON.stringify would write { uuid, title, ...shared, subjects,
      // relevant-evidence, collected, expires }, on one line (a record per line, as JSON Lines:
      // indenting a 10,000-device subject list over four lines a device would triple it). The
      // shared part is spliced in as the text it was stored as, not parsed and serialised again.
      const title = count === 1 ? `${check.id} on ${first.device.id}` : `${check.id} on ${count} devices`;
      const subjects = order.map((i) => subjectJson[i]).join(',');
      return new RawJson(`{"uuid":${JSON.stringify(uuids[g])},"title":${JSON.stringify(title)},"description":${JSON.stringify(description)}${shared.rest},"subjects":[${subjects}],"relevant-evidence":${JSON.stringify(evidence)},"collected":${JSON.stringify(collected)}${expires !== undefined ? `,"expires":${JSON.stringify(expires)}` : ''}}`);
    };
    const observations = new StreamedArray<RawJson>(function* () {
      for (const list of byCheck) for (const g of list) yield build(g);
    });
    return { observations, index, count: byCheck.reduce((n, l) => n + l.length, 0) };
  }
}

/** The end (past the closing quote) of the JSON string starting at `start` (its opening quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text.charCodeAt(i) !== 34 /* " */) {
    if (i >= text.length) throw new Error('grouped observation: unterminated string in its shared text');
    i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
  }
  return i + 1;
}

const DESCRIPTION_HEAD = '{"description":"';

/**
 * A group's stored text, `[check index, pointers read or null, shared part(, 1 when stale)]`, cut
 * where the writer needs it: the pointers, the shared part's description (its first key: see
 * observations.ts `observation`), and the shared part's other members as JSON text (",\"props\":…"),
 * so they are written as stored.
 */
function splitShared(text: string): { at: string | null; description: string; rest: string } {
  const atStart = text.indexOf(',') + 1;
  const atEnd = text.startsWith('null', atStart) ? atStart + 4 : stringEnd(text, atStart);
  const sharedStart = atEnd + 1;
  if (text.charCodeAt(atEnd) !== 44 || !text.startsWith(DESCRIPTION_HEAD, sharedStart)) throw new Error(`grouped observation: unexpected shared text ${text.slice(0, 80)}`);
  const descriptionEnd = stringEnd(text, sharedStart + DESCRIPTION_HEAD.length - 1);
  // The shared object closes before "]" (or ",1]" when stale).
  const sharedEnd = text.length - (text.endsWith(',1]') ? 3 : 1) - 1;
  if (text.charCodeAt(sharedEnd) !== 125 /* } */) throw new Error(`grouped observation: unexpected end of shared text ${text.slice(-40)}`);
  const atJson = text.slice(atStart, atEnd);
  return {
    at: atJson === 'null' ? null : (JSON.parse(atJson) as string),
    description: JSON.parse(text.slice(sharedStart + DESCRIPTION_HEAD.length - 1, descriptionEnd)) as string,
    rest: text.slice(descriptionEnd, sharedEnd),
  };
}
