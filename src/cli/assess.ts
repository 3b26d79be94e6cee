// `ato-evidence assess`: options in, summary out. The work is in assess/run.ts.
import type { Baseline } from '../catalog/control-index.js';
import { runAssess, type AssessOutcome } from '../assess/run.js';
import { passShare } from '../assess/layer-counts.js';
import { partialLeftText, partialWhyCounts, partialWhyText } from '../assess/controls.js';
import { LAYER_TITLES, type Layer } from '../snapshot/types.js';
import { resolveNow } from './clock.js';
import { markingOption } from './marking.js';
import { paint, progressBar, reportFailure, warn, write, writeJson } from './output.js';
import { counted } from '../io/english.js';
import { fileOptions, named, refuseUnsafeOutputs } from './paths.js';

/** The options of assess that name files it reads. */
const ASSESS_FILE_OPTIONS = ['params', 'profile', 'catalog', 'deviations', 'attestations', 'checks', 'system', 'previousPoam', 'signKey'];

export async function assessCommand(inputs: string[], o: Record<string, unknown>, version: string): Promise<number> {
  const bar = progressBar('assessing');
  try {
    refuseUnsafeOutputs(fileOptions(o, ['out']), [...named('INPUT', inputs), ...fileOptions(o, ASSESS_FILE_OPTIONS)]);
    const now = resolveNow(o.now as string | undefined, process.env);
    const marking = markingOption(o.marking);
    const { parseDeadlineDays } = await import('../oscal/poam.js');
    const poamDays = parseDeadlineDays((o.poamDays as string | undefined) ?? '');
    const ingest = await import('../ingest/index.js');
    const outcome = await runAssess({
      inputs,
      out: o.out as string,
      force: o.force === true,
      baseline: o.baseline as Baseline,
      now,
      toolVersion: version,
      systemName: o.systemName as string | undefined,
      system: o.system as string | undefined,
      capabilities: o.capabilities as string | undefined,
      profile: o.profile as string | undefined,
      catalog: o.catalog as string | undefined,
      params: o.params as string | undefined,
      deviations: o.deviations as string | undefined,
      attestations: o.attestations as string | undefined,
      checks: o.checks as string | undefined,
      signKey: o.signKey as string | undefined,
      previousPoam: o.previousPoam as string | undefined,
      ...(typeof o.assessor === 'string' ? { assessor: o.assessor } : {}),
      poamDays,
      pdf: o.pdf !== false,
      ...(o.perDeviceObservations === true ? { perDeviceObservations: true } : {}),
      jobs: typeof o.jobs === 'number' ? o.jobs : 'auto',
      keepGoing: o.keepGoing === true,
      ...(marking !== undefined ? { marking } : {}),
      ingest,
      onProgress: (d, t) => bar.update(d, t),
      warn,
    });
    bar.end();
    if (o.json) writeJson(process.stdout, jsonSummary(outcome, now));
    else write(process.stderr, humanSummary(outcome, now));
    return 0;
  } catch (e) {
    bar.end();
    return reportFailure(e);
  }
}

function jsonSummary(r: AssessOutcome, now: string) {
  return {
    now,
    out: r.outDir,
    files: r.files,
    packageDigest: r.packageDigest,
    summary: r.summary,
    devices: r.devices,
    controls: r.findings,
    manualControls: r.manual,
    // Controls assessed in part: they need manual assessment of the objectives named.
    partialControls: r.findings.filter((f) => f.state === 'partial').map((f) => ({ control: f.control, objectivesLeft: f.objectivesLeft, ...(f.undefinedOdps ? { undefinedOdps: f.undefinedOdps } : {}), ...(f.partialWhys ? { partialWhys: f.partialWhys } : {}) })),
    poam: r.poam,
    warnings: r.warnings,
  };
}

