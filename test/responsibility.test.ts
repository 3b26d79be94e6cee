// controls/responsibility.yaml: who implements each part of the controls the checks cite, read
// against NIST's catalog (every statement id exists, the statement is covered once) and the check
// catalog (no control a check cites is left without a split).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadResponsibility, parseResponsibility, responsibilityOf } from '../src/catalog/responsibility.js';
import { describeWithShared, sharedDir } from './support/oscal-schema.js';
import { expectUserError } from './support/user-error.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const table = loadResponsibility();
const cited = [...new Set(loadCatalog().checks.flatMap((c) => c.controls))].sort();

describe('the responsibility table', () => {
  it('splits every control a check of controls/checks.yaml cites', () => {
    // A check citing a new control needs its split here (or the product is never credited with all of it).
    expect(cited.filter((id) => !table.has(id))).toEqual([]);
  });

  it('gives the organisational parts to the customer: au-6.3, cm-7.1 a, policy-like statements', () => {
    expect(table.get('au-6.3')!.overall).toBe('customer');
    expect(table.get('cm-7.1')!.statements).toEqual([{ statementId: 'cm-7.1_smt.a', by: 'customer' }, { statementId: 'cm-7.1_smt.b', by: 'provider' }]);
    // ac-2 is account management: every item (types, managers, approvals, reviews) is the organisation's.
    expect(table.get('ac-2')!.statements.every((s) => s.by === 'customer')).toBe(true);
    expect(table.get('ac-7')!.overall).toBe('provider');
    // Every part not the product's alone says what the customer must do.
    for (const r of table.values()) if (r.overall !== 'provider') expect(r.customerPart, r.controlId).toMatch(/\w/);
  });

  it('statements come in document order', () => {
    expect(table.get('ac-8')!.statements.map((s) => s.statementId)).toEqual(['ac-8_smt.a', 'ac-8_smt.b', 'ac-8_smt.c']);
  });

  it('a control the table does not know is shared as a whole, never the product\'s alone', () => {
    const r = responsibilityOf(table, 'pe-3');
    expect(r.overall).toBe('shared');
    expect(r.unrecorded).toBe(true);
    expect(r.customerPart).toMatch(/records no split of pe-3/);
  });
});

describeWithShared('the responsibility table against NIST\'s rev5 catalog', () => {
  it('every statement id is a part of the control\'s statement, and the statement is covered: each item, or the whole', () => {
    const catalog = JSON.parse(readFileSync(join(sharedDir, 'oscal/nist-800-53-rev5/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json'), 'utf8')).catalog as Json;
    const controls = new Map<string, Json>();
    const walk = (list: Json[] = []) => list.forEach((c) => (controls.set(c.id, c), walk(c.controls)));
    for (const g of catalog.groups as Json[]) walk(g.controls);
    for (const r of table.values()) {
      const c = controls.get(r.controlId);
      if (!c) {
        // sc-45 and sc-45.1 are in no NIST baseline, hence in none of these catalogs: answered as a whole.
        expect(['sc-45', 'sc-45.1']).toContain(r.controlId);
        expect(r.statements).toEqual([]);
        continue;
      }
      const statement = (c.parts as Json[]).find((p) => p.name === 'statement')!;
      const ids = new Set<string>();
      const collect = (p: Json) => (ids.add(p.id), (p.parts ?? []).forEach(collect));
      collect(statement);
      const named = new Set(r.statements.map((s) => s.statementId));
      for (const id of named) expect(ids, `${r.controlId}: ${id}`).toContain(id);
      if (named.has(statement.id)) continue;
      const covered = (p: Json): boolean => {
        if (named.has(p.id)) return true;
        const items = (p.parts ?? []).filter((q: Json) => q.name === 'item');
        return items.length > 0 && items.every(covered);
      };
      for (const item of (statement.parts ?? []).filter((q: Json) => q.name === 'item')) expect(covered(item), `${r.controlId}: ${item.id} is split nowhere`).toBe(true);
    }
  });
});

describe('responsibility table errors name the file and the place', () => {
  const text = readFileSync(join(root, 'controls/responsibility.yaml'), 'utf8');
  const F = 'responsibility.yaml';
  it('parses the bundled table', () => expect(parseResponsibility(text, F).size).toBe(table.size));
  it('a statement of another control', () => {
    expectUserError(() => parseResponsibility('ac-7:\n  provider: [ac-8_smt.a]\n', F), F, /^\/ac-7\/provider\/0$/, /is not a statement id of ac-7/);
  });
  it('a statement twice', () => {
    expectUserError(() => parseResponsibility('ac-7:\n  provider: [ac-7_smt.a]\n  customer: [ac-7_smt.a]\n  customer-part: x\n', F), F, /^\/ac-7\/customer\/0$/, /listed twice/);
  });
  it('a customer part without saying what the customer does', () => {
    expectUserError(() => parseResponsibility('cm-7.1:\n  customer: [cm-7.1_smt.a]\n  provider: [cm-7.1_smt.b]\n', F), F, /^\/cm-7\.1\/customer-part$/, /"customer-part" is required/);
  });
  it('neither statements nor whole, or both', () => {
    expectUserError(() => parseResponsibility('ac-7:\n  customer-part: x\n', F), F, /^\/ac-7$/, /give the statements/);
    expectUserError(() => parseResponsibility('ac-7:\n  whole: provider\n  provider: [ac-7_smt]\n', F), F, /^\/ac-7\/whole$/, /not both/);
  });
  it('a misspelt key', () => {
    expectUserError(() => parseResponsibility('ac-7:\n  providers: [ac-7_smt]\n', F), F, /^\/ac-7\/providers$/, /unknown key/);
  });
});
