// Reading back what ato-evidence wrote into its OSCAL documents: the props of an object, by name.
import { PROJECT_NS } from '../oscal/ids.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The values of each prop that is the project's (ns PROJECT_NS) or OSCAL's own (no ns), by name,
 * in document order; props of other namespaces are not ours to read.
 */
export function ourProps(props: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!Array.isArray(props)) return out;
  for (const p of props) {
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.value !== 'string') continue;
    if (p.ns !== undefined && p.ns !== PROJECT_NS) continue;
    const list = out.get(p.name);
    if (list) list.push(p.value);
    else out.set(p.name, [p.value]);
  }
  return out;
}
