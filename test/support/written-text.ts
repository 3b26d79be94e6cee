/** Test helper (not shipped): every byte a run wrote, read as one text, for secret sweeps. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, as text (latin1: any byte sequence reads, so a marker is found whatever the encoding around it). */
export function allText(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out += statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'latin1');
  }
  return out;
}
