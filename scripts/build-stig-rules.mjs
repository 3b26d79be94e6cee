#!/usr/bin/env node
// Builds controls/stig-rules.json: the rules of DISA's Microsoft Windows 10 STIG (every Group/Rule
// of the XCCDF benchmark, with the texts a STIG checklist carries) and the DISA CCIs those rules
// cite, with each CCI's NIST SP 800-53 rev 5 and rev 4 references. Read from ../shared/interop/
// (paths relative to the repository root); the product reads only the generated file.
//
//   node scripts/build-stig-rules.mjs                 write controls/stig-rules.json
//   node scripts/build-stig-rules.mjs --out FILE      write FILE instead
//   node scripts/build-stig-rules.mjs --shared DIR    read DIR/interop/... instead of ../shared
//   node scripts/build-stig-rules.mjs --check         exit 1 if the committed file is stale
//
// Sources (see ../shared/interop/README.md):
//   stig/U_MS_Windows_10_STIG_V3R6_Manual-xccdf.xml  DISA's XCCDF 1.1 benchmark (the rules, their texts, CCIs)
//   cci/cci-rev5.json                                the DISA CCI list (2023-06-07) keyed by CCI
// Output is deterministic (benchmark order, fixed key order, one rule or CCI per line).
// Dev dependency: fast-xml-parser (parses the XCCDF).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..');
export const DEFAULT_SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const DEFAULT_OUT = join(REPO_ROOT, 'controls', 'stig-rules.json');

export const XCCDF_FILE = 'U_MS_Windows_10_STIG_V3R6_Manual-xccdf.xml';
const XCCDF = join('interop', 'stig', XCCDF_FILE);
const CCI_LIST = join('interop', 'cci', 'cci-rev5.json');
/** The CCI list's version date, as ../shared/interop/README.md records it (the JSON itself has no header). */
export const CCI_LIST_DATE = '2023-06-07';

const CCI_SYSTEM = 'http://cyber.mil/cci';
const LEGACY_SYSTEM = 'http://cyber.mil/legacy';

/** The fields DISA embeds, escaped, in a Rule's <description>, in the order a CKL lists them. */
const DESCRIPTION_FIELDS = [
  ['VulnDiscussion', 'discussion'],
  ['FalsePositives', 'falsePositives'],
  ['FalseNegatives', 'falseNegatives'],
  ['Documentable', 'documentable'],
  ['Mitigations', 'mitigations'],
  ['SeverityOverrideGuidance', 'severityOverrideGuidance'],
  ['PotentialImpacts', 'potentialImpacts'],
  ['ThirdPartyTools', 'thirdPartyTools'],
  ['MitigationControl', 'mitigationControl'],
  ['Responsibility', 'responsibility'],
  ['IAControls', 'iaControls'],
];

const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Text of an element parsed with textNodeName "#text" (an element with attributes is an object). */
const text = (v) => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String(v['#text'] ?? '');
  return String(v);
};

/** The inner fields of a Rule <description> (after the parser decoded its entities once). */
function descriptionFields(desc) {
  const out = {};
  for (const [tag, key] of DESCRIPTION_FIELDS) {
    const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(desc);
    out[key] = m ? m[1] : '';
  }
  return out;
}

/** Decodes the five XML entities (the inner description fields are escaped twice in the XCCDF). */
function unescapeXml(s) {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]);
}

/**
 * Builds the data object from the XCCDF and the CCI list under sharedDir.
 * @param {string} [sharedDir]
 */
