// `ato-evidence diff`: the three outputs, their determinism, no secret in any of them, the PDF
// order (regressions first), assessment folders as input, and the exit codes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { diffCommand } from '../src/cli/diff.js';
import { runDiff } from '../src/drift/run.js';
import type { Drift } from '../src/drift/types.js';
import { DEVICES, ROOT, ROUND1, ROUND2, samplePath } from './support/drift.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { userErrorOfAsync } from './support/user-error.js';
import { odpParamsJson, sampleAttestationsWithAt2Whole } from './support/attestations.js';

const SECRET = 'S3cr3t-LDAP-bind!';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const NOW = '2026-11-28T00:00:00Z';
const BIN = process.env.ATO_EVIDENCE_BIN ?? join(ROOT, 'dist/cli/main.js');
let dir: string;
let r1: string;
let r2: string;

function round(name: string, day: string, mutate?: (device: string, text: string) => string): string {
  const d = join(dir, name);
  mkdirSync(d);
  for (const dev of DEVICES) {
    const text = readFileSync(samplePath(dev, day), 'utf8');
    writeFileSync(join(d, `${dev}.json`), mutate ? mutate(dev, text) : text);
  }
  return d;
}

const pdfText = pdfPageTexts;

/** Runs the command in-process; returns its exit code and what it printed. */
async function diff(args: { old: string; new: string } & Record<string, unknown>) {
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    const { old, new: neu, ...o } = args;
    const code = await diffCommand(old, neu, { now: NOW, ...o }, '0.0.0-test');
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-diff-'));
  r1 = round('r1', ROUND1);
  r2 = round('r2', ROUND2);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('diff of two snapshot folders', () => {
  let out: string;
  let drift: Drift;
  beforeAll(async () => {
    out = join(dir, 'out');
    const r = await diff({ old: r1, new: r2, out, deviations: join(ROOT, 'samples/deviations.csv'), json: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    drift = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as Drift;
  });

  it('writes exactly drift.json, drift.md and monitoring-report.pdf', () => {
    expect(readdirSync(out).sort()).toEqual(['drift.json', 'drift.md', 'monitoring-report.pdf']);
  });

  it('drift.json names the regressed controls and the CT-01 firewall rule that changed', () => {
    expect(drift.controls.filter((c) => c.transition === 'regressed').map((c) => c.controlId)).toEqual(['ac-5', 'ac-6.5']);
    const ct = drift.devices.find((d) => d.deviceId === 'CT-01')!;
    expect(ct.settings).toContainEqual(expect.objectContaining({ path: 'firewall.rules[Remote Desktop - User Mode (TCP-In)|inbound].enabled', old: false, new: true }));
    // Shown from the folder the user named, never by the machine's absolute path.
    expect(ct.new).toMatchObject({ file: 'r2/CT-01.json' });
  });

  it('drift.md puts regressions before remediations and names the setting that changed on CT-01', () => {
    const md = readFileSync(join(out, 'drift.md'), 'utf8');
    expect(md.indexOf('## Regressions')).toBeLessThan(md.indexOf('## Remediations'));
    // ac-5 was only partially assessed (its a, duties documented, is the organisation's) before LAB-01's fail.
    // States in words, as the CLI summary and the evidence PDF spell them, never the OSCAL token beside prose.
    expect(md).not.toMatch(/→ not-satisfied|not-satisfied →|\(not-satisfied\)|→ partial\b|partial →/);
    expect(md).toMatch(/\| ac-5 \| Separation of Duties \| partially assessed → not satisfied \| LAB-01\/ROLE-CLINICAL-NOT-ADMIN \(pass → fail\) \|/);
    expect(md).toContain('| changed | firewall.rules\\[Remote Desktop - User Mode (TCP-In)\\|inbound\\].enabled | false | true |');
  });

  it('the PDF lists the regressions first (before remediations), with old → new values and the evidence SHA-256', async () => {
    const pages = await pdfText(join(out, 'monitoring-report.pdf'));
    // After the contents (whose last entry is the attachments).
    const all = pages.join('\n').slice(pages.join('\n').indexOf('Embedded attachments') + 1);
    const reg = all.indexOf('Regressions');
    const rem = all.indexOf('Remediations');
    expect(reg).toBeGreaterThan(0);
    expect(rem).toBeGreaterThan(reg);
    const regressions = all.slice(reg, rem);
    expect(regressions).toContain('ROLE-CLINICAL-NOT-ADMIN');
    // ac-6.5 was partially assessed: its objective is shown only in part by the role checks (in-part).
    expect(regressions).toMatch(/ac-6\.5 Privileged Accounts partially assessed → not satisfied LAB-01\/ROLE-CLINICAL-NOT-ADMIN \(pass → fail\)/);
    expect(regressions).toContain('DISK-ENCRYPTION');
    expect(regressions).toMatch(/protectionStatus: on → off/);
    // The snapshots compared, with their SHA-256, are in each device's section.
    const ctSha = drift.devices.find((d) => d.deviceId === 'CT-01')!.new!.sha256;
    const ct = all.slice(all.indexOf('CT-01 Side Collected File SHA-256'));
    expect(ct).toMatch(new RegExp(`^CT-01 Side Collected File SHA-256 Old \\S+ r1/CT-01\\.json \\w{64} New \\S+ r2/CT-01\\.json ${ctSha}`));
    expect(all.slice(rem)).toContain('OS-PATCH-LEVEL');
    expect(all).toContain('Compliance trend per layer');
  });

  it('the same inputs and clock give byte-identical outputs', async () => {
    const again = join(dir, 'out-again');
    expect((await diff({ old: r1, new: r2, out: again, deviations: join(ROOT, 'samples/deviations.csv') })).code).toBe(0);
    for (const f of ['drift.json', 'drift.md', 'monitoring-report.pdf']) expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
  });

  it('no output contains the LDAP bind password, even when it changed', async () => {
    const r3 = round('r3', ROUND2, (_d, t) => t.replaceAll(SECRET, 'An0ther-S3cret!'));
    const o = join(dir, 'out-secret');
    expect((await diff({ old: r1, new: r3, out: o })).code).toBe(0);
    const d = JSON.parse(readFileSync(join(o, 'drift.json'), 'utf8')) as Drift;
    expect(d.devices.find((x) => x.deviceId === 'MR-01')!.settings).toContainEqual(expect.objectContaining({ path: 'access.ldap.bindPassword', kind: 'changed', old: '[REDACTED]', new: '[REDACTED]' }));
    for (const f of ['drift.json', 'drift.md', 'monitoring-report.pdf']) {
      const bytes = readFileSync(join(o, f));
      expect(bytes.includes(SECRET), f).toBe(false);
      expect(bytes.includes('An0ther-S3cret!'), f).toBe(false);
    }
    const text = (await pdfText(join(o, 'monitoring-report.pdf'))).join(' ');
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain('An0ther');
    expect(text).not.toContain('S3cr3t');
  });

  it('--no-pdf writes the two other files only', async () => {
    const o = join(dir, 'out-nopdf');
    expect((await diff({ old: r1, new: r2, out: o, pdf: false })).code).toBe(0);
    expect(readdirSync(o).sort()).toEqual(['drift.json', 'drift.md']);
  });
});

describe('exit codes', () => {
  it('--fail-on regression: 3 when a control regressed, 0 the other way round', async () => {
    const a = await diff({ old: r1, new: r2, out: join(dir, 'g1'), failOn: 'regression', pdf: false, json: true });
    expect(a.code).toBe(3);
    expect(JSON.parse(a.stdout)).toMatchObject({ exitCode: 3, regressed: ['ac-5', 'ac-6.5'] });
    // The other way round, on the day round 2 was collected: the two controls get better, nothing regresses.
    const b = await diff({ old: r2, new: r1, out: join(dir, 'g2'), failOn: 'regression', pdf: false, now: '2026-11-02T18:00:00Z' });
    expect(b.code).toBe(0);
    // Judged on 2026-11-28, round 1's AUDIT-PROTECT evidence has lapsed on every console: au-9.4, partially assessed in
    // round 2, is not satisfied in round 1 as assess says (its only results not collected), a regression to report.
    const c = await diff({ old: r2, new: r1, out: join(dir, 'g2b'), failOn: 'regression', pdf: false, json: true });
    expect(c.code).toBe(3);
    expect(JSON.parse(c.stdout)).toMatchObject({ exitCode: 3, regressed: ['au-9.4'] });
  });

  it('--fail-on fail: 3 when any check fails in NEW', async () => {
    expect((await diff({ old: r2, new: r1, out: join(dir, 'g3'), failOn: 'fail', pdf: false })).code).toBe(3);
  });

  it('without --fail-on a regression still exits 0', async () => {
    expect((await diff({ old: r1, new: r2, out: join(dir, 'g4'), pdf: false })).code).toBe(0);
  });

  it('bad input exits 1 naming the file and place, and writes nothing', async () => {
    const bad = round('bad', ROUND2, (d, t) => (d === 'MR-02' ? t.replace('"collectedAt"', '"collectedAtt"') : t));
    const o = join(dir, 'g5');
    const r = await diff({ old: r1, new: bad, out: o, pdf: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(bad, 'MR-02.json')} at /`);
    expect(existsSync(o)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.g5'))).toEqual([]);
  });

  it('a missing input exits 1; an existing non-empty --out is refused without --force (2), and with it unless diff wrote it', async () => {
    expect((await diff({ old: join(dir, 'nope'), new: r2, out: join(dir, 'g6') })).code).toBe(1);
    const o = join(dir, 'g7');
    mkdirSync(o);
    writeFileSync(join(o, 'keep.txt'), 'x');
    const r = await diff({ old: r1, new: r2, out: o, pdf: false });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--force/);
    expect(readdirSync(o)).toEqual(['keep.txt']);
    // keep.txt is not ato-evidence's: --force does not replace the folder either.
    const forcedForeign = await diff({ old: r1, new: r2, out: o, pdf: false, force: true });
    expect(forcedForeign.code).toBe(2);
    expect(forcedForeign.stderr).toMatch(/--force replaces only a folder ato-evidence wrote/);
    expect(readdirSync(o)).toEqual(['keep.txt']);
    const own = join(dir, 'g8');
    expect((await diff({ old: r1, new: r2, out: own, pdf: false })).code).toBe(0);
    expect((await diff({ old: r1, new: r2, out: own, pdf: false, force: true })).code).toBe(0);
    expect(readdirSync(own).sort()).toEqual(['drift.json', 'drift.md']);
  });

  it.runIf(existsSync(BIN))('usage errors exit 2 (the built binary)', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'diff', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const bad = run([r1, r2, '--out', join(dir, 'u1'), '--fail-on', 'regression,sometimes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on takes regression, fail, missing, or several of them comma-separated/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(run([r1]).status).toBe(2);
    expect(run([r1, r2, '--out', join(dir, 'u2'), '--now', 'yesterday']).status).toBe(2);
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Example:\n\s+\$ ato-evidence diff /);
    const ok = run([r1, r2, '--out', join(dir, 'u3'), '--now', NOW, '--fail-on', 'regression', '--no-pdf']);
    expect(ok.status).toBe(3);
    // Several modes: r2 → r1 on round 2's day regresses nothing and misses no device; every device of r1 is in r2.
    expect(run([r2, r1, '--out', join(dir, 'u4'), '--now', '2026-11-02T18:00:00Z', '--fail-on', 'regression,missing', '--no-pdf']).status).toBe(0);
    expect(run([r1, r2, '--out', join(dir, 'u5'), '--now', NOW, '--fail-on', 'missing,regression', '--no-pdf']).status).toBe(3);
  });
});

describe('export folders as input', () => {
  it('an export folder against a copy of itself: one device compared, nothing changed, exit 0', async () => {
    const src = join(ROOT, 'test/fixtures/exports/mr-01');
    const o = join(dir, 'ex');
    // The fixture was collected on 2024-03-01: judged the next day, as a current collection.
    const r = await diff({ old: src, new: src, out: o, pdf: false, failOn: 'regression', now: '2024-03-02T00:00:00Z' });
    expect(r.code).toBe(0);
    const d = JSON.parse(readFileSync(join(o, 'drift.json'), 'utf8')) as Drift;
    expect(d.old.kind).toBe('exports');
    expect(d.summary.devices).toMatchObject({ compared: 1, changed: 0, unchanged: 1, added: 0, removed: 0 });
    expect(d.devices).toEqual([]);
  });

  it('the same folder judged years later: NEW is stale at --now, so its passes are no longer passes (cause: time), settings unchanged', async () => {
    const src = join(ROOT, 'test/fixtures/exports/mr-01');
    const o = join(dir, 'ex-stale');
    const r = await diff({ old: src, new: src, out: o, pdf: false });
    expect(r.code).toBe(0);
    const d = JSON.parse(readFileSync(join(o, 'drift.json'), 'utf8')) as Drift;
    const dev = d.devices.find((x) => x.deviceId === 'MR-01')!;
    expect(dev.settings).toEqual([]);
    expect(dev.checks.length).toBeGreaterThan(0);
    for (const c of dev.checks) expect([c.checkId, c.old === 'pass' || c.old === 'not-applicable', c.new]).toEqual([c.checkId, true, 'not-collected']);
  });
});

describe('what diff prints about export folders', () => {
  it('warns of what ingest noticed, as assess does, and masks a secret a warning would quote (a file named after a password)', async () => {
    const ex = join(dir, 'ex-warn');
    cpSync(join(ROOT, 'test/fixtures/exports/mr-01'), ex, { recursive: true });
    // Ingest warns of the bind password it does not read (a warning diff used to drop), and skips the stray file by name.
    const vendor = JSON.parse(readFileSync(join(ex, 'vendor-settings.json'), 'utf8')) as { ldap: Record<string, unknown> };
    vendor.ldap.bindPassword = 'Zq-Vendor-Bind-7';
    writeFileSync(join(ex, 'vendor-settings.json'), JSON.stringify(vendor, null, 2));
    writeFileSync(join(ex, 'pw=Zq-File-Name-8.txt'), 'hello\n');
    const r = await diff({ old: ex, new: ex, out: join(dir, 'ex-warn-out'), pdf: false, now: '2024-03-02T00:00:00Z' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/vendor-settings\.json: \/ldap\/bindPassword, line \d+: the LDAP bind password is a secret and is not read/);
    expect(r.stderr).toMatch(/skipped pw=\[REDACTED\]/);
    expect(r.stderr).not.toContain('Zq-File-Name-8');
    expect(r.stderr).not.toContain('Zq-Vendor-Bind-7');
  });
});

describe('assessment output folders as input', () => {
  let a1: string;
  let a2: string;
  beforeAll(async () => {
    a1 = join(dir, 'pkg1');
    a2 = join(dir, 'pkg2');
    for (const [src, out, now] of [[r1, a1, '2026-10-06T00:00:00Z'], [r2, a2, '2026-11-03T00:00:00Z']] as const) {
      await runAssess({ inputs: [src], out, force: false, baseline: 'moderate', now, toolVersion: '0.0.0-test', pdf: false });
    }
  });

  it('re-evaluates the evidence the assessment results cite: the same transitions as from the snapshots', async () => {
    const r = await runDiff({ old: a1, new: a2, out: join(dir, 'pd'), force: false, now: NOW, toolVersion: 't', config: {}, pdf: false });
    expect(r.drift.old).toMatchObject({ kind: 'assessment', at: '2026-10-06T00:00:00Z', devices: 4 });
    expect(r.drift.controls.filter((c) => c.transition === 'regressed').map((c) => c.controlId)).toEqual(['ac-5', 'ac-6.5']);
    const ct = r.drift.devices.find((d) => d.deviceId === 'CT-01')!;
    expect(ct.new!.file).toMatch(/pkg2\/evidence\/CT-01_\d{8}T\d{6}Z\.json$/);
    // The evidence copies are redacted: the bind password is not even read.
    expect(JSON.stringify(r.drift)).not.toContain(SECRET);
  });

  it('evidence changed after the assessment is refused (exit 1) with the file named', async () => {
    const tampered = join(dir, 'pkg-t');
    mkdirSync(join(tampered, 'evidence'), { recursive: true });
    for (const f of ['assessment-results.json']) copyFileSync(join(a2, f), join(tampered, f));
    for (const f of readdirSync(join(a2, 'evidence'))) {
      const text = readFileSync(join(a2, 'evidence', f), 'utf8');
      writeFileSync(join(tampered, 'evidence', f), f.startsWith('MR-02') ? text.replace('"enabled": true', '"enabled": false') : text);
    }
    const e = await userErrorOfAsync(() => runDiff({ old: a1, new: tampered, out: join(dir, 'pt'), force: false, now: NOW, toolVersion: 't', config: {}, pdf: false }));
    expect(e.file).toMatch(/pkg-t\/evidence\/MR-02_/);
    expect(e.message).toMatch(/SHA-256 .* changed after the assessment/);
    expect(existsSync(join(dir, 'pt'))).toBe(false);
  });

  // Found by a tamper driver: diff read a sealed package without its manifest, so evidence edited
  // together with the hash its results record was compared as the assessment's own.
  it('a sealed package whose evidence was edited along with the hash its results record is refused: the seal shows it', async () => {
    const tampered = join(dir, 'pkg-resealed');
    cpSync(a2, tampered, { recursive: true });
    const ev = readdirSync(join(tampered, 'evidence')).find((f) => f.startsWith('MR-02'))!;
    const before = readFileSync(join(tampered, 'evidence', ev));
    const after = Buffer.from(before.toString('utf8').replace('"enabled": true', '"enabled": false'));
    expect(after.equals(before)).toBe(false);
    writeFileSync(join(tampered, 'evidence', ev), after);
    const arFile = join(tampered, 'assessment-results.json');
    const ar = readFileSync(arFile, 'utf8');
    expect(ar).toContain(sha256(before));
    writeFileSync(arFile, ar.split(sha256(before)).join(sha256(after)));
    const e = await userErrorOfAsync(() => runDiff({ old: a1, new: tampered, out: join(dir, 'pr'), force: false, now: NOW, toolVersion: 't', config: {}, pdf: false }));
    expect(e.file).toBe(tampered);
    expect(e.message).toMatch(/not as it was sealed/);
    expect(e.message).toContain(`changed: evidence/${ev}`);
    expect(e.message).toContain('changed: assessment-results.json');
    expect(existsSync(join(dir, 'pr'))).toBe(false);
  });

  // Found by hand: diff had no --public-key (verify and export have one), so a signed package was
  // compared without its signature checked, and nothing said so.
  it('--public-key checks each package\'s signature; the closing lines say whether it was checked', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const keyPair = (name: string) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(join(dir, `${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, `${name}.pub.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
      return { priv: join(dir, `${name}.pem`), pub: join(dir, `${name}.pub.pem`) };
    };
    const k = keyPair('diff-sign');
    const other = keyPair('diff-other');
    const s1 = join(dir, 'spkg1');
    const s2 = join(dir, 'spkg2');
    await runAssess({ inputs: [r1], out: s1, force: false, baseline: 'moderate', now: '2026-10-06T00:00:00Z', toolVersion: '0.0.0-test', pdf: false, signKey: k.priv });
    await runAssess({ inputs: [r2], out: s2, force: false, baseline: 'moderate', now: '2026-11-03T00:00:00Z', toolVersion: '0.0.0-test', pdf: false, signKey: k.priv });
    const good = await diff({ old: s1, new: s2, out: join(dir, 'sg'), pdf: false, publicKey: k.pub });
    expect(good.code).toBe(0);
    expect(good.stderr).toMatch(/Verified OLD .*spkg1 \(package digest [0-9a-f]{64}; signature valid \(.*diff-sign\.pub\.pem\)\)\nVerified NEW .*spkg2 .*signature valid/);
    const unchecked = await diff({ old: s1, new: s2, out: join(dir, 'sn'), pdf: false });
    expect(unchecked.stderr).toMatch(/Verified NEW .*spkg2 \(package digest [0-9a-f]{64}; signature present but NOT checked: pass --public-key to check it\)/);
    const wrong = await diff({ old: s1, new: s2, out: join(dir, 'sw'), pdf: false, publicKey: other.pub });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/spkg1: is not as it was sealed, so it is not compared[\s\S]*signature: manifest\.json\.sig: does not verify/);
    expect(existsSync(join(dir, 'sw'))).toBe(false);
    // An unsigned package, or a folder that is no package, has nothing the key can check: refused.
    const bare = await diff({ old: a1, new: s2, out: join(dir, 'su'), pdf: false, publicKey: k.pub });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/pkg1: is not as it was sealed[\s\S]*signature/);
    // Snapshots are no package: the closing lines say no signature was checked on that side.
    const snaps = await diff({ old: r1, new: s2, out: join(dir, 'ss'), pdf: false, publicKey: k.pub });
    expect(snaps.code).toBe(0);
    expect(snaps.stderr).toMatch(/OLD .*r1: not a sealed package \(snapshots or exports\): no signature checked\nVerified NEW .*signature valid/);
  });

  it('an assessment folder without manifest.json is compared, with a warning that it cannot be verified', async () => {
    const unsealed = join(dir, 'pkg-unsealed');
    cpSync(a2, unsealed, { recursive: true });
    rmSync(join(unsealed, 'manifest.json'));
    const r = await diff({ old: a1, new: unsealed, out: join(dir, 'pu'), pdf: false });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pkg-unsealed: holds no manifest\.json, so it is not a sealed package and cannot be verified/);
    // The sealed side is verified silently.
    expect(r.stderr).not.toMatch(/pkg1: holds no manifest/);
  });
});

describe('the report agrees with the package: --system, --attestations, --marking', () => {
  let out: string;
  let pkg: string;
  beforeAll(async () => {
    out = join(dir, 'agree');
    // at-2 attested whole, so one attested control is satisfied by a reviewed attestation alone.
    const attestations = sampleAttestationsWithAt2Whole(ROOT, join(dir, 'agree-att'));
    // at-2's ODPs defined: an attestation does not satisfy a control whose ODPs nothing defines.
    const params = join(dir, 'agree-att', 'odps.json');
    writeFileSync(params, odpParamsJson(['at-2']));
    const r = await diff({
      old: r1, new: r2, out, deviations: join(ROOT, 'samples/deviations.csv'),
      system: join(ROOT, 'samples/system.yaml'), attestations, params, marking: 'CUI', json: true,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The package of NEW, assessed on the day diff judges NEW on (its report clock).
    pkg = join(dir, 'agree-pkg');
    await runAssess({
      inputs: [r2], out: pkg, force: false, baseline: 'moderate', now: NOW, toolVersion: '0.0.0-test', pdf: false,
      deviations: join(ROOT, 'samples/deviations.csv'), attestations, params,
    });
  });

  it('counts the controls satisfied in NEW as the package does (attested controls included)', async () => {
    const drift = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as Drift;
    const ar = JSON.parse(readFileSync(join(pkg, 'assessment-results.json'), 'utf8'));
    const findings = ar['assessment-results'].results[0].findings as Array<{ target: { 'target-id': string; status: { state: string } } }>;
    // The control-level findings target the control's whole objective (<control>_obj); the others
    // are findings per SP 800-53A objective (ac-7_obj.a).
    const satisfied = findings.filter((f) => /^[a-z]{2}-\d+(\.\d+)?_obj$/.test(f.target['target-id']) && f.target.status.state === 'satisfied').length;
    expect(drift.summary.controls.satisfiedNew).toBe(satisfied);
    // Without the attestations, diff counts fewer: the one attested control an assessor reviewed (at-2;
    // pe-3 is attested, awaiting review, and satisfies nothing).
    const plain = JSON.parse(readFileSync(join(dir, 'out', 'drift.json'), 'utf8')) as Drift;
    expect(plain.summary.controls.satisfiedNew).toBe(satisfied - 1);
  });

  it('names the system from --system and prints the marking on every page', async () => {
    const pages = await pdfText(join(out, 'monitoring-report.pdf'));
    for (const [i, p] of pages.entries()) {
      expect(p, `page ${i + 1}`).toContain('Example University Hospital Imaging Device Fleet · Continuous monitoring report');
      expect(p.match(/\bCUI\b/g)?.length ?? 0, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
    }
    expect(pages.join(' ')).not.toContain('Imaging-device fleet');
    expect(pages[0]).toContain('Jonas Lindqvist');
  });

  it('shows no absolute path of the machine that ran it, in the PDF, drift.json or drift.md', async () => {
    const text = (await pdfText(join(out, 'monitoring-report.pdf'))).join('\n');
    for (const body of [text, readFileSync(join(out, 'drift.json'), 'utf8'), readFileSync(join(out, 'drift.md'), 'utf8')]) {
      expect(body).not.toContain(dir);
      expect(body).toContain('r2/CT-01.json');
    }
  });

  it('refuses a bad --marking as a usage error, before writing anything', async () => {
    for (const marking of ['', '  ', 'CUI\nSECRET', 'x'.repeat(81)]) {
      const r = await diff({ old: r1, new: r2, out: join(dir, 'bad-marking'), marking });
      expect(r.code, JSON.stringify(marking)).toBe(2);
      expect(r.stderr).toMatch(/--marking/);
      expect(existsSync(join(dir, 'bad-marking'))).toBe(false);
    }
  });

  it('takes the system name NEW recorded in its ssp.json when no --system or --system-name names it', async () => {
    const a = join(dir, 'named-a');
    const b = join(dir, 'named-b');
    for (const [src, o] of [[r1, a], [r2, b]] as const) {
      await runAssess({ inputs: [src], out: o, force: false, baseline: 'moderate', now: NOW, toolVersion: '0.0.0-test', pdf: false, system: join(ROOT, 'samples/system.yaml') });
    }
    const r = await runDiff({ old: a, new: b, out: join(dir, 'named-out'), force: false, now: NOW, toolVersion: 't', config: {} });
    expect(r.files).toContain('monitoring-report.pdf');
    const pages = await pdfText(join(dir, 'named-out', 'monitoring-report.pdf'));
    expect(pages[0]).toContain('Example University Hospital Imaging Device Fleet');
  });
});
