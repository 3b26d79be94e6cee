// Registry keys and values as they appear in secedit [Registry Values], registry.pol and reg
// export files, brought to one form: "HKLM\Software\...\ValueName". Keys compare
// case-insensitively (as Windows does); the label keeps the casing of the source that won.
import type { Fact, FactProvenance, NumericRegType, PathSeg } from './types.js';
import { trimBackslashes } from '../snapshot/registry-fields.js';

const HIVES: Array<[RegExp, string]> = [
  [/^(HKEY_LOCAL_MACHINE|HKLM|MACHINE)(\\|$)/i, 'HKLM'],
  [/^(HKEY_CURRENT_USER|HKCU|USER)(\\|$)/i, 'HKCU'],
  [/^(HKEY_USERS|HKU)(\\|$)/i, 'HKU'],
  [/^(HKEY_CLASSES_ROOT|HKCR|CLASSES_ROOT)(\\|$)/i, 'HKCR'],
  [/^(HKEY_CURRENT_CONFIG|HKCC)(\\|$)/i, 'HKCC'],
];

/** "HKEY_LOCAL_MACHINE\SOFTWARE\X" -> "HKLM\SOFTWARE\X"; a path without hive gets `defaultHive`. */
export function canonicalKeyPath(path: string, defaultHive?: string): string | undefined {
  const p = trimBackslashes(path);
  for (const [re, short] of HIVES) {
    const m = re.exec(p);
    if (m) {
      const rest = p.slice(m[0].length);
      return rest ? `${short}\\${rest}` : short;
    }
  }
  return defaultHive ? `${defaultHive}\\${p}` : undefined;
}

/** Snapshot key of a value: "HKLM\...\Name" (the default value is "(Default)"). */
export function registryLabel(keyPath: string, valueName: string): string {
  return `${keyPath}\\${valueName === '' || valueName === '@' ? '(Default)' : valueName}`;
}

export function registrySeg(label: string): PathSeg {
  return { key: label.toLowerCase(), label };
}

export function registryFact(label: string, value: string | number, provenance: FactProvenance, regType?: NumericRegType): Fact {
  return { path: ['hardening', 'registry', registrySeg(label)], value, provenance, ...(regType ? { regType } : {}) };
}

/** Value of a registry DWORD/QWORD as a JSON number (a QWORD beyond 2^53 stays a decimal string). */
export function qwordValue(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** Binary data as "hex:0a1b..." (lower case, no separators). */
export function hexValue(bytes: Uint8Array): string {
  return `hex:${Buffer.from(bytes).toString('hex')}`;
}

/** UTF-16LE REG_SZ/REG_EXPAND_SZ/REG_MULTI_SZ data: strings without their terminating NULs; MULTI_SZ lines joined by "\n". */
/**
 * Why UTF-16 string data (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ) cannot be read, or undefined: an
 * odd number of bytes ends in half a character, which utf16Strings would drop without a word
 * (hex(7):41,00,42 read as "A"): the data was cut or garbled, and the text Windows holds is not known.
 */
export function oddUtf16Data(type: number, length: number, value = ''): string | undefined {
  if (length % 2 === 0) return undefined;
  const name = type === 7 ? 'REG_MULTI_SZ' : type === 2 ? 'REG_EXPAND_SZ' : 'REG_SZ';
  return `expected an even number of bytes for a ${name}${value ? ` (${value})` : ''}, UTF-16 text, two bytes a character, found ${length}: the last byte is half a character, so the text is not known (the data was cut or garbled)`;
}

export function utf16Strings(bytes: Uint8Array, multi: boolean): string {
  const even = bytes.length - (bytes.length % 2);
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, even).toString('utf16le');
  if (!multi) {
    const nul = s.indexOf('\u0000');
    return nul >= 0 ? s.slice(0, nul) : s;
  }
  const parts = s.split('\u0000');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('\n');
}

/**
 * Looks a value up in a snapshot's hardening.registry by key, case-insensitively (as Windows
 * compares registry paths) and with any hive spelling ("HKEY_LOCAL_MACHINE\\...", "HKLM\\...").
 */
export function registryValue(registry: Readonly<Record<string, string | number>> | undefined, key: string): string | number | undefined {
  if (!registry) return undefined;
  const bs = key.lastIndexOf('\\');
  const canon = bs > 0 ? canonicalKeyPath(key.slice(0, bs)) : undefined;
  const want = (canon ? `${canon}\\${key.slice(bs + 1)}` : key).toLowerCase();
  if (Object.hasOwn(registry, key)) return registry[key];
  for (const [k, v] of Object.entries(registry)) if (k.toLowerCase() === want) return v;
  return undefined;
}
