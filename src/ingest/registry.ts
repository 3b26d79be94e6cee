// Registry keys and values as they appear in secedit [Registry Values], registry.pol and reg
// export files, brought to one form: "HKLM\Software\...\ValueName". Keys compare
// case-insensitively (as Windows does); the label keeps the casing of the source that won.
import type { Fact, FactProvenance, PathSeg, RegType } from './types.js';
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

export function registryFact(label: string, value: string | number, provenance: FactProvenance, regType?: RegType): Fact {
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

/** The name of a string type's code: 1 REG_SZ, 2 REG_EXPAND_SZ, 7 REG_MULTI_SZ. */
export function stringRegType(type: number): 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' {
  return type === 7 ? 'REG_MULTI_SZ' : type === 2 ? 'REG_EXPAND_SZ' : 'REG_SZ';
}

/**
 * Why UTF-16 string data (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ) cannot be read, or undefined: an
 * odd number of bytes ends in half a character, which utf16Strings would drop without a word
 * (hex(7):41,00,42 read as "A"): the data was cut or garbled, and the text Windows holds is not known.
 */
export function oddUtf16Data(type: number, length: number, value = ''): string | undefined {
  if (length % 2 === 0) return undefined;
  const name = stringRegType(type);
  return `expected an even number of bytes for a ${name}${value ? ` (${value})` : ''}, UTF-16 text, two bytes a character, found ${length}: the last byte is half a character, so the text is not known (the data was cut or garbled)`;
}

/** UTF-16LE REG_SZ/REG_EXPAND_SZ data: the string up to its terminating NUL. */
export function utf16Strings(bytes: Uint8Array): string {
  const even = bytes.length - (bytes.length % 2);
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, even).toString('utf16le');
  const nul = s.indexOf('\u0000');
  return nul >= 0 ? s.slice(0, nul) : s;
}

/** A REG_MULTI_SZ as read: its entries joined by "\n", and what an empty entry left out (see multiSzOf). */
export interface MultiSz {
  value: string;
  /** An empty string stood at entry `at` (1-based) with `after` non-empty entries behind it. */
  cut?: { at: number; after: number };
}

/**
 * REG_MULTI_SZ data decoded (NULs kept) as Windows' consumers read it: a sequence of strings, each
 * ended by a NUL, the list ended by an empty string. They stop at the first empty string, so an
 * entry after one ("A", "", "B": B) is not in force; reading it would let a server, or an allow or
 * deny list's entry, count that Windows never sees. Entries after an empty one are left out, and
 * `cut` says so (the parser warns and notes it in the value's location).
 */
export function multiSzOf(decoded: string): MultiSz {
  const parts = decoded.split('\u0000');
  const empty = parts.indexOf('');
  if (empty < 0) return { value: parts.join('\n') };
  const after = parts.slice(empty + 1).filter((p) => p !== '').length;
  return { value: parts.slice(0, empty).join('\n'), ...(after > 0 ? { cut: { at: empty + 1, after } } : {}) };
}

/** UTF-16LE REG_MULTI_SZ data (an even number of bytes: oddUtf16Data first), read by multiSzOf. */
export function utf16MultiSz(bytes: Uint8Array): MultiSz {
  return multiSzOf(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - (bytes.length % 2)).toString('utf16le'));
}

/** The warning for a REG_MULTI_SZ read up to an empty entry, and the note its location gets. */
export function multiSzCutNote(cut: NonNullable<MultiSz['cut']>, value: string): { note: string; warning: string } {
  const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;
  const note = `REG_MULTI_SZ read up to its empty entry ${cut.at}, where Windows stops reading the list: the ${entries(cut.after)} after it not in force`;
  return {
    note,
    warning: `the REG_MULTI_SZ ${value} holds an empty string as entry ${cut.at}: Windows reads a REG_MULTI_SZ up to its first empty string, so the ${entries(cut.after)} after it ${cut.after === 1 ? 'is' : 'are'} not in force; read as the ${entries(cut.at - 1)} before it`,
  };
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
