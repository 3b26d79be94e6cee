// `export emass-poam`, the edge: the package's poam.json (read in chunks: only items, risks,
// inventory items and the deviations of its observations are kept) and its SSP's responsible
// parties, turned into the rows of the eMASS POA&M import workbook; checked against eMASS's
// status rules before anything is written; filled into --template or the legacy layout.
import { writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Check, Severity } from '../catalog/types.js';
import { SEVERITIES } from '../catalog/types.js';
import { UserError } from '../io/errors.js';
import { readUserFile, type ReadLimit } from '../io/file-queue.js';
import type { JsonKind, JsonPath, JsonSelection } from '../io/json-select.js';
import { PROJECT_NS } from '../oscal/ids.js';
import { jsonPointer } from '../oscal/rules.js';
import { displayPath } from '../seal/seal.js';
import { sspDevices } from './results.js';
import {
  checkEmassRules, emassItem, excelDate, findLayout, fitCell, HEADER_TEXTS, LEVELS, neutralise, showControls,
  type EmassField, type EmassItem, type Layout, type Level, type PoamEntry,
} from './emass.js';
import { LEGACY_HEADER_ROW, legacyTemplate } from './emass-legacy.js';
import { readSealedJson, type VerifiedPackage } from './package.js';
import { isObj, ourProps, str, type Obj } from './props.js';
import type { ExportOptions } from './run.js';
import { Workbook, type CellValue } from './xlsx-fill.js';

export const POAM_FILE = 'poam.json';
export const SSP_FILE = 'ssp.json';

interface PoamRead {
  systemName: string;
  assessedAt: string;
  entries: PoamEntry[];
  /** Each device's OS as its inventory item names it, by asset id (whether the STIG covers it). */
  deviceOs: Map<string, string | undefined>;
}

/**
 * The most a --template workbook may be, checked on its size before a byte is read: eMASS's
 * POA&M template is well under 1 MiB, and a 400 MB file took 15 s and 500 MB of memory to be
 * refused as no workbook.
 */
const TEMPLATE_READ_LIMIT: ReadLimit = { bytes: 64 * 2 ** 20, what: "64 MiB, the most an eMASS POA&M template may be (eMASS's own is well under 1 MiB)" };

