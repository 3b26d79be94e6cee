#!/usr/bin/env node
// Entry point. Kept light: only commander loads up front; each command imports what it needs when
// it runs, so `--version` and `checks` answer fast.
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { reportFailure } from './output.js';

// `ato-evidence checks | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const require = createRequire(import.meta.url);
const VERSION = (require('../../package.json') as { version: string }).version;

const program = new Command();
program
  .name('ato-evidence')
  .description('Evidence for an Authorization to Operate from imaging-device console snapshots: NIST SP 800-53 rev5 checks, OSCAL output.')
  .version(VERSION, '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  // Program options only before the command, so `schema fetch --version 1.2.2` is fetch's own option.
  .enablePositionalOptions()
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .addHelpText('after', `
Exit codes: 0 done; 1 failed (bad input, unreadable file: the message says which); 2 usage error.

Example:
  $ ato-evidence assess samples/ --out pkg/
  $ ato-evidence checks --json | jq '.checks[] | select(.layer=="access") | .id'`);

program
  .command('assess')
  .summary('assess snapshots and write an OSCAL evidence package')
  .description('Evaluates the most recent snapshot of each device against the check catalog and writes OSCAL assessment results and plan, the POA&M, with the evidence they cite, into --out.')
  .argument('<input...>', 'snapshot files, folders of snapshots, or export folders')
  .requiredOption('-o, --out <dir>', 'package folder to write (must not exist or be empty, unless --force)')
  .addOption(new Option('-b, --baseline <level>', 'NIST baseline whose uncovered controls are listed for manual assessment').choices(['low', 'moderate', 'high']).default('moderate'))
  .option('--params <file>', 'organisation parameter values (JSON object or CSV "parameter,value"); highest precedence')
  .option('--profile <file>', 'OSCAL profile (a NIST baseline or a tailored one): its controls replace --baseline\'s list, its set-parameters override the defaults')
  .option('--catalog <file>', 'OSCAL SP 800-53 rev5 catalog (NIST\'s full catalog): control titles, statements and parameter labels; the catalog a --profile imports')
  .option('--attestations <file>', 'manual attestations (YAML or CSV: control, statement, who, role, when, expires, evidence, method)')
  .option('--deviations <file>', 'approved deviations (CSV or JSON: check_id, device_id, justification, approver, expires)')
  .option('--checks <file>', 'check catalog to use instead of controls/checks.yaml')
  .option('--system <file>', 'system description (YAML or JSON: name, categorisation, boundary, information types, responsible parties) for ssp.json; see docs/ssp.md')
  .option('--previous-poam <file>', 'last assessment\'s poam.json: items keep their uuid and first-detected date, fixed ones are closed')
  .option('--poam-days <list>', 'days from detection to a POA&M deadline by severity', 'CAT I=30,CAT II=90,CAT III=180')
  .option('--system-name <name>', 'name of the system in the documents (default: the --system file\'s name, else "Imaging-device fleet")')
  .option('--now <datetime>', 'assessment time (RFC 3339); default SOURCE_DATE_EPOCH, else the clock')
  .option('--force', 'replace --out if it exists (only once the new package is complete)', false)
  .option('--no-pdf', 'skip the PDF evidence package (large fleets: the OSCAL documents alone)')
  .option('--sign-key <file>', 'Ed25519 private key (PEM) to sign manifest.json with (writes manifest.json.sig)')
  .option('--json', 'print a machine-readable summary on stdout', false)
  .addHelpText('after', `
Writes:
  DIR/assessment-results.json   OSCAL 1.1.3 assessment results: one observation per device and check,
                                one finding per assessed control, a risk for each failed finding
  DIR/assessment-plan.json      the OSCAL assessment plan the results import
  DIR/ssp.json                  OSCAL system security plan: every baseline control with its status from this
                                assessment (manual controls marked "narrative needed"); --system fills it in
  DIR/poam.json                 OSCAL POA&M: one item per failed control and check, deadline by severity;
                                with --previous-poam it carries last month's items forward (see docs/poam.md)
  DIR/evidence/*.json           the snapshots cited (secrets redacted), with their SHA-256 in the results
  DIR/evidence/attestations/*   copies of the attestation evidence files (--attestations), hashed in the results
  DIR/evidence-package.pdf      the evidence package for the Authorizing Official (OSCAL and snapshots attached)
  DIR/manifest.json             SHA-256 and size of every file, and the package digest ("ato-evidence verify DIR")

Example:
  $ ato-evidence assess samples/ --out pkg/ --deviations samples/deviations.csv --system samples/system.yaml --now 2026-11-28T00:00:00Z
  $ ato-evidence assess MR-01.json CT-01.json --out pkg/ --baseline high --params org-params.csv --json
  $ ato-evidence assess samples/ --out pkg/ --catalog NIST_SP-800-53_rev5_catalog.json --profile org-profile.json --attestations samples/attestations.yaml
  $ ato-evidence assess samples/ --out pkg-2026-11/ --previous-poam pkg-2026-10/poam.json --poam-days "CAT I=15,CAT II=60"`)
  .action(async (inputs: string[], o: Record<string, unknown>) => {
    const { assessCommand } = await import('./assess.js');
    process.exitCode = await assessCommand(inputs, o, VERSION);
  });

program
  .command('ingest')
  .summary('turn a console\'s native exports into a snapshot')
  .description('Reads one device\'s export folder (secedit, auditpol, netsh/Get-NetFirewall*, manage-bde, Get-LocalUser, w32tm, reg export, registry.pol, AppLocker XML, Get-MpComputerStatus, vendor settings), recognised by content, and writes one snapshot with the provenance of every value.')
  .argument('<exports...>', 'one export folder, or several export files of one device')
  .requiredOption('-o, --out <file>', 'snapshot file to write')
  .option('--force', 'replace --out if it exists', false)
  .option('--json', 'print what was recognised and skipped as JSON on stdout', false)
  .addHelpText('after', `
Example:
  $ ato-evidence ingest exports/MR-01/ --out snapshots/MR-01.json
  $ ato-evidence assess exports/ --out pkg/      # export folders are ingested on the fly`)
  .action(async (exportsArgs: string[], o: Record<string, unknown>) => {
    const { ingestCommand } = await import('./ingest.js');
    process.exitCode = await ingestCommand(exportsArgs, o);
  });

program
  .command('checks')
  .summary('list the check catalog')
  .description('Lists every check: id, layer, severity, 800-53 rev5 controls and title; or the organisation parameters with --params.')
  .option('--json', 'print the catalog as JSON', false)
  .option('--params', 'list the organisation parameters and their defaults instead', false)
  .option('--checks <file>', 'check catalog to list instead of controls/checks.yaml')
  .addHelpText('after', `
Example:
  $ ato-evidence checks
  $ ato-evidence checks --params
  $ ato-evidence checks --json > catalog.json`)
  .action(async (o: Record<string, unknown>) => {
    const { checksCommand } = await import('./checks.js');
    process.exitCode = checksCommand(o);
  });

program
  .command('verify')
  .summary('check that an evidence package is as it was sealed')
  .description('Recomputes the SHA-256 and size of every file in the package and compares them with its manifest.json; names each file changed, missing or added since the package was sealed. With --public-key, also checks the Ed25519 signature manifest.json.sig.')
  .argument('<dir>', 'the package folder (the --out of assess)')
  .option('--public-key <file>', 'Ed25519 public key (PEM) to check manifest.json.sig against; a missing or wrong signature fails')
  .option('--json', 'print { ok, problems, files, packageDigest, signature } on stdout', false)
  .addHelpText('after', `
Exit codes: 0 intact; 1 changed, missing or unexpected files, a bad signature, or no readable manifest.

Example:
  $ ato-evidence verify pkg/
  intact: 412 files, package digest 3f1c…9a0e; not signed
  $ ato-evidence verify pkg/ --public-key keys/assessor.pub.pem --json | jq '.problems[] | "\\(.kind) \\(.path)"'`)
  .action(async (dir: string, o: Record<string, unknown>) => {
    const { verifyCommand } = await import('./verify.js');
    process.exitCode = verifyCommand(dir, o);
  });

program
  .command('component-definition')
  .summary('write a vendor\'s OSCAL component definition for one device model')
  .description('Writes the OSCAL component definition of one device model: its security capabilities (from a vendor capability file), the ato-evidence checks that verify each, and the SP 800-53 rev5 controls those checks evidence (controls/checks.yaml), as implemented requirements whose source is the catalog or profile.')
  .requiredOption('--model <name>', 'the device model, as the capability file names it (case-insensitive)')
  .requiredOption('-o, --out <file>', 'component definition file to write')
  .option('--capabilities <file>', 'vendor capability file (YAML or JSON; see docs/component-definition.md)', 'samples/vendor-capabilities.yaml')
  .option('--catalog <file>', 'OSCAL SP 800-53 rev5 catalog the control ids come from (the source; default NIST\'s published rev5 catalog)')
  .option('--profile <file>', 'OSCAL profile to name as the source instead of the catalog')
  .option('--checks <file>', 'check catalog to use instead of controls/checks.yaml')
  .option('--now <datetime>', 'document time (RFC 3339); default SOURCE_DATE_EPOCH, else the clock')
  .option('--force', 'replace --out if it exists', false)
  .option('--json', 'print { out, vendor, model, source, capabilities, controls } on stdout', false)
  .addHelpText('after', `
Example:
  $ ato-evidence component-definition --model "Magnara Vida 3T" --out cd.json
  $ ato-evidence component-definition --model "Tomora Edge 128" --capabilities vendor.yaml --profile my-baseline_profile.json --out cd.json --json`)
  .action(async (o: Record<string, unknown>) => {
    const { componentDefinitionCommand } = await import('./component-definition.js');
    if (o.capabilities === 'samples/vendor-capabilities.yaml') delete o.capabilities; // the bundled sample, found beside the tool
    process.exitCode = await componentDefinitionCommand(o, VERSION);
  });

program
  .command('validate')
  .summary('check OSCAL documents against NIST\'s schema and the producer rules')
  .description('Validates each document against its root\'s definition in NIST\'s complete OSCAL JSON schema (1.1.3 or 1.2.2; the compiled validator is cached by the schema\'s SHA-256 in $ATO_EVIDENCE_CACHE, $XDG_CACHE_HOME/ato-evidence or ~/.cache/ato-evidence), then the rules the schema cannot state: duplicate uuids, dangling or wrong-kind references, control ids, allowed values, hashes and the files beside the document, oscal-version.')
  .argument('<files...>', 'OSCAL JSON documents (assessment-results, assessment-plan, POA&M, SSP, component-definition, catalog, profile)')
  .option('--schema <path>', 'NIST\'s complete OSCAL JSON schema file (default: the one "schema fetch" cached)')
  .addOption(new Option('--schema-version <version>', 'which cached schema to use when --schema is not given (default 1.1.3)').choices(['1.1.3', '1.2.2']))
  .option('--catalog <file>', 'OSCAL SP 800-53 rev5 catalog to check control ids against (default: bundled index)')
  .option('--no-file-checks', 'do not check relative rlinks against the files beside the document')
  .option('--json', 'print { ok, schema, files, problems } on stdout', false)
  .addHelpText('after', `
Exit codes: 0 valid; 1 problems (each line names the file and the JSON pointer); 2 usage.

Example:
  $ ato-evidence schema fetch                  # once: NIST's 1.1.3 schema into the cache
  $ ato-evidence validate pkg/assessment-results.json pkg/assessment-plan.json
  $ ato-evidence validate poam.json --schema oscal_complete_schema-1.2.2.json --json | jq '.problems[]'`)
  .action(async (files: string[], o: Record<string, unknown>) => {
    const { validateCommand } = await import('./validate.js');
    process.exitCode = await validateCommand(files, o);
  });

const schemaCmd = program
  .command('schema')
  .summary('manage NIST\'s OSCAL JSON schemas in the cache')
  .description('NIST\'s complete OSCAL JSON schemas, kept in $ATO_EVIDENCE_CACHE, $XDG_CACHE_HOME/ato-evidence or ~/.cache/ato-evidence for validate.');
schemaCmd
  .command('fetch')
  .summary('download NIST\'s complete OSCAL JSON schema into the cache')
  .description('Downloads oscal_complete_schema.json of an OSCAL release from NIST\'s GitHub release assets, refuses it unless its SHA-256 is the one pinned for that version, writes it into the cache and precompiles its validator. validate then needs no --schema.')
  .addOption(new Option('--version <version>', 'OSCAL version').choices(['1.1.3', '1.2.2']).default('1.1.3'))
  .option('--from <url>', 'base URL laid out like NIST\'s releases (<url>/v<version>/oscal_complete_schema.json); default $ATO_EVIDENCE_SCHEMA_URL, else https://github.com/usnistgov/OSCAL/releases/download')
  .option('--force', 'download again even if the cache already holds the pinned schema', false)
  .option('--json', 'print { ok, version, status, url, file, sha256, bytes, validatorFile } on stdout', false)
  .addHelpText('after', `
Exit codes: 0 cached; 1 download failed or refused (wrong SHA-256: nothing is written); 2 usage.

Example:
  $ ato-evidence schema fetch
  $ ato-evidence schema fetch --version 1.2.2 --from https://mirror.example/oscal/releases`)
  .action(async (o: Record<string, unknown>) => {
    const { schemaFetchCommand } = await import('./schema.js');
    process.exitCode = await schemaFetchCommand(o);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // 'commander.help' with a non-zero exitCode is help shown for an error (`schema` without a subcommand).
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0) ? 0 : 2;
  } else {
    process.exitCode = reportFailure(e);
  }
}
