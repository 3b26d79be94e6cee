// Firewall state exported by PowerShell with Export-Csv:
// - Get-NetFirewallProfile -PolicyStore ActiveStore (one row per profile)
// - Get-NetFirewallRule -PolicyStore ActiveStore joined with Get-NetFirewallPortFilter and
//   Get-NetFirewallAddressFilter (one row per rule; array properties joined with ",").
// Booleans are "True"/"False". In the active store "NotConfigured" means Windows' built-in default
// applies, which is recorded in the provenance; in a Group Policy or local store (an export made
// without -PolicyStore ActiveStore) it only means that store does not set it. A profile's
// NotConfigured default is therefore `activeStoreOnly`: merge keeps it only where collection.json
// shows collect.ps1 (which asks for the active store) wrote the file.
import type { ExportInput, ExportKind, ExportParser, ParsedExport } from '../types.js';
import { sha256Hex } from '../../oscal/ids.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { readCsvTable, sniffCsvHeader, type CsvRow } from '../csv.js';
import { coverCsv, FactSink, unexpandedObject, FIREWALL_LOG_MAX_KB, isFirewallPortItem, own, parseFirewallLogSizeKB, parsePsBool, quoted } from './common.js';
import { FIREWALL_PROTOCOL_NAMES } from '../../snapshot/known-values.js';
import { isRemoteAddressEntry, REMOTE_ADDRESS_KEYWORDS } from '../../evaluate/address-span.js';

const EXPECTED_PROFILES = 'a Get-NetFirewallProfile CSV (Export-Csv)';
const EXPECTED_RULES = 'a Get-NetFirewallRule CSV with port filters (columns Name, Enabled, Direction, Action, Protocol, LocalPort)';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  const h = sniffCsvHeader(t);
  if (!h) return null;
  if (h.includes('defaultinboundaction') || (h.includes('name') && h.includes('logmaxsizekilobytes'))) return 'firewall-profiles-csv';
  if (h.includes('direction') && h.includes('action') && (h.includes('name') || h.includes('displayname'))) return 'firewall-rules-csv';
  return null;
}

function rejectArrays(sink: FactSink, row: CsvRow, columns: string[]): void {
  for (const c of columns) {
    const v = row.get(c);
    if (v !== undefined && unexpandedObject(v)) {
      sink.fail(`column "${c}" holds ${quoted(v)}, what PowerShell writes for a list or object it did not expand: the values were not joined before Export-Csv (use collect/collect.ps1, which joins them with ",")`, `line ${row.line}`);
    }
  }
}

const DEFAULTS = { enabled: true, defaultInboundAction: 'block', defaultOutboundAction: 'allow', logAllowedConnections: false, logDroppedPackets: false, logMaxSizeKB: 4096 } as const;

const FIELD_COLUMNS = { enabled: 'Enabled', defaultInboundAction: 'DefaultInboundAction', defaultOutboundAction: 'DefaultOutboundAction', logDroppedPackets: 'LogBlocked', logAllowedConnections: 'LogAllowed', logMaxSizeKB: 'LogMaxSizeKilobytes' } as const;

