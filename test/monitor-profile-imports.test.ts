// monitor --regenerate rebuilds a run's report from the store alone. The store kept the --profile
// file but not the profiles and catalogs it imports, so --regenerate read those from disk again:
// gone, it stopped; changed, it stopped with the configuration-digest error. Each import is now
// kept (role `import`, by the path it was read at) and read back from the store.
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';

const NOW = '2026-11-03T00:00:00Z';
const meta = { title: 'T', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' };
const profile = (uuid: string, href: string) => JSON.stringify({ profile: { uuid, metadata: meta, imports: [{ href, 'include-all': {} }] } });

describe('monitor --regenerate reads a profile\'s imports from the store', () => {
  const { dir, cli } = cliScratch('ato-monitor-imports-');

  it('with the imported profile and catalog gone from disk, the run regenerates byte-identical', () => {
    mkdirSync(join(dir(), 'rules'), { recursive: true });
    writeFileSync(join(dir(), 'rules/tiny-catalog.json'), JSON.stringify({ catalog: { uuid: '11111111-1111-4111-8111-111111111111', metadata: meta, groups: [{ id: 'ac', title: 'AC', controls: [{ id: 'ac-7', title: 'Unsuccessful Logon Attempts' }] }, { id: 'ia', title: 'IA', controls: [{ id: 'ia-5', title: 'Authenticator Management' }] }] } }));
    writeFileSync(join(dir(), 'rules/inner.json'), profile('22222222-2222-4222-8222-222222222222', 'tiny-catalog.json'));
    writeFileSync(join(dir(), 'outer.json'), profile('33333333-3333-4333-8333-333333333333', 'rules/inner.json'));
    const fleet = ['CT-01/CT-01_2026-11-02.json', 'MR-01/MR-01_2026-11-02.json'].map((f) => join(ROOT, 'samples', f));
    const m = cli(['monitor', ...fleet, '--store', 'store', '--out', 'first', '--profile', 'outer.json', '--now', NOW, '--no-pdf']);
    expect(m.code, m.stderr).toBe(0);
    const run = readFileSync(join(dir(), 'store/ledger.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.kind === 'run').run as string;
    // The imports decide which controls are assessed: take them away (and so any reading from disk).
    renameSync(join(dir(), 'rules'), join(dir(), 'rules-elsewhere'));
    const r = cli(['monitor', '--store', 'store', '--regenerate', run, '--out', 'again', '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('byte-identical');
    expect(readFileSync(join(dir(), 'again/assessment-results.json')).equals(readFileSync(join(dir(), 'first/assessment-results.json')))).toBe(true);
  });
});
