import type { CheckWording } from './check-wording.js';
import type { Layer } from '../snapshot/types.js';
import type { EntryForm } from './list-entries.js';

export type Severity = 'CAT I' | 'CAT II' | 'CAT III';
export const SEVERITIES: readonly Severity[] = ['CAT I', 'CAT II', 'CAT III'];

/** A reference to an organisation parameter, resolved at evaluation time. */
export interface ParamRef {
  param: string;
}
/** A reference to another snapshot value ({field: path}, relative to the same root as the test's field). */
export interface FieldRef {
  field: string;
}
export type Expected = unknown; // a literal, a ParamRef, a FieldRef, or a list/pair that may hold them

export const SCALAR_OPERATORS = [
  'equals', 'not-equals', 'at-least', 'at-most', 'greater-than', 'less-than', 'between', 'one-of', 'none-of',
  'contains', 'not-contains', 'contains-any', 'contains-none', 'subset-of', 'not-empty', 'matches', 'not-matches',
  'max-age-days', 'max-age-hours', 'min-remaining-days', 'older-than-days', 'version-at-least', 'same-text',
  'not-every-address', 'host-one-of', 'not-own-host', 'listed-until', 'not-same-dn', 'allows-port',
] as const;
export const COLLECTION_OPERATORS = ['every', 'none', 'some'] as const;
export const COMBINATORS = ['all-of', 'any-of'] as const;
export type ScalarOperator = (typeof SCALAR_OPERATORS)[number];
export type CollectionOperator = (typeof COLLECTION_OPERATORS)[number];
export type Combinator = (typeof COMBINATORS)[number];
export type Operator = ScalarOperator | CollectionOperator | Combinator;

/**
 * One test over the snapshot. Scalar operators compare the value at `field` with `expected`.
 * `every` / `none` take the list at `field` (an object counts as a list of one), keep the items
 * that pass all `where` tests, and require that every item passes / no item passes all `tests`.
 * `all-of` / `any-of` combine `tests`. Fields inside `every`/`none` are relative to the item.
 */
export interface Test {
  field?: string;
  operator: Operator;
  expected?: Expected;
  where?: Test[];
  tests?: Test[];
  /** Values that pass whatever the operator says (e.g. LockoutDuration -1 = until an admin unlocks). */
  alsoPass?: unknown[];
  /** What an absent value means. Default: not-collected (missing data is never silently a pass). */
  ifAbsent?: 'pass' | 'fail' | 'not-applicable';
  /** What an empty list (after `where`) means for every/none. Default: pass. */
  ifEmpty?: 'pass' | 'fail' | 'not-applicable';
  /**
   * none: what an item found means, when not a fail: `not-collected` where the item shows that the
   * data the verdict needs was not collected (a nested group listed without its members).
   */
  ifFound?: 'not-collected';
  /** With ifFound: why an item found leaves the verdict unknown, in words; {field} inserts the item's value. */
  foundMeans?: string;
  /** every/none: fewer items than this (before `where`) is a fail. */
  minItems?: number;
  /** every/none: the item field that names an item in messages (default: name, aeTitle, mountPoint, ...). */
  label?: string;
  /**
   * every/none: `where` picks items by their identity (a GUID, a log name, a rule-collection
   * type), so a verdict on the items found rests on them alone and stands even on a list the
   * snapshot's coverage says is partial; only "none found" needs the whole list.
   */
  byIdentity?: boolean;
  /**
   * one-of, none-of, contains-any, contains-none: a value written `DOMAIN\\name` matches a listed bare
   * `name` too (principal-names). Allowed only where a match makes the check stricter.
   */
  principalNames?: boolean;
  /**
   * one-of, none-of, contains-any, contains-none: Windows feature names compared as one name however
   * spelled (`TelnetClient`, `Telnet-Client`, `Telnet Client`; feature-names). Allowed only where a
   * match makes the check stricter.
   */
  featureNames?: boolean;
  /** Words for a person, used in messages instead of the generated description. */
  describe?: string;
  /**
   * Fields (relative to the same root as `field`) shown beside the verdict as supporting evidence,
   * with their provenance, but never deciding it (a per-user screen saver next to the machine-wide lock).
   */
  supporting?: string[];
}

export interface CheckExample {
  expect: 'pass' | 'fail' | 'not-applicable' | 'not-collected';
  /** Why this value is the interesting edge, if it is one. */
  edge?: string;
  /** Snapshot values by dotted path; everything else is absent. */
  values: Record<string, unknown>;
  /** Evaluation time offset: collectedAt used for the example snapshot. Default 2026-01-15T12:00:00Z. */
  collectedAt?: string;
  /** Organisation parameter values for this example, by parameter id; the others stay at their defaults. */
  params?: Record<string, unknown>;
}

export type NotApplicableMeaning = 'satisfies' | 'not-shown';

/** "ac-7_obj.a" -> "ac-7"; undefined for anything that is not an assessment-objective id. */
export function controlOfObjective(id: string): string | undefined {
  return /^([a-z]{2}-\d+(?:\.\d+)?)_obj(?:[.-][a-z0-9.-]*)?$/.exec(id)?.[1];
}

