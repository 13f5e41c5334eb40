// Role checks on every route over real HTTP (the list is checked against the app's own routes):
// operators read and control (stats, scenario, control, transports, clients, live), only admins
// manage users, read the audit log and rotate the secret; anyone without a token gets 401
// everywhere but the open routes. Also: users CRUD, the audit rows of mutating calls, and the
// security headers on every answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineRegistry, createApiApp, legacyTokenAuth } from '../../src/server/index.ts';
import { StatsCache } from '../../src/server/stats-cache.ts';
import { answering, call } from './api-fixture.ts';
import { ADMIN, OPERATOR, bearer, startAuthFixture } from './auth-fixture.ts';

interface RouteCase {
  readonly method: string;
  readonly path: string;
  readonly body?: { type: string; text: string };
  /** Who may: 'any' (open), 'operator' (and admin), 'admin'. */
  readonly who: 'any' | 'operator' | 'admin';
  /** The answer to a caller who may (200 unless said). */
  readonly ok?: number;
}

const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });

/** A UAC engine that places no call (rate 0), its SIP socket on loopback. */
const CLIENT_BODY = json({
  scenario_name: 'uac',
  remote_addr: '127.0.0.1:9',
  local_ip: '127.0.0.1',
  rate: 0,
});

/**
 * Every route the API serves, in an order an admin can run top to bottom (the last one, the
 * rotation, ends every token). The first test checks this list against the app's own routes.
 */
const ROUTES: readonly RouteCase[] = [
  { method: 'GET', path: '/auth/status', who: 'any' },
  { method: 'POST', path: '/auth/login', body: json(OPERATOR), who: 'any' },
  { method: 'GET', path: '/openapi.json', who: 'any' },
  { method: 'GET', path: '/health', who: 'operator' },
  { method: 'GET', path: '/stats', who: 'operator' },
  { method: 'GET', path: '/scenario', who: 'operator' },
  {
    method: 'PUT',
    path: '/scenario',
    body: { type: 'application/xml', text: answering('B') },
    who: 'operator',
  },
  { method: 'POST', path: '/scenario/apply', who: 'operator' },
  { method: 'GET', path: '/control', who: 'operator' },
  { method: 'POST', path: '/control', body: json({ rate: 2 }), who: 'operator' },
  { method: 'GET', path: '/transports', who: 'operator' },
  { method: 'POST', path: '/transports', body: json({}), who: 'operator' },
  { method: 'GET', path: '/clients', who: 'operator' },
  { method: 'POST', path: '/clients?id=probe', body: CLIENT_BODY, who: 'operator', ok: 201 },
  { method: 'DELETE', path: '/clients?id=probe', who: 'operator', ok: 204 },
  // A plain GET of the WebSocket route passes the guard and is told to upgrade.
  { method: 'GET', path: '/live', who: 'operator', ok: 400 },
  { method: 'GET', path: '/auth/me', who: 'operator' },
  { method: 'GET', path: '/users', who: 'admin' },
  {
    method: 'POST',
    path: '/users',
    body: json({ username: 'newbie', password: 'newbie password' }),
    who: 'admin',
    ok: 201,
  },
  { method: 'GET', path: '/users/newbie', who: 'admin' },
  { method: 'PUT', path: '/users/newbie', body: json({ role: 'admin' }), who: 'admin' },
  { method: 'DELETE', path: '/users/newbie', who: 'admin' },
  { method: 'GET', path: '/audit?limit=5', who: 'admin' },
  { method: 'POST', path: '/auth/rotate-secret', who: 'admin' },
];

const HEALTH: RouteCase = { method: 'GET', path: '/health', who: 'operator' };

/** Whether a case reaches the app's route `pattern` (`/api/v1/users/:username`). */
function reaches(route: RouteCase, method: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return route.method === method && regex.test(`/api/v1${route.path.split('?')[0]}`);
}

