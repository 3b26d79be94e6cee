// The check catalog's control and objective ids against the control catalog: every cited control
// exists, and every objective a check names is a leaf objective of that control (a group such as
// ac-2_obj.d would claim objectives the check was never said to show), and every `shows-choices`
// text names exactly one choice of its selection: one naming none or several would silently show
// nothing (catalog/selection-shown.ts), the objective then in part for a reason nobody meant; and
// every `shows-any-value` ODP is an assignment of the control catalog that an objective of the
// check inserts: an id it does not know (a slip, ac-02.03_odp.1) would declare nothing. Pure.
import { UserError } from '../io/errors.js';
import { lookupControl, type ControlIndex } from './control-index.js';
import { assessmentOf, choicesBeginningWith, findObjective, insertedParams, leafObjectives, objectiveTextOf, readableChoice, selectionChoices } from './objectives.js';
import { controlOfObjective, type Check } from './types.js';

/** Throws a UserError naming the checks file and the check for the first id the control catalog does not know. */
export function validateCheckIds(checks: readonly Check[], index: ControlIndex, checksFile: string, catalogFile: string): void {
  const unknown = [...new Set(checks.flatMap((c) => c.controls))].filter((id) => !lookupControl(index, id));
  if (unknown.length) throw new UserError(`the check catalog cites controls the control catalog does not define: ${unknown.join(', ')}`, { file: catalogFile });
  for (const check of checks) {
    for (const id of check.objectives ?? []) {
      const controlId = controlOfObjective(id)!;
      const a = assessmentOf(index, controlId);
      const where = `check ${check.id}`;
      if (!a) throw new UserError(`objective "${id}": the control catalog (${catalogFile}) has no assessment objectives for ${controlId}`, { file: checksFile, where });
      const leaves = leafObjectives(a.objective).map((n) => n.id);
      if (leaves.includes(id)) continue;
      const node = findObjective(a.objective, id);
      if (node) {
        const under = leafObjectives(node).map((n) => n.id);
        throw new UserError(`objective "${id}" groups ${under.join(', ')}: name the ones the check shows`, { file: checksFile, where });
      }
      throw new UserError(`objective "${id}" is not an assessment objective of ${controlId} (its objectives: ${leaves.join(', ')})`, { file: checksFile, where });
    }
    validateShownChoices(check, index, checksFile, catalogFile);
    validateShownAnyValue(check, index, checksFile, catalogFile);
    validateInPartIds(check, index, checksFile);
  }
}

/**
 * An `in-part` why is shown under each control of its objectives (types.ts inPartOf): one naming an
 * ODP or objective of another control (its `objectives` sc-28_obj, its why "sc-28.01_odp.01 …")
 * would give a reader of one control the reason of another.
 */
function validateInPartIds(check: Check, index: ControlIndex, checksFile: string): void {
  if (!check.inPart) return;
  const own = new Set(check.inPart.objectives.map((o) => controlOfObjective(o)!));
  for (const id of check.inPart.why.match(/\b[a-z]{2}-\d+(?:\.\d+)?_(?:odp|obj|prm)(?:[\w.-]*\w)?/g) ?? []) {
    const controlId = /_obj/.test(id) ? controlOfObjective(id) : Object.keys(index.controls).find((c) => index.controls[c]!.params.includes(id));
    if (controlId === undefined || own.has(controlId)) continue;
    throw new UserError(`"why" names ${id}, of ${controlId}, but its objectives are of ${[...own].join(', ')}: a document would give it as their reason; name an objective of ${controlId} under in-part or leave ${id} out`, { file: checksFile, where: `check ${check.id} in-part` });
  }
}

function validateShownAnyValue(check: Check, index: ControlIndex, checksFile: string, catalogFile: string): void {
  const where = `check ${check.id} shows-any-value`;
  const text = objectiveTextOf(index);
  for (const odp of Object.keys(check.showsAnyValue ?? {})) {
    const controlId = Object.keys(index.controls).find((id) => index.controls[id]!.params.includes(odp));
    if (!controlId) throw new UserError(`${odp}: the control catalog (${catalogFile}) defines no parameter ${odp}`, { file: checksFile, where });
    if (selectionChoices(assessmentOf(index, controlId)?.params?.[odp])) throw new UserError(`${odp} is a selection: name the choices a pass shows under shows-choices`, { file: checksFile, where });
    if (!check.objectives.some((o) => insertedParams(text(o).prose).includes(odp))) {
      throw new UserError(`${odp}: none of the check's objectives (${check.objectives.join(', ')}) inserts it`, { file: checksFile, where });
    }
  }
}

function validateShownChoices(check: Check, index: ControlIndex, checksFile: string, catalogFile: string): void {
  const where = `check ${check.id} shows-choices`;
  for (const [odp, texts] of Object.entries(check.showsChoices ?? {})) {
    const controlId = check.controls.find((c) => assessmentOf(index, c)?.params?.[odp] !== undefined);
    const choices = controlId === undefined ? undefined : selectionChoices(assessmentOf(index, controlId)?.params?.[odp]);
    if (!controlId || !choices) throw new UserError(`${odp}: the control catalog (${catalogFile}) has no selection ${odp} under the check's controls (${check.controls.join(', ')})`, { file: checksFile, where });
    const quoted = (i: number): string => `'${readableChoice(index, controlId, choices[i]!)}'`;
    for (const text of texts) {
      const hits = choicesBeginningWith(choices, text);
      if (hits.length === 1) continue;
      const all = choices.map((_c, i) => quoted(i)).join('; ');
      const what = hits.length ? `begins ${hits.length} choices (${hits.map(quoted).join('; ')}): give more of its words` : `begins none of its choices (${all})`;
      throw new UserError(`${odp}: "${text}" ${what}`, { file: checksFile, where });
    }
  }
}