function humanSummary(r: AssessOutcome, now: string): string {
  const c = paint(process.stderr);
  const s = r.summary;
  const lines: string[] = [];
  lines.push(c.bold(`Assessed ${s.devices} device(s) against ${s.checks} checks`));
  for (const d of r.devices) {
    const older = d.superseded.length ? c.dim(` (latest of ${d.superseded.length + 1}; older: ${d.superseded.map((x) => x.collectedAt.slice(0, 10)).join(', ')})`) : '';
    lines.push(`  ${d.id.padEnd(12)} ${d.collectedAt}  ${d.file}${older}`);
  }
  const res = s.results;
  lines.push(`Results: ${c.green(`${res.pass ?? 0} pass`)}, ${c.red(`${res.fail ?? 0} fail`)}, ${res.deviation ?? 0} deviation, ${res['not-collected'] ?? 0} not collected, ${res['not-applicable'] ?? 0} not applicable`);
  if (s.unreadable.length) {
    lines.push(c.yellow(`Could not read ${s.unreadable.length} input(s) (--keep-going: their checks are not collected):`));
    for (const u of s.unreadable) lines.push(`  ${u.deviceId.padEnd(12)} ${u.input}: ${u.error}`);
  }
  const ev = s.evidence;
  const stale = ev.staleDevices.length
    ? c.yellow(`${ev.staleDevices.length} device(s) with stale evidence (older than ${ev.maxAgeDays ?? '?'} days: ${ev.staleDevices.slice(0, 6).join(', ')}${ev.staleDevices.length > 6 ? ', …' : ''}): their passes are not collected`)
    : `no device with evidence older than ${ev.maxAgeDays ?? '?'} days`;
  lines.push(`Evidence at ${now}: ${stale}; ${ev.lapsedPasses ? c.yellow(`${ev.lapsedPasses} pass(es) lapsed`) : '0 passes lapsed'} (a clock rule such as signature age expired before the assessment)`);
  // The counts and pass share drift.md and the monitoring PDF show for the same run (assess/layer-counts.ts).
  lines.push('By layer (pass / fail / other, passed of those that applied; not applicable apart):');
  for (const [layer, v] of Object.entries(s.layers)) {
    const share = passShare(v).percent;
    lines.push(`  ${LAYER_TITLES[layer as Layer].padEnd(52)} ${String(v.pass).padStart(4)} / ${v.fail ? c.red(String(v.fail).padStart(4)) : '   0'} / ${String(v.other).padStart(4)}  ${(share === undefined ? '—' : `${share}%`).padStart(4)} passed; ${v.notApplicable} not applicable`);
  }
  const k = s.controls;
  // Controls a check cites outside the selection count as assessed, not in the selection: named
  // apart, or assessed + manual reads as the selection's size (the PDF says the same).
  const inSelection = k.assessed - k.outsideSelection;
  const outside = k.outsideSelection ? ` (${inSelection} in the ${r.selection} + ${k.outsideSelection} outside it, cited by checks)` : '';
  const selectionTotal = k.outsideSelection ? ` (${inSelection + k.manual} in the ${r.selection} in all)` : '';
  lines.push(`Controls: ${k.assessed} assessed${outside}: ${c.green(`${k.satisfied} satisfied`)}, ${c.red(`${k.notSatisfied} not satisfied`)}${k.deviationOnly ? ` (${k.deviationOnly} of them only because of approved deviations)` : ''}, ${k.partial} partially assessed; ${counted(k.manual, 'control needs', 'controls need')} manual assessment${selectionTotal}`);
  // The same counts as the PDF's executive summary (one summary model, assess/summary.ts).
  const o = s.openFindings;
  lines.push(`Open findings: ${counted(k.notSatisfied, 'control is', 'controls are')} not satisfied: CAT I ${o['CAT I']}, CAT II ${o['CAT II']}, CAT III ${o['CAT III']}${o.unrated ? `, without a severity ${o.unrated}` : ''}; overall risk shown by the automated evidence: ${s.risk}`);
  const missingAttestations = s.lapsed.missingAttestations ?? [];
  if (s.lapsed.attestations.length || s.lapsed.deviations || missingAttestations.length) {
    const parts = [
      ...(s.lapsed.attestations.length ? [`${counted(s.lapsed.attestations.length, 'attestation', 'attestations')} expired (${s.lapsed.attestations.join(', ')})`] : []),
      ...(missingAttestations.length ? [`${counted(missingAttestations.length, 'attestation', 'attestations')} expected, none supplied (${missingAttestations.join(', ')})`] : []),
      ...(s.lapsed.deviations ? [`${counted(s.lapsed.deviations, 'deviation', 'deviations')} expired`] : []),
    ];
    lines.push(`Lapsed evidence: ${parts.join('; ')}`);
  }
  const partial = r.findings.filter((f) => f.state === 'partial');
  if (partial.length) {
    // Each control's leaves left, counted by why as the AR names them (a requirement the profile adds,
    // an objective its checks did not apply to are no objective "left" alone). An attested control is
    // partial for its undefined ODPs alone when no objective is left (at-2 attested whole): "(0
    // objectives)" would say nothing is missing, beside an AR naming the ODPs.
    const why = (f: (typeof partial)[number]) => partialLeftText(f.objectivesLeftBy ?? { 'objectives-left': f.objectivesLeft.length }, f.undefinedOdps?.length ?? 0);
    const shown = partial.slice(0, 8).map((f) => `${f.control} (${why(f)})`);
    // The reasons counted as the AR's result description counts them (assess/controls.ts partialWhyText).
    const whys = partialWhyText(partialWhyCounts(partial.map((f) => f.partialWhys ?? [])), partial.length);
    lines.push(`Partially assessed (nothing failed, but not all is shown: ${whys}): ${shown.join(', ')}${partial.length > 8 ? `, and ${partial.length - 8} more` : ''}`);
  }
  const failing = s.notSatisfied;
  if (failing.length) {
    const who = (f: (typeof failing)[number]) => (f.deviationOnly ? 'approved deviation' : f.failingDevices.length ? `${f.failingDevices.slice(0, 4).join(', ')}${f.failingDevices.length > 4 ? ', …' : ''}` : 'evidence missing or lapsed');
    const shown = failing.slice(0, 8).map((f) => `${f.control}${f.severity ? ` ${f.severity}` : ''} (${who(f)})`);
    lines.push(`Not satisfied: ${shown.join('; ')}${failing.length > 8 ? `; and ${failing.length - 8} more` : ''}`);
  }
  const pm = r.poam;
  lines.push(`POA&M: ${pm.open} open${pm.overdue ? ` (${c.red(`${pm.overdue} overdue`)})` : ''}, ${pm.new} new, ${pm.deviationApproved} accepted by deviation, ${pm.closed} closed`);
  lines.push(`Wrote ${r.outDir.replace(/\/+$/, '')}/: ${r.files.filter((f) => !f.startsWith('evidence/')).join(', ')} and ${r.files.filter((f) => f.startsWith('evidence/')).length} evidence file(s)`);
  return lines.join('\n') + '\n';
}
