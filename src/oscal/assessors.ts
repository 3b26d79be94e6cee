// Who assessed, in OSCAL: the assessor and the assessment team as parties with roles, and the tool
// as an assessment-platform component. Every automated statement (observation, risk, POA&M item)
// names both in its `origins`: the tool that read the configuration, and the assessor answerable
// for it. Pure. See docs/how-documents-fit.md.
import type { AssessorParty } from '../assess/system-description.js';
import { samePerson } from '../attest/attestations.js';
import { prop, type Json } from './common.js';
import type { RunIds } from './run-ids.js';

/** The assessor and the team, from --system or --assessor. */
export interface AssessmentTeam {
  assessor?: AssessorParty;
  members: AssessorParty[];
}

export const ASSESSOR_ROLE = 'assessor';
export const TEAM_ROLE = 'assessment-team';

export const assessorPartyUuid = (ids: RunIds, p: AssessorParty): string => ids.party(p.name, ASSESSOR_ROLE);
const memberPartyUuid = (ids: RunIds, p: AssessorParty): string => ids.party(p.name, TEAM_ROLE);

/** The actors of an automated statement: the tool, then the assessor (when one is named). */
export function automatedActors(ids: RunIds, team: AssessmentTeam | undefined): Json[] {
  return [
    { type: 'tool', 'actor-uuid': ids.tool() },
    ...(team?.assessor ? [{ type: 'party', 'actor-uuid': assessorPartyUuid(ids, team.assessor), 'role-id': ASSESSOR_ROLE }] : []),
  ];
}

/**
 * The party (and its role) under which the run names the person `name`: the assessor, else a
 * member of the assessment team; undefined when the run names nobody so. An attestation's
 * reviewer is named by this party, so the documents show that the review was an assessor's.
 */
export function teamPartyOf(ids: RunIds, team: AssessmentTeam | undefined, name: string): { uuid: string; role: string } | undefined {
  if (team?.assessor && samePerson(team.assessor.name, name)) return { uuid: assessorPartyUuid(ids, team.assessor), role: ASSESSOR_ROLE };
  const member = team?.members.find((m) => samePerson(m.name, name));
  return member ? { uuid: memberPartyUuid(ids, member), role: TEAM_ROLE } : undefined;
}

/** The tool as a component (type software): defined in each document whose origins name it. */
export function toolComponent(ids: RunIds, version: string): Json {
  return {
    uuid: ids.tool(),
    type: 'software',
    title: 'ato-evidence',
    description: 'The assessment tool: reads configuration snapshots of the consoles and evaluates them against its check catalog (SP 800-53A EXAMINE of configuration).',
    props: [{ name: 'version', value: version }, prop('assessment-platform', 'yes')],
    status: { state: 'operational' },
  };
}

/** The assessment platform that uses the tool (the plan's assessment-assets). */
export function assessmentAssets(ids: RunIds, version: string): Json {
  return {
    components: [toolComponent(ids, version)],
    'assessment-platforms': [{ uuid: ids.run.uuid('assessment-platform', 'ato-evidence'), title: 'ato-evidence automated assessment', 'uses-components': [{ 'component-uuid': ids.tool() }] }],
  };
}

/** Roles, parties and responsible parties of the metadata: the assessor and the team. */
export function teamMetadata(ids: RunIds, team: AssessmentTeam | undefined): { roles: Json[]; parties: Json[]; responsible: Json[] } {
  if (!team?.assessor && !team?.members.length) return { roles: [], parties: [], responsible: [] };
  const person = (p: AssessorParty, uuid: string): Json => ({
    uuid, type: 'person', name: p.name,
    ...(p.role ? { props: [prop('assessment-part', p.role)] } : {}),
    ...(p.email ? { 'email-addresses': [p.email] } : {}),
    ...(p.organization ? { remarks: `Of ${p.organization}.` } : {}),
  });
  const roles: Json[] = [];
  const parties: Json[] = [];
  const responsible: Json[] = [];
  if (team.assessor) {
    roles.push({ id: ASSESSOR_ROLE, title: 'Assessor' });
    parties.push(person(team.assessor, assessorPartyUuid(ids, team.assessor)));
    responsible.push({ 'role-id': ASSESSOR_ROLE, 'party-uuids': [assessorPartyUuid(ids, team.assessor)] });
  }
  if (team.members.length) {
    roles.push({ id: TEAM_ROLE, title: 'Assessment team' });
    const uuids = team.members.map((m) => memberPartyUuid(ids, m));
    team.members.forEach((m, i) => parties.push(person(m, uuids[i]!)));
    responsible.push({ 'role-id': TEAM_ROLE, 'party-uuids': uuids });
  }
  return { roles, parties, responsible };
}
