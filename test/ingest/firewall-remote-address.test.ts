// A firewall rule's RemoteAddress entry Windows never writes: two lists run together with ";" or a
// blank, or a line break inside the quoted cell. The entry was kept as one address; one with a line
// break made assess end in an internal error with a stack trace (address-span's keyword test threw).
// Such an entry is now refused at ingest, naming the file, the line and the entry, exit 1, nothing
// written; an entry list Windows writes ("," between entries) is read as before.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, errorLine } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const NOW = '2024-03-01T12:00:00Z';
const { assess, cli, dir } = arAssessor('ato-firewall-remote-address-', NOW);

/** MR-01's rules with every enabled inbound allow rule scoped to the modalities' subnet, and Acme Remote Service's scope written as `remote`. */
function rulesWith(remote: string): string {
  const text = mr01Text('firewall-rules.csv');
  const lines = text.split('\n');
  const acme = lines.findIndex((l) => l.includes('"Acme Remote Service"'));
  expect(acme).toBeGreaterThan(0);
  const scoped = lines.map((l, i) => (i === acme ? l.replace('"LocalSubnet"', JSON.stringify(remote).replace(/\\n/g, '\n')) : l.replace(/("Inbound","Allow","[^"]*","[^"]*","[^"]*",)"Any"/, '$1"10.20.0.0/255.255.0.0"')));
  return mr01FolderWith({ 'firewall-rules.csv': scoped.join('\n') });
}

describe('a firewall rule RemoteAddress entry Windows never writes', () => {
  it('the premise: entries separated by "," are read, and a "*" among them fails FW-REMOTE-SCOPE', () => {
    expect(propOf(observationOf(assess(rulesWith('10.20.0.1')), 'MR-01', 'FW-REMOTE-SCOPE'), 'result')).toBe('pass');
    expect(propOf(observationOf(assess(rulesWith('10.20.0.1,*')), 'MR-01', 'FW-REMOTE-SCOPE'), 'result')).toBe('fail');
  });

  it.each([['a line break inside', '10.20.0.1\n*', /"10\.20\.0\.1(\\r)?\\n\*"$/], ['";" between entries', '10.20.0.1;*', /"10\.20\.0\.1;\*"$/], ['a blank between entries', '10.20.0.1 *', /"10\.20\.0\.1 \*"$/], ['a host name', 'pacs.example.org', /"pacs\.example\.org"$/]])('%s: refused naming the line and the entry, never an internal error', (tag, remote, shown) => {
    const out = join(dir(), tag.replace(/\W+/g, '-'));
    const r = cli(['assess', rulesWith(remote), '--out', out, '--now', NOW, '--no-pdf']);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toMatch(/firewall-rules\.csv at line 4: expected remote addresses in column "RemoteAddress" as Windows exports them.*, found "/);
    expect(line).toMatch(shown);
    expect(existsSync(out)).toBe(false);
  });
});
