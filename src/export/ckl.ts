// STIG Viewer 2 checklists (.ckl, XML; DISA's U_Checklist_Schema_V2.xsd). Pure. A CklDocument
// holds what a .ckl holds, in the file's order, so a checklist read from elsewhere can be written
// back without losing a field; `cklDocument` makes one for a device from its rule verdicts. The
// text is laid out as STIG Viewer 2.17 writes it (tab indentation, `<X></X>` for empty elements,
// no newline at the end).
import type { StigData, StigRule } from '../catalog/stig.js';
import type { RuleVerdict } from './checklist.js';

export interface CklSiData {
  name: string;
  /** Absent: STIG Viewer writes the SI_DATA without a SID_DATA (e.g. an unset customname). */
  data?: string;
}

export interface CklVuln {
  /** VULN_ATTRIBUTE / ATTRIBUTE_DATA pairs in file order (LEGACY_ID and CCI_REF repeat). */
  stigData: ReadonlyArray<readonly [string, string]>;
  status: string;
  findingDetails: string;
  comments: string;
  severityOverride: string;
  severityJustification: string;
}

export interface CklStig {
  info: readonly CklSiData[];
  vulns: readonly CklVuln[];
}

export interface CklDocument {
  /** The comment after the XML declaration naming the writer ("DISA STIG Viewer :: 2.17"). */
  comment?: string;
  /** ASSET children in file order (ROLE, ASSET_TYPE, MARKING?, HOST_NAME, …). */
  asset: ReadonlyArray<readonly [string, string]>;
  stigs: readonly CklStig[];
}

/** What a checklist says about the device (the CKL ASSET section). */
export interface AssetInfo {
  role: 'None' | 'Workstation' | 'Member Server' | 'Domain Controller';
  hostName: string;
  hostIp: string;
  hostMac: string;
  hostFqdn: string;
  targetComment: string;
  techArea: string;
  targetKey: string;
  marking?: string;
}

/** XML 1.0 cannot hold these characters at all (not even escaped). */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const SPECIAL = /[&<>\r]/;

