// The system description a system owner writes once (YAML or JSON): what the SSP's system
// characteristics say. Parsed and checked here, pure: text in, typed description or UserError out.
// The format is documented in docs/ssp.md; samples/system.yaml is an example.
import { notTextMessage, numberTextReader, parseYamlText } from '../io/yaml-text.js';
import { UserError } from '../io/errors.js';
import { refuseUnknownKeys } from '../io/known-keys.js';
import { redactText } from '../snapshot/secrets.js';
import type { Baseline } from '../catalog/control-index.js';
import { parseSystemDeclarations, type SystemDeclarations } from './system-declarations.js';

export type Impact = 'low' | 'moderate' | 'high';
const IMPACTS: readonly Impact[] = ['low', 'moderate', 'high'];
export const SYSTEM_STATES = ['operational', 'under-development', 'under-major-modification', 'disposition', 'other'] as const;
export type SystemState = (typeof SYSTEM_STATES)[number];

export interface Cia {
  confidentiality: Impact;
  integrity: Impact;
  availability: Impact;
}

export interface InformationType {
  title: string;
  description: string;
  /** NIST SP 800-60 vol. 2 information type ids ("D.14.1"). */
  sp80060Ids: string[];
  impact: Cia;
}

export interface ResponsibleParty {
  /** OSCAL role id: system-owner, authorizing-official, information-system-security-officer, … */
  role: string;
  name: string;
  email?: string;
  organization?: string;
}

/** The assessor of the system (or a member of the assessment team); issue 12 will make them OSCAL parties. */
export interface AssessorParty {
  name: string;
  /** The member's part in the assessment ("lead assessor", "configuration review"); team members only. */
  role?: string;
  organization?: string;
  email?: string;
}

export interface SystemUser {
  title: string;
  description: string;
  /** internal | external | general-public (OSCAL user "type" prop). */
  type: 'internal' | 'external' | 'general-public';
  /** privileged | non-privileged | no-logical-access (OSCAL "privilege-level" prop). */
  privilege: 'privileged' | 'non-privileged' | 'no-logical-access';
}

/** `controls` and `interconnections` (src/assess/system-declarations.ts) are optional parts of it. */
export interface SystemDescription extends SystemDeclarations {
  name: string;
  shortName?: string;
  /** A system identifier assigned by the organisation (e.g. a FISMA id); default: a uuid from the name. */
  systemId?: string;
  description: string;
  status: SystemState;
  categorization: Cia;
  authorizationBoundary: string;
  informationTypes: InformationType[];
  responsibleParties: ResponsibleParty[];
  users: SystemUser[];
  /** Who assessed the system (`assessor`), and who else took part (`assessment-team`). */
  assessor?: AssessorParty;
  assessmentTeam: AssessorParty[];
  /** True when nothing was given: every text is a placeholder the owner must complete. */
  placeholder: boolean;
}

/** Who uses an imaging-device console, when the description does not say. */
export const DEFAULT_USERS: readonly SystemUser[] = [
  { title: 'Clinical operator', description: 'Radiographers, technologists and laboratory staff who acquire and review studies on the console.', type: 'internal', privilege: 'non-privileged' },
  { title: 'Local administrator', description: 'Hospital IT or biomedical engineering staff who administer the console\'s operating system.', type: 'internal', privilege: 'privileged' },
  { title: 'Vendor service technician', description: 'The manufacturer\'s field or remote service engineers, who log on with service accounts.', type: 'external', privilege: 'privileged' },
];

export const ROLE_TITLES: Record<string, string> = {
  'system-owner': 'System Owner',
  'authorizing-official': 'Authorizing Official',
  'information-system-security-officer': 'Information System Security Officer',
  'information-system-security-manager': 'Information System Security Manager',
  'system-poc-management': 'System Management Point of Contact',
  'system-poc-technical': 'System Technical Point of Contact',
  'privacy-poc': 'Privacy Point of Contact',
  'maintainer': 'System Maintainer',
  'asset-owner': 'Asset Owner',
  'asset-administrator': 'Asset Administrator',
};

const PLACEHOLDER = '[PLACEHOLDER: complete with `ato-evidence assess --system FILE`, see docs/ssp.md]';

/** The description used without --system: the baseline stands in for the categorisation; every text says it is a placeholder. */
export function placeholderSystem(name: string, baseline: Baseline): SystemDescription {
  const cia: Cia = { confidentiality: baseline, integrity: baseline, availability: baseline };
  return {
    name,
    description: `${PLACEHOLDER} What the system is and what it is for.`,
    status: 'operational',
    categorization: cia,
    authorizationBoundary: `${PLACEHOLDER} Which consoles, networks and services are inside the authorisation boundary.`,
    informationTypes: [{ title: 'Information types to be completed', description: `${PLACEHOLDER} The SP 800-60 information types the system processes (e.g. D.14.1 health care delivery services).`, sp80060Ids: [], impact: cia }],
    responsibleParties: [],
    users: [...DEFAULT_USERS],
    assessmentTeam: [],
    placeholder: true,
  };
}

