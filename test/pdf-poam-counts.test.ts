// The PDF's POA&M section said "61 open (10 overdue), …, 3 for an attestation that lapsed …" where
// poam.json holds 64 items of poam-status open and the CLI summary says "64 open": the attestation
// items were taken out of the open count (and out of the overdue count). It now counts open as
// poam.json does, and says how many of them are attestation items.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfPageTexts } from './support/pdf-text.js';
import { runAssess } from '../src/assess/run.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
let dir: string;
let items: Json[];
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-pdf-poam-counts-'));
  const out = join(dir, 'pkg');
  // MR-01 alone with the sample attestations: pl-4 lapsed, pe-3 awaiting review, ps-6 never supplied.
  await runAssess({
    inputs: [join(root, 'samples', 'MR-01')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: NOW,
    attestations: join(root, 'samples', 'attestations.yaml'), system: join(root, 'samples', 'system.yaml'), warn: () => {},
  });
  items = JSON.parse(readFileSync(join(out, 'poam.json'), 'utf8'))['plan-of-action-and-milestones']['poam-items'];
  text = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("the PDF's POA&M counts open and overdue items as poam.json states them", () => {
  const prop = (i: Json, name: string) => (i.props ?? []).find((p: Json) => p.name === name)?.value as string | undefined;
  const open = items.filter((i) => prop(i, 'poam-status') === 'open');
  const overdue = open.filter((i) => prop(i, 'deadline')! < NOW.slice(0, 10));
  const attestations = open.filter((i) => prop(i, 'weakness-key')!.startsWith('attestation:'));
  expect(attestations.length).toBeGreaterThan(0);
  // Both counts in the parenthesis are of the open items: "3 of them for an attestation" after "10
  // overdue" read as 3 of the overdue, where none of the attestation items is (their deadlines are months away).
  const said = /poam\.json holds (\d+) item\(s\), one per weakness: (\d+) open \((\d+) of them overdue, (\d+) for an attestation/.exec(text);
  expect(said, text.slice(text.indexOf('poam.json holds'), text.indexOf('poam.json holds') + 200)).not.toBeNull();
  expect(Number(said![1])).toBe(items.length);
  expect(Number(said![2])).toBe(open.length);
  expect(Number(said![3])).toBe(overdue.length);
  expect(Number(said![4])).toBe(attestations.length);
});
