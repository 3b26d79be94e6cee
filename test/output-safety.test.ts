// Nothing lost through --out and --force (issue 10 §2, §7): every writing command, run as a user
// runs it (dist/cli/main.js), refuses an output that is, contains or lies inside an input, the
// evidence store or another output (links resolved), with exit 2, a message naming both paths, and
// the inputs and the store byte for byte as they were; --force replaces only a folder ato-evidence
// wrote; and a command refused for its arguments creates nothing.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuiltCli, runCli } from './support/cli.js';
import { realPathOf, relationOf, whyNotReplaceable } from '../src/io/output-safety.js';

const root = repoRoot;
const NOW = '2026-11-28T00:00:00Z';
let dir: string;

const cli = (args: string[]) => runCli(dir, args);

/** Every file and link below `p` (or `p` itself) with its SHA-256 or link target: what "unchanged" means. */
function tree(p: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (abs: string, rel: string) => {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(abs)}`;
    else if (st.isDirectory()) {
      out[`${rel}/`] = 'folder';
      for (const n of readdirSync(abs).sort()) visit(join(abs, n), rel ? `${rel}/${n}` : n);
    } else out[rel] = createHash('sha256').update(readFileSync(abs)).digest('hex');
  };
  visit(join(dir, p), '');
  return out;
}

/** A fleet folder of two devices' snapshots. */
function fleet(name: string, day = '2026-11-02'): string {
  mkdirSync(join(dir, name), { recursive: true });
  for (const d of ['MR-01', 'MR-02']) cpSync(join(root, 'samples', d, `${d}_${day}.json`), join(dir, name, `${d}.json`));
  return name;
}

const ASSESS = ['--now', NOW, '--no-pdf', '--checks', 'fw.yaml'];
const REFUSED = /an output may never be, contain or lie inside an input, the evidence store or another output of the same run, --force or not/;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'ato-out-safety-'));
  // One check keeps each run short; the rule under test does not depend on the catalog.
  const lines = readFileSync(join(root, 'controls/checks.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l === '- id: FW-ENABLED');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('- id: '));
  writeFileSync(join(dir, 'fw.yaml'), lines.slice(start, end).join('\n') + '\n');
  fleet('in');
  fleet('data/in');
  fleet('old', '2026-10-05');
  fleet('new');
  cpSync(join(root, 'test/fixtures/exports/mr-01'), join(dir, 'ex'), { recursive: true });
  cpSync(join(root, 'samples/vendor-capabilities.yaml'), join(dir, 'caps.yaml'));
  symlinkSync('in', join(dir, 'in-link'));
  symlinkSync('new', join(dir, 'new-link'));
  symlinkSync('ex', join(dir, 'ex-link'));
  // A store with one run, a package and a report ato-evidence wrote.
  expect(cli(['monitor', '--store', 'st', 'in', '--out', 'rep', '--now', NOW, '--no-pdf', '--checks', 'fw.yaml']).code).toBe(0);
  symlinkSync('st', join(dir, 'st-link'));
  expect(cli(['assess', 'in', '--out', 'pkg', ...ASSESS]).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A refused command line: exit 2, both paths named, what must not change unchanged, nothing created. */
interface Refusal {
  what: string;
  args: () => string[];
  /** Fragments of the message: the output and the other path, as given. */
  names: string[];
  /** Paths (relative to the test folder) that must be byte-for-byte unchanged. */
  keep: string[];
  /** Paths that must still not exist afterwards. */
  absent?: string[];
}

const refusals: Refusal[] = [
  { what: 'assess in --out in --force', args: () => ['assess', 'in', '--out', 'in', '--force', ...ASSESS], names: ['--out in is the same place as INPUT in'], keep: ['in'] },
  { what: 'assess data/in --out data --force', args: () => ['assess', 'data/in', '--out', 'data', '--force', ...ASSESS], names: ['--out data contains INPUT data/in'], keep: ['data'] },
  { what: 'assess in --out in/pkg (inside the input)', args: () => ['assess', 'in', '--out', 'in/pkg', ...ASSESS], names: ['--out in/pkg lies inside INPUT in'], keep: ['in'], absent: ['in/pkg'] },
  { what: 'assess in --out in-link --force (a link to the input)', args: () => ['assess', 'in', '--out', 'in-link', '--force', ...ASSESS], names: ['--out in-link is the same place as INPUT in', 'after resolving links: in-link is '], keep: ['in', 'in-link'] },
  { what: 'assess in-link --out in --force (the input is the link)', args: () => ['assess', 'in-link', '--out', 'in', '--force', ...ASSESS], names: ['--out in is the same place as INPUT in-link'], keep: ['in', 'in-link'] },
  { what: 'assess with --out holding --previous-poam', args: () => ['assess', 'in', '--out', 'pkg', '--previous-poam', 'pkg/poam.json', '--force', ...ASSESS], names: ['--out pkg contains --previous-poam pkg/poam.json'], keep: ['pkg'] },
  { what: 'assess with --out being the --checks file', args: () => ['assess', 'in', '--out', 'fw.yaml', '--force', ...ASSESS], names: ['--out fw.yaml is the same place as --checks fw.yaml'], keep: ['fw.yaml'] },
  { what: "assess into ato-evidence's own folder", args: () => ['assess', 'in', '--out', join(root, 'dist', 'never'), ...ASSESS], names: [`--out ${join(root, 'dist', 'never')} lies inside ato-evidence's own folder`], keep: [], absent: [join(root, 'dist', 'never')] },
  { what: 'diff old new --out new --force', args: () => ['diff', 'old', 'new', '--out', 'new', '--force', '--now', NOW, '--no-pdf'], names: ['--out new is the same place as NEW new'], keep: ['new', 'old'] },
  { what: 'diff old new --out new-link --force (a link to NEW)', args: () => ['diff', 'old', 'new', '--out', 'new-link', '--force', '--now', NOW, '--no-pdf'], names: ['--out new-link is the same place as NEW new'], keep: ['new', 'new-link'] },
  { what: 'diff old new --out old/report', args: () => ['diff', 'old', 'new', '--out', 'old/report', '--now', NOW, '--no-pdf'], names: ['--out old/report lies inside OLD old'], keep: ['old'], absent: ['old/report'] },
  { what: 'monitor --store st … --out st --force', args: () => ['monitor', '--store', 'st', 'in', '--out', 'st', '--force', '--now', '2026-11-29T00:00:00Z', '--no-pdf'], names: ['--out st is the same place as --store st'], keep: ['st', 'in'] },
  { what: 'monitor --store st … --out st-link --force (a link to the store)', args: () => ['monitor', '--store', 'st', 'in', '--out', 'st-link', '--force', '--now', '2026-11-29T00:00:00Z', '--no-pdf'], names: ['--out st-link is the same place as --store st'], keep: ['st', 'st-link'] },
  { what: 'monitor --out holding the store', args: () => ['monitor', '--store', 'outer/st', 'in', '--out', 'outer', '--now', NOW, '--no-pdf'], names: ['--out outer contains --store outer/st'], keep: ['in'], absent: ['outer'] },
  { what: 'monitor with the store inside the input', args: () => ['monitor', '--store', 'in/st', 'in', '--out', 'r9', '--now', NOW, '--no-pdf'], names: ['--store in/st lies inside INPUT in'], keep: ['in'], absent: ['in/st', 'r9'] },
  { what: 'monitor --regenerate into the store', args: () => ['monitor', '--store', 'st', '--regenerate', 'any-run', '--out', 'st/reports', '--force'], names: ['--out st/reports lies inside --store st'], keep: ['st'] },
  { what: 'monitor --schedule into the store', args: () => ['monitor', '--store', 'st', 'in', '--out', 'st/sched', '--schedule', '0 6 * * 1'], names: ['--out st/sched lies inside --store st'], keep: ['st'] },
  { what: 'ingest ex --out ex/defender.json --force (a native export)', args: () => ['ingest', 'ex', '--out', 'ex/defender.json', '--force'], names: ['--out ex/defender.json lies inside EXPORTS ex'], keep: ['ex'] },
  { what: 'ingest ex --out ex-link/defender.json --force (through a link)', args: () => ['ingest', 'ex', '--out', 'ex-link/defender.json', '--force'], names: ['--out ex-link/defender.json lies inside EXPORTS ex'], keep: ['ex', 'ex-link'] },
  { what: 'ingest ex/secedit.inf ex/auditpol.csv --out ex/secedit.inf --force', args: () => ['ingest', 'ex/secedit.inf', 'ex/auditpol.csv', '--out', 'ex/secedit.inf', '--force'], names: ['--out ex/secedit.inf is the same place as EXPORTS ex/secedit.inf'], keep: ['ex'] },
  { what: 'component-definition --out its own --capabilities file', args: () => ['component-definition', '--model', 'Magnara Vida 3T', '--capabilities', 'caps.yaml', '--out', 'caps.yaml', '--force', '--now', NOW], names: ['--out caps.yaml is the same place as --capabilities caps.yaml'], keep: ['caps.yaml'] },
];

