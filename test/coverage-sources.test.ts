// Coverage that outlives its file: an `if-absent` expectation reads an absent value as "not set"
// where the snapshot's coverage says a complete source was read. A coverage entry naming a file the
// snapshot does not list among its sources made AUTOLOGON-OFF (access.autologon from winlogon.json)
// and OS-INSTALLER-NO-ELEVATION (AlwaysInstallElevated under HKLM\SOFTWARE\Policies from
// registry.reg) pass with the values and the file gone. The loader now refuses such a snapshot,
// naming the entry; a snapshot without `sources` is its writer's word, as before.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { isUserError } from '../src/io/errors.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = process.env.ATO_EVIDENCE_BIN ?? join(ROOT, 'dist/cli/main.js');
const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const status = (id: string, s: Snapshot) => evaluateCheck(catalog.checks.find((c) => c.id === id)!, s, params).status;
const tmp = mkdtempSync(join(tmpdir(), 'ato-coverage-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** MR-01's latest snapshot (its coverage: winlogon.json for access.autologon, registry.reg for HKLM\SOFTWARE\Policies...), changed. */
function mr01(change: (s: any) => void): any {
  const s = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
  change(s);
  return s;
}
const withoutAutologon = (s: any) => delete s.access.autologon;
const withoutElevation = (s: any) => {
  for (const k of Object.keys(s.hardening.registry)) if (/\\Installer\\AlwaysInstallElevated$/i.test(k)) delete s.hardening.registry[k];
};
const dropSource = (suffix: string) => (s: any) => {
  s.sources = s.sources.filter((x: { file: string }) => !x.file.endsWith(suffix));
};
function refusal(doc: unknown): { message: string; where?: string } | undefined {
  try {
    readSnapshot(Buffer.from(JSON.stringify(doc)), 'MR-01.json');
    return undefined;
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { message: e.message, ...(e.where !== undefined ? { where: e.where } : {}) };
  }
}

describe('a coverage entry for a file the snapshot does not hold vouches for nothing', () => {
  it('with the file among the sources, absence is "not set": AUTOLOGON-OFF and OS-INSTALLER-NO-ELEVATION pass (the catalog\'s design)', () => {
    const s = readSnapshot(Buffer.from(JSON.stringify(mr01((x) => { withoutAutologon(x); withoutElevation(x); }))), 'MR-01.json').snapshot;
    expect(status('AUTOLOGON-OFF', s)).toBe('pass');
    expect(status('OS-INSTALLER-NO-ELEVATION', s)).toBe('pass');
  });

  it('AUTOLOGON-OFF: winlogon.json gone from the sources with its values: refused, naming the coverage entry (was a pass)', () => {
    const r = refusal(mr01((x) => { withoutAutologon(x); dropSource('/winlogon.json')(x); }));
    expect(r?.where).toBe('/coverage/0/source');
    expect(r?.message).toContain('access.autologon was read whole from "MR-01_2026-11-02/winlogon.json", which is not among the snapshot\'s sources');
  });

  it('OS-INSTALLER-NO-ELEVATION: registry.reg gone from the sources with the value: refused (was a pass)', () => {
    const r = refusal(mr01((x) => { withoutElevation(x); dropSource('/registry.reg')(x); }));
    expect(r?.where).toMatch(/^\/coverage\/\d+\/source$/);
    expect(r?.message).toContain('hardening.registry was read whole from "MR-01_2026-11-02/registry.reg"');
  });

  it('a partial entry from a file not in the sources (a collection step that failed) is no claim: read as before', () => {
    const doc = mr01((x) => { x.coverage.push({ scope: 'encryption.volumes', source: 'bitlocker.txt', complete: false, note: 'the collection script could not write it' }); });
    expect(refusal(doc)).toBeUndefined();
  });

  it('a snapshot without sources (written by hand or another tool) keeps its coverage as written', () => {
    const doc = mr01((x) => { withoutAutologon(x); delete x.sources; delete x.provenance; });
    const s = readSnapshot(Buffer.from(JSON.stringify(doc)), 'MR-01.json').snapshot;
    expect(status('AUTOLOGON-OFF', s)).toBe('pass');
  });

  it.runIf(existsSync(BIN))('assess exits 1 with the message, no stack trace, and writes no --out', () => {
    const file = join(tmp, 'MR-01.json');
    writeFileSync(file, JSON.stringify(mr01((x) => { withoutAutologon(x); dropSource('/winlogon.json')(x); })));
    const out = join(tmp, 'out');
    const r = spawnSync(process.execPath, [BIN, 'assess', file, '--out', out, '--now', '2026-11-02T18:00:00Z'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('at /coverage/0/source: coverage says access.autologon was read whole');
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(existsSync(out)).toBe(false);
  });
});
