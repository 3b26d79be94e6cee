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

  it('HDF\'s code_desc, which Heimdall shows people, states the AR\'s required text, not the raw expected-value', () => {
    run();
    const hdf = JSON.parse(readFileSync(join(dir(), 'x-hdf/hdf.json'), 'utf8')) as Json;
    let seen = 0;
    for (const c of (hdf.profiles as Json[]).flatMap((p) => p.controls as Json[])) {
      const r = (c.results as Json[]).find((x) => x.resource === 'MR-01');
      const o = observations().find((x) => x.title === `${c.id} on MR-01`);
      if (!r || !o) continue;
      const head = `${c.id} on MR-01: `;
      expect(String(r.code_desc).startsWith(head), String(r.code_desc)).toBe(true);
      const said = String(r.code_desc).slice(head.length);
      expect(arRequired(o).startsWith(`${said}.`) || arRequired(o) === said, `${c.id}: "${said}" vs AR "${arRequired(o)}"`).toBe(true);
      seen++;
    }
    expect(seen).toBeGreaterThan(30);
    const lockout = (hdf.profiles as Json[]).flatMap((p) => p.controls as Json[]).find((c) => c.id === 'LOCKOUT-DURATION')!.results[0];
    expect(lockout.code_desc).not.toContain(prop(of('LOCKOUT-DURATION'), 'expected-value')!);
  });

  it('drift.json\'s clock-only message (a person\'s sentence) states the value named and the AR\'s required text; the change keeps the raw pair', () => {
    const sample = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Json;
    mkdirSync(join(dir(), 'clock/old'), { recursive: true });
    mkdirSync(join(dir(), 'clock/new'), { recursive: true });
    writeFileSync(join(dir(), 'clock/params.json'), JSON.stringify({ 'lockout-duration-min-minutes': 30, 'signature-max-age-days': 5 }));
    writeFileSync(join(dir(), 'clock/old/MR-01.json'), JSON.stringify(sample, null, 2));
    // The same settings collected ten days later: the signatures' age and the last syslog delivery lapse with no change.
    sample.collectedAt = '2026-11-12T09:21:00Z';
    writeFileSync(join(dir(), 'clock/new/MR-01.json'), JSON.stringify(sample, null, 2));
    const now = ['--now', '2026-11-12T12:00:00Z', '--params', 'clock/params.json'];
    let r = cli(['assess', 'clock/new/MR-01.json', '--out', 'clock/pkg', ...now]);
    expect(r.code, r.stderr).toBe(0);
    r = cli(['diff', 'clock/old', 'clock/new', '--out', 'clock/drift', ...now]);
    expect(r.code, r.stderr).toBe(0);
    const ar = (JSON.parse(readFileSync(join(dir(), 'clock/pkg/assessment-results.json'), 'utf8')) as Json)['assessment-results'].results[0].observations as Json[];
    const device = (JSON.parse(readFileSync(join(dir(), 'clock/drift/drift.json'), 'utf8')) as Json).devices[0];
    const md = readFileSync(join(dir(), 'clock/drift/drift.md'), 'utf8');
    for (const id of ['MAL-SIG-AGE', 'AUDIT-FORWARD']) {
      const o = ar.find((x) => x.title === `${id} on MR-01`)!;
      const required = arRequired(o).split('. Change it in')[0]!;
      const t = (device.time as Json[]).find((x) => x.checkId === id);
      expect(t, `${id} lapsed by the clock`).toBeDefined();
      expect(String(t.message).endsWith(`(required: ${required})`), String(t.message)).toBe(true);
      expect(t.message).not.toContain(prop(o, 'expected-value')!);
      // drift.md shows the same message.
      expect(md.replace(/\\/g, '')).toContain(required);
      // The check change, read by programs, keeps the raw texts.
      const change = (device.checks as Json[]).find((x) => x.checkId === id)!;
      expect(change.expected).toBe(prop(o, 'expected-value'));
      expect(change.newObserved).toBe(prop(o, 'observed-value'));
    }
    // The organisation's 5 days, not the catalog's 7.
    expect(arRequired(ar.find((x) => x.title === 'MAL-SIG-AGE on MR-01')!)).toMatch(/^updated no more than 5 days/);
    // A switch the wording names is named as the AR names it ("On"), not left as the raw "true".
    const forward = (device.time as Json[]).find((x) => x.checkId === 'AUDIT-FORWARD')!;
    const raw = prop(ar.find((x) => x.title === 'AUDIT-FORWARD on MR-01')!, 'observed-value')!;
    expect(raw.startsWith('true; ')).toBe(true);
    expect(String(forward.message)).not.toContain(`: ${raw} (`);
    expect(String(forward.message)).toContain(': true (On); ');
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
