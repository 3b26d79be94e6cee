// The files `assess` options name (--params, --deviations, --system, …), noted as they are read:
// each with the SHA-256 of the very bytes the run used. Never hashed by reading the file again:
// it may have changed in between, and the AR would then cite a file the run never saw.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { readUserFile, type ReadLimit } from '../io/file-queue.js';
import { decodeUtf8 } from '../io/utf8.js';
import { redactText } from '../snapshot/secrets.js';

export interface OptionFileRead {
  /**
   * The option as typed on the command line ("--params"); for a file the option's file pulled in,
   * the option and how ("--profile import": a catalog or profile the profile chain imports;
   * "--checks wording": the check-wording.yaml beside a --checks file; "--params defaults": the
   * parameter definitions, controls/parameters.yaml, whose defaults apply where nothing overrides them).
   */
  option: string;
  /** The path as given (documents show only its base name: io/display-path.ts inputFileName). */
  file: string;
  /** SHA-256 of the bytes read; absent when the file holds text the reports mask (see `masked`). */
  sha256?: string;
  /**
   * The file holds what the reports mask as a secret: its hash is withheld, because with the
   * masked text the AR quotes (parameter values, deviations) it would let anyone test guesses.
   */
  masked: boolean;
}

/** The order the AR lists them in: the checks and controls first, then what the run was told. */
const ORDER = ['--checks', '--catalog', '--profile', '--params', '--deviations', '--attestations', '--system', '--capabilities', '--previous-poam'];

/** How a file an option's file pulled in was read, by option (see OptionFileRead.option). */
const PULLED_IN: Record<string, string> = { '--checks': 'wording', '--profile': 'import', '--params': 'defaults' };

export class OptionFileLog {
  private readonly byPath = new Map<string, { sha256: string; masked: boolean }>();
  /** Files an option's file pulled in, in the order read: they decide verdicts as much as the option's own. */
  private readonly pulledIn: Array<{ option: string; file: string; sha256: string }> = [];
  private readonly quoted: Set<string>;

  /**
   * `quoted`: the files a person keeps whose text the documents quote, masked (params, deviations,
   * attestations, system, capabilities). Rule files (--checks, --catalog, --profile) and our own
   * POA&M are not tested: the masking's prose rules take "no password is exempt" for a secret.
   */
  constructor(quoted: ReadonlyArray<string | undefined>) {
    this.quoted = new Set(quoted.filter((f): f is string => f !== undefined));
  }

  /** Notes the bytes read from `file`; `text` is their decoded form, for the secrets test. */
  note(file: string, bytes: Uint8Array, text?: string): void {
    const masked = text !== undefined && this.quoted.has(file) && redactText(text) !== text;
    this.noteDigest(file, createHash('sha256').update(bytes).digest('hex'), masked);
  }

  /** For a file read in chunks: the digest of the chunks as they were read. */
  noteDigest(file: string, sha256: string, masked = false): void {
    this.byPath.set(file, { sha256, masked });
  }

  /**
   * Notes the bytes of a file read because an option's file named it (a profile's imports) or
   * lies beside it (--checks' wording): loadRunConfig's `onRead`. The option's own file is noted
   * as such; a file read twice is cited once.
   */
  readonly noteVia = (option: string, file: string, bytes: Uint8Array): void => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.byPath.has(file)) this.noteDigest(file, sha256);
    if (!this.pulledIn.some((x) => resolve(x.file) === resolve(file))) this.pulledIn.push({ option, file, sha256 });
  };

  /** A reader for loadRunConfig: reads the file once, notes its bytes, returns its text. */
  readonly read = (file: string, limit?: ReadLimit, what = 'input'): string => {
    const bytes = readUserFile(file, limit);
    const text = decodeUtf8(bytes, file, what);
    this.note(file, bytes, text);
    return text;
  };

  /** The files read, one per option that named one, in a fixed order. */
  files(options: ReadonlyArray<readonly [string, string | undefined]>): OptionFileRead[] {
    const rank = (o: string) => (ORDER.includes(o) ? ORDER.indexOf(o) : ORDER.length);
    // A file an option named itself is cited as that option's, not again as pulled in.
    const named = new Set(options.flatMap(([, file]) => (file === undefined ? [] : [resolve(file)])));
    return [...options]
      .sort((a, b) => rank(a[0]) - rank(b[0]))
      .flatMap(([option, file]) => {
        const seen = file === undefined ? undefined : this.byPath.get(file);
        const own: OptionFileRead[] = file !== undefined && seen ? [{ option, file, ...(seen.masked ? {} : { sha256: seen.sha256 }), masked: seen.masked }] : [];
        const pulled = this.pulledIn.filter((x) => x.option === option && !named.has(resolve(x.file)));
        return [...own, ...pulled.map((x): OptionFileRead => ({ option: `${option} ${PULLED_IN[option] ?? 'input'}`, file: x.file, sha256: x.sha256, masked: false }))];
      });
  }
}
