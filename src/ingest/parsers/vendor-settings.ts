// The vendor settings file: what Windows does not know about the console (device identity,
// patient-data export to removable media, DICOM application entities and their TLS mode, syslog,
// service access and two-factor, software version, user roles). Its format is this project's,
// documented in docs/ingest.md, in two spellings of the same keys:
//
// JSON: { "format": "ato-evidence-vendor-settings/1", "device": { "id": "MR-01", ... },
//         "dicom": { "applicationEntities": [ { "aeTitle": "PACS", "role": "remote", "tls": "none" } ] },
//         "users": [ { "name": "radtech", "role": "clinical" } ], ... }
// CSV:  key,value
//       format,ato-evidence-vendor-settings/1
//       device.id,MR-01
//       dicom.ae[PACS].role,remote
//       users[radtech].role,clinical
//
// Unknown keys are errors (a typo must not silently drop a setting).
import type { ExportInput, ExportKind, ExportParser, PathSeg } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { isObject, parseJsonLocated, type JsonValue } from '../json-located.js';
import { readCsvTable } from '../csv.js';
import { isRfc3339 } from '../datetime.js';
import { isCalendarDate } from '../../io/dates.js';
import { FactSink, own, parseIntStrict, quoted } from './common.js';

export const VENDOR_FORMAT = 'ato-evidence-vendor-settings/1';
const EXPECTED = `a vendor settings file (JSON or key,value CSV with format ${VENDOR_FORMAT})`;

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  if (/"format"\s*:\s*"ato-evidence-vendor-settings\//.test(t)) return 'vendor-settings';
  if (/^\s*"?key"?\s*,\s*"?value"?\s*\r?\n(?:.*\r?\n)*?\s*"?format"?\s*,\s*"?ato-evidence-vendor-settings\//i.test(t)) return 'vendor-settings';
  return null;
}

type FieldType = 'string' | 'int' | 'port' | 'count' | 'bool' | 'datetime' | 'day' | 'strings' | readonly string[];

interface Field {
  type: FieldType;
  paths: (id: string) => PathSeg[][];
}

const p = (...segs: PathSeg[]) => () => [segs];
const DEVICE_KINDS = ['MR', 'CT', 'XR', 'US', 'NM', 'PET', 'LAB', 'OTHER'] as const;

const SCALARS: Record<string, Field> = {
  collectedAt: { type: 'datetime', paths: p('collectedAt') },
  'device.id': { type: 'string', paths: p('device', 'id') },
  'device.kind': { type: DEVICE_KINDS, paths: p('device', 'kind') },
  'device.manufacturer': { type: 'string', paths: p('device', 'manufacturer') },
  'device.model': { type: 'string', paths: p('device', 'model') },
  'device.serial': { type: 'string', paths: p('device', 'serial') },
  'device.softwareVersion': { type: 'string', paths: () => [['device', 'softwareVersion'], ['hardening', 'updates', 'vendorSoftware', 'installedVersion']] },
  'device.hostname': { type: 'string', paths: p('device', 'hostname') },
  'device.location': { type: 'string', paths: p('device', 'location') },
  'removableMedia.patientDataExport': { type: ['enabled', 'disabled'], paths: p('hardening', 'removableMedia', 'patientDataExport') },
  'removableMedia.encryptExport': { type: 'bool', paths: p('hardening', 'removableMedia', 'encryptExport') },
  'software.latestVersion': { type: 'string', paths: p('hardening', 'updates', 'vendorSoftware', 'latestVersion') },
  'software.latestReleasedOn': { type: 'day', paths: p('hardening', 'updates', 'vendorSoftware', 'latestReleasedOn') },
  'software.installedOn': { type: 'datetime', paths: p('hardening', 'updates', 'vendorSoftware', 'installedOn') },
  'syslog.enabled': { type: 'bool', paths: p('audit', 'syslog', 'enabled') },
  'syslog.server': { type: 'string', paths: p('audit', 'syslog', 'server') },
  'syslog.port': { type: 'port', paths: p('audit', 'syslog', 'port') },
  'syslog.transport': { type: ['udp', 'tcp', 'tls'], paths: p('audit', 'syslog', 'transport') },
  'syslog.lastSuccessfulSendAt': { type: 'datetime', paths: p('audit', 'syslog', 'lastSuccessfulSendAt') },
  'serviceAccess.twoFactor': { type: 'bool', paths: p('access', 'serviceAccess', 'twoFactor') },
  'serviceAccess.method': { type: 'string', paths: p('access', 'serviceAccess', 'method') },
  'serviceAccess.activeRevokedKeys': { type: 'count', paths: p('access', 'serviceAccess', 'activeRevokedKeys') },
  'serviceAccess.remoteServiceEnabled': { type: 'bool', paths: p('access', 'serviceAccess', 'remoteServiceEnabled') },
  'ldap.enabled': { type: 'bool', paths: p('access', 'ldap', 'enabled') },
  'ldap.servers': { type: 'strings', paths: p('access', 'ldap', 'servers') },
  'ldap.transport': { type: ['ldaps', 'starttls', 'plain'], paths: p('access', 'ldap', 'transport') },
  'ldap.signing': { type: ['required', 'negotiate', 'none'], paths: p('access', 'ldap', 'signing') },
  'ldap.bindDn': { type: 'string', paths: p('access', 'ldap', 'bindDn') },
  'screenLock.applicationLockSecs': { type: 'count', paths: p('access', 'screenLock', 'applicationLockSecs') },
  'screenLock.noLockDuringAcquisition': { type: 'bool', paths: p('access', 'screenLock', 'noLockDuringAcquisition') },
  'dicom.revocationChecking': { type: ['none', 'crl', 'ocsp', 'crl-and-ocsp'], paths: p('encryption', 'dicom', 'revocationChecking') },
};
for (const scope of ['local', 'ldap']) {
  for (const f of ['minLength', 'maxLength', 'history', 'minAgeDays']) SCALARS[`passwordPolicy.${scope}.${f}`] = { type: 'count', paths: p('access', 'passwordPolicy', scope, f) };
  SCALARS[`passwordPolicy.${scope}.maxAgeDays`] = { type: 'int', paths: p('access', 'passwordPolicy', scope, 'maxAgeDays') };
  for (const f of ['complexity', 'reversibleEncryption']) SCALARS[`passwordPolicy.${scope}.${f}`] = { type: 'bool', paths: p('access', 'passwordPolicy', scope, f) };
  for (const f of ['threshold', 'resetMinutes']) SCALARS[`lockoutPolicy.${scope}.${f}`] = { type: 'count', paths: p('access', 'lockoutPolicy', scope, f) };
  SCALARS[`lockoutPolicy.${scope}.durationMinutes`] = { type: 'int', paths: p('access', 'lockoutPolicy', scope, 'durationMinutes') };
}

interface Group {
  /** JSON array property (dotted) and the property of each item that identifies it (or null: 1-based index). */
  jsonArray: string;
  idProp: string | null;
  /** Flat key prefix: `${prefix}[id].field`. */
  prefix: string;
  arrayPath: string[];
  elPrefix: string;
  idField: string | null;
  fields: Record<string, FieldType>;
  required: string[];
}

const GROUPS: Group[] = [
  {
    jsonArray: 'dicom.applicationEntities', idProp: 'aeTitle', prefix: 'dicom.ae', arrayPath: ['encryption', 'dicom', 'applicationEntities'], elPrefix: 'ae:', idField: 'aeTitle',
    fields: { role: ['local', 'remote'], host: 'string', port: 'port', tls: ['none', 'authentication', 'encryption', 'authentication-and-encryption'], purpose: 'string' },
    required: ['role', 'tls'],
  },
  {
    jsonArray: 'users', idProp: 'name', prefix: 'users', arrayPath: ['access', 'accounts'], elPrefix: 'user:', idField: 'name',
    fields: { role: ['clinical', 'hospital-administrator', 'service-technician', 'system', 'unknown'], enabled: 'bool', patientDataAccess: 'bool', source: ['local', 'ldap'], groups: 'strings' },
    required: ['role'],
  },
  {
    jsonArray: 'certificates', idProp: null, prefix: 'certificates', arrayPath: ['encryption', 'certificates'], elPrefix: 'cert:', idField: null,
    fields: { subject: 'string', issuer: 'string', notAfter: 'datetime', keyAlgorithm: 'string', keySize: 'count', trustedIssuer: 'bool', purpose: 'string' },
    required: ['subject', 'issuer', 'notAfter', 'keyAlgorithm', 'keySize'],
  },
];

interface Entry {
  key: string;
  value: JsonValue;
  location: string;
  where: string;
  /** Values from CSV are text and are converted; JSON values must have the right type. */
  fromText: boolean;
}

function convert(sink: FactSink, e: Entry, type: FieldType): string | number | boolean | string[] {
  const bad = (what: string): never => sink.fail(`expected ${what} for "${e.key}", found ${quoted(e.value)}`, e.where);
  const v = e.value;
  if (Array.isArray(type)) {
    if (typeof v !== 'string' || !type.includes(v)) return bad(`one of ${type.join(', ')}`);
    return v;
  }
  switch (type) {
    case 'string':
      if (typeof v !== 'string' || v.trim() === '') return bad('a non-empty string');
      return v;
    case 'datetime':
      if (typeof v !== 'string' || !isRfc3339(v)) return bad('an RFC 3339 date-time with offset, e.g. 2024-03-01T10:15:00+01:00');
      return v;
    // A release day as the vendor publishes it (YYYY-MM-DD, no zone) is kept as written: a check
    // judges it in every zone (docs/checks.md, max-age-days); midnight UTC would be an invented instant.
    case 'day':
      if (typeof v !== 'string' || !(isRfc3339(v) || isCalendarDate(v))) return bad('a day as YYYY-MM-DD, or an RFC 3339 date-time with offset');
      return v;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (e.fromText && typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      return bad('true or false');
    case 'int':
    case 'count':
    case 'port': {
      const n = typeof v === 'number' ? v : e.fromText && typeof v === 'string' ? parseIntStrict(v) : undefined;
      if (n === undefined || !Number.isInteger(n)) return bad('an integer');
      if (type === 'count' && n < 0) return bad('an integer >= 0');
      if (type === 'port' && (n < 1 || n > 65535)) return bad('a port number 1-65535');
      return n;
    }
    case 'strings':
      if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
      if (e.fromText && typeof v === 'string') return v.split(';').map((s) => s.trim()).filter((s) => s !== '');
      return bad(e.fromText ? 'a ;-separated list' : 'an array of strings');
  }
  return bad('a value');
}

function flattenJson(sink: FactSink, text: string, file: string): Entry[] {
  const json = parseJsonLocated(text, file);
  if (!isObject(json.value)) sink.fail(`expected ${EXPECTED}: a JSON object`, 'line 1');
  const out: Entry[] = [];
  const line = (ptr: string): string => `line ${json.lineOf(ptr) ?? 1}`;
  const walk = (v: JsonValue, dotted: string, ptr: string): void => {
    const group = GROUPS.find((g) => g.jsonArray === dotted);
    if (group) {
      if (!Array.isArray(v)) sink.fail(`expected "${dotted}" to be an array`, line(ptr));
      v.forEach((item, i) => {
        const ip = `${ptr}/${i}`;
        if (!isObject(item)) sink.fail(`expected an object in "${dotted}"`, line(ip));
        let id: string;
        if (group.idProp) {
          const idv = item[group.idProp];
          if (typeof idv !== 'string' || idv.trim() === '') sink.fail(`expected "${group.idProp}" (a non-empty string) in each item of "${dotted}"`, line(ip));
          id = idv;
        } else id = String(i + 1);
        for (const [k, fv] of Object.entries(item)) {
          if (k === group.idProp) continue;
          out.push({ key: `${group.prefix}[${id}].${k}`, value: fv, location: `${ip}/${k}, ${line(`${ip}/${k}`)}`, where: line(`${ip}/${k}`), fromText: false });
        }
        out.push({ key: `${group.prefix}[${id}]`, value: id, location: `${ip}, ${line(ip)}`, where: line(ip), fromText: false });
      });
      return;
    }
    if (isObject(v) && !Object.hasOwn(SCALARS, dotted)) {
      for (const [k, c] of Object.entries(v)) walk(c, dotted ? `${dotted}.${k}` : k, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      return;
    }
    out.push({ key: dotted, value: v, location: `${ptr}, ${line(ptr)}`, where: line(ptr), fromText: false });
  };
  walk(json.value, '', '');
  return out;
}

function flattenCsv(text: string, file: string): Entry[] {
  // Written by the vendor or by hand: empty lines between rows are layout, not a second export.
  const table = readCsvTable(text, file, EXPECTED, ['key', 'value'], { emptyLines: true });
  const out: Entry[] = [];
  const ids = new Set<string>();
  for (const row of table.rows) {
    const key = (row.get('key') ?? '').trim();
    if (key === '' || key.startsWith('#')) continue;
    // The prefix holds no "[" (no group's does): "(.+?)\[" tried every "[" of a key as its end,
    // each time to the end of the key, and a key of many "[" took seconds.
    const gm = /^([^[]+)\[([^\]]+)\]\.(.+)$/.exec(key);
    if (gm && !ids.has(`${gm[1]}[${gm[2]}]`)) {
      ids.add(`${gm[1]}[${gm[2]}]`);
      out.push({ key: `${gm[1]}[${gm[2]}]`, value: gm[2] as string, location: `${gm[1]}[${gm[2]}], line ${row.line}`, where: `line ${row.line}`, fromText: true });
    }
    out.push({ key, value: row.get('value') ?? '', location: `${key}, line ${row.line}`, where: `line ${row.line}`, fromText: true });
  }
  return out;
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const isJson = /^\s*\{/.test(d.text);
  const entries = isJson ? flattenJson(sink, d.text, input.name) : flattenCsv(d.text, input.name);
  const format = entries.find((e) => e.key === 'format');
  if (!format || format.value !== VENDOR_FORMAT) sink.fail(`expected "format" ${VENDOR_FORMAT}, found ${quoted(format?.value ?? null)}`, format?.where ?? 'line 1');
  const seen = new Map<string, string>();
  const groupFields = new Map<string, { group: Group; id: string; where: string; fields: Set<string> }>();
  for (const e of entries) {
    if (e.key === 'format') continue;
    if (seen.has(e.key)) sink.fail(`"${e.key}" is given twice (first at ${seen.get(e.key)})`, e.where);
    seen.set(e.key, e.where);
    if (e.key === 'ldap.bindPassword') {
      sink.warn(`${e.location}: the LDAP bind password is a secret and is not read`);
      continue;
    }
    const scalar = own(SCALARS, e.key);
    if (scalar) {
      if (e.value === null) continue;
      const v = convert(sink, e, scalar.type);
      for (const path of scalar.paths('')) sink.add(path, v, e.location);
      continue;
    }
    const gm = /^([^[]+)\[([^\]]+)\](?:\.(.+))?$/.exec(e.key); // linear: see flattenCsv
    const group = gm ? GROUPS.find((g) => g.prefix === gm[1]) : undefined;
    if (gm && group) {
      const id = (gm[2] as string).trim();
      const field = gm[3];
      const el = { el: `${group.elPrefix}${id.toLowerCase()}` };
      const gkey = `${group.prefix}[${id.toLowerCase()}]`;
      const info = groupFields.get(gkey) ?? { group, id, where: e.where, fields: new Set<string>() };
      groupFields.set(gkey, info);
      if (field === undefined) {
        if (group.idField) sink.add([...group.arrayPath, el, group.idField], id, e.location);
        continue;
      }
      const type = own(group.fields, field);
      if (type === undefined) sink.fail(`unknown key "${e.key}" (fields of ${group.prefix}[...]: ${Object.keys(group.fields).join(', ')})`, e.where);
      if (e.value === null) continue;
      info.fields.add(field);
      sink.add([...group.arrayPath, el, field], convert(sink, e, type), e.location);
      continue;
    }
    sink.fail(`unknown key "${e.key}" (see docs/ingest.md for the vendor settings keys)`, e.where);
  }
  for (const { group, id, where, fields } of groupFields.values()) {
    const missing = group.required.filter((r) => !fields.has(r));
    if (missing.length > 0) sink.fail(`${group.prefix}[${id}] is missing ${missing.map((m) => `"${m}"`).join(', ')}`, where);
  }
  // The vendor's users are its application's users, not every Windows account; its DICOM nodes
  // and certificates are the whole configuration it exports.
  const groupsGiven = new Set([...groupFields.values()].map((g) => g.group));
  for (const g of GROUPS) {
    if (!groupsGiven.has(g) && !entries.some((e) => e.key === g.jsonArray)) continue;
    const scope = g.arrayPath.join('.');
    if (scope === 'access.accounts') sink.cover(scope, false, { note: "the vendor application's users and their roles, not every Windows account" });
    else sink.cover(scope, true, { note: "the vendor's configuration export" });
  }
  return sink.result('vendor-settings');
}

export const vendorSettingsParser: ExportParser = { kinds: ['vendor-settings'], sniff, parse };
