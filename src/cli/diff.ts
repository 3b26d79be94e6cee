// `ato-evidence diff OLD NEW --out DIR`: options in, summary out. The work is in drift/run.ts.
import { failOnExit } from '../drift/compute.js';
import { causeCounts, regressedLine } from '../drift/causes.js';
import { devicesChangedText } from '../drift/templates.js';
import { runDiff, type DiffPackage } from '../drift/run.js';
import { failOnOf, type Drift } from '../drift/types.js';
import { resolveNow } from './clock.js';
import { markingOption } from './marking.js';
import { paint, reportFailure, warn, write, writeJson } from './output.js';
import { fileOptions, named, refuseUnsafeOutputs } from './paths.js';

export async function diffCommand(oldPath: string, newPath: string, o: Record<string, unknown>, version: string): Promise<number> {
  try {
    refuseUnsafeOutputs(fileOptions(o, ['out']), [...named('OLD', [oldPath]), ...named('NEW', [newPath]), ...fileOptions(o, ['params', 'profile', 'catalog', 'deviations', 'checks', 'system', 'attestations', 'publicKey'])]);
    const failOn = failOnOf(o.failOn);
    const now = resolveNow(o.now as string | undefined, process.env);
    const marking = markingOption(o.marking);
    const ingest = await import('../ingest/index.js');
    const r = await runDiff({
      old: oldPath,
      new: newPath,
      out: o.out as string,
      force: o.force === true,
      now,
      toolVersion: version,
      config: { params: o.params as string | undefined, profile: o.profile as string | undefined, deviations: o.deviations as string | undefined, checks: o.checks as string | undefined, catalog: o.catalog as string | undefined },
      baseline: o.baseline as string | undefined,
      systemName: o.systemName as string | undefined,
      ...(typeof o.system === 'string' ? { system: o.system } : {}),
      ...(typeof o.attestations === 'string' ? { attestations: o.attestations } : {}),
      ...(marking !== undefined ? { marking } : {}),
      pdf: o.pdf !== false,
      jobs: typeof o.jobs === 'number' ? o.jobs : 'auto',
      ...(typeof o.publicKey === 'string' ? { publicKeyFile: o.publicKey } : {}),
      ingest,
      warn,
    });
    const code = failOn ? failOnExit(r.drift, failOn) : 0;
    if (o.json) writeJson(process.stdout, { now, out: r.outDir, files: r.files, old: r.drift.old, new: r.drift.new, summary: r.drift.summary, regressed: r.drift.controls.filter((c) => c.transition === 'regressed').map((c) => c.controlId), failOn: failOn ? failOn.join(',') : null, exitCode: code, packages: r.packages });
    else write(process.stderr, humanSummary(r.drift, r.outDir, r.files, failOn?.join(','), code, packageLines(r.packages, typeof o.publicKey === 'string' ? o.publicKey : undefined, [['OLD', oldPath], ['NEW', newPath]])));
    return code;
  } catch (e) {
    return reportFailure(e);
  }
}

/**
 * What was verified of each side that is a sealed package, as export says it: without --public-key
 * a signed package's files are checked against a manifest anyone able to edit the folder could
 * have rebuilt, which only the signature rules out.
 */
function packageLines(packages: readonly DiffPackage[], publicKeyFile: string | undefined, sides: ReadonlyArray<readonly ['OLD' | 'NEW', string]>): string[] {
  return sides.flatMap(([side, path]) => {
    const p = packages.find((x) => x.side === side);
    if (p) return [`Verified ${side} ${p.path} (package digest ${p.packageDigest}; ${signatureWords(p.signature, publicKeyFile)})`];
    // --public-key was given, and this side has no signature to check: said, not implied.
    return publicKeyFile !== undefined ? [`${side} ${path}: not a sealed package (snapshots or exports): no signature checked`] : [];
  });
}

function signatureWords(status: string, publicKeyFile: string | undefined): string {
  switch (status) {
    case 'valid': return `signature valid (${publicKeyFile ?? 'public key'})`;
    case 'not-checked': return 'signature present but NOT checked: pass --public-key to check it';
    default: return 'not signed';
  }
}

function humanSummary(d: Drift, out: string, files: string[], failOn: string | undefined, code: number, verified: readonly string[]): string {
  const c = paint(process.stderr);
  const s = d.summary;
  const lines = [
    c.bold(`Drift ${d.old.label} (${d.old.devices} device(s)) → ${d.new.label} (${d.new.devices} device(s))`),
    `Controls: ${s.controls.regressed ? c.red(`${s.controls.regressed} regressed`) : '0 regressed'}, ${c.green(`${s.controls.remediated} remediated`)}${s.controls.unverified ? `, ${c.yellow(`${s.controls.unverified} not verified (better or not assessed only because devices are missing: still open)`)}` : ''}, ${s.controls.stillFailing} still failing, ${s.controls.newlyAssessed} newly assessed, ${s.controls.noLongerAssessed} no longer assessed`,
    `Devices: ${devicesChangedText(s.devices)}, ${s.devices.unchanged} unchanged, ${s.devices.added} new, ${s.devices.removed} missing${s.devices.swapped ? `, ${c.yellow(`${s.devices.swapped} now another console under the same id (serials swapped: not compared as fixes)`)}` : ''}; settings ${s.settings.added} added / ${s.settings.removed} removed / ${s.settings.changed} changed; ${causeCounts(s)}; ${s.due} due${s.dueGroups !== undefined && s.dueGroups !== s.due ? ` (${s.dueGroups} row(s): devices due at the same moment for the same reason together)` : ''}`,
  ];
  const regressed = regressedLine(d.controls);
  if (regressed) lines.push(regressed);
  lines.push(...verified);
  lines.push(`Wrote ${out.replace(/\/+$/, '')}/: ${files.join(', ')}`);
  if (failOn && code) lines.push(c.red(`--fail-on ${failOn}: exit ${code}`));
  return lines.join('\n') + '\n';
}
