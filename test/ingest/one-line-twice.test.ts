// One line of an export stating one setting twice, differently: netsh's "Firewall Policy
// BlockInbound,AllowInbound,AllowOutbound" gave the domain profile's inbound default as block and
// as allow on one line, and the merge, which refused a value given twice only on two lines, kept
// the first one read: FW-DEFAULT-DENY-IN passed on a profile that may let every port in. Which
// one holds is a guess: the folder is refused, naming the file, the line and both values.
// Assessed from an export folder through the CLI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, errorLine } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const NOW = '2024-03-01T12:00:00Z';
const { assess, cli, dir } = arAssessor('ato-one-line-twice-', NOW);

/** MR-01's netsh output with the domain profile's Firewall Policy line written as `policy`; the profiles CSV (which states the same) left out. */
function netshPolicy(policy: string, withProfilesCsv = false): string {
  const text = mr01Text('firewall-netsh.txt');
  const line = /^Firewall Policy\s+BlockInbound,AllowOutbound\s*$/m.exec(text);
  expect(line).not.toBeNull();
  const edited = text.replace(line![0], `Firewall Policy                       ${policy}`);
  return mr01FolderWith({ 'firewall-netsh.txt': edited, ...(withProfilesCsv ? {} : { 'firewall-profiles.csv': null }) });
}

describe('netsh Firewall Policy naming the inbound default twice on one line', () => {
  it('the premise: netsh alone (BlockInbound on every profile) passes FW-DEFAULT-DENY-IN', () => {
    const ar = assess(netshPolicy('BlockInbound,AllowOutbound'));
    expect(propOf(observationOf(ar, 'MR-01', 'FW-DEFAULT-DENY-IN'), 'result')).toBe('pass');
  });

  it.each(['BlockInbound,AllowInbound,AllowOutbound', 'AllowInbound,BlockInbound,AllowOutbound'])('%s: refused, naming the file, the line and both values; nothing written', (policy) => {
    const out = join(dir(), `twice-${policy.slice(0, 5)}`);
    const r = cli(['assess', netshPolicy(policy), '--out', out, '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toMatch(/firewall-netsh\.txt at Domain Profile Firewall Policy, line \d+: .*defaultInboundAction is given twice, differently/);
    expect(line).toContain('"block"');
    expect(line).toContain('"allow"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('also beside the profiles CSV, which outranks netsh: a file that contradicts itself is refused, not outvoted', () => {
    const out = join(dir(), 'twice-with-csv');
    const r = cli(['assess', netshPolicy('BlockInbound,AllowInbound,AllowOutbound', true), '--out', out, '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/firewall-netsh\.txt at Domain Profile Firewall Policy, line \d+: .*defaultInboundAction is given twice, differently/);
    expect(existsSync(out)).toBe(false);
  });

  it('the same default twice on one line is one value: read as before', () => {
    const ar = assess(netshPolicy('BlockInbound,BlockInboundAlways,AllowOutbound'));
    expect(propOf(observationOf(ar, 'MR-01', 'FW-DEFAULT-DENY-IN'), 'result')).toBe('pass');
  });
});
