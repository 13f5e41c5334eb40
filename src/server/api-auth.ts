/**
 * Who may call the API. Three modes (reference §B6 6.15): open (no auth configured), the legacy
 * `-api_token` (one shared bearer token, whoever holds it may do everything), and internal users
 * (flat JSON `auth`, src/users/): an HS256 login token whose user's role decides. A token is
 * read from `Authorization: Bearer` on every route; `?token=` only on the /live WebSocket, where
 * a browser cannot set headers (api-server.ts): in a URL it ends up in logs and histories.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InternalAuth, Role } from '../users/index.ts';

/** Who is calling, for role checks and the audit log. */
export interface Caller {
  readonly username: string;
  readonly role: Role;
  readonly userId?: number;
}

export type AuthCheck =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly reason: string };

export interface ApiAuth {
  /** `{"auth": ...}` of GET /auth/status. */
  readonly kind: 'none' | 'internal';
  /** True when anyone who reaches the port may do everything. */
  readonly isOpen: boolean;
  /** Checks a request's `Authorization` header, or the WebSocket's `?token=`. */
  check(authorization: string | undefined, queryToken: string | undefined): Promise<AuthCheck>;
  /** Internal users (login, user management, audit); undefined in the other modes. */
  readonly internal?: InternalAuth;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The token of `Authorization: Bearer <t>`, else the query's; undefined when neither. */
export function presentedToken(
  authorization: string | undefined,
  queryToken: string | undefined,
): string | undefined {
  const bearer = /^Bearer +(.+)$/i.exec(authorization ?? '');
  if (bearer !== null) return bearer[1].trim();
  return queryToken;
}

const MISSING = 'missing or wrong API token (Authorization: Bearer <token>)';

/**
 * The legacy `-api_token`, or none (open). Both sides are hashed before the compare, so the
 * constant-time compare sees equal lengths and the token's length does not leak either.
 */
export function legacyTokenAuth(token: string | undefined): ApiAuth {
  if (token === undefined) {
    const anyone: AuthCheck = { ok: true, caller: { username: 'anonymous', role: 'admin' } };
    return { kind: 'none', isOpen: true, check: () => Promise.resolve(anyone) };
  }
  const expected = digest(token);
  const holder: AuthCheck = { ok: true, caller: { username: 'api_token', role: 'admin' } };
  return {
    kind: 'none',
    isOpen: false,
    check(authorization, queryToken) {
      const given = presentedToken(authorization, queryToken);
      const isMatch = given !== undefined && timingSafeEqual(digest(given), expected);
      return Promise.resolve(isMatch ? holder : { ok: false, reason: MISSING });
    },
  };
}

/** Internal users: a login token (POST /api/v1/auth/login), checked against the database. */
export function internalTokenAuth(internal: InternalAuth): ApiAuth {
  return {
    kind: 'internal',
    isOpen: false,
    internal,
    async check(authorization, queryToken) {
      const given = presentedToken(authorization, queryToken);
      if (given === undefined)
        return { ok: false, reason: 'missing token (Authorization: Bearer <token>)' };
      const result = await internal.verify(given);
      if (!result.ok) return { ok: false, reason: result.reason };
      const { username, role, userId } = result.principal;
      return { ok: true, caller: { username, role, userId } };
    },
  };
}
