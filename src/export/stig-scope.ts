// Whether a bundled STIG covers a device's operating system: one judgement for every export that
// states a STIG determination (CKL/CKLB, HDF, the eMASS POA&M). Pure; its own module so that
// checklist.ts and emass.ts both import it without importing each other.

/**
 * The OS releases a bundled STIG covers, by its id: DISA's Windows 10 STIG is for Windows 10
 * (its rules and checks are written for Windows 10 editions). Windows 11 reports a product name
 * "Windows 10 …" in places (the registry's ProductName), so the build decides: Windows 10 is
 * 10240 (1507) up to 19045 (22H2), Windows 11 starts at 22000. A STIG not listed covers nothing
 * shown.
 */
const STIG_SCOPE: Record<string, { product: string; name: RegExp; notName: RegExp; builds: readonly [number, number] }> = {
  MS_Windows_10_STIG: { product: 'Windows 10', name: /\bWindows 10\b/i, notName: /\bServer\b/i, builds: [10240, 22000] },
};

/**
 * `why`: the STIG's scope and the device's OS, one sentence; `comment`: the checklist's COMMENTS
 * line. `unknown`: the package does not name the device's OS (or its release) well enough to tell,
 * so nothing shows the STIG covers it, nor that it does not: the sentences say the OS was not
 * collected rather than that the STIG does not cover it.
 */
export type StigScope = { covered: true } | { covered: false; unknown: boolean; why: string; comment: string };

/**
 * Whether the STIG covers the device's OS, from the OS its inventory item names ("NAME build N",
 * assess's `os` prop). Covered only when the name is the STIG's product and the build is one of its
 * releases; a missing name or build does not show it covered.
 */
export function stigScope(stigId: string, stigTitle: string, deviceId: string, os: string | undefined): StigScope {
  const scope = STIG_SCOPE[stigId];
  const at = os?.lastIndexOf(' build ') ?? -1;
  const name = (at >= 0 ? os!.slice(0, at) : os ?? '').trim();
  const buildText = at >= 0 ? os!.slice(at + 7).trim() : '';
  // "19044", "10.0.19044" or "10.0.19044.3086": the build is the number after "10.0." when given so.
  const build = /^(?:10\.0\.)?(\d+)(?:\.\d+)?$/.exec(buildText)?.[1];
  if (scope && name && build !== undefined && scope.name.test(name) && !scope.notName.test(name)) {
    const n = Number(build);
    if (n >= scope.builds[0] && n < scope.builds[1]) return { covered: true };
  }
  const covers = scope ? `covers ${scope.product}` : 'names no operating system ato-evidence can match';
  const tail = ' The ato-evidence results in FINDING_DETAILS are evidence for a review, not a determination of this STIG.';
  // A name that is not the STIG's product settles it whatever the build; otherwise a missing name or
  // build leaves the question open (a package written before the OS was recorded names none at all).
  const unknown = !!scope && (!name || (build === undefined && scope.name.test(name) && !scope.notName.test(name)));
  if (unknown) {
    const missing = !os?.trim() ? `the package names no operating system for ${deviceId} (its OS was not collected)`
      : !name ? `the package names ${deviceId}'s operating system only by build (${os.trim()})`
      : `the package names ${deviceId}'s operating system as ${os.trim()}, with no build number to show which release it is`;
    const why = `the ${stigTitle} ${covers}, and ${missing}: whether the STIG covers ${deviceId} is not known.`;
    return { covered: false, unknown, why, comment: `Not reviewed against this STIG: ${why}${tail}` };
  }
  const runs = !os?.trim() ? 'an operating system its collection does not name'
    : !name ? `an operating system its collection names only by build (${os.trim()})`
    : build === undefined ? `${os.trim()}, with no build number in its collection to show which release it is`
    : os.trim();
  const why = `the ${stigTitle} ${covers}, and ${deviceId} runs ${runs}.`;
  return { covered: false, unknown: false, why, comment: `Not reviewed against this STIG: ${why}${tail}` };
}
