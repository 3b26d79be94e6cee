// Setting-level drift between two snapshots of one device. Pure.
import type { Snapshot } from '../snapshot/types.js';
import type { DriftContext, SettingChange } from './types.js';

export function diffSettings(_old: Snapshot, _new: Snapshot, _ctx: Pick<DriftContext, 'readsByCheck' | 'checks'>): SettingChange[] {
  throw new Error('not implemented yet');
}
