// What a check requires is stated once per reader (docs/documents.md, "Values: raw for machines,
// named for people"): raw in the AR's expected-value prop and the CSV's expected_value column, in
// the wording's words everywhere a person reads it. The CKL, CKLB and HDF "Required:" line and the
// monitoring PDF's "expected:" stated the raw expected-value ("Account lockout duration (minutes)
// at least 15 (or -1, 0)") where the AR's description, the CSV and the PDF said "15 minutes or
// more (-1 or 0: until an administrator unlocks)". Each is read here from the AR, not copied; the
// organisation's own parameter value (30, not the catalog's 15) must be the one stated.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { readCkl } from './support/ckl-reader.js';
import { requireTool } from './support/pdf-layout.js';

type Json = Record<string, any>;

/** The AR's "Required: …" text of an observation's description, up to the sentence that follows. */
function arRequired(o: Json): string {
  const d = String(o.description);
  const at = d.indexOf(' Required: ');
  expect(at, d).toBeGreaterThan(0);
  return d.slice(at + ' Required: '.length);
}

/** The "Required: " line of an export's text block. */
function requiredLine(block: string): string | undefined {
  return /^Required: (.*)$/m.exec(block)?.[1];
}

describe('the exports and the monitoring PDF state what a check requires as the AR\'s description does', () => {
  const { dir, cli } = cliScratch('ato-required-wording-');
  let ready = false;
  const run = () => {
    if (ready) return;
    const sample = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Json;
    mkdirSync(join(dir(), 'before'), { recursive: true });
    // Old: the sample's 15 minutes, short of the organisation's 30; new: -1 (until an administrator unlocks).
    writeFileSync(join(dir(), 'before/MR-01.json'), JSON.stringify(sample, null, 2));
    sample.access.lockoutPolicy.local.durationMinutes = -1;
    writeFileSync(join(dir(), 'MR-01.json'), JSON.stringify(sample, null, 2));
    writeFileSync(join(dir(), 'params.json'), JSON.stringify({ 'lockout-duration-min-minutes': 30 }));
    for (const [input, out] of [['before/MR-01.json', 'old'], ['MR-01.json', 'pkg']]) {
      const r = cli(['assess', input!, '--out', out!, '--now', '2026-11-03T00:00:00Z', '--params', 'params.json']);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const f of ['ckl', 'cklb', 'hdf']) {
      const r = cli(['export', f, 'pkg', '--out', `x-${f}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    ready = true;
  };
  const observations = (): Json[] => (JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8')) as Json)['assessment-results'].results[0].observations;
  const of = (check: string) => observations().find((o) => o.title === `${check} on MR-01`)!;
  const prop = (o: Json, name: string) => (o.props as Json[]).find((p) => p.name === name)?.value as string | undefined;

  it('the CKL, CKLB and HDF "Required:" line of every check is the AR\'s required text, with the organisation\'s value; the AR prop stays raw', () => {
    run();
    // The organisation's 30 is what the AR states, and its prop keeps the raw expected value.
    expect(arRequired(of('LOCKOUT-DURATION')).startsWith('30 minutes or more')).toBe(true);
    expect(prop(of('LOCKOUT-DURATION'), 'expected-value')).toMatch(/at least 30/);

    const blocks: Array<[string, string]> = [];
    const ckl = readCkl(readFileSync(join(dir(), 'x-ckl/MR-01.ckl'), 'utf8'));
    for (const s of ckl.stigs) for (const v of s.vulns) blocks.push(['ckl', v.findingDetails]);
    const cklb = JSON.parse(readFileSync(join(dir(), 'x-cklb/MR-01.cklb'), 'utf8')) as Json;
    for (const s of cklb.stigs) for (const r of s.rules) blocks.push(['cklb', String(r.finding_details ?? '')]);
    const hdf = JSON.parse(readFileSync(join(dir(), 'x-hdf/hdf.json'), 'utf8')) as Json;
    for (const c of (hdf.profiles as Json[]).flatMap((p) => p.controls as Json[])) {
      const r = (c.results as Json[]).find((x) => x.resource === 'MR-01');
      if (r) blocks.push(['hdf', `ato-evidence check ${c.id} (\n${String(r.message ?? r.skip_message)}`]);
    }
    const seen = new Set<string>();
    for (const [kind, text] of blocks) {
      // A checklist rule's details may hold several checks' blocks, each starting with its id.
      for (const block of text.split(/(?=ato-evidence check )/)) {
        const id = /^ato-evidence check (\S+) \(/.exec(block)?.[1];
        const line = requiredLine(block);
        if (!id || line === undefined) continue;
        const o = of(id);
        expect(o, `${kind}: ${id} has an observation on MR-01`).toBeDefined();
        // The AR's sentence goes on after the required text (". Values read at …").
        expect(arRequired(o).startsWith(`${line}.`) || arRequired(o) === line, `${kind} ${id}: "${line}" vs AR "${arRequired(o)}"`).toBe(true);
        seen.add(`${kind} ${id}`);
      }
    }
    for (const kind of ['ckl', 'cklb', 'hdf']) expect(seen.has(`${kind} LOCKOUT-DURATION`), kind).toBe(true);
    expect(seen.size).toBeGreaterThan(30);
  });

  it('a switch the wording does not name reads in the exports\' "Observed:" line as the AR\'s found text names it', () => {
    run();
    const cklb = JSON.parse(readFileSync(join(dir(), 'x-cklb/MR-01.cklb'), 'utf8')) as Json;
    const details = (cklb.stigs as Json[]).flatMap((s) => (s.rules as Json[]).map((r) => String(r.finding_details ?? ''))).join('\n');
    const hdf = JSON.parse(readFileSync(join(dir(), 'x-hdf/hdf.json'), 'utf8')) as Json;
    // FIPS mode on (true), reversible encryption off (false): neither value named in check-wording.yaml.
    for (const check of ['OS-FIPS', 'PWD-REVERSIBLE']) {
      const o = of(check);
      const raw = prop(o, 'observed-value')!;
      expect(['true', 'false']).toContain(raw);
      // The found text's word for it ("…: Enabled."), read from the AR's description.
      const word = /: (\w+)\. Required: /.exec(String(o.description))?.[1];
      expect(word, String(o.description)).toBeDefined();
      expect(word).not.toBe(raw);
      const at = details.indexOf(`ato-evidence check ${check} (`);
      expect(at, `cklb has ${check}`).toBeGreaterThanOrEqual(0);
      expect(/Observed: ([^\n]*)/.exec(details.slice(at))![1]).toBe(`${raw} (${word})`);
      const result = (hdf.profiles as Json[]).flatMap((p) => p.controls as Json[]).find((c) => c.id === check)!.results.find((r: Json) => r.resource === 'MR-01');
      expect(String(result.message).split('\n')[0]).toBe(`Observed: ${raw} (${word})`);
    }
  });

  it('the monitoring PDF\'s "expected:" is the AR\'s required text', (ctx) => {
    requireTool(ctx, 'pdftotext');
    run();
    const r = cli(['diff', 'old', 'pkg', '--out', 'drift', '--params', 'params.json']);
    expect(r.code, r.stderr).toBe(0);
    const change = (JSON.parse(readFileSync(join(dir(), 'drift/drift.json'), 'utf8')) as Json).devices[0].checks.find((c: Json) => c.checkId === 'LOCKOUT-DURATION');
    expect(change, 'LOCKOUT-DURATION changed (fail -> pass)').toBeDefined();
    // drift.json, read by programs, keeps the raw expected value.
    expect(change.expected).toBe(prop(of('LOCKOUT-DURATION'), 'expected-value'));
    const required = arRequired(of('LOCKOUT-DURATION')).split('. ')[0]!;
    const pdf = spawnSync('pdftotext', ['-raw', join(dir(), 'drift/monitoring-report.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.replace(/\s+/g, ' ');
    expect(pdf).toContain(`expected: ${required}`);
    expect(pdf).not.toContain(`expected: ${change.expected}`);
  });
});
