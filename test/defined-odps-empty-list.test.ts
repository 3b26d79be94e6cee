// The ODPs a run defines are said in two places that must agree: the SSP's set-parameters (which
// `diff` reads back as every ODP the run defined: metadata prop defined-odps) and definedOdps, what
// attestations are judged against. A check parameter given an empty list counted as defined for
// attestations while the SSP set nothing for it (default-empty lists), or the SSP set "(none)" (a
// params file's []). The rule (params/resolve.ts definesOdp): an empty list defines nothing: every
// list ODP of the catalog (cm-07_odp.05/.06 functions and services to prohibit, sc-45.01_odp.02 the
// authoritative time sources) asks for things to be named, none has "none" for an answer.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { definedOdps, loadRunConfig } from '../src/assess/config.js';
import { NOT_DEFINED } from '../src/params/resolve.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-03T00:00:00Z';
let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'ato-defined-odps-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The param-ids of the SSP's set-parameters of MR-02 assessed with `params`, and definedOdps of the same configuration. */
async function bothOf(name: string, params: Json): Promise<{ ssp: string[]; defined: string[] }> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(params));
  await runAssess({ inputs: [join(root, 'samples/MR-02/MR-02_2026-11-02.json')], out: join(dir, name), force: false, baseline: 'moderate', now: NOW, toolVersion: 't', pdf: false, params: file, warn: () => {} });
  const ssp = JSON.parse(readFileSync(join(dir, name, 'ssp.json'), 'utf8'))['system-security-plan'];
  return {
    ssp: (ssp['control-implementation']['set-parameters'] as Json[]).map((p) => p['param-id'] as string).sort(),
    defined: [...definedOdps(loadRunConfig({ params: file }))].sort(),
  };
}

describe('an empty list defines no ODP, in the SSP and for attestations alike', () => {
  it('a params file\'s empty lists: neither the SSP nor definedOdps counts their ODPs; a non-empty list is counted by both', async () => {
    const { ssp, defined } = await bothOf('empty', { 'denied-services': [], 'authoritative-time-sources': [], 'denied-features': ['TelnetClient'] });
    expect(defined).not.toContain('cm-07_odp.06');
    expect(defined).not.toContain('sc-45.01_odp.02');
    expect(defined).toContain('cm-07_odp.05');
    expect(ssp).toEqual(defined);
  }, 60_000);

  it('the same lists named: both count them', async () => {
    const { ssp, defined } = await bothOf('named', { 'denied-services': ['seclogon'], 'authoritative-time-sources': ['time.hospital.example'] });
    expect(defined).toEqual(expect.arrayContaining(['cm-07_odp.06', 'sc-45.01_odp.02']));
    expect(ssp).toEqual(defined);
  }, 60_000);

  it('a default that is an empty list ("not defined by the organisation") defines nothing for attestations, as the SSP sets nothing', () => {
    const config = loadRunConfig({});
    const services = config.params.params.get('denied-services')!;
    // The catalog's own lists have values; a catalog whose list ODP defaults to none reads so.
    config.params.params.set('denied-services', { ...services, value: [], source: `${NOT_DEFINED}; basis: none given` });
    expect(definedOdps(config)).not.toContain('cm-07_odp.06');
  });
});
