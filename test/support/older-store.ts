/**
 * Test helper (not shipped): an evidence store made as one written before its newest run's summary
 * recorded `field` (e.g. definedOdps): the field taken out of that summary object, the manifest and
 * the run's ledger entry pointing at the new objects, the head and the store marker made consistent.
 * The run entry must be the ledger's last (as after a monitor run), so no later entry chains to it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatEntry, parseLedger, type RunBody } from '../../src/store/ledger.js';
import { HEAD_FILE, LEDGER_FILE, objectPath, STORE_MARKER } from '../../src/store/store.js';
import { sha256Hex } from '../../src/oscal/ids.js';

/** Writes `text` as a store object; its name is its SHA-256, as the store names objects. */
function putObject(store: string, text: string): string {
  const sha = sha256Hex(Buffer.from(text));
  mkdirSync(dirname(objectPath(store, sha)), { recursive: true });
  writeFileSync(objectPath(store, sha), text);
  return sha;
}

/** Re-serialised as the original was (indented or one line), so only the field differs. */
function restringify(original: string, value: unknown): string {
  return original === JSON.stringify(JSON.parse(original)) ? JSON.stringify(value) : `${JSON.stringify(value, null, 2)}${original.endsWith('\n') ? '\n' : ''}`;
}

export function asStoreWithoutSummaryField(store: string, field: string): void {
  const text = readFileSync(join(store, LEDGER_FILE), 'utf8');
  const entries = parseLedger(text).entries;
  const last = entries[entries.length - 1]!;
  if (last.kind !== 'run') throw new Error('asStoreWithoutSummaryField: the ledger\'s last entry is not a run');
  const run = last as unknown as RunBody & { seq: number; at: string; prev: string };
  const manifestText = readFileSync(objectPath(store, run.manifest), 'utf8');
  const manifest = JSON.parse(manifestText) as { summary: { object: string } };
  const summaryText = readFileSync(objectPath(store, manifest.summary.object), 'utf8');
  const summary = JSON.parse(summaryText) as Record<string, unknown>;
  if (!(field in summary)) throw new Error(`asStoreWithoutSummaryField: the summary has no ${field}`);
  delete summary[field];
  const summarySha = putObject(store, restringify(summaryText, summary));
  rmSync(objectPath(store, manifest.summary.object));
  const manifestSha = putObject(store, manifestText.split(manifest.summary.object).join(summarySha));
  rmSync(objectPath(store, run.manifest));
  const lines = text.split('\n').filter(Boolean);
  const { seq, at, prev, ...body } = run;
  lines[seq - 1] = formatEntry(seq, at, prev, { ...body, manifest: manifestSha } as RunBody);
  writeFileSync(join(store, LEDGER_FILE), lines.map((l) => `${l}\n`).join(''));
  const head = { entries: lines.length, hash: sha256Hex(lines[lines.length - 1]!) };
  writeFileSync(join(store, HEAD_FILE), JSON.stringify(head) + '\n');
  const marker = JSON.parse(readFileSync(join(store, STORE_MARKER), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(store, STORE_MARKER), JSON.stringify({ ...marker, head }, null, 2) + '\n');
}
