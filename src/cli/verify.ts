// `ato-evidence verify <dir>`: is the package as it was sealed? The work is in seal/seal.ts.
// Problems go to stderr, one line each naming the file; the verdict "intact: …" to stdout;
// --json prints { ok, problems, files, packageDigest, signature } on stdout instead. Exit 0 intact, 1 otherwise.
import { displayPath, verifyFolder, type VerifyResult } from '../seal/seal.js';
import { paint, reportFailure, write, writeJson } from './output.js';
import { UserError } from '../io/errors.js';
import { checkExpectedHead, verifyStore, type StoreVerifyOptions } from '../store/verify.js';
import { redactText } from '../snapshot/secrets.js';

/**
 * A problem as reported: its texts masked as a UserError's message is. The package or store holds
 * names and texts nobody vetted once it is tampered with (a file "notes password=….json" added).
 */
function masked<T extends object>(problem: T): T {
  const out = { ...problem } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (typeof out[k] === 'string') out[k] = redactText(out[k] as string);
  return out as T;
}

export function verifyCommand(dir: string | undefined, o: Record<string, unknown>): number {
  try {
    if (typeof o.store === 'string') {
      if (dir !== undefined) throw new UserError('give either a package folder or --store STORE, not both', { exitCode: 2 });
      const opts: StoreVerifyOptions = {
        ...(typeof o.publicKey === 'string' ? { publicKeyFile: o.publicKey } : {}),
        ...(typeof o.expectHead === 'string' ? { expectHead: checkExpectedHead(o.expectHead) } : {}),
      };
      return verifyStoreCommand(o.store, o.json === true, opts);
    }
    if (dir === undefined) throw new UserError('name the package folder to verify (or --store STORE for the evidence store)', { exitCode: 2 });
    if (o.expectHead !== undefined) throw new UserError('--expect-head goes with --store: it names an entry of the evidence store\'s ledger', { exitCode: 2 });
    const publicKeyFile = typeof o.publicKey === 'string' ? o.publicKey : undefined;
    const read = verifyFolder(dir, publicKeyFile !== undefined ? { publicKeyFile } : {});
    const r = { ...read, problems: read.problems.map(masked) };
    if (o.json) {
      writeJson(process.stdout, {
        ok: r.ok, problems: r.problems, files: r.files, packageDigest: r.packageDigest, reportDigest: r.reportDigest, report: r.report, signature: r.signature,
      });
    } else {
      writeHuman(dir, r, publicKeyFile);
    }
    return r.ok ? 0 : 1;
  } catch (e) {
    return reportFailure(e);
  }
}

function writeHuman(dir: string, r: VerifyResult, publicKeyFile: string | undefined): void {
  const err = paint(process.stderr);
  const lines = r.problems.map((p) => `${err.red(`${p.kind}:`)} ${displayPath(dir, p.path)}: ${p.detail}`);
  const sig = signatureNote(r, publicKeyFile);
  if (r.ok) {
    const out = paint(process.stdout);
    // Read from the PDF itself and recomputed from the files, not taken from the manifest.
    const cover = r.report?.carried ? ` (${r.report.file} carries ${r.report.carried}, read from the PDF: the digest of the other files)` : '';
    write(process.stdout, `${out.green('intact:')} ${r.files} files, package digest ${r.packageDigest}${cover}${sig}\n`);
    return;
  }
  const counts = (['changed', 'missing', 'unexpected', 'signature', 'manifest', 'report'] as const)
    .map((k) => [k, r.problems.filter((p) => p.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  lines.push(`${err.red(err.bold('NOT intact:'))} ${r.problems.length} problem(s) (${counts.join(', ')}) against ${displayPath(dir, 'manifest.json')} (which says it was written ${shown(r.createdAt)} by ${shown(r.tool)}: fields the digest does not cover), listing ${r.files} files, package digest ${r.packageDigest}`);
  write(process.stderr, lines.join('\n') + '\n');
}

/** A value read from the manifest, quoted when it holds a control character (it must not rewrite the terminal). */
function shown(value: string): string {
  return /[\u0000-\u001f\u007f]/.test(value) ? JSON.stringify(value) : value;
}

function signatureNote(r: VerifyResult, publicKeyFile: string | undefined): string {
  switch (r.signature) {
    case 'valid': return `; signature valid (${publicKeyFile ?? 'public key'})`;
    case 'not-checked': return '; signature present but not checked (pass --public-key)';
    case 'unsigned': return '; not signed';
    default: return '';
  }
}

/** `verify --store`: the chain, the head anchors and their signature, every object. Problems to stderr (or --json). */
function verifyStoreCommand(store: string, json: boolean, opts: StoreVerifyOptions): number {
  const read = verifyStore(store, opts);
  const r = { ...read, problems: read.problems.map(masked), notes: read.notes.map(redactText) };
  if (json) {
    writeJson(process.stdout, r);
    return r.ok ? 0 : 1;
  }
  const err = paint(process.stderr);
  for (const n of r.notes) write(process.stderr, `${err.yellow('note:')} ${n}\n`);
  if (r.ok) {
    const out = paint(process.stdout);
    const sig = r.signature === 'valid' ? `; head signature valid (${opts.publicKeyFile ?? 'public key'})` : r.signature === 'not-checked' ? '; head signed, not checked (pass --public-key)' : '; head not signed';
    const anchor = opts.expectHead ? `; holds the entry ${opts.expectHead} you kept` : '';
    write(process.stdout, `${out.green('intact:')} ${r.entries} ledger entries (${r.snapshots} snapshots, ${r.runs} runs), ${r.objects} objects; head ${r.head ?? '(empty)'}${sig}${anchor}\n`);
    return 0;
  }
  const lines = r.problems.map((p) => `${err.red(`${p.kind}:`)} ${p.where}: ${p.detail}`);
  lines.push(`${err.red(err.bold('NOT intact:'))} ${r.problems.length} problem(s) in the evidence store ${store}; the ledger's hash chain is unbroken up to entry ${r.entries}`);
  write(process.stderr, lines.join('\n') + '\n');
  return 1;
}
