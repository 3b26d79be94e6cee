// `ato-evidence component-definition`: a vendor's OSCAL component definition for one device model.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../io/errors.js';
import { readError, readUserFile, type ReadLimit } from '../io/file-queue.js';
import { refuseSecretOptionPaths } from '../io/inputs.js';
import { decodeUtf8, textLimit } from '../io/utf8.js';
import { MAX_YAML_BYTES } from '../io/yaml-text.js';
import { resolveNow } from './clock.js';
import { reportFailure, write, writeJson } from './output.js';
import { fileOptions, named, refuseUnsafeOutputs } from './paths.js';
import { writeOutputFile } from '../io/package-dir.js';

/** The capability file used when --capabilities is not given: the sample models'. */
export const DEFAULT_CAPABILITIES = new URL('../../samples/vendor-capabilities.yaml', import.meta.url);

function readText(file: string | URL, label: string, limit?: ReadLimit): string {
  let bytes: Buffer;
  try {
    bytes = readUserFile(typeof file === 'string' ? file : fileURLToPath(file), limit);
  } catch (e) {
    throw e instanceof UserError ? new UserError(e.detail, { file: label }) : readError(label, e);
  }
  return decodeUtf8(bytes, label, 'YAML');
}

export async function componentDefinitionCommand(o: Record<string, unknown>, version: string): Promise<number> {
  try {
    const out = o.out as string;
    const model = o.model as string;
    // The document cites these files by their path: one that reads as holding a secret is refused (io/inputs.ts).
    refuseSecretOptionPaths((['capabilities', 'catalog', 'profile', 'checks'] as const).map((k) => [`--${k}`, typeof o[k] === 'string' ? o[k] : undefined] as const));
    refuseUnsafeOutputs(fileOptions(o, ['out']), [
      ...fileOptions(o, ['capabilities', 'catalog', 'profile', 'checks']),
      ...(o.capabilities === undefined ? named('--capabilities (default)', [fileURLToPath(DEFAULT_CAPABILITIES)]) : []),
    ]);
    if (o.catalog && o.profile) throw new UserError('give --catalog or --profile, not both: the component definition names one source for its controls');
    if (existsSync(out) && statSync(out).isDirectory()) throw new UserError('is a folder; --out names the component definition file to write', { file: out, exitCode: 2 });
    if (existsSync(out) && !o.force) throw new UserError('already exists; choose another --out or pass --force to replace it', { file: out, exitCode: 2 });
    // --force replaces a file, never a device, FIFO or socket (the new file is renamed over --out).
    if (existsSync(out) && !statSync(out).isFile()) throw new UserError('is not a regular file (a device, FIFO or socket); --out names the component definition file to write', { file: out, exitCode: 2 });
    if (!existsSync(dirname(resolve(out)))) throw new UserError(`the folder ${dirname(resolve(out))} does not exist`, { file: out });
    const now = resolveNow(o.now as string | undefined, process.env);

    const { loadCatalog } = await import('../catalog/load-checks.js');
    const { loadCatalogFile, loadControlIndex, lookupControl } = await import('../catalog/control-index.js');
    const { parseCapabilities, findModel } = await import('../catalog/capabilities.js');
    const { buildComponentDefinition, controlsOfModel, misplacedParameters, vendorSetParameters } = await import('../oscal/component-definition.js');
    const { loadResponsibility, responsibilityOf } = await import('../catalog/responsibility.js');
    const { NIST_REV5_CATALOG_URL, pathAsHref } = await import('../oscal/nist-urls.js');
    const { loadTemplates } = await import('../oscal/templates.js');

    const { checksByParameterName } = await import('../catalog/check-texts.js');
    const loaded = loadCatalog(o.checks ? { checksFile: o.checks as string } : {});
    const parameters = loaded.parameters;
    // Tied to no run: a title stating an organisation's value names the parameter and its default.
    const checks = checksByParameterName(loaded.checks, parameters);
    const capsLabel = (o.capabilities as string | undefined) ?? 'samples/vendor-capabilities.yaml';
    const caps = parseCapabilities(readText((o.capabilities as string | undefined) ?? DEFAULT_CAPABILITIES, capsLabel, textLimit(MAX_YAML_BYTES, 'YAML')), capsLabel, new Set(checks.map((c) => c.id)), parameters);
    const m = findModel(caps, model, capsLabel);

    const catalog = o.catalog as string | undefined;
    const profile = o.profile as string | undefined;
    if (profile) readText(profile, profile); // it must at least exist: the document names it as the source
    const { withCatalog } = await import('../assess/config.js');
    const bundled = loadControlIndex();
    const controlIds = [...controlsOfModel(m, checks).keys()];
    // A baseline's resolved catalog (NIST's MODERATE) lacks controls a model's checks evidence
    // (au-9.2). assess reads such a catalog over the bundled rev5 index (withCatalog, the same
    // warning); here those controls are listed under NIST's rev5 catalog as their source, in a
    // control-implementation of their own, never under a catalog that does not define them.
    const warnings: string[] = [];
    const user = catalog ? loadCatalogFile(catalog) : undefined;
    const index = user ? withCatalog(bundled, user, controlIds, catalog!, warnings) : bundled;
    const fromNist = user ? controlIds.filter((id) => !lookupControl(user, id) && lookupControl(bundled, id)) : [];
    const missing = controlIds.filter((id) => !lookupControl(index, id));
    if (missing.length) throw new UserError(`does not define ${missing.join(', ')}, which the checks of "${m.name}" evidence, and neither does the SP 800-53 rev5 catalog: check the control ids of the check catalog`, { file: catalog ?? 'controls/rev5-index.json' });
    const { inputFileName } = await import('../io/display-path.js');
    // The document names its files as reports show paths: no folder of the machine that made it.
    const source = catalog ? pathAsHref(inputFileName(catalog)) : profile ? pathAsHref(inputFileName(profile)) : NIST_REV5_CATALOG_URL;
    if (fromNist.length) warnings.push(`${fromNist.join(', ')}: listed with NIST's SP 800-53 rev5 catalog as their source (${NIST_REV5_CATALOG_URL}), in a control-implementation apart from ${source}'s`);
    // A vendor value must fill an ODP of a control the model implements, in the catalog used.
    const unknownOdp = vendorSetParameters(m, index, capsLabel).unknown;
    if (unknownOdp.length) {
      const p = m.parameters.find((x) => unknownOdp.includes(x.def.odp!))!;
      throw new UserError(`${p.def.id} fills ${p.def.odp}, which no control of ${catalog ?? 'the bundled rev5 index'} has`, { file: capsLabel, where: p.where });
    }
    const misplaced = misplacedParameters(m, checks, index)[0];
    if (misplaced) throw new UserError(`${misplaced.def.id} fills ${misplaced.def.odp}, a parameter of a control none of "${m.name}"'s capabilities implements; name the check that verifies it in a capability, or remove the value`, { file: capsLabel, where: misplaced.where });

    const resp = loadResponsibility();
    const doc = buildComponentDefinition({ model: m, checks, index, source, ...(fromNist.length ? { otherSource: { source: NIST_REV5_CATALOG_URL, controls: new Set(fromNist) } } : {}), now, toolVersion: version, responsibility: resp, capabilitiesFile: inputFileName(capsLabel) }, loadTemplates());
    for (const w of warnings) write(process.stderr, `warning: ${w}\n`);
    writeOutputFile(out, JSON.stringify(doc, null, 2) + '\n', 'component-definition');
    const split = controlIds.map((id) => [id, responsibilityOf(resp, id).overall] as const);
    const summary = {
      out, vendor: m.vendor, model: m.name, source, capabilities: m.capabilities.map((c) => ({ name: c.name, checks: c.checks })), controls: controlIds,
      responsibility: Object.fromEntries(split),
      parameters: m.parameters.map((p) => ({ id: p.def.id, odp: p.def.odp, value: p.value })),
    };
    if (o.json) writeJson(process.stdout, summary);
    else {
      const count = (by: string) => split.filter(([, r]) => r === by).map(([id]) => id);
      const [provider, shared, customer] = [count('provider'), count('shared'), count('customer')];
      write(process.stderr, `Wrote ${out}: ${m.vendor} ${m.name}, ${m.capabilities.length} capabilities touching ${controlIds.length} controls: implemented ${provider.length} (${provider.join(', ') || 'none'}), shared with the customer ${shared.length} (${shared.join(', ') || 'none'}), the customer's alone ${customer.length} (${customer.join(', ') || 'none'}); source ${source}\n`);
    }
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
