/**
 * Test helper (not shipped): why each partially assessed control of an AR result is so, read from
 * the AR's own control findings (their descriptions and props), not from the code that counts them:
 * what every document's count of partial controls must agree with.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const props = (o: Json, name: string): string[] => ((o.props as Json[] | undefined) ?? []).filter((p) => p.name === name).map((p) => p.value as string);

export interface ArWhys {
  /** Every partially assessed control. */
  partial: string[];
  /** Those with an objective of the catalog no check shows (named alone in the list left to the assessor). */
  left: string[];
  /** Those with organisation-defined parameters nobody defined. */
  odps: string[];
  /** Those with a requirement the profile adds left to the assessor. */
  added: string[];
  /** Those with an objective whose checks did not apply on some device. */
  notApplied: string[];
}

/** The leaves a control finding leaves to the assessor, as its description lists them. */
function leftItems(f: Json): string[] {
  const list = /Objectives left to the assessor \(no check shows them on every device\): (.*?)\.(?: |$)/.exec(f.description as string)?.[1] ?? '';
  // An added part without an id is named "au-4, added part 1 (...)": split only before a control id.
  return list ? list.split(/, (?=[a-z]{2}-\d)/) : [];
}

export function whysFromAr(result: Json): ArWhys {
  const own = (result.findings as Json[]).filter((f) => props(f, 'objective-id').length === 0 && props(f, 'assessment-state').includes('partially-assessed'));
  const id = (f: Json) => props(f, 'control-id')[0]!;
  return {
    partial: own.map(id),
    left: own.filter((f) => leftItems(f).some((x) => /^[a-z]{2}-\d+(\.\d+)?_obj\S*$/.test(x))).map(id),
    odps: own.filter((f) => (f.description as string).includes('Organisation-defined parameters not defined:')).map(id),
    added: own.filter((f) => leftItems(f).some((x) => x.endsWith('(a requirement the profile adds)'))).map(id),
    notApplied: own.filter((f) => leftItems(f).some((x) => /\(its checks did not apply on \d+ of \d+ device\(s\)\)$/.test(x))).map(id),
  };
}

/** The counts by reason, keyed as assess/controls.ts PartialWhy. */
export function whyCounts(w: ArWhys): Record<'objectives-left' | 'odps-undefined' | 'profile-added' | 'not-applied', number> {
  return { 'objectives-left': w.left.length, 'odps-undefined': w.odps.length, 'profile-added': w.added.length, 'not-applied': w.notApplied.length };
}
