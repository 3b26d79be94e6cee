// A stored snapshot (an older ingest's, or a package's evidence copy re-read by diff) whose Windows or
// domain account policy value came from the vendor settings file alone: the vendor's declaration,
// not what Windows or the domain enforces (docs/ingest.md; ingest leaves such a value out since
// 3aaad93, merge.ts vendorDeclaresOnly). A pass resting on it is not collected, in evaluateCheck,
// checkStatus, assess and diff; the vendor's own values (maxLength, its application's limit) stand.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { requireBuiltCli, runCli } from './support/cli.js';
import { assessedStored } from './support/stored-snapshot.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-03T00:00:00Z';
const SHA = 'b'.repeat(64);
const WHY = /only the vendor settings declare .*\/access\/passwordPolicy\/local\/minLength in vendor-settings\.json.*Windows' own policy \(secedit \/ net accounts\)/;
const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const checkOf = (id: string) => catalog.checks.find((c) => c.id === id)!;

/** MR-01's sample with the local minimum password length (and maxLength) read from the file of the kind given. */
function snapshot(kind: string, file = 'vendor-settings.json'): Json {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
  s.sources = s.sources.filter((x: Json) => x.kind !== 'gpo-template');
  delete s.intended;
  s.sources.push({ file, sha256: SHA, kind });
  for (const f of ['minLength', 'maxLength']) s.provenance[`/access/passwordPolicy/local/${f}`] = { file, sha256: SHA, location: `/passwordPolicy/local/${f}, line 9` };
  return s;
}

let dir: string;
let n = 0;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'vendor-declared-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function assessed(s: Json, checkId: string): { result: string; reason?: string } {
  return assessedStored(dir, `a${n++}`, s, checkId, NOW);
}

describe('a stored snapshot whose local password policy only the vendor settings gave', () => {
  it('the premise: the same value from secedit passes PWD-MIN-LENGTH', () => {
    expect(assessed(snapshot('secedit-export', 'secedit.inf'), 'PWD-MIN-LENGTH').result).toBe('pass');
  });

  it('from the vendor settings (either kind name): not collected in evaluateCheck, checkStatus and assess, naming the file and value', () => {
    for (const kind of ['vendor-settings', 'vendor-config', ' Vendor-Settings ']) {
      const s = readSnapshot(Buffer.from(JSON.stringify(snapshot(kind))), 'MR-01.json').snapshot;
      const r = evaluateCheck(checkOf('PWD-MIN-LENGTH'), s, params);
      expect(r.status, kind).toBe('not-collected');
      expect(r.reason, kind).toMatch(WHY);
      expect(checkStatus(checkOf('PWD-MIN-LENGTH'), s, makeContext(s, params)), kind).toBe('not-collected');
    }
    const a = assessed(snapshot('vendor-settings'), 'PWD-MIN-LENGTH');
    expect(a.result).toBe('not-collected');
    expect(a.reason).toMatch(WHY);
  });

  it('the vendor\'s own maxLength (the application\'s limit, which Windows has no setting for) is judged as from any source', () => {
    const s = readSnapshot(Buffer.from(JSON.stringify(snapshot('vendor-settings'))), 'MR-01.json').snapshot;
    const base = readSnapshot(Buffer.from(JSON.stringify(snapshot('secedit-export', 'secedit.inf'))), 'MR-01.json').snapshot;
    expect(evaluateCheck(checkOf('PWD-MAX-LENGTH'), s, params).status).toBe(evaluateCheck(checkOf('PWD-MAX-LENGTH'), base, params).status);
  });

  it('diff: only the value\'s source changes: NEW is not collected, OLD\'s pass not reused', () => {
    const d = join(dir, `d${n++}`);
    for (const [side, s, at] of [['old', snapshot('secedit-export', 'secedit.inf'), '2026-10-05T09:14:00Z'], ['new', snapshot('vendor-settings'), '2026-11-02T09:21:00Z']] as const) {
      mkdirSync(join(d, side), { recursive: true });
      writeFileSync(join(d, side, 'MR-01.json'), JSON.stringify({ ...s, collectedAt: at }, null, 2));
    }
    const r = runCli(dir, ['diff', join(d, 'old'), join(d, 'new'), '--out', join(d, 'out'), '--now', NOW]);
    expect(r.code, r.stderr).toBeLessThan(4);
    const drift = JSON.parse(readFileSync(join(d, 'out', 'drift.json'), 'utf8'));
    const c = drift.devices.find((x: Json) => x.deviceId === 'MR-01').checks.find((x: Json) => x.checkId === 'PWD-MIN-LENGTH');
    expect(c).toMatchObject({ old: 'pass', new: 'not-collected' });
    expect(c.newReason).toMatch(WHY);
  });
});