/** FIPS 199 high-water mark of a categorisation. */
export function highWaterMark(c: Cia): Impact {
  return IMPACTS[Math.max(...[c.confidentiality, c.integrity, c.availability].map((i) => IMPACTS.indexOf(i)))]!;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const ROLE_ID = /^[a-z][a-z0-9-]*$/;
// ajv-formats' "email" (what NIST's schema is checked with) accepts ASCII addresses only.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Parses a system description (YAML, of which JSON is a subset). Every mistake is a UserError
 * naming the file and the JSON pointer of the value.
 */
export function parseSystemDescription(text: string, file: string): SystemDescription {
  const doc = parseYamlText(text, file);
  const asWritten = numberTextReader(text, file);
  const fail = (where: string, message: string): never => {
    throw new UserError(message, { file, where });
  };
  if (!isObject(doc)) fail('/', 'must be a mapping (name, description, categorization, …); see docs/ssp.md');
  const root = doc as Raw;

  // A key the tool does not read is refused, naming the nearest known key (io/known-keys.ts).
  const known = (o: Raw, keys: readonly string[], where: string) => refuseUnknownKeys(o, keys, where, fail);
  const text_ = (obj: Raw, key: string, where: string, required: boolean): string | undefined => {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) fail(`${where}/${key}`.replace(/^\/\//, '/'), `"${key}" is required`);
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') fail(`${where}/${key}`, notTextMessage(key, v) ?? `"${key}" must be text`);
    // A number here is text YAML read as one (version: 1.10 as 1.1): keep it as written.
    const s = (typeof v === 'number' ? asWritten(v, `${where}/${key}`, key) : (v as string)).trim();
    if (s === '') fail(`${where}/${key}`, `"${key}" must not be empty`);
    // Text a person wrote reaches the SSP and the PDF: a pasted password, key or token is masked.
    return redactText(s);
  };
  const impact = (obj: Raw, key: string, where: string): Impact => {
    const v = obj[key];
    const s = typeof v === 'string' ? v.trim().toLowerCase().replace(/^fips-199-/, '') : v;
    if (!IMPACTS.includes(s as Impact)) fail(`${where}/${key}`, `"${key}" must be low, moderate or high (FIPS 199); got ${JSON.stringify(v ?? null)}`);
    return s as Impact;
  };
  const cia = (v: unknown, where: string): Cia => {
    if (!isObject(v)) fail(where, 'must be a mapping with confidentiality, integrity and availability (low | moderate | high)');
    const o = v as Raw;
    known(o, ['confidentiality', 'integrity', 'availability'], where);
    return { confidentiality: impact(o, 'confidentiality', where), integrity: impact(o, 'integrity', where), availability: impact(o, 'availability', where) };
  };

  known(root, ['name', 'short-name', 'system-id', 'description', 'status', 'categorization', 'authorization-boundary', 'information-types', 'responsible-parties', 'users', 'assessor', 'assessment-team', 'controls', 'interconnections'], '');
  const name = text_(root, 'name', '', true)!;
  const description = text_(root, 'description', '', true)!;
  const statusRaw = text_(root, 'status', '', false) ?? 'operational';
  if (!(SYSTEM_STATES as readonly string[]).includes(statusRaw)) fail('/status', `"status" must be one of ${SYSTEM_STATES.join(', ')}; got "${statusRaw}"`);
  if (root.categorization === undefined) fail('/categorization', '"categorization" is required (FIPS 199 confidentiality, integrity, availability)');
  const categorization = cia(root.categorization, '/categorization');
  const authorizationBoundary = text_(root, 'authorization-boundary', '', true)!;

  const infoRaw = root['information-types'];
  if (!Array.isArray(infoRaw) || infoRaw.length === 0) fail('/information-types', '"information-types" must be a non-empty list (title, description, sp800-60-ids, confidentiality, integrity, availability)');
  const informationTypes = (infoRaw as unknown[]).map((it, i): InformationType => {
    const w = `/information-types/${i}`;
    if (!isObject(it)) fail(w, 'must be a mapping');
    const o = it as Raw;
    known(o, ['title', 'description', 'sp800-60-ids', 'confidentiality', 'integrity', 'availability'], w);
    const ids = o['sp800-60-ids'] ?? [];
    if (!Array.isArray(ids)) fail(`${w}/sp800-60-ids`, 'must be a list of SP 800-60 ids such as D.14.1');
    const sp80060Ids = (ids as unknown[]).map((x, j) => {
      if (typeof x !== 'string' || !/^[A-Z](\.\d+)+$/.test(x.trim())) fail(`${w}/sp800-60-ids/${j}`, `${JSON.stringify(x)} is not an SP 800-60 information type id (like "D.14.1" or "C.3.5.1")`);
      return (x as string).trim();
    });
    return {
      title: text_(o, 'title', w, true)!,
      description: text_(o, 'description', w, true)!,
      sp80060Ids,
      impact: { confidentiality: impact(o, 'confidentiality', w), integrity: impact(o, 'integrity', w), availability: impact(o, 'availability', w) },
    };
  });

  const emailOf = (o: Raw, w: string): string | undefined => {
    const email = text_(o, 'email', w, false);
    if (email !== undefined && !EMAIL.test(email)) fail(`${w}/email`, `"${email}" is not an e-mail address (ASCII only, as OSCAL's schema checks it)`);
    return email;
  };
  /** An assessor or team member: name, optional organization and email (and role, for the team). */
  const assessorOf = (v: unknown, w: string, team: boolean): AssessorParty => {
    const keys = team ? ['name', 'role', 'organization', 'email'] : ['name', 'organization', 'email'];
    if (!isObject(v)) fail(w, `must be a mapping with ${keys.join(', ')}`);
    const o = v as Raw;
    known(o, keys, w);
    const role = team ? text_(o, 'role', w, false) : undefined;
    const organization = text_(o, 'organization', w, false);
    const email = emailOf(o, w);
    return { name: text_(o, 'name', w, true)!, ...(role ? { role } : {}), ...(organization ? { organization } : {}), ...(email ? { email } : {}) };
  };
  const assessor = root.assessor === undefined || root.assessor === null ? undefined : assessorOf(root.assessor, '/assessor', false);
  const teamRaw = root['assessment-team'] ?? [];
  if (!Array.isArray(teamRaw)) fail('/assessment-team', 'must be a list of { name, role, organization, email }');
  const assessmentTeam = (teamRaw as unknown[]).map((m, i) => assessorOf(m, `/assessment-team/${i}`, true));

  const partiesRaw = root['responsible-parties'] ?? [];
  if (!Array.isArray(partiesRaw)) fail('/responsible-parties', 'must be a list of { role, name, email, organization }');
  const responsibleParties = (partiesRaw as unknown[]).map((p, i): ResponsibleParty => {
    const w = `/responsible-parties/${i}`;
    if (!isObject(p)) fail(w, 'must be a mapping with role, name and optionally email and organization');
    const o = p as Raw;
    known(o, ['role', 'name', 'email', 'organization'], w);
    const role = text_(o, 'role', w, true)!;
    if (!ROLE_ID.test(role)) fail(`${w}/role`, `role "${role}" must be a lower-case OSCAL role id such as ${Object.keys(ROLE_TITLES).slice(0, 3).join(', ')}`);
    const email = emailOf(o, w);
    const organization = text_(o, 'organization', w, false);
    return { role, name: text_(o, 'name', w, true)!, ...(email ? { email } : {}), ...(organization ? { organization } : {}) };
  });

  let users = [...DEFAULT_USERS];
  if (root.users !== undefined) {
    if (!Array.isArray(root.users) || root.users.length === 0) fail('/users', 'must be a non-empty list of { title, description, type, privilege }');
    users = (root.users as unknown[]).map((u, i): SystemUser => {
      const w = `/users/${i}`;
      if (!isObject(u)) fail(w, 'must be a mapping');
      const o = u as Raw;
      known(o, ['title', 'description', 'type', 'privilege'], w);
      const type = text_(o, 'type', w, false) ?? 'internal';
      if (!['internal', 'external', 'general-public'].includes(type)) fail(`${w}/type`, `"type" must be internal, external or general-public; got "${type}"`);
      const privilege = text_(o, 'privilege', w, false) ?? 'non-privileged';
      if (!['privileged', 'non-privileged', 'no-logical-access'].includes(privilege)) fail(`${w}/privilege`, `"privilege" must be privileged, non-privileged or no-logical-access; got "${privilege}"`);
      return { title: text_(o, 'title', w, true)!, description: text_(o, 'description', w, true)!, type: type as SystemUser['type'], privilege: privilege as SystemUser['privilege'] };
    });
  }

  const shortName = text_(root, 'short-name', '', false);
  const systemId = text_(root, 'system-id', '', false);
  return {
    name,
    ...(shortName ? { shortName } : {}),
    ...(systemId ? { systemId } : {}),
    description,
    ...parseSystemDeclarations(root, file, asWritten),
    status: statusRaw as SystemState,
    categorization,
    authorizationBoundary,
    informationTypes,
    responsibleParties,
    users,
    ...(assessor ? { assessor } : {}),
    assessmentTeam,
    placeholder: false,
  };
}

/** Who the description says assessed: its assessor and assessment team, by name (reviews are confirmed against them). */
export function teamNames(d: Pick<SystemDescription, 'assessor' | 'assessmentTeam'>): string[] {
  return [...(d.assessor ? [d.assessor.name] : []), ...d.assessmentTeam.map((m) => m.name)];
}