async function send(base: string, route: RouteCase, token?: string) {
  const headers: Record<string, string> = token === undefined ? {} : bearer(token);
  if (route.body !== undefined) headers['content-type'] = route.body.type;
  const res = await fetch(`${base}${route.path}`, {
    method: route.method,
    headers,
    body: route.body?.text,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

test('the route table above holds every route the API serves', () => {
  const app = createApiApp({
    registry: new EngineRegistry(),
    auth: legacyTokenAuth(undefined),
    log: () => {},
    stats: new StatsCache(
      new EngineRegistry(),
      () => ({}),
      () => 0,
    ),
  });
  // 'ALL' entries are the middleware and the 405 answers of known paths, not routes.
  const served = app.routes.filter((r) => r.method !== 'ALL');
  assert.ok(served.length >= 20, `${served.length} routes`);
  for (const { method, path } of served)
    assert.ok(
      ROUTES.some((route) => reaches(route, method, path)),
      `${method} ${path} is missing from ROUTES: add it with who may call it`,
    );
});

test('every route: 401 without a token, 403 for an operator on admin routes', async () => {
  const f = await startAuthFixture({ clients: true });
  try {
    const oper = await f.login(OPERATOR);
    for (const route of ROUTES) {
      const where = `${route.method} ${route.path}`;
      const anonymous = await send(f.base, route);
      assert.equal(anonymous.status, route.who === 'any' ? (route.ok ?? 200) : 401, where);
      const asOperator = await send(f.base, route, oper);
      if (route.who === 'admin') {
        assert.equal(asOperator.status, 403, where);
        assert.match(asOperator.text, /needs the admin role/);
      } else assert.equal(asOperator.status, route.ok ?? 200, `${where}: ${asOperator.text}`);
      for (const r of [anonymous, asOperator]) {
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff', where);
        assert.equal(r.headers.get('cache-control'), 'no-store', where);
        assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
        if (r.status !== 204)
          assert.match(r.headers.get('content-type') ?? '', /application\/json/, where);
      }
    }
    // The operator's token still works: the admin-only rotation was refused.
    assert.equal((await send(f.base, HEALTH, oper)).status, 200);
  } finally {
    await f.close();
  }
});

test('an admin may use every route, in order: create, read, change, delete a user', async () => {
  const f = await startAuthFixture({ clients: true });
  try {
    const admin = await f.login(ADMIN);
    for (const route of ROUTES) {
      const r = await send(f.base, route, admin);
      assert.equal(r.status, route.ok ?? 200, `${route.method} ${route.path}: ${r.text}`);
    }
    assert.equal(f.internal.store.findByName('newbie'), undefined);
    // Every mutating call left its audit row: who, what, the answer.
    const rows = f.internal.store.listAudit(1000);
    for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
      const target = `/api/v1${route.path.split('?')[0]}`;
      const row = rows.find((r) => r.action === route.method && r.target === target);
      assert.ok(row !== undefined, `no audit row for ${route.method} ${target}`);
      assert.equal(row.username, route.path === '/auth/login' ? 'oper' : 'root', target);
      assert.equal(JSON.parse(row.payloadJson ?? '{}').status, route.ok ?? 200, target);
    }
    // The rotation, last, ended the admin's own token.
    assert.equal((await send(f.base, HEALTH, admin)).status, 401);
  } finally {
    await f.close();
  }
});

test('users CRUD refusals name the problem', async () => {
  const f = await startAuthFixture();
  try {
    const admin = await f.login(ADMIN);
    const post = (body: unknown) =>
      send(f.base, { method: 'POST', path: '/users', body: json(body), who: 'admin' }, admin);
    const cases: Array<[unknown, number, RegExp]> = [
      [{ username: 'OPER', password: 'long enough' }, 409, /exists/],
      [{ username: 'x y', password: 'long enough' }, 400, /not allowed/],
      [{ username: 'shorty', password: 'short' }, 400, /at least 8/],
      [{ username: 'bad', password: 'long enough', role: 'root' }, 400, /role/],
      [{ username: 'extra', password: 'long enough', admin: true }, 400, /admin/],
    ];
    for (const [body, status, pattern] of cases) {
      const r = await post(body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.match(JSON.parse(r.text).error as string, pattern);
    }
    const del = (name: string) =>
      send(f.base, { method: 'DELETE', path: `/users/${name}`, who: 'admin' }, admin);
    assert.equal((await del('ghost')).status, 404);
    assert.equal((await del('..%2F..%2Fetc')).status, 404);
    const last = await del('root');
    assert.equal(last.status, 400);
    assert.match(last.text, /leave no admin/);
  } finally {
    await f.close();
  }
});

test('mutating calls leave audit rows: who, what, status; passwords never', async () => {
  const f = await startAuthFixture();
  try {
    const oper = await f.login(OPERATOR);
    await send(
      f.base,
      { method: 'POST', path: '/control', body: json({ rate: 3 }), who: 'operator' },
      oper,
    );
    await send(f.base, { method: 'GET', path: '/users', who: 'admin' }, oper);
    await send(
      f.base,
      {
        method: 'POST',
        path: '/users',
        body: json({ username: 'z', password: 'zzzzzzzzz' }),
        who: 'admin',
      },
      oper,
    );
    const rows = f.internal.store.listAudit(10);
    const api = rows.filter((r) => r.action !== 'user.add');
    const control = api.find((r) => r.target === '/api/v1/control');
    assert.equal(control?.username, 'oper');
    assert.equal(control?.action, 'POST');
    assert.deepEqual(JSON.parse(control?.payloadJson ?? '{}').detail, { rate: 3 });
    const refused = api.find((r) => r.target === '/api/v1/users');
    assert.equal(JSON.parse(refused?.payloadJson ?? '{}').status, 403);
    const login = api.find((r) => r.target === '/api/v1/auth/login');
    assert.equal(login?.username, 'oper');
    assert.equal(
      rows.some((r) => (r.payloadJson ?? '').includes('oper password')),
      false,
    );
    assert.equal(
      rows.some((r) => (r.payloadJson ?? '').includes('zzzzzzzzz')),
      false,
    );
  } finally {
    await f.close();
  }
});

test('openapi.json documents the auth and user routes, their schemas resolvable', async () => {
  const f = await startAuthFixture();
  try {
    const doc = (await fetch(`${f.base}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/users',
      '/api/v1/users/{username}',
      '/api/v1/audit',
    ])
      assert.ok(p in doc.paths, p);
    for (const id of ['LoginResponse', 'User', 'UserCreateRequest', 'AuditList'])
      assert.ok(id in doc.components.schemas, id);
  } finally {
    await f.close();
  }
});

test('two POST /users of one new name at once: one 201, one 409, one user', async () => {
  const f = await startAuthFixture();
  try {
    const admin = await f.login(ADMIN);
    const post = (name: string) =>
      send(
        f.base,
        {
          method: 'POST',
          path: '/users',
          body: json({ username: name, password: 'x'.repeat(9) }),
          who: 'admin',
        },
        admin,
      );
    const statuses = (await Promise.all([post('twin'), post('TWIN')])).map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409]);
    assert.equal(
      f.internal.store.listUsers().filter((u) => u.username.toLowerCase() === 'twin').length,
      1,
    );
  } finally {
    await f.close();
  }
});
