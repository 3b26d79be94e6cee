// Test helper (not shipped): a package as an older version of ato-evidence wrote it, one of its
// documents edited (a prop it did not write yet taken out) and the package sealed again, so that
// diff, verify and export read it as that version's sealed package rather than a tampered one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestFromEntries, manifestText, parseManifest, MANIFEST_FILE } from '../../src/seal/manifest.js';
import { sha256Hex } from '../../src/oscal/ids.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Rewrites `file` of the sealed package `dir` by `edit` (its parsed JSON, changed in place) and seals the package again. */
export function editSealedJson(dir: string, file: string, edit: (doc: Json) => void): void {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
  edit(doc);
  const bytes = Buffer.from(JSON.stringify(doc, null, 2) + '\n');
  writeFileSync(join(dir, file), bytes);
  const m = parseManifest(readFileSync(join(dir, MANIFEST_FILE), 'utf8'), MANIFEST_FILE);
  const files = m.files.map((f) => (f.path === file ? { path: f.path, sha256: sha256Hex(bytes), size: bytes.length } : f));
  const resealed = manifestFromEntries(files, { createdAt: m.createdAt, tool: m.tool, ...(m.rulesDigest ? { rulesDigest: m.rulesDigest } : {}), ...(m.reportDigest ? { reportFile: m.reportDigest.file } : {}) });
  writeFileSync(join(dir, MANIFEST_FILE), manifestText(resealed));
}

/** The package's SSP as written before it said that its set-parameters state every ODP the run defined (no `defined-odps` prop). */
export function asSspStatingNoOdps(dir: string): void {
  editSealedJson(dir, 'ssp.json', (doc) => {
    const meta = doc['system-security-plan'].metadata;
    meta.props = meta.props.filter((p: Json) => p.name !== 'defined-odps');
  });
}
