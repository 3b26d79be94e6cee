// Reading device results out of an assessment-results document, grouped (one observation per
// distinct result, its devices as subjects) or per device: the meaning, whatever the form.
type Json = Record<string, any>;

/**
 * Device id -> inventory item uuid, as the results document says it: its back-matter evidence
 * resources name the device (device-id) and the SSP's inventory item (inventory-item-uuid);
 * results of earlier versions defined the items locally (asset-id).
 */
export function deviceUuids(ar: Json): Map<string, string> {
  const out = new Map<string, string>();
  const own = (o: Json, name: string): string | undefined => o.props?.find((p: Json) => p.name === name)?.value;
  for (const r of (ar['assessment-results']?.['back-matter']?.resources ?? []) as Json[]) {
    const d = own(r, 'device-id');
    const u = own(r, 'inventory-item-uuid');
    if (d && u) out.set(d, u);
  }
  for (const i of (ar['assessment-results']?.results?.[0]?.['local-definitions']?.['inventory-items'] ?? []) as Json[]) {
    const d = own(i, 'asset-id');
    if (d && !out.has(d)) out.set(d, i.uuid);
  }
  return out;
}

/** The inventory item uuid of a device in an assessment-results document. */
export function itemUuidOf(ar: Json, deviceId: string): string {
  const u = deviceUuids(ar).get(deviceId);
  if (!u) throw new Error(`no inventory item for ${deviceId}`);
  return u;
}

export const checkIdOf = (o: Json): string | undefined => o.props?.find((p: Json) => p.name === 'check-id')?.value;

/** The observation holding a device's result for a check (exactly one, or it throws). `ar`: the whole results document. */
export function observationOf(ar: Json, deviceId: string, checkId: string): Json {
  const uuid = itemUuidOf(ar, deviceId);
  const found = (ar['assessment-results'].results[0].observations as Json[]).filter((o) => checkIdOf(o) === checkId && o.subjects?.some((s: Json) => s['subject-uuid'] === uuid));
  if (found.length !== 1) throw new Error(`${found.length} observations of ${checkId} on ${deviceId}`);
  return found[0]!;
}

/** Every device × check result the observations carry: "device|check" → the observation. */
export function resultsByDevice(ar: Json): Map<string, Json> {
  const deviceOf = new Map([...deviceUuids(ar)].map(([d, u]) => [u, d]));
  const out = new Map<string, Json>();
  for (const o of ar['assessment-results'].results[0].observations as Json[]) {
    const check = checkIdOf(o);
    if (!check) continue;
    for (const s of o.subjects ?? []) {
      const key = `${deviceOf.get(s['subject-uuid'])}|${check}`;
      if (out.has(key)) throw new Error(`two observations of ${key}`);
      out.set(key, o);
    }
  }
  return out;
}
