// Fuzzing the API over real HTTP with fast-check: random methods, paths (known routes, odd
// segments, traversal, broken percent-encoding), headers (authorization, content-type) and
// bodies (JSON values, text, bytes), with and without an admin's token. Never a 5xx, always a
// JSON answer, and the server still answers afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import fc from 'fast-check';
import { ADMIN, startAuthFixture } from './auth-fixture.ts';

const SEGMENTS = [
  'health',
  'stats',
  'scenario',
  'scenario/apply',
  'control',
  'auth/status',
  'auth/login',
  'auth/me',
  'auth/rotate-secret',
  'users',
  'users/oper',
  'users/root',
  'audit',
  'openapi.json',
  'live',
  'transports',
  'clients',
];

const ODD = [
  '..',
  '%2e%2e',
  '%2F',
  '%',
  '%E0%A4%A',
  '%00',
  '//',
  'users/%ff',
  '?limit=-1',
  '?limit=x',
];

const pathArb = fc.oneof(
  fc.constantFrom(...SEGMENTS).map((s) => `/api/v1/${s}`),
  fc
    .tuple(
      fc.constantFrom(...SEGMENTS, ...ODD),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...ODD, ''),
    )
    .map(([a, b, c]) => `/api/v1/${a}/${encodeURIComponent(b)}${c}`),
  fc.string({ maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}`),
);

const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      {
        username: fc.oneof(fc.string(), fc.constantFrom('root', 'oper', 'ROOT')),
        password: fc.string(),
        role: fc.oneof(fc.constantFrom('admin', 'operator'), fc.string()),
        rate: fc.oneof(fc.double(), fc.integer()),
        paused: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
);

const headerValue = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

const caseArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: pathArb,
  contentType: fc.oneof(
    fc.constantFrom('application/json', 'application/xml', 'text/xml', 'text/plain', ''),
    headerValue,
  ),
  authorization: fc.oneof(
    fc.constant('admin'),
    fc.constant(undefined),
    headerValue,
    headerValue.map((s) => `Bearer ${s}`),
  ),
  body: bodyArb,
});

function send(
  base: URL,
  c: { method: string; path: string; contentType: string; authorization?: string; body?: string },
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (c.contentType !== '') headers['content-type'] = c.contentType;
    if (c.authorization !== undefined) headers.authorization = c.authorization;
    // Node's client sends a GET's body with no framing at all unless told its length.
    if (c.body !== undefined) headers['content-length'] = String(Buffer.byteLength(c.body));
    const req = request(
      { host: base.hostname, port: base.port, method: c.method, path: c.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(c.body);
  });
}

test('fuzzed requests never get a 5xx, always JSON; the server keeps answering', async () => {
  const f = await startAuthFixture();
  try {
    const base = new URL(f.base);
    let admin = await f.login(ADMIN);
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        if (c.authorization === 'admin') c = { ...c, authorization: `Bearer ${admin}` };
        const r = await send(base, c);
        assert.ok(r.status < 500, `${c.method} ${c.path}: ${r.status} ${r.text.slice(0, 200)}`);
        assert.match(r.type, /application\/json/, `${c.method} ${c.path}: ${r.type}`);
        assert.doesNotMatch(r.text, /\n\s+at /, 'no stack trace');
        // A fuzzed rotation or password change ends the token: log in again.
        if (r.status === 401 && c.authorization?.startsWith('Bearer ey'))
          admin = await f.login(ADMIN);
      }),
      { numRuns: 400, seed: 17 },
    );
    const health = await fetch(`${f.base}/health`, {
      headers: { authorization: `Bearer ${await f.login(ADMIN)}` },
    });
    assert.equal(health.status, 200);
  } finally {
    await f.close();
  }
});
