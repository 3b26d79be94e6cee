// Reading device results out of an assessment-results document, grouped (one observation per
// distinct result, its devices as subjects) or per device: the meaning, whatever the form.
type Json = Record<string, any>;

/** The inventory item uuid of a device (asset-id prop) in a result's local definitions. */
export function itemUuidOf(result: Json, deviceId: string): string {
  const items = (result['local-definitions']?.['inventory-items'] ?? []) as Json[];
  const item = items.find((i) => i.props?.some((p: Json) => p.name === 'asset-id' && p.value === deviceId));
  if (!item) throw new Error(`no inventory item for ${deviceId}`);
  return item.uuid as string;
}

export const checkIdOf = (o: Json): string | undefined => o.props?.find((p: Json) => p.name === 'check-id')?.value;

/** The observation holding a device's result for a check (exactly one, or it throws). */
export function observationOf(result: Json, deviceId: string, checkId: string): Json {
  const uuid = itemUuidOf(result, deviceId);
  const found = (result.observations as Json[]).filter((o) => checkIdOf(o) === checkId && o.subjects?.some((s: Json) => s['subject-uuid'] === uuid));
  if (found.length !== 1) throw new Error(`${found.length} observations of ${checkId} on ${deviceId}`);
  return found[0]!;
}

/** Every device × check result the observations carry: "device|check" → the observation. */
export function resultsByDevice(result: Json): Map<string, Json> {
  const items = (result['local-definitions']?.['inventory-items'] ?? []) as Json[];
  const deviceOf = new Map(items.map((i) => [i.uuid as string, i.props.find((p: Json) => p.name === 'asset-id').value as string]));
  const out = new Map<string, Json>();
  for (const o of result.observations as Json[]) {
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
