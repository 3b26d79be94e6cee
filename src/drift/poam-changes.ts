// What changed in the POA&M between two assessments: items opened, closed or changed. Pure; the
// POA&M documents are read by oscal/poam.ts parsePreviousPoam (the same reader --previous-poam uses).
import type { PreviousItem, PreviousPoam } from '../oscal/poam.js';
import type { PoamChange } from './types.js';

function deviceDelta(before: readonly string[], after: readonly string[]): string | undefined {
  const was = new Set(before);
  const now = new Set(after);
  const added = after.filter((d) => !was.has(d));
  const removed = before.filter((d) => !now.has(d));
  if (!added.length && !removed.length) return undefined;
  return [added.length ? `now also on ${added.join(', ')}` : '', removed.length ? `no longer on ${removed.join(', ')}` : ''].filter(Boolean).join('; ');
}

function change(kind: PoamChange['kind'], it: PreviousItem, detail?: string, devices = it.devices): PoamChange {
  return {
    kind,
    controlId: it.controlId,
    checkId: it.checkId,
    ...(devices.length ? { deviceId: devices.join(', ') } : {}),
    title: it.title,
    ...(detail ? { detail } : {}),
  };
}

/** Items of NEW compared with OLD by weakness key (control × check), in key order. */
export function poamChanges(oldPoam: PreviousPoam | undefined, newPoam: PreviousPoam): PoamChange[] {
  const out: PoamChange[] = [];
  const keys = [...new Set([...(oldPoam?.items.keys() ?? []), ...newPoam.items.keys()])].sort();
  for (const key of keys) {
    const was = oldPoam?.items.get(key);
    const now = newPoam.items.get(key);
    if (!now) {
      out.push(change('changed', was!, 'no longer in the POA&M (its check left the catalog)'));
      continue;
    }
    const wasOpen = was !== undefined && was.status !== 'closed';
    const isOpen = now.status !== 'closed';
    if (isOpen && !wasOpen) {
      out.push(change('opened', now, was ? `reopened (first detected ${now.firstDetected}, closed ${was.closed ?? 'before'})` : `first detected ${now.firstDetected}`));
    } else if (!isOpen && wasOpen) {
      // A closed item lists no device any more: name the ones it was fixed on.
      out.push(change('closed', now, `closed ${now.closed ?? ''}`.trim(), now.devices.length ? now.devices : was!.devices));
    } else if (isOpen) {
      const details = [
        was!.status !== now.status ? `status ${was!.status} → ${now.status}` : '',
        deviceDelta(was!.devices, now.devices) ?? '',
      ].filter(Boolean);
      if (details.length) out.push(change('changed', now, details.join('; ')));
    }
  }
  return out;
}
