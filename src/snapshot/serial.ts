import type { Snapshot } from './types.js';

/**
 * The serial number a snapshot gives, as a field to spread (none when it gives none). Two
 * snapshots of one device id with different serials are two consoles under one id: assess, diff
 * and monitor refuse them rather than keep the later and drop the other console silently.
 */
export function serialOf(snapshot: Snapshot): { serial?: string } {
  const serial = snapshot.device.serial;
  return typeof serial === 'string' && serial.trim() !== '' ? { serial } : {};
}

/** Whether two serial numbers name different consoles (compared without case or surrounding space; a blank one says nothing). */
export function otherConsole(a: string | undefined, b: string | undefined): boolean {
  const x = a?.trim().toLowerCase();
  const y = b?.trim().toLowerCase();
  return !!x && !!y && x !== y;
}
