// GET /stats and GET /health are answered on node:http without hono (api-fast-path.ts). Their
// answers must be indistinguishable from hono's: the same security headers and content type, a
// query string ignored as hono ignores it, and everything else (other methods, refused tokens)
// still worded by hono.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture } from './api-fixture.ts';

const SECURITY = [
  'cache-control',
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
];

function securityOf(res: Response): Record<string, string | null> {
  return Object.fromEntries(SECURITY.map((name) => [name, res.headers.get(name)]));
}

test('fast-path answers carry the same headers as hono answers, and the same bodies', async () => {
  const f = await startFixture({ token: 'tok' });
  const auth = { authorization: 'Bearer tok' };
  try {
    await f.ping('one');
    const hono = await fetch(`${f.base}/control`, { headers: auth });
    const stats = await fetch(`${f.base}/stats?x=1`, { headers: auth });
    const health = await fetch(`${f.base}/health`, { headers: auth });
    assert.equal(hono.status, 200);
    assert.equal(stats.status, 200);
    assert.equal(health.status, 200);
    assert.equal(securityOf(hono)['x-frame-options'], 'DENY');
    assert.deepEqual(securityOf(stats), securityOf(hono));
    assert.deepEqual(securityOf(health), securityOf(hono));
    assert.equal(stats.headers.get('content-type'), 'application/json');
    const body = (await stats.json()) as { total_calls: number };
    assert.equal(body.total_calls, 1);
    assert.deepEqual(await health.json(), { status: 'ok' });
  } finally {
    await f.close();
  }
});

test('other methods on the fast-path routes and refused tokens are still hono answers', async () => {
  const f = await startFixture({ token: 'tok' });
  try {
    const post = await fetch(`${f.base}/stats`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok' },
    });
    assert.equal(post.status, 405);
    assert.match(((await post.json()) as { error: string }).error, /POST is not allowed/);
    const wrong = await fetch(`${f.base}/health`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer');
    assert.equal(wrong.headers.get('x-frame-options'), 'DENY');
    assert.match(((await wrong.json()) as { error: string }).error, /missing or wrong API token/);
  } finally {
    await f.close();
  }
});
