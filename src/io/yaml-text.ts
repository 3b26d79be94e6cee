// Parsing YAML text (of which JSON is a subset): a syntax error becomes a UserError naming the
// file and line. Used by every YAML input a user writes (system description, capabilities, attestations).
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { UserError } from './errors.js';

/** Parses YAML or JSON text (a leading byte-order mark is ignored). `kind` names the syntax in the message. */
export function parseYamlText(text: string, file: string, kind = 'YAML or JSON', options: { core?: boolean } = {}): unknown {
  try {
    return load(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, options.core ? { schema: CORE_SCHEMA } : undefined);
  } catch (e) {
    if (e instanceof YAMLException) throw new UserError(`not valid ${kind}: ${e.reason}`, { file, where: e.mark ? `line ${e.mark.line + 1}` : undefined });
    throw e;
  }
}
