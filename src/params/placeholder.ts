/**
 * Whether an organisation's value for an SP 800-53 ODP only restates the blank it should fill:
 * the catalog's placeholder ("[Assignment: organization-defined frequency]", "organization-defined
 * frequency", "Selection (one or more): …"), its markup ("{{ insert: param, at-02_odp.01 }}"), a
 * template's slot ("<value>") or a note that the value is still to come ("TBD", "to be
 * determined"). Such a value defines nothing: the ODP stays undefined (assess/config.ts), so no
 * attestation is judged against it and no SSP states it as the value. Narrow on purpose: a real
 * value ("annually", "N/A" where a selection offers it, "organization-wide") is defined. Pure.
 */

/** Notes that a value is still to come, as the whole value. */
const TO_COME = /^(?:tbd|tba|tbc|tbs|todo|fixme|x{3,}|placeholder|to be (?:determined|defined|decided|confirmed|specified|supplied|provided|completed|assigned|set))$/;

/** One text (an entry of a list value) that restates its placeholder; `label` is the ODP's own label, where known. */
export function restatesPlaceholder(value: string, label?: string): boolean {
  const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  // Quotes, a trailing full stop and brackets around the whole change nothing.
  const v = norm(value).replace(/^["'“‘]+|["'”’]+$/g, '').replace(/\.+$/, '').trim();
  if (v === '') return false; // blank is refused elsewhere, with its own message
  if (/^\{\{\s*insert:\s*param,\s*[^\s}]+\s*\}\}$/.test(v)) return true;
  if (/^<[^<>]*>$/.test(v)) return true; // "<value>", "<frequency>"
  const inner = v.replace(/^\[\s*(.*?)\s*\]$/, '$1');
  if (/^(?:assignment|selection)\s*(?:\([^)]*\))?\s*:/.test(inner)) return true;
  // "organization-defined frequency" is the label, not a frequency; no digit, colon or other mark that would add a value.
  if (/^(?:organi[sz]ation|org)[- ]defined(?:[ -][a-z/-]+)*$/.test(inner)) return true;
  if (TO_COME.test(inner) || TO_COME.test(inner.replace(/\./g, ''))) return true; // also "T.B.D."
  if (label !== undefined) {
    const l = norm(label).replace(/^\[\s*(.*?)\s*\]$/, '$1').replace(/^assignment:\s*/, '');
    if (l !== '' && inner === l) return true;
  }
  return false;
}

/** A value (a text or its list's entries) any part of which restates its placeholder: the ODP it sets is not fully defined. */
export function placeholderEntry(values: readonly string[], label?: string): string | undefined {
  return values.find((v) => restatesPlaceholder(v, label));
}
