// Hostile export files given to `ingest`, run as a user runs it: each is refused with exit 1 naming the
// file and the line, nothing written, no stack trace, within bounded memory.
// - An AppLocker XML with a DOCTYPE: one declaring entities (an external one naming /etc/passwd, or the
//   "billion laughs") was refused as "expected markup, not text, outside the root element" (its "]>"),
//   and one without declarations in brackets was read as if it were not there, though its DTD may set
//   default attribute values (EnforcementMode) a reader applying it would see.
// - A 50 MB field a parser refuses (services.csv's StartType): the message quoted it after counting its
//   characters with [...text] (an array of 50 million) and masking all of it: 1.6 GB and an
//   out-of-memory crash under a 256 MB heap.
// - A secedit.inf line of 30 MB: split a character at a time (1.1 GB).
// - A .reg hex value of 10 MB wrapped on 200,000 lines: joined in quadratic time (hours).
// - A JSON export nested 100,000 deep: refused as not the export it is named as, not by its depth.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliScratch, errorLine } from '../support/cli-scratch.js';
import { mr01Files, mr01Text, utf16 } from './fixture-folder.js';

const { dir, cli } = cliScratch('ato-hostile-exports-');

/** MR-01's export folder `name` with `edits` (file name -> bytes). */
function folder(name: string, edits: Record<string, Buffer | string>): string {
  const at = join(dir(), name);
  mkdirSync(at);
  const files = mr01Files();
  for (const [n, b] of Object.entries(edits)) files.set(n, typeof b === 'string' ? Buffer.from(b, 'utf8') : b);
  for (const [n, b] of files) writeFileSync(join(at, n), b);
  return name;
}

function refused(exports: string, message: RegExp, env: Record<string, string> = {}): string {
  const out = `${exports}.json`;
  const r = cli(['ingest', exports, '--out', out], env);
  expect(r.code, r.stderr).toBe(1);
  expect(errorLine(r.stderr)).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |heap out of memory/);
  expect(existsSync(join(dir(), out))).toBe(false);
  return r.stderr;
}

