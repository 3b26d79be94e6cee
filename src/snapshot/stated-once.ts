// What a console has one of, a snapshot states once. A snapshot that states it twice cannot come
// from a console, and a check would be misled by it: which of two values it read would depend on
// how the check spells a name, and three "domain" firewall profiles, all enabled, pass "every
// profile is on (at least 3)" with the public profile never collected. Refused, both named.
// Lists whose items may share a name on a real console (firewall rules, accounts of several
// sources, certificates, DICOM application entities) are not in the table. Pure.
import { UserError } from '../io/errors.js';
import { canonicalRegistryPath } from './coverage.js';
import type { Snapshot } from './types.js';

interface IdentityList {
  /** Dotted path of the list from the snapshot root. */
  list: string;
  /** The member that names an item. */
  key: string;
}

/** Windows compares all of these names without case (a GUID also with or without braces). */
export const IDENTITY_LISTS: readonly IdentityList[] = [
  { list: 'firewall.profiles', key: 'name' },
  { list: 'hardening.services', key: 'name' },
  { list: 'hardening.optionalFeatures', key: 'name' },
  { list: 'audit.subcategories', key: 'guid' },
  { list: 'audit.logs', key: 'name' },
  { list: 'audit.logFiles', key: 'name' },
  { list: 'encryption.volumes', key: 'mountPoint' },
  { list: 'malware.allowlisting.collections', key: 'type' },
];

const identity = (v: string): string => v.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();

/** Throws a UserError naming the first registry value or list item the snapshot states a second time. */
export function checkStatedOnce(snapshot: Snapshot, file: string): void {
  checkRegistryNames(snapshot, file);
  checkListIdentities(snapshot, file);
}

/**
 * The registry compares names without case, and HKEY_LOCAL_MACHINE is HKLM: one value under two
 * spellings (NoLMHash 1 and nolmhash 0), where the evaluator, which finds a name as written before
 * it tries without case, would read the one the check's path happens to spell.
 */
function checkRegistryNames(snapshot: Snapshot, file: string): void {
  const registry = snapshot.hardening?.registry;
  if (!registry) return;
  const seen = new Map<string, string>();
  for (const name of Object.keys(registry)) {
    // Most names are written HKLM\... already: lower case is then their canonical form.
    const lower = name.toLowerCase();
    const key = /^hk(lm|cu|u)\\[^\\]/.test(lower) && !lower.endsWith('\\') ? lower : canonicalRegistryPath(name);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(`registry value ${JSON.stringify(name)} is also written as ${JSON.stringify(first)}; the registry does not tell them apart, so which value holds would be a guess`, { file, where: `/hardening/registry/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
    seen.set(key, name);
  }
}

/** The first item whose identity an earlier item of its list already has. */
function checkListIdentities(snapshot: Snapshot, file: string): void {
  for (const { list, key } of IDENTITY_LISTS) {
    let items: unknown = snapshot;
    for (const k of list.split('.')) items = items !== null && typeof items === 'object' && !Array.isArray(items) ? (items as Record<string, unknown>)[k] : undefined;
    if (!Array.isArray(items) || items.length < 2) continue;
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const name = (item as Record<string, unknown> | null)?.[key];
      if (typeof name !== 'string') return;
      const id = identity(name);
      const first = seen.get(id);
      if (first !== undefined) {
        throw new UserError(`${list} lists ${key} ${JSON.stringify(name)} twice (items ${first} and ${i}); a console has one of each, so which one holds would be a guess`, { file, where: `/${list.replace(/\./g, '/')}/${i}/${key}` });
      }
      seen.set(id, i);
    });
  }
}
