/**
 * Internal auth as the server uses it: the user store, the token service and the login limiter
 * behind one object. A login answers the same error, after the same work (one scrypt), for an
 * unknown user and a wrong password.
 */
import type { InternalAuthConfig } from '../config/index.ts';
import type { Actor } from './audit-log.ts';
import { LoginLimiter } from './login-limiter.ts';
import type { LoginLimiterOptions } from './login-limiter.ts';
import type { ScryptParams } from './password-hash.ts';
import { TokenService } from './token-service.ts';
import type { IssuedToken, TokenCheck } from './token-service.ts';
import { UserStore } from './user-store.ts';
import type { User } from './user-store.ts';

export interface InternalAuthOptions {
  readonly nowMs?: () => number;
  /** Tests: cheaper hashes. */
  readonly scrypt?: ScryptParams;
  /** Tests: other thresholds. */
  readonly limiter?: Omit<LoginLimiterOptions, 'nowMs'>;
  /** How a slowed attempt waits (tests: no real wait). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type LoginResult =
  | { readonly ok: true; readonly token: IssuedToken; readonly user: User }
  | {
      readonly ok: false;
      readonly status: 401 | 429;
      readonly error: string;
      readonly retryAfterS?: number;
    };

/** One sentence for every failed login: it must not tell a wrong name from a wrong password. */
export const LOGIN_FAILED = 'wrong username or password';

export class InternalAuth {
  readonly store: UserStore;
  readonly tokens: TokenService;
  private readonly limiter: LoginLimiter;
  private readonly sleep: (ms: number) => Promise<void>;

  private constructor(store: UserStore, config: InternalAuthConfig, options: InternalAuthOptions) {
    const nowMs = options.nowMs ?? Date.now;
    this.store = store;
    this.tokens = new TokenService(store, {
      jwtSecret: config.jwtSecret,
      tokenTtlS: config.tokenTtlS,
      nowMs,
    });
    this.limiter = new LoginLimiter({ ...options.limiter, nowMs });
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Opens the database (loading better-sqlite3) and makes sure a signing secret exists. */
  static open(config: InternalAuthConfig, options: InternalAuthOptions = {}): InternalAuth {
    const store = UserStore.open(config.sqlitePath, {
      nowMs: options.nowMs,
      scrypt: options.scrypt,
    });
    const auth = new InternalAuth(store, config, options);
    auth.tokens.ensureSecret();
    return auth;
  }

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const gate = this.limiter.admit(address, username);
    if (!gate.allowed) {
      const retryAfterS = Math.max(1, Math.ceil(gate.retryAfterMs / 1000));
      return {
        ok: false,
        status: 429,
        error: `too many failed logins: retry in ${retryAfterS} s`,
        retryAfterS,
      };
    }
    try {
      if (gate.delayMs > 0) await this.sleep(gate.delayMs);
      const user = await this.store.checkPassword(username, password);
      if (user === undefined) {
        this.limiter.recordFailure(address, username);
        return { ok: false, status: 401, error: LOGIN_FAILED };
      }
      this.limiter.recordSuccess(username);
      return { ok: true, token: await this.tokens.issueToken(user), user };
    } finally {
      gate.release();
    }
  }

  verify(token: string): Promise<TokenCheck> {
    return this.tokens.verifyToken(token);
  }

  /** A new random secret: every token issued so far is refused from now on. */
  rotateSecret(actor: Actor): void {
    this.tokens.rotateSecret(actor);
  }

  close(): void {
    this.store.close();
  }
}
