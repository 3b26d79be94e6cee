// at-2 attested whole and reviewed, none of its ODPs defined, is partially assessed (48aa716): the
// AR names the undefined ODPs and leaves no objective to the assessor. The CLI summary said
// "Partially assessed (nothing failed; objectives left to the assessor): at-2 (0 objectives)" and
// --json's partialControls gave at-2 objectivesLeft [] and nothing else: as if nothing were
// missing. Both now name what the AR names, read here from the AR itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { odpParamsJson, sampleAttestationsWithAt2Whole } from './support/attestations.js';
import { writeFileSync } from 'node:fs';

type Json = Record<string, any>;
const NOW = '2026-11-02T18:00:00Z';

describe('assess CLI: a control partial only for its undefined ODPs says so, as the AR does', () => {
  const { dir, cli } = cliScratch('ato-cli-partial-odps-');
  const run = (out: string, extra: string[] = []) => {
    const att = sampleAttestationsWithAt2Whole(ROOT, join(dir(), 'att'));
    const r = cli(['assess', join(ROOT, 'samples'), '--out', out, '--attestations', att, '--system', join(ROOT, 'samples/system.yaml'), '--now', NOW, '--no-pdf', '--json', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir(), out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
    const at2 = (ar.findings as Json[]).find((f) => f.target['target-id'] === 'at-2_smt' || ((f.props as Json[]).some((p) => p.name === 'control-id' && p.value === 'at-2') && !(f.props as Json[]).some((p) => p.name === 'objective-id')))!;
    return { r, json: JSON.parse(r.stdout) as Json, at2 };
  };

  it('names the undefined ODPs in --json and counts them in the human summary, where no objective is left', () => {
    const { r, json, at2 } = run('pkg');
    // The AR's own statement: partially assessed, and which ODPs nobody defined.
    expect((at2.props as Json[]).some((p) => p.name === 'assessment-state' && p.value === 'partially-assessed')).toBe(true);
    // The ODPs are named with their labels ('at-02_odp.01 (organization-defined frequency), ...'): their ids alone.
    const named = /Organisation-defined parameters not defined: (.*?); no --params/.exec(at2.description)?.[1]?.match(/\b[a-z]{2}-\d+(?:\.\d+)?_odp\.\d+/g) ?? undefined;
    expect(named?.length).toBeGreaterThan(0);
    const partial = (json.partialControls as Json[]).find((c) => c.control === 'at-2')!;
    expect(partial.objectivesLeft).toEqual([]);
    expect(partial.undefinedOdps).toEqual(named);
    // The human summary (without --json) of the same run.
    const h = cli(['assess', join(ROOT, 'samples'), '--out', 'pkg-human', '--attestations', join(dir(), 'att/attestations-at-2-whole.yaml'), '--system', join(ROOT, 'samples/system.yaml'), '--now', NOW, '--no-pdf']);
    expect(h.code, h.stderr).toBe(0);
    expect(h.stderr).toContain(`at-2 (${named!.length} parameters the organisation has not defined)`);
    expect(h.stderr).not.toContain('at-2 (0 objectives)');
    expect(r.code).toBe(0);
  });

  it('with the ODPs defined (--params), at-2 is satisfied and no undefined ODP is named', () => {
    const params = join(dir(), 'odp-params.json');
    writeFileSync(params, odpParamsJson(['at-2']));
    const { json, at2 } = run('pkg-odps', ['--params', params]);
    expect(at2.target.status.state).toBe('satisfied');
    expect((json.partialControls as Json[]).some((c) => c.control === 'at-2')).toBe(false);
    expect((json.controls as Json[]).find((c) => c.control === 'at-2')?.undefinedOdps).toBeUndefined();
  });
});
