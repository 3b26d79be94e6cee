// Manual attestations in OSCAL: each is an observation (method INTERVIEW or EXAMINE) whose origin
// is the assessor who reviewed it (the attester, while it awaits review) and whose subject is what
// was attested (the system, the SSP's this-system component); the attester is named in its props.
// It cites its evidence file from the back-matter. Pure.
// uuids come from the run key (attestations are written at the end, with the findings).
import { extname } from 'node:path';
import type { Attestation } from '../attest/attestations.js';
import { inputFileName } from '../io/display-path.js';
import { dayFirstEnd, dayFirstStart } from '../io/dates.js';
import { prop, type Json } from './common.js';
import type { RunIds } from './run-ids.js';
import { teamPartyOf, type AssessmentTeam } from './assessors.js';

export function attestationObservationUuid(ids: RunIds, a: Pick<Attestation, 'key'>): string {
  return ids.run.uuid('observation', 'attestation', a.key);
}

export function attesterPartyUuid(ids: RunIds, a: Pick<Attestation, 'who'>): string {
  return ids.run.uuid('party', a.who.name, a.who.role);
}

/** The reviewer of an attestation, as a party. */
export function reviewerPartyUuid(ids: RunIds, reviewer: { name: string }): string {
  return ids.run.uuid('party', 'reviewer', reviewer.name);
}

/** The SSP's this-system component (oscal/ssp.ts defines it under this uuid). */
export function thisSystemUuid(ids: RunIds): string {
  return ids.run.uuid('ssp', 'component', 'this-system');
}

export function attestationResourceUuid(ids: RunIds, a: Pick<Attestation, 'evidenceHref'>): string {
  return ids.run.uuid('resource', 'attestation-evidence', a.evidenceHref);
}

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function evidenceMediaType(href: string): string {
  return MEDIA_TYPES[extname(href).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The people who attested and reviewed, once each, in order of first appearance. A reviewer the
 * run names as assessor or team member is that party of the metadata (teamMetadata), not another.
 */
export function attesterParties(list: readonly Attestation[], ids: RunIds, team?: AssessmentTeam): Json[] {
  const seen = new Map<string, Json>();
  for (const a of list) {
    const uuid = attesterPartyUuid(ids, a);
    if (!seen.has(uuid)) seen.set(uuid, { uuid, type: 'person', name: a.who.name, props: [prop('job-title', a.who.role)] });
  }
  for (const a of list) {
    if (!a.reviewedBy || teamPartyOf(ids, team, a.reviewedBy.name)) continue;
    const uuid = reviewerPartyUuid(ids, a.reviewedBy);
    if (!seen.has(uuid)) seen.set(uuid, { uuid, type: 'person', name: a.reviewedBy.name, ...(a.reviewedBy.role ? { props: [prop('job-title', a.reviewedBy.role)] } : {}) });
  }
  return [...seen.values()];
}

export function attestationObservation(a: Attestation, ids: RunIds, team?: AssessmentTeam): Json {
  // Origin: who stands behind this observation, the reviewing assessor (as the party and role the
  // run names them by); until reviewed, only the attester.
  const asAssessor = a.reviewedBy ? teamPartyOf(ids, team, a.reviewedBy.name) : undefined;
  const origin = asAssessor ? asAssessor.uuid : a.reviewedBy ? reviewerPartyUuid(ids, a.reviewedBy) : attesterPartyUuid(ids, a);
  return {
    uuid: attestationObservationUuid(ids, a),
    title: `Attestation of ${a.controlId.toUpperCase()} by ${a.who.name}${a.reviewedBy ? `, reviewed by ${a.reviewedBy.name}` : ' (awaiting review)'}`,
    description: a.reviewedBy ? a.statement : `${a.statement}\n\nAttested, awaiting review: no assessor other than the attester has reviewed it, so it shows no objective.`,
    props: [
      prop('control-id', a.controlId),
      prop('attestation-status', a.status),
      prop('attestation-review', a.reviewedBy ? 'reviewed' : 'awaiting-review'),
      prop('attested-by', `${a.who.name}, ${a.who.role}`),
      prop('attested-on', a.when),
      ...(a.reviewedBy ? [prop('reviewed-by', `${a.reviewedBy.name}${a.reviewedBy.role ? `, ${a.reviewedBy.role}` : ''}`), ...(a.reviewedBy.when ? [prop('reviewed-on', a.reviewedBy.when)] : [])] : []),
      prop('attestation-expires', a.expires),
      prop('attestation-source', `${inputFileName(a.file)} ${a.where}`),
    ],
    methods: [a.method],
    origins: [{ actors: [{ type: 'party', 'actor-uuid': origin, ...(asAssessor ? { 'role-id': asAssessor.role } : {}) }] }],
    // What was attested: the system's own (organisational) implementation of the control.
    subjects: [{ 'subject-uuid': thisSystemUuid(ids), type: 'component' }],
    'relevant-evidence': [{ href: `#${attestationResourceUuid(ids, a)}`, description: `Evidence file ${a.evidenceHref} (SHA-256 ${a.evidenceSha256}).` }],
    // Attested on a day with no zone (kept in attested-on): its first start anywhere, the earliest
    // instant the day names, so an age counted from it is never younger (docs/documents.md).
    collected: dayFirstStart(a.when),
    // Valid through its last day, a day with no zone: until it ends at UTC+14:00 (attestationStatus).
    expires: dayFirstEnd(a.expires),
  };
}

/** One back-matter resource per evidence file (several attestations may cite one file). */
export function attestationResources(list: readonly Attestation[], ids: RunIds): Json[] {
  const byHref = new Map<string, Json>();
  for (const a of list) {
    if (byHref.has(a.evidenceHref)) continue;
    const controls = [...new Set(list.filter((x) => x.evidenceHref === a.evidenceHref).map((x) => x.controlId))];
    byHref.set(a.evidenceHref, {
      uuid: attestationResourceUuid(ids, a),
      title: `Attestation evidence for ${controls.map((c) => c.toUpperCase()).join(', ')}`,
      props: [{ name: 'type', value: 'evidence' }, prop('source-file', a.evidence)],
      rlinks: [{ href: a.evidenceHref, 'media-type': evidenceMediaType(a.evidenceHref), hashes: [{ algorithm: 'SHA-256', value: a.evidenceSha256 }] }],
    });
  }
  return [...byHref.values()];
}
