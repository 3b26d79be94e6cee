/**
 * The control ids `validate` checks documents against: the bundled rev5 index, a user's OSCAL
 * catalog (--catalog: every control of it, with its statement and objective part ids), or a
 * tailored baseline (--profile: only the controls the profile selects, resolved through its
 * imports; a remote import needs --catalog). Reads the files named; the rest is pure.
 */
import { indexFromCatalog, loadControlIndex, type ControlEntry, type ControlIndex } from '../catalog/control-index.js';
import { loadProfileFile, readOscalJson, type AddedPart, type LoadedDoc, type ResolvedProfile } from '../catalog/profile.js';

export interface ControlSource {
  index: ControlIndex;
  /** A short name for messages: "the bundled rev5 index", the catalog file, or the profile. */
  label: string;
}

export interface ControlSourceOptions {
  catalog?: string;
  profile?: string;
}

export function validationControls(opts: ControlSourceOptions): ControlSource {
  const catalogDoc: LoadedDoc | undefined = opts.catalog ? { file: opts.catalog, doc: readOscalJson(opts.catalog) } : undefined;
  if (!opts.profile) {
    if (!catalogDoc) return { index: loadControlIndex(), label: 'the bundled rev5 index' };
    return { index: indexFromCatalog(catalogDoc.doc, { file: catalogDoc.file }), label: `catalog ${catalogDoc.file}` };
  }
  const resolved = loadProfileFile(opts.profile, catalogDoc);
  // The catalogs the profile chain ends in: the --catalog a remote import was satisfied by, or local files.
  const bases = catalogDoc ? [indexFromCatalog(catalogDoc.doc, { file: catalogDoc.file })] : resolved.catalogs.map((f) => indexFromCatalog(readOscalJson(f), { file: f }));
  return { index: profileIndex(resolved, bases), label: `profile ${resolved.file}` };
}

/** Only the controls the profile selects, with the part ids its alters add. */
export function profileIndex(profile: ResolvedProfile, bases: readonly ControlIndex[]): ControlIndex {
  const entryOf = (id: string): ControlEntry | undefined => {
    for (const b of bases) if (Object.prototype.hasOwnProperty.call(b.controls, id)) return b.controls[id];
    return undefined;
  };
  const controls: Record<string, ControlEntry> = {};
  for (const id of profile.controls) {
    const e = entryOf(id);
    if (e) controls[id] = { ...e, ...(e.partIds ? { partIds: [...e.partIds] } : {}) };
  }
  for (const a of profile.alters) {
    const e = controls[a.controlId];
    if (e?.partIds) e.partIds.push(...addedPartIds(a.parts));
  }
  const title = profile.title ? ` (${profile.title})` : '';
  return {
    source: `${profile.file}${title}: the ${Object.keys(controls).length} controls the profile selects`,
    controls,
    baselines: { low: [], moderate: [], high: [] },
  };
}

function addedPartIds(parts: readonly AddedPart[]): string[] {
  return parts.flatMap((p) => [...(p.id ? [p.id] : []), ...addedPartIds(p.parts ?? [])]);
}
