// `ato-evidence ingest`: one device's export folder (or files) -> one snapshot file.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../io/errors.js';
import { requireReachable } from '../io/inputs.js';
import { reportFailure, warn, write, writeJson } from './output.js';
import { fileOptions, named, refuseUnsafeOutputs } from './paths.js';
import { writeOutputFile } from '../io/package-dir.js';

export async function ingestCommand(exportsArgs: string[], o: Record<string, unknown>): Promise<number> {
  try {
    const out = o.out as string;
    refuseUnsafeOutputs(fileOptions(o, ['out']), named('EXPORTS', exportsArgs));
    if (existsSync(out) && !o.force) throw new UserError('already exists; choose another --out or pass --force to replace it', { file: out, exitCode: 2 });
    if (existsSync(out) && statSync(out).isDirectory()) throw new UserError('is a folder; --out names the snapshot file to write', { file: out, exitCode: 2 });
    // --force replaces a snapshot file, never a device, FIFO or socket (the new file is renamed
    // over --out: /dev/stdout or /dev/null would be replaced by a file).
    if (existsSync(out) && !statSync(out).isFile()) throw new UserError('is not a regular file (a device, FIFO or socket); --out names the snapshot file to write', { file: out, exitCode: 2 });
    if (!existsSync(dirname(resolve(out)))) throw new UserError(`the folder ${dirname(resolve(out))} does not exist`, { file: out });
    const { ingestFolder, ingestFiles } = await import('../ingest/index.js');
    const { readSnapshot } = await import('../snapshot/load.js');
    const single = exportsArgs.length === 1 && existsSync(exportsArgs[0]!) && statSync(exportsArgs[0]!).isDirectory();
    for (const p of exportsArgs) requireReachable(p);
    if (!single && exportsArgs.some((p) => statSync(p).isDirectory())) {
      throw new UserError('give one export folder, or several export files of one device, not a mix', { file: exportsArgs.join(', ') });
    }
    const result = single ? await ingestFolder(exportsArgs[0]!) : await ingestFiles(exportsArgs, exportsArgs.join(', '));
    for (const s of result.skipped) warn(`skipped ${s.file}: ${s.reason}`);
    for (const w of result.warnings) warn(w);
    // The ingester's output must itself be a valid snapshot: checked before writing anything, and
    // written as the snapshot boundary gives it (a secret an export carried is redacted).
    const { bytes } = readSnapshot(Buffer.from(JSON.stringify(result.snapshot, null, 2) + '\n'), `snapshot built from ${exportsArgs.join(', ')}`);
    writeOutputFile(out, bytes, 'ingest');
    const s = result.snapshot;
    const summary = { out, device: s.device.id, collectedAt: s.collectedAt, recognised: result.recognised, skipped: result.skipped, warnings: result.warnings };
    if (o.json) writeJson(process.stdout, summary);
    else {
      write(process.stderr, `Ingested ${result.recognised.length} export(s) of ${s.device.id} collected ${s.collectedAt}:\n`);
      for (const r of result.recognised) write(process.stderr, `  ${r.file.padEnd(28)} ${r.kind.padEnd(22)} sha256 ${r.sha256.slice(0, 16)}…\n`);
      if (result.skipped.length) write(process.stderr, `Skipped ${result.skipped.length} file(s) (see warnings above)\n`);
      write(process.stderr, `Wrote ${out}\n`);
    }
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
