// The fields each kind of export sets, as known-exports.ts declares them (FIELDS_OF_KIND), are the
// parsers' own: a not collected result names the export that would give a missing value by this
// table, so a field a parser sets and the table leaves out would send the reader to the wrong file
// (MAL-SIG-AGE's signature date was said to be "given by defender.json or defender-preferences.json",
// which never holds it). Each kind's export of the mr-01 fixture is parsed and held to the table.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS_OF_KIND, KNOWN_EXPORTS } from '../src/ingest/known-exports.js';
import { parserFor } from '../src/ingest/parsers/index.js';
import type { ExportKind, PathSeg } from '../src/ingest/types.js';

const MR01 = new URL('./fixtures/exports/mr-01/', import.meta.url).pathname;

/** A fact's path as the table writes it: dotted, list items left out ("access.accounts.name"). */
const dotted = (path: readonly PathSeg[]): string => path.filter((p) => typeof p === 'string').join('.');

/** Declared fields the fixture's older exports lack the column of (the parsers set them from newer ones). */
const NOT_IN_FIXTURE: Partial<Record<ExportKind, string[]>> = {
  'local-users-csv': ['access.accounts.passwordNeverExpires'], // no PasswordExpires column
  'local-group-members-csv': ['access.accounts.groupSids'], // before collect.ps1 1.3.0's GroupSID column
};

describe('FIELDS_OF_KIND is what each parser sets', () => {
  it.each(Object.keys(FIELDS_OF_KIND) as ExportKind[])('%s: every value its fixture gives is a declared field, and every declared field is given', (kind) => {
    const file = KNOWN_EXPORTS.find((e) => e.kind === kind)!.file;
    const bytes = readFileSync(join(MR01, file));
    const parsed = parserFor(kind).parse({ name: file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(parsed.kind).toBe(kind);
    const declared = FIELDS_OF_KIND[kind]!;
    const given = new Set([...parsed.facts.map((f) => dotted(f.path)), ...(parsed.withhold ?? []).map((w) => dotted(w.path))]);
    const within = (p: string) => declared.some((d) => p === d || p.startsWith(`${d}.`));
    expect([...given].filter((p) => !within(p)), `${file} sets fields the table does not name`).toEqual([]);
    expect(declared.filter((d) => !NOT_IN_FIXTURE[kind]?.includes(d) && ![...given].some((p) => p === d || p.startsWith(`${d}.`))), `the table names fields ${file} does not set`).toEqual([]);
  });
});

// The other kinds that share a part of the snapshot (SCOPE_OF_KIND) set the same fields as their
// pair: a reason may then name either export of the pair, and FIELDS_OF_KIND needs no entry for
// them. Should one of them start setting a field the other does not, it needs one (and this fails).
describe('the firewall profile and BitLocker exports set the same fields as their pair', () => {
  const fieldsOf = (kind: ExportKind) => {
    const file = KNOWN_EXPORTS.find((e) => e.kind === kind)!.file;
    const bytes = readFileSync(join(MR01, file));
    const parsed = parserFor(kind).parse({ name: file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    return [...new Set(parsed.facts.map((f) => dotted(f.path)))].sort();
  };
  it.each([['netsh-firewall', 'firewall-profiles-csv'], ['manage-bde-status', 'bitlocker-volumes-csv']] as const)('%s and %s', (a, b) => {
    expect(FIELDS_OF_KIND[a]).toBeUndefined();
    expect(FIELDS_OF_KIND[b]).toBeUndefined();
    const fa = fieldsOf(a);
    expect(fa.length).toBeGreaterThan(3);
    expect(fieldsOf(b)).toEqual(fa);
  });
});
