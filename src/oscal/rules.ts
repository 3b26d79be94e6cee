/**
 * Producer-side rules for OSCAL documents: what NIST's JSON schema cannot state but an assessor's
 * tooling (and a careful reader) will trip over. See design/OSCAL.md, "What the schema does NOT
 * check", items 1-9. Pure: no I/O except through the optional `readFile` callback (and the bundled
 * SP 800-53A objectives, read once on first use to check objective ids).
 *
 * Works on the roots assessment-results, assessment-plan, plan-of-action-and-milestones,
 * system-security-plan and component-definition.
 */
import { createHash } from 'node:crypto';
import type { ControlIndex, ControlEntry } from '../catalog/control-index.js';
import { allObjectives, assessmentOf } from '../catalog/objectives.js';
import { instantMs } from '../io/dates.js';
import { withArticle } from '../io/english.js';

export type RuleId =
  /** The document's root is not one of the supported OSCAL models. */
  | 'unknown-root'
  /** 1: a uuid defined twice in one document. */
  | 'duplicate-uuid'
  /** 2: a reference that names nothing (in this document, or where it may live elsewhere, nowhere reachable). */
  | 'ref-unresolved'
  /** 2: a reference that names an object of the wrong kind (risk-uuid -> a mitigating factor). */
  | 'ref-wrong-kind'
  /** 3: control-id not in the control index. */
  | 'control-id-unknown'
  /** 3: finding target-id / statement-id / objective-id not in the control index. */
  | 'target-id-unknown'
  /** 3: finding target type objective-id with a statement id, or the reverse. */
  | 'target-type-mismatch'
  /** 3: a control the index marks withdrawn. */
  | 'control-withdrawn'
  /**
   * 4: metadata.oscal-version is one the schema validated against cannot vouch for: newer than
   * the schema (a 1.2.x document under 1.1.3), another major version, or not a version at all.
   * An older 1.x document under a newer 1.x schema is not a problem (see oscalVersionNote).
   */
  | 'oscal-version'
  /** 5: a value outside OSCAL's allowed values where the schema leaves the list open. */
  | 'allowed-value'
  /** 6: a prop without ns whose name is not one OSCAL defines. */
  | 'prop-name'
  /** 6: a prop ns that is not an absolute URI, or a near miss of the project's ns. */
  | 'prop-ns'
  /** 7: hash algorithm not spelled as OSCAL spells it ("SHA-256"). */
  | 'hash-algorithm'
  /** 7: hash value not the right number of hex digits for its algorithm. */
  | 'hash-value'
  /** 8: end before start (results, date ranges, port ranges), expires before collected. */
  | 'end-before-start'
  /** 8: empty or blank title, description, (risk) statement or href. */
  | 'empty-string'
  /** 9: a relative rlink / evidence href names a file that does not exist. */
  | 'file-missing'
  /** 9: the file exists but its digest differs from the hash recorded for it. */
  | 'file-hash-mismatch';

export interface RuleProblem {
  rule: RuleId;
  /** JSON pointer (RFC 6901) into the checked document. */
  pointer: string;
  message: string;
}

export interface ProducerRuleOptions {
  /** Control ids, objectives and withdrawn flags; without it, rule 3 is not checked. */
  controlIndex?: ControlIndex;
  /** The OSCAL version of the schema the document is validated against ("1.1.3"). */
  expectedOscalVersion?: string;
  /** The project's own prop namespace URI; props in a near-miss of it are reported. */
  projectNs?: string;
  /**
   * Reads a file named by a relative href, relative to the document's folder (the path is
   * percent-decoded, without query or fragment). Returns undefined when there is no such file.
   * Without it, rule 9's file checks are skipped.
   */
  readFile?: (relPath: string) => Buffer | undefined;
  /**
   * Report every reference that does not resolve inside this document. By default a reference to a
   * kind of object that may live in the imported document (an assessment-results' subjects live in
   * the SSP its plan imports) is not reported when it is absent here. With `readFile`, the imported
   * documents beside this one (import-ap, then import-ssp) are read: what they define resolves,
   * and when the whole chain was read a reference found nowhere is reported.
   */
  strictRefs?: boolean;
}

export const SUPPORTED_ROOTS = [
  'assessment-results',
  'assessment-plan',
  'plan-of-action-and-milestones',
  'system-security-plan',
  'component-definition',
] as const;
export type SupportedRoot = (typeof SUPPORTED_ROOTS)[number];

/**
 * Prop names OSCAL itself defines (allowed without an ns). Taken from the OSCAL metaschema
 * allowed-values (usnistgov/OSCAL src/metaschema: shared-constraints/
 * allowed-values-component_inventory-item_property-name.ent, …component_component_property-name.ent,
 * …property-name-networked-components.ent, the inventory-item, user, system-characteristics,
 * location, resource and activity constraints) and from NIST's own examples. Deliberately a union
 * over contexts: the rule is "is this an OSCAL name at all", not "is it allowed exactly here".
 */
