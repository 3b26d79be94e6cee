// `Get-MpComputerStatus | ConvertTo-Json` (Microsoft Defender Antivirus). PowerShell 5.1 writes
// DateTime values as "\/Date(1709280000000)\/" (UTC milliseconds); PowerShell 7 writes ISO 8601
// (with an offset, or without one for local time).
import type { ExportInput, ExportKind, ExportParser, FactValue } from '../types.js';
import { sniffText } from '../text.js';
import { isObject, type JsonValue } from '../json-located.js';
import { fromMsJsonDate, isRfc3339 } from '../datetime.js';
import { FactSink, jsonExportObject, quoted } from './common.js';

const EXPECTED = 'the JSON of "Get-MpComputerStatus | ConvertTo-Json"';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null || !/^\s*[[{]/.test(t)) return null;
  return /"(AMServiceEnabled|AntivirusSignatureVersion|RealTimeProtectionEnabled)"\s*:/.test(t) ? 'defender-status' : null;
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const { obj, line } = jsonExportObject(sink, EXPECTED);
  const loc = (k: string): string => `/${k}, ${line(k)}`;
  /** The key's true or false (refused if it is another type), or undefined when absent. */
  const boolOf = (k: string): boolean | undefined => {
    const v = obj[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') sink.fail(`expected true or false for "${k}", found ${quoted(v)}`, line(k));
    return v;
  };
  const bool = (k: string, path: string[]): void => {
    const v = boolOf(k);
    if (v !== undefined) sink.add(path, v, loc(k));
  };
  const date = (k: string, path: string[]): void => {
    let v = obj[k];
    if (v === undefined || v === null) return;
    if (isObject(v) && 'value' in v) v = v.value as JsonValue; // PS 5.1 DateTime with DisplayHint note property
    if (typeof v !== 'string') sink.fail(`expected a date for "${k}", found ${quoted(v)}`, line(k));
    let out: FactValue;
    const ms = fromMsJsonDate(v);
    if (ms) out = ms;
    else if (isRfc3339(v)) out = v;
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) out = { localDateTime: v.replace(/(\.\d{1,9})\d*$/, '$1') };
    // Local time in the console's culture ("05/12/2026 14:03:11": a DateTime turned to text before
    // ConvertTo-Json): read by the merge as every local time is, with the culture collection.json
    // names, else every culture's order, a text reading as two days deciding only where both agree.
    else if (/^\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[\s,T]+\d{1,2}:\d{2}/.test(v)) out = { localDateTime: v.trim() };
    else return sink.fail(`expected a date ("\\/Date(ms)\\/", ISO 8601 or the console's local date and time) for "${k}", found ${quoted(v)}`, line(k));
    sink.add(path, out, loc(k) + (ms ? ` (${v})` : ''));
  };
  sink.add(['malware', 'antimalware', 'product'], 'Microsoft Defender Antivirus', `Get-MpComputerStatus, ${line('')}`);
  bool('AMServiceEnabled', ['malware', 'antimalware', 'serviceRunning']);
  // Defender in passive mode (another product is the primary anti-malware) or with its antivirus
  // disabled keeps RealTimeProtectionEnabled as configured, but scans nothing on access: the
  // setting is no evidence of protection, and the other product's status was not collected.
  const inactive = inactiveReason(obj);
  const withhold: Array<{ path: string[]; note: string }> = [];
  if (inactive) {
    const note = `${inactive} (${line(inactive.startsWith('AMRunningMode') ? 'AMRunningMode' : 'AntivirusEnabled')}): Microsoft Defender Antivirus is not the console's active on-access scanner, so neither its RealTimeProtectionEnabled nor its preferences are read as real-time protection, its scan schedule and threat actions as what scans and remediates, nor its signature date as the protection's (collect the status of the anti-malware product that is active)`;
    sink.warn(note);
    // Not only real-time protection: a passive or disabled Defender remediates nothing (its default
    // threat action passed MAL-SCAN), and its schedule and signatures are not the active product's.
    for (const field of ['realTimeProtection', 'scheduledScan', 'scanDay', 'defaultAction', 'signatureUpdatedAt', 'signatureAgeDays']) withhold.push({ path: ['malware', 'antimalware', field], note });
    boolOf('RealTimeProtectionEnabled'); // still checked for its type, not read
  } else {
    // RealTimeProtectionEnabled stays true with on-access scanning off (OnAccessProtectionEnabled
    // false): files are then opened unscanned, and MAL-AV-ON passed on the first flag alone.
    const rt = boolOf('RealTimeProtectionEnabled');
    const onAccess = boolOf('OnAccessProtectionEnabled');
    if (rt === true && onAccess === false) sink.add(['malware', 'antimalware', 'realTimeProtection'], false, `${loc('OnAccessProtectionEnabled')} (false: files are not scanned on access, though RealTimeProtectionEnabled is true, ${line('RealTimeProtectionEnabled')})`);
    else if (rt !== undefined) sink.add(['malware', 'antimalware', 'realTimeProtection'], rt, loc('RealTimeProtectionEnabled'));
  }
  const sig = obj.AntivirusSignatureVersion;
  if (typeof sig === 'string' && sig) sink.add(['malware', 'antimalware', 'signatureVersion'], sig, loc('AntivirusSignatureVersion'));
  date('AntivirusSignatureLastUpdated', ['malware', 'antimalware', 'signatureUpdatedAt']);
  // When the signatures were applied is not how old they are: an offline package applied today may
  // be weeks old. Defender states the signatures' own age in days at collection.
  const age = obj.AntivirusSignatureAge;
  if (age !== undefined && age !== null) {
    if (typeof age !== 'number' || !Number.isInteger(age) || age < 0) sink.fail(`expected a whole number of days for "AntivirusSignatureAge", found ${quoted(age)}`, line('AntivirusSignatureAge'));
    else sink.add(['malware', 'antimalware', 'signatureAgeDays'], age, loc('AntivirusSignatureAge'));
  }
  date('FullScanEndTime', ['malware', 'antimalware', 'lastFullScanAt']);
  if (!('AMServiceEnabled' in obj) && !('AntivirusSignatureVersion' in obj)) sink.fail(`expected ${EXPECTED}: "AMServiceEnabled" and "AntivirusSignatureVersion" are missing`, 'line 1');
  return sink.result('defender-status', withhold.length ? { withhold } : {});
}

/** Why Defender's own status says it is not scanning on access, from AMRunningMode and AntivirusEnabled. */
function inactiveReason(obj: Record<string, JsonValue>): string | undefined {
  const mode = obj.AMRunningMode;
  if (typeof mode === 'string' && mode.trim() && !/^normal$/i.test(mode.trim())) return `AMRunningMode is ${quoted(mode)}`;
  if (obj.AntivirusEnabled === false) return 'AntivirusEnabled is false';
  return undefined;
}

export const defenderJsonParser: ExportParser = { kinds: ['defender-status'], sniff, parse };
