// An event log file's ACL (audit.logFiles[], Get-Acl of the .evtx) read from one path while the
// event log configuration names another file for that log (the registry value File, under
// HKLM\SOFTWARE\Policies\Microsoft\Windows\EventLog\<log> where Group Policy moved the log, else
// under HKLM\SYSTEM\CurrentControlSet\Services\EventLog\<log>). The ACL judged is then of another
// file (D:\OldLogs\System.evtx, a log no longer written), and AUDIT-LOG-PERMISSIONS passed on it.
// Which file the console writes its log to is the configuration's; whether the collector read the
// right one cannot be told, so the principals read are in doubt (policy-combinations.ts: a pass
// reading them is not collected, naming both paths; a fail stays a fail).
//
// Paths are compared without case, with / read as \, repeated separators and a \\?\ prefix
// ignored. %SystemRoot% and %windir% are expanded only where the snapshot states the Windows
// folder (HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SystemRoot); any other variable, or
// those two without it, stands for an unknown text: the paths differ only if no value of it makes
// them agree (the rest of the path differs). Pure.
import { escapePointer } from '../ingest/json-located.js';
import { canonicalRegistryPath } from './coverage.js';
import type { PolicyContradiction } from './policy-combinations.js';
import type { Snapshot } from './types.js';

const WINDOWS_FOLDER = 'hklm\\software\\microsoft\\windows nt\\currentversion\\systemroot';
/** Where the log's file is named, in the order Windows applies them (policy first). */
const FILE_KEYS = ['hklm\\software\\policies\\microsoft\\windows\\eventlog\\', 'hklm\\system\\currentcontrolset\\services\\eventlog\\'];
const WINDOWS_VARS = new Set(['systemroot', 'windir']);

/** A path as compared: literal parts, and null for a variable whose value is unknown. */
type Pattern = Array<string | null>;

const normal = (p: string): string => p.trim().replace(/\//g, '\\').replace(/^\\\\[?.]\\|^\\\?\?\\/, '').replace(/\\{2,}/g, '\\').toLowerCase();

function pattern(path: string, windowsFolder: string | undefined): Pattern {
  const out: Pattern = [];
  const parts = path.split(/%([^%\\/]+)%/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) { if (part !== '') out.push(part); return; }
    const name = part.toLowerCase();
    out.push(WINDOWS_VARS.has(name) && windowsFolder !== undefined ? windowsFolder : null);
  });
  // Literals next to each other (an expanded folder) are one text, normalised as a whole.
  const merged: Pattern = [];
  for (const p of out) {
    const last = merged[merged.length - 1];
    if (p !== null && typeof last === 'string') merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  return merged.map((p) => (p === null ? null : normal(p)));
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether some values of the unknown variables make the two paths one. */
function mayAgree(a: Pattern, b: Pattern): boolean {
  const aOpen = a.includes(null);
  const bOpen = b.includes(null);
  const text = (p: Pattern): string => p.join('');
  if (!aOpen && !bOpen) return text(a) === text(b);
  if (aOpen !== bOpen) {
    const [open, fixed] = aOpen ? [a, b] : [b, a];
    return new RegExp(`^${open.map((p) => (p === null ? '.*' : escapeRe(p))).join('')}$`, 's').test(text(fixed));
  }
  // Both open: their known beginnings and ends must not disagree.
  const head = (p: Pattern): string => (typeof p[0] === 'string' ? p[0] : '');
  const tail = (p: Pattern): string => { const l = p[p.length - 1]; return typeof l === 'string' ? l : ''; };
  const [ha, hb, ta, tb] = [head(a), head(b), tail(a), tail(b)];
  return (ha.startsWith(hb) || hb.startsWith(ha)) && (ta.endsWith(tb) || tb.endsWith(ta));
}

export function eventLogFileContradictions(snapshot: Snapshot): PolicyContradiction[] {
  const files = snapshot.audit?.logFiles;
  const registry = snapshot.hardening?.registry;
  if (!Array.isArray(files) || files.length === 0 || !registry) return [];
  const byPath = new Map(Object.keys(registry).map((k) => [canonicalRegistryPath(k), k]));
  const folderName = byPath.get(WINDOWS_FOLDER);
  const folderValue = folderName === undefined ? undefined : registry[folderName];
  const windowsFolder = typeof folderValue === 'string' && folderValue.trim() !== '' && !folderValue.includes('%') ? folderValue.trim() : undefined;
  const out: PolicyContradiction[] = [];
  files.forEach((file, i) => {
    if (typeof file?.name !== 'string' || typeof file.path !== 'string' || file.path.trim() === '') return;
    const log = file.name.trim().toLowerCase();
    const name = FILE_KEYS.map((k) => byPath.get(`${k}${log}\\file`)).find((n) => n !== undefined && typeof registry[n] === 'string' && String(registry[n]).trim() !== '');
    if (name === undefined) return;
    const named = String(registry[name]);
    if (mayAgree(pattern(file.path, windowsFolder), pattern(named, windowsFolder))) return;
    const expanded = windowsFolder !== undefined && /%(systemroot|windir)%/i.test(named) ? ` (the Windows folder being ${windowsFolder})` : '';
    const at = `/audit/logFiles/${i}`;
    const regAt = `/hardening/registry/${escapePointer(name)}`;
    out.push({
      pointers: [`${at}/accessPrincipals`, `${at}/path`, regAt],
      detail: `the ACL of the ${file.name} event log was read from ${file.path} (${at}/path), but the event log configuration names ${named}${expanded} as that log's file (${regAt}): the ACL judged is of another file than the one the log is written to`,
    });
  });
  return out;
}
