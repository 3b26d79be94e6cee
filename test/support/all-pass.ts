// One console passing every check of a run, and a control's finding for it: the oracle both check-shown tests read
// (which objectives a pass shows whole, which it leaves to the assessor and why).
import { ControlAggregator } from '../../src/assess/controls.js';
import type { RunConfig } from '../../src/assess/config.js';
import { controlInfo } from '../../src/catalog/objectives.js';

export function allPassFinding(config: RunConfig, controlId: string) {
  const checks = config.catalog.checks;
  const agg = new ControlAggregator(checks, (id) => controlInfo(config.index, id), 'moderate');
  agg.addDevice('D-1', checks.map(() => 'pass'), () => undefined);
  const finding = agg.findings().find((x) => x.controlId === controlId)!;
  // Satisfied or not, as the objective's state; left to the assessor, as why ('in-part', 'not-shown').
  const state = (o: string) => finding.uncovered.find((u) => u.objectiveId === o)?.why ?? finding.objectives.find((x) => x.objectiveId === o)?.state;
  return { finding, state };
}
