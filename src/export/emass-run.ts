// placeholder, replaced below
import type { Check } from '../catalog/types.js';
import type { VerifiedPackage } from './package.js';
import type { ExportOptions } from './run.js';
export async function writeEmassPoam(_pkg: VerifiedPackage, _checks: readonly Check[], _dir: string, _opts: ExportOptions, _notes: string[]): Promise<{ files: string[]; summary: Record<string, unknown> }> {
  throw new Error('not yet');
}
