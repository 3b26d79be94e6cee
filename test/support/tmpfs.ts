/**
 * Test helper (not shipped): a tmpfs of `size` mounted for the enclosing describe (root only, where
 * mount is allowed), to make a real full disk or a read-only file system. `mounted()` is false
 * where it could not be made: the tests that need it skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export function tmpfsMount(name: string, size: string): { path: string; mounted: () => boolean } {
  const path = join(tmpdir(), `${name}-${process.pid}`);
  let mounted = false;
  beforeAll(() => {
    if (process.getuid?.() !== 0) return;
    mkdirSync(path, { recursive: true });
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [path]);
    rmSync(path, { recursive: true, force: true });
  });
  return { path, mounted: () => mounted };
}
