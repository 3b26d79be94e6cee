// A syslog destination on the console itself, written as Windows' inet_addr reads an IPv4
// address: 2130706433 (one decimal number), 0x7f000001 (hex) and 0177.0.0.1 (octal) are all
// 127.0.0.1, yet passed AUDIT-FORWARD as "a separate system". Assessed from an export folder
// through the CLI; the AR stays valid against NIST's schemas.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

type Json = Record<string, any>;
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written } = arAssessor('ato-syslog-loopback-', '2024-03-01T12:00:00Z', { warm: true });

function forwardingTo(server: string): string | undefined {
  const d = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  d.syslog.server = server;
  const ar = assess(mr01FolderWith({ 'vendor-settings.json': JSON.stringify(d, null, 2) }));
  return propOf(observationOf(ar, 'MR-01', 'AUDIT-FORWARD'), 'result');
}

describe('AUDIT-FORWARD: the loopback network in every notation Windows reads', () => {
  it('the premise: MR-01 forwarding to siem.hospital.local passes', () => {
    expect(forwardingTo('siem.hospital.local')).toBe('pass');
  });

  it.each(['2130706433', 'tcp://0x7f000001:6514', '0177.0.0.1', '[::ffff:7f00:1]:514'])('%s is the console itself: fail', (server) => {
    expect(forwardingTo(server)).toBe('fail');
  });

  it.each(['2130706431', '0127.0.0.1'])('%s is another system (126.255.255.255; octal 0127 is 87): pass', (server) => {
    expect(forwardingTo(server)).toBe('pass');
  });
});

describeArsValid('syslog loopback: the AR stays valid', written);