function parseProfiles(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const activeStoreOnly: NonNullable<ParsedExport['activeStoreOnly']> = [];
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_PROFILES);
  const table = readCsvTable(d.text, input.name, EXPECTED_PROFILES, ['Name', 'Enabled', 'DefaultInboundAction', 'DefaultOutboundAction']);
  if (table.rows.length === 0) sink.fail(`expected ${EXPECTED_PROFILES}: one row per profile, found none`, `line ${table.headerLine}`);
  for (const row of table.rows) {
    const nameText = (row.get('Name') ?? '').trim();
    const name = nameText.toLowerCase();
    if (name !== 'domain' && name !== 'private' && name !== 'public') sink.fail(`expected profile Name Domain, Private or Public, found ${quoted(nameText)}`, `line ${row.line}`);
    const el = { el: name };
    const loc = (col: string, note = ''): string => `line ${row.line}, ${nameText} profile, column ${col}${note}`;
    sink.add(['firewall', 'profiles', el, 'name'], name, loc('Name'));
    const notConfigured = (v: string | undefined): boolean => (v ?? '').trim().toLowerCase() === 'notconfigured';
    const byDefault = (field: keyof typeof DEFAULTS): void => {
      const col = FIELD_COLUMNS[field];
      activeStoreOnly.push({
        fact: { path: ['firewall', 'profiles', el, field], value: DEFAULTS[field], provenance: sink.prov(loc(col, ` (NotConfigured: Windows default ${DEFAULTS[field]})`)) },
        scope: `firewall.profiles[].${field}`,
        note: `gives ${nameText} ${col} as NotConfigured, which is Windows' default (${DEFAULTS[field]}) only in the active store; no collection.json of collect.ps1 (which exports -PolicyStore ActiveStore) lists the file, so its store is not known and in a Group Policy or local store NotConfigured leaves the value to another store`,
      });
    };

    const bool = (col: string, field: 'enabled' | 'logAllowedConnections' | 'logDroppedPackets'): void => {
      const raw = row.get(col);
      if (raw === undefined || raw.trim() === '') return;
      if (notConfigured(raw)) return byDefault(field);
      const b = parsePsBool(raw);
      if (b === undefined) sink.fail(`expected True, False or NotConfigured in column "${col}", found ${quoted(raw)}`, `line ${row.line}`);
      sink.add(['firewall', 'profiles', el, field], b, loc(col));
    };
    const action = (col: string, field: 'defaultInboundAction' | 'defaultOutboundAction'): void => {
      const raw = (row.get(col) ?? '').trim();
      if (notConfigured(raw)) return byDefault(field);
      const a = raw.toLowerCase();
      if (a !== 'block' && a !== 'allow') sink.fail(`expected Block, Allow or NotConfigured in column "${col}", found ${quoted(raw)}`, `line ${row.line}`);
      sink.add(['firewall', 'profiles', el, field], a, loc(col));
    };
    bool('Enabled', 'enabled');
    action('DefaultInboundAction', 'defaultInboundAction');
    action('DefaultOutboundAction', 'defaultOutboundAction');
    bool('LogBlocked', 'logDroppedPackets');
    bool('LogAllowed', 'logAllowedConnections');
    const size = row.get('LogMaxSizeKilobytes');
    if (size !== undefined && size.trim() !== '') {
      if (notConfigured(size)) byDefault('logMaxSizeKB');
      else {
        const v = parseFirewallLogSizeKB(size);
        if (v === undefined) sink.fail(`expected a size in KB (1 to ${FIREWALL_LOG_MAX_KB}, as Windows accepts) in column "LogMaxSizeKilobytes", found ${quoted(size)}`, `line ${row.line}`);
        sink.add(['firewall', 'profiles', el, 'logMaxSizeKB'], v, loc('LogMaxSizeKilobytes'));
      }
    }
  }
  coverCsv(sink, table, [{ scope: 'firewall.profiles' }]);
  return sink.result('firewall-profiles-csv', activeStoreOnly.length ? { activeStoreOnly } : {});
}

const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'ICMPv4', '6': 'TCP', '17': 'UDP', '58': 'ICMPv6' };

/**
 * A protocol name Windows knows, in Windows' spelling ("tcp" is TCP, "icmpv4" ICMPv4; "Any" is
 * written "any", as a port list's); any other value as collected: the evidence carries what the
 * console said ("0x6", not a "0X6" it never wrote), and the evaluator, which compares without case,
 * reads such a value as unrecognised (src/snapshot/known-values.ts).
 */
function protocolName(raw: string): string {
  const lower = raw.toLowerCase();
  if (lower === 'any') return 'any';
  return FIREWALL_PROTOCOL_NAMES.find((n) => n.toLowerCase() === lower) ?? raw;
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return undefined;
  return items.map((s) => (s.toLowerCase() === 'any' ? 'any' : s));
}

