// An export cut at a line break (a whole record kept, the rest gone) in a folder whose
// collection.json holds no digests (collect.ps1 before 1.2.0): only a format's own end marker shows
// the cut. secedit /export writes [Version] last; without it a right absent from [Privilege Rights]
// may have stood after the cut, and reading it as "no holder" passed AUDIT-PROTECT.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { knownExportByName } from '../../src/ingest/known-exports.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { encodeAs, materialiseDevice, mr01Files } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const AT = { now: '2024-03-01T12:00:00Z' };
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** MR-01's folder with secedit.inf rewritten by `edit` (its text without BOM, LF line ends). */
async function withSecedit(edit: (text: string) => string) {
  const files = mr01Files();
  const enc = knownExportByName('secedit.inf')?.encoding ?? 'utf-16le-bom';
  const text = files.get('secedit.inf')!.toString(enc.startsWith('utf-16') ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const next = edit(text);
  expect(next).not.toBe(text);
  files.set('secedit.inf', encodeAs(next, enc));
  const dir = materialiseDevice(files);
  made.push(dir);
  return ingestFolder(dir);
}

const EVERYONE = (t: string) => t.replace(/SeSecurityPrivilege = \*S-1-5-32-544\n/, 'SeSecurityPrivilege = *S-1-5-32-544,*S-1-1-0\n');
/** The export cut at the line break before SeSecurityPrivilege: every line from it on is gone. */
const cutBeforeRight = (t: string) => t.slice(0, t.indexOf('SeSecurityPrivilege'));

describe('secedit /export cut at a line break inside [Privilege Rights]', () => {
  it('the premise: Everyone holding SeSecurityPrivilege fails AUDIT-PROTECT', async () => {
    const r = await withSecedit(EVERYONE);
    expect(evaluateCheck(catalog.checks.find((c) => c.id === 'AUDIT-PROTECT')!, r.snapshot, params, AT).status).toBe('fail');
  });

  it('the same export cut before that right (no [Version] section) is not read as "no holder": AUDIT-PROTECT not collected, with a warning naming the cut', async () => {
    const r = await withSecedit((t) => cutBeforeRight(EVERYONE(t)));
    expect(r.snapshot.audit?.securityPrivilegeHolders).toBeUndefined();
    expect(evaluateCheck(catalog.checks.find((c) => c.id === 'AUDIT-PROTECT')!, r.snapshot, params, AT).status).toBe('not-collected');
    expect(r.warnings.some((w) => /^secedit\.inf.*no SeSecurityPrivilege line and the file has no \[Version\] section/.test(w))).toBe(true);
  });

  it('a whole export (with [Version]) that lists no SeSecurityPrivilege still means no holder', async () => {
    const r = await withSecedit((t) => t.replace(/SeSecurityPrivilege = \*S-1-5-32-544\n/, ''));
    expect(r.snapshot.audit?.securityPrivilegeHolders).toEqual([]);
  });
});
