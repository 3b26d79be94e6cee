// The command line: every command, its options and help, and the run of one command line to its
// exit code. Kept light: only commander loads up front; each command imports what it needs when it
// runs, so `--version` and `checks` answer fast. main.ts (the bin) runs it on process.argv; a test
// may run it in process, with the same parsing and defaults.
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { reportFailure, write } from './output.js';
import { refuseSpecialFiles } from './paths.js';
import { refuseBadTexts } from './text-options.js';
import { failOnUsage, parseFailOn, type FailOn } from '../drift/types.js';

const require = createRequire(import.meta.url);
const VERSION = (require('../../package.json') as { version: string }).version;

/** `--jobs N` of assess, diff and monitor: a whole number of threads. */
function jobsOption(v: string): number {
  if (!/^[1-9]\d{0,2}$/.test(v)) throw new InvalidArgumentError('--jobs must be a whole number from 1 to 999');
  return Number(v);
}

/** `--fail-on` of diff and monitor: one or more modes, comma-separated. */
function failOnOption(v: string): FailOn {
  const modes = parseFailOn(v);
  if (!modes) throw new InvalidArgumentError(failOnUsage(v));
  return modes;
}

/** The program of `ato-evidence`, new each call (commander keeps the options it parsed). */
export function cliProgram(): Command {
  const program = new Command();
  program
    .name('ato-evidence')
    .description('Evidence for an Authorization to Operate from imaging-device console snapshots: NIST SP 800-53 rev5 checks, OSCAL output.')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    // Program options only before the command, so `schema fetch --version 1.2.2` is fetch's own option.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (s) => write(process.stderr, s) })
    // Before any command reads: free text is one bounded line of printable text (text-options.ts),
    // and no FIFO, socket or device is where a file or folder is named.
    .hook('preAction', (_program, action) => {
      refuseBadTexts(action);
      refuseSpecialFiles(action);
    })
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
    .option('--system <file>', 'system description (YAML or JSON: name, categorisation, boundary, information types, responsible parties, interconnections, how the organisation implements controls) for ssp.json; see docs/ssp.md')
    .option('--capabilities <file>', 'vendor capability file (YAML or JSON): which controls each device model implements, for ssp.json; see docs/component-definition.md')
    .option('--previous-poam <file>', 'last assessment\'s poam.json: items keep their uuid and first-detected date, fixed ones are closed')
    .option('--assessor <name>', 'the assessor answerable for the assessment (overrides --system\'s assessor): a party with the assessor role, named with the tool in every observation\'s origins')
    .option('--poam-days <list>', 'days from detection to a POA&M deadline by severity', 'CAT I=30,CAT II=90,CAT III=180')
    .option('--system-name <name>', 'name of the system in the documents (default: the --system file\'s name, else "Imaging-device fleet")')
    .option('--marking <text>', 'a marking (e.g. CUI) printed at the top and bottom of every page of the PDF')
    .option('--now <datetime>', 'assessment time (RFC 3339); default SOURCE_DATE_EPOCH, else the clock')
    .option('--force', 'replace --out if it exists (only once the new package is complete)', false)
    .option('--no-pdf', 'skip the PDF evidence package (large fleets: the OSCAL documents alone)')
    .option('--per-device-observations', 'one observation per device and check, instead of one per distinct result listing its devices (larger: about 170 KB per device)', false)
    .option('--jobs <n>', 'threads evaluating snapshots (default: every core, for fleets of 64 snapshots or more); the package is the same for any number', jobsOption)
    .option('--sign-key <file>', 'Ed25519 private key (PEM) to sign manifest.json with (writes manifest.json.sig)')
    .option('--keep-going', 'a device whose input cannot be read is reported (summary, its checks not collected with the error, a PDF section) and the rest is assessed; without it such an input stops the run', false)
    .option('--json', 'print a machine-readable summary on stdout', false)
    .addHelpText('after', `
  Writes:
    DIR/assessment-results.json   OSCAL 1.1.3 assessment results: one observation per check and distinct result,
                                  its devices as subjects, each with its snapshot as evidence
                                  (--per-device-observations: one per device and check), one finding per
                                  assessed control, a risk for each failed finding
    DIR/assessment-plan.json      the OSCAL assessment plan the results import
    DIR/ssp.json                  OSCAL system security plan: every baseline control with its status as declared
                                  (device models by --capabilities, the organisation by --system; undeclared
                                  parts planned, "narrative needed"); it links the results, takes no status from them
    DIR/poam.json                 OSCAL POA&M: one item per failed control and check, deadline by severity;
                                  with --previous-poam it carries last month's items forward (see docs/poam.md)
    DIR/evidence/*.json           the snapshots cited (secrets redacted), with their SHA-256 in the results
    DIR/evidence/attestations/*   copies of the attestation evidence files (--attestations), hashed in the results
    DIR/evidence-package.pdf      the evidence package for the Authorizing Official (OSCAL and snapshots attached)
    DIR/manifest.json             SHA-256 and size of every file, and the package digest ("ato-evidence verify DIR")

  Example:
    $ ato-evidence assess samples/ --out pkg/ --deviations samples/deviations.csv --system samples/system.yaml --capabilities samples/vendor-capabilities.yaml --now 2026-11-02T18:00:00Z
    $ ato-evidence assess MR-01.json CT-01.json --out pkg/ --baseline high --params org-params.csv --json
    $ ato-evidence assess exports/ --out pkg/ --keep-going      (a console whose export cannot be read is reported, the rest assessed)

  Evidence is judged at --now: a snapshot older than evidence-max-age-days (30) never yields a pass, and a
  pass whose clock rule (signature age, last sync, ...) lapsed before --now is not a pass at --now.
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
    .description('Lists every check: id, layer, severity, 800-53 rev5 controls and title, with the parameter values of --params FILE (the defaults without it); or the organisation parameters with --params alone.')
    .option('--json', 'print the catalog as JSON', false)
    .option('--params [file]', 'alone: list the organisation parameters and their defaults instead; with a params file (as assess takes): state the titles, descriptions and remediations with its values')
    .option('--checks <file>', 'check catalog to list instead of controls/checks.yaml')
    .addHelpText('after', `
  Example:
    $ ato-evidence checks
    $ ato-evidence checks --params
    $ ato-evidence checks --params org-params.json
    $ ato-evidence checks --json > catalog.json`)
    .action(async (o: Record<string, unknown>) => {
      const { checksCommand } = await import('./checks.js');
      process.exitCode = checksCommand(o);
    });

  program
    .command('diff')
    .summary('compare two runs: setting-level drift, control regressions, what comes due')
    .description('Compares OLD with NEW (two snapshot files, two folders of snapshots or export folders, or two assessment output folders) device by device: settings added, removed or changed (lists keyed by identity, so a reordered list is no change), check and control transitions (regressed, remediated, still failing, newly or no longer assessed), changes caused by the clock alone, and devices present in only one run. Writes drift.json, drift.md and monitoring-report.pdf into --out.')
    .argument('<old>', 'the earlier run: snapshot file, folder of snapshots or export folders, or an assess --out folder (a sealed package is verified first; a tampered one is refused)')
    .argument('<new>', 'the later run, of the same kind')
    .requiredOption('-o, --out <dir>', 'folder to write (must not exist or be empty, unless --force)')
    .addOption(new Option('--fail-on <what>', 'exit 3 when a control regressed (regression), when any check fails in NEW (fail), or when a device of OLD is missing from NEW (missing); several, comma-separated: regression,missing').argParser(failOnOption))
    .addOption(new Option('-b, --baseline <level>', 'NIST baseline controls are marked against').choices(['low', 'moderate', 'high']).default('moderate'))
    .option('--params <file>', 'organisation parameter values (JSON object or CSV "parameter,value"); highest precedence')
    .option('--profile <file>', 'OSCAL profile whose set-parameters override the defaults')
    .option('--catalog <file>', 'OSCAL SP 800-53 rev5 catalog to take control titles from (default: bundled index)')
    .option('--deviations <file>', 'approved deviations (CSV or JSON: check_id, device_id, justification, approver, expires)')
    .option('--checks <file>', 'check catalog to use instead of controls/checks.yaml')
    .option('--system <file>', 'system description (YAML or JSON, see docs/ssp.md): the report\'s system name and front matter, as in the evidence package')
    .option('--attestations <file>', 'manual attestations (YAML or CSV): control verdicts take them into account on each side, as assess does')
    .option('--system-name <name>', 'name of the system in the report (default: the --system file\'s name, else the name NEW\'s assessment recorded, else "Imaging-device fleet")')
    .option('--marking <text>', 'a marking (e.g. CUI) printed at the top and bottom of every page of the PDF')
    .option('--now <datetime>', 'report time (RFC 3339): NEW\'s deviations are judged on this date, and what comes due by then is listed; default SOURCE_DATE_EPOCH, else the clock')
    .option('--force', 'replace --out if it exists (only once the new report is complete)', false)
    .option('--no-pdf', 'skip monitoring-report.pdf (very large fleets)')
    .option('--jobs <n>', 'threads comparing the device pairs (default: every core, for 64 pairs or more); the report is the same for any number', jobsOption)
    .option('--public-key <file>', 'Ed25519 public key (PEM): a side that is an assessment folder must be a package signed with it (manifest.json.sig), as verify and export check it; a missing or wrong signature refuses it')
    .option('--json', 'print a machine-readable summary on stdout', false)
    .addHelpText('after', `
  Writes:
    DIR/drift.json               every change, in a stable order (secrets shown as [REDACTED])
    DIR/drift.md                 the same for people
    DIR/monitoring-report.pdf    regressions first, then remediations, per-device changes, trend per layer

  Exit codes: 0 done; 1 failed (bad input: the message names the file); 2 usage error;
  3 --fail-on tripped (a control regressed, a check fails in NEW, or a device of OLD is missing from NEW).

  Example:
    $ ato-evidence diff samples/MR-01/MR-01_2026-10-05.json samples/MR-01/MR-01_2026-11-02.json --out drift/
    $ ato-evidence diff pkg-october/ pkg-november/ --out drift/ --fail-on regression --now 2026-11-28T00:00:00Z --json`)
    .action(async (oldPath: string, newPath: string, o: Record<string, unknown>) => {
      const { diffCommand } = await import('./diff.js');
      process.exitCode = await diffCommand(oldPath, newPath, o, VERSION);
    });

  program
    .command('verify')
    .summary('check that an evidence package (or the evidence store) is as it was sealed')
    .description('Recomputes the SHA-256 and size of every file in the package and compares them with its manifest.json; names each file changed, missing or added since the package was sealed. With --public-key, also checks the Ed25519 signature manifest.json.sig. With --store, walks the evidence store\'s ledger chain and every object instead, and names the first broken link.')
    .argument('[dir]', 'the package folder (the --out of assess)')
    .option('--store <store>', 'verify this evidence store (the --store of monitor) instead of a package')
    .option('--public-key <file>', 'Ed25519 public key (PEM) to check manifest.json.sig (with --store: the signed head) against; a missing or wrong signature fails')
    .option('--expect-head <hash>', 'with --store: a head hash kept elsewhere (a run\'s report, "verify --store" output); the ledger must still hold that entry')
    .option('--json', 'print { ok, problems, files, packageDigest, report, signature } on stdout (with --store: { ok, problems, notes, entries, snapshots, runs, objects, head, signature })', false)
    .addHelpText('after', `
  Exit codes: 0 intact; 1 changed, missing or unexpected files or empty folders, a PDF whose own
  digest does not match the other files, a bad signature, no readable manifest, or (--store) a
  broken ledger chain, a head the ledger does not reach, a changed, missing or unnamed object.

  Example:
    $ ato-evidence verify pkg/
    intact: 412 files, package digest 3f1c…9a0e; not signed
    $ ato-evidence verify pkg/ --public-key keys/assessor.pub.pem --json | jq '.problems[] | "\\(.kind) \\(.path)"'
    $ ato-evidence verify --store /var/lib/ato-evidence/store --public-key keys/monitor.pub.pem`)
    .action(async (dir: string | undefined, o: Record<string, unknown>) => {
      const { verifyCommand } = await import('./verify.js');
      process.exitCode = verifyCommand(dir, o);
    });

  program
    .command('export')
    .summary('write a sealed package as STIG checklists, HDF or an eMASS POA&M workbook')
    .description('Verifies the package folder PKG written by assess (a tampered one is refused, naming what changed), then writes a derived view of it into --out: "ckl" one STIG Viewer 2 checklist per device and "cklb" one STIG Viewer 3 checklist per device (every rule of the DISA Windows 10 STIG V3R6, with its status from the checks that cite it), "hdf" one Heimdall (InSpec exec JSON) file with a control per check and a result per device, "emass-poam" the POA&M as an eMASS import workbook. The package itself is not changed. See docs/interop.md.')
    .argument('<format>', 'ckl, cklb, hdf or emass-poam')
    .argument('<pkg>', 'the package folder (the --out of assess)')
    .requiredOption('-o, --out <dir>', 'folder to write, outside the package (must not exist or be empty, unless --force)')
    .option('--checks <file>', 'the check catalog the package was assessed with, if not controls/checks.yaml')
    .option('--catalog <file>', 'hdf: the OSCAL control catalog the package was assessed with (assess --catalog), if not the bundled rev5 index')
    .option('--public-key <file>', 'Ed25519 public key (PEM): also check the package\'s signature before exporting')
    .option('--template <file>', 'emass-poam: your blank POA&M template as exported from eMASS (.xlsx or .xlsm); without it the legacy layout is written')
    .option('--office <text>', 'emass-poam: Office/Org of every item ("Organization, First Last, Phone, Email"); default: the SSP\'s ISSO or system owner')
    .option('--resources <text>', 'emass-poam: Resources Required of every open item (eMASS needs it for Ongoing items)')
    .addOption(new Option('--relevance <level>', 'emass-poam: Relevance of Threat for every item; with it, Likelihood and Residual Risk Level come from eMASS\'s matrix').choices(['Very Low', 'Low', 'Moderate', 'High', 'Very High']))
    .option('--now <datetime>', 'export time (RFC 3339; the workbook\'s "Date Exported"); default SOURCE_DATE_EPOCH, else the clock')
    .option('--force', 'replace --out if it exists (only once the new files are complete)', false)
    .option('--json', 'print { format, out, files, packageDigest, signature, summary, notes } on stdout', false)
    .addHelpText('after', `
  Writes:
    ckl          DIR/<device>.ckl     STIG Viewer 2 checklist per device (DISA's checklist schema V2)
    cklb         DIR/<device>.cklb    STIG Viewer 3 checklist per device (DISA's CKLB schema 1.0)
    hdf          DIR/hdf.json         Heimdall Data Format: a control per check, a result per device
    emass-poam   DIR/emass-poam.xlsx  eMASS POA&M import workbook (.xlsm when --template is one)

  Exit codes: 0 done; 1 failed (a tampered package, bad input: the message says which); 2 usage error.

  Example:
    $ ato-evidence export ckl pkg/ --out stig-checklists/
    $ ato-evidence export cklb pkg/ --out stig-viewer-3/
    $ ato-evidence export hdf pkg/ --out heimdall/ --json
    $ ato-evidence export emass-poam pkg/ --out emass/ --template POAM_Export.xlsm --resources "Site IT staff time" --relevance Moderate`)
    .action(async (format: string, pkg: string, o: Record<string, unknown>) => {
      const { exportCommand } = await import('./export.js');
      process.exitCode = await exportCommand(format, pkg, o, VERSION);
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
    .description('Validates each document against its root\'s definition in NIST\'s complete OSCAL JSON schema (1.1.3 or 1.2.2; the compiled validator is cached by the schema\'s SHA-256 in $ATO_EVIDENCE_CACHE, $XDG_CACHE_HOME/ato-evidence or ~/.cache/ato-evidence), then the rules the schema cannot state: duplicate uuids, dangling or wrong-kind references, control, statement and objective ids (against the bundled index, --catalog or a tailored --profile), allowed values, hashes and the files beside the document, an oscal-version the schema cannot vouch for (an older 1.x version is only a note).')
    .argument('<files...>', 'OSCAL JSON documents (assessment-results, assessment-plan, POA&M, SSP, component-definition, catalog, profile)')
    .option('--schema <path>', 'NIST\'s complete OSCAL JSON schema file (default: the one "schema fetch" cached)')
    .addOption(new Option('--schema-version <version>', 'which cached schema to use when --schema is not given (default 1.1.3)').choices(['1.1.3', '1.2.2']))
    .option('--catalog <file>', 'OSCAL SP 800-53 rev5 catalog to check control, statement and objective ids against (default: bundled index)')
    .option('--profile <file>', 'OSCAL profile (a tailored baseline): control ids must be among the controls it selects (a remote import needs --catalog)')
    .option('--no-file-checks', 'do not check relative rlinks against the files beside the document')
    .option('--json', 'print { ok, schema, controls, files, problems, notes } on stdout', false)
    .addHelpText('after', `
  Exit codes: 0 valid (notes, such as an older compatible oscal-version, do not count); 1 problems
  (each line names the file and the JSON pointer); 2 usage.

  Example:
    $ ato-evidence schema fetch                  # once: NIST's 1.1.3 schema into the cache
    $ ato-evidence validate pkg/assessment-results.json pkg/assessment-plan.json
    $ ato-evidence validate poam.json --schema oscal_complete_schema-1.2.2.json --json | jq '.problems[]'
    $ ato-evidence validate ssp.json --profile org-profile.json --catalog NIST_SP-800-53_rev5_catalog.json`)
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

  program
    .command('monitor')
    .summary('file new snapshots into the evidence store and report what drifted since the last run')
    .description('Files the snapshots (or export folders) into the evidence store (content-addressed objects and a hash-chained ledger), compares each device with its snapshot in the previous run, and writes drift.json, drift.md, monitoring-report.pdf and assessment-results.json (one OSCAL result per run in the store) into --out. The report is kept in the store too, so it can be regenerated from the store alone (--regenerate).')
    .argument('[input...]', 'snapshot files, folders of snapshots, or export folders')
    .requiredOption('--store <store>', 'the evidence store (created if the folder is absent or empty)')
    .requiredOption('-o, --out <dir>', 'report folder to write (must not exist or be empty, unless --force); with --schedule, the folder each run writes a subfolder into')
    .addOption(new Option('-b, --baseline <level>', 'NIST baseline the findings are marked against').choices(['low', 'moderate', 'high']).default('moderate'))
    .option('--params <file>', 'organisation parameter values (JSON object or CSV "parameter,value"); highest precedence')
    .option('--profile <file>', 'OSCAL profile (a NIST baseline or a tailored one): its set-parameters override the defaults')
    .option('--catalog <file>', 'OSCAL SP 800-53 rev5 catalog (NIST\'s full catalog): control titles; the catalog a --profile imports')
    .option('--deviations <file>', 'approved deviations (CSV or JSON: check_id, device_id, justification, approver, expires)')
    .option('--checks <file>', 'check catalog to use instead of controls/checks.yaml')
    .option('--system <file>', 'system description (YAML or JSON, see docs/ssp.md): the report\'s system name and front matter, as in the evidence package')
    .option('--attestations <file>', 'manual attestations (YAML or CSV): control verdicts take them into account, as assess does')
    .option('--system-name <name>', 'name of the system in the documents (default: the --system file\'s name, else "Imaging-device fleet")')
    .option('--marking <text>', 'a marking (e.g. CUI) printed at the top and bottom of every page of the PDF')
    .option('--now <datetime>', 'the run\'s time (RFC 3339); default SOURCE_DATE_EPOCH, else the clock')
    .addOption(new Option('--fail-on <what>', 'exit 3 when a control regressed since the previous run (regression), when any check fails (fail), or when a device of the previous run is missing or an input could not be read (missing); several, comma-separated: regression,missing').argParser(failOnOption))
    .option('--schedule <cron>', 'keep running: a run at each time of this five-field cron schedule (UTC), until SIGINT or SIGTERM')
    .option('--regenerate <run-id>', 'recompute a recorded run\'s report from the store alone into --out, and check it is byte-identical to the one stored')
    .option('--keep-going', 'an input that cannot be read is reported (summary, drift.json, drift.md, the PDF) and the rest is filed and compared; without it such an input stops the run', false)
    .option('--force', 'replace --out if it exists (only once the new report is complete)', false)
    .option('--no-pdf', 'skip monitoring-report.pdf')
    .option('--jobs <n>', 'threads reading the inputs and comparing each device with the previous run (default: every core, for 5,000 devices or more; one thread is faster below); the report is the same for any number', jobsOption)
    .option('--sign-key <file>', 'Ed25519 private key (PEM) to sign the store\'s head with (head.json, store.json); a signed store needs it on every run')
    .option('--start-signing', 'with --sign-key, once: sign a store that already holds unsigned entries (refused without it: unsigned heads could be signatures removed); refused on a store already signed', false)
    .option('--json', 'print a machine-readable summary of the run on stdout', false)
    .addHelpText('after', `
  Exit codes: 0 done; 1 failed (bad input, the store is locked by another run or damaged); 2 usage;
  3 --fail-on tripped (a control regressed, a check fails, or a device of the previous run is missing).

  Example:
    $ ato-evidence monitor --store /var/lib/ato-evidence/store exports/ --out reports/2026-11 --fail-on regression
    $ ato-evidence monitor --store store/ snapshots/ --out reports/ --schedule "0 6 * * 1"   # Mondays 06:00 UTC
    $ ato-evidence monitor --store store/ --regenerate 20261128T000000Z-3f1c9a0e55d2 --out old-report/
    $ ato-evidence verify --store store/`)
    .action(async (inputs: string[], o: Record<string, unknown>) => {
      const { monitorCommand } = await import('./monitor.js');
      process.exitCode = await monitorCommand(inputs, o, VERSION);
    });

  return program;
}

/** Runs one command line (`argv` as process.argv: node, the script, then the arguments) to its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  const program = cliProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // 'commander.help' with a non-zero exitCode is help shown for an error (`schema` without a subcommand).
      process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0) ? 0 : 2;
    } else {
      process.exitCode = reportFailure(e);
    }
  }

  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}
