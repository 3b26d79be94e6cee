// The legacy eMASS POA&M layout, for when no --template is given: a blank workbook made with
// exceljs in the layout of the eMASS POA&M import template that MITRE's SAF CLI fills (header block
// in rows 1-6, the 22 column headers in row 7, spelt exactly as eMASS writes them, stray spaces
// included; data from row 8). It is then filled like any template (xlsx-fill.ts). eMASS rejects
// templates that are not current: the export says so and recommends --template.
import ExcelJS from 'exceljs';
import { neutralise, showControls } from './emass.js';

/** Row 7 of the legacy template, column A onwards. */
export const LEGACY_HEADERS = [
  'Control Vulnerability Description', 'POA&M Item ID', 'Control Vulnerability Description', 'Security Control Number (NC/NA controls only)',
  'Office/Org', 'Security Checks', 'Resources Required', 'Scheduled Completion Date', 'Milestone with Completion Dates', 'Milestone Changes',
  'Source Identifying Vulnerability ', 'Status', 'Comments', ' Raw Severity', 'Mitigations', 'Severity', 'Relevance of Threat', 'Likelihood',
  'Impact', 'Impact Description', 'Residual Risk Level', 'Recommendations',
] as const;

export const LEGACY_HEADER_ROW = 7;
const LEVELS = '"Very Low,Low,Moderate,High,Very High"';
/** Rows given drop-down lists and a date format (eMASS's template covers its used range the same way). */
const PREPARED_ROWS = 500;

export interface LegacyHeader {
  /** RFC 3339: "Date Exported" and the workbook's own dates. */
  now: string;
  systemName: string;
}

/** The blank legacy workbook's bytes. */
export async function legacyTemplate(h: LegacyHeader): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(h.now);
  wb.creator = 'ato-evidence';
  wb.lastModifiedBy = 'ato-evidence';
  wb.created = when;
  wb.modified = when;
  const ws = wb.addWorksheet('POA&M');
  const widths = [17, 14, 34, 18, 18, 18, 15, 25, 15, 16, 21, 24, 25, 17, 16, 19, 19, 19, 19, 27, 19, 30];
  ws.columns = widths.map((width) => ({ width }));
  ws.mergeCells('A1:V1');
  ws.getCell('A1').value = '***** UNCLASSIFIED//FOR OFFICIAL USE ONLY *****';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  const labels: Array<[string, string]> = [
    ['A2', 'Date Exported:'], ['A3', 'Exported By:'], ['A4', 'DoD Component:'], ['A5', 'System / Project Name:'], ['A6', 'DoD IT Registration No:'],
    ['J2', 'System Type:'], ['J4', 'POC Name:'], ['J5', 'POC Phone:'], ['J6', 'POC E-Mail:'], ['M2', 'OMB Project ID:'], ['M5', 'Security Costs:'],
  ];
  for (const [ref, text] of labels) {
    ws.getCell(ref).value = text;
    ws.getCell(ref).font = { bold: true };
  }
  for (const r of [2, 3, 4, 5, 6]) ws.mergeCells(`D${r}:I${r}`);
  ws.getCell('D2').value = `${Number(h.now.slice(5, 7))}/${Number(h.now.slice(8, 10))}/${h.now.slice(0, 4)}`;
  ws.getCell('D3').value = 'ato-evidence';
  // The organisation's text, in a cell as every other one of the workbook: shown controls, no formula start.
  ws.getCell('D5').value = neutralise(showControls(h.systemName));
  const header = ws.getRow(LEGACY_HEADER_ROW);
  LEGACY_HEADERS.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });
  header.height = 60;
  const list = (formula: string) => ({ type: 'list' as const, allowBlank: true, formulae: [formula] });
  for (let r = LEGACY_HEADER_ROW + 1; r <= LEGACY_HEADER_ROW + PREPARED_ROWS; r++) {
    ws.getCell(`H${r}`).numFmt = 'mm/dd/yyyy';
    ws.getCell(`H${r}`).dataValidation = { type: 'date', allowBlank: true, operator: 'greaterThan', formulae: [new Date(Date.UTC(1900, 0, 1))] };
    ws.getCell(`N${r}`).dataValidation = list('"I,II,III"');
    for (const c of ['P', 'Q', 'R', 'S', 'U']) ws.getCell(`${c}${r}`).dataValidation = list(LEVELS);
    for (let c = 1; c <= LEGACY_HEADERS.length; c++) ws.getCell(r, c).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.views = [{ state: 'frozen', ySplit: LEGACY_HEADER_ROW }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
