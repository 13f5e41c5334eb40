/**
 * The digest computation of RFC 7616 §3.4.1 (RFC 2617's, with SHA-256 and SHA-512/256 as RFC 8760
 * allows them for SIP). Every text is a binary string (one char per byte), the convention of
 * src/sip and the templates, so the bytes hashed are the bytes on the wire; AKA's password (RES)
 * is raw bytes and may hold any value.
 */
import { createHash } from 'node:crypto';

export interface DigestAlgorithm {
  /** Upper-case name as in `algorithm=` (`MD5`, `SHA-256-SESS`, `AKAV1-MD5`). */
  readonly name: string;
  /** node:crypto hash name. */
  readonly hash: string;
  /** `-sess`: A1 also binds the nonce and cnonce. */
  readonly sess: boolean;
  /** AKAv1-MD5 (RFC 3310): the password is the RES that Milenage derives from the nonce. */
  readonly aka: boolean;
  /** Higher is preferred when a server offers several. */
  readonly rank: number;
}

const ALGORITHMS: ReadonlyMap<string, DigestAlgorithm> = new Map(
  (
    [
      ['MD5', 'md5', false, false, 2],
      ['MD5-SESS', 'md5', true, false, 2],
      ['SHA-256', 'sha256', false, false, 3],
      ['SHA-256-SESS', 'sha256', true, false, 3],
      ['SHA-512-256', 'sha512-256', false, false, 4],
      ['SHA-512-256-SESS', 'sha512-256', true, false, 4],
      ['AKAV1-MD5', 'md5', false, true, 1],
    ] as const
  ).map(([name, hash, sess, aka, rank]) => [name, { name, hash, sess, aka, rank }]),
);

/** The algorithm an `algorithm=` value names (absent = MD5), undefined when unsupported. */
export function digestAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
  return ALGORITHMS.get((name ?? 'MD5').toUpperCase());
}

/** Hex digest of binary-string parts. */
export function digestHex(hash: string, data: string | Buffer): string {
  const h = createHash(hash);
  h.update(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  return h.digest('hex');
}

export interface DigestInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  /** The password, or AKA's RES (binary string). */
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** `auth`, `auth-int`, or '' for RFC 2069 style (no qop). */
  readonly qop: string;
  /** `00000001`..., '' without qop. */
  readonly nc: string;
  readonly cnonce: string;
  /** The message body (binary string), hashed for auth-int. */
  readonly body: string;
}

/** The `response=` value. */
export function digestResponse(d: DigestInput): string {
  const H = (s: string): string => digestHex(d.algorithm.hash, s);
  let ha1 = H(`${d.username}:${d.realm}:${d.password}`);
  if (d.algorithm.sess) ha1 = H(`${ha1}:${d.nonce}:${d.cnonce}`);
  const a2 = d.qop === 'auth-int' ? `${d.method}:${d.uri}:${H(d.body)}` : `${d.method}:${d.uri}`;
  const ha2 = H(a2);
  return d.qop === ''
    ? H(`${ha1}:${d.nonce}:${ha2}`)
    : H(`${ha1}:${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}:${ha2}`);
}

/** The qop a client uses for a challenge's `qop="..."` list: SIPp's choice, auth-int first. */
export function chooseQop(offered: string | undefined): string {
  if (offered === undefined) return '';
  const list = offered.split(',').map((q) => q.trim().toLowerCase());
  if (list.includes('auth-int')) return 'auth-int';
  if (list.includes('auth')) return 'auth';
  return '';
}
