// Attestation files for tests: one YAML entry per call, in the format docs/attestations.md gives,
// so each test states only what it is about (the control, the dates, whether it was reviewed).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';

export interface AttestationEntry {
  control: string;
  statement?: string;
  who?: { name: string; role: string };
  /** YYYY-MM-DD */
  when: string;
  expires: string;
  method?: 'EXAMINE' | 'INTERVIEW' | 'TEST';
  /** File name, relative to the attestations file. */
  evidence?: string;
  /** The review's date (by Tomás Ibarra, Assessor); none: awaiting review. */
  reviewed?: string;
}

/** One `- control: …` entry of an attestations.yaml list. */
export function attestationEntry(a: AttestationEntry): string {
  const who = a.who ?? { name: 'Dana Whitfield', role: 'Security Awareness Program Manager' };
  return `  - control: ${a.control}
    statement: ${a.statement ?? `The ${a.control} procedure was reviewed and signed.`}
    who: { name: ${who.name}, role: ${who.role} }
    when: ${a.when}
    expires: ${a.expires}
    method: ${a.method ?? 'EXAMINE'}
    evidence: ${a.evidence ?? 'evidence.md'}
${a.reviewed ? `    reviewed-by: { name: Tomás Ibarra, role: Assessor, when: ${a.reviewed} }\n` : ''}`;
}

/** A whole attestations.yaml. */
export function attestationsYaml(entries: readonly AttestationEntry[]): string {
  return `attestations:\n${entries.map(attestationEntry).join('')}`;
}

/**
 * samples/attestations.yaml with at-2's attestation taken for the whole control (its `objectives`
 * line left out), written into `dir` beside a copy of the samples' evidence files: at-2 is then
 * satisfied by the reviewed attestation alone, the case tests of a satisfied attested control need
 * (the sample itself names the two objectives its roster shows, so at-2 is partially assessed).
 */
export function sampleAttestationsWithAt2Whole(root: string, dir: string): string {
  const sample = join(root, 'samples', 'attestations.yaml');
  const text = readFileSync(sample, 'utf8');
  const whole = text.replace(/^    objectives: \[at-2_obj[^\n]*\n/m, '');
  if (whole === text) throw new Error(`${sample}: at-2 names no objectives any more; adjust sampleAttestationsWithAt2Whole`);
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'samples', 'attestations'), join(dir, 'attestations'), { recursive: true });
  const path = join(dir, 'attestations-at-2-whole.yaml');
  writeFileSync(path, whole);
  return path;
}

/**
 * A scratch att/attestations.yaml whose one attestation (at-2, not reviewed) names att/<name> as
 * its evidence, which holds `bytes`: for tests of what evidence files are accepted. The folder is
 * pushed on `roots` for the caller to remove. Returns the attestations file.
 */
export function attestationWithEvidence(roots: string[], name: string, bytes: Buffer): string {
  const root = mkdtempSync(join(tmpdir(), 'ato-att-evidence-'));
  roots.push(root);
  mkdirSync(join(root, 'att'));
  writeFileSync(join(root, 'att', name), bytes);
  const file = join(root, 'att', 'attestations.yaml');
  writeFileSync(file, attestationsYaml([{ control: 'at-2', statement: 'Every user completed the course.', who: { name: 'Dana Whitfield', role: 'ISSO' }, when: '2026-09-15', expires: '2027-09-14', evidence: `"${name}"` }]));
  return file;
}

/**
 * A --params file (JSON) that defines every organisation-defined parameter of `controls`, read from
 * the bundled catalog: for tests whose attested control must be able to be satisfied (an attestation
 * does not satisfy a control whose ODPs nothing defines: docs/attestations.md). The ODPs a check
 * parameter fills (controls/parameters.yaml `odp:`, which then takes that parameter's type) are left
 * out: their defaults define them already.
 */
export function odpParamsJson(controls: readonly string[]): string {
  const index = JSON.parse(readFileSync(new URL('../../controls/rev5-index.json', import.meta.url), 'utf8')) as { controls: Record<string, { params?: string[] }> };
  const byCheckParam = new Set(((loadYaml(readFileSync(new URL('../../controls/parameters.yaml', import.meta.url), 'utf8')) ?? []) as Array<{ odp?: string }>).map((p) => p.odp).filter((o): o is string => o !== undefined));
  const out: Record<string, string> = {};
  for (const c of controls) for (const p of index.controls[c]?.params ?? []) if (p.includes('_odp') && !byCheckParam.has(p)) out[p] = `the value the organisation set for ${p}`;
  return JSON.stringify(out, null, 2);
}

/**
 * The samples' at-2 attestation (the 2026 awareness roster, reviewed), its evidence named by absolute
 * path: at-2 attested whole, as the tests of its organisation-defined parameters need.
 */
export function sampleAt2Yaml(samplesDir: string): string {
  return attestationsYaml([{ control: 'at-2', statement: 'Every console user completed the 2026 awareness course.', when: '2026-09-15', expires: '2027-09-14', evidence: join(samplesDir, 'attestations/at-2-awareness-roster-2026.md'), reviewed: '2026-10-01' }]);
}
