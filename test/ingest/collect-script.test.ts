// collect/collect.ps1 must write exactly the files the ingester recognises, in the formats and
// encodings its parsers expect. The script's text is parsed; the single source of truth on the
// ingester's side is KNOWN_EXPORTS (src/ingest/known-exports.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_EXPORTS, recognise } from '../../src/ingest/index.js';
import { decodeText } from '../../src/ingest/text.js';
import type { FileEncoding, Writer } from '../../src/ingest/known-exports.js';
import { mr01Files } from './fixture-folder.js';

const script = readFileSync(new URL('../../collect/collect.ps1', import.meta.url), 'utf8');

/** Helper function name in the script -> the writer it implements. */
const HELPERS: Record<string, Writer> = {
  'Export-Native': 'native',
  'Export-Text': 'text',
  'Export-Table': 'csv',
  'Export-Json': 'json',
  'Export-Registry': 'registry',
  'Copy-Export': 'copy',
};

/** What each helper must contain to write the encoding KNOWN_EXPORTS promises. */
const HELPER_ENCODING: Partial<Record<Writer, { encoding: FileEncoding; mustContain: string[] }>> = {
  text: { encoding: 'utf-16le-bom', mustContain: ['Set-Content', '-Encoding Unicode'] },
  csv: { encoding: 'utf-8-bom', mustContain: ['Export-Csv', '-NoTypeInformation', '-Encoding UTF8'] },
  json: { encoding: 'utf-8-bom', mustContain: ['ConvertTo-Json', 'Out-File', '-Encoding UTF8'] },
  registry: { encoding: 'utf-16le-bom', mustContain: ['reg.exe export $Key $path /y'] },
};

interface Call {
  helper: string;
  writer: Writer;
  file: string;
  /** The call's text up to the next helper call. */
  body: string;
}

