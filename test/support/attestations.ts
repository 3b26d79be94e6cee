// Attestation files for tests: one YAML entry per call, in the format docs/attestations.md gives,
// so each test states only what it is about (the control, the dates, whether it was reviewed).

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
