// `ato-evidence monitor`: options in, summary out. The work is in monitor/run.ts; the schedule
// loop in monitor/cron.ts (the clock and the signals are wired here, at the edge).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Baseline } from '../catalog/control-index.js';
import { causeCounts, regressedLine } from '../drift/causes.js';
import { devicesChangedText } from '../drift/templates.js';
import { failOnOf } from '../drift/types.js';
import { UserError } from '../io/errors.js';
import { requireReachable } from '../io/inputs.js';
import { nextRun, parseCron, runOnSchedule } from '../monitor/cron.js';
import { regenerateRun, runMonitor, type MonitorOutcome } from '../monitor/run.js';
import { resolveNow } from './clock.js';
import { markingOption } from './marking.js';
import { paint, reportFailure, warn, write, writeJson } from './output.js';
import { fileOptions, named, refuseUnsafeOutputs } from './paths.js';
import { makeDirs } from '../io/make-dirs.js';

/** The options of monitor that name configuration files it reads. */
const CONFIG_FILE_OPTIONS = ['params', 'profile', 'catalog', 'deviations', 'checks', 'system', 'attestations', 'signKey'];

function wallClock(): string {
  return new Date().toISOString();
}

function options(o: Record<string, unknown>) {
  const failOn = failOnOf(o.failOn);
  return {
    store: o.store as string,
    force: o.force === true,
    baseline: (o.baseline as Baseline | undefined) ?? 'moderate',
    systemName: o.systemName as string | undefined,
    params: o.params as string | undefined,
    profile: o.profile as string | undefined,
    catalog: o.catalog as string | undefined,
    deviations: o.deviations as string | undefined,
    checks: o.checks as string | undefined,
    system: o.system as string | undefined,
    attestations: o.attestations as string | undefined,
    marking: markingOption(o.marking),
    pdf: o.pdf !== false,
    keepGoing: o.keepGoing === true,
    jobs: typeof o.jobs === 'number' ? o.jobs : ('auto' as const),
    ...(typeof o.signKey === 'string' ? { signKey: o.signKey } : {}),
    ...(o.startSigning === true ? { startSigning: true } : {}),
    ...(failOn ? { failOn } : {}),
  };
}

