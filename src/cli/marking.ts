// --marking TEXT (assess, diff, monitor): the marking printed at the top and bottom of every page
// of the PDFs (e.g. "CUI"). One short line of printable text, or a usage error.
import { UserError } from '../io/errors.js';

const MAX_MARKING = 80;

export function markingOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (text === '') throw new UserError('--marking must not be empty (for example --marking CUI)', { exitCode: 2 });
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(text)) throw new UserError('--marking must be one line of printable text (it holds a control, format or line-break character)', { exitCode: 2 });
  if ([...text].length > MAX_MARKING) throw new UserError(`--marking must be at most ${MAX_MARKING} characters (it is printed as a banner on every page); got ${[...text].length}`, { exitCode: 2 });
  return text;
}