export interface Check {
  id: string;
  layer: Layer;
  title: string;
  description?: string;
  test: Test;
  /** The check is not applicable when this test fails (e.g. LDAP checks on a console without LDAP). */
  appliesWhen?: Test;
  controls: string[];
  /**
   * The SP 800-53A assessment objectives (leaf objective ids, "ac-7_obj.a") of the cited controls
   * that a pass shows on the device; at least one per cited control.
   */
  objectives: string[];
  /**
   * What "not applicable" on a device means for those objectives: `satisfies` when the check does
   * not apply because the feature is not in use (LDAP policy checks on a console without LDAP),
   * `not-shown` (the default) when it only means the objective was not shown on that device.
   */
  notApplicable: NotApplicableMeaning;
  /**
   * Objectives (of `objectives`) a pass shows only in part, and what it leaves out: DICOM-TLS shows
   * sc-8_obj for the DICOM channel, not for every channel. Where every check naming an objective
   * shows it only in part, the objective is never satisfied by them: it is left to the assessor.
   * A fail still decides against it.
   *
   * `why` is the whole text, every part joined (the check on its own); a document naming the check
   * under one control reads that control's parts only (inPartOf), for a check naming several
   * controls (BITLOCKER's sc-28.1 selection why has nothing to say about MP-5).
   */
  inPart?: { objectives: string[]; why: string; parts?: InPartWhy[] };
  /**
   * Per selection ODP of `odp` (ac-11_odp.01), the choices of the catalog a pass shows, each by
   * the words it begins with. An objective the check shows whose statement inserts a selection the
   * run does not define is shown whole only where the pass shows every choice; a defined one, only
   * where it shows each choice the value makes (assess/selection-shown.ts). None listed: none shown.
   */
  showsChoices?: Record<string, string[]>;
  /**
   * Per assignment ODP an objective of the check inserts (checks.yaml `shows-any-value`), why a pass
   * proves that objective whatever value the organisation gives it. Without it, or a parameter of the
   * checks naming the objective linked to the ODP (`comparesOdps`), the objective is shown only in
   * part (catalog/selection-shown.ts).
   */
  showsAnyValue?: Record<string, string>;
  /**
   * The ODPs the parameters its test compares with fill (parameters.yaml `odp`, set when the
   * catalog is read): a pass compares the console with the run's value of those.
   */
  comparesOdps?: string[];
  odp: string[];
  severity: Severity;
  /** SP 800-53A method: EXAMINE (reading configuration; the default) or TEST (a mechanism exercised). */
  method: 'TEST' | 'EXAMINE';
  remediation: string;
  /**
   * The title, remediation and description as checks.yaml writes them, where they state a
   * parameter's value (`{{lockout-threshold-max}}`); `title`, `remediation` and `description` then
   * hold them with the defaults, and a run states them with its own values (check-texts.ts).
   */
  titleTemplate?: string;
  remediationTemplate?: string;
  descriptionTemplate?: string;
  stig?: string[];
  mds2?: string[];
  examples: CheckExample[];
  /** Snapshot fields the check reads (dotted paths, `[]` marks a list), derived from its tests. */
  reads: string[];
  /** Its plain-language wording (controls/check-wording.yaml), where the catalog has one. */
  wording?: CheckWording;
  /**
   * The titles of the organisation parameters of the catalog it was read with, by id (one object
   * shared by every check of that catalog): a result's texts name a parameter by its title. A
   * property, not a side table, so that a copy (a run's rendered texts) and a worker thread's
   * structured clone keep it.
   */
  paramTitles?: Readonly<Record<string, string>>;
  /** The ids of the catalog's deny-list parameters (ParameterDef `denyList`), a property for the same reason. */
  denyLists?: readonly string[];
}

export interface ParameterDef {
  id: string;
  title: string;
  type: 'number' | 'string' | 'boolean' | 'string-list' | 'number-list';
  /** The documented value; null where there is none and only the organisation can name it (a check then is not collected). */
  default: unknown;
  /** The 800-53 rev5 ODP this value fills, if any. */
  odp?: string;
  /** Where the default comes from (e.g. DISA Windows 10 STIG V3R2 WN10-AC-000010). */
  basis: string;
  /** Whether an OSCAL profile's set-parameters value for `odp` may set it. Default: numbers and booleans only. */
  fromProfile?: boolean;
  unit?: string;
  /**
   * The form every entry of a string-list must have: `dated`, a value optionally followed by "until
   * YYYY-MM-DD" (`listed-until`); `hosts`, a host name or address (src/catalog/list-entries.ts).
   */
  entries?: EntryForm;
  /**
   * A list of what must not be present (parameters.yaml `deny-list: true`): a check that none of
   * its entries is present is vacuous when it is empty, so a test comparing with an empty one is
   * not collected, naming the parameter. An allow list (approved ports) is never one: empty, it is
   * strict and stays judged.
   */
  denyList?: boolean;
}

/**
 * What a check leaves out of a control it names, when it shows that control only in part (its
 * `in-part` names objectives of the control): every document that names the check as evidence of
 * the control must say so, or a reader takes the check for the whole control. Undefined when the
 * check shows what it shows of the control whole.
 */
export function inPartOf(check: Pick<Check, 'inPart'>, controlId: string): string | undefined {
  if (!check.inPart) return undefined;
  const ofControl = (o: string) => controlOfObjective(o) === controlId;
  // Without parts (a check built by hand), the whole why is its one part.
  const own = (check.inPart.parts ?? [{ objectives: check.inPart.objectives, why: check.inPart.why }]).filter((p) => p.objectives.some(ofControl));
  if (!own.length) return undefined;
  // A part of one objective is named by it where the control's why covers more than one objective.
  const covered = new Set(own.flatMap((p) => p.objectives.filter(ofControl)));
  return own.map((p) => (p.named && covered.size > 1 ? `${p.objectives[0]}: ${p.why}` : p.why)).join('; ');
}

/**
 * One part of a check's in-part why and the objectives it concerns: checks.yaml's own `in-part` (its
 * why kept whole for each control of its objectives: an author's words about what the check reads
 * are not split), or a why the run's ODPs add for one objective (catalog/selection-shown.ts), named
 * by that objective (`named`) where the why of its control covers more than one.
 */
export interface InPartWhy {
  objectives: string[];
  why: string;
  named?: boolean;
}
