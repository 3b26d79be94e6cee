// Deterministic identifiers: every uuid is a v5 uuid derived from stable keys, so the same inputs
// and clock give byte-identical documents.
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** The project's own namespace (a fixed random v4 uuid; never change it: it anchors every id). */
export const PROJECT_NAMESPACE = '8f6c1b2e-4d3a-4c7e-9a51-2f0d6b3e8c47';
/** The `ns` of the project's own OSCAL props. */
export const PROJECT_NS = 'https://ato-evidence.dev/ns/oscal';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A family of uuids scoped to one document: uuidFor('observation', 'MR-01', 'FW-ENABLED'). */
export class UuidScope {
  readonly root: string;
  constructor(documentKey: string) {
    this.root = uuidv5(documentKey, PROJECT_NAMESPACE);
  }
  uuid(...parts: string[]): string {
    return uuidv5(parts.join('\u001f'), this.root);
  }
}
