// Lists whose items a console has one of each: one firewall profile per name, one service per
// name, one audit subcategory per GUID. A snapshot listing one twice cannot come from a console,
// and a check would be misled by it: three "domain" profiles, all enabled, pass "every profile is
// on (at least 3)" with the public profile never collected. Refused, both items named. Lists whose
// items may share a name on a real console (firewall rules, accounts of several sources,
// certificates, DICOM application entities) are not in the table. Pure.
import { UserError } from '../io/errors.js';
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

/** Throws a UserError naming the first item whose identity an earlier item of its list already has. */
export function checkListIdentities(snapshot: Snapshot, file: string): void {
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
