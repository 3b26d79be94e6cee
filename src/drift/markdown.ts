// drift.md: the drift for people, through templates/drift-*.hbs.
import type { Drift } from './types.js';

export const DRIFT_MD = 'drift.md';

export function driftToMarkdown(_drift: Drift): string {
  throw new Error('not implemented yet');
}
