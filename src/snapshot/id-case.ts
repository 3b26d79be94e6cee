import { UserError } from '../io/errors.js';

/**
 * Device ids that differ only in case (MR-01, mr-01) within one set of inputs (assess's inputs, a
 * side of diff, a run of monitor). To Windows they are one console, a report listing both would
 * read as two, and files named by the id (assess's evidence/<id>_<time>.json) are one file on a
 * case-insensitive disk, where the second would replace the first. assess, diff and monitor refuse
 * them with this one message, both inputs named.
 */
export class IdSpellings {
  private readonly seen = new Map<string, { id: string; file: string }>();

  /** `side`: how the message names the set when there are several (diff's "NEW"). */
  constructor(private readonly side?: string) {}

  /** Throws when `id` is another spelling of an id seen before; remembers the first spelling. */
  check(id: string, file: string): void {
    const key = id.toLowerCase();
    const first = this.seen.get(key);
    if (!first) {
      this.seen.set(key, { id, file });
      return;
    }
    if (first.id === id) return;
    const where = this.side ? `${this.side}: ` : '';
    throw new UserError(
      `${where}the device ids ${first.id} (${first.file}) and ${id} differ only in case: Windows takes them for one console, a report would list them as two, and their evidence files (evidence/<id>_<time>.json) would replace each other on a case-insensitive disk; spell the id the same in both`,
      { file, where: '/device/id' },
    );
  }
}
