// `netsh advfirewall show allprofiles` (English output): one block per profile.
//
//   Domain Profile Settings:
//   ----------------------------------------------------------------------
//   State                                 ON
//   Firewall Policy                       BlockInbound,AllowOutbound
//   ...
//   Logging:
//   LogAllowedConnections                 Disable
//   LogDroppedConnections                 Enable
//   FileName                              %systemroot%\system32\LogFiles\Firewall\pfirewall.log
//   MaxFileSize                           16384
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText, lastLineNumber, splitLines } from '../text.js';
import { FactSink, FIREWALL_LOG_MAX_KB, parseFirewallLogSizeKB, quoted } from './common.js';

const EXPECTED = 'the English output of "netsh advfirewall show allprofiles"';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  return /^\s*(Domain|Private|Public) Profile Settings:/m.test(t) && /^\s*Firewall Policy\s+\S/m.test(t) ? 'netsh-firewall' : null;
}

/** The lines whose values are read. */
const READ_LINE = /^(State|Firewall Policy|LogAllowedConnections|LogDroppedConnections|MaxFileSize)\s+(.+)$/i;

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  let profile: 'domain' | 'private' | 'public' | undefined;
  const found = new Map<string, { line: number; keys: Set<string> }>();
  const lines = splitLines(d.text);
  // netsh ends every line with a line break and its output with "Ok.": a line it reads that is last
  // and has none was cut, and its value with it ("MaxFileSize 409" of 4096): refused, as in
  // net accounts and w32tm. (A capture that lost only the break after "Ok." is read.)
  const last = lines.filter((l) => l.text.trim() !== '').pop();
  if (!d.endsWithNewline && last && READ_LINE.test(last.text.trim())) {
    sink.fail(`the file is cut short: its last line ${quoted(last.text.trim())} has no line break (netsh ends every line with one, and its output with "Ok."), so its value may be cut; expected ${EXPECTED}`, `line ${last.n}`);
  }
  for (const l of lines) {
    const t = l.text.trim();
    const head = /^(Domain|Private|Public) Profile Settings:\s*$/i.exec(t);
    if (head) {
      profile = (head[1] as string).toLowerCase() as 'domain' | 'private' | 'public';
      found.set(profile, { line: l.n, keys: new Set() });
      sink.add(['firewall', 'profiles', { el: profile }, 'name'], profile, `${head[1]} Profile Settings, line ${l.n}`);
      continue;
    }
    if (!profile) continue;
    const m = READ_LINE.exec(t);
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    const value = (m[2] as string).trim();
    const loc = `${profile[0]?.toUpperCase()}${profile.slice(1)} Profile ${m[1]}, line ${l.n}`;
    const el = { el: profile };
    found.get(profile)?.keys.add(key);
    switch (key) {
      case 'state':
        if (/^ON$/i.test(value)) sink.add(['firewall', 'profiles', el, 'enabled'], true, loc);
        else if (/^OFF$/i.test(value)) sink.add(['firewall', 'profiles', el, 'enabled'], false, loc);
        else if (!/^NotConfigured$/i.test(value)) sink.fail(`expected State ON or OFF, found ${quoted(value)}`, `line ${l.n}`);
        break;
      case 'firewall policy': {
        const parts = value.split(',').map((p) => p.trim().toLowerCase());
        for (const p of parts) {
          const pm = /^(block|allow)(inbound|outbound)(always)?$/.exec(p);
          if (!pm) {
            if (p === 'notconfigured') continue;
            sink.fail(`expected Firewall Policy like BlockInbound,AllowOutbound, found ${quoted(value)}`, `line ${l.n}`);
          }
          sink.add(['firewall', 'profiles', el, pm[2] === 'inbound' ? 'defaultInboundAction' : 'defaultOutboundAction'], pm[1] as string, loc);
        }
        break;
      }
      case 'logallowedconnections':
      case 'logdroppedconnections': {
        const field = key === 'logallowedconnections' ? 'logAllowedConnections' : 'logDroppedPackets';
        if (/^Enable$/i.test(value)) sink.add(['firewall', 'profiles', el, field], true, loc);
        else if (/^Disable$/i.test(value)) sink.add(['firewall', 'profiles', el, field], false, loc);
        else if (!/^NotConfigured$/i.test(value)) sink.fail(`expected Enable or Disable, found ${quoted(value)}`, `line ${l.n}`);
        break;
      }
      case 'maxfilesize': {
        if (/^NotConfigured$/i.test(value)) break;
        const v = parseFirewallLogSizeKB(value);
        if (v === undefined) sink.fail(`expected MaxFileSize in KB (1 to ${FIREWALL_LOG_MAX_KB}, as Windows accepts), found ${quoted(value)}`, `line ${l.n}`);
        sink.add(['firewall', 'profiles', el, 'logMaxSizeKB'], v, loc);
        break;
      }
    }
  }
  if (found.size === 0) sink.fail(`expected ${EXPECTED}: no "... Profile Settings:" block`, 'line 1');
  // netsh prints domain, private and public in that order: an export that stops early lacks the last ones.
  const absent = (['domain', 'private', 'public'] as const).filter((p) => !found.has(p));
  if (absent.length) {
    sink.warn(`cut short: ${absent.join(' and ')} profile${absent.length > 1 ? 's' : ''} missing (netsh prints all three; the export ends after line ${lastLineNumber(lines)})`);
    sink.cover('firewall.profiles', false, { note: `cut short: ${absent.join(' and ')} profile${absent.length > 1 ? 's' : ''} missing` });
  } else sink.cover('firewall.profiles', true);
  for (const [p, { line, keys }] of found) {
    if (!keys.has('state') || !keys.has('firewall policy')) {
      sink.fail(`expected "State" and "Firewall Policy" lines in the ${p} profile block (the file may be cut short)`, `line ${line}`);
    }
  }
  return sink.result('netsh-firewall');
}

export const netshFirewallParser: ExportParser = { kinds: ['netsh-firewall'], sniff, parse };
