// The files `assess` options name (--params, --deviations, --system, …), noted as they are read:
// each with the SHA-256 of the very bytes the run used. Never hashed by reading the file again:
// it may have changed in between, and the AR would then cite a file the run never saw.
import { createHash } from 'node:crypto';
import { readUserFile, type ReadLimit } from '../io/file-queue.js';
import { decodeUtf8 } from '../io/utf8.js';
import { redactText } from '../snapshot/secrets.js';

export interface OptionFileRead {
  /** The option as typed on the command line ("--params"). */
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

export class OptionFileLog {
  private readonly byPath = new Map<string, { sha256: string; masked: boolean }>();
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
    return options
      .flatMap(([option, file]) => {
        const seen = file === undefined ? undefined : this.byPath.get(file);
        return file !== undefined && seen ? [{ option, file, ...(seen.masked ? {} : { sha256: seen.sha256 }), masked: seen.masked }] : [];
      })
      .sort((a, b) => rank(a.option) - rank(b.option));
  }
}
