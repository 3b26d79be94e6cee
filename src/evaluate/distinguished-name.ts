// A certificate's distinguished name compared as a name, not as text (operator not-same-dn). One
// name reaches a snapshot written several ways: Windows writes "CN=host, O=Hospital", OpenSSL
// "CN = host, O = Hospital" or "/O=Hospital/CN=host" (the other order), certutil may quote a
// value or give a type by its OID. A self-signed certificate whose issuer and subject were
// written two of these ways passed TLS-CERTIFICATE's "issuer differs from subject". Pure.

/** Attribute types by their OIDs and other spellings (RFC 4514, Windows' S and E). */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'cn', '2.5.4.6': 'c', '2.5.4.7': 'l', '2.5.4.8': 'st', s: 'st', '2.5.4.10': 'o', '2.5.4.11': 'ou',
  '2.5.4.5': 'serialnumber', '0.9.2342.19200300.100.1.25': 'dc', '0.9.2342.19200300.100.1.1': 'uid',
  '1.2.840.113549.1.9.1': 'e', emailaddress: 'e', email: 'e',
};

/** Splits at the separators not escaped by a backslash nor inside double quotes. */
function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[i + 1];
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (!quoted && separators.includes(ch)) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function attributeValue(raw: string): string {
  let v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  // \, \+ \" and \XX (hex) escapes stand for the character
  v = v.replace(/\\([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1');
  return v.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The name's attributes, each "type=value" without case, spacing or quoting, sorted (the order of
 * the RDNs is how a tool prints them, not another name); undefined when the text is no
 * distinguished name (a part without "type=").
 */
export function canonicalDn(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // OpenSSL's one-line form: "/C=DE/O=Hospital/CN=host"
  const parts = t.startsWith('/') ? splitUnescaped(t.slice(1), '/') : splitUnescaped(t, ',;+');
  const attrs: string[] = [];
  for (const part of parts) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const rawType = part.slice(0, eq).trim().toLowerCase().replace(/^oid\./, '');
    if (!/^[a-z][a-z0-9-]*$|^\d+(\.\d+)+$/.test(rawType)) return undefined;
    attrs.push(`${TYPE_NAMES[rawType] ?? rawType}=${attributeValue(part.slice(eq + 1))}`);
  }
  return attrs.length ? attrs.sort().join(',') : undefined;
}

/** Whether two texts name different distinguished names; undefined when either is no DN. */
export function differentDn(a: unknown, b: unknown): boolean | undefined {
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  const ca = canonicalDn(a);
  const cb = canonicalDn(b);
  return ca === undefined || cb === undefined ? undefined : ca !== cb;
}
