// Ingest messages quote a line shortened to 60 or 80 characters, and copies of the secrets a
// snapshot holds are masked in them afterwards: a copy the shortening cut no longer matched the
// secret, and its start showed ("…Password=S3cr3t-4"). The cut is now marked, and the start of a
// secret right before the mark is masked too.
import { describe, expect, it } from 'vitest';
import { cutForMessage, maskSecretCopies, REDACTED } from '../src/snapshot/secrets.js';

const SECRET = 'S3cr3t-4242-xyzzy';

describe('a copy of a secret cut by a message', () => {
  it('a line cut inside a copy: the copy\'s start is masked, whatever cut it (… or ...)', () => {
    const line = `"HKLM\\\\Software\\\\Acme\\\\Station"="connect as svc with ${SECRET} then retry"`;
    const at = line.indexOf(SECRET) + 6;
    const cut = cutForMessage(line, at);
    expect(cut).toContain('S3cr3t');
    const shown = maskSecretCopies(`expected a value line, found ${JSON.stringify(cut)}`, [SECRET]);
    expect(shown).not.toContain('S3cr3t');
    expect(shown).toContain(`${REDACTED}…`);
    expect(maskSecretCopies(`${line.slice(0, at)}...`, [SECRET])).not.toContain('S3cr3t');
  });

  it('a whole copy is masked as before; text that merely shares two characters with a secret is not', () => {
    expect(maskSecretCopies(`found ${SECRET} here`, [SECRET])).toBe(`found ${REDACTED} here`);
    expect(maskSecretCopies('the line ends S3…', [SECRET])).toBe('the line ends S3…');
  });

  it('cutForMessage marks only what it cut', () => {
    expect(cutForMessage('short', 60)).toBe('short');
    expect(cutForMessage('x'.repeat(61), 60)).toBe(`${'x'.repeat(60)}…`);
  });
});
