// Messages built from a name took "a" whatever the name: "auditpol.csv: named like a auditpol /backup
// CSV", "points at a observation", "is a rsa key"; and the catalog warning said "their titles" for one
// control. The article now follows the name's sound (src/io/english.ts), the noun the count.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { articleFor, withArticle } from '../src/io/english.js';
import { recognise, type ExportInput } from '../src/ingest/index.js';
import { withCatalog } from '../src/assess/config.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { mr01Text, utf16 } from './ingest/fixture-folder.js';

const input = (name: string, bytes: Buffer): ExportInput => ({ name, bytes });

describe('the article before a name', () => {
  it.each([
    ['auditpol /backup CSV', 'an'], ['event log file ACL CSV', 'an'], ['AppLocker policy XML', 'an'], ['observation', 'an'],
    ['inventory-item', 'an'], ['unknown', 'an'], ['hour', 'an'], ['RSA', 'an'], ['EC', 'an'], ['X25519', 'an'], ['ED448', 'an'], ['MIT licence', 'an'],
    ['Get-LocalUser CSV', 'a'], ['GPO advanced audit policy audit.csv', 'a'], ['w32tm /query /status text', 'a'], ['user', 'a'],
    ['unique id', 'a'], ['one-time code', 'a'], ['UTF-8 file', 'a'], ['DSA', 'a'], ['poam-item', 'a'], ['registry.pol (PReg)', 'a'],
  ])('%s takes "%s"', (phrase, article) => {
    expect(articleFor(phrase)).toBe(article);
  });

  it('a lower-case word takes "an" after a, i or o and "a" after a consonant other than h', () => {
    const tail = fc.stringMatching(/^[a-z]{0,8}$/);
    fc.assert(fc.property(fc.constantFrom(...'aio'), tail, (v, t) => articleFor(`${v}${t}x`) === 'an'));
    fc.assert(fc.property(fc.constantFrom(...'bcdfgjkpqtvwz'), tail, (c, t) => articleFor(`${c}a${t}`) === 'a'));
  });
});

describe('messages built with a name', () => {
  it('a file named like one export holding another says "an" before a vowel sound', () => {
    const r = recognise(input('auditpol.csv', utf16(mr01Text('local-users.csv'))));
    expect('nameHint' in r ? r.nameHint : undefined).toBe('auditpol.csv: named like an auditpol /backup CSV but its content is a Get-LocalUser CSV; read as the latter');
    const back = recognise(input('local-users.csv', Buffer.from(mr01Text('auditpol.csv'))));
    expect('nameHint' in back ? back.nameHint : undefined).toBe('local-users.csv: named like a Get-LocalUser CSV but its content is an auditpol /backup CSV; read as the latter');
  });

  it('a catalog lacking one control says "its title", lacking two "their titles"', () => {
    const bundled = loadControlIndex();
    const user = { ...bundled, controls: { 'ac-2': bundled.controls['ac-2']! } };
    const one: string[] = [];
    withCatalog(bundled, user, ['ac-2', 'ac-7'], 'cat.json', one);
    expect(one).toContain('cat.json does not define ac-7; its title and objectives come from the bundled rev5 index');
    const two: string[] = [];
    withCatalog(bundled, user, ['ac-2', 'ac-7', 'au-9'], 'cat.json', two);
    expect(two).toContain('cat.json does not define ac-7, au-9; their titles and objectives come from the bundled rev5 index');
  });
});
