// Evidence dated after the assessment clock. A snapshot collected after --now is refused by every
// loader (assess, diff, monitor); evaluateCheck, which a caller may give any snapshot and clock,
// computed its age negative, under any bound, and let a pass stand. Now a pass (or a
// not-applicable) on evidence collected after the clock is not collected, naming both times; a fail
// stays, as on stale evidence. An event dated after collection is judged by futureDated alike for
// every age rule (a Defender signature dated next year: not collected).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check } from '../src/catalog/types.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const byId = (id: string): Check => catalog.checks.find((c) => c.id === id)!;
const NOW = '2026-11-02T10:00:00Z';

function snap(collectedAt: string, signatureUpdatedAt: string, threshold = 0): Snapshot {
  return {
    schemaVersion: '1.0', device: { id: 'D-1' }, collectedAt,
    hardening: { services: [{ name: 'WinDefend', startType: 'automatic', state: 'running' }] },
    malware: { antimalware: { signatureUpdatedAt } },
    access: { lockoutPolicy: { local: { threshold } }, ldap: { enabled: false } },
  } as Snapshot;
}

describe('evidence collected after the assessment clock', () => {
  for (const [what, collectedAt] of [['by seconds', '2026-11-02T10:00:05Z'], ['by days', '2026-11-09T10:00:00Z']] as const) {
    it(`a pass on a snapshot collected after --now (${what}) is not collected, naming both times`, () => {
      const s = snap(collectedAt, new Date(Date.parse(collectedAt) - 3_600_000).toISOString()); // updated an hour before
      // Judged at its own collection it passes: only the clock withholds it.
      expect(evaluateCheck(byId('MAL-SIG-AGE'), s, params, { now: collectedAt }).status).toBe('pass');
      const r = evaluateCheck(byId('MAL-SIG-AGE'), s, params, { now: NOW });
      expect(r.status).toBe('not-collected');
      expect(r.reason).toContain(NOW);
      expect(r.reason).toMatch(/after the assessment time/);
    });

    it(`a pass reading no date at all on a snapshot collected after --now (${what}) is not collected either`, () => {
      const s = snap(collectedAt, '2026-01-01T00:00:00Z', 3);
      expect(evaluateCheck(byId('LOCKOUT-THRESHOLD'), s, params, { now: collectedAt }).status).toBe('pass');
      const r = evaluateCheck(byId('LOCKOUT-THRESHOLD'), s, params, { now: NOW });
      expect(r.status).toBe('not-collected');
      expect(r.reason).toContain(`collected at ${collectedAt}, after the assessment time (${NOW})`);
    });
  }

  it('a fail on such a snapshot stays a fail (as on stale evidence)', () => {
    const r = evaluateCheck(byId('LOCKOUT-THRESHOLD'), snap('2026-11-02T10:00:05Z', '2026-11-01T03:00:00Z'), params, { now: NOW });
    expect(r.status).toBe('fail');
  });

  it('a signature dated next year, or after --now within the skew, never passes MAL-SIG-AGE', () => {
    for (const sig of ['2027-11-01T03:12:00Z', '2026-11-02T11:00:00Z']) {
      const r = evaluateCheck(byId('MAL-SIG-AGE'), snap('2026-11-02T09:21:00Z', sig), params, { now: NOW });
      expect(r.status, sig).toBe('not-collected');
      expect(r.reason, sig).toMatch(/age is unknown/);
    }
  });
});
