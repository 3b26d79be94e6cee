// The parts of a system description that say how the organisation implements controls and what
// the system connects to (docs/ssp.md): `controls` (per control: status, origin, common control
// provider, responsible roles, narrative) and `interconnections` (each becomes an SSP component of
// type interconnection). Pure: parsed values in, typed declarations or UserError out.
import { UserError } from '../io/errors.js';
import { refuseUnknownKeys } from '../io/known-keys.js';
import { redactText } from '../snapshot/secrets.js';

/** OSCAL's implementation-status values (SSP by-component). */
export const DECLARED_STATUSES = ['implemented', 'partial', 'planned', 'alternative', 'not-applicable'] as const;
export type DeclaredStatus = (typeof DECLARED_STATUSES)[number];

/**
 * SP 800-37's control designations: system-specific (this system implements it), common
 * (inherited from a common control provider), hybrid (partly each).
 */
export const CONTROL_ORIGINS = ['system-specific', 'common', 'hybrid'] as const;
export type ControlOrigin = (typeof CONTROL_ORIGINS)[number];

/**
 * How the organisation evidences a control to its assessor. `attestation`: a person attests it
 * (docs/attestations.md); an assessment without a current attestation of it then has a weakness
 * "attestation expected, none supplied", never "left to the assessor".
 */
export const CONTROL_EVIDENCE = ['attestation'] as const;
export type ControlEvidence = (typeof CONTROL_EVIDENCE)[number];

export interface ControlDeclaration {
  controlId: string;
  status: DeclaredStatus;
  origin: ControlOrigin;
  /** The common control provider (an organisation or another system); common and hybrid only. */
  provider?: string;
  /** OSCAL role ids responsible for the control ("information-system-security-officer", …). */
  roles: string[];
  /** How the organisation implements it (or why not applicable, or what is planned). */
  narrative?: string;
  /** How the assessor gets its evidence: `attestation` (one is expected in --attestations). */
  evidence?: ControlEvidence;
  /** JSON pointer of the declaration in the file, for messages. */
  where: string;
}

export type Direction = 'incoming' | 'outgoing' | 'both';

export interface Interconnection {
  /** The remote system's name (OSCAL prop isa-remote-system-name). */
  name: string;
  description: string;
  /** Seen from this system: incoming, outgoing, or both (OSCAL prop direction, once per way). */
  direction: Direction;
  /** The IANA service name of the protocol ("dicom-tls", "syslog-tls", "ldaps"). */
  protocol: string;
  protocolTitle?: string;
  ports: number[];
  transport: 'TCP' | 'UDP';
  /** The remote end's IPv4 or IPv6 address (OSCAL props ipv4-address / ipv6-address, class remote). */
  remoteAddress?: string;
  /** The interconnection security agreement, when one is signed (OSCAL props isa-title, isa-date). */
  isa?: { title: string; date?: string };
  where: string;
}

export interface SystemDeclarations {
  controls?: ControlDeclaration[];
  interconnections?: Interconnection[];
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const CONTROL_ID = /^[a-z]{2}-\d+(\.\d+)?$/;
const ROLE_ID = /^[a-z][a-z0-9-]*$/;
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `controls` and `interconnections` of a parsed system description (its root mapping). */
export function parseSystemDeclarations(root: Raw, file: string, asWritten: (value: number, pointer: string, key: string) => string = (v) => String(v)): SystemDeclarations {
  const fail = (where: string, message: string): never => {
    throw new UserError(message, { file, where });
  };
  // A key the tool does not read is refused, naming the nearest known key (io/known-keys.ts).
  const known = (o: Raw, keys: readonly string[], where: string) => refuseUnknownKeys(o, keys, where, fail);
  const text = (o: Raw, key: string, where: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return required ? fail(`${where}/${key}`, `"${key}" is required`) : undefined;
    // A YAML date (isa date: 2025-06-01) arrives as a Date: keep its day.
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v !== 'string' && typeof v !== 'number') fail(`${where}/${key}`, `"${key}" must be text`);
    // A number here is text YAML read as one (version: 1.10 as 1.1): keep it as written.
    const s = (typeof v === 'number' ? asWritten(v, `${where}/${key}`, key) : (v as string)).replace(/\s+/g, ' ').trim();
    if (s === '') fail(`${where}/${key}`, `"${key}" must not be empty`);
    return redactText(s);
  };
  const oneOf = <T extends string>(o: Raw, key: string, allowed: readonly T[], where: string, fallback?: T): T => {
    const v = text(o, key, where, fallback === undefined);
    if (v === undefined) return fallback!;
    if (!(allowed as readonly string[]).includes(v)) fail(`${where}/${key}`, `"${key}" must be one of ${allowed.join(', ')}; got "${v}"`);
    return v as T;
  };

