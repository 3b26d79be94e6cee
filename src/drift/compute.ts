// Device-level and control-level drift. Pure.
import type { AssessedDevice, AssessedSide, DeviceDrift, Drift, DriftContext, FailOn, SideInfo } from './types.js';

/**
 * Accumulates device pairs one at a time (so `monitor` can stream a fleet) and builds the Drift.
 * Only compact per-device results are kept; snapshots are not retained.
 */
export class DriftBuilder {
  constructor(readonly ctx: DriftContext, readonly oldInfo: SideInfo, readonly newInfo: SideInfo) {}

  /** Compares one device: either side may be absent (a device added or removed). Returns its drift. */
  add(_old: AssessedDevice | undefined, _new: AssessedDevice | undefined): DeviceDrift {
    throw new Error('not implemented yet');
  }

  finish(): Drift {
    throw new Error('not implemented yet');
  }
}

/** Drift between two whole sides (devices by id). */
export function computeDrift(old: AssessedSide, neu: AssessedSide, ctx: DriftContext): Drift {
  const b = new DriftBuilder(ctx, old.info, neu.info);
  const ids = [...new Set([...old.devices.keys(), ...neu.devices.keys()])].sort();
  for (const id of ids) b.add(old.devices.get(id), neu.devices.get(id));
  return b.finish();
}

/** Exit code for `--fail-on`: 3 when the gate trips, else 0. */
export function failOnExit(drift: Drift, mode: FailOn): 0 | 3 {
  if (mode === 'regression') return drift.summary.controls.regressed > 0 ? 3 : 0;
  return drift.summary.checks.failingNew > 0 ? 3 : 0;
}