export async function monitorCommand(inputs: string[], o: Record<string, unknown>, version: string): Promise<number> {
  try {
    // Every argument is checked before anything is created (the store, --out, a schedule's folder).
    markingOption(o.marking); // a bad --marking is a usage error before anything runs (or is scheduled)
    if (o.startSigning === true && typeof o.signKey !== 'string') throw new UserError('--start-signing starts signing the store\'s head: give it with --sign-key KEY.pem', { exitCode: 2 });
    if (typeof o.regenerate === 'string') {
      if (inputs.length) throw new UserError('--regenerate takes no INPUT: the run\'s snapshots come from the store', { exitCode: 2 });
      refuseUnsafeOutputs(fileOptions(o, ['out']), fileOptions(o, ['store']));
      const r = await regenerateRun(o.store as string, o.regenerate, o.out as string, o.force === true, typeof o.jobs === 'number' ? o.jobs : 'auto', warn, version);
      if (o.json) writeJson(process.stdout, { run: r.run, out: r.outDir, files: r.files, identical: r.differs.length === 0, differs: r.differs });
      else if (r.differs.length === 0) write(process.stderr, `Regenerated run ${r.run} into ${r.outDir}: ${r.files.join(', ')}, byte-identical to the stored report\n`);
      if (r.differs.length) {
        write(process.stderr, `${paint(process.stderr).red('error:')} regenerated run ${r.run}, but ${r.differs.join(', ')} differ(s) from the bytes stored with the run: ${r.whyDiffers ?? 'another version of ato-evidence?'}. The report stored with the run stands as filed\n`);
        return 1;
      }
      return 0;
    }
    if (inputs.length === 0) throw new UserError('name the snapshots or export folders to file (INPUT...)', { exitCode: 2 });
    refuseUnsafeOutputs(fileOptions(o, ['out', 'store']), [...named('INPUT', inputs), ...fileOptions(o, CONFIG_FILE_OPTIONS)]);
    const once = async (now: string, out: string): Promise<number> => {
      // ATO_MONITOR_TRACE=1 prints each step as it completes (the fault test aims its kills with it).
      const trace = process.env.ATO_MONITOR_TRACE === '1' ? { onStep: (s: string) => write(process.stderr, `step: ${s}\n`) } : {};
      const r = await runMonitor({ ...options(o), inputs, out, now, wallClock: wallClock(), toolVersion: version, ingest: await import('../ingest/index.js'), warn, ...trace });
      if (o.json) writeJson(process.stdout, jsonSummary(r, now), 0);
      else write(process.stderr, humanSummary(r));
      return r.gate;
    };
    if (typeof o.schedule !== 'string') return await once(resolveNow(o.now as string | undefined, process.env), o.out as string);

    if (o.now !== undefined) throw new UserError('--now and --schedule exclude each other: each scheduled run uses its scheduled time', { exitCode: 2 });
    // Its first run would sign the store and every later one be refused (a signed store refuses it).
    if (o.startSigning === true) throw new UserError('--start-signing is for one run, not a schedule: run monitor once with --sign-key and --start-signing, then schedule it with --sign-key alone', { exitCode: 2 });
    const schedule = parseCron(o.schedule);
    nextRun(schedule, Date.now()); // a schedule that never fires ("0 0 31 2 *") is refused now, not after creating --out
    for (const input of inputs) requireReachable(input);
    const out = o.out as string;
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UserError('exists and is not a folder: with --schedule, --out is the folder each run writes a subfolder into', { file: out, exitCode: 2 });
    // The configuration too: a typo in --params is said now, not at the first run, hours later.
    const { loadRunConfig } = await import('../assess/config.js');
    loadRunConfig({ checks: o.checks as string | undefined, params: o.params as string | undefined, catalog: o.catalog as string | undefined, profile: o.profile as string | undefined, deviations: o.deviations as string | undefined });
    try {
      makeDirs(out);
    } catch (e) {
      throw new UserError(`cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: out });
    }
    const stop = new AbortController();
    const onSignal = () => {
      write(process.stderr, 'stopping after the current run (if any)\n');
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const { lastExit } = await runOnSchedule(schedule, {
        clock: Date.now,
        sleep: (ms, signal) => new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
          }, { once: true });
        }),
        signal: stop.signal,
        onWait: (next) => write(process.stderr, `next run at ${next} (schedule "${schedule.source}", UTC)\n`),
        // Each run writes its own folder under --out, named by its time: nothing is overwritten.
        run: async (now) => {
          try {
            return await once(now, join(o.out as string, now.replace(/[-:]/g, '')));
          } catch (e) {
            // A failed run (bad input, a locked store) is reported; the schedule goes on.
            return reportFailure(e);
          }
        },
      });
      return lastExit;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } catch (e) {
    return reportFailure(e);
  }
}

function jsonSummary(r: MonitorOutcome, now: string) {
  return {
    now, run: r.run, previous: r.previous, alreadyRecorded: r.alreadyRecorded, filed: r.filed, alreadyFiled: r.alreadyFiled,
    devices: r.devices, missing: r.missing, added: r.added, unreadable: r.unreadable, drift: r.summary, gate: r.gate, out: r.outDir, files: r.files, notes: r.notes, warnings: r.warnings, head: r.head,
  };
}

function humanSummary(r: MonitorOutcome): string {
  const c = paint(process.stderr);
  const lines: string[] = [];
  for (const n of r.notes) lines.push(`${c.yellow('note:')} ${n}`);
  lines.push(c.bold(`Monitoring run ${r.run}${r.alreadyRecorded ? ' (already recorded; report regenerated)' : ''}: ${r.devices} device(s); filed ${r.filed} new snapshot(s), ${r.alreadyFiled} already in the store`));
  lines.push(r.previous ? `Compared with run ${r.previous}` : 'First run in the store: nothing to compare with yet');
  if (r.unreadable.length) lines.push(c.yellow(`Could not read ${r.unreadable.length} input(s), or they were collected before what the store holds; not filed, not compared (--keep-going): ${r.unreadable.slice(0, 10).map((u) => u.error).join('; ')}${r.unreadable.length > 10 ? '; ...' : ''}`));
  if (r.missing.length) lines.push(c.red(`Missing from this run (present in the previous one): ${r.missing.slice(0, 20).join(', ')}${r.missing.length > 20 ? `, and ${r.missing.length - 20} more` : ''}`));
  if (r.added.length) lines.push(`New devices: ${r.added.slice(0, 20).join(', ')}${r.added.length > 20 ? `, and ${r.added.length - 20} more` : ''}`);
  const s = r.summary;
  if (s) {
    lines.push(`Controls: ${s.controls.regressed ? c.red(`${s.controls.regressed} regressed`) : '0 regressed'}, ${c.green(`${s.controls.remediated} remediated`)}${s.controls.unverified ? `, ${c.yellow(`${s.controls.unverified} not verified (better or not assessed only because devices are missing: still open)`)}` : ''}, ${s.controls.stillFailing} still failing; checks: ${s.checks.regressed} regressed, ${s.checks.remediated} remediated; devices: ${devicesChangedText(s.devices)}; check changes: ${causeCounts(s)}`);
    const regressed = regressedLine(r.regressed);
    if (regressed) lines.push(regressed);
  }
  if (r.gate) lines.push(c.red(c.bold('--fail-on tripped: exit 3')));
  lines.push(`Wrote ${r.outDir.replace(/\/+$/, '')}/: ${r.files.join(', ')}`);
  // Printed so that a scheduler's log keeps the head outside the store (verify --store --expect-head).
  lines.push(`Store head: ${r.head.entries} ledger entries, hash ${r.head.hash}${r.head.signed ? ' (signed)' : ''}`);
  return lines.join('\n') + '\n';
}
