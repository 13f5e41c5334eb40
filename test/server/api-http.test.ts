// The HTTP API v1 on a real loopback listener, in front of an answering Run on a real UDP socket:
// every route's shape, hot reload (the next dialog answered by the new scenario, the file written
// atomically), and every bad input answered with a 4xx JSON error while the engine keeps going.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { CLIENT_XML, answering, call, jsonInit, startFixture, xmlInit } from './api-fixture.ts';

test('health, stats, control, auth status, openapi: shapes of a single engine', async () => {
  const f = await startFixture();
  try {
    assert.deepEqual((await call(`${f.base}/health`)).body, { status: 'ok' });
    await f.ping('one');
    await f.ping('two');
    const stats = await call(`${f.base}/stats`);
    assert.equal(stats.status, 200);
    assert.match(stats.type, /^application\/json/);
    assert.equal(stats.body.total_calls, 2);
    assert.equal(stats.body.success_calls, 2);
    assert.equal(stats.body.failed_calls, 0);
    assert.equal('multi' in stats.body, false);
    assert.equal(typeof stats.body.duration, 'number');
    assert.deepEqual((await call(`${f.base}/control`)).body, { rate: 10, paused: false });
    assert.deepEqual((await call(`${f.base}/auth/status`)).body, { auth: 'none' });
    const login = await call(
      `${f.base}/auth/login`,
      jsonInit('POST', { username: 'a', password: 'b' }),
    );
    assert.equal(login.status, 404);
    assert.match(String(login.body.error), /internal auth is not enabled/);
    const doc = await call(`${f.base}/openapi.json`);
    assert.equal(doc.body.openapi, '3.1.0');
    const schemas = (doc.body.components as { schemas: Record<string, Record<string, unknown>> })
      .schemas;
    assert.deepEqual(schemas.ControlRequest.additionalProperties, false);
    assert.ok('rate' in (schemas.ControlRequest.properties as object));
    for (const p of ['/api/v1/scenario/apply', '/api/v1/clients', '/api/v1/transports'])
      assert.ok(p in (doc.body.paths as object), p);
    assert.ok('TransportsRequest' in schemas && 'ClientStarted' in schemas);
  } finally {
    await f.close();
  }
});

test('POST /control sets rate (calls/s) and pause; pause/resume shorthands; unknown engine 404', async () => {
  const f = await startFixture();
  try {
    const set = await call(`${f.base}/control`, jsonInit('POST', { rate: 42.5, paused: true }));
    assert.deepEqual(set.body, { rate: 42.5, paused: true });
    assert.equal(f.run.status().rate, 42.5);
    assert.equal(f.run.status().paused, true);
    assert.deepEqual((await call(`${f.base}/control`, jsonInit('POST', { resume: true }))).body, {
      rate: 42.5,
      paused: false,
    });
    const unknown = await call(`${f.base}/control`, jsonInit('POST', { engine_id: 'w9', rate: 1 }));
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.body.error), /no engine with id "w9"/);
    assert.equal(f.run.status().rate, 42.5);
  } finally {
    await f.close();
  }
});

test('GET/PUT scenario: written atomically, applied live; the next dialog uses the new one', async () => {
  const f = await startFixture();
  try {
    const view = await call(`${f.base}/scenario`);
    assert.equal(view.body.scenario_file, f.scenarioPath);
    assert.equal(view.body.builtin, false);
    assert.match(String(view.body.xml), /X-Scenario: A/);
    assert.equal((await f.ping('before')).header('X-Scenario'), 'A');

    // Written, not applied: the engine still answers with A.
    const put = await call(`${f.base}/scenario`, xmlInit('PUT', answering('B')));
    assert.deepEqual(put.body, { written: f.scenarioPath, applied: false });
    assert.match(readFileSync(f.scenarioPath, 'latin1'), /X-Scenario: B/);
    assert.equal((await f.ping('still-a')).header('X-Scenario'), 'A');

    const applied = await call(`${f.base}/scenario?apply=true`, xmlInit('PUT', answering('C')));
    assert.deepEqual(applied.body, { written: f.scenarioPath, applied: true });
    assert.equal((await f.ping('after')).header('X-Scenario'), 'C');
    assert.deepEqual(readdirSync(f.dir), ['answer.xml'], 'no temporary file left behind');

    // POST /apply: an XML body; then an empty body re-reads the file (C, as PUT wrote it).
    const body = await call(
      `${f.base}/scenario/apply`,
      xmlInit('POST', answering('E'), 'text/xml'),
    );
    assert.deepEqual(body.body, { applied: true });
    assert.equal((await f.ping('e')).header('X-Scenario'), 'E');
    const reread = await call(`${f.base}/scenario/apply`, { method: 'POST' });
    assert.deepEqual(reread.body, { applied: true });
    assert.equal((await f.ping('c-again')).header('X-Scenario'), 'C');
    const stats = await call(`${f.base}/stats`);
    assert.equal(stats.body.total_calls, 5);
    assert.equal(stats.body.failed_calls, 0);
  } finally {
    await f.close();
  }
});

test('a mode change is refused (409) and changes neither the engine nor the file', async () => {
  const f = await startFixture();
  try {
    for (const [url, init] of [
      [`${f.base}/scenario?apply=1`, xmlInit('PUT', CLIENT_XML)],
      [`${f.base}/scenario/apply`, xmlInit('POST', CLIENT_XML)],
    ] as const) {
      const r = await call(url, init);
      assert.equal(r.status, 409, url);
      assert.match(
        String(r.body.error),
        /client scenario .* server one; changing mode needs a restart/,
      );
    }
    assert.match(readFileSync(f.scenarioPath, 'latin1'), /X-Scenario: A/);
    assert.equal((await f.ping('same')).header('X-Scenario'), 'A');
  } finally {
    await f.close();
  }
});

