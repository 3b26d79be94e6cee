// Objectives a check shows whose statement inserts a selection ODP ("further access to the system
// is prevented by {{ insert: param, ac-11_odp.01 }}", ac-11_odp.01 "Selection (one or more):
// initiating a device lock after …; requiring the user to initiate a device lock …"). A pass shows
// the choices the check reads (its `shows-choices`), not the organisation's choice: where the run
// does not define the selection, the pass proves the objective only if it shows every choice the
// organisation could make; where it does, only if it shows each choice the value makes. Otherwise
// the check shows that objective only in part (Check.inPart), with a why naming the selection.
// Pure: the run's configuration (assess/config.ts loadRunConfig) and the docs table apply it.
import type { ControlIndex } from './control-index.js';
import { assessmentOf, choicesNamed, choicesOfValue, insertedParams, objectiveTextOf, odpLabel, readableChoice, selectionChoices } from './objectives.js';
import type { Check } from './types.js';

/**
 * `valueOf` gives the run's value of an ODP it defines (params file, profile, a check parameter
 * filling it), undefined for one it does not define.
 */
export function withSelectionsShown(checks: readonly Check[], index: ControlIndex, valueOf: (odp: string) => string | undefined): Check[] {
  const text = objectiveTextOf(index);
  const owner = new Map(Object.entries(index.controls).flatMap(([id, e]) => e.params.map((p) => [p, id] as const)));
  return checks.map((check) => {
    const added: Array<{ objective: string; why: string }> = [];
    for (const objective of check.objectives) {
      if (check.inPart?.objectives.includes(objective)) continue;
      const whys: string[] = [];
      for (const odp of insertedParams(text(objective).prose)) {
        const controlId = owner.get(odp) ?? /^(.+?)_obj/.exec(objective)?.[1] ?? '';
        const choices = selectionChoices(assessmentOf(index, controlId)?.params?.[odp]);
        if (!choices) continue;
        const shown = choicesNamed(choices, check.showsChoices?.[odp] ?? []);
        const value = valueOf(odp);
        const made = value === undefined ? choices.map((_c, i) => i) : choicesOfValue(choices, value);
        if (made && made.every((i) => shown.includes(i))) continue;
        // Quoted with single quotes: the why is a line of a JSON text others read by line.
        const quote = (i: number): string => `'${readableChoice(index, controlId, choices[i]!)}'`;
        const shows = shown.length ? `shows only ${shown.map(quote).join(' and ')}` : 'shows none of its choices';
        if (value === undefined) {
          const label = odpLabel(index, controlId, odp);
          whys.push(`${odp}${label ? ` (${label})` : ''} is not defined, and a pass ${shows}, not every choice the organisation may make`);
        } else {
          const unshown = made ? `, not ${made.filter((i) => !shown.includes(i)).map(quote).join(' or ')}` : ', and the value does not read as the catalog\'s choices';
          whys.push(`${odp} is defined as '${value}'; a pass ${shows}${unshown}`);
        }
      }
      if (whys.length) added.push({ objective, why: whys.join('; ') });
    }
    if (!added.length) return check;
    const objectives = [...(check.inPart?.objectives ?? []), ...added.map((a) => a.objective)];
    // Each added why names its objective where the check's why covers more than one.
    const named = objectives.length > 1;
    const why = [...(check.inPart ? [check.inPart.why] : []), ...added.map((a) => (named ? `${a.objective}: ${a.why}` : a.why))].join('; ');
    return { ...check, inPart: { objectives, why } };
  });
}

/**
 * Whether some check shows an objective whose verdict the organisation's choice of a selection can
 * change (one it would show in part with no value defined): only then do the ODP values a run was
 * judged with matter to its checks, and a report says with whose values they were judged.
 */
export function hasSelectionObjectives(checks: readonly Check[], index: ControlIndex): boolean {
  return withSelectionsShown(checks, index, () => undefined).some((c, i) => c !== checks[i]);
}
