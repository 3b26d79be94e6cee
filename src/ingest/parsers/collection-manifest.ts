// collection.json, written by collect/collect.ps1 next to the exports:
// {
//   "format": "ato-evidence-collection/1",
//   "collector": { "name": "collect.ps1", "version": "1.0.0" },
//   "deviceId": "MR-01", "hostname": "MR01-CONSOLE",
//   "collectedAt": "2024-03-01T10:15:22.1234567+01:00",   (local time with offset: Get-Date -Format o)
//   "utcOffset": "+01:00",
//   "culture": { "name": "en-US", "shortDatePattern": "M/d/yyyy", "longTimePattern": "h:mm:ss tt" },
//   "os": { "name": "Microsoft Windows 10 Enterprise LTSC", "version": "10.0.17763", "build": "17763" },
//   "files": ["secedit.inf", ...],
//   "digests": { "secedit.inf": "<SHA-256 of the file as written>", ... },   (collect.ps1 1.2.0 on)
//   "errors": [ { "file": "bitlocker.txt", "message": "..." } ]
// }
import type { ExportInput, ExportKind, ExportParser, IngestContext } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { isObject, parseJsonLocated, type JsonValue } from '../json-located.js';
import { isRfc3339, isUtcOffset } from '../datetime.js';
import { FactSink, quoted } from './common.js';
import { redactText } from '../../snapshot/secrets.js';
import { oneLine } from '../../io/errors.js';

export const MANIFEST_FORMAT = 'ato-evidence-collection/1';
const EXPECTED = `a collection manifest (JSON with "format": "${MANIFEST_FORMAT}")`;

/** Longest culture date or time pattern read. */
const MAX_PATTERN = 100;

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  return t !== null && /"format"\s*:\s*"ato-evidence-collection\//.test(t) ? 'collection-manifest' : null;
}

