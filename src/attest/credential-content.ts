// What a file is by its content, when it is a key or a credential store: an attestation's evidence
// file is copied into the package byte for byte, and a binary file cannot be masked line by line
// as text is, so a key or credential store is recognised by its signature, whatever its name
// (a ".pdf" named PKCS#12 file is still a PKCS#12 file). Pure. See docs/attestations.md.

/** The kind of key or credential store the bytes are, or undefined. */
export function credentialKind(bytes: Buffer): string | undefined {
  return magicKind(bytes) ?? derKind(bytes) ?? textKind(bytes);
}

function startsWith(bytes: Buffer, hex: string, at = 0): boolean {
  const sig = Buffer.from(hex, 'hex');
  return bytes.length >= at + sig.length && bytes.subarray(at, at + sig.length).equals(sig);
}

/** File formats with a magic number at their start. */
function magicKind(b: Buffer): string | undefined {
  // KeePass: 03 D9 A2 9A, then 65/66/67 FB 4B B5 (pre-release, KeePass 1 .kdb, KDBX 2 to 4).
  if (startsWith(b, '03d9a29a') && b.length >= 8 && [0x65, 0x66, 0x67].includes(b[4]!) && startsWith(b, 'fb4bb5', 5)) return 'a KeePass password database';
  // Every Windows registry hive (SAM, SECURITY, SYSTEM, NTUSER.DAT) starts with "regf": SAM and SECURITY hold password hashes and LSA secrets.
  if (startsWith(b, '72656766')) return 'a Windows registry hive';
  // Java keystores (JKS, JCEKS).
  if (startsWith(b, 'feedfeed') || startsWith(b, 'cececece')) return 'a Java keystore';
  // OpenSSH's binary private key format (what the PEM-armoured "OPENSSH PRIVATE KEY" holds).
  if (b.subarray(0, 15).toString('latin1') === 'openssh-key-v1\0') return 'an OpenSSH private key';
  return undefined;
}

/** The length of a DER element at `at`: [header length, content length], or undefined. */
function derLength(b: Buffer, at: number): [number, number] | undefined {
  const first = b[at + 1];
  if (first === undefined) return undefined;
  if (first < 0x80) return [2, first];
  // 0x80: BER's indefinite length (some PKCS#12 writers use it).
  if (first === 0x80) return [2, b.length - at - 2];
  const n = first & 0x7f;
  if (n > 4 || at + 2 + n > b.length) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i]!;
  return [2 + n, len];
}

// OID prefixes (DER content bytes): PKCS#5 (PBES1/PBES2) and PKCS#12 password-based encryption.
const PBE_OIDS = ['2a864886f70d0105', '2a864886f70d010c01'];

/**
 * DER-encoded private keys and PKCS#12 (.pfx/.p12): the whole file one SEQUENCE whose first
 * element is the version INTEGER 0, 1 or 3 (PKCS#8 PrivateKeyInfo and OneAsymmetricKey, PKCS#1
 * RSAPrivateKey, SEC1 ECPrivateKey, DSA, PKCS#12 PFX), or an encrypted PKCS#8 key (a SEQUENCE
 * opening with a password-based encryption algorithm). A certificate, a CRL or a signed PKCS#7
 * opens otherwise (a SEQUENCE or an OID) and is not taken for a key.
 */
function derKind(b: Buffer): string | undefined {
  if (b[0] !== 0x30) return undefined;
  const outer = derLength(b, 0);
  if (!outer || outer[0] + outer[1] > b.length) return undefined;
  const at = outer[0];
  if (b[at] === 0x02 && b[at + 1] === 0x01 && [0, 1, 3].includes(b[at + 2]!)) {
    return b[at + 2] === 3 ? 'a PKCS#12 key store' : 'a DER-encoded private key';
  }
  if (b[at] === 0x30) {
    const inner = derLength(b, at);
    const oidAt = inner ? at + inner[0] : -1;
    if (inner && b[oidAt] === 0x06) {
      const oidLen = b[oidAt + 1] ?? 0;
      const oid = b.subarray(oidAt + 2, oidAt + 2 + oidLen).toString('hex');
      if (PBE_OIDS.some((p) => oid.startsWith(p))) return 'an encrypted PKCS#8 private key';
    }
  }
  return undefined;
}

// A line whose second field is a crypt(3) hash, as /etc/shadow, passwd and htpasswd write them
// ($1$ MD5, $2b$ bcrypt, $5$/$6$ SHA, $y$ yescrypt, $apr1$, Argon2).
const CRYPT_HASH_LINE = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?:\$(?:1|2[abxy]?|5|6|7|y|gy|sha1|md5|apr1|argon2(?:i|d|id))\$[^:\s]+(?::|$)/m;
// An /etc/shadow line, whatever its password field (locked "!" or "*" too): name, password, the
// day of the last change (always written), six more day counts or blanks and nothing more.
const SHADOW_LINE = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?:[^:\s]*:\d+:\d*:\d*:\d*:\d*:\d*:\d*$/m;

/**
 * Text forms the line-by-line masking of text does not read as a secret: the PEM armour of a
 * private key anywhere in the bytes (a binary file may carry one), a PuTTY key, and lines of an
 * /etc/shadow, passwd or htpasswd file that carry a password hash.
 */
function textKind(b: Buffer): string | undefined {
  const latin = b.toString('latin1');
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.test(latin)) return 'a private key';
  if (latin.startsWith('PuTTY-User-Key-File-')) return 'a PuTTY private key';
  if (CRYPT_HASH_LINE.test(latin) || SHADOW_LINE.test(latin.replace(/\r/g, ''))) return 'a password hash file (/etc/shadow, passwd or htpasswd)';
  return undefined;
}