/** Element text: & < > escaped (as Heimdall and STIG Viewer do), CR kept as &#13;, invalid characters replaced. */
export function xmlText(s: string): string {
  const clean = s.replace(INVALID_XML, '\ufffd');
  if (!SPECIAL.test(clean)) return clean;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

const el = (indent: string, name: string, text: string) => `${indent}<${name}>${xmlText(text)}</${name}>\n`;

/** The STIG_DATA elements of a vuln, UTF-8: the same in every device's checklist, so made once. */
const stigDataCache = new WeakMap<object, Buffer>();
function stigDataXml(pairs: CklVuln['stigData']): Buffer {
  let b = stigDataCache.get(pairs);
  if (b === undefined) {
    b = Buffer.from(pairs.map(([a, d]) => `\t\t\t\t<STIG_DATA>\n${el('\t\t\t\t\t', 'VULN_ATTRIBUTE', a)}${el('\t\t\t\t\t', 'ATTRIBUTE_DATA', d)}\t\t\t\t</STIG_DATA>\n`).join(''), 'utf8');
    stigDataCache.set(pairs, b);
  }
  return b;
}

/**
 * The .ckl as UTF-8 pieces in order (for a vectored write): the rule data, the same in every
 * device's checklist, is encoded once and shared, so 10,000 checklists do not re-encode it.
 */
export function cklParts(doc: CklDocument): Buffer[] {
  const out: Buffer[] = [];
  let text = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (doc.comment !== undefined) text += `<!--${doc.comment.replace(/--/g, '- -')}-->\n`;
  text += '<CHECKLIST>\n\t<ASSET>\n';
  for (const [name, value] of doc.asset) text += el('\t\t', name, value);
  text += '\t</ASSET>\n\t<STIGS>\n';
  for (const stig of doc.stigs) {
    text += '\t\t<iSTIG>\n\t\t\t<STIG_INFO>\n';
    for (const si of stig.info) {
      text += `\t\t\t\t<SI_DATA>\n${el('\t\t\t\t\t', 'SID_NAME', si.name)}${si.data === undefined ? '' : el('\t\t\t\t\t', 'SID_DATA', si.data)}\t\t\t\t</SI_DATA>\n`;
    }
    text += '\t\t\t</STIG_INFO>\n';
    for (const v of stig.vulns) {
      out.push(Buffer.from(text + '\t\t\t<VULN>\n', 'utf8'), stigDataXml(v.stigData));
      text = el('\t\t\t\t', 'STATUS', v.status) +
        el('\t\t\t\t', 'FINDING_DETAILS', v.findingDetails) +
        el('\t\t\t\t', 'COMMENTS', v.comments) +
        el('\t\t\t\t', 'SEVERITY_OVERRIDE', v.severityOverride) +
        el('\t\t\t\t', 'SEVERITY_JUSTIFICATION', v.severityJustification) +
        '\t\t\t</VULN>\n';
    }
    text += '\t\t</iSTIG>\n';
  }
  text += '\t</STIGS>\n</CHECKLIST>';
  out.push(Buffer.from(text, 'utf8'));
  return out;
}

/** The .ckl text. */
export function writeCkl(doc: CklDocument): string {
  return Buffer.concat(cklParts(doc)).toString('utf8');
}

/** "Microsoft Windows 10 Security Technical Implementation Guide :: Version 3, Release: 6 Benchmark Date: 05 Jan 2026". */
export function stigRef(data: StigData): string {
  return `${data.stig.title} :: Version ${data.stig.version}, ${data.stig.releaseInfo}`;
}

/** The rule's STIG_DATA pairs, in the order STIG Viewer writes them. Cached per rule and STIG uuid. */
const pairsCache = new WeakMap<StigRule, { stigUuid: string; pairs: CklVuln['stigData'] }>();
export function ruleStigData(rule: StigRule, data: StigData, stigUuid: string): CklVuln['stigData'] {
  const hit = pairsCache.get(rule);
  if (hit && hit.stigUuid === stigUuid) return hit.pairs;
  const pairs: Array<readonly [string, string]> = [
    ['Vuln_Num', rule.vulnId],
    ['Severity', rule.severity],
    ['Group_Title', rule.groupTitle],
    ['Rule_ID', rule.ruleId],
    ['Rule_Ver', rule.stigId],
    ['Rule_Title', rule.title],
    ['Vuln_Discuss', rule.discussion],
    ['IA_Controls', rule.iaControls],
    ['Check_Content', rule.checkContent],
    ['Fix_Text', rule.fixText],
    ['False_Positives', rule.falsePositives],
    ['False_Negatives', rule.falseNegatives],
    ['Documentable', rule.documentable],
    ['Mitigations', rule.mitigations],
    ['Potential_Impact', rule.potentialImpacts],
    ['Third_Party_Tools', rule.thirdPartyTools],
    ['Mitigation_Control', rule.mitigationControl],
    ['Responsibility', rule.responsibility],
    ['Security_Override_Guidance', rule.severityOverrideGuidance],
    ['Check_Content_Ref', rule.checkContentRef.name],
    ['Weight', rule.weight],
    ['Class', 'Unclass'],
    ['STIGRef', stigRef(data)],
    ['TargetKey', rule.targetKey],
    ['STIG_UUID', stigUuid],
    ...rule.legacyIds.map((id) => ['LEGACY_ID', id] as const),
    ...rule.cci.map((c) => ['CCI_REF', c] as const),
  ];
  pairsCache.set(rule, { stigUuid, pairs });
  return pairs;
}

/** The STIG_INFO of the bundled STIG, in STIG Viewer's order. */
export function stigInfo(data: StigData, stigUuid: string): CklSiData[] {
  const s = data.stig;
  return [
    { name: 'version', data: s.version },
    { name: 'classification', data: s.classification },
    { name: 'customname' },
    { name: 'stigid', data: s.id },
    { name: 'description', data: s.description },
    { name: 'filename', data: s.filename },
    { name: 'releaseinfo', data: s.releaseInfo },
    { name: 'title', data: s.title },
    { name: 'uuid', data: stigUuid },
    { name: 'notice', data: s.notice },
    { name: 'source', data: s.source },
  ];
}

/** A device's checklist. */
export function cklDocument(asset: AssetInfo, verdicts: readonly RuleVerdict[], data: StigData, stigUuid: string, generator: string): CklDocument {
  const assetPairs: Array<readonly [string, string]> = [['ROLE', asset.role], ['ASSET_TYPE', 'Computing']];
  if (asset.marking !== undefined) assetPairs.push(['MARKING', asset.marking]);
  assetPairs.push(
    ['HOST_NAME', asset.hostName],
    ['HOST_IP', asset.hostIp],
    ['HOST_MAC', asset.hostMac],
    ['HOST_FQDN', asset.hostFqdn],
    ['TARGET_COMMENT', asset.targetComment],
    ['TECH_AREA', asset.techArea],
    ['TARGET_KEY', asset.targetKey],
    ['WEB_OR_DATABASE', 'false'],
    ['WEB_DB_SITE', ''],
    ['WEB_DB_INSTANCE', ''],
  );
  return {
    comment: generator,
    asset: assetPairs,
    stigs: [{
      info: stigInfo(data, stigUuid),
      vulns: verdicts.map((v) => ({
        stigData: ruleStigData(v.rule, data, stigUuid),
        status: v.status,
        findingDetails: v.findingDetails,
        comments: v.comments,
        severityOverride: '',
        severityJustification: '',
      })),
    }],
  };
}