  const out: SystemDeclarations = {};
  if (root.controls !== undefined) {
    if (!isObject(root.controls)) fail('/controls', 'must be a mapping of control id (at-2, pe-3, …) to { status, origin, provider, responsible-roles, narrative, evidence }');
    out.controls = Object.entries(root.controls as Raw).map(([controlId, v]): ControlDeclaration => {
      const w = `/controls/${controlId}`;
      if (!CONTROL_ID.test(controlId)) fail(w, `"${controlId}" is not an SP 800-53 control id (like at-2 or ac-2.1)`);
      if (!isObject(v)) fail(w, 'must be a mapping with status, and optionally origin, provider, responsible-roles, narrative and evidence');
      const o = v as Raw;
      known(o, ['status', 'origin', 'provider', 'responsible-roles', 'narrative', 'evidence'], w);
      const status = oneOf(o, 'status', DECLARED_STATUSES, w);
      const origin = oneOf(o, 'origin', CONTROL_ORIGINS, w, 'system-specific');
      const provider = text(o, 'provider', w, false);
      if (origin !== 'system-specific' && !provider) fail(`${w}/provider`, `"provider" is required for a ${origin} control: name the common control provider it is inherited from`);
      if (origin === 'system-specific' && provider) fail(`${w}/provider`, `a system-specific control has no provider; set "origin: common" (or hybrid) to inherit it from ${provider}`);
      const rolesRaw = o['responsible-roles'] ?? [];
      if (!Array.isArray(rolesRaw)) fail(`${w}/responsible-roles`, 'must be a list of OSCAL role ids (system-owner, information-system-security-officer, …)');
      const roles = (rolesRaw as unknown[]).map((r, i) => {
        if (typeof r !== 'string' || !ROLE_ID.test(r)) fail(`${w}/responsible-roles/${i}`, `${JSON.stringify(r)} is not a lower-case OSCAL role id such as information-system-security-officer`);
        return r as string;
      });
      const narrative = text(o, 'narrative', w, false);
      // A claim needs its how: only a planned control may go without a narrative.
      if (!narrative && status !== 'planned') fail(`${w}/narrative`, `"narrative" is required for a control declared ${status}: say how the organisation implements it${status === 'not-applicable' ? ' (here: why it does not apply)' : ''}`);
      const evidence = o.evidence === undefined ? undefined : oneOf(o, 'evidence', CONTROL_EVIDENCE, w);
      // Nobody attests what does not apply: an expected attestation of it would be a false weakness.
      if (evidence && status === 'not-applicable') fail(`${w}/evidence`, `a control declared not-applicable is not attested; remove "evidence: ${evidence}" or change its status`);
      return { controlId, status, origin, ...(provider ? { provider } : {}), roles, ...(narrative ? { narrative } : {}), ...(evidence ? { evidence } : {}), where: w };
    });
  }
  if (root.interconnections !== undefined) {
    if (!Array.isArray(root.interconnections)) fail('/interconnections', 'must be a list of { name, description, direction, protocol, port, … }');
    out.interconnections = (root.interconnections as unknown[]).map((v, i): Interconnection => {
      const w = `/interconnections/${i}`;
      if (!isObject(v)) fail(w, 'must be a mapping with name, description, direction, protocol and port');
      const o = v as Raw;
      known(o, ['name', 'description', 'direction', 'protocol', 'protocol-title', 'port', 'ports', 'transport', 'remote-address', 'isa'], w);
      const protocol = text(o, 'protocol', w, true)!;
      if (!SERVICE_NAME.test(protocol)) fail(`${w}/protocol`, `"${protocol}" is not an IANA service name (like dicom-tls, syslog-tls, ldaps); put a longer name in protocol-title`);
      if (o.port !== undefined && o.ports !== undefined) fail(`${w}/ports`, 'give "port" or "ports", not both');
      const portsRaw = o.ports ?? (o.port === undefined ? undefined : [o.port]);
      if (!Array.isArray(portsRaw) || portsRaw.length === 0) fail(`${w}/port`, '"port" (or a list "ports") is required');
      const ports = (portsRaw as unknown[]).map((p, j) => {
        if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) fail(o.ports !== undefined ? `${w}/ports/${j}` : `${w}/port`, `${JSON.stringify(p)} is not a port number (1 to 65535)`);
        return p as number;
      });
      const remoteAddress = text(o, 'remote-address', w, false);
      if (remoteAddress && !IPV4.test(remoteAddress) && !(remoteAddress.includes(':') && IPV6.test(remoteAddress))) fail(`${w}/remote-address`, `"${remoteAddress}" is not an IPv4 or IPv6 address`);
      let isa: Interconnection['isa'];
      if (o.isa !== undefined) {
        if (!isObject(o.isa)) fail(`${w}/isa`, 'must be a mapping with title and date (YYYY-MM-DD)');
        const io = o.isa as Raw;
        known(io, ['title', 'date'], `${w}/isa`);
        const date = text(io, 'date', `${w}/isa`, false);
        if (date && !DATE.test(date)) fail(`${w}/isa/date`, `"${date}" is not a date (YYYY-MM-DD)`);
        isa = { title: text(io, 'title', `${w}/isa`, true)!, ...(date ? { date } : {}) };
      }
      const protocolTitle = text(o, 'protocol-title', w, false);
      return {
        name: text(o, 'name', w, true)!,
        description: text(o, 'description', w, true)!,
        direction: oneOf(o, 'direction', ['incoming', 'outgoing', 'both'] as const, w),
        protocol,
        ...(protocolTitle ? { protocolTitle } : {}),
        ports,
        transport: oneOf(o, 'transport', ['TCP', 'UDP'] as const, w, 'TCP'),
        ...(remoteAddress ? { remoteAddress } : {}),
        ...(isa ? { isa } : {}),
        where: w,
      };
    });
  }
  return out;
}

/** The controls the organisation declares it evidences by attestation (`evidence: attestation`), in file order. */
export function expectedAttestations(decl: SystemDeclarations): string[] {
  return (decl.controls ?? []).filter((c) => c.evidence === 'attestation').map((c) => c.controlId);
}

/** Declared controls the control catalog does not know: a UserError naming the first. */
export function checkDeclaredControls(decl: SystemDeclarations, known: (id: string) => boolean, file: string): void {
  const bad = (decl.controls ?? []).find((c) => !known(c.controlId));
  if (bad) throw new UserError(`declares ${bad.controlId}, which is not a control of the control catalog (the bundled rev5 index or --catalog)`, { file, where: bad.where });
}
