// Objectives a check shows whose statement inserts an organisation-defined parameter (ODP): a pass
// shows the objective whole only where it proves the statement for the organisation's value.
//
// A selection ("further access to the system is prevented by {{ insert: param, ac-11_odp.01 }}",
// ac-11_odp.01 "Selection (one or more): initiating a device lock after …; requiring the user to
// initiate a device lock …"): a pass shows the choices the check reads (its `shows-choices`), not
// the organisation's choice. Where the run does not define the selection, the pass proves the
// objective only if it shows every choice the organisation could make; where it does, only if it
// shows each choice the value makes.
//
// An assignment ("accounts are disabled within {{ insert: param, ac-02.03_odp.01 }} …", "Assignment:
// organization-defined time period"): a pass proves the statement for the organisation's value only
// where a check compares with it, that is a parameter linked to the ODP (parameters.yaml `odp`) of
// this check, or of another check naming the objective whose pass the objective needs (one whose
// not-applicable does not satisfy: LOCKOUT-RESET's window beside LOCKOUT-THRESHOLD's limit in
// ac-7_obj.a); or where the check declares its pass proves it whatever the value (`shows-any-value`,
// with its reason). Whatever the run defines, a value no check compares with is not shown.
//
// Otherwise the check shows that objective only in part (Check.inPart), with a why naming the ODP by
// its label. Pure: the run's configuration (assess/config.ts loadRunConfig), the docs table and
// export hdf apply it.
import type { ControlIndex } from './control-index.js';
import { assessmentOf, choicesNamed, choicesOfValue, insertedParams, objectiveTextOf, odpLabel, readableChoice, selectionChoices } from './objectives.js';
import type { Check } from './types.js';

/**
 * `valueOf` gives the run's value of an ODP it defines (params file, profile, a check parameter
 * filling it), undefined for one it does not define.
 */
export function withSelectionsShown(checks: readonly Check[], index: ControlIndex, valueOf: (odp: string) => string | undefined): Check[] {
  return withOdpsShown(checks, index, valueOf, true);
}

/**
 * For a document no organisation stands behind (a component definition): no selection is made, and
 * none is "not defined" either, so an unmade selection's why says where a pass shows the objective,
 * "only where the organisation selects" the choices it shows.
 */
export function withSelectionsOfAnyOrganisation(checks: readonly Check[], index: ControlIndex): Check[] {
  return withOdpsShown(checks, index, () => undefined, true, false);
}

function withOdpsShown(checks: readonly Check[], index: ControlIndex, valueOf: (odp: string) => string | undefined, assignments: boolean, organisation = true): Check[] {
  const text = objectiveTextOf(index);
  const owner = new Map(Object.entries(index.controls).flatMap(([id, e]) => e.params.map((p) => [p, id] as const)));
  // Per objective, the ODPs compared by a check naming it whose pass the objective needs: one whose
  // not being applicable leaves the objective not shown (not-applicable: not-shown).
  const required = new Map<string, Set<string>>();
  for (const c of checks) {
    if (c.notApplicable === 'satisfies' || !c.comparesOdps?.length) continue;
    for (const o of c.objectives) for (const odp of c.comparesOdps) (required.get(o) ?? required.set(o, new Set()).get(o)!).add(odp);
  }
  return checks.map((check) => {
    const added: Array<{ objective: string; why: string }> = [];
    for (const objective of check.objectives) {
      if (check.inPart?.objectives.includes(objective)) continue;
      const whys: string[] = [];
      const uncompared: string[] = [];
      for (const odp of insertedParams(text(objective).prose)) {
        const controlId = owner.get(odp) ?? /^(.+?)_obj/.exec(objective)?.[1] ?? '';
        const placeholder = assessmentOf(index, controlId)?.params?.[odp];
        const choices = selectionChoices(placeholder);
        if (!choices) {
          if (!assignments) continue;
          // An aggregate (ac-1_prm_1) is the ODPs it aggregates, each compared or declared on its own.
          for (const id of index.controls[controlId]?.aggregates?.[odp] ?? [odp]) {
            if (selectionChoices(assessmentOf(index, controlId)?.params?.[id])) continue;
            if (check.comparesOdps?.includes(id) || required.get(objective)?.has(id) || check.showsAnyValue?.[id] !== undefined) continue;
            const label = odpLabel(index, controlId, id);
            uncompared.push(`${id}${label ? ` (${label})` : ''}`);
          }
          continue;
        }
        const shown = choicesNamed(choices, check.showsChoices?.[odp] ?? []);
        const value = valueOf(odp);
        const made = value === undefined ? choices.map((_c, i) => i) : choicesOfValue(choices, value);
        if (made && made.every((i) => shown.includes(i))) continue;
        // Quoted with single quotes: the why is a line of a JSON text others read by line.
        const quote = (i: number): string => `'${readableChoice(index, controlId, choices[i]!)}'`;
        const shows = shown.length ? `shows only ${shown.map(quote).join(' and ')}` : 'shows none of its choices';
        if (value === undefined && !organisation) {
          const label = odpLabel(index, controlId, odp);
          const where = shown.length ? `only where the organisation selects ${shown.length > 1 ? `among ${shown.map(quote).join(' and ')}` : quote(shown[0]!)} and no other of its choices` : 'for no choice the organisation may select';
          whys.push(`${odp}${label ? ` (${label})` : ''}: a pass ${shows}, so it shows the objective ${where}`);
        } else if (value === undefined) {
          const label = odpLabel(index, controlId, odp);
          whys.push(`${odp}${label ? ` (${label})` : ''} is not defined, and a pass ${shows}, not every choice the organisation may make`);
        } else {
          const unshown = made ? `, not ${made.filter((i) => !shown.includes(i)).map(quote).join(' or ')}` : ', and the value does not read as the catalog\'s choices';
          whys.push(`${odp} is defined as '${value}'; a pass ${shows}${unshown}`);
        }
      }
      if (uncompared.length) {
        const list = uncompared.length > 1 ? `${uncompared.slice(0, -1).join(', ')} or ${uncompared.at(-1)}` : uncompared[0];
        whys.unshift(`no check parameter compares with ${list}: a pass does not show the statement holds for the organisation's value${uncompared.length > 1 ? 's' : ''}`);
      }
      if (whys.length) added.push({ objective, why: whys.join('; ') });
    }
    if (!added.length) return check;
    const objectives = [...(check.inPart?.objectives ?? []), ...added.map((a) => a.objective)];
    // Kept per objective: a document naming the check under one control reads only that control's
    // parts (types.ts inPartOf), never the ODP why of another control the check names.
    const own = check.inPart ? (check.inPart.parts ?? [{ objectives: check.inPart.objectives, why: check.inPart.why }]) : [];
    const parts = [...own, ...added.map((a) => ({ objectives: [a.objective], why: a.why, named: true }))];
    // The whole text, for the check on its own: each added why names its objective where it covers more than one.
    const why = parts.map((p) => (p.named && objectives.length > 1 ? `${p.objectives[0]}: ${p.why}` : p.why)).join('; ');
    return { ...check, inPart: { objectives, why, parts } };
  });
}

/**
 * Whether some check shows an objective whose verdict the organisation's choice of a selection can
 * change (one it would show in part with no value defined): only then do the ODP values a run was
 * judged with matter to its checks, and a report says with whose values they were judged.
 */
export function hasSelectionObjectives(checks: readonly Check[], index: ControlIndex): boolean {
  // Assignments no check compares with are in part whatever the run defines: they do not count.
  const unmade = withOdpsShown(checks, index, () => undefined, false);
  return unmade.some((c, i) => c !== checks[i]);
}
