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
import { createHash } from 'node:crypto';
import type { Check } from '../catalog/types.js';
import type { CheckResult } from '../evaluate/evaluate-check.js';
import type { PlainWording } from '../evaluate/plain-wording.js';
import type { AssessedDevice } from '../assess/model.js';
import { RawJson, StreamedArray } from '../io/json-stream.js';
import type { Span, Spool } from '../io/spool.js';
import type { Json } from './common.js';
import { observation } from './observations.js';
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

/** Members' per-device fields, never part of what a group shares. */
const PER_DEVICE = new Set(['uuid', 'title', 'subjects', 'relevant-evidence', 'collected', 'expires']);

/** "Snapshot of X collected T; values at P." → "P" (or undefined for "(none)"). */
function valuesAt(evidence: unknown): string | undefined {
  const d = Array.isArray(evidence) && evidence[0] && typeof (evidence[0] as Json).description === 'string' ? ((evidence[0] as Json).description as string) : '';
  const at = d.indexOf('; values at ');
  if (at < 0) return undefined;
  const v = d.slice(at + '; values at '.length).replace(/\.$/, '');
  return v === '(none)' ? undefined : v;
}

/** Times may carry offsets: compared as instants. */
function earlier(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

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
}

/** Computes group keys on the thread that evaluates (a worker, or the main thread). */
export class GroupKeyer {
  private readonly sent = new Set<string>();
  private readonly checkIndex: Map<string, number>;

  /** `actors` and `plain` as for observations.ts `observation`: part of the shared key. */
  constructor(private readonly checks: readonly Check[], private readonly actors?: Json[], private readonly plain?: PlainWording) {
    this.checkIndex = new Map(checks.map((c, i) => [c.id, i]));
  }

  keys(results: readonly CheckResult[], device: AssessedDevice, ids: RunIds): ResultKey[] {
    const out: ResultKey[] = [];
    for (const r of results) {
      const ci = this.checkIndex.get(r.checkId);
      if (ci === undefined) continue;
      const obs = observation(r, this.checks[ci]!, device, ids, this.actors, this.plain);
      const shared: Json = {};
      for (const [k, v] of Object.entries(obs)) if (!PER_DEVICE.has(k)) shared[k] = v;
      const text = JSON.stringify([ci, valuesAt(obs['relevant-evidence']) ?? null, shared]);
      const hash = createHash('sha256').update(text).digest('hex');
      const key: ResultKey = { ci, hash, provenance: Boolean((obs['relevant-evidence'] as Json[])[0]?.props) };
      if (!this.sent.has(hash)) {
        this.sent.add(hash);
        key.text = text;
      }
      if (typeof obs.expires === 'string') key.expires = obs.expires;
      out.push(key);
    }
    return out;
  }
}

/** Sorts each device's observations into groups as it is evaluated (on the main thread: it owns the spool). */
export class ObservationGrouper {
  private readonly index = new Map<string, number>();
  private readonly groups: Group[] = [];
  private readonly checkIndex: Map<string, number>;
  private readonly keyer: GroupKeyer;

  constructor(private readonly checks: readonly Check[], private readonly spool: Spool) {
    this.checkIndex = new Map(checks.map((c, i) => [c.id, i]));
    this.keyer = new GroupKeyer(checks);
  }

  add(results: readonly CheckResult[], device: AssessedDevice, ids: RunIds): DeviceGroups {
    return this.addKeys(this.keyer.keys(results, device, ids));
  }

  /** A device's keys, from any thread: a group's text is the same whoever computed it. */
  addKeys(keys: readonly ResultKey[]): DeviceGroups {
    const groups = new Int32Array(this.checks.length).fill(-1);
    let expires: DeviceGroups['expires'];
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
      if (k.expires !== undefined) (expires ??= new Array<string | undefined>(this.checks.length))[k.ci] = k.expires;
    }
    return expires ? { groups, expires } : { groups };
  }

  /** The grouped observations of the devices kept (in device order), and their index. */
  finish(members: ReadonlyArray<{ device: AssessedDevice; groups: DeviceGroups }>, ids: RunIds, spool: Spool): { observations: StreamedArray<RawJson>; index: ObservationIndex; count: number } {
    const { checks, groups } = this;
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
    const build = (g: number): RawJson => {
      const group = groups[g]!;
      const check = checks[group.checkIndex]!;
      const [, at, shared] = JSON.parse(spool.read(group.span).toString('utf8')) as [number, string | null, Json];
      const list = memberLists[g]!.map((i) => members[i]!);
      let description = typeof shared.description === 'string' ? shared.description : '';
      if (list.length > 1) description += ` ${list.length} devices gave this result${at ? `, read at ${at} in each device's snapshot` : ''}.`;
      else if (at) description += ` Values read at ${at}.`;
      if (group.provenance) description += " Where each value came from (export file, SHA-256): the snapshot's provenance table.";
      const collected = list.reduce((min, m) => (earlier(m.device.collectedAt, min) ? m.device.collectedAt : min), list[0]!.device.collectedAt);
      let expires: string | undefined;
      for (const m of list) {
        const e = m.groups.expires?.[group.checkIndex];
        if (e !== undefined && (expires === undefined || earlier(e, expires))) expires = e;
      }
      const out: Json = {
        uuid: uuids[g],
        title: list.length === 1 ? `${check.id} on ${list[0]!.device.id}` : `${check.id} on ${list.length} devices`,
      };
      for (const [k, v] of Object.entries(shared)) out[k] = k === 'description' ? description : v;
      out.subjects = list.map((m) => ({ 'subject-uuid': ids.item(m.device.id), type: 'inventory-item' }));
      // Each device's evidence is its snapshot, a back-matter resource with its SHA-256 that names
      // the device's inventory item (prop inventory-item-uuid); a single device's is cited here
      // directly. A list of 10,000 hrefs per check would be a third of the document.
      out['relevant-evidence'] = list.length === 1
        ? [{ href: `#${ids.resource(list[0]!.device.id)}`, description: `Snapshot of ${list[0]!.device.id} collected ${list[0]!.device.collectedAt}.` }]
        : [{ description: `The configuration snapshot of each of the ${list.length} subject devices: the back-matter resource (with its SHA-256) whose inventory-item-uuid prop is the subject's uuid.` }];
      // The earliest collection and expiry among the members: the group is no fresher than its oldest evidence.
      out.collected = collected;
      if (expires !== undefined) out.expires = expires;
      // One observation per line (a record per line, as JSON Lines): indenting a 10,000-device
      // subject list over four lines a device would triple it.
      return new RawJson(JSON.stringify(out));
    };
    const observations = new StreamedArray<RawJson>(function* () {
      for (const list of byCheck) for (const g of list) yield build(g);
    });
    return { observations, index, count: byCheck.reduce((n, l) => n + l.length, 0) };
  }
}
