// Who implements each part of a control a device check can evidence: the product (provider), the
// organisation that operates it (customer), or both (shared). controls/responsibility.yaml holds
// the table; the component definition and the SSP read it through `responsibilityOf`.
// Format and reasoning: controls/responsibility.yaml's header and docs/component-definition.md.
import { readFileSync } from 'node:fs';
import { UserError } from '../io/errors.js';
import { parseYamlText } from '../io/yaml-text.js';

export type Party = 'provider' | 'customer' | 'shared';
export const PARTIES: readonly Party[] = ['provider', 'customer', 'shared'];

export interface StatementResponsibility {
  /** A statement part id of the rev5 catalog ("ac-7_smt.a", or the whole "ac-7_smt"). */
  statementId: string;
  by: Party;
}

export interface ControlResponsibility {
  controlId: string;
  /** In statement order; empty when the control is answered as a whole. */
  statements: StatementResponsibility[];
  /** The control's overall split: provider (every part the product's), customer, or shared. */
  overall: Party;
  /** What the organisation must do; set whenever a part is customer or shared. */
  customerPart?: string;
  /** True when the table had no entry and a cautious default (shared) stands in. */
  unrecorded?: true;
}

export type ResponsibilityTable = ReadonlyMap<string, ControlResponsibility>;

const BUNDLED = new URL('../../controls/responsibility.yaml', import.meta.url);
export const RESPONSIBILITY_FILE = 'controls/responsibility.yaml';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Statement ids in document order: "ac-8_smt.a" < "ac-8_smt.a.2" < "ac-8_smt.b" < "ac-8_smt.c". */
function compareStatementIds(a: string, b: string): number {
  const parts = (s: string) => s.slice(s.indexOf('_smt') + 4).split('.').filter(Boolean);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i]!, pb[i]!];
    if (x === y) continue;
    const [nx, ny] = [Number(x), Number(y)];
    return Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function overallOf(parties: readonly Party[]): Party {
  if (parties.every((p) => p === 'provider')) return 'provider';
  if (parties.every((p) => p === 'customer')) return 'customer';
  return 'shared';
}

/** Parses a responsibility table; every mistake is a UserError naming the file and the pointer. */
export function parseResponsibility(text: string, file: string): Map<string, ControlResponsibility> {
  const doc = parseYamlText(text, file);
  const fail = (where: string, message: string): never => {
    throw new UserError(message, { file, where });
  };
  if (!isObject(doc)) fail('/', 'must be a mapping of control id to { provider, customer, shared, whole, customer-part }');
  const out = new Map<string, ControlResponsibility>();
  for (const [controlId, v] of Object.entries(doc as Raw)) {
    const w = `/${controlId}`;
    if (!/^[a-z]{2}-\d+(\.\d+)?$/.test(controlId)) fail(w, `"${controlId}" is not an SP 800-53 control id (like ac-7 or ac-2.1)`);
    if (!isObject(v)) fail(w, 'must be a mapping with provider, customer, shared (statement ids) or whole, and customer-part');
    const o = v as Raw;
    for (const k of Object.keys(o)) if (![...PARTIES, 'whole', 'customer-part'].includes(k)) fail(`${w}/${k}`, `unknown key "${k}"; expected provider, customer, shared, whole or customer-part`);
    const statements: StatementResponsibility[] = [];
    const seen = new Set<string>();
    for (const by of PARTIES) {
      const list = o[by];
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length === 0) fail(`${w}/${by}`, 'must be a non-empty list of statement ids');
      (list as unknown[]).forEach((id, i) => {
        if (typeof id !== 'string' || !(id === `${controlId}_smt` || id.startsWith(`${controlId}_smt.`))) {
          fail(`${w}/${by}/${i}`, `${JSON.stringify(id)} is not a statement id of ${controlId} (${controlId}_smt or ${controlId}_smt.<item>)`);
        }
        if (seen.has(id as string)) fail(`${w}/${by}/${i}`, `${id as string} is listed twice`);
        seen.add(id as string);
        statements.push({ statementId: id as string, by });
      });
    }
    const whole = o.whole;
    if (whole !== undefined && !PARTIES.includes(whole as Party)) fail(`${w}/whole`, `"whole" must be provider, customer or shared; got ${JSON.stringify(whole)}`);
    if (whole !== undefined && statements.length) fail(`${w}/whole`, 'give either statement ids or "whole", not both');
    if (whole === undefined && statements.length === 0) fail(w, 'give the statements of the control (provider, customer, shared) or "whole"');
    statements.sort((a, b) => compareStatementIds(a.statementId, b.statementId));
    const overall = whole !== undefined ? (whole as Party) : overallOf(statements.map((s) => s.by));
    const part = o['customer-part'];
    if (part !== undefined && (typeof part !== 'string' || part.trim() === '')) fail(`${w}/customer-part`, '"customer-part" must be text');
    if (overall !== 'provider' && part === undefined) fail(`${w}/customer-part`, `"customer-part" is required: part of ${controlId} is the customer's`);
    out.set(controlId, { controlId, statements, overall, ...(typeof part === 'string' ? { customerPart: part.replace(/\s+/g, ' ').trim() } : {}) });
  }
  return out;
}

let cached: Map<string, ControlResponsibility> | undefined;

/** The bundled table (controls/responsibility.yaml), parsed once per process. */
export function loadResponsibility(): ResponsibilityTable {
  if (!cached) cached = parseResponsibility(readFileSync(BUNDLED, 'utf8'), RESPONSIBILITY_FILE);
  return cached;
}

/**
 * The split of one control. A control the table does not know (a check catalog of one's own) is
 * shared as a whole: the product is not credited with all of it, and the customer is told to check.
 */
export function responsibilityOf(table: ResponsibilityTable, controlId: string): ControlResponsibility {
  return table.get(controlId) ?? {
    controlId,
    statements: [],
    overall: 'shared',
    customerPart: `${RESPONSIBILITY_FILE} records no split of ${controlId} between the product and the organisation: the organisation must confirm which parts the product implements and implement the rest.`,
    unrecorded: true,
  };
}
