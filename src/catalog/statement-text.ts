// A catalog's text with its parameters filled in, for every document that prints it (the PDF's
// control entries and worksheet, the SSP's 'The control requires:'): never the catalog's
// "{{ insert: param, <id> }}" markup.

/**
 * A control statement with its parameters filled in: the organisation's value where exactly one
 * project parameter fills that ODP, else NIST's "[Assignment: organization-defined ...]" from the
 * catalog's label, or its placeholder text (`placeholders`, the bundled SP 800-53A data), never the
 * raw parameter id where the catalog names it.
 */
export function fillStatement(statement: string, labels: Record<string, string>, valueOf: (odp: string) => string | undefined, placeholders: Record<string, string> = {}): string {
  const insert = /\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g;
  let text = statement;
  // A selection's choices can hold parameters of their own: fill until none is left (bounded).
  for (let pass = 0; pass < 4 && insert.test(text); pass++) {
    insert.lastIndex = 0;
    text = text.replace(insert, (_m, id: string) => {
      const v = valueOf(id);
      if (v !== undefined) return `[${v}]`;
      const label = labels[id];
      // NIST's print where the catalog gives one and the label is only its selection's choices ("one of: …").
      if (placeholders[id] !== undefined && (label === undefined || /^one of: /.test(label))) return `[${placeholders[id]}]`;
      if (label !== undefined) return `[Assignment: ${/^organization-defined\b/.test(label) ? '' : 'organization-defined '}${label}]`;
      return `[Assignment: organization-defined ${id}]`;
    });
    insert.lastIndex = 0;
  }
  return text;
}
