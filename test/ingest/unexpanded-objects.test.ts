// PowerShell writes a list or nested object it did not expand as its type name
// ("System.Collections.ObjectModel.ReadOnlyCollection`1[...]", "System.Object[]",
// "Microsoft.Management.Infrastructure.CimInstance[]", "System.Collections.Hashtable") or, for a
// custom object, as "@{Name=...; SID=...}" (Export-Csv of a list property, ConvertTo-Json past
// its -Depth). Such a cell holds no value: it must not be read as a key protector named so (a
// fail stated as collected), nor as a remote address.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs, type ExportInput } from '../../src/ingest/index.js';
import { unexpandedObject } from '../../src/ingest/parsers/common.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { expectUserError } from '../support/user-error.js';
import { encodeAs, input, mr01SourceDir, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const manifest = (): ExportInput => ({ name: 'collection.json', bytes: readFileSync(join(mr01SourceDir, 'collection.json')), sha256: 'c'.repeat(64) });
const csv = (name: string, text: string): ExportInput => input(name, encodeAs(text, 'utf-8-bom'));
const ingest = (...files: ExportInput[]) => ingestInputs([...files, manifest()], 'MR-01');

/** What "Get-BitLockerVolume | Export-Csv" writes for the KeyProtector list. */
const PROTECTOR_LIST = 'System.Collections.ObjectModel.ReadOnlyCollection`1[Microsoft.BitLocker.Structures.BitLockerVolumeKeyProtector]';

describe('a list PowerShell did not expand', () => {
  it('bitlocker-volumes.csv from a plain Get-BitLockerVolume | Export-Csv: the OS volume\'s protectors are not collected (BITLOCKER-PREBOOT not collected, naming file, line and column), not a fail on a protector named so', () => {
    const text = mr01Text('bitlocker-volumes.csv').replace('"Tpm,RecoveryPassword"', `"${PROTECTOR_LIST}"`);
    expect(text).toContain(PROTECTOR_LIST);
    const r = ingest(csv('bitlocker-volumes.csv', text));
    expect(r.snapshot.encryption?.volumes?.find((v) => v.mountPoint === 'C:')?.keyProtectors).toBeUndefined();
    expect(r.warnings.some((w) => w.startsWith('bitlocker-volumes.csv:') && w.includes('line 2, volume C:, column KeyProtector'))).toBe(true);
    const res = evaluateCheck(check('BITLOCKER-PREBOOT'), r.snapshot, params);
    expect(res.status).toBe('not-collected');
    expect(JSON.stringify(res)).toMatch(/bitlocker-volumes\.csv not collected: line 2, volume C:, column KeyProtector holds/);
    // the rest of the row is read: the volume is still judged encrypted
    expect(evaluateCheck(check('DISK-ENCRYPTION'), r.snapshot, params).status).not.toBe('not-collected');
  });

  for (const cell of ['@{RemoteAddress=Any}', 'System.Collections.Hashtable', 'Microsoft.Management.Infrastructure.CimInstance[]']) {
    it(`firewall-rules.csv with RemoteAddress ${cell}: refused, naming line and column`, () => {
      const text = mr01Text('firewall-rules.csv').replace('"TCP","104","10.20.0.0/255.255.0.0"', `"TCP","104","${cell}"`);
      expect(text).toContain(cell);
      expectUserError(() => ingest(csv('firewall-rules.csv', text)), 'firewall-rules.csv', /^line 2$/, /column "RemoteAddress" holds .*what PowerShell writes for a list or object it did not expand/);
    });
  }

  it('values Windows exports are not taken for unexpanded objects', () => {
    for (const v of ['System', 'Any', 'LocalSubnet', '10.20.0.0/255.255.0.0', 'Domain, Private', '%SystemRoot%\\system32\\svchost.exe', 'Tpm,RecoveryPassword', 'NT AUTHORITY\\SYSTEM', '@', '{6C1F3E8A-1D2B-4E0F-9A51-0B2C7D3E4F51}']) expect(unexpandedObject(v), v).toBe(false);
    for (const v of [PROTECTOR_LIST, 'System.Object[]', 'System.String[]', '@{Name=HOSP\\jdoe; SID=S-1-5-21-1-2-3-4711}', 'System.Collections.Hashtable']) expect(unexpandedObject(v), v).toBe(true);
  });
});
