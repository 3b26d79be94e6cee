// Device-level and control-level drift. Pure: the clock is ctx.now and each snapshot's collectedAt.
import { ControlAggregator, findingsOnDay, partialWhyCounts, partialWhys, withUndefinedOdps, type ControlFinding } from '../assess/controls.js';
import { summarise } from '../assess/summary.js';
import { countStatus, emptyLayerCounts, type LayerCounts } from '../assess/layer-counts.js';
import { inPartOf, type Check } from '../catalog/types.js';
import type { CheckStatus, DeviationRecord } from '../evaluate/evaluate-check.js';
import { evaluateCheck, EVIDENCE_MAX_AGE_PARAM, lapseWords, makeContext, passLapse, statusAtCollection } from '../evaluate/evaluate-check.js';
import { namedFieldValue, namedObserved, plainNames } from '../catalog/check-wording.js';
import { plainField } from '../evaluate/test-eval.js';
import { inOneLine } from '../io/errors.js';
import { PlainWording } from '../evaluate/plain-wording.js';
import { LAYERS, type Layer } from '../snapshot/types.js';
import { portableLabel, sideFilePath } from '../io/display-path.js';
import { dayEnds, dayFirstEndUtc, instantMs } from '../io/dates.js';
import { checksReading, diffSettings, sameSnapshot } from './settings.js';
import { otherConsole, serialOf } from '../snapshot/serial.js';
import { leanSnapshot, metadataChanges } from './side.js';
import { internEntry, Interner } from './intern.js';
import type {
  AssessedDevice, AssessedSide, CheckChange, ControlTransition, DeviceDrift, Drift, DriftContext, DueGroup, DueItem, FailMode, FailOn, SettingChange, SideInfo, TimeDrift, TrendPoint,
} from './types.js';
import { DRIFT_FORMAT_VERSION } from './types.js';

/** Control states from best to worst: a move down is a regression, a move up a remediation. */
const STATE_RANK: Record<ControlFinding['state'], number> = { satisfied: 2, partial: 1, 'not-satisfied': 0 };

/** Statuses that count as "holding" for a check: anything else is a problem to report. */
const OK: ReadonlySet<CheckStatus> = new Set(['pass', 'not-applicable']);
/** Cap on the device/check pairs listed per control (the total is given when cut). */
export const MAX_RESPONSIBLE = 1000;
/** A certificate or deviation expiring within this many days of the report clock is listed as due. */
export const DUE_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

function whatOf(check: Check): TimeDrift['what'] {
  const reads = check.reads.join(' ');
  if (reads.includes('signatureUpdatedAt')) return 'signature-age';
  if (reads.includes('timeSync')) return 'time-sync';
  if (reads.includes('certificates[].notAfter')) return 'certificate-expiry';
  return 'other';
}

function emptyLayers(): Record<Layer, Required<LayerCounts>> {
  return Object.fromEntries(LAYERS.map((l) => [l, emptyLayerCounts()])) as Record<Layer, Required<LayerCounts>>;
}

