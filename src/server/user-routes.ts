/**
 * The routes of internal auth (reference §B6 6.13–6.14, §B10): login, who am I, and, for admins
 * only, the users (`/api/v1/users` CRUD), the audit log and the JWT secret's rotation. Without
 * internal auth, login and the admin routes answer 404 naming why.
 */
import type { Context, Hono } from 'hono';
import { GossipperError } from '../errors.ts';
import type { InternalAuth, User } from '../users/index.ts';
import { usernameProblem } from '../users/index.ts';
import type { ApiAuth } from './api-auth.ts';
import { readJsonBody } from './api-body.ts';
import { ApiError } from './api-error.ts';
import { adminOnly, clientAddress } from './api-guard.ts';
import type { ApiEnv } from './api-guard.ts';
import { LoginRequest, UserCreateRequest, UserUpdateRequest } from './api-schemas.ts';

export const USER_PATHS = [
  '/api/v1/auth/me',
  '/api/v1/auth/rotate-secret',
  '/api/v1/users',
  '/api/v1/users/:username',
  '/api/v1/audit',
];

function userView(user: User): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    created_at: new Date(user.createdAt).toISOString(),
    updated_at: new Date(user.updatedAt).toISOString(),
  };
}

function internalOf(auth: ApiAuth): InternalAuth {
  if (auth.internal === undefined)
    throw new ApiError(
      404,
      'internal auth is not enabled: there are no users (see docs/security.md)',
    );
  return auth.internal;
}

/** The store's refusals as API answers: 400 for a bad value, 404 for an unknown user. */
async function storeCall<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof GossipperError && err.code === 'USER_INVALID')
      throw new ApiError(400, err.message);
    if (err instanceof GossipperError && err.code === 'USER_NOT_FOUND')
      throw new ApiError(404, err.message);
    if (err instanceof GossipperError && err.code === 'USER_EXISTS')
      throw new ApiError(409, `${err.message}: PUT /api/v1/users/<name> changes it`);
    throw err;
  }
}

function pathUsername(c: Context<ApiEnv>): string {
  const name = c.req.param('username') ?? '';
  if (usernameProblem(name) !== undefined)
    throw new ApiError(404, `no user "${name.slice(0, 80)}"`);
  return name;
}

function actorOf(c: Context<ApiEnv>): { username: string; userId?: number } {
  const caller = c.get('caller');
  return { username: caller?.username ?? 'anonymous', userId: caller?.userId };
}

export function addUserRoutes(app: Hono<ApiEnv>, auth: ApiAuth): void {
  app.post('/api/v1/auth/login', async (c) => {
    const body = await readJsonBody(c, LoginRequest);
    const internal = internalOf(auth);
    c.set('auditName', body.username.slice(0, 64));
    const result = await internal.login(body.username, body.password, clientAddress(c));
    if (!result.ok) {
      if (result.retryAfterS !== undefined) c.header('Retry-After', String(result.retryAfterS));
      throw new ApiError(result.status, result.error);
    }
    return c.json(result.token);
  });

  app.get('/api/v1/auth/me', (c) => {
    const caller = c.get('caller');
    return c.json({ auth: auth.kind, username: caller?.username, role: caller?.role });
  });

  app.post('/api/v1/auth/rotate-secret', adminOnly, (c) => {
    internalOf(auth).rotateSecret(actorOf(c));
    return c.json({
      rotated: true,
      warning: 'every token issued before is refused from now on, yours included: log in again',
    });
  });

  app.get('/api/v1/users', adminOnly, (c) =>
    c.json({ users: internalOf(auth).store.listUsers().map(userView) }),
  );
  app.post('/api/v1/users', adminOnly, async (c) => {
    const store = internalOf(auth).store;
    const body = await readJsonBody(c, UserCreateRequest);
    c.set('auditDetail', { username: body.username, role: body.role });
    const user = await storeCall(() =>
      store.addUser(body.username, body.password, body.role ?? 'operator', actorOf(c)),
    );
    return c.json(userView(user), 201);
  });
  app.get('/api/v1/users/:username', adminOnly, (c) => {
    const user = internalOf(auth).store.findByName(pathUsername(c));
    if (user === undefined) throw new ApiError(404, `no user "${c.req.param('username')}"`);
    return c.json(userView(user));
  });
  app.put('/api/v1/users/:username', adminOnly, async (c) => {
    const store = internalOf(auth).store;
    const name = pathUsername(c);
    const body = await readJsonBody(c, UserUpdateRequest);
    c.set('auditDetail', {
      role: body.role,
      password: body.password === undefined ? 'same' : 'changed',
    });
    if (body.password === undefined && body.role === undefined)
      throw new ApiError(400, 'nothing to change: give "password", "role" or both');
    const { password, role } = body;
    // One transaction sets both; a user deleted meanwhile is a 404, never created again.
    const user = await storeCall(() => store.changeUser(name, { password, role }, actorOf(c)));
    return c.json(userView(user));
  });
  app.delete('/api/v1/users/:username', adminOnly, async (c) => {
    const store = internalOf(auth).store;
    const user = await storeCall(() => store.deleteUser(pathUsername(c), actorOf(c)));
    return c.json({ deleted: user.username });
  });

  app.get('/api/v1/audit', adminOnly, (c) => {
    const limit = Number(c.req.query('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new ApiError(400, '"limit" must be an integer from 1 to 10000');
    const entries = internalOf(auth)
      .store.listAudit(limit)
      .map((row) => ({
        id: row.id,
        ts: new Date(row.ts).toISOString(),
        user_id: row.userId,
        username: row.username,
        action: row.action,
        target: row.target,
        payload: row.payloadJson === null ? null : (JSON.parse(row.payloadJson) as unknown),
      }));
    return c.json({ entries });
  });
}
