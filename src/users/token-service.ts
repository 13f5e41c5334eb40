/**
 * API tokens: HS256 JWTs (jose, loaded when first needed) with the reference's claims (§B10
 * 10.5: `iss` gossipper, `sub` the username, `uid`, `role`, `iat`, `exp`), plus `ver`, the
 * user's session epoch, so a password or role change ends the user's older tokens. Every
 * verification re-reads the secret and the user from the database, so a rotation or a deletion
 * done by another process (`gossipper auth ...` while the server runs) takes effect at once.
 * Only HS256 is accepted: no `alg: none`, no RS/ES confusion.
 *
 * The secret in force: the configured `jwt_secret`, unless a rotation since replaced that very
 * value (the database remembers a digest of the secret it replaced; editing the JSON to a new
 * secret therefore wins again); without a configured one, the random one in the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GossipperError } from '../errors.ts';
import type { Actor } from './audit-log.ts';
import type { Role, User, UserStore } from './user-store.ts';

export const TOKEN_ISSUER = 'gossipper';
const ALGORITHM = 'HS256';
/** A token longer than this is refused unread. */
const MAX_TOKEN_CHARS = 4096;
const SECRET_KEY = 'jwt_secret';
const REPLACES_KEY = 'jwt_secret_replaces';

export interface IssuedToken {
  readonly token: string;
  /** Unix seconds, as the reference answers it. */
  readonly expires_at: number;
  readonly token_type: 'Bearer';
}

/** Who a valid token stands for (role as stored now, not as it was when the token was made). */
export interface Principal {
  readonly userId: number;
  readonly username: string;
  readonly role: Role;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: string };

export interface TokenOptions {
  /** The configured `jwt_secret` (already checked to be at least 32 bytes). */
  readonly jwtSecret?: string;
  readonly tokenTtlS: number;
  readonly nowMs?: () => number;
}

/** jose only once a token is made or checked: never in the start-up snapshot. */
function loadJose(): Promise<typeof import('jose')> {
  return import('jose');
}

function digestOf(secret: string | undefined): string {
  return secret === undefined ? '' : createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** 256 random bits, hex. */
export function randomSecret(): string {
  return randomBytes(32).toString('hex');
}

export class TokenService {
  private readonly store: UserStore;
  private readonly options: TokenOptions;
  private readonly nowMs: () => number;

  constructor(store: UserStore, options: TokenOptions) {
    this.store = store;
    this.options = options;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Stores a random secret when none is configured and none is stored yet; true if it did. */
  ensureSecret(): boolean {
    if (this.options.jwtSecret !== undefined || this.store.getSetting(SECRET_KEY) !== undefined)
      return false;
    this.store.setSettings({ [SECRET_KEY]: randomSecret(), [REPLACES_KEY]: '' });
    return true;
  }

  /** The secret tokens are signed and checked with right now. */
  currentSecret(): string {
    const configured = this.options.jwtSecret;
    const stored = this.store.getSetting(SECRET_KEY);
    if (configured !== undefined) {
      const replaced =
        stored !== undefined && this.store.getSetting(REPLACES_KEY) === digestOf(configured);
      return replaced ? stored : configured;
    }
    if (stored === undefined)
      throw new GossipperError('RUN_FATAL', `users database ${this.store.path}: no JWT secret yet`);
    return stored;
  }

  /** A new random secret: every token issued before is refused from now on. */
  rotateSecret(actor: Actor): void {
    this.store.setSettings(
      { [SECRET_KEY]: randomSecret(), [REPLACES_KEY]: digestOf(this.options.jwtSecret) },
      { actor, action: 'auth.rotate_secret' },
    );
  }

  async issueToken(user: User): Promise<IssuedToken> {
    const { SignJWT } = await loadJose();
    const nowS = Math.floor(this.nowMs() / 1000);
    const expS = nowS + this.options.tokenTtlS;
    const token = await new SignJWT({ uid: user.id, role: user.role, ver: user.sessionEpoch })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(user.username)
      .setIssuedAt(nowS)
      .setExpirationTime(expS)
      .sign(this.key());
    return { token, expires_at: expS, token_type: 'Bearer' };
  }

  async verifyToken(token: string): Promise<TokenCheck> {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS)
      return { ok: false, reason: 'malformed token' };
    const { jwtVerify, errors } = await loadJose();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key(), {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        requiredClaims: ['sub', 'uid', 'iat', 'exp', 'role', 'ver'],
        currentDate: new Date(this.nowMs()),
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { ok: false, reason: 'token expired' };
      return { ok: false, reason: 'invalid token' };
    }
    const id = payload.uid;
    const user =
      typeof id === 'number' && Number.isSafeInteger(id) ? this.store.findById(id) : undefined;
    // A deleted user's id is never reused (AUTOINCREMENT), but check the name all the same.
    if (user === undefined || user.username.toLowerCase() !== String(payload.sub).toLowerCase())
      return { ok: false, reason: "the token's user no longer exists" };
    if (payload.ver !== user.sessionEpoch)
      return { ok: false, reason: 'token revoked (the password or role changed)' };
    return {
      ok: true,
      principal: {
        userId: user.id,
        username: user.username,
        role: user.role,
        expiresAt: Number(payload.exp) * 1000,
      },
    };
  }

  private key(): Uint8Array {
    return new TextEncoder().encode(this.currentSecret());
  }
}
