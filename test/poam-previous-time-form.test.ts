// --previous-poam's times (metadata last-modified, a risk-log entry's start or end) are compared
// with this run's clock to refuse a POA&M from after it. instantMs reads RFC 3339 with its zone
// only, so a time written otherwise ("2026-11-03 12:00:01Z") read as no instant and was never
// "after": the file was carried forward without a word. Before, Date.parse read it as it guessed.
// Now such a time is refused, naming the file, the place and the time, saying why.
import { describe, expect, it } from 'vitest';
import { PreviousPoamReader } from '../src/oscal/poam.js';
import { userErrorOf } from './support/user-error.js';

const NOW = '2026-11-03T12:00:00Z';
const read = (lastModified: string) => {
  const reader = new PreviousPoamReader('prev.json', NOW);
  reader.write(Buffer.from(JSON.stringify({ 'plan-of-action-and-milestones': { uuid: '0b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', metadata: { title: 'p', 'last-modified': lastModified, version: '1', 'oscal-version': '1.1.3' }, 'poam-items': [] } }), 'utf8'));
  return reader.finish();
};

describe('a previous POA&M time in a form no rule reads', () => {
  for (const t of ['2026-11-03 12:00:01Z', '2026-11-03T12:00:01', 'Nov 3 2026', '2026-11-03T12:00:01+0100']) {
    it(`last-modified ${t}: refused, naming the place`, () => {
      const e = userErrorOf(() => read(t));
      expect(e.file).toBe('prev.json');
      expect(e.where).toBe('/plan-of-action-and-milestones/metadata/last-modified');
      expect(e.message).toContain(`last modified ${t}, which is no RFC 3339 date-time with its zone`);
    });
  }
  it('an RFC 3339 time before the clock is read', () => {
    expect(() => read('2026-11-03T11:00:00+00:00')).not.toThrow();
  });
});
