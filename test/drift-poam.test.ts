// POA&M changes in the monitoring report: `diff` of two assessment folders whose packages hold
// poam.json lists the items opened, closed and changed between them.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { poamChanges } from '../src/drift/poam-changes.js';
import { runDiff } from '../src/drift/run.js';
import type { PreviousItem, PreviousPoam } from '../src/oscal/poam.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;

function item(key: string, over: Partial<PreviousItem> = {}): PreviousItem {
  const [controlId, checkId] = key.split(':') as [string, string];
  return {
    key, uuid: '00000000-0000-4000-8000-000000000000', title: `${controlId} ${checkId}`, description: 'd', controlId, checkId,
    severity: 'CAT II', firstDetected: '2026-09-07', detected: '2026-09-07', status: 'open', devices: ['MR-02'], closedDevices: [], remediation: 'r', log: [], ...over,
  };
}
const poam = (...items: PreviousItem[]): PreviousPoam => ({ file: 'p.json', items: new Map(items.map((i) => [i.key, i])) });

describe('poamChanges', () => {
  it('names opened, closed, reopened and changed items, and leaves unchanged ones out', () => {
    const before = poam(item('ac-7:LOCKOUT-RESET'), item('si-2:OS-PATCH-LEVEL', { devices: ['CT-01', 'MR-01'] }), item('ac-11:SCREEN-LOCK-TIMEOUT'), item('cm-6:X', { status: 'closed', closed: '2026-10-05' }));
    const after = poam(
      item('ac-7:LOCKOUT-RESET', { status: 'closed', closed: '2026-11-02' }),
      item('si-2:OS-PATCH-LEVEL', { devices: ['CT-01'] }),
      item('ac-11:SCREEN-LOCK-TIMEOUT'),
      item('cm-6:X', { status: 'open', detected: '2026-11-02' }),
      item('si-3:MAL-SIG-AGE', { firstDetected: '2026-11-02' }),
    );
    const byKey = new Map(poamChanges(before, after).map((c) => [`${c.controlId}:${c.checkId}`, c]));
    expect(byKey.get('ac-7:LOCKOUT-RESET')).toMatchObject({ kind: 'closed', detail: 'closed 2026-11-02' });
    expect(byKey.get('si-2:OS-PATCH-LEVEL')).toMatchObject({ kind: 'changed', detail: 'no longer on MR-01' });
    expect(byKey.get('cm-6:X')?.kind).toBe('opened');
    expect(byKey.get('cm-6:X')?.detail).toMatch(/^reopened/);
    expect(byKey.get('si-3:MAL-SIG-AGE')).toMatchObject({ kind: 'opened', detail: 'first detected 2026-11-02' });
    expect(byKey.has('ac-11:SCREEN-LOCK-TIMEOUT')).toBe(false);
  });
  it('without an old POA&M every open item is opened', () => {
    expect(poamChanges(undefined, poam(item('ac-7:LOCKOUT-RESET'))).map((c) => c.kind)).toEqual(['opened']);
  });
});

describe('diff of two monthly packages', () => {
  let dir: string;
  const upTo = (date: string) => readdirSync(join(root, 'samples'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'attestations')
    .flatMap((e) => readdirSync(join(root, 'samples', e.name)).filter((f) => /_\d{4}-\d{2}-\d{2}\.json$/.test(f) && f.slice(-15, -5) <= date).map((f) => join(root, 'samples', e.name, f)));
  const assess = (date: string, out: string, previousPoam?: string) => runAssess({
    inputs: upTo(date), out: join(dir, out), force: false, baseline: 'moderate', now: `${date}T18:00:00Z`, toolVersion: 'test',
    deviations: join(root, 'samples/deviations.csv'), pdf: false, ...(previousPoam ? { previousPoam: join(dir, previousPoam, 'poam.json') } : {}),
  });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-drift-poam-'));
    await assess('2026-10-05', 'oct');
    await assess('2026-11-02', 'nov', 'oct');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the monitoring report lists the POA&M changes: MR-02\'s LOCKOUT-RESET closed, November\'s new weaknesses opened', async () => {
    await runDiff({ old: join(dir, 'oct'), new: join(dir, 'nov'), out: join(dir, 'diff'), force: false, now: '2026-11-28T00:00:00Z', toolVersion: 'test', config: {} });
    const text = (await pdfPageTexts(join(dir, 'diff/monitoring-report.pdf'))).join(' ');
    const section = text.slice(text.lastIndexOf('POA&M'));
    expect(section).toMatch(/closed ac-7 MR-02 LOCKOUT-RESET/);
    expect(section).toMatch(/opened [a-z]{2}-\d+(\.\d+)? [A-Z0-9, -]+ MAL-SIG-AGE/);
  }, 60_000);
});
