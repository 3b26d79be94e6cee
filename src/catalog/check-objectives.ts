// The check catalog's control and objective ids against the control catalog: every cited control
// exists, and every objective a check names is a leaf objective of that control (a group such as
// ac-2_obj.d would claim objectives the check was never said to show). Pure.
import { UserError } from '../io/errors.js';
import { lookupControl, type ControlIndex } from './control-index.js';
import { assessmentOf, findObjective, leafObjectives } from './objectives.js';
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
  }
}
