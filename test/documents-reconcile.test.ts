// Every document of one package read side by side, as an assessor does, on the runs that take the
// rarer paths: --keep-going with an input that cannot be read, a device whose every check is not
// collected, an approved and an expired deviation, attestations. A fact stated in two documents
// (a device of a POA&M item, a result, a date) must be the same fact in both.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const NOW = '2026-11-02T18:00:00Z';
const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);

let dir: string;
let poam: Json;
let pdfPages: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-documents-reconcile-'));
  const inputs = join(dir, 'inputs');
  const mr02 = JSON.parse(readFileSync(sample('MR-02/MR-02_2026-11-02.json'), 'utf8'));
  // A console whose snapshot holds nothing but its identity: every check is not collected.
  const empty = { schemaVersion: mr02.schemaVersion, device: { ...mr02.device, id: 'EMPTY-01', serial: 'X-1', hostname: 'E1' }, collectedAt: '2026-11-01T10:00:00Z' };
  const { mkdirSync } = await import('node:fs');
  mkdirSync(inputs);
  writeFileSync(join(inputs, 'EMPTY-01.json'), JSON.stringify(empty));
  // An input that cannot be read (--keep-going: its every check is not collected, with the reason).
  writeFileSync(join(inputs, 'BROKEN-01.json'), '{"schemaVersion": 1, "device": ');
  await runAssess({
    inputs: [sample('MR-01/MR-01_2026-11-02.json'), sample('CT-01/CT-01_2026-11-02.json'), sample('MR-02/MR-02_2026-11-02.json'), inputs],
    out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 'test', pdf: true, now: NOW, keepGoing: true, warn: () => {},
    deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'),
  });
  poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  pdfPages = await pdfPageTexts(join(dir, 'pkg/evidence-package.pdf'));
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the POA&M in poam.json and in the PDF', () => {
  it('names every affected device of an open item in its PDF row, also one whose input could not be read', () => {
    // The PDF's POA&M section: from its heading to the end of the items.
    const first = pdfPages.findIndex((t) => t.includes('poam.json holds'));
    expect(first).toBeGreaterThan(0);
    const section = pdfPages.slice(first).join(' ');
    const open = (poam['poam-items'] as Json[]).filter((it) => propsOf(it, 'poam-status')[0] === 'open' && propsOf(it, 'weakness-key')[0]!.startsWith('objective:'));
    const broken = open.filter((it) => propsOf(it, 'affected-device').includes('BROKEN-01'));
    const withEmpty = broken.filter((it) => propsOf(it, 'affected-device').includes('EMPTY-01'));
    // The run has items for both kinds: BROKEN-01 alone, and BROKEN-01 beside EMPTY-01's findings.
    expect(withEmpty.length).toBeGreaterThan(0);
    expect(broken.length).toBeGreaterThan(withEmpty.length);
    // Each such item's row names BROKEN-01 once (its findings are one text, the unreadable input).
    const mentions = section.split('BROKEN-01').length - 1;
    expect(mentions, 'rows naming BROKEN-01 against items affecting it').toBeGreaterThanOrEqual(broken.length);
    // And poam.json's own description gives BROKEN-01 its reason, not a bare "input not read".
    for (const it of broken) expect(it.description, it.title).toMatch(/Found on BROKEN-01: the input \S*BROKEN-01\.json could not be read/);
  });
});
