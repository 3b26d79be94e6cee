// `ato-evidence export <format> PKG --out DIR`, the edge: verify the package, read what the format
// needs from it, write the derived files into a staged folder beside DIR and rename it into place.
// Nothing is written into PKG (its manifest stays as sealed, so `verify PKG` still passes) and a
// failure leaves nothing behind.
import { closeSync, openSync, realpathSync, writeFileSync, writevSync } from 'node:fs';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { loadCatalog } from '../catalog/load-checks.js';
import { checksWithValues, valuesOfParameterTexts } from '../catalog/check-texts.js';
import type { ControlIndex } from '../catalog/control-index.js';
import { validateCheckIds } from '../catalog/check-objectives.js';
import { readCatalogDoc, runControlIndex } from '../assess/config.js';
import { displayPath } from '../seal/seal.js';
import { controlInfo } from '../catalog/objectives.js';
import { leavesNoCheckShows } from '../assess/controls.js';
import { loadStigData, type StigData } from '../catalog/stig.js';
import { oneLine, UserError } from '../io/errors.js';
import { FileSink, writeJsonStream } from '../io/json-stream.js';
import { stageOutputDir } from '../io/package-dir.js';
import { EXPORT_MARKER, refuseInsideSealed } from '../io/output-safety.js';
import { PROJECT_NAMESPACE, PROJECT_NS, uuidV5 } from '../oscal/ids.js';
import { statedOdpValues } from '../oscal/set-parameters.js';
import { SSP_FILE } from '../oscal/ssp.js';
import { withSelectionsShown } from '../catalog/selection-shown.js';
import { countStatuses, deviceVerdicts, ruleCoverage, type ChecklistStatus } from './checklist.js';
import { cklDocument, cklParts, type AssetInfo } from './ckl.js';
import { cklbParts } from './cklb.js';
import { buildHdf, presentChecks, shownInPartBy } from './hdf.js';
import { openVerifiedPackage, readSealedFile, type VerifiedPackage } from './package.js';
import { AR_FILE, packageParameterTexts, readPackageResults, withDeviceSources, type ExportDevice, type PackageResults } from './results.js';
import { isObj } from './props.js';
import type { Provenance } from '../snapshot/types.js';
import type { ParameterDef } from '../catalog/types.js';

export const EXPORT_FORMATS = ['ckl', 'cklb', 'hdf', 'emass-poam'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  pkg: string;
  out: string;
  force: boolean;
  toolVersion: string;
  /** RFC 3339; the export's own date (the eMASS workbook's "Date Exported"). */
  now: string;
  checksFile?: string;
  /** The control catalog (OSCAL) the package was assessed with (assess --catalog), if not the bundled rev5 index. */
  catalogFile?: string;
  publicKeyFile?: string;
  /** emass-poam */
  template?: string;
  office?: string;
  resources?: string;
  relevance?: string;
}

export interface ExportOutcome {
  format: ExportFormat;
  out: string;
  /** Files written, relative to out. */
  files: string[];
  packageDigest: string;
  /** The package's signature as checked (verify's statuses): `not-checked` when signed and no --public-key was given. */
  signature: string;
  /** ckl / cklb: rule statuses per device; hdf: results and controls. */
  summary: Record<string, unknown>;
  notes: string[];
}

