// A value the snapshot holds that a secret equals by chance is masked as the secret's copy (every
// copy: src/snapshot/secrets.ts). The check reading it is then not collected, saying a value was
// masked as a copy of a secret; never a pass or a fail on "[REDACTED]", nor "not read". Swept over
// every value of a sample snapshot that a secret could equal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext, MASKED_REASON_HEAD } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import { MIN_COPIED_SECRET, redactSnapshot } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const sample = (): Snapshot & { access: { ldap: Record<string, unknown> } } =>
  JSON.parse(readFileSync(new URL('../samples/MR-01/MR-01_2026-11-02.json', import.meta.url), 'utf8')) as Snapshot & { access: { ldap: Record<string, unknown> } };

/** The texts and numbers of the console's values a secret could equal (MIN_COPIED_SECRET or longer, not a word of letters alone). */
function values(v: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(v)) v.forEach((x, i) => values(x, `${path}/${i}`, out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) values(x, `${path}/${k}`, out);
  else if ((typeof v === 'string' || typeof v === 'number') && !/^\/(provenance|schemaVersion|collectedAt|device\/id)|bindPassword/.test(path)) {
    const s = String(v);
    if (s.length >= MIN_COPIED_SECRET && !/^[A-Za-z]+$/.test(s) && !out.has(s)) out.set(s, path);
  }
}

describe('a value equal by chance to a secret', () => {
  it('leaves every check reading it not collected, with the masked reason, or as it was', () => {
    const base = redactSnapshot(sample());
    const before = new Map(catalog.checks.map((c) => [c.id, evaluateCheck(c, base, params).status]));
    const found = new Map<string, string>();
    values(sample(), '', found);
    expect(found.size).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const [secret, path] of found) {
      const s = sample();
      s.access.ldap.bindPassword = secret;
      const r = redactSnapshot(s);
      const ctx = makeContext(r, params);
      for (const c of catalog.checks) {
        const res = evaluateCheck(c, r, params);
        if (checkStatus(c, r, ctx) !== res.status) wrong.push(`${path} ${c.id}: checkStatus ${checkStatus(c, r, ctx)}, evaluateCheck ${res.status}`);
        if (res.status === before.get(c.id)) continue;
        if (res.status !== 'not-collected' || !res.reason?.includes(MASKED_REASON_HEAD)) wrong.push(`${path} ${c.id}: ${before.get(c.id)} -> ${res.status} (${res.reason ?? ''})`);
        if (res.reason?.includes('bindPassword')) wrong.push(`${path} ${c.id}: the reason names the secret's field`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