export const OSCAL_PROP_NAMES: ReadonlySet<string> = new Set([
  // anywhere: labelling and sorting; metadata marking; catalog control status (withdrawn)
  'marking', 'label', 'sort-id', 'alt-identifier', 'status', 'keywords',
  // generic "type" (user, location, resource, response …), versions and dates
  'type', 'version', 'published', 'release-date', 'patch-level',
  // components and inventory items
  'asset-type', 'asset-id', 'asset-tag', 'public', 'virtual', 'vlan-id', 'network-id',
  'baseline-configuration-name', 'allows-authenticated-scan', 'function', 'model', 'hardware-model',
  'os-name', 'os-version', 'software-name', 'software-version', 'software-patch-level', 'vendor-name',
  'validation-type', 'validation-reference', 'implementation-point', 'leveraged-authorization-uuid',
  'inherited-uuid',
  // networked components and inventory items; interconnection components (isa-*)
  'ipv4-address', 'ipv6-address', 'direction', 'uri', 'fqdn', 'serial-number', 'netbios-name',
  'mac-address', 'physical-location', 'is-scanned', 'isa-title', 'isa-date', 'isa-remote-system-name',
  // users; system characteristics (SP 800-63 assurance levels, SP 800-145 cloud models)
  'privilege-level', 'identity-assurance-level', 'authenticator-assurance-level',
  'federation-assurance-level', 'cloud-deployment-model', 'cloud-service-model',
  // assessment activities (EXAMINE / INTERVIEW / TEST)
  'method',
]);

