// What the assessment results and the POA&M share: the weaknesses. Pure.
//
// A weakness is ONE risk, whatever number of controls and devices it touches (docs/poam.md):
// - `check:<CHECK-ID>`: a check that failed (or deviated) on one device or more, across every
//   control it is mapped to (DICOM-TLS once, not once per control);
// - `attestation:<control>[:<objectives>]`: a lapsed attestation, one awaiting review, or one the
//   system description expects and nobody supplied (`attestation:<control>`, state "missing");
// - `objective:<objective-id>`: an objective not satisfied for another reason (its evidence was
//   not collected on some device) and that no failing check explains.
// Each names the findings of the assessment results it makes not satisfied (control findings and
// objective findings, by the same uuids the results give them) and the observations behind it
// (by the uuids the results emit, through RunIds: grouping observations later changes nothing here).
import type { Check, Severity } from '../catalog/types.js';
import { SEVERITIES } from '../catalog/types.js';
import type { DeviationRecord } from '../evaluate/evaluate-check.js';
import type { Attestation } from '../attest/attestations.js';
import { isCatalogObjective, type ControlFinding } from '../assess/controls.js';
import type { Assessment } from '../assess/model.js';
import type { RunIds } from './run-ids.js';
import { attestationObservationUuid } from './attestations.js';
import { instantMs, isEarlier, type TimeText } from '../io/dates.js';

export type WeaknessKind = 'check' | 'attestation' | 'objective';
export type AttestationWeaknessState = 'lapsed' | 'awaiting-review' | 'missing';
export const WEAKNESS_KINDS: readonly WeaknessKind[] = ['check', 'attestation', 'objective'];

/** A finding of the assessment results: a control's (no objective) or an objective's. */
export interface FindingTarget {
  controlId: string;
  objectiveId?: string;
}

export interface Weakness {
  key: string;
  kind: WeaknessKind;
  /** The check id, the attested control (and objectives), or the objective id. */
  subject: string;
  /** Short human title ("DICOM-TLS: DICOM associations use TLS"). */
  title: string;
  /** Controls it touches, in finding (control-id) order. */
  controls: string[];
  /** The findings it makes not satisfied. */
  targets: FindingTarget[];
  severity: Severity;
  /** Devices failing now (checks), or whose evidence was not collected (objectives). */
  failing: string[];
  /** Devices where it fails under an approved deviation. */
  deviating: string[];
  /** The deviations in force, once each (device order). */
  deviations: DeviationRecord[];
  /** The lapsed attestations (attestation weaknesses). */
  attestations: Attestation[];
  /** Attestation weaknesses: lapsed, attested awaiting review, or expected and none supplied. */
  attestationState?: AttestationWeaknessState;
  checkId?: string;
  /** Checks whose evidence was not collected (objective weaknesses). */
  missingChecks: string[];
  /**
   * The device/check pairs not collected: an objective weakness's, the observations behind it; a
   * check weakness's, those under the objectives its failure leaves not satisfied (the AR's finding
   * names them too: the item lists every device not shown, not only those failing).
   */
  missingPairs: Array<{ deviceId: string; checkId: string }>;
  remediation: string;
  /**
   * The earliest collection in this run showing it (RFC 3339); for a lapsed attestation, the day
   * after it lapsed (a day, YYYY-MM-DD: no instant of it is known); for a missing one, the run's earliest snapshot collection (the start of the
   * assessment window: no collection shows an absence, and the run's clock never dates one).
   */
  shownSince: string;
}

export const controlFindingUuid = (ids: RunIds, controlId: string): string => ids.run.uuid('finding', controlId);
export const objectiveFindingUuid = (ids: RunIds, objectiveId: string): string => ids.run.uuid('finding', objectiveId);
export const findingUuidOf = (ids: RunIds, t: FindingTarget): string => (t.objectiveId ? objectiveFindingUuid(ids, t.objectiveId) : controlFindingUuid(ids, t.controlId));

const RANK: Record<Severity, number> = { 'CAT I': 3, 'CAT II': 2, 'CAT III': 1 };
const highest = (list: readonly Severity[]): Severity => list.reduce<Severity>((m, s) => (RANK[s] > RANK[m] ? s : m), 'CAT III');