describe('an AppLocker export with a document type declaration', () => {
  const policy = mr01Text('applocker.xml');
  const withDoctype = (doctype: string, entity?: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n${doctype}\n${entity ? policy.replace('Name="Acme Medical &amp; Imaging: Lumen console"', `Name="${entity}"`) : policy}`;

  it('an external entity naming /etc/passwd: refused at the DOCTYPE, the file never read', () => {
    const ex = folder('xxe', { 'applocker.xml': withDoctype('<!DOCTYPE AppLockerPolicy [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '&x;') });
    const stderr = refused(ex, /^error: applocker\.xml at line 2: holds a <!DOCTYPE …> declaration: document type declarations \(their entities, an external entity's file, default attribute values\) are never read/);
    expect(stderr).not.toMatch(/root:/);
  });

  it('entities expanding to a billion ("billion laughs"): refused at once', () => {
    const ents = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)];
    const ex = folder('laughs', { 'applocker.xml': withDoctype(`<!DOCTYPE AppLockerPolicy [\n${ents.join('\n')}\n]>`, '&a9;') });
    refused(ex, /^error: applocker\.xml at line 2: holds a <!DOCTYPE …> declaration/);
  });

  it('a DOCTYPE naming an external DTD only, and a declaration outside one: refused, not read as absent', () => {
    refused(folder('dtd', { 'applocker.xml': withDoctype('<!DOCTYPE AppLockerPolicy SYSTEM "file:///tmp/policy.dtd">') }), /^error: applocker\.xml at line 2: holds a <!DOCTYPE …> declaration/);
    refused(folder('attlist', { 'applocker.xml': withDoctype('<!ATTLIST RuleCollection EnforcementMode CDATA "Enabled">') }), /^error: applocker\.xml at line 2: holds a <!ATTLIST …> declaration/);
  });

  // An empty root closed at once ("<AppLockerPolicy/>", no blank before "/>") was not known as
  // AppLocker at all: behind a DOCTYPE it gave "the content is not one" instead of the DOCTYPE's
  // refusal, and alone it was refused though "<AppLockerPolicy />" is read.
  it('an empty <AppLockerPolicy/> behind a DOCTYPE: refused at the DOCTYPE; alone, read as <AppLockerPolicy /> is', () => {
    for (const doctype of ['<!DOCTYPE AppLockerPolicy [<!ENTITY x "y">]>', '<!DOCTYPE AppLockerPolicy>']) {
      refused(folder(`empty-doctype-${doctype.length}`, { 'applocker.xml': `<?xml version="1.0"?>\n${doctype}\n<AppLockerPolicy/>\n` }), /^error: applocker\.xml at line 2: holds a <!DOCTYPE …> declaration/);
    }
    const read = (name: string, xml: string) => {
      const ex = folder(name, { 'applocker.xml': xml });
      const r = cli(['ingest', ex, '--out', `${ex}.json`]);
      expect(r.code, r.stderr).toBe(0);
      const { sources, provenance, ...values } = JSON.parse(readFileSync(join(dir(), `${ex}.json`), 'utf8')) as Record<string, unknown>;
      expect(JSON.stringify(sources)).toContain('applocker-policy');
      return values;
    };
    expect(read('empty-closed', '<AppLockerPolicy/>\n')).toEqual(read('empty-spaced', '<AppLockerPolicy />\n'));
  });
});

describe('a field of 50 MB in a CSV export', () => {
  it("services.csv's StartType: refused naming the line and the length, under a 256 MB heap", () => {
    const lines = mr01Text('services.csv').split('\n');
    lines[2] = lines[2]!.replace(/"Automatic"$/, `"Automatic${'x'.repeat(50_000_000)}"`);
    const ex = folder('long-field', { 'services.csv': utf16(lines.join('\n')) });
    refused(ex, /^error: services\.csv at line 3: expected StartType Automatic, Manual, Disabled, Boot or System .*, found "Automaticxxxx[x]*…" \(50000009 characters\)$/, { NODE_OPTIONS: '--max-old-space-size=256' });
  }, 60_000);
});

describe('a secedit.inf line of 30 MB', () => {
  // An INF list was split a character at a time (cur += ch): 30 million strings, 11 s and 1.1 GB,
  // before its value was refused as too long.
  it('a privilege right of one 30 MB name: refused by its length under a 256 MB heap', () => {
    const name = 'A'.repeat(30_000_000);
    const ex = folder('long-inf', { 'secedit.inf': utf16(mr01Text('secedit.inf').replace('SeSecurityPrivilege = ', `SeSecurityPrivilege = ${name},`)) });
    refused(ex, new RegExp(`^error: secedit\\.inf at \\[Privilege Rights\\] SeSecurityPrivilege, line \\d+: a value of ${name.length} characters: no setting Windows exports is longer than 65536`), { NODE_OPTIONS: '--max-old-space-size=256' });
  }, 60_000);
});

describe('a .reg hex value of 10 MB', () => {
  // reg export wraps a hex list at ~80 columns, each line ending "\\": a 5 MB value is 200,000 lines.
  // They were joined by appending each to the text so far, which was read whole again for the next
  // (quadratic: 600 KB took 4 s, 16 MB hours). Now refused by its length in about 2 s.
  it('wrapped on 200,000 lines: refused by its length, naming the value and its line, within 60 s', () => {
    const bytes = Array.from({ length: 200_000 }, () => Array(25).fill('41').join(','));
    const big = `"Big"=hex:${bytes.join(',\\\n  ')}\n`;
    const ex = folder('big-hex', { 'reg-lsa.reg': utf16(mr01Text('reg-lsa.reg').replace('"NoLmHash"=dword:00000001\n', `"NoLmHash"=dword:00000001\n${big}`)) });
    const r = spawnSync(process.execPath, [BIN, 'ingest', ex, '--out', 'big-hex.json'], { cwd: dir(), encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, 'still reading after 60 s').toBeNull();
    expect(r.status, r.stderr).toBe(1);
    // The value is kept as "hex:" and two digits a byte (registry.ts hexValue).
    const length = 'hex:'.length + 2 * 25 * bytes.length;
    expect(errorLine(r.stderr)).toMatch(new RegExp(`^error: reg-lsa\\.reg at \\[HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Lsa\\] "Big", line 11: a value of ${length} characters: no setting Windows exports is longer than 65536`));
    expect(existsSync(join(dir(), 'big-hex.json'))).toBe(false);
  }, 90_000);
});

describe('a JSON export nested 100,000 deep', () => {
  // Its first 8 KB of brackets show no member the export is known by: it was refused as "not one
  // (first line: "[[[[…")", which sent the reader looking for another format. Now said as its parser says it.
  it('defender.json of brackets alone, and collection.json with one member so nested: the depth said, at its line', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    refused(folder('deep-defender', { 'defender.json': deep }), /^error: defender\.json at line 1: nested deeper than 200 levels of objects and arrays; no export is nested that deep$/);
    const manifest = mr01Text('collection.json').replace('{', `{\n"Zdeep": ${deep},`);
    refused(folder('deep-manifest', { 'collection.json': manifest }), /^error: collection\.json at line 2: nested deeper than 200 levels of objects and arrays; no export is nested that deep$/);
  });
});

describe('links in an export folder', () => {
  it('a link that loops is skipped as one, not as a broken link', () => {
    const ex = folder('loops', {});
    symlinkSync('loop-b', join(dir(), ex, 'loop-a'));
    symlinkSync('loop-a', join(dir(), ex, 'loop-b'));
    const r = cli(['ingest', ex, '--out', 'loops.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: skipped loop-a: a symbolic link that loops$/m);
    expect(r.stderr).toMatch(/^warning: skipped loop-b: a symbolic link that loops$/m);
  });
});
