// The PDF's wording: every heading, column label and sentence comes from templates/pdf-*.hbs, so
// an organisation changes the words without code. Data given to a template is cleaned first
// (clean()), so a value from a snapshot cannot add lines or control characters to the prose.
import { loadTemplates, type TemplateName, type Templates } from '../../oscal/templates.js';
import { cleanProse } from './text.js';

export type PdfTemplate = Extract<TemplateName, `pdf-${string}`>;

export interface Wording {
  /** A label from templates/pdf-labels.hbs ("key = text" lines), with {placeholders} filled. */
  label(key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
  /** A template's text, cleaned; blank lines separate paragraphs. */
  prose(name: PdfTemplate, data: object): string;
}

export function loadWording(dir?: URL, base: object = {}): Wording {
  const templates: Templates = dir ? loadTemplates(dir) : loadTemplates();
  const labels = new Map<string, string>();
  for (const raw of templates.render('pdf-labels', base).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`templates/pdf-labels.hbs: expected "key = text", got "${line}"`);
    labels.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return {
    label(key, values) {
      const text = labels.get(key);
      if (text === undefined) throw new Error(`templates/pdf-labels.hbs: no label "${key}"`);
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
    },
    has(key) {
      return labels.has(key);
    },
    prose(name, data) {
      return cleanProse(templates.render(name, data));
    },
  };
}
