// The active store lists a rule of one Name once per store holding it (local and Group Policy), and
// both are in effect; a Name again may also be another export appended. Each row is read as a rule:
// every check over rules is every/none, so the copy that allows more decides whichever line it is
// on, never the copy a check would pass on. Other settings are warned naming both lines.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { mr01IngestedWith, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const scope = catalog.checks.find((c) => c.id === 'FW-REMOTE-SCOPE')!;

// MR-01's header and its Acme remote service rule alone: its other rules fail FW-REMOTE-SCOPE already.
const mr01Lines = mr01Text('firewall-rules.csv').trimEnd().split('\n');
const acme = mr01Lines.find((l) => l.includes('"Acme Remote Service"'))!;
const lines = [mr01Lines[0]!, acme];
const acmeIndex = 1;
const RULES = `${lines.join('\n')}\n`;
const open = acme.replace('"LocalSubnet"', '"Any"');

describe('a firewall rule listed twice with other settings', () => {
  it('the fixture scopes the Acme remote service to LocalSubnet, and FW-REMOTE-SCOPE passes on it alone (the baseline)', () => {
    expect(acme).toContain('"LocalSubnet"');
    expect(evaluateCheck(scope, mr01IngestedWith('firewall-rules.csv', RULES).snapshot, params).status).toBe('pass');
  });

  it('a copy open to Any appended: both read, FW-REMOTE-SCOPE fails, a warning names both lines and the column', () => {
    const r = mr01IngestedWith('firewall-rules.csv', `${RULES.trimEnd()}\n${open}\n`);
    expect(r.snapshot.firewall?.rules?.filter((x) => x.name === 'Acme Remote Service')).toHaveLength(2);
    expect(evaluateCheck(scope, r.snapshot, params).status).toBe('fail');
    expect(r.warnings.join('\n')).toContain(`firewall-rules.csv: line ${lines.length + 1}: rule Name "{0D1E2F3A-4B5C-4D6E-8F70-81A2B3C4D5E6}" is listed again with other settings (column "RemoteAddress") than on line ${acmeIndex + 1}`);
  });

  it('the open copy first and the scoped one after: still fails (the line order decides nothing)', () => {
    const swapped = [...lines];
    swapped[acmeIndex] = open;
    const r = mr01IngestedWith('firewall-rules.csv', `${swapped.join('\n')}\n${acme}\n`);
    expect(evaluateCheck(scope, r.snapshot, params).status).toBe('fail');
    expect(r.warnings.join('\n')).toMatch(/is listed again with other settings \(column "RemoteAddress"\)/);
  });

  it('the same row again (both stores holding it alike): read, no warning', () => {
    const r = mr01IngestedWith('firewall-rules.csv', `${RULES.trimEnd()}\n${acme}\n`);
    expect(r.warnings.join('\n')).not.toMatch(/listed again/);
    expect(evaluateCheck(scope, r.snapshot, params).status).toBe('pass');
  });
});

describe('why reading both copies is the cautious reading', () => {
  it('every catalog check over firewall.rules asks every or none (an "exists" would pass on the copy it likes: rethink firewall-csv.ts then)', () => {
    const found: Array<[string, unknown]> = [];
    const walk = (x: unknown, id: string): void => {
      if (Array.isArray(x)) return x.forEach((e) => walk(e, id));
      if (x === null || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (o.field === 'firewall.rules') found.push([id, o.operator]);
      for (const v of Object.values(o)) walk(v, id);
    };
    for (const c of catalog.checks) walk(c, c.id);
    expect(found.length).toBeGreaterThan(0);
    for (const [id, op] of found) expect(['every', 'none'], id).toContain(op);
  });
});