/** OUT must be outside PKG, and PKG outside OUT (replacing OUT with --force would remove it). */
function checkPaths(pkg: string, out: string): void {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const p = real(pkg);
  const o = join(real(resolve(out, '..')), resolve(out).split(sep).pop()!);
  const inside = (child: string, parent: string) => {
    const r = relative(parent, child);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  if (inside(o, p)) throw new UserError('is inside the package folder: exports are written beside the package, never into it (its manifest must stay as sealed)', { file: out, exitCode: 2 });
  if (inside(p, o)) throw new UserError(`contains the package ${pkg}: choose an --out folder outside it`, { file: out, exitCode: 2 });
  refuseInsideSealed([{ name: '--out', path: out }]);
}

/** A file name for a device id (ids may hold characters a file system refuses). */
export function deviceFileName(id: string, used: Set<string>, ext: string): string {
  const base = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'device';
  let name = `${base}${ext}`;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}${ext}`;
  used.add(name.toLowerCase());
  return name;
}

/** The asset section of a device's checklist: what its snapshot says (host name; IP and MAC are not collected). */
export function assetOf(device: ExportDevice, hostname: string | undefined, location: string | undefined): AssetInfo {
  const what = [device.vendor, device.model].filter(Boolean).join(' ');
  const comment = [
    `ato-evidence device ${device.id}${what ? `: ${what}` : ''}${device.kind ? ` (${device.kind} console)` : ''}`,
    device.serial ? `serial ${device.serial}` : '',
    device.softwareVersion ? `software ${device.softwareVersion}` : '',
    device.os ? `OS ${device.os}` : '',
    location ? `location ${location}` : '',
    device.collectedAt ? `snapshot collected ${device.collectedAt}` : '',
    'IP and MAC addresses are not collected by ato-evidence snapshots',
  ].filter(Boolean).join('; ');
  // The snapshot's words (vendor, model, location, host name) are shown as in the rule details: no raw control or bidi
  // character; and in one line, as these are one-line fields (a host name "x\r\n=cmd" is no second line).
  const host = oneLine(hostname ?? device.id);
  return {
    role: 'Workstation',
    hostName: host.includes('.') ? host.split('.')[0]! : host,
    hostIp: '',
    hostMac: '',
    hostFqdn: host.includes('.') ? host : '',
    targetComment: oneLine(comment),
    techArea: 'Windows OS',
    targetKey: '',
  };
}

/** Host name, location and the provenance table of its values, from the device's evidence copy (sealed in the package). */
function snapshotFacts(pkg: VerifiedPackage, device: ExportDevice, notes: string[]): { hostname?: string; location?: string; provenance?: Record<string, Provenance> } {
  if (!device.evidenceHref) {
    notes.push(`${device.id}: no evidence snapshot in the package; the checklist's host name is the device id`);
    return {};
  }
  const bytes = readSealedFile(pkg, device.evidenceHref);
  let snap: unknown;
  try {
    snap = JSON.parse(bytes.toString('utf8'));
  } catch {
    notes.push(`${device.id}: ${device.evidenceHref} is not JSON; the checklist's host name is the device id`);
    return {};
  }
  const d = (snap as { device?: { hostname?: unknown; location?: unknown } }).device;
  const provenance = (snap as { provenance?: unknown }).provenance;
  return {
    ...(isObj(provenance) ? { provenance: provenance as Record<string, Provenance> } : {}),
    ...(typeof d?.hostname === 'string' && d.hostname ? { hostname: d.hostname } : {}),
    ...(typeof d?.location === 'string' && d.location ? { location: d.location } : {}),
  };
}

function writeChecklists(format: 'ckl' | 'cklb', pkg: VerifiedPackage, results: PackageResults, dir: string, data: StigData, toolVersion: string, notes: string[], parameters: ReadonlyMap<string, ParameterDef>): { files: string[]; summary: Record<string, unknown> } {
  const ns = uuidV5(`package:${pkg.packageDigest}`, PROJECT_NAMESPACE);
  const stigUuid = uuidV5(`stig:${data.stig.id}:V${data.stig.version}R${data.stig.release}`, ns);
  const coverage = ruleCoverage(results.checks, data);
  const used = new Set<string>();
  const files: string[] = [];
  const perDevice: Record<string, Record<ChecklistStatus, number>> = {};
  const targetKey = data.rules[0]?.targetKey ?? '';
  results.devices.forEach((device, d) => {
    const facts = snapshotFacts(pkg, device, notes);
    const asset = { ...assetOf(device, facts.hostname, facts.location), targetKey };
    const verdicts = deviceVerdicts(device, results.checks, coverage, data, (c) => withDeviceSources(results.result(d, c), facts.provenance), parameters, results.runParameters);
    const name = deviceFileName(device.id, used, `.${format}`);
    const parts = format === 'ckl'
      ? cklParts(cklDocument(asset, verdicts, data, stigUuid, `ato-evidence :: ${toolVersion}`))
      : cklbParts(name.replace(/\.cklb$/, ''), asset, verdicts, data, {
        checklist: uuidV5(`checklist:${device.id}`, ns),
        stig: stigUuid,
        rule: (vulnId) => uuidV5(`rule:${device.id}:${vulnId}`, ns),
      });
    writeParts(join(dir, name), parts);
    files.push(name);
    perDevice[device.id] = countStatuses(verdicts);
  });
  return { files, summary: { stig: `${data.stig.id} V${data.stig.version}R${data.stig.release}`, rules: data.rules.length, devices: perDevice } };
}

