// What a snapshot's source kinds are, and which values a kind cannot prove alone. One table, read by
// ingest (merge.ts: such a value is left out, or withheld until the proving export is beside it)
// and by the evaluator for a stored snapshot (an older ingest's, a package's evidence copy,
// another tool's): a pass or not applicable on such a value is not collected there; drift compares
// which values rest on one (evaluate-check.ts policyProvenance).
import { KIND_INFO } from '../ingest/known-exports.js';
import type { ExportKind } from '../ingest/types.js';

/**
 * Names older ingests and the sample snapshots give kinds this tool reads (samples/, made by
 * scripts/make-samples.mjs), each to its kind: a value's source is judged by what it is, not by
 * how it was spelt. `mppreference-json` is Get-MpPreference's name in the same spelling as
 * `mpcomputerstatus-json`, so that it cannot pass for an export proving more.
 */
export const KIND_ALIASES: Readonly<Record<string, ExportKind>> = {
  'secedit-inf': 'secedit-export',
  'auditpol-csv': 'auditpol-backup',
  'netsh-advfirewall': 'netsh-firewall',
  'netfirewallrule-csv': 'firewall-rules-csv',
  'service-csv': 'services-csv',
  'localuser-csv': 'local-users-csv',
  'applocker-xml': 'applocker-policy',
  'mpcomputerstatus-json': 'defender-status',
  'mppreference-json': 'defender-preferences',
  'vendor-config': 'vendor-settings',
};

/**
 * Kinds the samples and the synthetic fleet name for exports this tool has no parser for, each the
 * console's own state or an installed product's own status (hotfixes, features, a third-party
 * anti-malware or application control product's status): known, and no kind of NOT_PROVED_ALONE.
 */
export const OTHER_KNOWN_KINDS: ReadonlySet<string> = new Set(['hotfix-csv', 'dism-features', 'wmic-useraccount', 'netsh-advfirewall-rules', 'vendor-av-xml', 'vendor-allowlist-status', 'antimalware-status']);

/** Whether this tool knows what a source of this kind is (its kind, an alias, or OTHER_KNOWN_KINDS); a missing kind is not known. */
export function isKnownKind(kind: string | undefined): boolean {
  return knownKind(kind) !== undefined || (kind !== undefined && OTHER_KNOWN_KINDS.has(kind.trim().toLowerCase()));
}

/** The kind a source's `kind` names (without case or blanks around it; an alias as its kind), or undefined for one this tool does not know. */
export function knownKind(kind: string | undefined): ExportKind | undefined {
  const k = kind?.trim().toLowerCase();
  if (k === undefined) return undefined;
  if (Object.hasOwn(KIND_INFO, k)) return k as ExportKind;
  return Object.hasOwn(KIND_ALIASES, k) ? KIND_ALIASES[k] : undefined;
}

/** Values one kind of export cannot prove alone, and which kind proves them. */
export interface NotProvedAlone {
  /** The kind whose values in `sections` prove nothing alone. */
  kind: ExportKind;
  /** What it is, as a reason says "only … gives the values read". */
  gives: string;
  /** Snapshot sections (JSON pointers) it covers: a value at or under one, or a read enclosing one. */
  sections: readonly string[];
  /** Fields under the sections that the kind does prove (pointers). */
  except?: readonly string[];
  /**
   * The kind that, among the same snapshot's sources, makes its values evidence. None: no export
   * beside it does; the value must come from another export (which then is its provenance).
   */
  provedBy?: ExportKind;
  /** Why the value is no evidence alone: what is missing, and the export that would give it. */
  why: string;
}

const VENDOR_GIVES = 'the vendor settings declare';
const LOCAL_POLICY_WHY = "Windows' own policy (secedit / net accounts) was not collected";
const domainWhy = (what: string): string => `the domain enforces the directory's ${what} policy (Default Domain Policy or a fine-grained policy), and no export collects it`;

/**
 * The table. Get-MpPreference says what Microsoft Defender Antivirus is set to do, not whether it
 * does it: in passive mode (another product the primary anti-malware) or with its antivirus off it
 * scans and remediates nothing whatever its preferences, and only Get-MpComputerStatus says which.
 * A vendor's settings file may declare the account policy Windows or the domain enforces; its
 * declaration is not what is enforced (its own maxLength, the application's limit, stands).
 */
export const NOT_PROVED_ALONE: readonly NotProvedAlone[] = [
  {
    kind: 'defender-preferences',
    gives: 'Get-MpPreference gives',
    sections: ['/malware/antimalware'],
    provedBy: 'defender-status',
    why: "Get-MpPreference gives only what Microsoft Defender Antivirus is set to do; whether it is the console's active scanner (not in passive mode, its antivirus enabled) is stated by Get-MpComputerStatus (AMRunningMode, AntivirusEnabled), which was not collected (collect defender.json: Get-MpComputerStatus | ConvertTo-Json)",
  },
  { kind: 'vendor-settings', gives: VENDOR_GIVES, sections: ['/access/passwordPolicy/local'], except: ['/access/passwordPolicy/local/maxLength'], why: LOCAL_POLICY_WHY },
  { kind: 'vendor-settings', gives: VENDOR_GIVES, sections: ['/access/lockoutPolicy/local'], why: LOCAL_POLICY_WHY },
  { kind: 'vendor-settings', gives: VENDOR_GIVES, sections: ['/access/passwordPolicy/ldap'], except: ['/access/passwordPolicy/ldap/maxLength'], why: domainWhy('password') },
  { kind: 'vendor-settings', gives: VENDOR_GIVES, sections: ['/access/lockoutPolicy/ldap'], why: domainWhy('lockout') },
];

const within = (pointer: string, at: string): boolean => pointer === at || pointer.startsWith(`${at}/`);

/** Whether the entry covers a value at `pointer` (a read of a whole section, or of what encloses one, does too; a field it excepts does not). */
export function covers(e: Pick<NotProvedAlone, 'sections' | 'except'>, pointer: string): boolean {
  return e.sections.some((s) => within(pointer, s) || s.startsWith(`${pointer}/`)) && !(e.except ?? []).some((x) => within(pointer, x));
}

/** The table's entry a value of this kind at `pointer` falls under, or undefined. */
export function notProvedEntry(kind: ExportKind | undefined, pointer: string): NotProvedAlone | undefined {
  if (kind === undefined) return undefined;
  return NOT_PROVED_ALONE.find((e) => e.kind === kind && covers(e, pointer));
}

/**
 * Why a value of `kind` at `pointer` is no evidence where the sources hold the kinds `present`
 * (known kinds: an unknown one stands for no proving export), or undefined when it is.
 */
export function notProvedWhy(kind: ExportKind | undefined, pointer: string, present: ReadonlySet<ExportKind>): NotProvedAlone | undefined {
  const e = notProvedEntry(kind, pointer);
  return e && !(e.provedBy !== undefined && present.has(e.provedBy)) ? e : undefined;
}

/**
 * For a value whose source's kind this tool does not know (or that states none): the entry of the
 * table covering `pointer` whose proving kind is not among `present`, or undefined. Such a source
 * may be the kind that cannot prove it alone under another name: where the table covers a value,
 * only a known kind is evidence for it (and, where the entry names one, the proving kind beside it).
 */
export function unknownKindWhy(pointer: string, present: ReadonlySet<ExportKind>): NotProvedAlone | undefined {
  return NOT_PROVED_ALONE.find((e) => covers(e, pointer) && !(e.provedBy !== undefined && present.has(e.provedBy)));
}