describe('an output may never be, contain or lie inside an input, the store or another output (exit 2, --force or not)', () => {
  for (const c of refusals) {
    it(c.what, () => {
      const before = c.keep.map(tree);
      const r = cli(c.args());
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(REFUSED);
      for (const n of c.names) expect(r.stderr).toContain(n);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(c.keep.map(tree)).toEqual(before);
      for (const a of c.absent ?? []) expect(existsSync(join(dir, a)), a).toBe(false);
    });
  }

  it('a link inside an input folder that leads to --out: refused before anything is written', () => {
    fleet('in2');
    symlinkSync('../pkg', join(dir, 'in2', 'last-month'));
    const before = tree('pkg');
    const r = cli(['assess', 'in2', '--out', 'pkg', '--force', ...ASSESS]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--out pkg is the same place as INPUT in2/last-month');
    expect(tree('pkg')).toEqual(before);
  });
});

describe('an output never lies inside a folder ato-evidence wrote whole (exit 2, --force or not)', () => {
  // Written there, it changed that evidence: `monitor --store pkg/st` left a package verify failed.
  const cases: Array<{ args: string[]; names: string }> = [
    { args: ['monitor', '--store', 'pkg/st', 'in', '--out', 'rep-x', '--now', NOW, '--checks', 'fw.yaml'], names: '--store pkg/st lies inside pkg, an evidence package' },
    { args: ['assess', 'in', '--out', 'pkg/evidence/again', '--force', ...ASSESS], names: '--out pkg/evidence/again lies inside pkg, an evidence package' },
    { args: ['diff', 'old', 'new', '--out', 'rep/d', '--now', NOW, '--no-pdf'], names: '--out rep/d lies inside rep, a drift or monitoring report' },
    { args: ['component-definition', '--model', 'Magnara Vida 3T', '--capabilities', 'caps.yaml', '--out', 'st/cd.json', '--now', NOW], names: '--out st/cd.json lies inside st, an evidence store' },
    { args: ['ingest', 'ex', '--out', 'st-link/objects/x.json'], names: '/st, an evidence store' }, // through a link: where it led, in full
    { args: ['export', 'hdf', 'pkg', '--out', 'rep/hdf'], names: '--out rep/hdf lies inside rep, a drift or monitoring report' },
  ];
  for (const c of cases) {
    it(`${c.args[0]} ${c.args.slice(1).join(' ')}`, () => {
      const before = ['pkg', 'rep', 'st'].map(tree);
      const r = cli(c.args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(c.names);
      expect(r.stderr).toContain('an output is never written into evidence ato-evidence wrote');
      expect(['pkg', 'rep', 'st'].map(tree)).toEqual(before);
      expect(existsSync(join(dir, 'rep-x'))).toBe(false);
    });
  }
});

describe('a marker file alone makes no folder ato-evidence wrote', () => {
  // Every folder up to / was looked at by its marker file alone: a drift.json, store.json,
  // manifest.json or export.json copied or left high up (/tmp) refused every output below it.
  it('outputs below a folder holding stray markers of each kind, and other files, are written', () => {
    mkdirSync(join(dir, 'high', 'work'), { recursive: true });
    expect(cli(['export', 'hdf', 'pkg', '--out', 'exp']).code).toBe(0);
    for (const [from, name] of [['pkg', 'manifest.json'], ['rep', 'drift.json'], ['st', 'store.json'], ['exp', 'export.json']]) cpSync(join(dir, from!, name!), join(dir, 'high', name!));
    writeFileSync(join(dir, 'high', 'notes.txt'), 'mine\n');
    const runs = [
      ['assess', 'in', '--out', 'high/work/pkg', ...ASSESS],
      ['diff', 'old', 'new', '--out', 'high/work/d', '--now', NOW, '--no-pdf'],
      ['monitor', '--store', 'high/work/st', 'in', '--out', 'high/work/rep', '--now', NOW, '--no-pdf', '--checks', 'fw.yaml'],
      ['export', 'hdf', 'pkg', '--out', 'high/work/hdf'],
    ];
    for (const args of runs) {
      const r = cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(readdirSync(join(dir, 'high', 'work')).sort()).toEqual(['d', 'hdf', 'pkg', 'rep', 'st']);
    // Inside what those runs wrote, whole, an output is refused as ever.
    const r = cli(['assess', 'in', '--out', 'high/work/st/objects/x', ...ASSESS]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--out high/work/st/objects/x lies inside high/work/st, an evidence store');
  });
});

describe('--force replaces only a folder ato-evidence wrote', () => {
  it('a foreign non-empty folder is refused with --force too, and left as it was', () => {
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'notes.txt'), 'my notes\n');
    for (const args of [
      ['assess', 'in', '--out', 'mine', '--force', ...ASSESS],
      ['diff', 'old', 'new', '--out', 'mine', '--force', '--now', NOW, '--no-pdf'],
      ['monitor', '--store', 'st', 'in', '--out', 'mine', '--force', '--now', NOW, '--no-pdf', '--checks', 'fw.yaml'],
    ]) {
      const before = tree('st');
      const r = cli(args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/mine: --force replaces only a folder ato-evidence wrote .* it holds neither a manifest\.json .* a drift\.json .* nor an export\.json/);
      expect(readdirSync(join(dir, 'mine'))).toEqual(['notes.txt']);
      expect(tree('st')).toEqual(before);
    }
  });

  it('a package of ours is replaced; once a file it does not list is added, it is refused naming that file', () => {
    expect(cli(['assess', 'in', '--out', 'pkg2', ...ASSESS]).code).toBe(0);
    const again = cli(['assess', 'in', '--out', 'pkg2', '--force', ...ASSESS]);
    expect(again.code, again.stderr).toBe(0);
    writeFileSync(join(dir, 'pkg2', 'evidence', 'auditor-notes.txt'), 'keep me\n');
    const r = cli(['assess', 'in', '--out', 'pkg2', '--force', ...ASSESS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it holds evidence/auditor-notes.txt, which its manifest.json does not list');
    expect(readFileSync(join(dir, 'pkg2', 'evidence', 'auditor-notes.txt'), 'utf8')).toBe('keep me\n');
  });

  it('a drift report and a monitoring report of ours are replaced; a look-alike drift.json is not', () => {
    expect(cli(['diff', 'old', 'new', '--out', 'd1', '--now', NOW, '--no-pdf']).code).toBe(0);
    expect(cli(['diff', 'old', 'new', '--out', 'd1', '--force', '--now', NOW]).code).toBe(0);
    expect(readdirSync(join(dir, 'd1')).sort()).toEqual(['drift.json', 'drift.md', 'monitoring-report.pdf']);
    const rerun = cli(['monitor', '--store', 'st', 'in', '--out', 'rep', '--force', '--now', NOW, '--checks', 'fw.yaml']);
    expect(rerun.code, rerun.stderr).toBe(0);
    mkdirSync(join(dir, 'fake'));
    writeFileSync(join(dir, 'fake', 'drift.json'), '{"mine": true}\n');
    const r = cli(['diff', 'old', 'new', '--out', 'fake', '--force', '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('its drift.json is not a drift report ato-evidence wrote');
    expect(readFileSync(join(dir, 'fake', 'drift.json'), 'utf8')).toBe('{"mine": true}\n');
  });

  it('whyNotReplaceable: a garbage manifest.json and a report folder with an extra folder are not ours', () => {
    const g = join(dir, 'garbage');
    mkdirSync(g);
    writeFileSync(join(g, 'manifest.json'), 'not json');
    expect(whyNotReplaceable(g)).toMatch(/its manifest\.json is not an ato-evidence package manifest/);
    mkdirSync(join(dir, 'd1', 'extra'));
    expect(whyNotReplaceable(join(dir, 'd1'))).toMatch(/it holds extra, which diff and monitor do not write/);
    rmSync(join(dir, 'd1', 'extra'), { recursive: true });
    expect(whyNotReplaceable(join(dir, 'd1'))).toBeUndefined();
  });
});

describe('arguments are all checked before anything is created', () => {
  it('--schedule that never fires ("0 0 31 2 *") or is malformed: exit 2, no --out, no store', () => {
    for (const cron of ['0 0 31 2 *', '0 6 * *']) {
      const r = cli(['monitor', '--store', 'st-new', 'in', '--out', 'sched', '--schedule', cron]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--schedule "${cron}"`);
      expect(existsSync(join(dir, 'sched'))).toBe(false);
      expect(existsSync(join(dir, 'st-new'))).toBe(false);
    }
  });

  it('--schedule with a bad --params file or a missing INPUT: exit 1 naming it, nothing created', () => {
    writeFileSync(join(dir, 'bad-params.csv'), 'parameter,value\nno-such-parameter,3\n');
    const p = cli(['monitor', '--store', 'st-new', 'in', '--out', 'sched', '--schedule', '0 6 * * 1', '--params', 'bad-params.csv']);
    expect(p.code, p.stderr).toBe(1);
    expect(p.stderr).toContain('bad-params.csv');
    const i = cli(['monitor', '--store', 'st-new', 'nowhere', '--out', 'sched', '--schedule', '0 6 * * 1']);
    expect(i.code).toBe(1);
    expect(i.stderr).toContain('nowhere: no such file or folder');
    expect(existsSync(join(dir, 'sched'))).toBe(false);
    expect(existsSync(join(dir, 'st-new'))).toBe(false);
  });

  it('--schedule with --out an existing file: exit 2, the file untouched', () => {
    writeFileSync(join(dir, 'a-file'), 'x\n');
    const r = cli(['monitor', '--store', 'st-new', 'in', '--out', 'a-file', '--schedule', '0 6 * * 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a-file: exists and is not a folder/);
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('x\n');
    expect(existsSync(join(dir, 'st-new'))).toBe(false);
  });
});

describe('real paths (output-safety.ts)', () => {
  it('a path that does not exist yet is placed by its nearest existing ancestor, links resolved', () => {
    expect(realPathOf(join(dir, 'in-link', 'a', 'b'))).toBe(join(realPathOf(join(dir, 'in')), 'a', 'b'));
    expect(realPathOf(join(dir, 'no', 'such'))).toBe(join(realPathOf(dir), 'no', 'such'));
  });

  it('relations: the same place, containing, lying inside, apart (a common prefix is not containment)', () => {
    expect(relationOf('/a/b', '/a/b')).toBe('is');
    expect(relationOf('/a', '/a/b')).toBe('contains');
    expect(relationOf('/a/b/c', '/a/b')).toBe('lies inside');
    expect(relationOf('/a/b', '/a/bc')).toBeUndefined();
    expect(relationOf('/', '/x')).toBe('contains');
  });
});
