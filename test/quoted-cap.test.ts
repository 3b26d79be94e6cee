// A refusal quoting a user's value quotes at most its first MAX_QUOTED_CHARS characters and says how long it is:
// a 200,000-character firewall profile Name made a 200,096-character message. The cut never splits an escape, a
// surrogate pair or a mask, and the value is masked whole before it is cut.
import { describe, expect, it } from 'vitest';
import { recognise, type ExportInput } from '../src/ingest/index.js';
import { UserError } from '../src/io/errors.js';
import { MAX_QUOTED_CHARS, quoted, REDACTED } from '../src/snapshot/secrets.js';
import { sha256 } from './ingest/fixture-folder.js';

const LENGTH_NOTE = / \((\d+) characters\)$/;

describe('quoted caps a long value', () => {
  it('a short value is quoted whole, as before', () => {
    expect(quoted('Domain')).toBe('"Domain"');
    expect(quoted('x'.repeat(MAX_QUOTED_CHARS - 2))).toBe(JSON.stringify('x'.repeat(MAX_QUOTED_CHARS - 2)));
  });

  it('a 200,000-character value: its start, "…", the closing quote and its length', () => {
    const q = quoted('A'.repeat(200_000));
    expect(q.length).toBeLessThan(MAX_QUOTED_CHARS + 40);
    expect(q.startsWith('"AAAA')).toBe(true);
    expect(q).toMatch(/A…" \(200000 characters\)$/);
  });

  it('never splits a surrogate pair: the length counts characters, not UTF-16 units', () => {
    for (let pad = 0; pad < 4; pad++) {
      const q = quoted('a'.repeat(pad) + '😀'.repeat(500));
      const body = q.replace(LENGTH_NOTE, '');
      expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(q.match(LENGTH_NOTE)?.[1]).toBe(String(pad + 500));
    }
  });

  it('never splits an escape ("\\u0001", "\\"")', () => {
    for (let pad = 0; pad < 6; pad++) {
      const q = quoted('a'.repeat(pad) + '\u0001"'.repeat(200));
      const body = q.replace(LENGTH_NOTE, '');
      // Without the "…" and the quote added, what remains is JSON text read back whole.
      expect(() => JSON.parse(body.replace(/…"$/, '"'))).not.toThrow();
    }
  });

  it('never cuts a mask, nor shows what was masked', () => {
    const secret = 'Zq8#Lm2!Vx7$Pw4';
    for (let pad = 180; pad < 200; pad++) {
      const q = quoted(`${'n'.repeat(pad)} password=${secret} ${'n'.repeat(400)}`);
      expect(q).not.toContain(secret.slice(0, 3));
      const body = q.replace(LENGTH_NOTE, '');
      // A "[" near the end is either a whole mask or none at all.
      expect(body).not.toMatch(/\[[A-Z]{0,8}…/);
      if (body.includes('[')) expect(body).toContain(REDACTED);
    }
  });

  it('a list or object is cut too, and a secret key in it stays masked', () => {
    const q = quoted({ name: 'n'.repeat(300), bindPassword: 'hunter2hunter2' });
    expect(q.length).toBeLessThan(MAX_QUOTED_CHARS + 40);
    expect(q).not.toContain('hunter2');
    expect(q).toMatch(/…(?!") \(\d+ characters\)$/);
  });

  it('ingest: a firewall profile Name of 200,000 characters is refused with a short message naming file and line', () => {
    const text = `"Name","Enabled","DefaultInboundAction","DefaultOutboundAction","LogAllowed","LogBlocked","LogMaxSizeKilobytes","LogFileName"\r\n"${'P'.repeat(200_000)}","True","Block","Allow","False","True","16384","x.log"\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    const input: ExportInput = { name: 'firewall-profiles.csv', bytes, sha256: sha256(bytes) };
    let err: unknown;
    try {
      const r = recognise(input);
      if (!('parser' in r)) throw new Error('not recognised as a firewall profiles export');
      r.parser.parse(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = String((err as Error).message) + JSON.stringify(err);
    expect((err as Error).message).toContain('profile Name');
    expect((err as Error).message).toContain('(200000 characters)');
    expect((err as Error).message.length).toBeLessThan(600);
    expect(msg).toContain('firewall-profiles.csv');
  });
});
