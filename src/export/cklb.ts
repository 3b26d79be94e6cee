// STIG Viewer 3 checklists (.cklb, JSON; DISA's SV3_CKLB_1_0_JSON_SCHEMA.json, draft 2019-09,
// `additionalProperties: false` everywhere). Pure. Every STIG carries its `uuid` and every rule its
// `stig_uuid` (the schema requires the first; STIG Viewer links rules to their STIG by the second);
// `version` is left out of the STIG object, which the schema does not allow.
import { stigLabel, type StigData, type StigRule } from '../catalog/stig.js';
import type { ChecklistStatus, RuleVerdict } from './checklist.js';
import { stigRef, type AssetInfo } from './ckl.js';

const CKLB_STATUS: Record<ChecklistStatus, string> = {
  Open: 'open',
  NotAFinding: 'not_a_finding',
  Not_Applicable: 'not_applicable',
  Not_Reviewed: 'not_reviewed',
};

export function cklbStatus(s: ChecklistStatus): string {
  return CKLB_STATUS[s];
}

export interface CklbIds {
  /** The checklist's uuid. */
  checklist: string;
  /** The STIG's uuid within the checklist. */
  stig: string;
  /** A rule's uuid within the checklist. */
  rule(vulnId: string): string;
}

/** A rule's fields from the STIG, as JSON members (no braces), UTF-8: the same in every checklist, so made once. */
const staticCache = new WeakMap<object, { ref: string; bytes: Buffer }>();
function ruleStatic(r: StigRule, ref: string): Buffer {
  const hit = staticCache.get(r);
  if (hit && hit.ref === ref) return hit.bytes;
  const fields = {
    target_key: r.targetKey,
    stig_ref: ref,
    group_id: r.vulnId,
    group_id_src: r.vulnId,
    rule_id: r.ruleId.replace(/_rule$/, ''),
    rule_id_src: r.ruleId,
    weight: r.weight,
    classification: 'Unclass',
    severity: r.severity,
    rule_version: r.stigId,
    group_title: r.groupTitle,
    rule_title: r.title,
    fix_text: r.fixText,
    false_positives: r.falsePositives,
    false_negatives: r.falseNegatives,
    discussion: r.discussion,
    check_content: r.checkContent,
    documentable: r.documentable,
    mitigations: r.mitigations,
    potential_impacts: r.potentialImpacts,
    third_party_tools: r.thirdPartyTools,
    mitigation_control: r.mitigationControl,
    responsibility: r.responsibility,
    security_override_guidance: r.severityOverrideGuidance,
    ia_controls: r.iaControls,
    check_content_ref: { name: r.checkContentRef.name, href: r.checkContentRef.href },
    legacy_ids: r.legacyIds,
    ccis: r.cci,
    group_tree: [{ id: r.vulnId, title: r.groupTitle, description: '<GroupDescription></GroupDescription>' }],
    reference_identifier: r.targetKey,
  };
  const bytes = Buffer.from(JSON.stringify(fields).slice(1, -1), 'utf8');
  staticCache.set(r, { ref, bytes });
  return bytes;
}

/**
 * A device's checklist as compact JSON in UTF-8 pieces (for a vectored write). Each rule's STIG
 * fields are encoded once and shared by every device's checklist.
 */
export function cklbParts(title: string, asset: AssetInfo, verdicts: readonly RuleVerdict[], data: StigData, ids: CklbIds): Buffer[] {
  const ref = stigRef(data);
  const head = {
    title,
    id: ids.checklist,
    active: false,
    mode: 2,
    has_path: false,
    target_data: {
      target_type: 'Computing',
      host_name: asset.hostName,
      ip_address: asset.hostIp,
      mac_address: asset.hostMac,
      fqdn: asset.hostFqdn,
      comments: asset.targetComment,
      role: asset.role,
      is_web_database: false,
      technology_area: asset.techArea,
      web_db_site: '',
      web_db_instance: '',
    },
  };
  const stig = {
    stig_name: data.stig.title,
    display_name: stigLabel(data.stig),
    stig_id: data.stig.id,
    release_info: data.stig.releaseInfo,
    uuid: ids.stig,
    reference_identifier: data.rules[0]?.targetKey ?? null,
    size: data.rules.length,
  };
  const out: Buffer[] = [];
  let text = `${JSON.stringify(head).slice(0, -1)},"stigs":[${JSON.stringify(stig).slice(0, -1)},"rules":[`;
  verdicts.forEach((v, i) => {
    text += `${i ? ',' : ''}{"uuid":${JSON.stringify(ids.rule(v.rule.vulnId))},"stig_uuid":${JSON.stringify(ids.stig)},`;
    out.push(Buffer.from(text, 'utf8'), ruleStatic(v.rule, ref));
    text = `,"status":"${CKLB_STATUS[v.status]}","overrides":{},"comments":${JSON.stringify(v.comments)},"finding_details":${JSON.stringify(v.findingDetails)}}`;
  });
  text += ']}],"cklb_version":"1.0"}';
  out.push(Buffer.from(text, 'utf8'));
  return out;
}
