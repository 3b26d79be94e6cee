// BitLocker's encryption method as both readers spell it: Get-BitLockerVolume writes the enum's
// name ("XtsAes128"), manage-bde -status its display text ("XTS-AES 128"). Both are read into
// manage-bde's spelling, so one state is one value and two exports of the volume can be compared
// (merge.ts: effective exports that disagree). A method neither spelling names is kept as written
// and is not compared (a spelling not known is no evidence of another state).
const METHODS: ReadonlyMap<string, string> = new Map([
  ['xtsaes128', 'XTS-AES 128'],
  ['xtsaes256', 'XTS-AES 256'],
  ['aes128', 'AES 128'],
  ['aes256', 'AES 256'],
  ['aes128diffuser', 'AES 128 with Diffuser'],
  ['aes256diffuser', 'AES 256 with Diffuser'],
  ['aes128withdiffuser', 'AES 128 with Diffuser'],
  ['aes256withdiffuser', 'AES 256 with Diffuser'],
  ['hardware', 'Hardware Encryption'],
  ['hardwareencryption', 'Hardware Encryption'],
  // A volume not encrypted: both readers write "None". A stated value, kept and compared: dropped,
  // manage-bde's "None" beside Get-BitLockerVolume's XtsAes256 disputed nothing and the check
  // passed on the CSV's method for a volume manage-bde read as decrypted.
  ['none', 'None'],
]);

/** The canonical spelling of a BitLocker encryption method, as either reader writes it. */
export function bitLockerMethod(raw: string): string {
  return METHODS.get(raw.toLowerCase().replace(/[^a-z0-9]/g, '')) ?? raw;
}

/** Whether `value` is a canonical method spelling (one state, comparable between exports). */
export function isCanonicalBitLockerMethod(value: string): boolean {
  for (const v of METHODS.values()) if (v === value) return true;
  return false;
}
