// auditpol's "Inclusion Setting" text beside its "Setting Value": only the value was read, so a row
// saying "No Auditing" (or German "Keine Überwachung") with Setting Value 3 was read as success and
// failure audited, a pass for the subcategory. auditpol never writes the two apart: a known text
// naming another setting is refused, naming file, line and both; a matching text (in English,
// German or French) or one of another language is read from the value, as before. Through the CLI.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, errorLine } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const NOW = '2024-03-01T12:00:00Z';
const { assess, cli, dir } = arAssessor('ato-auditpol-inclusion-', NOW);
const LOGON = 'MR01-CONSOLE,System,Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success and Failure,,3';

/** MR-01's auditpol.csv with the Logon row's inclusion text and value replaced. */
function logonAs(inclusion: string, value: number): string {
  const text = mr01Text('auditpol.csv');
  expect(text).toContain(LOGON);
  return mr01FolderWith({ 'auditpol.csv': text.replace(LOGON, `MR01-CONSOLE,System,Logon,{0cce9215-69ae-11d9-bed3-505054503030},${inclusion},,${value}`) });
}

describe('auditpol: Inclusion Setting and Setting Value name different settings', () => {
  it.each([['No Auditing', 3], ['Keine Überwachung', 3], ['Success', 3], ['Erfolg und Fehler', 1]])('"%s" beside %i is refused, naming file, line and both', (inclusion, value) => {
    const r = cli(['assess', logonAs(inclusion, value), '--out', join(dir(), 'refused'), '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(new RegExp(`auditpol\\.csv at line \\d+: subcategory \\{0cce9215[^}]*\\} \\(Logon\\): "Inclusion Setting" "${inclusion}" contradicts "Setting Value" ${value}`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([['Erfolg und Fehler', 3], ['SUCCESS AND FAILURE', 3], ['Réussite et échec (other wording)', 3]])('"%s" beside %i is read from the value', (inclusion, value) => {
    const o = observationOf(assess(logonAs(inclusion, value)), 'MR-01', 'AUDIT-SUBCATEGORIES');
    expect(propOf(o, 'result')).toBe('fail'); // MR-01 misses other subcategories: judged, not refused
  });
});
