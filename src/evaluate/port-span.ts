// Whether a firewall rule's local ports let a given port in, in every form a rule's LocalPort
// takes (Get-NetFirewallRule's port filter, kept item by item by firewall-csv.ts; a snapshot written
// by another tool may keep "80,104,443" as one text): a port, a range "a-b" (so "100-110" and
// "1-65535" let 104 in exactly as "104" does), Any, or one of Windows' keywords for its own port
// sets (RPC, RPCEPMap, IPHTTPSIn, Teredo, ...), which name no port a DICOM listener could be given.
// Matching "104" as a text let a rule for 100-110 or 1-65535 pass DICOM-NO-PLAIN-LISTENER.
// An item that is none of these cannot be judged: it may open the port, so it never gives false.

/** LocalPort keywords Windows accepts besides Any (New-NetFirewallRule -LocalPort). */
const KEYWORDS = new Set(['rpc', 'rpcepmap', 'teredo', 'iphttpsin', 'iphttpsout', 'iphttps', 'playtodiscovery', 'ply2disc', 'mdns', 'dhcp', 'cortanaout', 'proximaltcpcdp', 'edgetraversal']);

/** Whether `t` is Any or one of Windows' LocalPort keywords, in any case (ingest refuses any other word). */
export const isLocalPortKeyword = (t: string): boolean => /^any$/i.test(t) || KEYWORDS.has(t.toLowerCase());

const portNumber = (t: string): number | undefined => (/^(0|[1-9]\d{0,4})$/.test(t) && Number(t) <= 65535 ? Number(t) : undefined);

/** Whether one LocalPort item lets `port` in: true, false, or undefined when the item cannot be read. */
function itemAllows(item: string, port: number): boolean | undefined {
  const t = item.trim();
  if (/^any$/i.test(t)) return true;
  const single = portNumber(t);
  if (single !== undefined) return single === port;
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(t);
  if (range) {
    const lo = portNumber(range[1]!);
    const hi = portNumber(range[2]!);
    if (lo === undefined || hi === undefined || lo > hi) return undefined;
    return lo <= port && port <= hi;
  }
  return KEYWORDS.has(t.toLowerCase()) ? false : undefined;
}

/**
 * Whether the rule's local ports `v` (a list, each item perhaps itself a comma-separated list) let
 * any of `ports` in. Undefined when none of them is shown let in but some item cannot be read, or
 * when the value or the list is not of the expected shape (an empty list names no port: unreadable too).
 */
export function allowsAnyPort(v: unknown, ports: unknown): boolean | undefined {
  if (!Array.isArray(v) || !Array.isArray(ports)) return undefined;
  const wanted = ports.map((p) => (typeof p === 'number' ? p : typeof p === 'string' ? portNumber(p.trim()) : undefined));
  if (wanted.some((p) => p === undefined)) return undefined;
  const items = v.flatMap((x) => (typeof x === 'number' ? [String(x)] : typeof x === 'string' ? x.split(',') : [undefined]));
  if (items.length === 0) return undefined;
  let unread = false;
  for (const item of items) {
    if (item === undefined) {
      unread = true;
      continue;
    }
    for (const p of wanted) {
      const r = itemAllows(item, p as number);
      if (r === true) return true;
      if (r === undefined) unread = true;
    }
  }
  return unread ? undefined : false;
}
