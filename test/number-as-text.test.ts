// A text spelling a number where a check compares a number (LmCompatibilityLevel written as the
// REG_SZ "5" instead of the DWORD 5) never equals it: the check fails. The fail's texts used to show
// the text as the number's meaning, "found: Send NTLMv2 response only. Refuse LM & NTLM (5)" beside
// the same required value, a fail an assessor reads as a pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = new URL('..', import.meta.url).pathname;
const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const LM = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel';

function withLm(value: unknown) {
  const s = JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json'), 'utf8')) as Snapshot;
  (s.hardening!.registry as Record<string, unknown>)[LM] = value;
  const snap = readSnapshot(Buffer.from(JSON.stringify(s)), 'MR-01.json').snapshot;
  return evaluateCheck(catalog.checks.find((c) => c.id === 'AUTH-NTLMV2-ONLY')!, snap, params, { now: '2026-11-02T18:00:00Z' });
}

describe('a number written as text where a number is compared', () => {
  it('the premise: the DWORD 5 passes', () => {
    expect(withLm(5).status).toBe('pass');
  });

  it.each(['5', ' 5 ', '0x5'])('the text %j fails, and the found value says it is text, never the meaning of 5', (text) => {
    const r = withLm(text);
    expect(r.status).toBe('fail');
    const said = JSON.stringify(r);
    expect(r.observed).toContain('written as text where a number is required');
    // The meaning of 5 is stated only as what is required, never as what was found.
    expect(said.match(/Refuse LM & NTLM/g)?.length ?? 0).toBe((JSON.stringify(withLm(4)).match(/Refuse LM & NTLM/g) ?? []).length);
  });

  it('a text that is no number is shown as written', () => {
    const r = withLm('NTLMv2');
    expect(r.status).not.toBe('pass');
    expect(r.observed).toContain('NTLMv2');
    expect(r.observed).not.toContain('written as text');
  });
});
