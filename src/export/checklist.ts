// One STIG checklist per device: a verdict for EVERY rule of the bundled STIG, from the results of
// the checks that cite it. Pure. The CKL and CKLB writers (ckl.ts, cklb.ts) only format these.
//
// A rule's status on a device:
//   Open            a check citing it failed (or failed under an approved deviation: the setting
//                   still differs from the STIG; the deviation is in COMMENTS);
//   Not_Reviewed    no check covers it, or a citing check's evidence was not collected (or the
//                   package holds no result of it for the device): nothing is claimed;
//   NotAFinding     every citing check passed (or did not apply, with at least one passing), each
//                   against the catalog's own values (the STIG's): a pass judged against a value
//                   the organisation set otherwise (params file, profile) is Not_Reviewed, since
//                   it does not show the STIG's requirement met;
//   Not_Applicable  every citing check did not apply.
// A check that cites several rules gives each of them its result: the checklist is as fine-grained
// as the check catalog, and FINDING_DETAILS says so.
// On a device whose OS the STIG does not cover (stigScope: a Windows 7 or Windows 11 console
// against the Windows 10 STIG, or an OS the package does not name), no rule gets a STIG
// determination: each is Not_Reviewed, the checks' evidence kept in FINDING_DETAILS and COMMENTS
// saying which OS the STIG covers and which the device runs.
import { namedObserved } from '../catalog/check-wording.js';
import type { Check, ParameterDef } from '../catalog/types.js';
import type { StigData, StigRule } from '../catalog/stig.js';
import type { CheckStatus } from '../evaluate/evaluate-check.js';
import { showControls } from './emass.js';
import { stigScope } from './stig-scope.js';
import { evidenceLine, requiredOf, staleLine, type DeviceResult, type ExportDevice } from './results.js';

export type ChecklistStatus = 'Open' | 'NotAFinding' | 'Not_Applicable' | 'Not_Reviewed';

export interface RuleVerdict {
  rule: StigRule;
  status: ChecklistStatus;
  findingDetails: string;
  comments: string;
}

/** For each rule of the STIG (by STIG id), the indices of the checks that cite it. */
export function ruleCoverage(checks: readonly Check[], data: StigData): Map<string, number[]> {
  const out = new Map<string, number[]>(data.rules.map((r) => [r.stigId, []]));
  checks.forEach((c, i) => {
    for (const id of new Set(c.stig ?? [])) out.get(id)?.push(i);
  });
  return out;
}

/** The checklist status the results of a rule's checks give (see the file header). */
export function ruleStatus(statuses: ReadonlyArray<CheckStatus | undefined>): ChecklistStatus {
  if (!statuses.length) return 'Not_Reviewed';
  if (statuses.some((s) => s === 'fail' || s === 'deviation')) return 'Open';
  if (statuses.some((s) => s === undefined || s === 'not-collected')) return 'Not_Reviewed';
  if (statuses.some((s) => s === 'pass')) return 'NotAFinding';
  return 'Not_Applicable';
}

/**
 * The parameters a result was judged with (its "id = value (source)" texts) that the organisation
 * set, in a params file or profile, to a value other than the catalog's. The catalog's values are
 * the STIG's (parameters.yaml `basis`); one with no value (only the organisation can name it) is
 * the STIG's to leave open, and does not count.
 */
export function paramsOffCatalog(r: DeviceResult | undefined, defs: ReadonlyMap<string, ParameterDef>): string[] {
  return (r?.params ?? []).filter((text) => {
    const eq = text.indexOf(' = ');
    const by = Math.max(text.lastIndexOf(' (params file '), text.lastIndexOf(' (profile '));
    const def = defs.get(text.slice(0, eq));
    if (eq < 0 || by < eq || !def || def.default === null || def.default === undefined) return false;
    const catalog = Array.isArray(def.default) ? def.default.join(', ') : String(def.default);
    return text.slice(eq + 3, by) !== catalog;
  });
}

const WORD: Record<CheckStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  deviation: 'failed (approved deviation)',
  'not-applicable': 'does not apply',
  'not-collected': 'not collected',
};

