// Reading OSCAL documents in tests: the documents are parsed JSON, typed loosely on purpose.
type Json = Record<string, any>;

/** The value of the first prop named `name` on an OSCAL object (a finding, an item, a component), if any. */
export function propOf(o: Json, name: string): string | undefined {
  const found = (o.props as Json[] | undefined)?.find((p) => p.name === name);
  return found?.value as string | undefined;
}
