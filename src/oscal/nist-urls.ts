// Canonical addresses of NIST's published SP 800-53 rev5 OSCAL content (usnistgov/oscal-content),
// used where a document must name the catalog or profile it rests on and the user gave none.
import type { Baseline } from '../catalog/control-index.js';

const REV5 = 'https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json';

export const NIST_REV5_CATALOG_URL = `${REV5}/NIST_SP-800-53_rev5_catalog.json`;

export function nistBaselineProfileUrl(baseline: Baseline): string {
  return `${REV5}/NIST_SP-800-53_rev5_${baseline.toUpperCase()}-baseline_profile.json`;
}

/** A file path the user named, as an OSCAL uri-reference (forward slashes, percent-encoded). */
export function pathAsHref(path: string): string {
  return encodeURI(path.replace(/\\/g, '/'));
}