/** Allowed values the schema states only as an open list (anyOf: [string, enum]). */
export const ALLOWED = {
  observationMethods: ['EXAMINE', 'INTERVIEW', 'TEST', 'UNKNOWN'],
  observationTypes: ['ssp-statement-issue', 'control-objective', 'mitigation', 'finding', 'historic'],
  /** Added by OSCAL 1.2 (present in the 1.2.2 schema's list, absent from 1.1.3's). */
  observationTypes12: ['discovery'],
  subjectReferenceTypes: ['component', 'inventory-item', 'location', 'party', 'user', 'resource'],
  assessmentSubjectTypes: ['component', 'inventory-item', 'location', 'party', 'user'],
  riskStatus: ['open', 'investigating', 'remediating', 'deviation-requested', 'deviation-approved', 'closed'],
  findingStatusState: ['satisfied', 'not-satisfied'],
  findingStatusReason: ['pass', 'fail', 'other'],
  implementationStatus: ['implemented', 'partial', 'planned', 'alternative', 'not-applicable'],
  hashAlgorithms: ['SHA-224', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512'],
} as const;

const HASH_HEX_LENGTH: Record<string, number> = {
  'SHA-224': 56, 'SHA-256': 64, 'SHA-384': 96, 'SHA-512': 128,
  'SHA3-224': 56, 'SHA3-256': 64, 'SHA3-384': 96, 'SHA3-512': 128,
};
const NODE_HASH: Record<string, string> = {
  'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512',
  'SHA3-224': 'sha3-224', 'SHA3-256': 'sha3-256', 'SHA3-384': 'sha3-384', 'SHA3-512': 'sha3-512',
};

const HASH_ALGORITHMS: ReadonlySet<string> = new Set(ALLOWED.hashAlgorithms);
const OBSERVATION_METHODS: ReadonlySet<string> = new Set(ALLOWED.observationMethods);
const RISK_STATUS: ReadonlySet<string> = new Set(ALLOWED.riskStatus);
const FINDING_STATE: ReadonlySet<string> = new Set(ALLOWED.findingStatusState);
const FINDING_REASON: ReadonlySet<string> = new Set(ALLOWED.findingStatusReason);
const IMPLEMENTATION_STATUS: ReadonlySet<string> = new Set(ALLOWED.implementationStatus);
const SUBJECT_REFERENCE_TYPES: ReadonlySet<string> = new Set(ALLOWED.subjectReferenceTypes);
const ASSESSMENT_SUBJECT_TYPES: ReadonlySet<string> = new Set(ALLOWED.assessmentSubjectTypes);

/** Hex digits, exactly `len` of them (no RegExp built per hash). */
function isHex(s: string, len: number): boolean {
  if (s.length !== len) return false;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Fields holding one uuid, and the kinds of object each may name. A mitigating factor's
 * implementation-uuid names an SSP implementation statement (by-component, statement or
 * implemented requirement), which an AR or POA&M finds in the SSP it imports.
 */
const UUID_REFERENCES: ReadonlyMap<string, string[]> = new Map([
  ['observation-uuid', ['observation']],
  ['risk-uuid', ['risk']],
  ['finding-uuid', ['finding']],
  ['activity-uuid', ['activity']],
  ['task-uuid', ['task']],
  ['component-uuid', ['component']],
  ['party-uuid', ['party']],
  ['response-uuid', ['response']],
  ['implementation-uuid', ['by-component', 'statement', 'implemented-requirement']],
]);
/** Fields holding a list of uuids, and the kind each names. */
const UUID_LIST_REFERENCES: ReadonlyMap<string, string> = new Map([
  ['party-uuids', 'party'],
  ['member-of-organizations', 'party'],
  ['location-uuids', 'location'],
]);

/** Every key the walk's switch looks at (the others only lead to children). */
const HANDLED_KEYS: ReadonlySet<string> = new Set([
  'uuid', 'title', 'description', 'statement', 'href', 'end', 'expires', 'props', 'hashes', 'methods', 'types', 'status', 'state', 'target', 'type', 'subject-uuid', 'actor-uuid', 'role-id', 'role-ids', 'import-ap', 'import-ssp', 'import-profile', 'source', 'control-id', 'statement-id', 'objective-id',
  ...UUID_REFERENCES.keys(),
  ...UUID_LIST_REFERENCES.keys(),
]);

/**
 * uuid -> kind of what the documents imported by `body` define (import-ap, import-ssp, followed
 * through the chain), read through `readFile` relative to `base`. Undefined unless every import
 * along the chain was read: the references are then judged as before (maybe defined elsewhere).
 */
function importedDefinitions(body: Record<string, unknown>, readFile: (rel: string) => Buffer | undefined, base: string, depth = 0, state = { complete: true }): Map<string, string> | undefined {
  if (depth > 2) return undefined;
  let out: Map<string, string> | undefined;
  // Any import not read (absent, not relative, not JSON) leaves the chain incomplete.
  const miss = () => {
    state.complete = false;
  };
  for (const key of ['import-ap', 'import-ssp']) {
    const imp = body[key];
    if (imp === undefined) continue;
    if (!isObject(imp) || typeof imp.href !== 'string' || !isRelativeHref(imp.href)) {
      miss();
      continue;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(imp.href.split(/[?#]/)[0]!);
    } catch {
      miss();
      continue;
    }
    rel = base ? `${base}/${rel}` : rel;
    const buf = readFile(rel);
    let doc: unknown;
    try {
      doc = buf === undefined ? undefined : JSON.parse(buf.toString('utf8'));
    } catch {
      doc = undefined;
    }
    const inner = isObject(doc) ? Object.values(doc).find(isObject) : undefined;
    if (!inner) {
      miss();
      continue;
    }
    out ??= new Map();
    (function walk(x: unknown, container: string | undefined) {
      if (Array.isArray(x)) {
        for (const v of x) walk(v, container);
        return;
      }
      if (!isObject(x)) return;
      const kind = container ? own(KIND_BY_CONTAINER, container) : undefined;
      if (kind && typeof x.uuid === 'string' && !out!.has(x.uuid)) out!.set(x.uuid, kind);
      for (const [k, v] of Object.entries(x)) if (typeof v === 'object' && v !== null) walk(v, k);
    })(inner, undefined);
    const further = importedDefinitions(inner, readFile, rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '', depth + 1, state);
    for (const [u, k] of further ?? []) if (!out.has(u)) out.set(u, k);
  }
  return state.complete ? out : undefined;
}

/** The kind of object a uuid defines, from the array (or property) that holds it. */
const KIND_BY_CONTAINER: Record<string, string> = {
  observations: 'observation',
  risks: 'risk',
  findings: 'finding',
  'poam-items': 'poam-item',
  'inventory-items': 'inventory-item',
  components: 'component',
  parties: 'party',
  users: 'user',
  locations: 'location',
  resources: 'resource',
  activities: 'activity',
  tasks: 'task',
  'mitigating-factors': 'mitigating-factor',
  remediations: 'response',
  results: 'result',
  steps: 'step',
  'assessment-platforms': 'assessment-platform',
  'implemented-requirements': 'implemented-requirement',
  statements: 'statement',
  'by-components': 'by-component',
  'control-implementations': 'control-implementation',
  protocols: 'protocol',
  'information-types': 'information-type',
  'leveraged-authorizations': 'leveraged-authorization',
  'log-entries': 'log-entry',
  'required-assets': 'required-asset',
  'capabilities': 'capability',
  'incorporates-components': 'incorporated-component',
};

const SSP_STATEMENTS = ['by-component', 'statement', 'implemented-requirement'];

/** Kinds that, absent here, may be defined in the document this one imports (per root). */
const IMPORTABLE_KINDS: Record<SupportedRoot, ReadonlySet<string>> = {
  // AR imports an AP, which imports the SSP: SSP objects and AP activities/tasks/platforms.
  'assessment-results': new Set(['component', 'inventory-item', 'user', 'party', 'location', 'resource', 'activity', 'task', 'assessment-platform', ...SSP_STATEMENTS]),
  'assessment-plan': new Set(['component', 'inventory-item', 'user', 'party', 'location', 'resource', ...SSP_STATEMENTS]),
  'plan-of-action-and-milestones': new Set(['component', 'inventory-item', 'user', 'party', 'location', 'resource', ...SSP_STATEMENTS]),
  'system-security-plan': new Set([]),
  'component-definition': new Set([]),
};

const SUBJECT_KIND: Record<string, string> = {
  component: 'component',
  'inventory-item': 'inventory-item',
  location: 'location',
  party: 'party',
  user: 'user',
  resource: 'resource',
};
const ACTOR_KIND: Record<string, string> = {
  party: 'party',
  tool: 'component',
  'assessment-platform': 'assessment-platform',
};
const ALL_SUBJECT_KINDS = Object.values(SUBJECT_KIND);
const ALL_ACTOR_KINDS = Object.values(ACTOR_KIND);

/** table[key] for the table's own keys only (a document may say "constructor"). */
function own(table: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}


type Json = Record<string, unknown>;
function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 6901 pointer from path segments. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  let p = '';
  for (const s of segments) p += '/' + escapeSegment(s);
  return p;
}

function escapeSegment(s: string | number): string {
  if (typeof s === 'number') return String(s);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

interface Definition {
  kind: string;
  pointer: string;
}
interface Reference {
  pointer: string;
  /** What is referenced, for the message ("risk-uuid"). */
  field: string;
  uuid: string;
  kinds: string[];
  /** href "#uuid" references always point into this document's back-matter. */
  localOnly: boolean;
}

/**
 * Checks one OSCAL document against the producer rules. Returns the problems found, in document
 * order (duplicate and reference problems after the others); an empty array means none.
 */
export function checkProducerRules(doc: unknown, opts: ProducerRuleOptions = {}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (rule: RuleId, pointer: string, message: string) => problems.push({ rule, pointer, message });

  if (!isObject(doc)) {
    add('unknown-root', '', 'the document is not a JSON object');
    return problems;
  }
  const rootKeys = Object.keys(doc).filter((k) => k !== '$schema');
  const root = rootKeys.find((k): k is SupportedRoot => (SUPPORTED_ROOTS as readonly string[]).includes(k));
  if (!root || rootKeys.length !== 1) {
    add('unknown-root', '', `the document's root must be exactly one of ${SUPPORTED_ROOTS.join(', ')}; found ${rootKeys.join(', ') || 'nothing'}`);
    return problems;
  }
  const body = doc[root];
  if (!isObject(body)) {
    add('unknown-root', `/${root}`, `"${root}" must be an object`);
    return problems;
  }

  const metadata = isObject(body.metadata) ? body.metadata : undefined;
  const docVersion = typeof metadata?.['oscal-version'] === 'string' ? (metadata['oscal-version'] as string) : undefined;

  // Rule 4: oscal-version (an older compatible version is only a note, see oscalVersionNote).
  if (opts.expectedOscalVersion !== undefined && docVersion !== undefined) {
    const relation = oscalVersionRelation(docVersion, opts.expectedOscalVersion);
    if (relation === 'newer' || relation === 'incompatible') {
      add(
        'oscal-version',
        `/${root}/metadata/oscal-version`,
        relation === 'newer'
          ? `oscal-version is "${docVersion}", newer than the OSCAL ${opts.expectedOscalVersion} schema it is validated against: validate it against the ${docVersion.replace(/^(\d+\.\d+).*/, '$1')} schema`
          : `oscal-version is "${docVersion}" but the document is validated against the OSCAL ${opts.expectedOscalVersion} schema, which cannot vouch for it`,
      );
    }
  }

  const observationTypes = new Set<string>([
    ...ALLOWED.observationTypes,
    ...(versionAtLeast(docVersion ?? opts.expectedOscalVersion, 1, 2) ? ALLOWED.observationTypes12 : []),
  ]);

  const definitions = new Map<string, Definition[]>();
  const references: Reference[] = [];
  const roleRefs: { pointer: string; id: string }[] = [];
  const index = opts.controlIndex;

  const define = (uuid: string, kind: string, pointer: string) => {
    const list = definitions.get(uuid);
    if (list) list.push({ kind, pointer });
    else definitions.set(uuid, [{ kind, pointer }]);
  };
  const refer = (pointer: string, field: string, uuid: unknown, kinds: string[], localOnly = false) => {
    if (typeof uuid === 'string' && uuid !== '') references.push({ pointer, field, uuid, kinds, localOnly });
  };
  const hrefRef = (pointer: string, field: string, href: unknown, kinds: string[]) => {
    if (typeof href === 'string' && href.startsWith('#') && href.length > 1) {
      refer(pointer, field, href.slice(1), kinds, true);
    }
  };

  const objectiveTrees = new Map<string, Set<string> | undefined>();
  /** The ids of a control's objective parts, or undefined when the catalog has no objective data for it. */
  const objectiveIds = (controlId: string): Set<string> | undefined => {
    if (!index) return undefined;
    if (!objectiveTrees.has(controlId)) {
      const a = assessmentOf(index, controlId);
      objectiveTrees.set(controlId, a ? new Set(allObjectives(a.objective).map((n) => n.id)) : undefined);
    }
    return objectiveTrees.get(controlId);
  };

  const checkControlId = (id: unknown, what: string, key: string) => {
    if (!index || typeof id !== 'string') return;
    const entry = lookup(index, id);
    if (entry && !entry.withdrawn) return;
    const pointer = at(key);
    if (!entry) {
      add('control-id-unknown', pointer, `${what} "${id}" is not a control in the control index (${shortSource(index)})`);
    } else if (entry.withdrawn) {
      add('control-withdrawn', pointer, `${what} "${id}" is withdrawn in the catalog; cite the control it was incorporated into`);
    }
  };

  /**
   * Target-like ids: "ac-7_obj", "ac-7_obj.a-1", "ac-7_smt", "ac-7_smt.a", or a plain control id.
   * `expect` narrows to objective or statement ids when the context says which.
   */
  const checkTargetId = (id: unknown, what: string, expect: 'obj' | 'smt' | undefined, a: string, b?: string) => {
    if (!index || typeof id !== 'string') return;
    const pointerOf = () => at(a, b);
    const m = /^(.+?)_(obj|smt)(?:[.-].*)?$/.exec(id);
    if (!m) {
      const entry = lookup(index, id);
      if (!entry) {
        add('target-id-unknown', pointerOf(), `${what} "${id}" is neither a control, an objective id (<control>_obj…) nor a statement id (<control>_smt…) of the control index`);
      } else if (entry.withdrawn) {
        add('control-withdrawn', pointerOf(), `${what} "${id}" is a withdrawn control`);
      }
      return;
    }
    const controlId = m[1]!;
    const partKind = m[2] as 'obj' | 'smt';
    const entry = lookup(index, controlId);
    if (!entry) {
      add('target-id-unknown', pointerOf(), `${what} "${id}" names control "${controlId}", which is not in the control index`);
      return;
    }
    if (entry.withdrawn) add('control-withdrawn', pointerOf(), `${what} "${id}" belongs to withdrawn control ${controlId}`);
    if (partKind === 'obj' && !entry.objective) {
      add('target-id-unknown', pointerOf(), `${what} "${id}": control ${controlId} has no assessment objective in the control index`);
    } else if (entry.partIds && !entry.partIds.includes(id)) {
      // A user's catalog lists every part of the control: the statement or objective must be one.
      add('target-id-unknown', pointerOf(), `${what} "${id}" is not ${partKind === 'obj' ? 'an assessment objective' : 'a statement'} of ${controlId} in ${shortSource(index)}`);
    } else if (partKind === 'obj') {
      // Where the catalog gives the objective tree (SP 800-53A), the id must be one of its parts.
      const tree = objectiveIds(controlId);
      if (tree && !tree.has(id)) add('target-id-unknown', pointerOf(), `${what} "${id}" is not an assessment objective of ${controlId} in the control catalog`);
    }
    if (expect && partKind !== expect) {
      add(
        'target-type-mismatch',
        pointerOf(),
        `${what} "${id}" is ${partKind === 'obj' ? 'an objective' : 'a statement'} id but the target type says ${expect === 'obj' ? 'objective-id' : 'statement-id'}`,
      );
    }
  };

  // The pointer is built from (a, b, c) below the current node, and only for a problem.
  const checkAllowed = (value: unknown, allowed: ReadonlySet<string>, what: string, a: string | number, b?: string | number, c?: string | number) => {
    if (typeof value !== 'string' || allowed.has(value)) return;
    add('allowed-value', at(a, b, c), `${what} "${value}" is not one of ${[...allowed].join(', ')}`);
  };

  const checkFile = (href: string, pointer: string, hashes: unknown, hashesPointer: string) => {
    if (!opts.readFile || !isRelativeHref(href)) return;
    let rel: string;
    try {
      rel = decodeURIComponent(href.split(/[?#]/)[0]!);
    } catch {
      rel = href.split(/[?#]/)[0]!;
    }
    const buf = opts.readFile(rel);
    if (buf === undefined) {
      add('file-missing', pointer, `href "${href}" names a file that does not exist beside the document`);
      return;
    }
    if (!Array.isArray(hashes)) return;
    hashes.forEach((h, i) => {
      if (!isObject(h) || typeof h.algorithm !== 'string' || typeof h.value !== 'string') return;
      const algo = NODE_HASH[h.algorithm];
      const len = HASH_HEX_LENGTH[h.algorithm];
      if (!algo || !len || !isHex(h.value, len)) return; // reported by rule 7
      const actual = createHash(algo).update(buf).digest('hex');
      if (actual !== h.value.toLowerCase()) {
        add('file-hash-mismatch', `${hashesPointer}/${i}/value`, `${h.algorithm} of "${rel}" is ${actual}, not the recorded ${h.value}`);
      }
    });
  };

  // The walk keeps one mutable path and builds a pointer only when something needs it (a uuid, a
  // reference, a problem), reusing the pointers of the ancestors; each object's own keys are
  // dispatched in one pass. Building every pointer eagerly made these rules four times slower
  // than the schema on a large document.
  const segs: (string | number)[] = [root];
  const memo: (string | undefined)[] = [jsonPointer([root])];
  let depth = 0;
  const ptr = (): string => {
    let k = depth;
    while (memo[k] === undefined) k--;
    let p = memo[k]!;
    while (k < depth) {
      k++;
      p += '/' + escapeSegment(segs[k]!);
      memo[k] = p;
    }
    return p;
  };
  const at = (a: string | number, b?: string | number, c?: string | number): string => {
    let p = ptr() + '/' + escapeSegment(a);
    if (b !== undefined) p += '/' + escapeSegment(b);
    if (c !== undefined) p += '/' + escapeSegment(c);
    return p;
  };
  const descend = (key: string | number, value: object, container: string) => {
    depth++;
    segs[depth] = key;
    memo[depth] = undefined;
    walk(value, container);
    depth--;
  };

  const walk = (node: object, container: string): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') descend(i, item, container);
      }
      return;
    }
    const o = node as Json;
    // One pass: the keys a rule looks at (one Set lookup for the others), then the children.
    // A child only touches deeper levels of the path, so this node's pointer stays valid.
    for (const key in o) {
      const v = o[key];
      if (HANDLED_KEYS.has(key)) switch (key) {
        case 'uuid':
          // Rule 1 (and the definitions rule 2 resolves against).
          if (typeof v === 'string') define(v, own(KIND_BY_CONTAINER, container) ?? container, ptr());
          break;
        case 'title':
        case 'description':
        case 'statement':
        case 'href':
          // Rule 8: empty strings (1.1.3 accepts all of these empty; 1.2.2 still accepts an empty
          // description, risk statement or href).
          if (typeof v === 'string') {
            if (v.trim() === '') add('empty-string', at(key), `${key} is empty`);
            if (key === 'href') checkHref(o, v, container);
          }
          break;
        case 'end':
          // Rule 8: end before start (results, date ranges, numeric port ranges).
          if (o.start !== undefined) {
            const cmp = compareOrdered(o.start, v);
            if (cmp !== undefined && cmp > 0) add('end-before-start', at('end'), `end ${String(v)} is before start ${String(o.start)}`);
          }
          break;
        case 'expires':
          if (container === 'observations' && o.collected !== undefined) {
            const cmp = compareOrdered(o.collected, v);
            if (cmp !== undefined && cmp > 0) add('end-before-start', at('expires'), `expires ${String(v)} is before collected ${String(o.collected)}`);
          }
          break;
        case 'props':
          if (Array.isArray(v)) checkProps(v);
          break;
        case 'hashes':
          if (Array.isArray(v)) checkHashes(v);
          break;
        case 'methods':
          // Rule 5: allowed values, by context.
          if (container === 'observations' && Array.isArray(v)) for (let i = 0; i < v.length; i++) checkAllowed(v[i], OBSERVATION_METHODS, 'observation method', 'methods', i);
          break;
        case 'types':
          if (container === 'observations' && Array.isArray(v)) for (let i = 0; i < v.length; i++) checkAllowed(v[i], observationTypes, 'observation type', 'types', i);
          break;
        case 'status':
          if (container === 'risks') checkAllowed(v, RISK_STATUS, 'risk status', 'status');
          break;
        case 'state':
          if (container === 'implementation-status') checkAllowed(v, IMPLEMENTATION_STATUS, 'implementation-status state', 'state');
          break;
        case 'target':
          if (container === 'findings' && isObject(v)) {
            if (isObject(v.status)) {
              checkAllowed(v.status.state, FINDING_STATE, 'finding target status state', 'target', 'status', 'state');
              checkAllowed(v.status.reason, FINDING_REASON, 'finding target status reason', 'target', 'status', 'reason');
            }
            const expect = v.type === 'objective-id' ? 'obj' : v.type === 'statement-id' ? 'smt' : undefined;
            checkTargetId(v['target-id'], 'finding target-id', expect, 'target', 'target-id');
          }
          break;
        case 'type':
          // assessment-subject: a type plus include-all / include-subjects (a subject-reference,
          // which has a subject-uuid, is checked below).
          if ((container === 'assessment-subjects' || container === 'subjects') && typeof o['subject-uuid'] !== 'string') {
            checkAllowed(v, ASSESSMENT_SUBJECT_TYPES, 'assessment subject type', 'type');
          }
          break;
        case 'subject-uuid':
          // subject-reference (observation subjects) or select-subject-by-id (include-subjects).
          if (typeof v === 'string') {
            checkAllowed(o.type, SUBJECT_REFERENCE_TYPES, 'subject type', 'type');
            const kind = typeof o.type === 'string' ? own(SUBJECT_KIND, o.type) : undefined;
            refer(at(key), `subject-uuid (type ${String(o.type)})`, v, kind ? [kind] : ALL_SUBJECT_KINDS);
          }
          break;
        case 'actor-uuid':
          if (typeof v === 'string') {
            const kind = typeof o.type === 'string' ? own(ACTOR_KIND, o.type) : undefined;
            refer(at(key), `actor-uuid (type ${String(o.type)})`, v, kind ? [kind] : ALL_ACTOR_KINDS);
          }
          break;
        case 'role-id':
          // Rule 2: role ids (metadata roles; not uuids).
          if (typeof v === 'string') roleRefs.push({ pointer: at(key), id: v });
          break;
        case 'role-ids':
          if (Array.isArray(v)) v.forEach((r, i) => typeof r === 'string' && roleRefs.push({ pointer: at(key, i), id: r }));
          break;
        case 'import-ap':
        case 'import-ssp':
        case 'import-profile':
          if (isObject(v)) hrefRef(at(key, 'href'), `${key} href`, v.href, ['resource']);
          break;
        case 'source':
          if (container === 'control-implementations' && root === 'component-definition') hrefRef(at(key), 'control-implementation source', v, ['resource']);
          break;
        case 'control-id':
          // Rule 3: control and target ids.
          checkControlId(v, 'control-id', key);
          break;
        case 'statement-id':
          checkTargetId(v, 'statement-id', 'smt', key);
          break;
        case 'objective-id':
          checkTargetId(v, 'objective-id', 'obj', key);
          break;
        default: {
          // Rule 2: references by uuid (each field names the kinds it may point at).
          const kinds = UUID_REFERENCES.get(key);
          if (kinds) {
            if (typeof v === 'string') refer(at(key), key, v, kinds);
            break;
          }
          const listKind = UUID_LIST_REFERENCES.get(key);
          if (listKind && Array.isArray(v)) v.forEach((u, i) => refer(at(key, i), key, u, [listKind]));
        }
      }
      if (v !== null && typeof v === 'object') descend(key, v, key);
    }
  };

  // Rule 2 and 9: an href by context ("#uuid" into the back-matter; a file beside the document).
  const checkHref = (o: Json, href: string, container: string) => {
    if (container === 'relevant-evidence') {
      hrefRef(at('href'), 'relevant-evidence href', href, ['resource']);
      checkFile(href, at('href'), undefined, at('href'));
    } else if (container === 'rlinks') {
      checkFile(href, at('href'), o.hashes, at('hashes'));
    } else if (container === 'import-component-definitions') {
      hrefRef(at('href'), 'import-component-definitions href', href, ['resource']);
    }
  };

  // Rule 6: props.
  const checkProps = (props: unknown[]) => {
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      if (!isObject(p) || typeof p.name !== 'string') continue;
      if (p.ns === undefined) {
        if (!OSCAL_PROP_NAMES.has(p.name)) {
          add(
            'prop-name',
            at('props', i, 'name'),
            `prop "${p.name}" has no ns and is not a name OSCAL defines; give it the ${opts.projectNs ? `project ns ${opts.projectNs}` : "producer's own ns URI"}`,
          );
        }
      } else if (typeof p.ns === 'string' && p.ns !== opts.projectNs) {
        if (!isAbsoluteUri(p.ns)) {
          add('prop-ns', at('props', i, 'ns'), `prop "${p.name}" has ns "${p.ns}", which is not an absolute URI`);
        } else if (opts.projectNs && normalizeNs(p.ns) === normalizeNs(opts.projectNs)) {
          add('prop-ns', at('props', i, 'ns'), `prop "${p.name}" has ns "${p.ns}", a near miss of the project ns "${opts.projectNs}"`);
        }
      }
    }
  };

  // Rule 7: hashes.
  const checkHashes = (hashes: unknown[]) => {
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      if (!isObject(h)) continue;
      const algo = h.algorithm;
      if (typeof algo === 'string' && !HASH_ALGORITHMS.has(algo)) {
        const canon = canonicalHashName(algo);
        add('hash-algorithm', at('hashes', i, 'algorithm'), `hash algorithm "${algo}" must be spelled ${canon ? `"${canon}"` : `as one of ${ALLOWED.hashAlgorithms.join(', ')}`}`);
      }
      const expectedLen = typeof algo === 'string' ? HASH_HEX_LENGTH[algo] ?? HASH_HEX_LENGTH[canonicalHashName(algo) ?? ''] : undefined;
      if (typeof h.value === 'string' && expectedLen !== undefined && !isHex(h.value, expectedLen)) {
        add('hash-value', at('hashes', i, 'value'), `${String(algo)} value must be ${expectedLen} hex digits; got ${h.value.length} characters${/^[0-9a-fA-F]*$/.test(h.value) ? '' : ' (not all hex)'}`);
      }
    }
  };

  if (typeof body.uuid === 'string') define(body.uuid, root, `/${root}`);
  // Metadata roles: the ids role-id and role-ids name.
  const roles = new Set<string>();
  if (metadata && Array.isArray(metadata.roles)) {
    for (const r of metadata.roles) if (isObject(r) && typeof r.id === 'string') roles.add(r.id);
  }
  const { uuid: _rootUuid, ...rest } = body;
  void _rootUuid;
  walk(rest, root);

  // Rule 1: duplicates.
  for (const [uuid, defs] of definitions) {
    if (defs.length < 2) continue;
    for (const d of defs.slice(1)) {
      add('duplicate-uuid', `${d.pointer}/uuid`, `uuid ${uuid} is already used by the ${defs[0]!.kind} at ${defs[0]!.pointer}`);
    }
  }

  // Rule 2: resolve references.
  const hasImport = root === 'plan-of-action-and-milestones' || ['import-ap', 'import-ssp', 'import-profile', 'import-component-definitions'].some((k) => k in body);
  const importable = IMPORTABLE_KINDS[root];
  // The documents this one imports (import-ap, then the plan's import-ssp; a POA&M's import-ssp),
  // when they lie beside it: what they define resolves here, by kind, as OSCAL reads the chain.
  const imported = opts.readFile ? importedDefinitions(body, opts.readFile, '') : undefined;
  for (const ref of references) {
    const defs = definitions.get(ref.uuid) ?? (!ref.localOnly && imported?.has(ref.uuid) ? [{ kind: imported.get(ref.uuid)!, pointer: '(imported)' }] : undefined);
    if (defs) {
      if (!defs.some((d) => ref.kinds.includes(d.kind))) {
        const d = defs[0]!;
        add('ref-wrong-kind', ref.pointer, `${ref.field} ${ref.uuid} points at ${withArticle(d.kind)} (${d.pointer}), not ${ref.kinds.map(withArticle).join(' or ')}`);
      }
      continue;
    }
    // With the whole import chain read, "elsewhere" has been looked at: absent there too is an error.
    const mayBeElsewhere = !ref.localOnly && hasImport && !imported && ref.kinds.every((k) => importable.has(k));
    if (opts.strictRefs || !mayBeElsewhere) {
      const where = ref.localOnly ? 'no back-matter resource has that uuid' : `no ${ref.kinds.join(' or ')} in this document${imported ? ' nor in the documents it imports' : ''} has that uuid`;
      add('ref-unresolved', ref.pointer, `${ref.field} ${ref.uuid} resolves to nothing: ${where}`);
    }
  }

  // Rule 2: role ids name metadata roles. An AR, AP or POA&M may use the roles of the document it
  // imports; a component definition may name roles its consumer's SSP defines ("customer").
  const rolesMayBeElsewhere = root === 'component-definition' || (hasImport && root !== 'system-security-plan');
  if (opts.strictRefs || !rolesMayBeElsewhere) {
    for (const ref of roleRefs) {
      if (!roles.has(ref.id)) add('ref-unresolved', ref.pointer, `role id "${ref.id}" resolves to nothing: metadata defines no role with that id`);
    }
  }

  return problems;
}

function lookup(index: ControlIndex, id: string): ControlEntry | undefined {
  return Object.prototype.hasOwnProperty.call(index.controls, id) ? index.controls[id] : undefined;
}

function shortSource(index: ControlIndex): string {
  return index.source.length > 80 ? index.source.slice(0, 77) + '...' : index.source;
}

/**
 * How a document's oscal-version relates to the schema's. OSCAL keeps minor and patch releases of
 * one major version backward compatible (a 1.1.2 document is a valid 1.1.3 one, a 1.1.3 document a
 * valid 1.2.2 one), so an older version of the same major is only worth a note; a newer one may
 * use what the older schema does not know.
 */
export function oscalVersionRelation(docVersion: string, schemaVersion: string): 'same' | 'older' | 'newer' | 'incompatible' {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)$/.exec(v.trim())?.slice(1).map(Number);
  const d = parse(docVersion);
  const s = parse(schemaVersion);
  if (!d || !s || d[0] !== s[0]) return docVersion === schemaVersion ? 'same' : 'incompatible';
  const cmp = d[1]! - s[1]! || d[2]! - s[2]!;
  return cmp === 0 ? 'same' : cmp < 0 ? 'older' : 'newer';
}

/** The note `validate` prints for an older compatible oscal-version; undefined when there is nothing to say. */
export function oscalVersionNote(docVersion: string, schemaVersion: string): string | undefined {
  if (oscalVersionRelation(docVersion, schemaVersion) !== 'older') return undefined;
  return `oscal-version is "${docVersion}", older than the OSCAL ${schemaVersion} schema it was validated against; OSCAL ${docVersion.replace(/^(\d+)\..*/, '$1')}.x releases are backward compatible, so this is a note, not a problem`;
}

function versionAtLeast(v: string | undefined, major: number, minor: number): boolean {
  if (!v) return false;
  const m = /^(\d+)\.(\d+)/.exec(v);
  if (!m) return false;
  const [ma, mi] = [Number(m[1]), Number(m[2])];
  return ma > major || (ma === major && mi >= minor);
}

/** Compares two numbers or two date-times; undefined when they are not comparable. */
function compareOrdered(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = instantMs(a);
    const tb = instantMs(b);
    if (Number.isNaN(ta) || Number.isNaN(tb)) return undefined;
    return ta - tb;
  }
  return undefined;
}

function isAbsoluteUri(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

function normalizeNs(s: string): string {
  return s.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/** "sha256", "SHA256", "sha-256" -> "SHA-256"; undefined if not a hash OSCAL names. */
function canonicalHashName(algo: string): string | undefined {
  const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return ALLOWED.hashAlgorithms.find((a) => squash(a) === squash(algo));
}

/** A relative reference to a file: no scheme, not a fragment, not an absolute path. */
function isRelativeHref(href: string): boolean {
  return href !== '' && !href.startsWith('#') && !href.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href);
}
