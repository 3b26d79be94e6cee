// Peak resident memory of this process. /proc's VmHWM starts afresh at exec; getrusage's maxrss
// does not (a child forked from a big parent inherits the parent's high-water mark), so the
// benchmark's children would otherwise report their parent's memory.
import { readFileSync } from 'node:fs';

export function peakRssKB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS;
}
