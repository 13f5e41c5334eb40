// The API's hardening over real HTTP: a scenario with a shell command is refused over the API
// (and the file on disk is left alone), bodies past the limit get 413 before they are read
// whole, unknown routes and refusals still carry the security headers, and nothing answers with
// a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { answering, call, jsonInit, startFixture, xmlInit } from './api-fixture.ts';
import { ADMIN, bearer, startAuthFixture } from './auth-fixture.ts';

const SHELL = answering('S').replace(
  '<recv request="OPTIONS"/>',
  '<recv request="OPTIONS"><action><exec command="touch /tmp/gossipper-pwned"/></action></recv>',
);

test('<exec command> is refused in scenarios sent over the API; the file stays', async () => {
  const f = await startFixture();
  try {
    const before = readFileSync(f.scenarioPath, 'utf8');
    for (const [method, path] of [
      ['PUT', '/scenario'],
      ['PUT', '/scenario?apply=true'],
      ['POST', '/scenario/apply'],
    ]) {
      const r = await call(`${f.base}${path}`, xmlInit(method, SHELL));
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.match(
        r.body.error as string,
        /answer\.xml:\d+:\d+ <exec command>: shell commands are refused/,
      );
    }
    assert.equal(readFileSync(f.scenarioPath, 'utf8'), before);
  } finally {
    await f.close();
  }
});

test('body limits: 413 for a login or user body past 64 KiB, announced or streamed', async () => {
  const f = await startAuthFixture();
  try {
    const big = JSON.stringify({ username: 'root', password: 'x'.repeat(70 * 1024) });
    const login = await call(`${f.base}/auth/login`, jsonInit('POST', big));
    assert.equal(login.status, 413);
    const admin = await f.login(ADMIN);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const r = await fetch(`${f.base}/users`, {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(r.status, 413);
  } finally {
    await f.close();
  }
});

test('unknown routes, wrong methods and refusals: JSON, security headers, no stack', async () => {
  const f = await startAuthFixture();
  try {
    const admin = await f.login(ADMIN);
    for (const [method, path, status] of [
      ['GET', '/nope', 404],
      ['DELETE', '/users', 405],
      ['PATCH', '/auth/login', 405],
      ['GET', '/users/..%2F..%2Fetc%2Fpasswd', 404],
      ['GET', '/audit?limit=0', 400],
    ] as const) {
      const res = await fetch(`${f.base}${path}`, { method, headers: bearer(admin) });
      assert.equal(res.status, status, `${method} ${path}`);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      const text = await res.text();
      assert.doesNotMatch(text, /\bat .*\.ts:\d+/);
      assert.ok('error' in (JSON.parse(text) as object));
    }
  } finally {
    await f.close();
  }
});