/** The plain-language block for one check's result on a device. */
function resultBlock(check: Check, r: DeviceResult | undefined, device: ExportDevice, rulesCited: number, run: ReadonlyMap<string, string>): string {
  if (!r) return `ato-evidence check ${check.id} (${check.title}): the package holds no result of it for ${device.id}, so this rule is not reviewed.`;
  const lines = [`ato-evidence check ${check.id} (${check.title}): ${WORD[r.status]} on ${device.id}.`];
  lines.push(`Required: ${requiredOf(check, r, run)}`);
  lines.push(`Observed: ${namedObserved(check, r.observed)}`);
  for (const p of r.params) lines.push(`Parameter: ${p}`);
  const stale = staleLine(r, device);
  if (stale) lines.push(stale);
  if (r.notCollected) lines.push(`Not collected: ${r.notCollected}`);
  for (const p of r.provenance) lines.push(`Source: ${p.source}${p.sha256 ? `, SHA-256 ${p.sha256}` : ''}`);
  lines.push(evidenceLine(r, device, true)!);
  if (rulesCited > 1) lines.push(`(${check.id} covers ${rulesCited} rules of this STIG; its result is given to each of them.)`);
  return lines.join('\n');
}

function commentsOf(check: Check, r: DeviceResult | undefined): string[] {
  const out: string[] = [];
  if (r?.deviation) out.push(`Approved deviation for ${check.id}: ${r.deviation}`);
  if (r?.expiredDeviation) out.push(`A deviation for ${check.id} ${r.expiredDeviation}.`);
  return out;
}

const NO_CHECK = 'No ato-evidence check evaluates this rule: it was not reviewed, and it needs a manual review.';

/**
 * The verdict of every rule of the STIG (benchmark order) on one device. `resultOf(c)` gives the
 * device's result of `checks[c]`; `runParameters`: the run's parameter texts by id (PackageResults),
 * the values the "Required:" line states.
 */
export function deviceVerdicts(
  device: ExportDevice,
  checks: readonly Check[],
  coverage: ReadonlyMap<string, readonly number[]>,
  data: StigData,
  resultOf: (checkIndex: number) => DeviceResult | undefined,
  parameters: ReadonlyMap<string, ParameterDef> = new Map(),
  runParameters: ReadonlyMap<string, string> = new Map(),
): RuleVerdict[] {
  const scope = stigScope(data.stig.id, data.stig.title, device.id, device.os);
  const outOfScope = scope.covered ? undefined : showControls(scope.comment);
  const cache = new Map<number, DeviceResult | undefined>();
  const get = (c: number) => {
    if (!cache.has(c)) cache.set(c, resultOf(c));
    return cache.get(c);
  };
  const rulesCited = (c: Check) => (c.stig ?? []).filter((id) => coverage.has(id)).length;
  return data.rules.map((rule) => {
    const cs = coverage.get(rule.stigId) ?? [];
    if (!cs.length) return { rule, status: 'Not_Reviewed', findingDetails: NO_CHECK, comments: outOfScope ?? '' };
    const results = cs.map(get);
    let status = ruleStatus(results.map((r) => r?.status));
    const blocks = cs.map((c, i) => resultBlock(checks[c]!, results[i], device, rulesCited(checks[c]!), runParameters));
    if (status === 'NotAFinding') {
      const own = [...new Set(results.flatMap((r) => (r?.status === 'pass' ? paramsOffCatalog(r, parameters) : [])))];
      if (own.length) {
        status = 'Not_Reviewed';
        blocks.unshift(`Not reviewed: the check passed against a value the organisation set, not the catalog's (the STIG's): ${own.join('; ')}. Review the rule against the STIG's own value.`);
      }
    }
    // Values and justifications come from the consoles and the organisation: an escape sequence or a
    // right-to-left override is shown (\x1B, \u{202E}), as in every CSV and workbook, never passed to STIG Viewer.
    const findingDetails = showControls(blocks.join('\n\n'));
    const comments = showControls(cs.flatMap((c, i) => commentsOf(checks[c]!, results[i])).join('\n'));
    // Outside the STIG's scope the checks' results stay as evidence, but the rule is not determined.
    if (outOfScope) return { rule, status: 'Not_Reviewed', findingDetails, comments: [outOfScope, comments].filter(Boolean).join('\n') };
    return { rule, status, findingDetails, comments };
  });
}

/** How many rules have each status. */
export function countStatuses(verdicts: readonly RuleVerdict[]): Record<ChecklistStatus, number> {
  const out: Record<ChecklistStatus, number> = { Open: 0, NotAFinding: 0, Not_Applicable: 0, Not_Reviewed: 0 };
  for (const v of verdicts) out[v.status]++;
  return out;
}
