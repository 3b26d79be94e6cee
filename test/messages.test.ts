// What the commands say about bad input (issue 10 §9): a wrong CSV header is quoted as found;
// garbage never reaches the terminal as raw control bytes (one writer escapes them); validate
// names a document once per problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { paint, sanitize, write, writeJson } from '../src/cli/output.js';
import { parseParamsFile } from '../src/params/resolve.js';
import { requireShared, schemaDir } from './support/oscal-schema.js';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { userErrorOf } from './support/user-error.js';

const NOW = ['--now', '2026-11-28T00:00:00Z'];
const scratch = cliScratch('ato-messages-');
const cli = scratch.cli;
/** Bytes a terminal would act on: C0 controls but tab and newline, DEL, C1. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;


describe('a wrong CSV header is quoted as found', () => {
  it('deviations, on the command line', () => {
    writeFileSync(join(scratch.dir(), 'dev.csv'), 'check;device;why;who;until\nSCREEN-LOCK-TIMEOUT;MR-02;x;y;2027-01-01\n');
    const r = cli(['assess', join(ROOT, 'samples/MR-02'), '--out', 'o', '--no-pdf', '--deviations', 'dev.csv', ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: dev.csv at line 1: the header is "check;device;why;who;until", but it must name the columns check_id,device_id,justification,approver,expires (missing: check_id, device_id, justification, approver, expires)\n');
  });

  it('attestations and params, even with no row under the header', () => {
    expect(userErrorOf(() => parseAttestations('control,statement,who\n', 'a.csv', () => true, '2026-11-28')).message)
      .toBe('a.csv at line 1: the header is "control,statement,who", but it must name the columns control,statement,who,role,when,expires,evidence,method (missing: role, when, expires, evidence, method)');
    expect(userErrorOf(() => parseParamsFile('\n\nname,val\nx,1\n', 'p.csv')).message).toBe('p.csv at line 3: the header is "name,val", but a CSV params file needs the header "parameter,value"');
  });
});

describe('control bytes from input are escaped, never echoed', () => {
  it('sanitize: C0, DEL, C1 and bidirectional overrides as \\xNN / \\u{NNNN}; text, tabs and newlines unchanged', () => {
    const cases: Array<[string, string]> = [
      ['plain, accentué ✓', 'plain, accentué ✓'],
      ['a\tb\nc', 'a\tb\nc'],
      ['\u001b[2J\u001b]0;pwned\u0007', '\\x1B[2J\\x1B]0;pwned\\x07'],
      ['back\rspace\b', 'back\\x0Dspace\\x08'],
      ['nul\u0000del\u007f', 'nul\\x00del\\x7F'],
      ['c1 csi \u009b31m', 'c1 csi \\x9B31m'],
      ['evil\u202egnp.exe', 'evil\\u{202E}gnp.exe'],
    ];
    for (const [input, shown] of cases) expect(sanitize(input)).toBe(shown);
  });

  it('write keeps paint\'s colours on a terminal and escapes everything else', () => {
    const out: string[] = [];
    const stream = { isTTY: true, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('TERM', 'xterm');
    try {
      write(stream, `${paint(stream).red('error:')} file \u001b[31mred\u001b[0m\n`);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(out.join('')).toBe('\u001b[31merror:\u001b[0m file \\x1B[31mred\\x1B[0m\n');
  });

  it('writeJson stays JSON, with the characters JSON.stringify leaves raw escaped', () => {
    const out: string[] = [];
    writeJson({ write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream, { s: 'a\u001bb\u009bc\u202ed\u200be\u00adf\ufeffg' });
    expect(RAW_CONTROL.test(out.join(''))).toBe(false);
    expect(out.join('')).toContain('\\u200b');
    expect(out.join('')).not.toMatch(/[\u200b\u00ad\ufeff]/);
    expect(JSON.parse(out.join(''))).toEqual({ s: 'a\u001bb\u009bc\u202ed\u200be\u00adf\ufeffg' });
  });

  it('assess: a snapshot file named with escape sequences, an unknown check id with control bytes', () => {
    const evil = 'evil\u001b]0;owned\u0007\u001b[2J.json';
    mkdirSync(join(scratch.dir(), 'garbage'));
    writeFileSync(join(scratch.dir(), 'garbage', evil), '{"schemaVersion": "9\u001b[5m"}');
    const r = cli(['assess', 'garbage', '--out', 'g', ...NOW]);
    expect(r.code).toBe(1);
    expect(RAW_CONTROL.test(r.stderr)).toBe(false);
    expect(r.stderr).toBe('error: garbage/evil\\x1B]0;owned\\x07\\x1B[2J.json at line 1, column 21: not valid JSON: unexpected byte 0x1b; expected no control character inside a string (write it as a \\u escape)\n');
    writeFileSync(join(scratch.dir(), 'dev-ctl.csv'), 'check_id,device_id,justification,approver,expires\nX\u001b[8mHIDDEN\u009b,MR-02,j,a,2027-01-01\n');
    const d = cli(['assess', join(ROOT, 'samples/MR-02'), '--out', 'g2', '--no-pdf', '--deviations', 'dev-ctl.csv', ...NOW]);
    expect(d.code).toBe(1);
    expect(RAW_CONTROL.test(d.stderr)).toBe(false);
    expect(d.stderr).toContain('unknown check id "X\\x1B[8mHIDDEN\\x9B"');
  });

  it('assess: a snapshot file whose name holds a line break is named in one line: the name cannot forge a line of output', () => {
    mkdirSync(join(scratch.dir(), 'nl'));
    writeFileSync(join(scratch.dir(), 'nl', 'a\nwarning: all fine.json'), '{"schemaVersion": "9"}');
    const r = cli(['assess', 'nl', '--out', 'nl-out', ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: nl\/a\\x0Awarning: all fine\.json at \/schemaVersion: /);
  });

  it('commander\'s own usage errors echo the bad option escaped too', () => {
    const r = cli(['assess', 'x', '--out', 'o', '--b\u001b[2Jogus']);
    expect(r.code).toBe(2);
    expect(RAW_CONTROL.test(r.stderr)).toBe(false);
    expect(r.stderr).toContain('--b\\x1B[2Jogus');
  });
});

describe('validate names each document once per problem', () => {
  it('a document that is not JSON, and one that is not UTF-8', (ctx) => {
    requireShared(ctx);
    writeFileSync(join(scratch.dir(), 'bad.json'), '{"catalog": x}');
    writeFileSync(join(scratch.dir(), 'trunc.json'), '{"catalog": {');
    const r = cli(['validate', 'bad.json', 'trunc.json', '--schema', join(schemaDir, 'oscal_complete_schema-1.1.3.json')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      "error: bad.json: line 1, column 13: not valid JSON: unexpected 'x'; expected a value",
      'error: trunc.json: line 1, column 14: not valid JSON: unexpected end of the document (a bracket or quote not closed?)',
    ]);
    for (const l of lines) expect(l).not.toMatch(/(bad|trunc)\.json.*(bad|trunc)\.json/);
  });
});
