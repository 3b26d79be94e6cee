// Snapshots can carry secrets (an LDAP bind password, an autologon password in the registry).
// They are never needed for a verdict and must never reach a report or the evidence package.
import type { Snapshot } from './types.js';

export const REDACTED = '[REDACTED]';

/** Registry value names that hold secrets (Winlogon DefaultPassword, PSKs, private keys). */
const SECRET_NAME = /(password|passwd|pwd$|secret|privatekey|private-key|psk|passphrase)/i;

/** Whether a registry value name (or path) names a secret (Winlogon DefaultPassword, a PSK, a private key). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True if the snapshot holds any value this module would redact. */
export function hasSecrets(s: Snapshot): boolean {
  if (s.access?.ldap?.bindPassword !== undefined) return true;
  const reg = s.hardening?.registry;
  return !!reg && Object.keys(reg).some((k) => SECRET_NAME.test(k));
}

/** A copy of the snapshot with every secret replaced by "[REDACTED]"; the input is not changed. */
export function redactSnapshot(s: Snapshot): Snapshot {
  if (!hasSecrets(s)) return s;
  const copy = structuredClone(s);
  if (copy.access?.ldap?.bindPassword !== undefined) copy.access.ldap.bindPassword = REDACTED;
  const reg = copy.hardening?.registry;
  if (reg) for (const k of Object.keys(reg)) if (SECRET_NAME.test(k)) reg[k] = REDACTED;
  if (copy.provenance) {
    for (const p of Object.values(copy.provenance)) {
      for (const alt of p.alternatives ?? []) if (typeof alt.value === 'string' && alt.value !== '') alt.value = secretLike(p) ? REDACTED : alt.value;
    }
  }
  return copy;
}

function secretLike(p: { location?: string }): boolean {
  return !!p.location && SECRET_NAME.test(p.location);
}

/** Every secret value in the snapshot, so tests and callers can prove none leaked. */
export function secretValues(s: Snapshot): string[] {
  const out: string[] = [];
  if (s.access?.ldap?.bindPassword) out.push(s.access.ldap.bindPassword);
  for (const [k, v] of Object.entries(s.hardening?.registry ?? {})) if (SECRET_NAME.test(k) && String(v) !== '') out.push(String(v));
  return out;
}
