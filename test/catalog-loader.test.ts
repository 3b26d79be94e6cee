import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { UserError } from '../src/io/errors.js';

describe('catalog files a compliance officer edits', () => {
  it('a YAML syntax error names the file and the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cat-'));
    try {
      const file = join(dir, 'checks.yaml');
      writeFileSync(file, '- id: X-1\n  layer: access\n  title: [unclosed\n');
      let err: unknown;
      try {
        loadCatalog({ checksFile: file });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at line \\d+: not valid YAML: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
