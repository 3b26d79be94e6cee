// Compiles src/ to dist/ with tsc, marks the CLI executable and writes the snapshot schema's
// validator as standalone code (src/snapshot/validator.ts: no ajv compile at each start). Run by
// `npm start`, `npm test` and `npm run bench`, so a fresh clone needs only `npm ci` first.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
} catch {
  process.exit(1);
}
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
const { generatedValidatorSource, SNAPSHOT_VALIDATOR_FILE } = await import('../dist/snapshot/validator.js');
writeFileSync(new URL(`../dist/snapshot/${SNAPSHOT_VALIDATOR_FILE}`, import.meta.url), generatedValidatorSource());
