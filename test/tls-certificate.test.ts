// TLS-CERTIFICATE passed on a certificate the values do not prove good: a self-signed node
// certificate the console trusts (issuer = subject, trustedIssuer true), and an "EC" key of 4096
// bits (no curve is larger than P-521: not collected since 42656e4, the size being no curve's). MR-01's sample snapshot with its certificate replaced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { ROOT } from './support/cli-scratch.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'TLS-CERTIFICATE')!;
const SAMPLE = join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json');

function withCertificate(cert: Record<string, unknown>) {
  const doc = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  doc.encryption.certificates = [{ ...doc.encryption.certificates[0], ...cert }];
  const { snapshot } = readSnapshot(Buffer.from(JSON.stringify(doc)), 'cert.json');
  return evaluateCheck(check, snapshot, params, { now: '2026-11-02T18:00:00Z' });
}

describe('TLS-CERTIFICATE on certificates the values do not prove good', () => {
  it('the premise: the sample\'s CA-issued RSA 2048 certificate passes', () => {
    expect(withCertificate({}).status).toBe('pass');
  });

  it('self-signed (issuer = subject, spelled in another case) though trusted: fails', () => {
    const doc = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    const subject = doc.encryption.certificates[0].subject as string;
    const r = withCertificate({ issuer: subject.toLowerCase(), trustedIssuer: true });
    expect(r.status).toBe('fail');
  });

  it('an ECDSA key of 4096 bits never passes: no curve has that size, so its strength is unknown (not collected); P-384 passes', () => {
    const r = withCertificate({ keyAlgorithm: 'ECDSA', keySize: 4096 });
    expect(r.status).toBe('not-collected');
    expect(JSON.stringify(r)).toMatch(/4096 bits: no standard curve/);
    expect(withCertificate({ keyAlgorithm: 'ECDSA', keySize: 384 }).status).toBe('pass');
  });
});