function parseRules(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_RULES);
  const table = readCsvTable(d.text, input.name, EXPECTED_RULES, ['Enabled', 'Direction', 'Action', 'Protocol', 'LocalPort']);
  if (!table.header.some((h) => /^(name|displayname)$/i.test(h))) {
    sink.fail(`missing required column "Name" (or "DisplayName") in the header of ${EXPECTED_RULES}`, `line ${table.headerLine}`);
  }
  const seen = new Set<string>();
  // The active store lists a rule of one Name once per store holding it (the local store and a
  // Group Policy's: collect.ps1 joins the filters by InstanceID for that), and every one is in
  // effect; a Name again may also be another export appended. Each row is read as a rule of its
  // own: every check over rules is every/none, so the copy that allows more decides (a fail in
  // either stays a fail), never the one a check would pass on. Other settings are warned, naming
  // both lines, for a reader to tell which case it is.
  const byId = new Map<string, { line: number; values: Array<string | undefined> }>();
  for (const row of table.rows) {
    rejectArrays(sink, row, ['Name', 'DisplayName', 'Profile', 'Protocol', 'LocalPort', 'RemoteAddress', 'Program']);
    const id = (row.get('Name') ?? '').trim();
    const display = (row.get('DisplayName') ?? '').trim();
    const name = display || id;
    if (!name) sink.fail('expected a rule Name or DisplayName, found an empty one', `line ${row.line}`);
    if (id) {
      const values = table.header.map((h) => row.get(h)?.trim());
      const before = byId.get(id.toLowerCase());
      const differ = before ? table.header.filter((_, i) => before.values[i] !== values[i]) : [];
      if (before && differ.length > 0) sink.warn(`line ${row.line}: rule Name ${quoted(id)} is listed again with other settings (column${differ.length > 1 ? 's' : ''} ${differ.map((c) => `"${c}"`).join(', ')}) than on line ${before.line}: the active store holds it from two stores (local and Group Policy), or another export was appended; both are read as rules in effect, so a check fails on either`);
      if (!before) byId.set(id.toLowerCase(), { line: row.line, values });
    }
    // A rule listed again under its Name or DisplayName (a DisplayName-only row per profile) is keyed
    // by its settings, not its line: a row inserted above must not change it. Identical rows stay
    // two rules (#2), never merged into one.
    let key = `rule:${(id || display).toLowerCase()}`;
    if (seen.has(key)) {
      const content = `${key}#${sha256Hex(table.header.map((h) => `${h.toLowerCase()}=${(row.get(h) ?? '').trim()}`).join('\u0000')).slice(0, 16)}`;
      key = content;
      for (let n = 2; seen.has(key); n++) key = `${content}#${n}`;
    }
    seen.add(key);
    const el = { el: key };
    const loc = (col: string): string => `line ${row.line}, rule ${JSON.stringify(id || display)}, column ${col}`;
    sink.add(['firewall', 'rules', el, 'name'], name, loc(display ? 'DisplayName' : 'Name'));

    const enabled = parsePsBool(row.get('Enabled'));
    if (enabled === undefined) sink.fail(`expected True or False in column "Enabled", found ${quoted(row.get('Enabled'))}`, `line ${row.line}`);
    sink.add(['firewall', 'rules', el, 'enabled'], enabled, loc('Enabled'));

    const dir = (row.get('Direction') ?? '').trim().toLowerCase();
    if (dir !== 'inbound' && dir !== 'outbound') sink.fail(`expected Inbound or Outbound in column "Direction", found ${quoted(row.get('Direction'))}`, `line ${row.line}`);
    sink.add(['firewall', 'rules', el, 'direction'], dir, loc('Direction'));

    const actRaw = (row.get('Action') ?? '').trim();
    const act = actRaw.toLowerCase();
    if (act === 'notconfigured') sink.add(['firewall', 'rules', el, 'action'], 'allow', `${loc('Action')} (NotConfigured: a rule's default action is Allow)`);
    else if (act === 'allow' || act === 'block') sink.add(['firewall', 'rules', el, 'action'], act, loc('Action'));
    else sink.fail(`expected Allow, Block or NotConfigured in column "Action", found ${quoted(actRaw)}`, `line ${row.line}`);

    const protoRaw = (row.get('Protocol') ?? '').trim();
    const protocol = protoRaw === '' ? 'any' : (own(PROTOCOL_NUMBERS, protoRaw) ?? protocolName(protoRaw));
    sink.add(['firewall', 'rules', el, 'protocol'], protocol, loc('Protocol'));

    const ports = list(row.get('LocalPort'));
    const odd = ports?.find((p) => !isFirewallPortItem(p));
    if (odd !== undefined) sink.fail(`expected ports in column "LocalPort" as Windows exports them (0 to 65535 in plain decimal, a range a-b from low to high, or one of Windows' keywords such as Any, RPC or RPCEPMap), found ${quoted(odd)}`, `line ${row.line}`);
    sink.add(['firewall', 'rules', el, 'localPorts'], ports ?? ['any'], loc('LocalPort'));
    const remote = list(row.get('RemoteAddress'));
    // An entry Windows would not write ("10.0.0.1;*", "10.0.0.1 *", a line break inside: two lists
    // run together, or an edit) names no scope the checks can judge: refused where it is, as a port.
    // So is a word that is none of Windows' address keywords ("anywhere", "all", "Intranet2"):
    // Get-NetFirewallAddressFilter writes only those, and a rule cannot hold a host name.
    const oddAddress = remote?.find((a) => !isRemoteAddressEntry(a));
    if (oddAddress !== undefined) sink.fail(`expected remote addresses in column "RemoteAddress" as Windows exports them, separated by "," (an address, a subnet a/b, a range a-b, or one of the keywords ${REMOTE_ADDRESS_KEYWORDS}), found ${quoted(oddAddress)}`, `line ${row.line}`);
    if (remote) sink.add(['firewall', 'rules', el, 'remoteAddresses'], remote, loc('RemoteAddress'));
    const profiles = list(row.get('Profile'));
    if (profiles) sink.add(['firewall', 'rules', el, 'profiles'], profiles.map((p) => p.toLowerCase()), loc('Profile'));
    const program = (row.get('Program') ?? '').trim();
    if (program && program.toLowerCase() !== 'any') sink.add(['firewall', 'rules', el, 'program'], program, loc('Program'));
  }
  coverCsv(sink, table, [{ scope: 'firewall.rules' }]);
  return sink.result('firewall-rules-csv');
}

export const firewallCsvParser: ExportParser = {
  kinds: ['firewall-profiles-csv', 'firewall-rules-csv'],
  sniff,
  parse: (input) => (sniff(input) === 'firewall-rules-csv' ? parseRules(input) : parseProfiles(input)),
};