/** The POA&M items of the package with what the workbook needs of their risks and observations. */
export function readPoam(pkg: VerifiedPackage): PoamRead {
  const label = displayPath(pkg.dir, POAM_FILE);
  const BODY = 'plan-of-action-and-milestones';
  const items: Array<{ at: JsonPath; value: unknown }> = [];
  const risks = new Map<string, Obj>();
  const deviceOf = new Map<string, string>();
  const deviceOs = new Map<string, string | undefined>();
  /** per check: deviation text → subject uuids */
  const deviations = new Map<string, Map<string, string[]>>();
  const expiredDeviations = new Map<string, Map<string, string[]>>();
  let title = '';
  let lastModified = '';
  let rootOk = false;
  const select = (path: JsonPath, kind: JsonKind): JsonSelection => {
    const n = path.length;
    if (n === 0) return 'descend';
    if (path[0] !== BODY) return 'skip';
    if (n === 1) {
      rootOk = kind === 'object';
      return 'descend';
    }
    const part = path[1];
    if (n === 2) return ['metadata', 'local-definitions', 'observations', 'risks', 'poam-items'].includes(part as string) ? 'descend' : 'skip';
    if (part === 'metadata') return n === 3 && (path[2] === 'title' || path[2] === 'last-modified') ? 'capture' : 'skip';
    if (part === 'local-definitions') {
      if (n === 3) return path[2] === 'inventory-items' ? 'descend' : 'skip';
      return n === 4 ? 'capture' : 'skip';
    }
    return n === 3 ? 'capture' : 'skip';
  };
  const captured = (path: JsonPath, value: unknown) => {
    const part = path[1];
    if (part === 'metadata') {
      if (path[2] === 'title') title = str(value) ?? '';
      else lastModified = str(value) ?? '';
    } else if (part === 'local-definitions') {
      if (isObj(value) && typeof value.uuid === 'string') {
        const id = Array.isArray(value.props) ? (value.props as Obj[]).find((p) => isObj(p) && p.name === 'asset-id') : undefined;
        deviceOf.set(value.uuid, str(id?.value) ?? value.uuid);
        deviceOs.set(str(id?.value) ?? value.uuid, ourProps(value.props).get('os')?.[0]);
      }
    } else if (part === 'observations') {
      if (!isObj(value)) return;
      const p = ourProps(value.props);
      const check = p.get('check-id')?.[0];
      if (check === undefined) return;
      const subjects = (Array.isArray(value.subjects) ? value.subjects : []).filter(isObj).map((s) => str(s['subject-uuid'])).filter((s): s is string => !!s);
      // Approved deviations, and the expired ones (the fail they no longer excuse is open: the reader must see why).
      for (const [name, into] of [['deviation', deviations], ['expired-deviation', expiredDeviations]] as const) {
        const text = p.get(name)?.[0];
        if (text === undefined) continue;
        const byText = into.get(check) ?? new Map<string, string[]>();
        byText.set(text, [...(byText.get(text) ?? []), ...subjects]);
        into.set(check, byText);
      }
    } else if (part === 'risks') {
      if (isObj(value) && typeof value.uuid === 'string') risks.set(value.uuid, value);
    } else if (part === 'poam-items') {
      items.push({ at: path, value });
    }
  };
  readSealedJson(pkg, POAM_FILE, { select, captured });
  // The devices are the SSP's inventory items (the POA&M's import-ssp); a POA&M of an earlier version defined them locally.
  if (!deviceOf.size) {
    for (const d of sspDevices(pkg)) {
      deviceOf.set(d.uuid, d.id);
      deviceOs.set(d.id, d.os);
    }
  }
  if (!rootOk) throw new UserError('is not an OSCAL POA&M written by ato-evidence assess (no "plan-of-action-and-milestones")', { file: label });

  const fail = (at: JsonPath, message: string): never => {
    throw new UserError(message, { file: label, where: jsonPointer([...at]) || '/' });
  };
  const entries = items.map(({ at, value }): PoamEntry => {
    if (!isObj(value)) return fail(at, 'must be an object (a poam-item)');
    const p = ourProps(value.props);
    const one = (name: string): string => p.get(name)?.[0] ?? fail([...at, 'props'], `has no "${name}" prop (ns ${PROJECT_NS}): this poam-item was not written by ato-evidence`);
    const key = one('weakness-key');
    const severity = one('severity') as Severity;
    if (!SEVERITIES.includes(severity)) fail([...at, 'props'], `the "severity" prop "${severity}" is not one of ${SEVERITIES.join(', ')}`);
    const status = one('poam-status') as PoamEntry['status'];
    if (!['open', 'deviation-approved', 'closed'].includes(status)) fail([...at, 'props'], `the "poam-status" prop "${status}" is not open, deviation-approved or closed`);
    const riskRef = Array.isArray(value['related-risks']) && isObj(value['related-risks'][0]) ? str(value['related-risks'][0]['risk-uuid']) : undefined;
    const risk = riskRef ? risks.get(riskRef) : undefined;
    const remediation = Array.isArray(risk?.remediations) && isObj(risk!.remediations[0]) ? (risk!.remediations[0] as Obj) : undefined;
    const milestones = (Array.isArray(remediation?.tasks) ? (remediation!.tasks as unknown[]) : []).filter(isObj).filter((t) => t.type === 'milestone').map((t) => {
      const timing = isObj(t.timing) ? t.timing : {};
      const date = str(isObj(timing['on-date']) ? timing['on-date'].date : undefined) ?? str(isObj(timing['within-date-range']) ? timing['within-date-range'].end : undefined) ?? '';
      const mp = ourProps(t.props);
      return { title: str(t.title) ?? 'Milestone', date: mp.get('completed')?.[0] ?? date };
    }).filter((m) => m.date !== '');
    // A weakness that is not a check (a lapsed attestation, evidence not collected) has no check-id.
    const checkId = p.get('check-id')?.[0] ?? '';
    // Only the deviations of this item's devices, each naming only them: a check's deviation may
    // cover other items' devices too, which this item's Comments must not name as its own.
    const affected = new Set(p.get('affected-device') ?? []);
    const ofItem = (byCheck: Map<string, Map<string, string[]>>) => [...(byCheck.get(checkId) ?? [])]
      .map(([text, subjects]) => ({ text, devices: [...new Set(subjects.map((s) => deviceOf.get(s) ?? s))].filter((x) => affected.has(x)) }))
      .filter((d) => d.devices.length > 0);
    const entry: PoamEntry = {
      uuid: str(value.uuid) ?? '',
      key,
      controlId: one('control-id'),
      controls: p.get('control-id') ?? [],
      checkId,
      severity,
      status,
      firstDetected: one('first-detected'),
      detected: p.get('detected')?.[0] ?? one('first-detected'),
      deadline: one('deadline'),
      devices: p.get('affected-device') ?? [],
      title: str(value.title) ?? key,
      description: str(value.description) ?? '',
      remediation: str(remediation?.description) ?? '',
      milestones,
      deviations: ofItem(deviations),
      expiredDeviations: ofItem(expiredDeviations),
    };
    const closed = p.get('closed')?.[0];
    if (closed) entry.closed = closed;
    const closedDevices = p.get('closed-device') ?? [];
    if (closedDevices.length) entry.closedDevices = closedDevices;
    return entry;
  });
  return { systemName: title.replace(/^Plan of action and milestones: /, ''), assessedAt: lastModified, entries, deviceOs };
}