function countInto(layers: Record<Layer, Required<LayerCounts>>, checks: readonly Check[], statuses: readonly CheckStatus[]): void {
  statuses.forEach((s, i) => countStatus(layers[checks[i]!.layer], s));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const isoMs = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * What finish() needs of a side of a device: its statuses and the deviation behind each status
 * "deviation" (not the texts: the comparison was made in add(), and a fleet's texts are most of
 * its memory).
 */
interface Kept {
  statuses: readonly CheckStatus[];
  deviations?: ReadonlyMap<string, DeviationRecord>;
  /** The deviation that had expired behind a failing check (the AR's expired-deviation), by check id. */
  expired?: ReadonlyMap<string, DeviationRecord>;
  /** The console's serial number, where the snapshot gives one (which console the id named). */
  serial?: string;
}

function keptOf(d: AssessedDevice): Kept {
  let deviations: Map<string, DeviationRecord> | undefined;
  let expired: Map<string, DeviationRecord> | undefined;
  for (const [checkId, det] of d.details) {
    if (det.deviation) (deviations ??= new Map()).set(checkId, det.deviation);
    if (det.expiredDeviation) (expired ??= new Map()).set(checkId, det.expiredDeviation);
  }
  return { statuses: d.statuses, ...(deviations ? { deviations } : {}), ...(expired ? { expired } : {}), ...serialOf(d.snapshot) };
}

const serialKey = (serial: string | undefined): string | undefined => serial?.trim().toLowerCase() || undefined;

/**
 * Ids whose NEW console is one OLD knew under another id (its serial moved to an id that OLD gave
 * another serial): two consoles swapped ids, or exports were mislabelled. Comparing such an id
 * compares two consoles, so what got better on it shows no fix. A console replaced under its id (a
 * new serial OLD never saw) or renamed (to an id OLD did not have) is not one of them.
 */
function swappedIds(entries: ReadonlyMap<string, DeviceEntry>): Map<string, { oldSerial: string; newSerial: string; wasId: string }> {
  const oldIdOf = new Map<string, string>();
  for (const [id, e] of entries) {
    const k = serialKey(e.old?.serial);
    if (k) oldIdOf.set(k, id);
  }
  const out = new Map<string, { oldSerial: string; newSerial: string; wasId: string }>();
  for (const [id, e] of entries) {
    if (!e.old?.serial || !e.new?.serial || !otherConsole(e.old.serial, e.new.serial)) continue;
    const wasId = oldIdOf.get(serialKey(e.new.serial)!);
    if (wasId !== undefined && wasId !== id) out.set(id, { oldSerial: e.old.serial, newSerial: e.new.serial, wasId });
  }
  return out;
}

/**
 * A device in both runs that changed only by the clock: no setting changed (a timestamp that moves
 * with every collection aside) and every check that moved did so with time alone (cause `time`). A
 * deviation, stale evidence or what was collected is another cause, so such a device is not counted.
 */
export function changedOnlyByClock(d: Pick<DeviceDrift, 'presence' | 'settings' | 'checks'>): boolean {
  return d.presence === 'both' && d.checks.length > 0 && d.checks.every((c) => c.cause === 'time') && d.settings.every((s) => s.volatile);
}

/** What the builder keeps of one device: both sides' statuses, its drift and what comes due. */
export interface DeviceEntry {
  old?: Kept;
  new?: Kept;
  drift: DeviceDrift;
  due: DueItem[];
  changed: boolean;
}

/** "between NEW's clock (…) and OLD's (…), the later (…)": said of a change read backwards (OLD judged after NEW). */
function laterOld(old: AssessedDevice, neu: AssessedDevice): string {
  return `between NEW's clock (${neu.deviationsAt ?? neu.collectedAt}) and OLD's (${old.deviationsAt ?? old.collectedAt}), the later one (the runs are compared backwards)`;
}

/**
 * The per-device part of the drift: one device's comparison, from its two assessed sides (which
 * hold the snapshots) to the compact `DeviceEntry` the builder keeps. Pure: depends only on the
 * context and the sides' labels, so a worker thread can run it (`diff --jobs`, ./pool.ts) and post
 * the entry back; the entry is plain, cloneable data.
 */
export class DeviceComparer {
  readonly checkIndex: Map<string, number>;
  private readonly nowMs: number;
  /** The checks' required texts with the run's parameters, built on the first time message. */
  private plain?: PlainWording;

  /** `labels`: how the user named each side (device files are shown relative to them). */
  constructor(readonly ctx: DriftContext, private readonly labels: { old: string; new: string }) {
    this.checkIndex = new Map(ctx.checks.map((c, i) => [c.id, i]));
    this.nowMs = instantMs(ctx.now);
  }

  /**
   * Compares one device: either side may be absent (a device added or removed).
   * `settings`: diffSettings(old, new) when the caller computed it already (see assessAgainst).
   * `redo`: redoChecks(old, new) when the caller computed it: the checks whose texts can differ
   * between the sides. Any other check reads the same values on both (the premise of
   * assessAgainst), so its observed text is the same: a side without it (a pass) takes the other's
   * instead of evaluating the check again (a stale NEW turns most of OLD's passes into changes).
   */
  entryOf(old: AssessedDevice | undefined, neu: AssessedDevice | undefined, settings?: SettingChange[], redo?: ReadonlySet<string>): DeviceEntry {
    if (!old && !neu) throw new Error('DriftBuilder.add needs at least one side');
    const id = (neu ?? old)!.id;
    const drift: DeviceDrift = {
      deviceId: id,
      presence: old && neu ? 'both' : neu ? 'added' : 'removed',
      ...(old ? { old: { collectedAt: old.collectedAt, file: sideFilePath(old.file, this.labels.old), sha256: old.sha256 } } : {}),
      ...(neu ? { new: { collectedAt: neu.collectedAt, file: sideFilePath(neu.file, this.labels.new), sha256: neu.sha256 } } : {}),
      settings: [],
      checks: [],
      time: [],
    };
    const due: DueItem[] = neu ? this.dueOf(neu) : [];
    let changed = true;
    if (old && neu) {
      drift.settings = settings ?? (sameSnapshot(old, neu) ? [] : diffSettings(old.snapshot, neu.snapshot, this.ctx));
      this.compareChecks(old, neu, drift, redo);
      changed = drift.checks.length > 0 || drift.settings.some((s) => !s.volatile);
    }
    return {
      ...(old ? { old: keptOf(old) } : {}),
      ...(neu ? { new: keptOf(neu) } : {}),
      drift,
      due,
      changed,
    };
  }

  private compareChecks(old: AssessedDevice, neu: AssessedDevice, drift: DeviceDrift, redo?: ReadonlySet<string>): void {
    const checks = this.ctx.checks;
    const touched = new Map<string, SettingChange[]>();
    for (const s of drift.settings) for (const c of s.checks) (touched.get(c) ?? touched.set(c, []).get(c)!).push(s);
    // Evidence stale at one side's clock and not at the other's: every check that applies is not collected on that side.
    const staleMoved = !!old.stale !== !!neu.stale;
    let metadata: ReturnType<typeof metadataChanges> | undefined;
    // OLD judged at a later clock than NEW (`diff` of a later run first): a deviation's changes are
    // labelled in the calendar's direction, as a reader of either run would, never by the order given.
    const backwards = old.deviationsAt !== undefined && neu.deviationsAt !== undefined && instantMs(old.deviationsAt) > instantMs(neu.deviationsAt);
    for (let i = 0; i < checks.length; i++) {
      const a = old.statuses[i];
      const b = neu.statuses[i];
      if (a === b) continue;
      const check = checks[i]!;
      const transition: CheckChange['transition'] = a && OK.has(a) && b && !OK.has(b) ? 'regressed' : a && !OK.has(a) && b && OK.has(b) ? 'remediated' : 'changed';
      const od = old.details.get(check.id);
      const nd = neu.details.get(check.id);
      // A change's checks are those it can move (settings.ts checksAffectedBy): a change to an item
      // the check does not select by name (another service than WinDefend) is no cause of its change.
      const settings = touched.get(check.id) ?? [];
      let cause: CheckChange['cause'];
      // A deviation's expiry is the calendar's; granting or withdrawing one is the organisation's decision.
      // Read backwards (OLD the later side), a deviation in force at NEW's clock that OLD's found
      // expired is that expiry, and one only OLD has was granted in between (the reverse withdrawn).
      if (a === 'deviation' && b === 'fail' && nd?.expiredDeviation) cause = 'deviation';
      else if (a === 'fail' && b === 'deviation' && od?.expiredDeviation && (backwards || od.expiredDeviation.expires === nd?.deviation?.expires)) cause = 'deviation';
      else if (a === 'fail' && b === 'deviation') cause = backwards ? 'deviation-withdrawn' : 'deviation-granted';
      else if (a === 'deviation' && b === 'fail') cause = backwards ? 'deviation-granted' : 'deviation-withdrawn';
      else if (staleMoved) cause = 'stale';
      else if (settings.some((s) => !s.volatile)) cause = 'setting';
      else {
        // No setting it reads changed: the collection metadata it reads may have (docs/drift.md),
        // also for a check judged by the clock: a value now credited to another source moved it, not the clock.
        metadata ??= metadataChanges(old.snapshot, neu.snapshot);
        const byMetadata = metadata.find((m) => m.fields.some((f) => checksReading(f, this.ctx).includes(check.id)))?.cause;
        cause = byMetadata ?? (this.ctx.timeChecks.has(check.id) ? 'time' : settings.length ? 'setting' : 'unknown');
      }
      const change: CheckChange = {
        checkId: check.id,
        layer: check.layer,
        ...(a ? { old: a } : {}),
        ...(b ? { new: b } : {}),
        transition,
        cause,
        ...(a ? { oldObserved: od ? od.observed : nd && redo && !redo.has(check.id) && !neu.partial ? nd.observed : this.observed(check, old) } : {}),
        ...(b ? { newObserved: nd ? nd.observed : this.observed(check, neu) } : {}),
        ...(nd ?? od ? { expected: (nd ?? od)!.expected } : {}),
        ...(a === 'not-collected' && od?.reason ? { oldReason: od.reason } : {}),
        ...(b === 'not-collected' && nd?.reason ? { newReason: nd.reason } : {}),
      };
      drift.checks.push(change);
      const sides = { ...(a ? { old: a } : {}), ...(b ? { new: b } : {}) };
      if (cause === 'time' || cause === 'deviation') {
        const what = cause === 'deviation' ? 'deviation-expiry' : whatOf(check);
        const message = cause !== 'deviation'
          ? this.clockMessage(check, neu, settings, b === 'not-collected' ? nd?.reason : undefined, nd)
          : a === 'fail'
            ? `deviation ${od?.expiredDeviation?.source ?? ''} expired on ${od?.expiredDeviation?.expires ?? '?'}, ${laterOld(old, neu)}: ${check.id} is a documented deviation in NEW and fails in OLD`.replace('  ', ' ')
            : `deviation ${nd?.expiredDeviation?.source ?? ''} expired on ${nd?.expiredDeviation?.expires ?? '?'}: ${check.id} now fails`.replace('  ', ' ');
        drift.time.push({ checkId: check.id, layer: check.layer, what, ...sides, message });
      } else if (cause === 'deviation-granted' || cause === 'deviation-withdrawn') {
        // The deviation is the one on the side that has it: NEW's read forwards, OLD's backwards.
        const given = (b === 'deviation' ? nd : od)?.deviation;
        const message = backwards
          ? cause === 'deviation-granted'
            ? `the organisation granted a deviation (${given?.source ?? ''}, expires ${given?.expires ?? '?'}) ${laterOld(old, neu)}: ${check.id} fails in NEW and is a documented deviation in OLD`
            : `the deviation for ${check.id} (${given?.source ?? ''}) was withdrawn before it expired, ${laterOld(old, neu)}: ${check.id} is a documented deviation in NEW and fails in OLD`
          : cause === 'deviation-granted'
            ? `the organisation granted a deviation (${given?.source ?? ''}, expires ${given?.expires ?? '?'}): ${check.id} still fails, now a documented deviation`
            : `the deviation for ${check.id} (${given?.source ?? ''}) no longer applies and had not expired (withdrawn from the deviations given): ${check.id} fails`;
        (drift.decisions ??= []).push({ checkId: check.id, layer: check.layer, what: cause, ...sides, message });
      }
    }
  }

  /**
   * The message of a change the clock alone made. A pass that lapsed (now not collected, its reason
   * naming the collection, the lapse and the assessment) is said with that reason: the value seen
   * met the requirement at collection, and the value beside the requirement would read as a fail
   * at that instant. Otherwise what the check saw at NEW's collection against what it requires.
   */
  private clockMessage(check: Check, neu: AssessedDevice, settings: readonly SettingChange[], lapsed: string | undefined, nd: { observed: string; expected: string } | undefined): string {
    const only = settings.length ? ` (only ${settings.map((s) => settingInWords(check, s)).join(', ')})` : '';
    if (lapsed) return `with no configuration change${only}: ${lapsed}`;
    return `at ${neu.collectedAt}, with no configuration change${only}: ${nd ? this.seenAndRequired(check, nd.observed, nd.expected) : 'now passes'}`;
  }

  /**
   * A time message's value and requirement: the message is for people, so both in the words the AR's
   * description uses (namedObserved, the wording's required text with the run's parameters;
   * docs/documents.md "Values: raw for machines, named for people"). The raw pair stays in the
   * check change's `newObserved` / `expected`. A check without wording keeps its raw texts.
   */
  private seenAndRequired(check: Check, observed: string, expected: string): string {
    this.plain ??= new PlainWording(this.ctx.params.values());
    return `${namedObserved(check, observed)} (required: ${this.plain.required(check) ?? expected})`;
  }

  /**
   * What a check saw on a device where it passed (or did not apply): the results keep texts only
   * for the checks that did not pass, and a remediated check's row must show the new value.
   */
  private observed(check: Check, d: AssessedDevice): string {
    // The snapshot was redacted when read (src/snapshot/load.ts): its texts hold no secret.
    return evaluateCheck(check, leanSnapshot(d.snapshot), this.ctx.params).observed;
  }

  /**
   * What comes due by the report clock plus DUE_WITHIN_DAYS without a new collection (lapsed before
   * the clock, or lapsing within the window), each with the earliest moment it stops being a pass:
   * a check passing at collection whose clock rule lapses (signatures' age, time sync, a
   * certificate's remaining days, an OS's support end: passLapse, the rule the evaluator judges
   * lapsed passes by; for a console-local time whose zone is unknown, its earliest end), the
   * evidence's own max age (one row per device: every pass lapses with it, so a rule lapsing after
   * it is not listed), a deviation that has expired or expires soon, and a certificate nearing
   * expiry. Judged from the snapshot, not from the side's statuses: a pass lapsed by the clock is
   * no pass there, and a pass still holding at the clock has not lapsed yet.
   */
  private dueOf(d: AssessedDevice): DueItem[] {
    const due: DueItem[] = [];
    const horizon = this.nowMs + DUE_WITHIN_DAYS * DAY_MS;
    const lean = leanSnapshot(d.snapshot);
    const ec = makeContext(lean, this.ctx.params, { now: this.ctx.now });
    const staleAt = ec.age?.staleAtMs ?? Infinity;
    const checks = this.ctx.checks;
    for (const id of this.ctx.timeChecks) {
      const check = checks[this.checkIndex.get(id)!]!;
      if (statusAtCollection(check, lean, ec) !== 'pass') continue;
      const b = passLapse(check, lean, ec);
      if (!b || b.ms >= staleAt || b.ms > horizon) continue;
      due.push({ deviceId: d.id, checkId: id, what: whatOf(check), due: isoDate(b.ms), at: isoMs(b.ms), message: `passed at collection (${d.collectedAt}), but ${lapseWords(b, this.nowMs)}` });
    }
    if (ec.age && staleAt <= horizon) {
      const at = isoMs(staleAt);
      const when = staleAt <= this.nowMs ? `has been stale since ${at}` : `turns stale at ${at}`;
      due.push({ deviceId: d.id, what: 'evidence-age', due: isoDate(staleAt), at, message: `the evidence collected ${d.collectedAt} ${when}, older than the ${ec.age.maxAgeDays} days accepted (${EVIDENCE_MAX_AGE_PARAM}): from then no result of it is a pass or not applicable, a new collection is needed` });
    }
    for (const [checkId, det] of d.details) {
      const dev = det.deviation;
      if (!dev) continue;
      // The expiry is a day with no zone: the deviation is in force until it ends at UTC+14:00 (applyDeviations).
      const expiresMs = dayEnds(dev.expires)!.firstMs;
      const at = dayFirstEndUtc(dev.expires);
      if (expiresMs < this.nowMs) {
        due.push({ deviceId: d.id, checkId, what: 'deviation-expiry', due: dev.expires, at, message: `the deviation for ${checkId} (${dev.source}) expired on ${dev.expires} (that day ended at UTC+14:00, ${at}); at ${this.ctx.now} the check fails` });
      } else if (expiresMs - this.nowMs <= DUE_WITHIN_DAYS * DAY_MS) {
        due.push({ deviceId: d.id, checkId, what: 'deviation-expiry', due: dev.expires, at, message: `the deviation for ${checkId} (${dev.source}) expires on ${dev.expires} (when that day ends at UTC+14:00, ${at}), within ${DUE_WITHIN_DAYS} days of ${this.ctx.now.slice(0, 10)}` });
      }
    }
    // A certificate nearing expiry is listed even where the catalog's check still passes.
    const certs = d.snapshot.encryption?.certificates ?? [];
    for (const c of certs) {
      const na = instantMs(c.notAfter);
      if (Number.isNaN(na)) continue;
      if (na - this.nowMs <= DUE_WITHIN_DAYS * DAY_MS) {
        const days = Math.floor((na - this.nowMs) / DAY_MS);
        due.push({
          deviceId: d.id,
          what: 'certificate-expiry',
          due: isoDate(na),
          message: days < 0 ? `certificate "${c.subject}" expired on ${isoDate(na)}` : `certificate "${c.subject}" expires on ${isoDate(na)}, ${days} day(s) after ${this.ctx.now.slice(0, 10)}`,
        });
      }
    }
    return due;
  }
}

/**
 * Accumulates device pairs one at a time (so `monitor` can stream a fleet) and builds the Drift.
 * Only compact per-device results are kept (statuses and the drift of changed devices); the
 * snapshots are not retained.
 */
export class DriftBuilder {
  private readonly oldAgg: ControlAggregator;
  private readonly newAgg: ControlAggregator;
  private readonly entries = new Map<string, DeviceEntry>();
  private readonly strings = new Interner();
  private readonly oldKept = new Map<string, Kept>();
  private readonly newKept = new Map<string, Kept>();
  private readonly oldLayers = emptyLayers();
  private readonly newLayers = emptyLayers();
  private devices: DeviceDrift[] = [];
  private due: DueItem[] = [];
  private readonly checkIndex: Map<string, number>;
  /** The per-device part, on this thread. */
  readonly comparer: DeviceComparer;
  private readonly summary: Drift['summary'] = {
    devices: { old: 0, new: 0, compared: 0, added: 0, removed: 0, changed: 0, unchanged: 0, byClock: 0 },
    settings: { added: 0, removed: 0, changed: 0 },
    checks: { regressed: 0, remediated: 0, changed: 0, failingNew: 0 },
    controls: { regressed: 0, remediated: 0, unverified: 0, stillFailing: 0, newlyAssessed: 0, noLongerAssessed: 0, satisfiedOld: 0, satisfiedNew: 0, partialOld: 0, partialNew: 0 },
    time: 0,
    decisions: 0,
    due: 0,
  };

  /**
   * `days`: the day (YYYY-MM-DD) each side's attestations are judged on, as its deviations are;
   * by default the side's date (`at`).
   */
  constructor(readonly ctx: DriftContext, readonly oldInfo: SideInfo, readonly newInfo: SideInfo, private readonly days: { old?: string; new?: string } = {}) {
    // Each side's checks as its own run showed them (DriftContext.sideChecks): same ids and order, the
    // selection objectives shown in part as that side's ODP values make them.
    this.oldAgg = new ControlAggregator(this.checksOf('old'), ctx.lookupControl, ctx.baseline, ctx.selected);
    this.newAgg = new ControlAggregator(this.checksOf('new'), ctx.lookupControl, ctx.baseline, ctx.selected);
    this.comparer = new DeviceComparer(ctx, { old: oldInfo.label, new: newInfo.label });
    this.checkIndex = this.comparer.checkIndex;
  }

  private feed(side: 'old' | 'new', id: string, { statuses, deviations }: Kept): void {
    const agg = side === 'old' ? this.oldAgg : this.newAgg;
    const checks = this.ctx.checks;
    agg.addDevice(id, statuses, (checkId) => deviations?.get(checkId));
    countInto(side === 'old' ? this.oldLayers : this.newLayers, checks, statuses);
    if (side === 'new') this.summary.checks.failingNew += statuses.filter((s) => s === 'fail').length;
  }

  /**
   * Compares one device: either side may be absent (a device added or removed). Returns its
   * drift. Adding the same device again replaces what was added before (a later snapshot of it).
   * `settings`: diffSettings(old, new) when the caller computed it already (see assessAgainst).
   */
  add(old: AssessedDevice | undefined, neu: AssessedDevice | undefined, settings?: SettingChange[]): DeviceDrift {
    const entry = this.comparer.entryOf(old, neu, settings);
    this.accept(entry);
    return entry.drift;
  }

  /**
   * Keeps a device's comparison made by `DeviceComparer.entryOf` (on this thread or a worker's,
   * see ./pool.ts), replacing what was kept of the same device before.
   */
  accept(entry: DeviceEntry): void {
    // Kept until finish(): one copy of each text the fleet repeats (./intern.ts).
    this.entries.set(entry.drift.deviceId, internEntry(entry, this.strings));
  }


  private transitions(oldF: ControlFinding[], newF: ControlFinding[], unchanged: NonNullable<Drift['unchangedBasis']>): ControlTransition[] {
    const out: ControlTransition[] = [];
    const byId = new Map(oldF.map((f) => [f.controlId, f]));
    const assessed = (f: ControlFinding | undefined, kept: Map<string, Kept>) => !!f && (isAttested(f) || (kept.size > 0 && f.passCount + f.failing.length + f.deviations.length > 0));
    const ids = [...new Set([...newF.map((f) => f.controlId), ...oldF.map((f) => f.controlId)])];
    const newById = new Map(newF.map((f) => [f.controlId, f]));
    for (const id of ids) {
      const o = byId.get(id);
      // A control attested on one side only: the other side's finding is "not assessed".
      const n = newById.get(id) ?? { ...o!, attestations: [], passCount: 0, failing: [], deviations: [], notCollected: [] };
      // Not satisfied in OLD with only "not collected" results (its evidence stale, lapsed or not
      // exported): assess of OLD says not satisfied, so OLD's state is that, as NEW's is below.
      // The same for NEW, and on either side a control not satisfied only because the attestation the
      // system description expects was never supplied: assess lists it, so the drift does too.
      const wasAssessed = assessed(o, this.oldKept) || notSatisfiedUnshown(o, this.oldKept);
      const isAssessed = assessed(n, this.newKept) || notSatisfiedUnshown(n, this.newKept);
      if (wasAssessed && o!.state === 'satisfied') this.summary.controls.satisfiedOld++;
      if (isAssessed && n.state === 'satisfied') this.summary.controls.satisfiedNew++;
      if (wasAssessed && o!.state === 'partial') this.summary.controls.partialOld!++;
      if (isAssessed && n.state === 'partial') this.summary.controls.partialNew!++;
      let transition: ControlTransition['transition'] | undefined;
      // Shown by no result in NEW but not satisfied there as assess says (its evidence not
      // collected, stale or lapsed): still failing when it was not satisfied in OLD, regressed when
      // it was satisfied or partially assessed: evidence that lapsed is a loss the scheduler must
      // see (--fail-on regression), as assess of NEW reports it. Otherwise, not satisfied in OLD
      // never leaves the list without a new observation: when a device that kept it from
      // satisfied is missing from NEW, unverified ("not assessed this time"); a control once
      // satisfied, or whose devices all reported, is no longer assessed.
      if (!wasAssessed && isAssessed) transition = 'newly-assessed';
      else if (wasAssessed && !isAssessed && this.newKept.size > 0 && n.state === 'not-satisfied') transition = o!.state === 'not-satisfied' ? 'still-failing' : 'regressed';
      else if (wasAssessed && !isAssessed) transition = o!.state !== 'satisfied' && this.blamePairs(o!, this.oldKept).some((p) => !this.newKept.has(p.deviceId)) ? 'unverified' : 'no-longer-assessed';
      else if (!wasAssessed && !isAssessed) continue;
      else if (STATE_RANK[n.state] < STATE_RANK[o!.state]) transition = 'regressed';
      // Better only because a device that made OLD worse is missing from NEW: its evidence
      // vanished, nothing shows a fix (a device not collected this time is not a remediation).
      else if (STATE_RANK[n.state] > STATE_RANK[o!.state]) transition = this.blamePairs(o!, this.oldKept).some((p) => !this.newKept.has(p.deviceId) || this.swapped.has(p.deviceId)) ? 'unverified' : 'remediated';
      else if (n.state === 'not-satisfied') transition = 'still-failing';
      if (!transition) {
        // Unchanged and not listed: still qualified where its state rests on more than the checks.
        const basis = isAssessed && n.state !== 'not-satisfied' ? this.basisOf(n) : undefined;
        if (basis) unchanged.push({ controlId: n.controlId, title: n.title, state: n.state as 'satisfied' | 'partial', newBasis: basis });
        continue;
      }
      const blame = transition === 'remediated' || transition === 'unverified' || transition === 'no-longer-assessed' ? o! : n;
      const pairs = this.blamePairs(blame, blame === o ? this.oldKept : this.newKept);
      // Still failing with nothing shown in NEW: OLD's pairs on devices missing from NEW are named too.
      if (transition === 'still-failing' && !assessed(n, this.newKept)) pairs.push(...this.blamePairs(o!, this.oldKept).filter((p) => !this.newKept.has(p.deviceId)));
      pairs.sort((x, y) => (x.deviceId < y.deviceId ? -1 : x.deviceId > y.deviceId ? 1 : x.checkId < y.checkId ? -1 : x.checkId > y.checkId ? 1 : 0));
      // A fail whose deviation has expired is a qualification the reports must not cut off: those pairs
      // come first, so drift.json, drift.md and the monitoring PDF keep them whatever the cut.
      const expiredOf = (p: { deviceId: string; checkId: string }) => {
        const kept = this.newKept.get(p.deviceId);
        return kept?.statuses[this.checkIndex.get(p.checkId)!] === 'fail' ? kept.expired?.get(p.checkId) : undefined;
      };
      const qualified = pairs.filter((p) => expiredOf(p));
      if (qualified.length && qualified.length < pairs.length) pairs.splice(0, pairs.length, ...qualified, ...pairs.filter((p) => !expiredOf(p)));
      const lapsed = (blame.attestations ?? []).filter((x) => x.status === 'expired').map((x) => ({ name: x.who.name, expires: x.expires }));
      // The old side judged with its own attestations (ctx.old): those this run's file no longer holds.
      const now = this.ctx.attestations ?? [];
      const withdrawn = this.ctx.old ? (o?.attestations ?? []).filter((x) => !now.some((y) => y.controlId === x.controlId && y.who.name === x.who.name && y.when === x.when && y.expires === x.expires)).map((x) => ({ name: x.who.name, when: x.when })) : [];
      const responsible = pairs.slice(0, MAX_RESPONSIBLE).map((p) => {
        const i = this.checkIndex.get(p.checkId)!;
        const os = this.oldKept.get(p.deviceId)?.statuses[i];
        const ns = this.newKept.get(p.deviceId)?.statuses[i];
        // A fail whose deviation has expired says so, as the AR's observation does (expired-deviation):
        // "fail → fail" alone would hide that the fail was excused until the deviation ran out.
        const ex = expiredOf(p);
        return { deviceId: p.deviceId, checkId: p.checkId, ...(os ? { old: os } : {}), ...(ns ? { new: ns } : {}), ...(ex ? { expiredDeviation: { approver: ex.approver, expires: ex.expires } } : {}) };
      });
      const t: ControlTransition = {
        controlId: n.controlId,
        title: n.title,
        transition,
        ...(wasAssessed ? { old: o!.state } : {}),
        ...(isAssessed || transition === 'still-failing' || transition === 'regressed' ? { new: n.state } : {}),
        inBaseline: n.inBaseline,
        responsible,
        ...(pairs.length > MAX_RESPONSIBLE ? { responsibleTotal: pairs.length } : {}),
        ...(lapsed.length ? { lapsed } : {}),
        ...(withdrawn.length ? { withdrawn } : {}),
        ...(blame.attestationMissing && blame.state !== 'satisfied' ? { attestationMissing: true as const } : {}),
      };
      const odpsChanged = this.odpsChangedOf(n.controlId, !!(o?.attestations?.length || n.attestations?.length), this.inPartDiffers(n.controlId));
      if (odpsChanged) t.odpsChanged = odpsChanged;
      const basis = t.new !== undefined ? this.basisOf(n) : undefined;
      if (basis) t.newBasis = basis;
      out.push(t);
      const key = ({ regressed: 'regressed', remediated: 'remediated', unverified: 'unverified', 'still-failing': 'stillFailing', 'newly-assessed': 'newlyAssessed', 'no-longer-assessed': 'noLongerAssessed' } as const)[transition];
      this.summary.controls[key]++;
    }
    // Regressions first, then remediations, then the rest; catalog order within each.
    const rank: Record<ControlTransition['transition'], number> = { regressed: 0, remediated: 1, unverified: 2, 'newly-assessed': 3, 'no-longer-assessed': 4, 'still-failing': 5 };
    return out.map((t, i) => ({ t, i })).sort((x, y) => rank[x.t.transition] - rank[y.t.transition] || x.i - y.i).map((x) => x.t);
  }

  /**
   * What a NEW finding rests on that assess's finding words beside its state (finding-description.hbs,
   * pdf-control.hbs): attestations, reviews not confirmed as an assessor's, an attested control's
   * undefined ODPs (withUndefinedOdps, as assess and monitor), checks that show it only in part.
   */
  private basisOf(f: ControlFinding): ControlTransition['newBasis'] {
    const attested = f.attestations ?? [];
    const undefinedOdps = attested.length ? f.undefinedOdps ?? [] : [];
    const reviewerUnconfirmed = this.ctx.team !== undefined && this.ctx.team.length === 0 && attested.some((x) => x.reviewedBy !== undefined);
    // A check shown in part qualifies what the checks show: a satisfied or partially assessed state
    // (a not-satisfied one claims nothing the part would overstate).
    const inPart = f.state === 'not-satisfied' ? [] : f.checkIds.flatMap((id) => {
      const i = this.checkIndex.get(id);
      const why = i === undefined ? undefined : inPartOf(this.checksOf('new')[i]!, f.controlId);
      return why ? [{ checkId: id, why }] : [];
    });
    if (!attested.length && !inPart.length) return undefined;
    return {
      ...(attested.length ? { attestations: attested.length } : {}),
      ...(reviewerUnconfirmed ? { reviewerUnconfirmed: true as const } : {}),
      // Named as the AR and the PDF name them (the catalog's label beside each id: withUndefinedOdps).
      ...(undefinedOdps.length ? { undefinedOdps, undefinedOdpNames: f.undefinedOdpNames ?? undefinedOdps } : {}),
      ...(inPart.length ? { inPart } : {}),
    };
  }

  /** The device/check pairs that keep a finding from satisfied: failing, deviating, not collected, or (partial) not shown. */
  private blamePairs(f: ControlFinding, kept: Map<string, Kept>): Array<{ deviceId: string; checkId: string }> {
    return [...f.failing, ...f.deviations.map((x) => ({ deviceId: x.deviceId, checkId: x.checkId })), ...f.notCollected, ...this.notShownPairs(f, kept)];
  }

  /** The findings as `assess` reports them on `day`: with the attestations given by then. */
  private withAttestations(findings: ControlFinding[], day: string, side: 'old' | 'new'): ControlFinding[] {
    // The old side's own, where the caller knows them (monitor: what the previous run recorded).
    const own = side === 'old' ? this.ctx.old : undefined;
    const all = own ? own.attestations : this.ctx.attestations ?? [];
    const expected = own ? own.expectedAttestations : this.ctx.expectedAttestations ?? [];
    const { baseline, selected } = this.ctx;
    // As assess: a --profile's list replaces the baseline's.
    const inScope = (id: string) => (selected ? selected.has(id) : this.ctx.lookupControl(id)?.baselines.includes(baseline) ?? false);
    const onDay = findingsOnDay(findings, { all, expected, day }, this.ctx.lookupControl, inScope);
    // As assess and monitor: an attestation does not satisfy a control whose ODPs nothing defines
    // (partially assessed), so drift's verdict is theirs (one function, withUndefinedOdps).
    // Each side with the ODPs its own run defined where its package records them (SideInfo.ownOdps), else this run's.
    return this.ctx.odps ? withUndefinedOdps(onDay, this.ctx.odps.of, this.definedOdps(side), this.ctx.odps.label, this.ctx.odps.inserts) : onDay;
  }

  /** The checks a side is judged with: as its own run showed them where its ODP values are recorded, else this run's. */
  private checksOf(side: 'old' | 'new'): readonly Check[] {
    return this.ctx.sideChecks?.[side] ?? this.ctx.checks;
  }

  /** The ODPs a side is judged with: its own run's where recorded, else this run's. */
  private definedOdps(side: 'old' | 'new'): ReadonlySet<string> {
    return this.ctx.odps?.bySide?.[side] ?? this.ctx.odps?.defined ?? new Set();
  }

  /**
   * An attested control's ODPs, or those of one whose checks show a selection objective differently,
   * one side defines and the other does not (ControlTransition.odpsChanged): undefined where the sides
   * agree, or neither side has an attestation of it nor shows it differently.
   */
  /**
   * Whether the sides' checks show a control's objectives in part differently: only their selection
   * objectives can (each side's ODP values, DriftContext.sideChecks), so its ODPs are a cause of its move.
   */
  private inPartDiffers(controlId: string): boolean {
    const old = this.checksOf('old');
    const neu = this.checksOf('new');
    if (old === neu) return false;
    return neu.some((c, i) => c.controls.includes(controlId) && inPartOf(c, controlId) !== inPartOf(old[i]!, controlId));
  }

  private odpsChangedOf(controlId: string, attested: boolean, shownByChecks: boolean): ControlTransition['odpsChanged'] {
    const odps = this.ctx.odps;
    if (!odps || !(attested || shownByChecks)) return undefined;
    const own = odps.of(controlId).filter((id) => id.includes('_odp'));
    const old = this.definedOdps('old');
    const neu = this.definedOdps('new');
    const name = (id: string): string => {
      const label = odps.label?.(controlId, id);
      return label ? `${id} (${label})` : id;
    };
    const definedOnlyOld = own.filter((id) => old.has(id) && !neu.has(id)).map(name);
    const definedOnlyNew = own.filter((id) => neu.has(id) && !old.has(id)).map(name);
    // Where the checks show a selection objective differently, a value changed between runs that both defined it moves it too.
    const values = odps.valuesBySide;
    const definedOtherwise = shownByChecks && values?.old && values.new ? own.filter((id) => values.old!.has(id) && values.new!.has(id) && values.old!.get(id) !== values.new!.get(id)).map(name) : [];
    if (!definedOnlyOld.length && !definedOnlyNew.length && !definedOtherwise.length) return undefined;
    return { definedOnlyOld, definedOnlyNew, ...(shownByChecks ? { shownByChecks: true as const, ...(attested ? { attested: true as const } : {}), ...(definedOtherwise.length ? { definedOtherwise } : {}) } : {}) };
  }

  /**
   * For a partially assessed control: the device/check pairs that left an objective not shown
   * (a check not applicable there, without `not-applicable: satisfies`). Deduplicated.
   */
  private notShownPairs(f: ControlFinding, kept: Map<string, Kept>): Array<{ deviceId: string; checkId: string }> {
    if (f.state !== 'partial') return [];
    const seen = new Set<string>();
    const out: Array<{ deviceId: string; checkId: string }> = [];
    for (const o of f.objectives) {
      if (o.state !== 'not-shown') continue;
      for (const deviceId of o.notShownDevices) {
        for (const checkId of o.checkIds) {
          const i = this.checkIndex.get(checkId)!;
          const check = this.ctx.checks[i]!;
          if (kept.get(deviceId)?.statuses[i] !== 'not-applicable' || check.notApplicable === 'satisfies') continue;
          const key = `${deviceId}\u0000${checkId}`;
          if (!seen.has(key)) out.push({ deviceId, checkId });
          seen.add(key);
        }
      }
    }
    return out;
  }

  private finished = false;
  /** Ids whose console in NEW is another one than in OLD (swappedIds), set by finish(). */
  private swapped = new Map<string, { oldSerial: string; newSerial: string; wasId: string }>();

  /** Builds the Drift; call once, after every device was added. */
  finish(): Drift {
    if (this.finished) throw new Error('DriftBuilder.finish called twice');
    this.finished = true;
    const sm = this.summary;
    this.swapped = swappedIds(this.entries);
    for (const id of [...this.entries.keys()].sort()) {
      const e = this.entries.get(id)!;
      const swap = this.swapped.get(id);
      if (swap) {
        // Two consoles under one id: a check better on it shows no fix (see swappedIds).
        e.drift.identity = swap;
        e.drift.checks = e.drift.checks.map((c) => (c.transition === 'remediated' ? { ...c, transition: 'changed' } : c));
        sm.devices.swapped = (sm.devices.swapped ?? 0) + 1;
      }
      if (e.old) {
        this.feed('old', id, e.old);
        this.oldKept.set(id, e.old);
        sm.devices.old++;
      }
      if (e.new) {
        this.feed('new', id, e.new);
        this.newKept.set(id, e.new);
        sm.devices.new++;
      }
      const d = e.drift;
      if (d.presence === 'added') sm.devices.added++;
      else if (d.presence === 'removed') sm.devices.removed++;
      else {
        sm.devices.compared++;
        if (e.changed) {
          sm.devices.changed++;
          if (changedOnlyByClock(d)) sm.devices.byClock = (sm.devices.byClock ?? 0) + 1;
        } else sm.devices.unchanged++;
      }
      for (const s of d.settings) sm.settings[s.kind]++;
      for (const c of d.checks) {
        if (c.transition === 'regressed') sm.checks.regressed++;
        else if (c.transition === 'remediated') sm.checks.remediated++;
        else sm.checks.changed++;
      }
      sm.time += d.time.length;
      sm.decisions = (sm.decisions ?? 0) + (d.decisions?.length ?? 0);
      if (d.presence !== 'both' || d.settings.length || d.checks.length) this.devices.push(d);
      this.due.push(...e.due);
    }
    const oldF = this.withAttestations(this.oldAgg.findings(), this.days.old ?? this.oldInfo.at, 'old');
    const newF = this.withAttestations(this.newAgg.findings(), this.days.new ?? this.newInfo.at, 'new');
    const unchangedBasis: NonNullable<Drift['unchangedBasis']> = [];
    const controls = this.transitions(oldF, newF, unchangedBasis);
    // The satisfied / not satisfied / partial counts of each side: from the one summary model
    // assess prints (assess/summary.ts), so the report says what the package says for the same inputs.
    const oldCounts = this.sideCounts(oldF, this.oldKept);
    const newCounts = this.sideCounts(newF, this.newKept);
    this.summary.controls.satisfiedOld = oldCounts.satisfied;
    this.summary.controls.satisfiedNew = newCounts.satisfied;
    this.summary.controls.partialOld = oldCounts.partial;
    this.summary.controls.partialNew = newCounts.partial;
    this.summary.controls.partialWhysNew = newCounts.partialWhys;
    // The old side's reasons too: its partial controls are counted from its own findings, as its AR's result would say them.
    this.summary.controls.partialWhysOld = oldCounts.partialWhys;
    this.due.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0) || (a.due ?? '').localeCompare(b.due ?? '') || (a.checkId ?? '').localeCompare(b.checkId ?? '') || a.message.localeCompare(b.message));
    // One row per (device, thing, moment): a certificate listed twice (two purposes, one subject) is said once.
    this.due = this.due.filter((x, i, all) => i === 0 || dueKey(x, true) !== dueKey(all[i - 1]!, true));
    this.summary.due = this.due.length;
    const dueGroups = groupDue(this.due);
    this.summary.dueGroups = dueGroups.length;
    const point = (info: SideInfo, layers: TrendPoint['layers'], c: TrendPoint['controls']): TrendPoint => ({ at: info.at, label: portableLabel(info.label), layers, controls: c });
    const oldDevices = this.oldKept.size;
    const newDevices = this.newKept.size;
    // The devices' statuses are judged: what is left to write is the drift. A caller holds the
    // builder while it writes the reports; the fleet's statuses need not be held with it.
    this.entries.clear();
    this.oldKept.clear();
    this.newKept.clear();
    return {
      driftVersion: DRIFT_FORMAT_VERSION,
      now: this.ctx.now,
      configDigest: this.ctx.configDigest,
      old: { ...this.oldInfo, label: portableLabel(this.oldInfo.label), devices: oldDevices },
      new: { ...this.newInfo, label: portableLabel(this.newInfo.label), devices: newDevices },
      summary: this.summary,
      controls,
      ...(unchangedBasis.length ? { unchangedBasis } : {}),
      devices: this.devices,
      due: this.due,
      dueGroups,
      // The trend keeps the three counts alone (the reasons are the summary's).
      trend: { old: point(this.oldInfo, this.oldLayers, threeCounts(oldCounts)), new: point(this.newInfo, this.newLayers, threeCounts(newCounts)) },
    };
  }

  /** A side's control counts as assess's summary gives them (a side without devices: its attested controls only). */
  private sideCounts(f: ControlFinding[], kept: Map<string, Kept>): { satisfied: number; notSatisfied: number; partial: number; partialWhys: ReturnType<typeof partialWhyCounts> } {
    const findings = kept.size > 0 ? f : f.filter(isAttested);
    const outcomes = new Map([...kept].map(([id, k]) => [id, { statuses: [...k.statuses], details: new Map() }]));
    const { satisfied, notSatisfied, partial } = summarise(kept.size, this.ctx.checks, outcomes, findings, []).controls;
    // Why the partial ones are partial (objectives left are one reason of several), from the same findings.
    return { satisfied, notSatisfied, partial, partialWhys: partialWhyCounts(findings.filter((x) => x.state === 'partial').map(partialWhys)) };
  }
}

