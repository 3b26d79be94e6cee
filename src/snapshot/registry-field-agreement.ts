// A typed field read from a registry value (registry-fields.ts: hardening.fipsMode,
// access.autologon.enabled, access.logonBanner.text, ...) beside that same registry value in the
// same snapshot, saying another thing: fipsMode true with FIPSAlgorithmPolicy\Enabled 0, automatic
// logon off with AutoAdminLogon "1". Ingest never writes such a pair (the field is derived from the
// value); a snapshot another tool wrote or someone edited can, and a check reading the typed field
// passed on it while the registry showed the setting off. Which of the two is the console's cannot
// be told, so both are in doubt (policy-combinations.ts: a pass reading either is not collected).
// The registry value is read as ingest reads it (derive.ts): the first source present, a string
// where Windows reads a DWORD never standing for its number. Scalar fields only. Pure.
import { DERIVATIONS } from '../ingest/derive.js';
import { escapePointer } from '../ingest/json-located.js';
import { canonicalRegistryPath } from './coverage.js';
import type { PolicyContradiction } from './policy-combinations.js';
import type { Snapshot } from './types.js';

/** The value at a dotted path of plain keys, or undefined. */
function valueAt(root: unknown, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export function registryFieldContradictions(snapshot: Snapshot): PolicyContradiction[] {
  const registry = snapshot.hardening?.registry;
  if (!registry) return [];
  const out: PolicyContradiction[] = [];
  let byPath: Map<string, string> | undefined;
  for (const d of DERIVATIONS) {
    if (!d.target.every((s): s is string => typeof s === 'string')) continue;
    const path = d.target as string[];
    const typed = valueAt(snapshot, path);
    if (typed === undefined || typed === null || typeof typed === 'object') continue;
    byPath ??= new Map(Object.keys(registry).map((k) => [canonicalRegistryPath(k), k]));
    const held = d.sources.flatMap((src) => {
      const name = byPath!.get(canonicalRegistryPath(src));
      return name === undefined ? [] : [{ src, name, raw: registry[name]! }];
    });
    if (held.length === 0) continue;
    // As ingest reads them: a string where Windows reads a DWORD is not applied; a later source may decide.
    const applied = held.find((h) => !(d.dword && typeof h.raw === 'string'));
    const { name, raw } = applied ?? held[0]!;
    const read = applied ? d.transform(applied.raw, applied.src) : undefined;
    if (read === typed) continue;
    const at = `/${path.map(escapePointer).join('/')}`;
    const regAt = `/hardening/registry/${escapePointer(name)}`;
    const reads = read === undefined ? `which Windows does not read as ${path.join('.')} (${d.expected})` : `which reads ${JSON.stringify(read)}`;
    out.push({
      pointers: [at, regAt],
      detail: `${path.join('.')} is ${JSON.stringify(typed)} (${at}), but the registry value it is read from, ${name}, is ${JSON.stringify(raw)} (${regAt}), ${reads}: the snapshot states one setting twice, differently, so at least one of them is not the console's value`,
    });
  }
  return out;
}
