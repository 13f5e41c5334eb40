/**
 * A self-signed X.509 v3 certificate for labs (RFC 5280), built from DER by hand: Node has
 * key generation and signing but no certificate builder. ECDSA P-256 with SHA-256, which
 * every TLS stack of the last decade accepts. The certificate is its own CA
 * (basicConstraints CA:TRUE), so the same file serves as `-tls_cert` of a server and `-tls_ca`
 * of a client that should trust it; it is good for server and client authentication.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import * as der from './der.ts';

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export interface SelfSignedRequest {
  /** DNS names and IP addresses (v4 or v6) for subjectAltName; the first is the common name. */
  names: readonly string[];
  /** Validity from an hour before `now` (clock skew) to `days` after. */
  days: number;
  now: Date;
}

export interface SelfSigned {
  /** The certificate, PEM. */
  certPem: string;
  /** Its private key, PKCS#8 PEM. */
  keyPem: string;
}

export function selfSignedCertificate(req: SelfSignedRequest): SelfSigned {
  if (req.names.length === 0) throw new Error('a certificate needs at least one name');
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
  const name = der.sequence(
    der.set(der.sequence(der.oid(OID.organization), der.utf8String('Gossipper lab'))),
    der.set(der.sequence(der.oid(OID.commonName), der.utf8String(req.names[0]))),
  );
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive, at most 20 octets (RFC 5280 §4.1.2.2)
  const notBefore = new Date(req.now.getTime() - 3600_000);
  const notAfter = new Date(req.now.getTime() + req.days * 86_400_000);
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    spki,
    der.explicit(3, der.sequence(...extensions(req.names, keyId))),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const cert = der.sequence(tbs, algorithm, der.bitString(signature));
  return {
    certPem: pem('CERTIFICATE', cert),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function extensions(names: readonly string[], keyId: Buffer): Buffer[] {
  const altNames = names.map((n) => {
    const family = isIP(n);
    if (family === 0) return der.implicitPrimitive(2, Buffer.from(n, 'latin1')); // dNSName
    return der.implicitPrimitive(7, ipBytes(n, family)); // iPAddress
  });
  return [
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, the last 2 bits unused.
    extension(OID.keyUsage, true, der.bitString(Buffer.from([0x84]), 2)),
    extension(
      OID.extKeyUsage,
      false,
      der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth)),
    ),
    extension(OID.subjectAltName, false, der.sequence(...altNames)),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)),
    extension(
      OID.authorityKeyIdentifier,
      false,
      der.sequence(der.implicitPrimitive(0, keyId)), // keyIdentifier [0]
    ),
  ];
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(id), der.octetString(value));
}

/** The BIT STRING contents of a SubjectPublicKeyInfo (what a key identifier hashes). */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  // SPKI = SEQUENCE { AlgorithmIdentifier, BIT STRING }; the BIT STRING ends the structure.
  // For P-256 it is 66 bytes: tag, length, unused-bits octet, 65-byte point.
  return spki.subarray(spki.length - 65);
}

function ipBytes(ip: string, family: number): Buffer {
  if (family === 4) return Buffer.from(ip.split('.').map(Number));
  // Expand `::` and split into 8 groups of 16 bits.
  const [head, tail = ''] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' || tail === undefined ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
    : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
