// A Get-NetFirewallProfile export's "NotConfigured" is Windows' default only in the active store
// (collect.ps1 exports -PolicyStore ActiveStore); an export of a Group Policy or the local store,
// or one that does not say its store, means "this store does not set it". It was read as the
// default everywhere: a Public profile's NotConfigured DefaultInboundAction made it "block", and
// FW-DEFAULT-DENY-IN passed (SC-7(5), CM-7) on a value nobody collected. Assessed through the CLI
// from an export folder; the ARs stay valid against NIST's schemas.
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
const { assess, written } = arAssessor('ato-firewall-store-', '2024-03-01T12:00:00Z', { warm: true });

const profiles = (): string => {
  const t = mr01Text('firewall-profiles.csv').replace(/^"Public","True","Block"/m, '"Public","True","NotConfigured"');
  expect(t).toMatch(/"Public","True","NotConfigured"/);
  return t;
};
/** collection.json with its collector renamed (a collection whose store nothing says), written under another name, recognised by content. */
const otherCollector = (): string => {
  const m = JSON.parse(mr01Text('collection.json')) as Json;
  m.collector.name = 'gpo-export.ps1';
  m.files = (m.files as string[]).filter((f) => f !== 'firewall-netsh.txt');
  return JSON.stringify(m, null, 2);
};
const denyIn = (ar: Json) => {
  const o = observationOf(ar, 'MR-01', 'FW-DEFAULT-DENY-IN');
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

describe('FW-DEFAULT-DENY-IN: NotConfigured from an export whose policy store is not known', () => {
  it('collect.ps1 (active store) lists the file: NotConfigured is Windows\' Block, the check passes', () => {
    expect(denyIn(assess(mr01FolderWith({ 'firewall-profiles.csv': profiles(), 'firewall-netsh.txt': null }))).result).toBe('pass');
  });

  it('without collection.json the store is not known: not collected, saying why', () => {
    const { result, text } = denyIn(assess(mr01FolderWith({ 'firewall-profiles.csv': profiles(), 'firewall-netsh.txt': null, 'collection.json': null })));
    expect(result).toBe('not-collected');
    expect(text).toMatch(/Public DefaultInboundAction as NotConfigured/);
    expect(text).toMatch(/active store/);
  });

  it('a collection.json of another collector: not collected either', () => {
    const { result } = denyIn(assess(mr01FolderWith({ 'firewall-profiles.csv': profiles(), 'firewall-netsh.txt': null, 'collection.json': null, 'manifest.json': otherCollector() })));
    expect(result).toBe('not-collected');
  });
});

describeArsValid('firewall store: the ARs stay valid', written);