/** "Organization, First Last" of the SSP's ISSO (else system owner), commas inside a field replaced. */
function officeFromSsp(pkg: VerifiedPackage): string | undefined {
  if (!pkg.entries.has(SSP_FILE)) return undefined;
  let parties: Obj[] = [];
  let responsible: Obj[] = [];
  readSealedJson(pkg, SSP_FILE, {
    select: (path) => {
      if (path.length <= 2) return path.length === 0 || path[0] === 'system-security-plan' ? (path.length < 2 || path[1] === 'metadata' ? 'descend' : 'skip') : 'skip';
      return path.length === 3 && (path[2] === 'parties' || path[2] === 'responsible-parties') ? 'capture' : 'skip';
    },
    captured: (path, value) => {
      if (!Array.isArray(value)) return;
      if (path[2] === 'parties') parties = value.filter(isObj);
      else responsible = value.filter(isObj);
    },
  });
  const byUuid = new Map(parties.map((p) => [str(p.uuid), p]));
  for (const role of ['information-system-security-officer', 'system-owner']) {
    const r = responsible.find((x) => x['role-id'] === role);
    const person = Array.isArray(r?.['party-uuids']) ? byUuid.get(str(r!['party-uuids'][0])) : undefined;
    if (!person) continue;
    const org = Array.isArray(person['member-of-organizations']) ? byUuid.get(str(person['member-of-organizations'][0])) : undefined;
    const field = (s: string | undefined) => (s ?? '').replace(/\s*,\s*/g, ' - ').trim();
    return [field(str(org?.name)), field(str(person.name))].filter(Boolean).join(', ');
  }
  return undefined;
}

/** The rows to write: an item's cells on its first row, then one row per further milestone. */
function itemRows(items: readonly EmassItem[], layout: Layout): Array<Map<number, CellValue>> {
  const rows: Array<Map<number, CellValue>> = [];
  const col = layout.columns;
  for (const it of items) {
    const first = new Map<number, CellValue>();
    for (const [field, v] of Object.entries(it.cells) as Array<[EmassField, string | { date: string }]>) {
      const c = col[field];
      if (c === undefined || v === undefined) continue;
      first.set(c, typeof v === 'string' ? fitCell(neutralise(showControls(v))) : { date: v.date, serial: excelDate(v.date) });
    }
    const mc = col.milestones!;
    if (it.milestones[0] !== undefined) first.set(mc, fitCell(neutralise(showControls(it.milestones[0]))));
    rows.push(first);
    for (const m of it.milestones.slice(1)) rows.push(new Map([[mc, fitCell(neutralise(showControls(m)))]]));
  }
  return rows;
}

