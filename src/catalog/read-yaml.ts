// Reads one of the catalog's YAML files: a bundled one (a URL beside the code) or the user's own
// (--checks, --parameters: a path, refused on its size before it is read). Apart from
// load-checks.ts so check-wording.ts can read its file without importing the loader that uses it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readError, readUserFile } from '../io/file-queue.js';
import { parseYamlBytes, yamlReadLimit } from '../io/yaml-text.js';

export function readYaml(file: URL | string, label: string, onRead?: (file: string, bytes: Buffer) => void): unknown {
  // A --checks file is the user's: refused on its size (or kind) before it is read.
  if (typeof file === 'string') {
    const bytes = readUserFile(file, yamlReadLimit('YAML'));
    onRead?.(file, bytes);
    return parseYamlBytes(bytes, label, 'YAML');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(fileURLToPath(file));
  } catch (e) {
    throw readError(label, e);
  }
  onRead?.(label, bytes);
  return parseYamlBytes(bytes, label, 'YAML');
}

export function labelOf(file: URL | string): string {
  return typeof file === 'string' ? file : file.pathname.replace(/^.*\/(controls\/[^/]+)$/, '$1');
}
