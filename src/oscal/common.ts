// Small pieces every OSCAL builder uses.
import { oneLine } from '../io/errors.js';
import { PROJECT_NS } from './ids.js';

export type Json = Record<string, unknown>;

export const OSCAL_VERSION = '1.1.3';
export const AP_FILE = 'assessment-plan.json';
export const AR_FILE = 'assessment-results.json';
export const POAM_FILE = 'poam.json';
export const SSP_FILE = 'ssp.json';

const NEEDS_CLEANING = /^\s|\s$|\s\s|[\t\n\r\f\v]|[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/**
 * OSCAL strings (StringDatatype) must be non-empty, one line, no outer whitespace. A console's
 * text (a model, a rule name) may also hold controls or bidi overrides: shown as \xNN / \u{NNNN}
 * (io/errors.ts oneLine), as the CSV and the checklists show them, never passed on.
 */
export function oscalString(s: string): string {
  if (s !== '' && !NEEDS_CLEANING.test(s)) return s;
  const t = oneLine(s.replace(/\s+/g, ' ').trim());
  return t === '' ? '(empty)' : t;
}

/** A prop in the project's own namespace. */
export function prop(name: string, value: string): Json {
  return { name, ns: PROJECT_NS, value: oscalString(value) };
}

/**
 * `check-in-part`: a check named as evidence of a control shows that control only in part
 * (controls/checks.yaml `in-part`). The value is the check, the remarks say what it leaves out, so
 * a reader of the SSP or component definition alone does not take the check for the whole control.
 */
export function checkInPartProp(checkId: string, why: string): Json {
  return { ...prop('check-in-part', checkId), remarks: `in part: ${why}` };
}
