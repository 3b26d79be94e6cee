// `Get-MpComputerStatus | ConvertTo-Json` (Microsoft Defender Antivirus). PowerShell 5.1 writes
// DateTime values as "\/Date(1709280000000)\/" (UTC milliseconds); PowerShell 7 writes ISO 8601
// (with an offset, or without one for local time).
import type { ExportInput, ExportKind, ExportParser, FactValue } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { isObject, parseJsonLocated, type JsonValue } from '../json-located.js';
import { fromMsJsonDate, isRfc3339 } from '../datetime.js';
import { FactSink } from './common.js';

const EXPECTED = 'the JSON of "Get-MpComputerStatus | ConvertTo-Json"';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null || !/^\s*[[{]/.test(t)) return null;
  return /"(AMServiceEnabled|AntivirusSignatureVersion|RealTimeProtectionEnabled)"\s*:/.test(t) ? 'defender-status' : null;
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const json = parseJsonLocated(d.text, input.name);
  let root: JsonValue = json.value;
  let base = '';
  if (Array.isArray(root)) {
    if (root.length !== 1) sink.fail(`expected one Get-MpComputerStatus object, found an array of ${root.length}`, 'line 1');
    root = root[0] as JsonValue;
    base = '/0';
  }
  if (!isObject(root)) sink.fail(`expected ${EXPECTED}: a JSON object`, 'line 1');
  const obj = root;
  const loc = (k: string): string => `/${k}, line ${json.lineOf(`${base}/${k}`) ?? 1}`;
  const bool = (k: string, path: string[]): void => {
    const v = obj[k];
    if (v === undefined || v === null) return;
    if (typeof v !== 'boolean') sink.fail(`expected true or false for "${k}", found ${JSON.stringify(v)}`, `line ${json.lineOf(`${base}/${k}`) ?? 1}`);
    sink.add(path, v, loc(k));
  };
  const date = (k: string, path: string[]): void => {
    let v = obj[k];
    if (v === undefined || v === null) return;
    if (isObject(v) && 'value' in v) v = v.value as JsonValue; // PS 5.1 DateTime with DisplayHint note property
    if (typeof v !== 'string') sink.fail(`expected a date for "${k}", found ${JSON.stringify(v)}`, `line ${json.lineOf(`${base}/${k}`) ?? 1}`);
    let out: FactValue;
    const ms = fromMsJsonDate(v);
    if (ms) out = ms;
    else if (isRfc3339(v)) out = v;
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) out = { localDateTime: v.replace(/(\.\d{1,9})\d*$/, '$1') };
    else return sink.fail(`expected a date ("\\/Date(ms)\\/" or ISO 8601) for "${k}", found ${JSON.stringify(v)}`, `line ${json.lineOf(`${base}/${k}`) ?? 1}`);
    sink.add(path, out, loc(k) + (ms ? ` (${v})` : ''));
  };
  sink.add(['malware', 'antimalware', 'product'], 'Microsoft Defender Antivirus', `Get-MpComputerStatus, line ${json.lineOf(base) ?? 1}`);
  bool('AMServiceEnabled', ['malware', 'antimalware', 'serviceRunning']);
  bool('RealTimeProtectionEnabled', ['malware', 'antimalware', 'realTimeProtection']);
  const sig = obj.AntivirusSignatureVersion;
  if (typeof sig === 'string' && sig) sink.add(['malware', 'antimalware', 'signatureVersion'], sig, loc('AntivirusSignatureVersion'));
  date('AntivirusSignatureLastUpdated', ['malware', 'antimalware', 'signatureUpdatedAt']);
  date('FullScanEndTime', ['malware', 'antimalware', 'lastFullScanAt']);
  if (!('AMServiceEnabled' in obj) && !('AntivirusSignatureVersion' in obj)) sink.fail(`expected ${EXPECTED}: "AMServiceEnabled" and "AntivirusSignatureVersion" are missing`, 'line 1');
  return sink.result('defender-status');
}

export const defenderJsonParser: ExportParser = { kinds: ['defender-status'], sniff, parse };
