// AppLocker policy XML (Get-AppLockerPolicy -Effective -Xml, or a policy file such as the NSA
// starter policy): <AppLockerPolicy><RuleCollection Type="Exe" EnforcementMode="AuditOnly">...
// EnforcementMode: Enabled = enforced; AuditOnly = rules only logged, not enforced;
// NotConfigured (or absent) = enforced if the collection has rules, else no policy (Microsoft:
// "If rules are present in the corresponding rule collection, they're enforced").
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { parseXml } from '../xml.js';
import { FactSink, quoted } from './common.js';

const EXPECTED = 'an AppLocker policy XML (<AppLockerPolicy> with <RuleCollection> elements)';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  return t !== null && /<AppLockerPolicy[\s>]/.test(t) ? 'applocker-policy' : null;
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const root = parseXml(d.text, input.name);
  if (root.name !== 'AppLockerPolicy') sink.fail(`expected the root element <AppLockerPolicy>, found <${root.name}>`, `line ${root.line}`);
  sink.add(['malware', 'allowlisting', 'product'], 'AppLocker', `<AppLockerPolicy>, line ${root.line}`);
  const seen = new Set<string>();
  for (const rc of root.children) {
    if (rc.name !== 'RuleCollection') continue;
    const type = rc.attrs.Type;
    if (!type) sink.fail('expected a Type attribute (Exe, Msi, Script, Dll, Appx) on <RuleCollection>', `line ${rc.line}`);
    if (seen.has(type.toLowerCase())) sink.fail(`expected one <RuleCollection Type="${type}">, found another`, `line ${rc.line}`);
    seen.add(type.toLowerCase());
    const ruleCount = rc.children.filter((c) => /Rule$/.test(c.name)).length;
    const modeAttr = rc.attrs.EnforcementMode;
    let mode: 'enabled' | 'audit-only' | 'not-configured';
    let note = '';
    switch ((modeAttr ?? 'NotConfigured').toLowerCase()) {
      case 'enabled':
        mode = 'enabled';
        break;
      case 'auditonly':
        mode = 'audit-only';
        break;
      case 'notconfigured':
        mode = ruleCount > 0 ? 'enabled' : 'not-configured';
        if (ruleCount > 0) note = ` (NotConfigured with ${ruleCount} rules: AppLocker enforces them)`;
        break;
      default:
        sink.fail(`expected EnforcementMode Enabled, AuditOnly or NotConfigured, found ${quoted(modeAttr)}`, `line ${rc.line}`);
    }
    const el = { el: type.toLowerCase() };
    const loc = `<RuleCollection Type="${type}">${modeAttr === undefined ? ' (no EnforcementMode)' : ` EnforcementMode="${modeAttr}"`}, line ${rc.line}`;
    sink.add(['malware', 'allowlisting', 'collections', el, 'type'], type, loc);
    sink.add(['malware', 'allowlisting', 'collections', el, 'enforcementMode'], mode, loc + note);
    sink.add(['malware', 'allowlisting', 'collections', el, 'ruleCount'], ruleCount, `<RuleCollection Type="${type}"> rule elements, line ${rc.line}`);
  }
  sink.cover('malware.allowlisting.collections', true);
  return sink.result('applocker-policy');
}

export const applockerXmlParser: ExportParser = { kinds: ['applocker-policy'], sniff, parse };