/** A lapsed attestation is a documentation lapse, not a technical weakness: CAT III (docs/poam.md). */
export const ATTESTATION_SEVERITY: Severity = SEVERITIES[2]!;

function attestationKey(a: Attestation): string {
  return `attestation:${a.controlId}${a.objectives?.length ? `:${a.objectives.join('+')}` : ''}`;
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The objective findings the results emit for a control (its own target is the control finding;
 * a requirement the profile added has none): as assessment-results.ts objectiveFindingsOf.
 */
function emitted(f: ControlFinding, objectiveId: string): boolean {
  return objectiveId !== f.targetId && isCatalogObjective(f, objectiveId);
}

/** Every weakness of the assessment, checks (catalog order) first, then objectives, then attestations. */
export function weaknessesOf(a: Pick<Assessment, 'findings' | 'checks' | 'devices'>): Weakness[] {
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  // Parsed once: a fleet's failing devices are asked again for every weakness.
  const collected = new Map(a.devices.map((d): [string, TimeText] => [d.id, { text: d.collectedAt, at: instantMs(d.collectedAt) }]));
  // The earliest by the instant named, not by text ("09:00+05:00" is before "06:00Z"), as
  // timeWindow orders them. One pass: no sorting of a fleet's times per weakness.
  const since = (devices: readonly string[]): string => {
    let first: TimeText | undefined;
    for (const d of devices) {
      const t = collected.get(d);
      if (t && isEarlier(t, first)) first = t;
    }
    return first?.text ?? '';
  };
  const windowStart = since(a.devices.map((d) => d.id));
  const byCheck = new Map<string, Weakness>();
  // Device sets per check weakness: a fleet's check can fail on 10,000 devices over several controls.
  const failingSeen = new Map<string, Set<string>>();
  const deviatingSeen = new Map<string, Set<string>>();
  const missingSeen = new Map<Weakness, Set<string>>();
  const once = (seen: Map<string, Set<string>>, key: string, device: string): boolean => {
    let set = seen.get(key);
    if (!set) seen.set(key, (set = new Set()));
    if (set.has(device)) return false;
    set.add(device);
    return true;
  };
  const byObjective: Weakness[] = [];
  const byAttestation = new Map<string, Weakness>();
  const addTarget = (w: Weakness, t: FindingTarget) => {
    if (!w.targets.some((x) => x.controlId === t.controlId && x.objectiveId === t.objectiveId)) w.targets.push(t);
    if (!w.controls.includes(t.controlId)) w.controls.push(t.controlId);
  };
  const blank = (key: string, kind: WeaknessKind, subject: string, title: string, severity: Severity, remediation: string): Weakness => ({
    key, kind, subject, title, controls: [], targets: [], severity, failing: [], deviating: [], deviations: [], attestations: [], missingChecks: [], missingPairs: [], remediation, shownSince: '',
  });

  for (const f of a.findings) {
    if (f.state !== 'not-satisfied') continue;
    const controlTarget: FindingTarget = { controlId: f.controlId };
    // Checks that failed or deviated on this control.
    const bad = new Set([...f.failing, ...f.deviations].map((x) => x.checkId));
    const failingHere = new Set(f.failing.map((x) => x.checkId));
    const touch = (check: Check): Weakness => {
      let w = byCheck.get(check.id);
      if (!w) byCheck.set(check.id, (w = { ...blank(`check:${check.id}`, 'check', check.id, `${check.id}: ${check.title}`, check.severity, check.remediation), checkId: check.id }));
      return w;
    };
    for (const x of f.failing) {
      const w = touch(checksById.get(x.checkId)!);
      if (once(failingSeen, x.checkId, x.deviceId)) w.failing.push(x.deviceId);
    }
    for (const x of f.deviations) {
      const w = touch(checksById.get(x.checkId)!);
      if (once(deviatingSeen, x.checkId, x.deviceId)) w.deviating.push(x.deviceId);
      if (!w.deviations.some((d) => d.source === x.deviation.source)) w.deviations.push(x.deviation);
    }
    for (const checkId of bad) {
      const w = byCheck.get(checkId)!;
      addTarget(w, controlTarget);
      for (const o of f.objectives) if (o.state === 'not-satisfied' && o.checkIds.includes(checkId) && emitted(f, o.objectiveId)) addTarget(w, { controlId: f.controlId, objectiveId: o.objectiveId });
    }
    // Objectives not satisfied for another reason than a failing check, or for one more: a lapsed
    // attestation, one awaiting review, evidence not collected.
    for (const o of f.objectives) {
      if (o.state !== 'not-satisfied') continue;
      // Attested and otherwise satisfied, its statement's ODP undefined (withUndefinedOdps): no weakness
      // to remediate on the POA&M, as its partially assessed control has none; the finding says why.
      if (o.undefinedOdps?.length) continue;
      const explained = o.checkIds.some((c) => bad.has(c));
      const covering = (f.attestations ?? []).filter((x) => o.attestedBy?.includes(x.key));
      // A lapsed attestation keeps the objective from satisfied by itself, whatever the checks say
      // (docs/attestations.md): its own weakness even beside a failing check, which fixing the
      // check would not renew. One awaiting review matters only where nothing else decides the
      // objective: a review would not mend a failed check or evidence not collected.
      const lapsed = covering.filter((x) => x.status === 'expired');
      const unreviewed = lapsed.length || explained || o.notCollectedCount > 0 ? [] : covering.filter((x) => x.status === 'valid' && !x.reviewedBy);
      for (const x of [...lapsed, ...unreviewed]) {
        const key = attestationKey(x);
        const expired = x.status === 'expired';
        let w = byAttestation.get(key);
        if (!w) {
          byAttestation.set(key, (w = blank(key, 'attestation', key.slice('attestation:'.length),
            expired ? `${x.controlId.toUpperCase()}: attestation lapsed ${x.expires}` : `${x.controlId.toUpperCase()}: attested by ${x.who.name}, awaiting review`, ATTESTATION_SEVERITY,
            expired
              ? `Renew the attestation of ${x.controlId} (${x.method.toLowerCase()}) with current evidence, and have an assessor other than the attester review it.`
              : `Have an assessor other than ${x.who.name} review the attestation of ${x.controlId} and its evidence, and record the review (reviewed-by).`)));
          w.shownSince = expired ? dayAfter(x.expires) : x.when;
          w.attestationState = expired ? 'lapsed' : 'awaiting-review';
        }
        if (!w.attestations.includes(x)) w.attestations.push(x);
        addTarget(w, controlTarget);
        if (emitted(f, o.objectiveId)) addTarget(w, { controlId: f.controlId, objectiveId: o.objectiveId });
      }
      // Only a check that fails on a device can carry another device's evidence not collected: an
      // item whose check only deviates is accepted by the deviation, which accepts the devices it
      // names, never a stale or missing snapshot elsewhere (that stays an open objective item).
      const carriers = o.notCollectedCount > 0 ? o.checkIds.filter((c) => failingHere.has(c)) : [];
      if (explained && (o.notCollectedCount === 0 || carriers.length > 0)) {
        // Evidence not collected under an objective a failing check explains: named by that
        // check's item, which would otherwise leave a device the finding names on no item.
        if (o.notCollectedCount > 0) {
          const missing = f.notCollected.filter((x) => o.checkIds.includes(x.checkId));
          for (const checkId of carriers) {
            const w = byCheck.get(checkId);
            if (!w) continue;
            // A Set per weakness: a fleet's objective can leave thousands of pairs not collected (a list's some was quadratic).
            let seen = missingSeen.get(w);
            if (!seen) missingSeen.set(w, (seen = new Set()));
            for (const x of missing) {
              const pair = `${x.deviceId}\u0000${x.checkId}`;
              if (seen.has(pair)) continue;
              seen.add(pair);
              w.missingPairs.push({ deviceId: x.deviceId, checkId: x.checkId });
            }
          }
        }
        continue;
      }
      if (!explained && !lapsed.length && !unreviewed.length && o.attestationMissing) {
        const key = `attestation:${f.controlId}`;
        let w = byAttestation.get(key);
        if (!w) {
          byAttestation.set(key, (w = blank(key, 'attestation', f.controlId, `${f.controlId.toUpperCase()}: attestation expected, none supplied`, ATTESTATION_SEVERITY,
            `Supply an attestation of ${f.controlId} with its evidence (the system description declares it evidenced by attestation; docs/attestations.md), and have an assessor other than the attester review it.`)));
          w.attestationState = 'missing';
          w.shownSince = windowStart;
        }
        addTarget(w, controlTarget);
        if (emitted(f, o.objectiveId)) addTarget(w, { controlId: f.controlId, objectiveId: o.objectiveId });
        continue;
      }
      // Evidence not collected is a weakness of its own beside a lapsed attestation: renewing it
      // would leave the objective not shown.
      if (o.notCollectedCount === 0) continue;
      const missing = f.notCollected.filter((x) => o.checkIds.includes(x.checkId));
      const checks = [...new Set(missing.map((x) => x.checkId))];
      const w = blank(`objective:${o.objectiveId}`, 'objective', o.objectiveId, `${o.objectiveId}: evidence not collected`,
        highest(checks.map((c) => checksById.get(c)?.severity ?? 'CAT III')),
        `Collect the evidence ${checks.join(', ')} need${checks.length === 1 ? 's' : ''} on every device (collect/collect.ps1 records it) and assess again.`);
      w.failing = [...new Set(missing.map((x) => x.deviceId))];
      w.missingChecks = checks;
      w.missingPairs = missing.map((x) => ({ deviceId: x.deviceId, checkId: x.checkId }));
      addTarget(w, controlTarget);
      if (emitted(f, o.objectiveId)) addTarget(w, { controlId: f.controlId, objectiveId: o.objectiveId });
      byObjective.push(w);
    }
  }
  const checkOrder = new Map(a.checks.map((c, i) => [c.id, i]));
  const out = [
    ...[...byCheck.values()].sort((x, y) => checkOrder.get(x.subject)! - checkOrder.get(y.subject)!),
    ...byObjective,
    ...byAttestation.values(),
  ];
  for (const w of out) {
    if (w.kind === 'check') w.missingPairs.sort((x, y) => (x.deviceId < y.deviceId ? -1 : x.deviceId > y.deviceId ? 1 : x.checkId < y.checkId ? -1 : x.checkId > y.checkId ? 1 : 0));
    w.failing.sort();
    w.deviating.sort();
    if (!w.shownSince) w.shownSince = since([...w.failing, ...w.deviating]);
  }
  return out;
}

/** Whether any observation stands behind a weakness: none for an attestation nobody supplied. */
export function weaknessHasObservations(w: Pick<Weakness, 'kind' | 'failing' | 'deviating' | 'missingPairs' | 'attestations'>): boolean {
  return w.kind === 'check' ? w.failing.length + w.deviating.length > 0 : w.kind === 'objective' ? w.missingPairs.length > 0 : w.attestations.length > 0;
}

/**
 * The uuids of the observations behind a weakness, as the assessment results emit them: through
 * the results' observation index (grouped by result there, so devices may share one), each once.
 * For a check's `risk`, only its failing and deviating devices' (the risk states those devices);
 * its item and finding also cite the evidence not collected under its objectives (`missingPairs`).
 */
export function* weaknessObservationUuids(index: { of(deviceId: string, checkId: string): string }, ids: RunIds, w: Pick<Weakness, 'kind' | 'checkId' | 'failing' | 'deviating' | 'missingPairs' | 'attestations'>, present?: (deviceId: string) => boolean, cited: 'risk' | 'item' = 'item'): Generator<string> {
  const keep = present ?? (() => true);
  const seen = new Set<string>();
  const once = (u: string) => (seen.has(u) ? false : (seen.add(u), true));
  if (w.kind === 'check') for (const d of [...w.failing, ...w.deviating]) if (keep(d)) { const u = index.of(d, w.checkId!); if (once(u)) yield u; }
  if (w.kind !== 'check' || cited === 'item') for (const x of w.missingPairs) if (keep(x.deviceId)) { const u = index.of(x.deviceId, x.checkId); if (once(u)) yield u; }
  for (const x of w.attestations) yield attestationObservationUuid(ids, x);
}

/** Per finding uuid, the risk uuids of the weaknesses that make it not satisfied. */
export function risksByFinding(ids: RunIds, list: ReadonlyArray<{ targets: readonly FindingTarget[]; riskUuid: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of list) {
    for (const t of w.targets) {
      const u = findingUuidOf(ids, t);
      const l = out.get(u);
      if (l) {
        if (!l.includes(w.riskUuid)) l.push(w.riskUuid);
      } else out.set(u, [w.riskUuid]);
    }
  }
  return out;
}
