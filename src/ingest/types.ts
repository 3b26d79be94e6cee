// Types shared by the ingestion stage: one parser per export format, each a pure function over
// the bytes of one file, producing "facts" (a value at a snapshot path, with provenance) that the
// merge step combines into one Snapshot.

export type ExportKind =
  | 'collection-manifest'
  | 'vendor-settings'
  | 'secedit-export'
  | 'gpo-template'
  | 'auditpol-backup'
  | 'gpo-audit-csv'
  | 'netsh-firewall'
  | 'firewall-profiles-csv'
  | 'firewall-rules-csv'
  | 'manage-bde-status'
  | 'local-users-csv'
  | 'local-group-members-csv'
  | 'net-accounts'
  | 'w32tm-status'
  | 'reg-export'
  | 'registry-pol'
  | 'applocker-policy'
  | 'defender-status'
  | 'defender-preferences'
  | 'services-csv'
  | 'bitlocker-volumes-csv'
  | 'eventlog-acl-csv'
  | 'winlogon-json';

/** One file as read at the edge. `name` is what the user sees (file name inside the folder). */
export interface ExportInput {
  name: string;
  bytes: Buffer;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
}

/** Where a value came from, as the parsers record it (the merge adds `rule` and `alternatives`). */
export interface FactProvenance {
  file: string;
  sha256: string;
  /** Section/key and line, e.g. "[System Access] LockoutBadCount, line 14". */
  location: string;
}

/**
 * A path segment: a property name; an element of an array identified by `el` (the merge places
 * elements in order of first appearance); or an entry of a map (hardening.registry) whose
 * identity is `key` (compared as given; parsers lower-case it) and whose output name is `label`.
 */
export type PathSeg = string | { el: string } | { key: string; label: string };

/** A time written in the console's local time and culture; the merge resolves it (see datetime.ts). */
export interface LocalDateTime {
  localDateTime: string;
}

export type FactValue = string | number | boolean | null | string[] | LocalDateTime;

/** Registry number types that are not REG_DWORD (see Fact.regType). */
export type NumericRegType = 'REG_QWORD' | 'REG_DWORD_BIG_ENDIAN';
/** A registry value's type as the source wrote it, where it is not REG_DWORD (see Fact.regType). */
export type RegType = NumericRegType | 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_BINARY' | 'REG_NONE';

export interface Fact {
  path: PathSeg[];
  value: FactValue;
  provenance: FactProvenance;
  /**
   * A registry number stored as another type than REG_DWORD: a REG_QWORD (reg export `hex(b):`,
   * registry.pol type 11) or a REG_DWORD_BIG_ENDIAN (`hex(5):`, type 5). Its number reads like a
   * DWORD's, but Windows does not apply it where it reads a REG_DWORD (merge.ts). A string or binary
   * value carries its type too (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_BINARY, REG_NONE), so a
   * message names the type read, not REG_SZ for every text.
   */
  regType?: RegType;
}

/** Facts from the collection manifest that are not snapshot values but tell how to read others. */
export interface IngestContext {
  /** .NET short date pattern of the console's culture, e.g. "M/d/yyyy". */
  shortDatePattern?: string;
  /** .NET long time pattern of the console's culture, e.g. "h:mm:ss tt". */
  longTimePattern?: string;
  /** UTC offset of the console's local time at collection, e.g. "+01:00". */
  utcOffset?: string;
  /** The console's display language (Get-UICulture), e.g. "fr-FR": native tools print labels in it. */
  uiCulture?: string;
  /** Files the collection script said it wrote. */
  files?: string[];
  /** The collection script's name (collection.json `collector.name`), e.g. "collect.ps1". */
  collector?: string;
  /** The SHA-256 (lower-case hex) of each file as the collection script wrote it, by file name (collect.ps1 1.2.0 on). */
  digests?: Record<string, string>;
  /** Commands the collection script reported as failed. */
  errors?: Array<{ file: string; message: string }>;
}

/** What a file collected for one part of the snapshot (the merge adds its source, kind and class). */
export interface CoverageDecl {
  /** Dotted snapshot path: "hardening.registry", "access.accounts", ... */
  scope: string;
  /** Holds all of the scope: every item of the list, every value of `keys`. */
  complete: boolean;
  /** hardening.registry: the keys (or single values) read in full. */
  keys?: string[];
  note?: string;
}

export interface ParsedExport {
  file: string;
  sha256: string;
  kind: ExportKind;
  facts: Fact[];
  warnings: string[];
  /** What the file collected, and how completely (snapshot `coverage`). */
  coverage?: CoverageDecl[];
  context?: IngestContext;
  /** Set when the file is of a known format but deliberately not used (e.g. `net accounts /domain`). */
  skipReason?: string;
  /**
   * Values this file shows that no file of the folder can stand for, whatever another says (Defender
   * in passive mode: its real-time protection setting, in any export, protects nothing): merge
   * leaves them out and names the note in the coverage, so a check reading them is not collected.
   */
  withhold?: Array<{ path: PathSeg[]; note: string }>;
  /**
   * Values the file gives only as "NotConfigured", which is Windows' default only in the active
   * store (Get-NetFirewallProfile -PolicyStore ActiveStore); in a Group Policy or local store it
   * means the store does not set it. Merge keeps them where the file's collection names the active
   * store (`IngestContext.collector` collect.ps1 listing the file), else leaves each out with its note.
   */
  activeStoreOnly?: Array<{ fact: Fact; scope: string; note: string }>;
  /**
   * The computer the file says it was collected from (PowerShell's PSComputerName;
   * computer-name.ts): merge refuses a folder whose files name different computers.
   */
  computer?: { name: string; location: string };
}

export interface ExportParser {
  /** Kinds this parser can produce. */
  kinds: readonly ExportKind[];
  /**
   * Recognises the format by content (never throws). Works on a prefix of the file too, so that a
   * folder can be classified cheaply. Returns the kind, or null.
   */
  sniff(input: ExportInput): ExportKind | null;
  /** Parses the whole file. Throws UserError (file, line, what was expected) on malformed input. */
  parse(input: ExportInput): ParsedExport;
}