/** Writes a new file from pieces with vectored writes (the rule data is shared between files). */
function writeParts(path: string, parts: Buffer[]): void {
  const fd = openSync(path, 'wx');
  try {
    for (let i = 0; i < parts.length; i += 512) {
      let batch = parts.slice(i, i + 512);
      let left = batch.reduce((n, b) => n + b.length, 0);
      while (left > 0) {
        const n = writevSync(fd, batch);
        left -= n;
        if (left === 0) break;
        // A short write: drop what was written and go on with the rest.
        let skip = n;
        while (skip >= batch[0]!.length) skip -= batch.shift()!.length;
        if (skip) batch[0] = batch[0]!.subarray(skip);
      }
    }
  } finally {
    closeSync(fd);
  }
}

export const HDF_FILE = 'hdf.json';

/**
 * The control objectives the package was judged by: --catalog's over the bundled index, as assess
 * read them, so HDF's nist_in_part says what the AR and SSP say. A package assessed with another
 * catalog than the one given (or than the bundled index, without --catalog) is refused: its
 * objectives would not be the AR's.
 */
function packageControlIndex(pkg: VerifiedPackage, results: PackageResults, catalogFile: string | undefined, notes: string[]): ControlIndex {
  const index = runControlIndex(readCatalogDoc(catalogFile), results.checks, notes);
  validateCheckIds(results.checks, index, 'the check catalog', catalogFile ?? 'controls/rev5-index.json');
  const stated = results.catalogSource;
  if (stated && catalogFile === undefined && stated !== index.source) {
    throw new UserError(`the package was assessed with the control catalog ${stated}; pass it with --catalog so the HDF's objectives are the assessment results'`, { file: displayPath(pkg.dir, AR_FILE) });
  }
  if (stated && catalogFile !== undefined && stated !== index.source) notes.push(`the package names its control catalog ${stated}; --catalog gave ${index.source}`);
  if (!results.profileAdded.size) return index;
  // The requirements the package's --profile added to its controls (the AR findings' profile-added):
  // leaves no check shows, so nist_in_part flags those controls as the AR's findings do.
  const controls = { ...index.controls };
  for (const [id, added] of results.profileAdded) {
    const e = controls[id];
    if (e) controls[id] = { ...e, added: added.map((a) => ({ id: a, text: a })) };
  }
  return { ...index, controls };
}

/**
 * The organisation-defined parameters the package's run defined, with their values, as its sealed
 * ssp.json states them (set-parameters, where its metadata says they are every one the run defined).
 * None where the package has no such SSP: a selection is then read as unmade, never as made.
 */
function packageOdpValues(pkg: VerifiedPackage): Map<string, string> {
  if (!pkg.entries.has(SSP_FILE)) return new Map();
  let text: string;
  try {
    text = readSealedFile(pkg, SSP_FILE).toString('utf8');
  } catch {
    return new Map(); // as before the reader was shared: an unreadable plan states none
  }
  return statedOdpValues(text) ?? new Map();
}