export function buildStigRules(sharedDir = DEFAULT_SHARED_DIR) {
  const xccdfBytes = readFileSync(join(sharedDir, XCCDF));
  const cciList = JSON.parse(readFileSync(join(sharedDir, CCI_LIST), 'utf8'));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    isArray: (name) => ['Group', 'Rule', 'ident', 'plain-text', 'reference', 'check'].includes(name),
  });
  const doc = parser.parse(xccdfBytes.toString('utf8'));
  const b = doc.Benchmark;
  if (!b) throw new Error(`${XCCDF}: no <Benchmark> root`);
  const plain = new Map(asArray(b['plain-text']).map((p) => [p['@_id'], text(p)]));
  const benchRef = asArray(b.reference)[0] ?? {};

  const rules = [];
  const cited = new Set();
  for (const g of asArray(b.Group)) {
    const rs = asArray(g.Rule);
    if (rs.length !== 1) throw new Error(`${XCCDF}: group ${g['@_id']} has ${rs.length} rules; a STIG group has one`);
    const r = rs[0];
    const idents = asArray(r.ident);
    const cci = idents.filter((i) => i['@_system'] === CCI_SYSTEM).map(text);
    const legacyIds = idents.filter((i) => i['@_system'] === LEGACY_SYSTEM).map(text);
    for (const c of cci) cited.add(c);
    const fields = descriptionFields(text(r.description));
    const check = asArray(r.check)[0] ?? {};
    const ref = check['check-content-ref'] ?? {};
    const dpms = asArray(r.reference)[0] ?? {};
    rules.push({
      vulnId: g['@_id'],
      groupTitle: text(g.title),
      ruleId: r['@_id'],
      stigId: text(r.version),
      severity: r['@_severity'],
      weight: r['@_weight'] ?? '',
      title: text(r.title),
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, unescapeXml(v)])),
      checkContent: text(check['check-content']),
      checkContentRef: { name: ref['@_name'] ?? '', href: ref['@_href'] ?? '' },
      fixText: text(r.fixtext),
      targetKey: text(dpms.identifier),
      legacyIds,
      cci,
    });
  }

  const cciOut = {};
  for (const id of [...cited].sort()) {
    const e = cciList[id];
    if (!e) throw new Error(`${XCCDF} cites ${id}, which is not in ${CCI_LIST}`);
    cciOut[id] = { definition: e.definition ?? '', status: e.status ?? '', rev5: e.rev5 ?? [], rev4: e.rev4 ?? [] };
  }

  const version = text(b.version);
  const releaseInfo = plain.get('release-info') ?? '';
  const release = /Release:\s*(\d+)/.exec(releaseInfo)?.[1] ?? '';
  return {
    about:
      `Generated by scripts/build-stig-rules.mjs from DISA's ${XCCDF_FILE} (sha256 ${createHash('sha256').update(xccdfBytes).digest('hex')}) ` +
      `and the DISA CCI list dated ${CCI_LIST_DATE} (as derived in ../shared/interop/cci/cci-rev5.json); do not edit by hand.`,
    stig: {
      id: b['@_id'],
      title: text(b.title),
      description: text(b.description),
      version,
      release,
      releaseInfo,
      status: text(b.status),
      statusDate: (typeof b.status === 'object' ? b.status['@_date'] : '') ?? '',
      filename: XCCDF_FILE,
      source: text(benchRef.source),
      notice: asArray(b.notice)[0]?.['@_id'] ?? '',
      classification: 'UNCLASSIFIED',
      ruleCount: rules.length,
    },
    cciList: { date: CCI_LIST_DATE },
    rules,
    cci: cciOut,
  };
}

/** The exact text written: one rule and one CCI per line, so a new STIG release diffs readably. */
export function renderStigRules(data) {
  const { rules, cci, ...head } = data;
  const headText = JSON.stringify(head, null, 2);
  const lines = [
    headText.slice(0, -2) + ',',
    '  "rules": [',
    rules.map((r) => '    ' + JSON.stringify(r)).join(',\n'),
    '  ],',
    '  "cci": {',
    Object.entries(cci).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n'),
    '  }',
    '}',
  ];
  return lines.join('\n') + '\n';
}

function main(argv) {
  let out = DEFAULT_OUT;
  let shared = DEFAULT_SHARED_DIR;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = resolve(argv[++i] ?? '');
    else if (a === '--shared') shared = resolve(argv[++i] ?? '');
    else if (a === '--check') check = true;
    else {
      process.stderr.write(`unknown argument: ${a}\n`);
      return 2;
    }
  }
  const data = buildStigRules(shared);
  const textOut = renderStigRules(data);
  if (check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current !== textOut) {
      process.stderr.write(`${out} is stale: run node scripts/build-stig-rules.mjs\n`);
      return 1;
    }
    process.stdout.write(`${out} is current (${data.rules.length} rules, ${Object.keys(data.cci).length} CCIs)\n`);
    return 0;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, textOut);
  process.stdout.write(`wrote ${out}: ${data.rules.length} rules of ${data.stig.title} V${data.stig.version}R${data.stig.release}, ${Object.keys(data.cci).length} CCIs\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
