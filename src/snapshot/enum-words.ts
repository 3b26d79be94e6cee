// The snapshot's own setting words: the values the schema enumerates for a typed field, by the
// field's name ("patientDataExport": enabled, disabled; "state": running, stopped, ...). A secret
// that happens to be one of them ("enabled" as a bind password) is no copy of the secret where such
// a field holds it: the schema allows that field nothing else, so the word there says nothing of
// the secret, and masking it left every check reading it not collected (secrets.ts maskCopies).
// The same holds for the schema's own field names ("enabled", "state"): the format's words, not
// the console's data, so a member's name that is one is never renamed as a copy of a secret.
// Read from schema/snapshot-v1.schema.json once, on first use. Pure after that.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let WORDS: Map<string, ReadonlySet<string>> | undefined;
/** Every field name the schema defines: the keys of `properties` (each with its words, maybe none). */
function words(): Map<string, ReadonlySet<string>> {
  if (!WORDS) {
    const into = new Map<string, Set<string>>();
    collect(require('../../schema/snapshot-v1.schema.json'), into);
    WORDS = into;
  }
  return WORDS;
}

function collect(node: unknown, into: Map<string, Set<string>>): void {
  if (Array.isArray(node)) {
    for (const x of node) collect(x, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  const props = o.properties;
  if (props !== null && typeof props === 'object') {
    for (const [name, def] of Object.entries(props as Record<string, unknown>)) {
      const d = def as { enum?: unknown[]; items?: { enum?: unknown[] } } | null;
      const values = d?.enum ?? d?.items?.enum;
      let set = into.get(name);
      if (!set) into.set(name, (set = new Set()));
      if (!Array.isArray(values)) continue;
      for (const v of values) if (typeof v === 'string' && v !== '') set.add(v);
    }
  }
  for (const v of Object.values(o)) collect(v, into);
}

/** Whether `value`, held by a field named `field`, is one of the words the schema allows that field. */
export function isEnumeratedWord(field: string, value: string): boolean {
  return words().get(field)?.has(value) === true;
}

/** Whether `key` is a field name the snapshot's schema defines ("enabled", "patientDataExport"). */
export function isSchemaFieldName(key: string): boolean {
  return words().has(key);
}
