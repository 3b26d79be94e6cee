/**
 * Test helper (not shipped): reads a STIG Viewer 2 checklist (.ckl) into the CklDocument the
 * exporter writes (src/export/ckl.ts), with fast-xml-parser, keeping element order, repeated
 * elements and an absent SID_DATA, so a checklist can be written back and compared.
 */
import { XMLParser } from 'fast-xml-parser';
import type { CklDocument, CklSiData, CklStig, CklVuln } from '../../src/export/ckl.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  commentPropName: '#comment',
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

const nameOf = (n: Node): string => Object.keys(n).find((k) => k !== ':@')!;
const children = (n: Node): Node[] => (n[nameOf(n)] as Node[]) ?? [];
/** Element children only (the tab/newline text between elements dropped). */
const elements = (n: Node): Node[] => children(n).filter((c) => nameOf(c) !== '#text');
/** An element's text: its text children joined ('' for <X></X>). */
function textOf(n: Node): string {
  return children(n).filter((c) => nameOf(c) === '#text').map((c) => String(c['#text'])).join('');
}
function only(list: Node[], name: string): Node {
  const found = list.filter((c) => nameOf(c) === name);
  if (found.length !== 1) throw new Error(`expected one <${name}>, found ${found.length}`);
  return found[0]!;
}

export function readCkl(xml: string): CklDocument {
  const top = parser.parse(xml) as Node[];
  const comment = top.find((n) => nameOf(n) === '#comment');
  const checklist = only(top, 'CHECKLIST');
  const asset = only(elements(checklist), 'ASSET');
  const stigs = only(elements(checklist), 'STIGS');
  const doc: CklDocument = {
    ...(comment ? { comment: textOf(comment) } : {}),
    asset: elements(asset).map((e) => [nameOf(e), textOf(e)] as const),
    stigs: elements(stigs).map((istig): CklStig => {
      const parts = elements(istig);
      const info = elements(only(parts, 'STIG_INFO')).map((si): CklSiData => {
        const kids = elements(si);
        const data = kids.find((k) => nameOf(k) === 'SID_DATA');
        return { name: textOf(only(kids, 'SID_NAME')), ...(data ? { data: textOf(data) } : {}) };
      });
      const vulns = parts.filter((p) => nameOf(p) === 'VULN').map((v): CklVuln => {
        const kids = elements(v);
        const t = (name: string) => textOf(only(kids, name));
        return {
          stigData: kids.filter((k) => nameOf(k) === 'STIG_DATA').map((sd) => {
            const kk = elements(sd);
            return [textOf(only(kk, 'VULN_ATTRIBUTE')), textOf(only(kk, 'ATTRIBUTE_DATA'))] as const;
          }),
          status: t('STATUS'),
          findingDetails: t('FINDING_DETAILS'),
          comments: t('COMMENTS'),
          severityOverride: t('SEVERITY_OVERRIDE'),
          severityJustification: t('SEVERITY_JUSTIFICATION'),
        };
      });
      return { info, vulns };
    }),
  };
  return doc;
}
