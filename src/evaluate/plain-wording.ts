// A check result in plain words, from the check's wording (controls/check-wording.yaml) and the
// values behind its verdict (TestOutcome.facts): "Account lockout threshold: 0 (never locks)",
// "Required: 1 to 3 invalid logon attempts", "Change it in: Local Security Policy > ...". Pure.
// Built for every device x check of a large fleet: plain string building per result; the one
// template (what is required, with the organisation's values) is compiled and rendered once per
// check and run.
import Handlebars from 'handlebars';
import type { Check } from '../catalog/types.js';
import { SWITCH_NAMES, type CheckWording } from '../catalog/check-wording.js';
import { MASKED_REASON_HEAD, type CheckStatus } from './evaluate-check.js';
import type { Fact, TestOutcome } from './test-eval.js';
import { singularAfterOne } from '../catalog/check-texts.js';
import { paramValueText } from '../params/resolve.js';

/** What the wording needs of a result. */
export interface WordedResult {
  status: CheckStatus;
  facts?: readonly Fact[];
  items?: TestOutcome['items'];
  /** Why a not-collected result is not collected (CheckResult): the words must not say the value is absent when it is not. */
  missing?: readonly string[];
  stale?: true;
  lapsedAt?: string;
  /** Why it is not collected, when the evaluation says (CheckResult.reason): a masked value is withheld, not absent. */
  reason?: string;
}

export interface PlainResult {
  /** What was found on the device. */
  found: string;
  /** What is required, with the organisation's values. */
  required: string;
  /** Where to change it. */
  where: string;
}

function valueText(p: { value: unknown; source?: string }): string {
  if (p.source !== undefined) return paramValueText({ value: p.value, source: p.source });
  const v = p.value;
  if (v === null || v === undefined) return '(not defined by the organisation)';
  return Array.isArray(v) ? v.map(String).join(', ') : String(v);
}

export class PlainWording {
  private readonly requiredCache = new Map<string, string>();
  private readonly values: Record<string, string>;

  /** `params`: the run's organisation parameters by id (value as used by the checks). */
  constructor(params: Iterable<{ id: string; value: unknown; source?: string }>) {
    this.values = {};
    for (const p of params) this.values[p.id] = valueText(p);
  }

  /** What the check requires, in words; undefined for a check without wording. */
  required(check: Check): string | undefined {
    if (!check.wording) return undefined;
    let text = this.requiredCache.get(check.id);
    if (text === undefined) {
      text = requiredText(check, this.values)!;
      this.requiredCache.set(check.id, text);
    }
    return text;
  }

  /** What was found alone (describe's `found`, without building the rest): undefined for a check without wording. */
  found(check: Check, r: WordedResult): string | undefined {
    return check.wording ? found(check.wording, r) : undefined;
  }

  /** The result in plain words; undefined for a check without wording (a user's own catalog). */
  describe(check: Check, r: WordedResult): PlainResult | undefined {
    const w = check.wording;
    if (!w) return undefined;
    return { found: found(w, r), required: this.required(check)!, where: w.where };
  }
}

/**
 * What a check requires, in words, with the organisation's values (`values`: each parameter's value
 * as text, by id): "15 minutes or more (-1 or 0: until an administrator unlocks)". The one rule for
 * every text a person reads as the requirement (the AR's description, the CSV's required column,
 * the PDF, the exports' "Required:" line, drift.md). Undefined for a check without wording; throws
 * when the wording names a parameter `values` lacks.
 */
export function requiredText(check: Check, values: Readonly<Record<string, string>>): string | undefined {
  const w = check.wording;
  if (!w) return undefined;
  return Handlebars.compile(singularAfterOne(w.required, (id) => values[id] === '1'), { noEscape: true, strict: true })(values);
}

function valueName(w: CheckWording, v: string, field: string): string {
  const named = (field !== '' ? w.values?.[`${field}=${v}`] : undefined) ?? w.values?.[v];
  if (named !== undefined) return named;
  return Object.hasOwn(SWITCH_NAMES, v) ? SWITCH_NAMES[v]! : v;
}

function fieldName(w: CheckWording, field: string): string {
  return w.fields?.[field] ?? w.setting;
}

