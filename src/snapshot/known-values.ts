// The values a field of a list item can hold, for the fields a check's `where` selects items by
// (a firewall rule's protocol, direction, action, enabled; an AppLocker rule collection's type; an
// account's role...). A `where` that leaves an item out because its value is not one it selects
// trusts that the value is another known one (ICMPv4, outbound, block, false, Dll): a value in a
// form nobody recognises ("0x6", "TCP/IP", "Tcp6", "6.0" for TCP) may well be what the `where`
// selects, written otherwise, and leaving the item out let FW-ALLOWED-PORTS pass over a rule opening
// 3389. The evaluator reads such an item as not collected instead (src/evaluate/test-eval.ts,
// unrecognisedReason). One table, beside the schema: where the schema has an enum the two agree
// (test/unrecognised-selecting-value.test.ts), and the schema refuses any other value on loading; the free texts
// (protocol, collection type) are held to it only here. Compared as the evaluator compares texts:
// without case and surrounding blanks. Pure.

/** The values of one item field, as ingest writes them or Windows and other tools may. */
export interface KnownValues {
  /** Every value the field may hold (texts compared without case and surrounding blanks). */
  values: readonly (string | boolean | null)[];
  /** Further values of a form, as a test on the text (a protocol number 0..255 in plain decimal). */
  form?: { test: (text: string) => boolean; words: string };
}

/** Windows' names for IP protocols (Get-NetFirewallPortFilter, netsh advfirewall, the firewall UI). */
export const FIREWALL_PROTOCOL_NAMES = ['Any', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'HOPOPT', 'IGMP', 'IPv6', 'IPv6-Route', 'IPv6-Frag', 'GRE', 'IPv6-NoNxt', 'IPv6-Opts', 'VRRP', 'PGM', 'L2TP'] as const;

/** A protocol number as Windows writes it: 0..255, plain decimal, no sign, no leading zero. */
const PROTOCOL_NUMBER = /^(0|[1-9]\d{0,2})$/;
const isProtocolNumber = (t: string): boolean => PROTOCOL_NUMBER.test(t) && Number(t) <= 255;

const BOOLEAN: KnownValues = { values: [true, false] };

/** AppLocker's rule collections in every policy Windows writes (<RuleCollection Type="...">). */
export const APPLOCKER_COLLECTION_TYPES = ['Exe', 'Msi', 'Script', 'Dll', 'Appx'] as const;

/** Item field scope ("firewall.rules[].protocol", as coverage names it) -> the values it may hold. */
export const KNOWN_ITEM_VALUES: ReadonlyMap<string, KnownValues> = new Map<string, KnownValues>([
  ['firewall.rules[].protocol', { values: FIREWALL_PROTOCOL_NAMES, form: { test: isProtocolNumber, words: 'a protocol number 0-255' } }],
  ['firewall.rules[].direction', { values: ['inbound', 'outbound'] }],
  ['firewall.rules[].action', { values: ['allow', 'block'] }],
  ['firewall.rules[].enabled', BOOLEAN],
  // AppLocker's rule collections (<RuleCollection Type="...">); ManagedInstaller is the one a managed
  // installer (Intune, Configuration Manager) adds to the policy Get-AppLockerPolicy writes.
  ['malware.allowlisting.collections[].type', { values: [...APPLOCKER_COLLECTION_TYPES, 'ManagedInstaller'] }],
  ['access.accounts[].role', { values: ['clinical', 'hospital-administrator', 'service-technician', 'system', 'unknown'] }],
  ['access.accounts[].enabled', BOOLEAN],
  ['access.accounts[].builtin', { values: ['administrator', 'guest', null] }],
  ['encryption.volumes[].volumeType', { values: ['os', 'data', 'removable'] }],
  ['encryption.dicom.applicationEntities[].role', { values: ['local', 'remote'] }],
]);

const asCompared = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toLowerCase() : v);

/** Whether `v` is a value the field at `scope` is known to hold; true for a field the table does not list. */
export function isKnownValue(scope: string, v: unknown): boolean {
  const k = KNOWN_ITEM_VALUES.get(scope);
  if (k === undefined) return true;
  const c = asCompared(v);
  if (k.values.some((x) => asCompared(x) === c)) return true;
  return typeof v === 'string' && k.form !== undefined && k.form.test(v.trim());
}

/** The known values of the field at `scope`, in words ("Any, TCP, ..., or a protocol number 0-255"). */
export function knownValuesText(scope: string): string {
  const k = KNOWN_ITEM_VALUES.get(scope);
  if (k === undefined) return '';
  const listed = k.values.map((x) => (typeof x === 'string' ? x : String(x)));
  return k.form ? `${listed.join(', ')}, or ${k.form.words}` : listed.join(', ');
}
