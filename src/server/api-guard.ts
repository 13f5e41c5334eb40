/**
 * What every API request passes through, besides its route: security headers on every answer,
 * authentication (api-auth.ts) on every route but the open ones, the admin-only guard, and the
 * audit log of every mutating call (with internal auth, in the users database: who, what, when,
 * and the answer's status).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiAuth, Caller } from './api-auth.ts';
import { ApiError } from './api-error.ts';

export interface ApiEnv {
  Variables: {
    caller?: Caller;
    /** The login route's attempted username, for the audit row of an unauthenticated call. */
    auditName?: string;
    /** What the call changed, for its audit row (never a password). */
    auditDetail?: unknown;
  };
}

/** Routes open without a token (reference: auth status and login; the schema document). */
const OPEN_PATHS = new Set(['/api/v1/auth/status', '/api/v1/auth/login', '/api/v1/openapi.json']);

/**
 * JSON only, never framed, never cached, never sniffed as something else: an answer cannot be
 * turned into a page in a browser, and a token in a response stays out of caches.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export const securityHeaders: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
};

export function authenticate(auth: ApiAuth): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!OPEN_PATHS.has(c.req.path)) {
      // ?token= is the WebSocket's alone (api-server.ts): never read here.
      const result = await auth.check(c.req.header('authorization'), undefined);
      if (!result.ok) {
        c.header('WWW-Authenticate', 'Bearer');
        throw new ApiError(401, result.reason);
      }
      c.set('caller', result.caller);
    }
    await next();
  };
}

/** User management, secret rotation and the audit log: admins only (reference §B10 10.7). */
export const adminOnly: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const caller = c.get('caller');
  if (caller?.role !== 'admin')
    throw new ApiError(403, `${c.req.method} ${c.req.path} needs the admin role`);
  await next();
};

const MUTATING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/**
 * After the answer is made: a row that cannot be written (the database locked past its busy
 * timeout by a long `gossipper auth` transaction, a full disk) is reported on the log, and the
 * call's own answer stands.
 */
export function auditMutations(
  auth: ApiAuth,
  log: (line: string) => void,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    const store = auth.internal?.store;
    if (store === undefined || !MUTATING.has(c.req.method)) return;
    const caller = c.get('caller');
    const name = caller?.username ?? c.get('auditName');
    // Refused before anyone was identified (401): nothing to attribute, and a flood of them
    // would only grow the database.
    if (name === undefined) return;
    try {
      store.audit({ username: name, userId: caller?.userId }, c.req.method, c.req.path, {
        status: c.res.status,
        address: clientAddress(c),
        detail: c.get('auditDetail'),
      });
    } catch (err) {
      log(`API: audit row of ${c.req.method} ${c.req.path} not written: ${String(err)}`);
    }
  };
}

/**
 * The peer's address (node:http's socket through @hono/node-server); 'unknown' in-process. A
 * proxy's X-Forwarded-For is not trusted: any client could write one.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