function threeCounts(c: { satisfied: number; notSatisfied: number; partial: number }): { satisfied: number; notSatisfied: number; partial: number } {
  return { satisfied: c.satisfied, notSatisfied: c.notSatisfied, partial: c.partial };
}

/** Not satisfied with nothing shown: its devices' evidence not collected (stale, lapsed, not exported), or its expected attestation missing. */
function notSatisfiedUnshown(f: ControlFinding | undefined, kept: Map<string, Kept>): boolean {
  return !!f && f.state === 'not-satisfied' && ((kept.size > 0 && f.notCollected.length > 0) || f.attestationMissing === true);
}

function isAttested(f: ControlFinding): boolean {
  return (f.attestations?.length ?? 0) > 0;
}

/** What makes two rows of `due` one: the thing and the moment, and (withDevice) the device. */
function dueKey(x: DueItem, withDevice: boolean): string {
  return [withDevice ? x.deviceId : '', x.what, x.checkId ?? '', x.at ?? '', x.due ?? '', x.message].join('\u0000');
}

/**
 * `due` (one row per device) grouped into the rows the reports show: the devices that come due at
 * the same moment for the same reason (the same what, check, instant or day and message; the
 * message names no device), in order of that moment, then check and message; devices by id.
 */
export function groupDue(due: readonly DueItem[]): DueGroup[] {
  const groups = new Map<string, DueGroup>();
  for (const x of due) {
    const k = dueKey(x, false);
    const g = groups.get(k);
    if (g) {
      if (g.devices[g.devices.length - 1] !== x.deviceId) g.devices.push(x.deviceId);
      g.count = g.devices.length;
    } else {
      groups.set(k, { what: x.what, ...(x.checkId !== undefined ? { checkId: x.checkId } : {}), ...(x.due !== undefined ? { due: x.due } : {}), ...(x.at !== undefined ? { at: x.at } : {}), message: x.message, count: 1, devices: [x.deviceId] });
    }
  }
  const when = (g: DueGroup) => g.at ?? (g.due !== undefined ? dayFirstEndUtc(g.due) : '');
  return [...groups.values()].sort((a, b) => when(a).localeCompare(when(b)) || (a.checkId ?? '').localeCompare(b.checkId ?? '') || a.message.localeCompare(b.message));
}

