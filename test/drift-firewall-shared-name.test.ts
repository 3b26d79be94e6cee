// Firewall rules exported without a Name share their DisplayName (one per profile, "Core Networking
// (DHCP-In)"): diff matched them by position, so a rule inserted above them shifted each onto its
// neighbour's settings and showed changes no rule had. They are matched by content now.
import { describe, expect, it } from 'vitest';
import { diffSettings } from '../src/drift/settings.js';
import { ingestInputs } from '../src/ingest/index.js';
import { context } from './support/drift.js';
import { input, mr01Files, mr01Text } from './ingest/fixture-folder.js';

const ctx = context();
const NAME = 'Core Networking (DHCP-In)';
/** A rule row with no Name (the header is the fixture's: Name, DisplayName, Enabled, Direction, Action, Profile, Protocol, LocalPort, RemoteAddress, Program). */
const row = (profile: string, port: string, enabled = 'True', name = NAME) => `"","${name}","${enabled}","Inbound","Allow","${profile}","UDP","${port}","Any","Any"`;
const RULES = [row('Domain', '68'), row('Private', '68'), row('Public', '67')];

/** MR-01's snapshot with firewall-rules.csv holding the fixture's header and `rows` only. */
function snapshot(rows: string[]) {
  const files = mr01Files();
  const header = mr01Text('firewall-rules.csv').split('\n')[0]!.trimEnd();
  files.set('firewall-rules.csv', Buffer.from([header, ...rows].join('\r\n') + '\r\n'));
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01').snapshot;
}
const changes = (before: string[], after: string[]) => diffSettings(snapshot(before), snapshot(after), ctx).map((c) => ({ kind: c.kind, path: c.path }));

describe('firewall rules sharing a DisplayName: diff matches them by their settings, not their place', () => {
  it('the fixture header starts with Name, DisplayName, Enabled, Direction, Action, Profile, Protocol, LocalPort, RemoteAddress, Program', () => {
    expect(mr01Text('firewall-rules.csv').split('\n')[0]).toMatch(/^"Name","DisplayName","Enabled","Direction","Action","Profile","Protocol","LocalPort","RemoteAddress","Program"/);
  });

  it('a rule of the same DisplayName inserted above them is one rule added; the others are unchanged', () => {
    const c = changes(RULES, [row('Any', '546'), ...RULES]);
    expect(c).toHaveLength(1);
    expect(c[0]!.kind).toBe('added');
    expect(c[0]!.path).toBe(`firewall.rules[${NAME}|inbound#1]`);
  });

  it('a rule of another name inserted above them is that rule added, nothing else', () => {
    expect(changes(RULES, [row('Any', '9', 'True', 'Echo'), ...RULES])).toEqual([{ kind: 'added', path: 'firewall.rules[Echo|inbound]' }]);
  });

  it('one of them disabled is that one changed (enabled), named by its place', () => {
    const after = [RULES[0]!, row('Private', '68', 'False'), RULES[2]!];
    expect(changes(RULES, after)).toEqual([{ kind: 'changed', path: `firewall.rules[${NAME}|inbound#2].enabled` }]);
  });

  it('two identical rows are two rules: one of them removed is one removed, never merged away', () => {
    const twice = [...RULES, RULES[1]!];
    expect(snapshot(twice).firewall!.rules!.filter((r) => r.name === NAME)).toHaveLength(4);
    expect(changes(twice, RULES)).toEqual([{ kind: 'removed', path: `firewall.rules[${NAME}|inbound#4]` }]);
    expect(changes(RULES, RULES)).toEqual([]);
  });
});