export async function writeEmassPoam(pkg: VerifiedPackage, checks: readonly Check[], dir: string, opts: ExportOptions, notes: string[]): Promise<{ files: string[]; summary: Record<string, unknown> }> {
  if (opts.relevance !== undefined && !(LEVELS as readonly string[]).includes(opts.relevance)) {
    throw new UserError(`--relevance must be one of ${LEVELS.join(', ')}; got "${opts.relevance}"`, { exitCode: 2 });
  }
  let ext = '.xlsx';
  let templateBytes: Buffer | undefined;
  if (opts.template !== undefined) {
    ext = extname(opts.template).toLowerCase();
    if (ext !== '.xlsx' && ext !== '.xlsm') throw new UserError('must be an Excel workbook (.xlsx or .xlsm), as eMASS exports the POA&M template', { file: opts.template, exitCode: 2 });
    templateBytes = readUserFile(opts.template, TEMPLATE_READ_LIMIT);
  }
  const poam = readPoam(pkg);
  let office = opts.office;
  if (office === undefined) {
    office = officeFromSsp(pkg);
    if (office !== undefined) notes.push(`Office/Org of every item: "${office}", the SSP's ISSO (or system owner); --office "Organization, First Last, Phone, Email" sets it`);
  }

  // The workbook first: its layout decides where Devices Affected go.
  const label = opts.template ?? 'the legacy eMASS POA&M layout';
  const book = await Workbook.open(templateBytes ?? (await legacyTemplate({ now: opts.now, systemName: poam.systemName })), label);
  const layout = findLayout(book.view().rows, label);
  if (templateBytes) {
    const taken = book.firstValueFrom(layout.headerRow + 1);
    if (taken) throw new UserError(`is not blank: cell ${taken} below the header row (row ${layout.headerRow}) holds a value; export into a blank POA&M template as eMASS exports it`, { file: label });
  } else {
    notes.push(`no --template: the legacy eMASS POA&M layout was written (22 columns, header row ${LEGACY_HEADER_ROW}); eMASS rejects templates that are not current, so export your blank template from eMASS and pass it with --template`);
  }
  const hasDevices = layout.columns.devicesAffected !== undefined;
  if (!hasDevices) notes.push('the workbook has no "Devices Affected" column: each item\'s devices are listed in its Comments');
  if (opts.relevance === undefined) notes.push('no --relevance: Relevance of Threat, Likelihood and Residual Risk Level are left blank (eMASS\'s matrix needs the relevance of the threat, which only the organisation can judge)');
  const missing = (['control', 'office', 'securityChecks', 'resources', 'source', 'comments', 'rawSeverity', 'relevance', 'likelihood', 'residualRisk'] as const).filter((f) => layout.columns[f] === undefined);
  if (missing.length) notes.push(`the workbook has no column for ${missing.map((f) => `"${HEADER_TEXTS[f][0]}"`).join(', ')}: those values are not written`);
  if (layout.unfilled.length) notes.push(`columns left blank (ato-evidence has nothing for them): ${layout.unfilled.join('; ')}`);

  const checkMap = new Map(checks.map((c) => [c.id, c]));
  const inputs = {
    systemName: poam.systemName,
    packageDigest: pkg.packageDigest,
    assessedAt: poam.assessedAt || opts.now,
    checks: checkMap,
    deviceOs: poam.deviceOs,
    ...(office !== undefined ? { office } : {}),
    ...(opts.resources !== undefined ? { resources: opts.resources } : {}),
    ...(opts.relevance !== undefined ? { relevance: opts.relevance as Level } : {}),
  };
  const items = poam.entries.map((e) => emassItem(e, inputs, hasDevices));
  checkEmassRules(items);
  const rows = itemRows(items, layout);
  const bytes = await book.fill({ firstRow: layout.headerRow + 1, rows }, new Date(opts.now));
  const name = `emass-poam${ext}`;
  writeFileSync(join(dir, name), bytes, { flag: 'wx' });
  const byStatus: Record<string, number> = {};
  for (const it of items) byStatus[it.status] = (byStatus[it.status] ?? 0) + 1;
  return {
    files: [name],
    summary: { layout: templateBytes ? `template ${opts.template}` : 'legacy', headerRow: layout.headerRow, firstDataRow: layout.headerRow + 1, items: items.length, rows: rows.length, byStatus },
  };
}
