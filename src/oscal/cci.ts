// DISA CCIs on OSCAL observations and findings (props `cci` in the project's namespace). The route
// (check → STIG rules → CCIs → 800-53) is src/catalog/stig.ts; a CCI whose only 800-53 reference
// in DISA's list is rev 4 says so in the prop's remarks.
import type { Check } from '../catalog/types.js';
import { ccisForControl, checkRoute, loadStigData, type CciRef } from '../catalog/stig.js';
import { prop, type Json } from './common.js';

export const CCI_PROP = 'cci';

function cciProp(c: CciRef): Json {
  const p = prop(CCI_PROP, c.cci);
  const date = loadStigData().cciList.date;
  if (c.revision === 4) p.remarks = `DISA's CCI list (${date}) gives this CCI no NIST SP 800-53 rev 5 reference; its rev 4 reference: ${c.refs.join('; ')}.`;
  if (c.revision === 'none') p.remarks = `DISA's CCI list (${date}) gives this CCI no NIST SP 800-53 rev 5 or rev 4 reference.`;
  return p;
}

const byCheck = new WeakMap<Check, Json[]>();

/** The props of every CCI the check's STIG rules cite (an observation of the check). */
export function checkCciProps(check: Check): Json[] {
  let props = byCheck.get(check);
  if (!props) byCheck.set(check, (props = checkRoute(check).ccis.map(cciProp)));
  return props;
}

/** The props of the CCIs of `checks` whose references name `controlId` (a finding for that control). */
export function controlCciProps(controlId: string, checks: readonly (Check | undefined)[]): Json[] {
  const seen = new Set<string>();
  const out: Json[] = [];
  for (const check of checks) {
    if (!check) continue;
    for (const c of ccisForControl(checkRoute(check), controlId)) {
      if (seen.has(c.cci)) continue;
      seen.add(c.cci);
      out.push(cciProp(c));
    }
  }
  return out;
}
