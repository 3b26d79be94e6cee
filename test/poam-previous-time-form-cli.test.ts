// The CLI face of poam-previous-time-form: a --previous-poam whose last-modified or a risk-log
// entry's time is not RFC 3339 with its zone is refused by `assess` as a user runs it: exit 1, one
// error line naming the file, the place and the time as written, no stack trace, and no output
// folder left behind (nothing half-written). The same file with RFC 3339 times is carried forward.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';

type Json = Record<string, any>;
const SNAPSHOT = join(ROOT, 'samples/MR-02/MR-02_2026-10-05.json');
const COMMON = ['--no-pdf', '--system', join(ROOT, 'samples/system.yaml')];
const OCT = '2026-10-05T18:00:00Z';
const NOV = '2026-11-03T12:00:00Z';

describe('assess --previous-poam with a time not in RFC 3339 with its zone', () => {
  const { dir, cli } = cliScratch('ato-poam-time-form-');
  let oct: Json | undefined;
  /** October's POA&M with `edit` applied, written as `name`. */
  const variant = (name: string, edit: (body: Json) => void): string => {
    const p = structuredClone(oct!) as Json;
    edit(p['plan-of-action-and-milestones']);
    writeFileSync(join(dir(), name), JSON.stringify(p, null, 2));
    return name;
  };
  const november = (previous: string, out: string) => cli(['assess', SNAPSHOT, '--out', out, '--now', NOV, '--previous-poam', previous, ...COMMON]);
  const expectRefused = (r: { code: number | null; stderr: string }, file: string, place: RegExp, said: string, out: string) => {
    expect(r.code, r.stderr).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain(file);
    expect(line).toMatch(place);
    expect(line).toContain(said);
    expect(line).toContain('no RFC 3339 date-time with its zone');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir(), out))).toBe(false);
    // No staging folder (.nov.tmp-<pid>) left beside it either.
    expect(readdirSync(dir()).filter((n) => n === out || n.startsWith(`.${out}.`))).toEqual([]);
  };

  it('premise: October\'s run writes a POA&M with risk-log entries, which November carries forward', () => {
    const r = cli(['assess', SNAPSHOT, '--out', 'oct', '--now', OCT, ...COMMON]);
    expect(r.code, r.stderr).toBe(0);
    oct = JSON.parse(readFileSync(join(dir(), 'oct/poam.json'), 'utf8'));
    const risks = oct!['plan-of-action-and-milestones'].risks as Json[];
    expect(risks.some((x) => (x['risk-log']?.entries ?? []).length > 0)).toBe(true);
    const ok = november('oct/poam.json', 'carried');
    expect(ok.code, ok.stderr).toBe(0);
  }, 180_000);

  it.each(['2026-10-05 18:00:00Z', 'Oct 5 2026'])('last-modified %s: exit 1 naming the file, the place and the time', (t) => {
    expect(oct, 'the premise wrote October\'s POA&M').toBeDefined();
    const file = variant(`last-modified-${t.replace(/\W+/g, '-')}.json`, (body) => { body.metadata['last-modified'] = t; });
    expectRefused(november(file, 'nov'), file, /\/plan-of-action-and-milestones\/metadata\/last-modified/, `last modified ${t}`, 'nov');
  }, 180_000);

  it('a risk-log entry\'s start without its zone: exit 1 naming the file, the entry and the time', () => {
    expect(oct).toBeDefined();
    const t = '2026-10-05T18:00:00';
    const file = variant('risk-log-start.json', (body) => {
      const risk = (body.risks as Json[]).find((x) => (x['risk-log']?.entries ?? []).length > 0)!;
      risk['risk-log'].entries[0].start = t;
    });
    expectRefused(november(file, 'nov'), file, /\/plan-of-action-and-milestones\/risks\/\d+\/risk-log\/entries\/0\/start/, t, 'nov');
  }, 180_000);
});
