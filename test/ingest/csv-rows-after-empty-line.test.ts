// Export-Csv and auditpol write no empty line: rows after one were appended to the export (Export-Csv
// -Append or `>>` after another run, another export pasted on), and were read as the same table. A
// services.csv whose run lists no MpsSvc (the firewall service gone: FW-ENABLED fails) with another
// run's rows appended after an empty line passed FW-ENABLED on the appended "MpsSvc Running". A row
// after an empty line is refused now, naming both lines; an empty line at the end is read as before.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { input, mr01Files, mr01IngestedWith, mr01RefusalWith, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const fwEnabled = catalog.checks.find((c) => c.id === 'FW-ENABLED')!;

const ingestWith = mr01IngestedWith;
const status = (text: string): string => evaluateCheck(fwEnabled, ingestWith('services.csv', text).snapshot, params, { now: '2024-03-01T12:00:00Z' }).status;
const refusal = mr01RefusalWith;

describe('a CSV export with rows after an empty line', () => {
  const services = mr01Text('services.csv');
  const mpsSvc = services.split('\n').find((l) => l.startsWith('"MpsSvc"'))!;
  const withoutMpsSvc = services.replace(`${mpsSvc}\n`, '');
  const rows = withoutMpsSvc.replace(/\n+$/, '').split('\n').length;

  it('the premise: services.csv as collected passes FW-ENABLED; without MpsSvc it fails', () => {
    expect(status(services)).toBe('pass');
    expect(status(withoutMpsSvc)).toBe('fail');
  });

  it('the run without MpsSvc with "MpsSvc Running" appended after an empty line: refused naming both lines, never passed', () => {
    const msg = refusal('services.csv', `${withoutMpsSvc}\n${mpsSvc}\n`);
    expect(msg).toContain(`services.csv at line ${rows + 2}: a row after the empty line ${rows + 1}: Export-Csv and auditpol write no empty line, so the rows after it were appended`);
  });

  it.each(['auditpol.csv', 'local-users.csv', 'local-group-members.csv', 'firewall-rules.csv', 'firewall-profiles.csv', 'eventlog-acl.csv', 'bitlocker-volumes.csv'])('%s: its own rows again after an empty line are refused the same way', (name) => {
    const text = mr01Text(name);
    const [, ...body] = text.replace(/\n+$/, '').split('\n');
    const msg = refusal(name, `${text}\n${body.join('\n')}\n`);
    expect(msg).toContain(`${name} at line ${body.length + 3}: a row after the empty line ${body.length + 2}:`);
  });

  it('empty lines at the end, and CR CR LF line ends (a CRLF file converted again), are read as before', () => {
    expect(status(`${services}\n\n`)).toBe('pass');
    const files = mr01Files();
    const crcrlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(services.replace(/\n/g, '\r\r\n'), 'utf8')]);
    files.set('services.csv', crcrlf);
    const r = ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01');
    expect(evaluateCheck(fwEnabled, r.snapshot, params, { now: '2024-03-01T12:00:00Z' }).status).toBe('pass');
    expect(r.snapshot.provenance?.['/hardening/services/2/state']?.location ?? r.snapshot.provenance?.['/hardening/services/2/name']?.location).toMatch(/^line 7\b/);
  });
});