/** "Name: value" for each fact; the name alone is left out where the setting already says it. */
function factTexts(w: CheckWording, facts: readonly Fact[], named: boolean): string[] {
  // Two tests of one value (a time source set, and not the local clock) name it once.
  const seen = new Set<string>();
  facts = facts.filter((f) => {
    const key = `${f.item ?? ''}\u0000${f.field}\u0000${f.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return facts.map((f) => (named && f.field !== '' ? `${fieldName(w, f.field)}: ${valueName(w, f.value, f.field)}` : valueName(w, f.value, f.field)));
}

/** Why a result is not collected, in words: the snapshot may hold the value and still not show it now. */
function notCollected(r: WordedResult): string {
  // A value masked as a copy of a secret is in the snapshot, withheld: "does not hold" would be false.
  if (r.reason?.includes(MASKED_REASON_HEAD)) return 'not collected (a value read is withheld from the reports because it repeats a secret; see the reason)';
  if (r.missing === undefined || r.missing.length > 0) return 'not collected (the snapshot does not hold this value)';
  if (r.stale) return 'not collected at the assessment (the evidence is stale)';
  if (r.lapsedAt) return 'not collected at the assessment (the value passed at collection, but its time limit lapsed before the assessment)';
  return 'not collected (the values read do not show it; see the reason)';
}

/** What was found, in words. */
export function found(w: CheckWording, r: WordedResult): string {
  if (r.status === 'not-applicable') return `Not applicable: ${w.notApplicable ?? 'the check does not apply to this console'}.`;
  if (r.status === 'not-collected') return `${w.setting}: ${notCollected(r)}.`;
  const facts = r.facts ?? [];
  const items = r.items;
  // Several compared fields are named one by one; one field is the setting itself.
  const compared = w.compared;
  const severalFields = new Set(facts.map((f) => f.field).filter((f) => f !== '')).size > 1 || Object.keys(w.fields ?? {}).filter((f) => !compared || compared.includes(f)).length > 1;
  if (r.status === 'pass') {
    const top = facts.filter((f) => f.ok && f.item === undefined);
    const parts = factTexts(w, top, severalFields);
    if (items && items.checked > 0) parts.push(`as required (${w.items ?? 'items'}: ${items.checked} checked)`);
    else if (items && items.checked === 0 && top.length === 0) parts.push(`no ${w.items ?? 'items'} to check`);
    return asSentence(`${w.setting}: ${parts.length ? parts.join('; ') : 'as required'}`);
  }
  // fail or deviation: what failed, item by item.
  if (items?.required !== undefined) return `${w.setting}: only ${items.checked} ${w.items ?? 'items'} listed; at least ${items.required} required.`;
  const failing = facts.filter((f) => !f.ok);
  const parts = factTexts(w, failing.filter((f) => f.item === undefined), severalFields);
  const byItem = new Map<string, Fact[]>();
  for (const f of failing) if (f.item !== undefined) byItem.set(f.item, [...(byItem.get(f.item) ?? []), f]);
  const itemParts: string[] = [];
  for (const [item, fs] of byItem) {
    const named = fs.filter((f) => f.field !== '');
    if (named.length === 0) itemParts.push(`${item}: none listed`);
    else if (severalFields) itemParts.push(`${item} (${factTexts(w, named, true).join(', ')})`);
    else itemParts.push(`${item}${item.endsWith(':') ? '' : ':'} ${factTexts(w, named, false).join(', ')}`);
  }
  // The count names the items it counts, so it stands before them, after the settings that are not items
  // ("Minimum password length: 12; 1 of 3 local accounts … not as required: radtech (…)").
  if (itemParts.length > 0) {
    const count = items && items.checked > 0 ? `${items.failing} of ${items.checked} ${w.items ?? 'items'} not as required: ` : '';
    parts.push(`${count}${itemParts.join('; ')}`);
  }
  return asSentence(`${w.setting}: ${parts.length ? parts.join('; ') : 'not as required'}`);
}

/** Ends the text with one full stop (a value may end with its own). */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A check id and its raw expected value to the text a person reads (the wording's required text), for reports that hold only check ids. */
export type RequiredNamer = (checkId: string, expected: string) => string;

/**
 * The required text of each check of a catalog by its id, with the run's parameters (as the AR's
 * description says it); a check without wording, or an unknown id, keeps its raw expected value.
 */
export function requiredNamer(checks: readonly Check[], params: Iterable<{ id: string; value: unknown; source?: string }>): RequiredNamer {
  const plain = new PlainWording(params);
  const byId = new Map(checks.map((c) => [c.id, c]));
  return (checkId, expected) => {
    const check = byId.get(checkId);
    return (check && plain.required(check)) ?? expected;
  };
}
