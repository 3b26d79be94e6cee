// An objective a check shows whole, whose determination statement inserts ODPs no check parameter
// fills and nobody defined, is satisfied only where the pass proves it whatever the organisation's
// values. MP-05a.[01] ("{{ mp-05_odp.01 }} are protected during transport outside of controlled
// areas using {{ mp-05_odp.02 }}") was satisfied by OS-MEDIA-ENCRYPT alone: the vendor's setting
// shows what the console writes to removable media is encrypted, not that the media types and
// transport controls the organisation defines are those. It is shown only in part now.
import { describe, expect, it } from 'vitest';
import { ControlAggregator } from '../src/assess/controls.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo, insertedParams, objectiveTextOf } from '../src/catalog/objectives.js';

const catalog = loadCatalog();

describe('mp-5_obj.a-1 on a console passing every check', () => {
  it('the premise: its statement inserts mp-05_odp.01 and .02, which no check parameter fills and OS-MEDIA-ENCRYPT does not claim', () => {
    const prose = objectiveTextOf(loadControlIndex())('mp-5_obj.a-1').prose;
    expect(insertedParams(prose)).toEqual(['mp-05_odp.01', 'mp-05_odp.02']);
    expect(catalog.parameters.filter((p) => p.odp?.startsWith('mp-05_odp'))).toEqual([]);
    const check = catalog.checks.find((c) => c.id === 'OS-MEDIA-ENCRYPT')!;
    expect(check.objectives).toContain('mp-5_obj.a-1');
    expect(check.odp ?? []).not.toContain('mp-05_odp.01');
  });

  it('is shown only in part by OS-MEDIA-ENCRYPT, never satisfied by its pass; the why names the organisation\'s media and controls', () => {
    const index = loadControlIndex();
    const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(index, id), 'moderate');
    agg.addDevice('D-1', catalog.checks.map(() => 'pass'), () => undefined);
    const mp5 = agg.findings().find((f) => f.controlId === 'mp-5')!;
    expect(mp5.objectives.find((o) => o.objectiveId === 'mp-5_obj.a-1' && o.state === 'satisfied')).toBeUndefined();
    expect(mp5.uncovered).toContainEqual({ objectiveId: 'mp-5_obj.a-1', why: 'in-part' });
    expect(catalog.checks.find((c) => c.id === 'OS-MEDIA-ENCRYPT')!.inPart?.why).toMatch(/media types and transport controls the organisation defines/);
  });
});

// The same class, overclaim45: AC-02(01) ("the management of system accounts is supported using
// {{ ac-02.01_odp automated mechanisms }}") by CENTRAL-AUTH, AU-12b ("{{ au-12_odp.02 personnel
// or roles }} is/are allowed to select the event types ...") by AUDIT-PROTECT, SC-45(01)(a) ("the
// internal system clocks are compared {{ sc-45.01_odp.01 frequency }} with {{ sc-45.01_odp.02 }}")
// by TIME-SOURCE: each ODP is one no check parameter fills and nobody defined, and the pass shows
// the console's setting, not the organisation's mechanisms, roles or comparison frequency.
describe.each([
  { objective: 'ac-2.1_obj', controlId: 'ac-2.1', odp: 'ac-02.01_odp', check: 'CENTRAL-AUTH', why: /automated mechanism the organisation defines for managing accounts is not shown/ },
  { objective: 'au-12_obj.b', controlId: 'au-12', odp: 'au-12_odp.02', check: 'AUDIT-PROTECT', why: /personnel or roles the organisation defines to select the logged event types/ },
  { objective: 'sc-45.1_obj.a', controlId: 'sc-45.1', odp: 'sc-45.01_odp.01', check: 'TIME-SOURCE', why: /compared at the frequency the organisation defines is not shown/ },
])('$objective on a console passing every check', ({ objective, controlId, odp, check, why }) => {
  it(`the premise: its statement inserts ${odp}, which no check parameter fills`, () => {
    expect(insertedParams(objectiveTextOf(loadControlIndex())(objective).prose)).toContain(odp);
    expect(catalog.parameters.filter((p) => p.odp === odp)).toEqual([]);
    expect(catalog.checks.find((c) => c.id === check)!.objectives).toContain(objective);
  });

  it(`is shown only in part by ${check}, never satisfied by the pass; the why names what is not shown`, () => {
    const index = loadControlIndex();
    const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(index, id), 'high');
    agg.addDevice('D-1', catalog.checks.map(() => 'pass'), () => undefined);
    const f = agg.findings().find((x) => x.controlId === controlId)!;
    expect(f.objectives.find((o) => o.objectiveId === objective && o.state === 'satisfied')).toBeUndefined();
    expect(f.uncovered).toContainEqual({ objectiveId: objective, why: 'in-part' });
    expect(f.state).not.toBe('satisfied');
    expect(catalog.checks.find((c) => c.id === check)!.inPart?.why).toMatch(why);
  });
});
