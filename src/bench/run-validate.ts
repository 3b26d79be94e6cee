// Child process of the benchmark: `validate FILE --schema SCHEMA` as the CLI runs it, or (mode
// "parse") the floor: read + JSON.parse of the same file. Prints its wall time, peak RSS and exit
// code as JSON on the last line of stdout, so the figures are those of the one step alone.
import { readFileSync } from 'node:fs';
import { validateCommand } from '../cli/validate.js';
import { peakRssKB } from './peak-rss.js';

const [mode, file, schema] = process.argv.slice(2);
if ((mode !== 'validate' && mode !== 'parse') || !file || (mode === 'validate' && !schema)) {
  process.stderr.write('usage: run-validate validate FILE SCHEMA | run-validate parse FILE\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
let code = 0;
if (mode === 'parse') JSON.parse(readFileSync(file, 'utf8'));
else code = await validateCommand([file], { schema });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write('\n' + JSON.stringify({ ms, maxRssKB: peakRssKB(), code }) + '\n');
