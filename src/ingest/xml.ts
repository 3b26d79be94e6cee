// A small, tolerant XML reader for the shapes this project reads (the AppLocker policy): elements,
// attributes, text, comments, processing instructions, CDATA and the five predefined entities
// plus character references. No DTDs (a DOCTYPE is refused), no namespaces processing (prefixes
// stay in names). Written here rather than adding a dependency: the AppLocker policy needs only
// element names, attributes and nesting, and errors must name the line.
import { UserError } from '../io/errors.js';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, fail: (what: string) => never): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (_m, ref: string | undefined) => {
    if (!ref) return fail('an entity reference (&name; or &#N;) after "&"');
    if (ref.startsWith('#')) {
      const cp = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(cp >= 1 && cp <= 0x10ffff)) return fail(`a valid character reference, not &${ref};`);
      return String.fromCodePoint(cp);
    }
    const e = Object.hasOwn(ENTITIES, ref) ? ENTITIES[ref] : undefined;
    if (e === undefined) return fail(`a predefined entity, not &${ref};`);
    return e;
  });
}

export function parseXml(text: string, file: string): XmlElement {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const len = text.length;
  const fail = (what: string, at = line): never => {
    throw new UserError(`not well-formed XML: expected ${what}`, { file, where: `line ${at}` });
  };
  const advanceTo = (j: number): void => {
    for (let k = i; k < j; k++) if (text.charCodeAt(k) === 10) line++;
    i = j;
  };
  const skipPast = (end: string, what: string): void => {
    const j = text.indexOf(end, i);
    if (j < 0) fail(what);
    advanceTo(j + end.length);
  };
  const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
  const readName = (what: string): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return fail(what);
    i += m[0].length;
    return m[0];
  };
  const skipWs = (): void => {
    while (i < len && /\s/.test(text[i] ?? '')) {
      if (text.charCodeAt(i) === 10) line++;
      i++;
    }
  };

  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  while (i < len) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      const rest = text.slice(i);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(rest, fail);
      else if (rest.trim()) fail('nothing after the root element');
      advanceTo(len);
      break;
    }
    if (lt > i) {
      const chunk = text.slice(i, lt);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(chunk, fail);
      else if (chunk.trim()) fail('markup, not text, outside the root element');
      advanceTo(lt);
    }
    if (text.startsWith('<!--', i)) {
      const at = line;
      const j = text.indexOf('-->', i + 4);
      if (j < 0) fail('"-->" closing the comment opened here (the file may be cut short)', at);
      advanceTo(j + 3);
    } else if (text.startsWith('<?', i)) {
      skipPast('?>', '"?>" closing a processing instruction');
    } else if (text.startsWith('<![CDATA[', i)) {
      const j = text.indexOf(']]>', i);
      if (j < 0) fail('"]]>" closing a CDATA section');
      const top = stack[stack.length - 1];
      if (top) top.text += text.slice(i + 9, j);
      advanceTo(j + 3);
    } else if (text.startsWith('<!', i)) {
      // A DOCTYPE was skipped up to its first ">": an internal subset's "]>" was then refused as text
      // outside the root ("expected markup"), and one without it was read as if absent, though its
      // declarations (an entity, a default attribute value such as EnforcementMode) change what the
      // policy says to a reader that applies them. Get-AppLockerPolicy -Xml writes none: refused by name.
      const decl = /^<!([A-Za-z]+)/.exec(text.slice(i, i + 20))?.[1];
      if (decl === undefined) return fail('a comment ("<!--") or a CDATA section ("<![CDATA[") after "<!"');
      throw new UserError(
        `holds a <!${decl.toUpperCase()} …> declaration: document type declarations (their entities, an external entity's file, default attribute values) are never read, and Get-AppLockerPolicy -Xml writes none; give the export as Windows wrote it`,
        { file, where: `line ${line}` },
      );
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = readName('an element name after "</"');
      skipWs();
      if (text[i] !== '>') fail(`">" closing the end tag </${name}`);
      i++;
      const open = stack.pop();
      if (!open) return fail(`no end tag </${name}> without a matching start tag`);
      if (open.name !== name) fail(`</${open.name}> (opened at line ${open.line}), found </${name}>`);
    } else {
      const at = line;
      i++;
      const name = readName('an element name after "<"');
      const el: XmlElement = { name, attrs: {}, children: [], text: '', line: at };
      let selfClosing = false;
      for (;;) {
        skipWs();
        if (i >= len) fail(`">" closing the start tag <${name}> opened at line ${at} (the file is cut short)`);
        if (text[i] === '>') {
          i++;
          break;
        }
        if (text.startsWith('/>', i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        const an = readName(`an attribute name or ">" in <${name}>`);
        // XML allows an attribute once per element; a second one was kept silently (the last won):
        // Action="Deny" Action="Allow" on an AppLocker rule said both, and which holds is a guess.
        if (Object.prototype.hasOwnProperty.call(el.attrs, an)) fail(`attribute ${an} once in <${name}> (XML allows each attribute once), found it again`);
        skipWs();
        if (text[i] !== '=') fail(`"=" after attribute ${an} in <${name}>`);
        i++;
        skipWs();
        const q = text[i];
        if (q !== '"' && q !== "'") fail(`a quoted value for attribute ${an} in <${name}>`);
        const end = text.indexOf(q as string, i + 1);
        if (end < 0) fail(`the closing quote of attribute ${an} in <${name}>`);
        const raw = text.slice(i + 1, end);
        if (raw.includes('<')) fail(`no "<" inside the value of attribute ${an}`);
        advanceTo(end + 1);
        el.attrs[an] = decodeEntities(raw, fail);
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('a single root element');
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  const open = stack[stack.length - 1];
  if (open) fail(`</${open.name}> closing the element opened at line ${open.line} (the file is cut short)`);
  if (!root) fail('a root element');
  return root as XmlElement;
}
