// A registry value secedit's [Registry Values] gives (InactivityTimeoutSecs=4,900) while a `reg
// export` of its whole key (the live registry, read in full) lacks it: the two exports read the
// registry at different moments, as when they give two numbers. The absence was not compared, so
// SCREEN-LOCK-TIMEOUT passed on secedit's 900 where the registry held no inactivity limit. It is
// now not collected, naming both files, as for two values; where both lack it, it fails as before.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written } = arAssessor('ato-registry-key-read-without-', '2024-03-01T12:00:00Z', { warm: true });

const result = (ar: Record<string, unknown>, id: string) => {
  const o = observationOf(ar, 'MR-01', id);
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

const regWithoutLimit = (): string => mr01Text('reg-policies-system.reg').replace(/^"InactivityTimeoutSecs"=.*\n/m, '');
const seceditWithoutLimit = (): string => mr01Text('secedit.inf').replace(/^MACHINE\\.*\\InactivityTimeoutSecs=.*\n/m, '');

describe('a registry value one effective export gives and a reg export of its whole key lacks', () => {
  it('the premise: both give 900 and SCREEN-LOCK-TIMEOUT passes', () => {
    expect(mr01Text('secedit.inf')).toMatch(/InactivityTimeoutSecs=4,900/);
    expect(result(assess(mr01FolderWith({})), 'SCREEN-LOCK-TIMEOUT').result).toBe('pass');
  });

  it('secedit says 900, the reg export of the Policies key holds no InactivityTimeoutSecs: not collected, naming both files', () => {
    expect(regWithoutLimit()).not.toMatch(/InactivityTimeoutSecs/);
    const r = result(assess(mr01FolderWith({ 'reg-policies-system.reg': regWithoutLimit() })), 'SCREEN-LOCK-TIMEOUT');
    expect(r.result).toBe('not-collected');
    expect(r.text).toMatch(/effective exports disagree/);
    expect(r.text).toMatch(/secedit\.inf/);
    expect(r.text).toMatch(/reg-policies-system\.reg/);
  });

  it('neither holds it: the limit is not set, and the check fails as before', () => {
    const ar = assess(mr01FolderWith({ 'reg-policies-system.reg': regWithoutLimit(), 'secedit.inf': seceditWithoutLimit() }));
    expect(result(ar, 'SCREEN-LOCK-TIMEOUT').result).toBe('fail');
  });
});

describeArsValid('registry key read without the value: the ARs stay valid', written);
