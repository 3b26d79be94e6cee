// Whether a firewall rule's remote addresses, written as Windows writes them (an address, a
// subnet as a/prefix or a/mask, a range a-b, IPv4 or IPv6), together span every address of one
// family: "Any" written out (0.0.0.0-255.255.255.255, 0.0.0.0/0.0.0.0, 0.0.0.0/1 plus
// 128.0.0.0/1, ::/0). Keywords (Any, Any4, LocalSubnet, Internet...) are left to the check's own
// list; an entry that is neither an address, a subnet, a range nor a keyword Windows accepts cannot
// be judged (an export that lost or garbled the value).

type Family = 4 | 6;
interface Span {
  family: Family;
  from: bigint;
  to: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function ipv6(text: string): bigint | undefined {
  let t = text.replace(/%.*$/, ''); // a zone index (fe80::1%12) names an interface, not addresses
  let tail: bigint[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const v4 = ipv4(dotted[2] as string);
    if (v4 === undefined) return undefined;
    t = `${dotted[1]}0:0`;
    tail = [v4 >> 16n, v4 & 0xffffn];
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] as string);
  const rest = halves.length === 2 ? groups(halves[1] as string) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail.length) n = (n & ~0xffffffffn) | (tail[0] as bigint) << 16n | (tail[1] as bigint);
  return n;
}

function address(text: string): { family: Family; n: bigint } | undefined {
  const v4 = ipv4(text);
  if (v4 !== undefined) return { family: 4, n: v4 };
  const v6 = text.includes(':') ? ipv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, n: v6 };
}

/** The addresses one entry covers, or undefined when it is not an address, subnet or range. */
export function spanOf(entry: string): Span | undefined {
  const text = entry.trim();
  const dash = text.indexOf('-');
  if (dash > 0) {
    const a = address(text.slice(0, dash).trim());
    const b = address(text.slice(dash + 1).trim());
    if (!a || !b || a.family !== b.family) return undefined;
    return a.n <= b.n ? { family: a.family, from: a.n, to: b.n } : { family: a.family, from: b.n, to: a.n };
  }
  const slash = text.indexOf('/');
  const a = address(slash < 0 ? text : text.slice(0, slash));
  if (!a) return undefined;
  const bits = BITS[a.family];
  if (slash < 0) return { family: a.family, from: a.n, to: a.n };
  const suffix = text.slice(slash + 1).trim();
  let prefix: number | undefined;
  if (/^\d{1,3}$/.test(suffix)) prefix = Number(suffix);
  else if (a.family === 4) {
    // A dotted mask: only a contiguous one (255.255.255.0) is a subnet.
    const mask = ipv4(suffix);
    if (mask === undefined) return undefined;
    const bitsOfMask = mask.toString(2).padStart(32, '0');
    const ones = (/^1*/.exec(bitsOfMask) as RegExpExecArray)[0].length;
    if (bitsOfMask !== '1'.repeat(ones) + '0'.repeat(32 - ones)) return undefined;
    prefix = ones;
  }
  if (prefix === undefined || prefix > bits) return undefined;
  const host = (1n << BigInt(bits - prefix)) - 1n;
  return { family: a.family, from: a.n & ~host, to: a.n | host };
}

/**
 * The keywords Windows accepts for a rule's remote addresses (Set-NetFirewallRule -RemoteAddress;
 * INetFwRule::RemoteAddresses; "Ply2Renderers" is netsh's name of PlayToDevice), each also with 4
 * or 6 appended to restrict it to one family. Compared without case.
 */
const KEYWORDS = new Set(['any', 'localsubnet', 'dns', 'dhcp', 'wins', 'defaultgateway', 'internet', 'intranet', 'intranetremoteaccess', 'playtodevice', 'ply2renderers', 'captiveportal', 'ply2renders', 'rmtintranet']);
/** Them as PowerShell names them, for messages ("Ply2Renders" and "RmtIntrAnet" are the policy store's spelling, MS-GPFAS 2.2.2.13). */
export const REMOTE_ADDRESS_KEYWORDS = 'Any (*), LocalSubnet, DNS, DHCP, WINS, DefaultGateway, Internet, Intranet, IntranetRemoteAccess, PlayToDevice, CaptivePortal, each also with 4 or 6 appended';

/** The keyword an entry is (lower case, without a family suffix), or undefined. */
function keywordOf(entry: string): string | undefined {
  const t = entry.trim().toLowerCase();
  if (t === '*') return 'any';
  const base = /^(.*?)[46]?$/s.exec(t)![1]!; // s: an entry with a line break inside matched nothing (a TypeError)
  return KEYWORDS.has(base) ? base : undefined;
}

/**
 * Keywords whose addresses Windows works out on the console at run time from settings no export
 * here collects: the intranet ranges of the network isolation policy (or those it discovers),
 * remote-access clients, Play To renderers, captive portals. A rule naming one may accept a whole
 * hospital network or any device that answers; LocalSubnet, DNS, DHCP, WINS and DefaultGateway
 * name the console's own subnet and servers.
 */
const COMPUTED_SCOPE = new Set(['intranet', 'intranetremoteaccess', 'rmtintranet', 'playtodevice', 'ply2renderers', 'ply2renders', 'captiveportal']);

/** The entries (as written) that are such keywords; empty for anything that is not a list. */
export function computedScopeEntries(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  return entries.filter((e): e is string => typeof e === 'string' && COMPUTED_SCOPE.has(keywordOf(e) ?? ''));
}

/** Whether an entry is one Windows accepts for a remote address: an address, a subnet, a range or a keyword. */
export function isRemoteAddressEntry(entry: unknown): boolean {
  return typeof entry === 'string' && (keywordOf(entry) !== undefined || spanOf(entry) !== undefined);
}

/** Whether the entries together cover every IPv4 address, or every IPv6 address. */
export function spansEveryAddress(entries: readonly unknown[]): boolean {
  const spans = entries.map((e) => (typeof e === 'string' ? spanOf(e) : undefined)).filter((s): s is Span => s !== undefined);
  for (const family of [4, 6] as const) {
    const own = spans.filter((s) => s.family === family).sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
    const last = (1n << BigInt(BITS[family])) - 1n;
    let next = 0n; // the lowest address not yet covered
    for (const s of own) {
      if (s.from > next) break;
      if (s.to + 1n > next) next = s.to + 1n;
    }
    if (own.length > 0 && next > last) return true;
  }
  return false;
}
