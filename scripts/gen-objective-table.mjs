// Writes the "Objectives" table of docs/checks.md from controls/checks.yaml and the bundled control
// catalog (between the objectives-table markers). Needs dist/ (npm run build first).
//   node scripts/gen-objective-table.mjs           rewrite docs/checks.md
//   node scripts/gen-objective-table.mjs --check   exit 1 if the table is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCatalog } from '../dist/catalog/load-checks.js';
import { loadControlIndex } from '../dist/catalog/control-index.js';
import { renderObjectiveTable, withObjectiveTable } from '../dist/catalog/objective-table.js';

const DOC = new URL('../docs/checks.md', import.meta.url);
const doc = readFileSync(DOC, 'utf8');
const next = withObjectiveTable(doc, renderObjectiveTable(loadCatalog().checks, loadControlIndex()));
if (next === undefined) {
  process.stderr.write('docs/checks.md: the objectives-table markers are missing\n');
  process.exit(1);
}
if (process.argv.includes('--check')) {
  if (next !== doc) {
    process.stderr.write('docs/checks.md: the objectives table is stale: run npm run build && node scripts/gen-objective-table.mjs\n');
    process.exit(1);
  }
} else if (next !== doc) {
  writeFileSync(DOC, next);
  process.stdout.write('docs/checks.md: objectives table written\n');
}