/** Drift between two whole sides (devices by id). */
export function computeDrift(old: AssessedSide, neu: AssessedSide, ctx: DriftContext): Drift {
  const b = new DriftBuilder(ctx, old.info, neu.info);
  const ids = [...new Set([...old.devices.keys(), ...neu.devices.keys()])].sort();
  for (const id of ids) b.add(old.devices.get(id), neu.devices.get(id));
  return b.finish();
}

/**
 * Exit code for `--fail-on`: 3 when one of its modes trips, else 0. `regression`: a control went
 * from satisfied to not satisfied. `fail`: any check fails on the new side (deviations do not
 * count). `missing`: a device of the old side is absent from the new one, or an input of the new
 * run could not be read (monitor --keep-going): what the fleet showed before is no longer shown.
 */
export function failOnExit(drift: Drift, modes: FailOn): 0 | 3 {
  const trips = (mode: FailMode): boolean =>
    mode === 'regression' ? drift.summary.controls.regressed > 0
      : mode === 'fail' ? drift.summary.checks.failingNew > 0
      : drift.summary.devices.removed > 0 || (drift.unreadable?.length ?? 0) > 0;
  return modes.some(trips) ? 3 : 0;
}


/**
 * A setting change as a sentence names it (docs/documents.md "Values: raw for machines, named for
 * people"): the field by the check's plain name (plainField, as the AR's texts name it; a list
 * item's field by its name within the item, the item's identity after it), each value with the
 * wording's name for it. drift.json's settings keep the path and the raw values.
 */
export function settingInWords(check: Check, s: Pick<SettingChange, 'path' | 'field' | 'old' | 'new'>): string {
  const ctx = { fieldNames: plainNames(check) };
  const parts = s.field.split('[]');
  const inItem = parts.length > 1 ? parts[parts.length - 1]!.replace(/^\./, '') : undefined;
  const named = ctx.fieldNames?.[s.field] !== undefined || !inItem ? plainField(s.field, ctx) : plainField(inItem, ctx);
  // The item's identity, as the path keys it ("access.accounts[emsfse].lastLogon" -> "emsfse"): a console's text, in one line.
  const item = parts.length > 1 && s.path.startsWith(`${parts[0]}[`) && s.path.endsWith(`]${parts[parts.length - 1]}`)
    ? inOneLine(s.path.slice(parts[0]!.length + 1, s.path.length - parts[parts.length - 1]!.length - 1))
    : undefined;
  const value = (v: unknown) => (v === undefined ? 'not present' : inOneLine(namedFieldValue(check, s.field, typeof v === 'string' ? v : JSON.stringify(v))));
  return `${named}${item !== undefined ? ` (${item})` : ''} ${value(s.old)} → ${value(s.new)}`;
}