const KNOWN_KEYS = new Set(['format', 'collector', 'deviceId', 'hostname', 'collectedAt', 'utcOffset', 'culture', 'os', 'files', 'digests', 'errors']);

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const json = parseJsonLocated(d.text, input.name);
  if (!isObject(json.value)) sink.fail(`expected ${EXPECTED}: a JSON object`, 'line 1');
  const o = json.value;
  const line = (p: string): string => `line ${json.lineOf(p) ?? 1}`;
  const loc = (p: string): string => `${p}, ${line(p)}`;
  if (o.format !== MANIFEST_FORMAT) sink.fail(`expected "format": "${MANIFEST_FORMAT}", found ${quoted(o.format)}`, line('/format'));
  for (const k of Object.keys(o)) if (!KNOWN_KEYS.has(k)) sink.fail(`unknown key "${k}" (expected one of ${[...KNOWN_KEYS].join(', ')})`, line(`/${k}`));
  const str = (v: JsonValue | undefined, p: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') sink.fail(`expected a string at ${p}, found ${quoted(v)}`, line(p));
    return v;
  };
  const ctx: IngestContext = {};
  const deviceId = str(o.deviceId, '/deviceId');
  if (deviceId) sink.add(['device', 'id'], deviceId, loc('/deviceId'));
  const hostname = str(o.hostname, '/hostname');
  if (hostname) sink.add(['device', 'hostname'], hostname, loc('/hostname'));
  const collectedAt = str(o.collectedAt, '/collectedAt');
  if (collectedAt !== undefined) {
    if (!isRfc3339(collectedAt)) sink.fail(`expected "collectedAt" as an RFC 3339 date-time with offset (e.g. 2024-03-01T10:15:22+01:00), found ${quoted(collectedAt)}`, line('/collectedAt'));
    sink.add(['collectedAt'], collectedAt, loc('/collectedAt'));
  }
  const off = str(o.utcOffset, '/utcOffset');
  if (off !== undefined) {
    if (!isUtcOffset(off)) sink.fail(`expected "utcOffset" like +01:00, found ${quoted(off)}`, line('/utcOffset'));
    ctx.utcOffset = off;
  }
  if (o.culture !== undefined) {
    if (!isObject(o.culture)) sink.fail('expected "culture" to be an object', line('/culture'));
    const sd = str(o.culture.shortDatePattern, '/culture/shortDatePattern');
    const lt = str(o.culture.longTimePattern, '/culture/longTimePattern');
    const ui = str(o.culture.uiCulture, '/culture/uiCulture');
    // .NET's patterns are short ("dddd, MMMM d, yyyy"); a longer one is no culture's, and becomes a
    // regular expression (datetime.ts) that a very long one makes too large to build.
    for (const [v, at] of [[sd, '/culture/shortDatePattern'], [lt, '/culture/longTimePattern']] as const) {
      if (v && v.length > MAX_PATTERN) sink.fail(`expected a .NET date or time pattern (at most ${MAX_PATTERN} characters), found one of ${v.length}`, line(at));
    }
    if (sd) ctx.shortDatePattern = sd;
    if (lt) ctx.longTimePattern = lt;
    if (ui) ctx.uiCulture = ui;
  }
  if (o.os !== undefined) {
    if (!isObject(o.os)) sink.fail('expected "os" to be an object', line('/os'));
    const name = str(o.os.name, '/os/name');
    if (name) {
      sink.add(['device', 'os', 'name'], name, loc('/os/name'));
      const version = str(o.os.version, '/os/version');
      if (version) sink.add(['device', 'os', 'version'], version, loc('/os/version'));
      const build = o.os.build === undefined || o.os.build === null ? undefined : String(o.os.build);
      if (build) sink.add(['device', 'os', 'build'], build, loc('/os/build'));
    }
  }
  if (o.collector !== undefined) {
    if (!isObject(o.collector)) sink.fail('expected "collector" to be an object', line('/collector'));
    const name = str(o.collector.name, '/collector/name');
    if (name) {
      ctx.collector = name;
      sink.add(['collector', 'name'], name, loc('/collector/name'));
      const version = str(o.collector.version, '/collector/version');
      if (version) sink.add(['collector', 'version'], version, loc('/collector/version'));
      // The console's display language: native tools print their labels in it.
      if (ctx.uiCulture) sink.add(['collector', 'uiCulture'], ctx.uiCulture, loc('/culture/uiCulture'));
    }
  }
  if (o.files !== undefined) {
    if (!Array.isArray(o.files) || !o.files.every((f) => typeof f === 'string')) sink.fail('expected "files" to be an array of file names', line('/files'));
    ctx.files = o.files as string[];
  }
  if (o.digests !== undefined) {
    // A file cut or edited after collection (a manage-bde output cut between two volumes reads as
    // whole) can only be told by what the script recorded when it wrote it.
    if (!isObject(o.digests)) sink.fail('expected "digests" to be an object of file name to SHA-256', line('/digests'));
    const digests: Record<string, string> = {};
    for (const [name, v] of Object.entries(o.digests)) {
      if (typeof v !== 'string' || !/^[0-9a-fA-F]{64}$/.test(v)) sink.fail(`expected the SHA-256 of "${name}" (64 hexadecimal digits), found ${quoted(v)}`, line(`/digests/${name}`));
      digests[name] = v.toLowerCase();
    }
    ctx.digests = digests;
  }
  if (o.errors !== undefined) {
    if (!Array.isArray(o.errors)) sink.fail('expected "errors" to be an array', line('/errors'));
    ctx.errors = o.errors.map((e, i) => {
      if (!isObject(e)) return sink.fail('expected {"file": ..., "message": ...}', line(`/errors/${i}`));
      // The script's error text (an exception's message) is shown as a warning and kept as a note,
      // which becomes a not-collected reason in the AR, results.csv, the PDF and drift.md: a secret
      // in it is masked, and its control characters (line breaks included) and the characters that
      // reorder a line are shown as \xNN / \u{NNNN}, so it stays one line of the tool's sentence in
      // every format and cannot start a forged one.
      return { file: String(e.file ?? ''), message: oneLine(redactText(String(e.message ?? ''))) };
    });
  }
  return sink.result('collection-manifest', { context: ctx });
}

export const collectionManifestParser: ExportParser = { kinds: ['collection-manifest'], sniff, parse };
