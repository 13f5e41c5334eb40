/**
 * Password hashes: scrypt (node:crypto) with its cost parameters written into every hash string,
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url), so the parameters can be raised later and
 * a hash made with older ones recognised and upgraded at the next successful login. Hashing runs
 * off the main thread (the callback form of scrypt), so a login does not stall the engine.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB and ~50–100 ms per hash on a small server core. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1 };
/**
 * Shorter passwords are refused: NIST SP 800-63B's floor for memorized secrets, and the
 * reference's own minimum (§B10 10.2), so its users' passwords keep working.
 */
export const MIN_PASSWORD_LENGTH = 8;
/** Longer passwords are refused too: a megabyte "password" would only cost us CPU. */
export const MAX_PASSWORD_LENGTH = 1024;

const SALT_BYTES = 16;
/** Salt of verifyNobody's throw-away derivation (its result is never compared). */
const DUMMY_SALT = Buffer.alloc(SALT_BYTES, 0x5a);
const KEY_BYTES = 32;
/** Upper bounds accepted when reading a hash, so a forged row cannot ask for gigabytes. */
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return `a password needs at least ${MIN_PASSWORD_LENGTH} characters (got ${length})`;
  if (length > MAX_PASSWORD_LENGTH)
    return `a password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r * params.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export function parseHash(text: string): ParsedHash | undefined {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : NaN));
  const isPowerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  if (!isPowerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P))
    return undefined;
  const salt = Buffer.from(parts[4], 'base64url');
  const key = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || key.length !== KEY_BYTES) return undefined;
  return { params: { N, r, p }, salt, key };
}

/** True when the password matches; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Spends the time of one verification and answers false: a login for an unknown user costs what
 * a wrong password costs, so the answer's timing does not tell which usernames exist.
 */
export async function verifyNobody(password: string, params: ScryptParams): Promise<false> {
  await derive(password, DUMMY_SALT, params);
  return false;
}

/** True when the hash was made with other parameters than `params` (so it is re-hashed). */
export function needsRehash(hash: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(hash);
  if (parsed === undefined) return true;
  const { N, r, p } = parsed.params;
  return N !== params.N || r !== params.r || p !== params.p;
}