test('a built-in -sn scenario cannot be PUT (400, reference §B6 6.4), but can be replaced by POST /apply', async () => {
  const f = await startFixture({ builtin: 'management' });
  try {
    const view = await call(`${f.base}/scenario`);
    assert.equal(view.body.builtin, true);
    assert.equal(view.body.scenario_name, 'management');
    assert.match(String(view.body.xml), /Management responder/);
    assert.equal((await f.ping('mgmt')).startLine, 'SIP/2.0 200 OK');
    const put = await call(`${f.base}/scenario`, xmlInit('PUT', answering('B')));
    assert.equal(put.status, 400);
    assert.match(String(put.body.error), /built-in "management" \(-sn\)/);
    const empty = await call(`${f.base}/scenario/apply`, { method: 'POST' });
    assert.equal(empty.status, 400);
    const apply = await call(`${f.base}/scenario/apply`, xmlInit('POST', answering('B')));
    assert.equal(apply.status, 200);
    assert.equal((await f.ping('b')).header('X-Scenario'), 'B');
  } finally {
    await f.close();
  }
});

test('bad input: each a 4xx JSON error naming the problem; the engine keeps answering', async () => {
  const f = await startFixture();
  try {
    const cases: Array<[string, RequestInit, number, RegExp]> = [
      ['/control', jsonInit('POST', '{"rate": 5'), 400, /^malformed JSON/],
      ['/control', jsonInit('POST', { rate: 5, speed: 1 }), 400, /Unrecognized key: "speed"/],
      ['/control', jsonInit('POST', { rate: -1 }), 400, /rate: /],
      ['/control', jsonInit('POST', { rate: 'fast' }), 400, /rate: /],
      ['/control', jsonInit('POST', { pause: true, resume: true }), 400, /cannot both be true/],
      ['/control', jsonInit('POST', '[1]'), 400, /invalid request body/],
      ['/control', xmlInit('POST', '{"rate":1}', 'text/plain'), 415, /application\/json/],
      [
        '/control',
        jsonInit('POST', JSON.stringify({ rate: 1, pad: 'x'.repeat(70_000) })),
        413,
        /larger than the limit of 65536 bytes/,
      ],
      [
        '/scenario',
        xmlInit('PUT', '<scenario><recv request="INVITE"><send>'),
        400,
        /answer\.xml:1:\d+ .*malformed XML/,
      ],
      [
        '/scenario',
        xmlInit('PUT', answering('B'), 'application/json'),
        415,
        /application\/xml or text\/xml/,
      ],
      ['/scenario', xmlInit('PUT', ''), 400, /body is empty/],
      ['/scenario', xmlInit('PUT', 'x'.repeat(1024 * 1024 + 1)), 413, /larger than the limit/],
      [
        '/scenario/apply',
        xmlInit('POST', '<scenario><nosuch/></scenario>'),
        400,
        /answer\.xml:1:\d+ <nosuch>/,
      ],
      ['/auth/login', jsonInit('POST', { username: 'a' }), 400, /password/],
      ['/stats', { method: 'DELETE' }, 405, /DELETE is not allowed on \/api\/v1\/stats/],
      ['/nothing', {}, 404, /no such route: GET \/api\/v1\/nothing/],
      ['/live', {}, 400, /WebSocket/],
    ];
    for (const [route, init, status, error] of cases) {
      const r = await call(`${f.base}${route}`, init);
      assert.equal(r.status, status, `${init.method ?? 'GET'} ${route}: ${JSON.stringify(r.body)}`);
      assert.match(r.type, /^application\/json/, route);
      assert.deepEqual(Object.keys(r.body), ['error'], route);
      assert.match(String(r.body.error), error, route);
    }
    assert.match(readFileSync(f.scenarioPath, 'latin1'), /X-Scenario: A/);
    assert.deepEqual(readdirSync(f.dir), ['answer.xml']);
    assert.equal((await f.ping('alive')).header('X-Scenario'), 'A');
    assert.equal(f.run.status().rate, 10);
  } finally {
    await f.close();
  }
});

test('-api_token: Bearer required on wrapped routes (401 JSON), auth status and openapi open', async () => {
  const f = await startFixture({ token: 's3cret' });
  try {
    const none = await fetch(`${f.base}/stats`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.match(((await none.json()) as { error: string }).error, /missing or wrong API token/);
    const wrong = await call(`${f.base}/control`, {
      method: 'POST',
      headers: { authorization: 'Bearer s3cre', 'content-type': 'application/json' },
      body: '{"rate":1}',
    });
    assert.equal(wrong.status, 401);
    assert.equal(f.run.status().rate, 10);
    // A query token is for the WebSocket only.
    assert.equal((await call(`${f.base}/health?token=s3cret`)).status, 401);
    const ok = await call(`${f.base}/health`, { headers: { authorization: 'Bearer s3cret' } });
    assert.deepEqual(ok.body, { status: 'ok' });
    assert.equal((await call(`${f.base}/auth/status`)).status, 200);
    assert.equal((await call(`${f.base}/openapi.json`)).status, 200);
  } finally {
    await f.close();
  }
});
