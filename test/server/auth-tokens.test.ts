// Internal auth over real HTTP on loopback: login, and every way a token can be wrong (expired,
// another secret, alg none, a tampered payload, missing, in the query string outside /live),
// the WebSocket's ?token=, rotation of the secret, and a password change ending older tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { call, jsonInit } from './api-fixture.ts';
import { InternalAuth } from '../../src/users/index.ts';
import { ADMIN, CHEAP_SCRYPT, OPERATOR, bearer, startAuthFixture } from './auth-fixture.ts';

test('login answers a token; status says internal; the token opens the routes', async () => {
  const f = await startAuthFixture();
  try {
    assert.deepEqual((await call(`${f.base}/auth/status`)).body, { auth: 'internal' });
    const r = await call(`${f.base}/auth/login`, jsonInit('POST', OPERATOR));
    assert.equal(r.status, 200);
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(typeof r.body.token, 'string');
    const exp = r.body.expires_at as number;
    assert.ok(Number.isInteger(exp) && Math.abs(exp - (Date.now() / 1000 + 3600)) < 60);
    const claims = JSON.parse(
      Buffer.from((r.body.token as string).split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    assert.equal(claims.iss, 'gossipper');
    assert.equal(claims.sub, 'oper');
    assert.equal(claims.role, 'operator');
    assert.equal(typeof claims.iat, 'number');
    assert.equal(claims.exp, exp);
    const stats = await call(`${f.base}/stats`, { headers: bearer(r.body.token as string) });
    assert.equal(stats.status, 200);
    const me = await call(`${f.base}/auth/me`, { headers: bearer(r.body.token as string) });
    assert.deepEqual(me.body, { auth: 'internal', username: 'oper', role: 'operator' });
  } finally {
    await f.close();
  }
});

test('a wrong password and an unknown user get the same 401 and the same sentence', async () => {
  const f = await startAuthFixture();
  try {
    const wrong = await call(
      `${f.base}/auth/login`,
      jsonInit('POST', { username: 'oper', password: 'not the one' }),
    );
    const unknown = await call(
      `${f.base}/auth/login`,
      jsonInit('POST', { username: 'nobody', password: 'not the one' }),
    );
    assert.equal(wrong.status, 401);
    assert.deepEqual(unknown, wrong);
    assert.deepEqual(wrong.body, { error: 'wrong username or password' });
    const bad = await call(`${f.base}/auth/login`, jsonInit('POST', { username: 'x' }));
    assert.equal(bad.status, 400);
    assert.match(bad.body.error as string, /password/);
  } finally {
    await f.close();
  }
});

test('refused tokens: missing, expired, other secret, alg none, tampered, query string', async () => {
  const f = await startAuthFixture();
  try {
    const token = await f.login(OPERATOR);
    const stats = (headers: Record<string, string>, query = '') =>
      call(`${f.base}/stats${query}`, { headers });
    const missing = await stats({});
    assert.equal(missing.status, 401);
    assert.match(missing.body.error as string, /missing token/);
    assert.equal((await stats({ authorization: 'Basic cm9vdDpyb290' })).status, 401);
    assert.equal((await stats({}, `?token=${token}`)).status, 401);

    const user = f.internal.store.findByName('oper');
    const forged = await new SignJWT({ uid: user?.id, role: 'admin', ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('gossipper')
      .setSubject('oper')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another secret of at least thirty-two bytes'));
    assert.equal((await stats(bearer(forged))).status, 401);

    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const none = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      payload,
      '',
    ].join('.');
    assert.equal((await stats(bearer(none))).status, 401);
    const tampered = token.replace(
      payload,
      Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url'),
    );
    assert.equal((await stats(bearer(tampered))).status, 401);
    const users = await call(`${f.base}/users`, { headers: bearer(tampered) });
    assert.equal(users.status, 401);

    assert.equal((await stats(bearer(token))).status, 200);
    f.advance(3601 * 1000);
    const expired = await stats(bearer(token));
    assert.equal(expired.status, 401);
    assert.match(expired.body.error as string, /expired/);
  } finally {
    await f.close();
  }
});

test('/live takes ?token= (a browser WebSocket cannot send headers), and refuses without', async () => {
  const f = await startAuthFixture();
  try {
    const token = await f.login(OPERATOR);
    const live = `${f.base.replace('http:', 'ws:')}/live`;
    const refused = new WebSocket(live);
    refused.on('error', () => {});
    const [, res] = (await once(refused, 'unexpected-response')) as [
      unknown,
      { statusCode: number },
    ];
    assert.equal(res.statusCode, 401);
    refused.terminate();
    const ws = new WebSocket(`${live}?token=${encodeURIComponent(token)}`);
    const [frame] = (await once(ws, 'message')) as [Buffer];
    assert.ok('stats' in (JSON.parse(frame.toString()) as object));
    ws.close();
  } finally {
    await f.close();
  }
});

test('rotating the secret ends every token; a new login works', async () => {
  const f = await startAuthFixture();
  try {
    const admin = await f.login(ADMIN);
    const oper = await f.login(OPERATOR);
    const rotated = await call(`${f.base}/auth/rotate-secret`, {
      method: 'POST',
      headers: bearer(admin),
    });
    assert.equal(rotated.status, 200);
    assert.equal(rotated.body.rotated, true);
    for (const old of [admin, oper])
      assert.equal((await call(`${f.base}/stats`, { headers: bearer(old) })).status, 401);
    const fresh = await f.login(OPERATOR);
    assert.equal((await call(`${f.base}/stats`, { headers: bearer(fresh) })).status, 200);
  } finally {
    await f.close();
  }
});

test('a configured jwt_secret signs; rotation replaces it, and survives a restart', async () => {
  const secret = 'a configured secret that is long enough!';
  const f = await startAuthFixture({ jwtSecret: secret });
  try {
    const token = await f.login(OPERATOR);
    const key = new TextEncoder().encode(secret);
    const { jwtVerify } = await import('jose');
    assert.equal((await jwtVerify(token, key)).payload.sub, 'oper');
    f.internal.rotateSecret({ username: 'test' });
    assert.equal((await f.internal.verify(token)).ok, false);
    const after = await f.login(OPERATOR);
    await assert.rejects(jwtVerify(after, key));
    await f.close();
    // A restart with the same JSON keeps the rotated secret: the configured one stays replaced.
    const reopened = InternalAuth.open(
      { sqlitePath: f.sqlitePath, jwtSecret: secret, tokenTtlS: 3600 },
      { scrypt: CHEAP_SCRYPT },
    );
    try {
      assert.equal((await reopened.verify(after)).ok, true);
      assert.equal((await reopened.verify(token)).ok, false);
    } finally {
      reopened.close();
    }
  } finally {
    await f.close();
  }
});

test("a password change ends that user's older tokens, not the others'", async () => {
  const f = await startAuthFixture();
  try {
    const admin = await f.login(ADMIN);
    const oper = await f.login(OPERATOR);
    const r = await call(`${f.base}/users/oper`, {
      ...jsonInit('PUT', { password: 'a new password' }),
      headers: { ...bearer(admin), 'content-type': 'application/json' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await call(`${f.base}/stats`, { headers: bearer(oper) })).status, 401);
    assert.equal((await call(`${f.base}/stats`, { headers: bearer(admin) })).status, 200);
  } finally {
    await f.close();
  }
});
