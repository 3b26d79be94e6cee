// The run's configuration: check catalog, organisation parameters, deviations, control index.
// Loaded the same way by the main thread and by each worker, so all agree byte for byte.
import { readFileSync } from 'node:fs';
import { loadCatalog, type CheckCatalog } from '../catalog/load-checks.js';
import { loadCatalogFile, loadControlIndex, type ControlIndex } from '../catalog/control-index.js';
import type { DeviationRecord } from '../evaluate/evaluate-check.js';
import { parseDeviations } from '../evaluate/deviations.js';
import { readError } from '../io/file-queue.js';
import { sha256Hex } from '../oscal/ids.js';
import { parseParamsFile, parseProfileParameters, resolveParameters, type ParamOverride } from '../params/resolve.js';

export interface ConfigOptions {
  checks?: string;
  params?: string;
  profile?: string;
  deviations?: string;
  catalog?: string;
}

export interface RunConfig {
  catalog: CheckCatalog;
  params: ReturnType<typeof resolveParameters>;
  deviations: DeviationRecord[];
  index: ControlIndex;
  /** A digest of everything above: part of the key every uuid derives from. */
  inputDigest: string;
  /** Things the user should know about the configuration. */
  warnings: string[];
}

/**
 * A user's catalog replaces the bundled index's titles and objectives; controls it does not
 * define (a baseline's resolved catalog lacks the others) keep the bundled entry, and say so.
 */
function withCatalog(bundled: ControlIndex, user: ControlIndex, cited: readonly string[], file: string, warnings: string[]): ControlIndex {
  const missing = cited.filter((id) => !user.controls[id] && bundled.controls[id]);
  if (missing.length) warnings.push(`${file} does not define ${missing.join(', ')}; their titles and objectives come from the bundled rev5 index`);
  return { source: user.source, controls: { ...bundled.controls, ...user.controls }, baselines: user.baselines };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw readError(file, e);
  }
}

/** `read` returns a file's text (monitor --regenerate passes the bytes kept in the evidence store under their original names). */
export function loadRunConfig(opts: ConfigOptions, read: (file: string) => string = readText): RunConfig {
  const catalog = loadCatalog(opts.checks ? { checksFile: opts.checks } : {});
  const profile: ParamOverride[] = opts.profile ? parseProfileParameters(read(opts.profile), opts.profile) : [];
  const file: ParamOverride[] = opts.params ? parseParamsFile(read(opts.params), opts.params) : [];
  const params = resolveParameters(catalog.parameters, profile, file);
  const deviations = opts.deviations ? parseDeviations(read(opts.deviations), opts.deviations, new Set(catalog.checks.map((c) => c.id))) : [];
  const bundled = loadControlIndex();
  const warnings: string[] = [];
  const cited = [...new Set(catalog.checks.flatMap((c) => c.controls))];
  const index = opts.catalog ? withCatalog(bundled, loadCatalogFile(opts.catalog, { baselinesFrom: bundled }), cited, opts.catalog, warnings) : bundled;
  const inputDigest = sha256Hex(JSON.stringify({ checks: catalog.checks, params: [...params.params.values()], deviations, catalog: index.source }));
  return { catalog, params, deviations, index, inputDigest, warnings };
}
