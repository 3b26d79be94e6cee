// sec30's end-to-end cases: secrets planted in a sample snapshot's registry values, in forms the masking kept before
// sec30, must reach no byte `assess` writes and no message; the text around each mask stays. The built CLI is run
// as a user would (dist/ built).
import { describe, expect, it } from 'vitest';
import { plantedRegistry } from './support/planted-registry.js';

const { snapshotWith, assessed } = plantedRegistry('sec30-e2e');

describe('a JSON string that runs on past an unescaped quote', () => {
  it('its tail reaches no output; the member after it stays', () => {
    const base = snapshotWith({
      Note1: '{"Password": "Zq30a"Zq30tail01, "Server": "pacs01-sec30"}',
      Note2: 'settings: "Password": "Zq30b"Zq30tail02',
    });
    const { written, said } = assessed(base);
    for (const tail of ['Zq30tail01', 'Zq30tail02']) expect(written + said).not.toContain(tail);
    expect(written).toContain('pacs01-sec30');
  });
});

describe('an XML attribute that runs on past an unescaped quote', () => {
  it('its text reaches no output; the element around it stays', () => {
    const base = snapshotWith({
      Note3: '<add key="Password" value="Zq30c"Zq30tail03" /><add key="Server" value="pacs02-sec30" />',
      Note4: "<add key='LdapPassword' value='Zq30d'Zq30tail04'/>",
    });
    const { written, said } = assessed(base);
    for (const tail of ['Zq30tail03', 'Zq30tail04']) expect(written + said).not.toContain(tail);
    expect(written).toContain('pacs02-sec30');
  });
});