function calls(): Call[] {
  const lines = script.split(/\r?\n/);
  const out: Call[] = [];
  const re = /^\s*(?:if\s*\(.*?\)\s*\{\s*|else\s*\{\s*)?(Export-Native|Export-Text|Export-Table|Export-Json|Export-Registry|Copy-Export)\s+'([^']+)'(.*)$/;
  lines.forEach((line, i) => {
    const m = re.exec(line);
    if (!m) return;
    let body = m[3] as string;
    for (let j = i + 1; j < lines.length && !re.test(lines[j] as string) && !/^\s*# ---/.test(lines[j] as string) && (lines[j] as string).trim() !== ''; j++) body += `\n${lines[j]}`;
    out.push({ helper: m[1] as string, writer: HELPERS[m[1] as string] as Writer, file: m[2] as string, body });
  });
  return out;
}

function functionBody(name: string): string {
  const start = script.indexOf(`function ${name}(`);
  expect(start, `function ${name} in collect.ps1`).toBeGreaterThanOrEqual(0);
  const next = script.indexOf('\nfunction ', start + 1);
  const end = script.indexOf('\n# ---', start);
  return script.slice(start, Math.min(...[next, end].filter((x) => x > 0)));
}

const ENCODING_OF = (bytes: Buffer): FileEncoding => {
  if (bytes.length >= 4 && bytes.toString('latin1', 0, 4) === 'PReg') return 'binary';
  const enc = decodeText(bytes).encoding;
  return enc === 'utf-16le-bom' ? 'utf-16le-bom' : enc === 'utf-8-bom' ? 'utf-8-bom' : 'utf-8';
};

describe('collect/collect.ps1 and the ingester agree', () => {
  const found = calls();

  it('every file name the script writes is a known export, and every collected known export is written', () => {
    const literalNames = [...script.matchAll(/'([A-Za-z0-9_.-]+\.(?:inf|csv|txt|reg|pol|xml|json))'/g)].map((m) => m[1] as string);
    const known = new Set(KNOWN_EXPORTS.map((k) => k.file));
    expect(literalNames.filter((n) => !known.has(n))).toEqual([]);
    const written = new Set([...found.map((c) => c.file), ...(script.includes("'collection.json'") ? ['collection.json'] : [])]);
    expect([...written].sort()).toEqual(KNOWN_EXPORTS.filter((k) => k.collected).map((k) => k.file).sort());
    expect(found.length).toBe(new Set(found.map((c) => c.file)).size);
  });

  it('each file is written by the helper and command KNOWN_EXPORTS says', () => {
    for (const c of found) {
      const k = KNOWN_EXPORTS.find((x) => x.file === c.file);
      expect(k, c.file).toBeDefined();
      expect(c.writer, c.file).toBe(k?.writer);
      if (k?.command) expect(c.body, `${c.file} must run ${k.command}`).toContain(k.command);
    }
  });

  it('the helpers write the encodings KNOWN_EXPORTS promises', () => {
    for (const [helper, writer] of Object.entries(HELPERS)) {
      const body = functionBody(helper);
      const spec = HELPER_ENCODING[writer];
      if (spec) for (const s of spec.mustContain) expect(body, `${helper} must contain ${s}`).toContain(s);
    }
    for (const k of KNOWN_EXPORTS.filter((x) => x.collected)) {
      const spec = HELPER_ENCODING[k.writer as Writer];
      if (spec) expect(k.encoding, k.file).toBe(spec.encoding);
    }
    // the manifest: ConvertTo-Json written as UTF-8 (with BOM, PowerShell 5.1)
    expect(script).toMatch(/ConvertTo-Json -Depth 4 \| Out-File -LiteralPath \(Join-Path \$OutDir 'collection.json'\) -Encoding UTF8/);
    expect(KNOWN_EXPORTS.find((k) => k.file === 'collection.json')?.encoding).toBe('utf-8-bom');
  });

  it('a file written as the script writes it is recognised as the kind the ingester expects (fixture of every collected export)', () => {
    const files = mr01Files();
    for (const k of KNOWN_EXPORTS.filter((x) => x.collected && x.kind !== 'vendor-settings')) {
      const bytes = files.get(k.file);
      expect(bytes, `fixture ${k.file}`).toBeDefined();
      if (!bytes) continue;
      expect(ENCODING_OF(bytes), `${k.file} encoding`).toBe(k.encoding);
      const r = recognise({ name: k.file, bytes, sha256: '' });
      expect('kind' in r ? r.kind : r.skip, k.file).toBe(k.kind);
      // and by content alone: renamed, it is still recognised
      const renamed = recognise({ name: 'renamed.dat', bytes, sha256: '' });
      expect('kind' in renamed ? renamed.kind : renamed.skip, `${k.file} renamed`).toBe(k.kind);
    }
  });

  it('the manifest keys the script writes are the ones the manifest parser reads', () => {
    const block = script.slice(script.indexOf('$manifest = [ordered]@{'), script.indexOf('$manifest | ConvertTo-Json'));
    const keys = [...block.matchAll(/^\s{4}(\w+)\s*=/gm)].map((m) => m[1]);
    expect(keys).toEqual(['format', 'collector', 'deviceId', 'hostname', 'collectedAt', 'utcOffset', 'culture', 'os', 'files', 'digests', 'errors']);
    // Each written file's SHA-256, as ingest compares it (lower-case hex).
    expect(script).toMatch(/Get-FileHash -LiteralPath \(Join-Path \$OutDir \$name\) -Algorithm SHA256\)\.Hash\.ToLowerInvariant\(\)/);
    expect(block).toContain("format      = 'ato-evidence-collection/1'");
    expect(block).toContain("collectedAt = $collectedAt.ToString('o')");
  });
});

describe("collect/collect.ps1's version", () => {
  /** The version of collect.ps1 that first wrote each of these (docs/ingest.md). */
  const SINCE: Array<{ what: string; writes: RegExp; since: string }> = [
    { what: 'the files\' SHA-256 in collection.json (digests)', writes: /\bdigests\s*=/, since: '1.2.0' },
    { what: 'the group\'s SID in local-group-members.csv (GroupSID)', writes: /n = 'GroupSID'/, since: '1.3.0' },
  ];
  const version = /^\$collectorVersion = '(\d+)\.(\d+)\.(\d+)'/m.exec(script);
  const parts = (v: string): number[] => v.split('.').map(Number);
  const atLeast = (v: number[], w: number[]): boolean => (v[0]! - w[0]! || v[1]! - w[1]! || v[2]! - w[2]!) >= 0;

  it('is at least the version that first wrote each field it writes, so an export naming an older version is one without it', () => {
    expect(version, '$collectorVersion in collect.ps1').not.toBeNull();
    const v = version!.slice(1).map(Number);
    for (const f of SINCE) {
      expect(f.writes.test(script), `collect.ps1 writes ${f.what}`).toBe(true);
      expect(atLeast(v, parts(f.since)), `collect.ps1 ${v.join('.')} writes ${f.what}, first written by ${f.since}`).toBe(true);
    }
  });

  it('docs/ingest.md names the version that first wrote GroupSID', () => {
    const docs = readFileSync(new URL('../../docs/ingest.md', import.meta.url), 'utf8');
    expect(docs).toContain('`GroupSID` (collect.ps1 1.3.0 on;');
  });
});