function writeHdf(pkg: VerifiedPackage, results: PackageResults, dir: string, toolVersion: string, parameters: ReadonlyMap<string, ParameterDef>, index: ControlIndex): { files: string[]; summary: Record<string, unknown> } {
  const sink = new FileSink(join(dir, HDF_FILE));
  // HDF goes check by check: each device's provenance table is read once, the first time a
  // grouped result of it needs its sources (never for a package without provenance).
  const tables = new Map<number, Record<string, Provenance> | undefined>();
  const result = (d: number, c: number) => {
    const r = results.result(d, c);
    if (!r?.valuesRead) return r;
    if (!tables.has(d)) tables.set(d, snapshotFacts(pkg, results.devices[d]!, []).provenance);
    return withDeviceSources(r, tables.get(d));
  };
  try {
    // The checks as the run judged them: an objective inserting a selection the run left unmade
    // (or made otherwise than a pass shows) shown only in part, as the AR holds it.
    const stated = packageOdpValues(pkg);
    const checks = withSelectionsShown(results.checks, index, (odp) => stated.get(odp));
    const left = new Map<string, readonly string[]>();
    const leftToAssessor = (id: string) => left.get(id) ?? (left.set(id, leavesNoCheckShows(id, checks, controlInfo(index, id))), left.get(id)!);
    const shownInPartOn = shownInPartBy(checks, results.devices, results.status, (id) => controlInfo(index, id));
    writeJsonStream(buildHdf({ ...results, checks, status: results.status, result, toolVersion, leftToAssessor, shownInPartOn, parameters }), sink);
  } finally {
    sink.close();
  }
  return { files: [HDF_FILE], summary: { controls: presentChecks(results).length, devices: results.devices.length } };
}

export async function runExport(opts: ExportOptions): Promise<ExportOutcome> {
  checkPaths(opts.pkg, opts.out);
  const pkg = openVerifiedPackage(opts.pkg, opts.publicKeyFile);
  const catalog = loadCatalog(opts.checksFile !== undefined ? { checksFile: opts.checksFile } : {});
  const notes: string[] = [];
  const staged = stageOutputDir(opts.out, opts.force, (m) => notes.push(m));
  try {
    let written: { files: string[]; summary: Record<string, unknown> };
    if (opts.format === 'emass-poam') {
      const { writeEmassPoam } = await import('./emass-run.js');
      // The descriptions it states (Impact Description) with the values the package was judged with.
      const checks = checksWithValues(catalog.checks, catalog.parameters, valuesOfParameterTexts(packageParameterTexts(pkg), catalog.parameters));
      written = await writeEmassPoam(pkg, checks, staged.path, opts, notes);
    } else {
      const results = readPackageResults(pkg, catalog.checks, staged.path);
      try {
        notes.push(...results.notes);
        // Titles and remediations as the package states them: with the values it was judged with.
        results.checks = checksWithValues(results.checks, catalog.parameters, valuesOfParameterTexts(results.parameterTexts, catalog.parameters));
        const parameters = new Map(catalog.parameters.map((p) => [p.id, p]));
        written = opts.format === 'hdf'
          ? writeHdf(pkg, results, staged.path, opts.toolVersion, parameters, packageControlIndex(pkg, results, opts.catalogFile, notes))
          : writeChecklists(opts.format, pkg, results, staged.path, loadStigData(), opts.toolVersion, notes, parameters);
      } finally {
        results.close();
      }
    }
    // The list of what this export wrote: lets a later --force replace this folder, and no other.
    writeFileSync(join(staged.path, EXPORT_MARKER), `${JSON.stringify({ exportVersion: 1, format: opts.format, packageDigest: pkg.packageDigest, files: [...written.files].sort() }, null, 2)}\n`);
    staged.commit();
    return { format: opts.format, out: opts.out, files: written.files, packageDigest: pkg.packageDigest, signature: pkg.signature, summary: written.summary, notes };
  } catch (e) {
    staged.discard();
    throw e;
  }
}
