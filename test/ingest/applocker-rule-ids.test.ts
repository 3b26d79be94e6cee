// AppLocker keys a policy's rules by their Id GUID: Set-AppLockerPolicy rejects a policy in which two
// rules (of one collection or of two) share one, and Get-AppLockerPolicy never writes one. Such a
// file, or a rule whose Id is no GUID, was edited or put together by hand: refused, naming both rules'
// lines (read as given, both rules were counted and judged as if the console held them).
import { describe, expect, it } from 'vitest';
import { parserFor, type ParsedExport } from '../../src/ingest/index.js';
import { input, mr01Text, utf16 } from './fixture-folder.js';
import { userErrorOf } from '../support/user-error.js';

const parser = parserFor('applocker-policy');
/** MR01's policy with each rule on its own line (line 1 is the root and the first collections). */
const policy = mr01Text('applocker.xml').replace(/<(FilePathRule|FilePublisherRule|FileHashRule) /g, '\n<$1 ');
const lineOf = (xml: string, needle: string) => xml.slice(0, xml.indexOf(needle)).split('\n').length;
const parse = (xml: string): ParsedExport => parser.parse(input('applocker.xml', utf16(xml)));
const ALL_FILES = 'fd686d83-a829-4351-8ff4-27c7de5755d2'; // Exe: (Default Rule) All files
const PROGRAM_FILES = '921cc481-6e17-4653-8f75-050b80acca20'; // Exe: Program Files
const SCRIPTS = '06dce67b-934c-454f-a263-2515c8796a5d'; // Script: Program Files

describe('AppLocker rule ids', () => {
  it('the policy as exported, one Id per rule, is read', () => {
    expect(parse(policy).facts.length).toBeGreaterThan(0);
  });

  it('two rules of one collection sharing an Id are refused, naming both lines', () => {
    const xml = policy.replace(ALL_FILES, PROGRAM_FILES);
    const e = userErrorOf(() => parse(xml));
    expect(e.file).toBe('applocker.xml');
    const [a, b] = [lineOf(xml, `Id="${PROGRAM_FILES}"`), xml.split('\n').findIndex((l) => l.includes('(Default Rule) All files"')) + 1];
    expect(a).not.toBe(b);
    expect(e.where).toBe(`line ${b}`);
    expect(e.message).toContain(`two rules share the Id "${PROGRAM_FILES}"`);
    expect(e.message).toContain(`<FilePathRule> "(Default Rule) All files located in the Program Files folder" of <RuleCollection Type="Exe">, line ${a}`);
    expect(e.message).toContain(`<FilePathRule> "(Default Rule) All files" of <RuleCollection Type="Exe">, line ${b}`);
  });

  it('two rules of different collections sharing an Id (in another case) are refused, naming both', () => {
    const xml = policy.replace(SCRIPTS, PROGRAM_FILES.toUpperCase());
    const e = userErrorOf(() => parse(xml));
    expect(e.where).toBe(`line ${lineOf(xml, PROGRAM_FILES.toUpperCase())}`);
    expect(e.message).toContain(`of <RuleCollection Type="Exe">, line ${lineOf(xml, `Id="${PROGRAM_FILES}"`)}`);
    expect(e.message).toContain(`of <RuleCollection Type="Script">, line ${lineOf(xml, PROGRAM_FILES.toUpperCase())}`);
  });

  it('a rule whose Id is no GUID, or that has none, is refused naming its line', () => {
    for (const [id, found] of [['rule-1', '"rule-1"'], ['', '""'], [`${ALL_FILES}0`, `"${ALL_FILES}0"`]] as const) {
      const xml = policy.replace(`Id="${ALL_FILES}"`, `Id="${id}"`);
      const e = userErrorOf(() => parse(xml));
      expect(e.where, id).toBe(`line ${lineOf(xml, '(Default Rule) All files"')}`);
      expect(e.message).toContain(`expected an Id GUID`);
      expect(e.message).toContain(`found ${found}`);
    }
    const none = policy.replace(`Id="${ALL_FILES}" `, '');
    expect(userErrorOf(() => parse(none)).message).toMatch(/expected an Id GUID .*<FilePathRule> "\(Default Rule\) All files" of <RuleCollection Type="Exe">.*found none/);
  });

  it('a GUID in braces or upper case, distinct from the others, is read', () => {
    expect(() => parse(policy.replace(ALL_FILES, `{${ALL_FILES.toUpperCase()}}`))).not.toThrow();
  });
});
