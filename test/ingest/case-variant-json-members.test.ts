// A JSON export naming one member twice in spellings that differ only in case
// ("AntivirusEnabled": true and "antivirusEnabled": false). PowerShell's property names ignore
// case, so ConvertTo-Json never writes both: the file was edited or two were joined. The exact
// duplicate was refused (json-located.ts); the case variant was read: the Defender reader took
// the spelling it knows and ignored the other (MAL-AV-ON passed on a status that also says the
// antivirus is off), and the computer-name reader, which finds ServerName in any case, took the
// first. Now refused like the exact duplicate, naming the file, both lines and both spellings.
// Assessed from an export folder through the CLI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonLocated } from '../../src/ingest/json-located.js';
import { userErrorOf } from '../support/user-error.js';
import { arAssessor, errorLine } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const NOW = '2024-03-01T12:00:00Z';
const { assess, cli, dir } = arAssessor('ato-case-variant-json-', NOW);

/** `text` with `insert` written on a line of its own after the (first) line holding `after`; the 1-based lines of both. */
function withLineAfter(text: string, after: string, insert: string): { text: string; anchorLine: number; insertedLine: number } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(after));
  expect(at, `no line holds ${after}`).toBeGreaterThanOrEqual(0);
  lines.splice(at + 1, 0, insert);
  return { text: lines.join('\n'), anchorLine: at + 1, insertedLine: at + 2 };
}

/** assess of `folder`: exit 1, the error line, and no package written. */
function refused(folder: string, name: string): string {
  const out = join(dir(), name);
  const r = cli(['assess', folder, '--out', out, '--now', NOW, '--no-pdf']);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(existsSync(out)).toBe(false);
  return errorLine(r.stderr);
}

describe('JSON export members written twice in spellings that differ only in case', () => {
  it('the premise: MR-01 as collected passes MAL-AV-ON and AUTOLOGON-OFF', () => {
    const ar = assess(mr01FolderWith({}));
    expect(propOf(observationOf(ar, 'MR-01', 'MAL-AV-ON'), 'result')).toBe('pass');
    expect(propOf(observationOf(ar, 'MR-01', 'AUTOLOGON-OFF'), 'result')).toBe('pass');
  });

  it('defender.json with "antivirusEnabled": false beside "AntivirusEnabled": true: refused, naming both lines and spellings', () => {
    // Written after the one the reader knows, and before it: neither order is read.
    const after = withLineAfter(mr01Text('defender.json'), '"AntivirusEnabled":', '    "antivirusEnabled":  false,');
    let line = refused(mr01FolderWith({ 'defender.json': after.text }), 'after');
    expect(line).toContain(`defender.json at line ${after.insertedLine}: member "antivirusEnabled" is written twice in one object, also as "AntivirusEnabled" on line ${after.anchorLine}: the names differ only in case`);
    expect(line).toContain('neither is taken');
    const before = withLineAfter(mr01Text('defender.json'), '"AMServiceVersion":', '    "ANTIVIRUSENABLED":  false,');
    line = refused(mr01FolderWith({ 'defender.json': before.text }), 'before');
    const known = before.text.split('\n').findIndex((l) => l.includes('"AntivirusEnabled":')) + 1;
    expect(line).toContain(`defender.json at line ${known}: member "AntivirusEnabled" is written twice in one object, also as "ANTIVIRUSENABLED" on line ${before.insertedLine}`);
  });

  it('winlogon.json with "autoadminlogon": "1" beside "AutoAdminLogon": "0": refused', () => {
    const e = withLineAfter(mr01Text('winlogon.json'), '"AutoAdminLogon":', '    "autoadminlogon":  "1",');
    expect(refused(mr01FolderWith({ 'winlogon.json': e.text }), 'winlogon')).toContain(`winlogon.json at line ${e.insertedLine}: member "autoadminlogon" is written twice in one object, also as "AutoAdminLogon" on line ${e.anchorLine}`);
  });

  it('a nested object (defender.json\'s CimSystemProperties naming another computer as "servername"): refused', () => {
    const text = mr01Text('defender.json');
    // The top-level CimSystemProperties is the last one: its ServerName is the last such line.
    const lines = text.split('\n');
    const at = lines.findLastIndex((l) => l.includes('"ServerName":'));
    lines.splice(at + 1, 0, '                                "servername":  "CT01-CONSOLE",');
    expect(refused(mr01FolderWith({ 'defender.json': lines.join('\n') }), 'nested')).toContain(`defender.json at line ${at + 2}: member "servername" is written twice in one object, also as "ServerName" on line ${at + 1}`);
  });

  it('the same name in different objects, and names differing by more than case, are read', () => {
    expect(parseJsonLocated('{"a": {"X": 1}, "b": {"x": 2}, "ab": 3, "a_b": 4}', 'ok.json').value).toEqual({ a: { X: 1 }, b: { x: 2 }, ab: 3, a_b: 4 });
    // The exact duplicate keeps its message.
    expect(userErrorOf(() => parseJsonLocated('{\n"k": 1,\n"k": 2}', 'dup.json')).message).toBe('dup.json at line 3: member "k" is written twice in one object; JSON readers disagree on which value holds, so neither is taken');
  });
});
