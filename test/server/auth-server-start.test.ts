// `gossipper server` in-process (main(argv, io)) with real sockets on loopback: the first start
// with internal auth creates an admin whose random password is printed once and works at login
// (a second start prints nothing), GOSSIPPER_BOOTSTRAP_PASSWORD instead, an open API beyond
// loopback refused unless -api_allow_open, and -api_token with internal auth refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/main.ts';
import type { Io, SignalName } from '../../src/io.ts';
import { call, jsonInit } from './api-fixture.ts';

interface Started {
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves with main's exit code. */
  readonly done: Promise<number>;
  /** Sends the signal to the in-process server (its drain). */
  signal(name: SignalName): void;
}

function startServer(args: string[], cwd: string, env: Record<string, string> = {}): Started {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Map<SignalName, () => void>();
  const io: Io = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env,
    cwd,
    onSignal(name, handler) {
      handlers.set(name, handler);
      return () => handlers.delete(name);
    },
  };
  const done = main(['server', '-i', '127.0.0.1', '-p', '0', ...args], io);
  return {
    out: () => out.join(''),
    err: () => err.join(''),
    done,
    signal: (name) => handlers.get(name)?.(),
  };
}

async function apiBase(server: Started): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const m = /HTTP API v1 at (http:\/\/\S+)\/\n/.exec(server.out());
    if (m !== null) return m[1];
    const ended = await Promise.race([server.done, new Promise((r) => setTimeout(r, 20))]);
    if (typeof ended === 'number') throw new Error(`server ended (${ended}): ${server.err()}`);
  }
  throw new Error(`no API line: ${server.out()} ${server.err()}`);
}

async function stop(server: Started): Promise<number> {
  server.signal('SIGTERM');
  return server.done;
}

function configDir(json: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-server-auth-'));
  writeFileSync(path.join(dir, 'server.json'), JSON.stringify(json));
  return dir;
}

const AUTH = { type: 'internal', sqlite_path: 'users.sqlite' };

test('first start: an admin with a random password printed once; login works', async () => {
  const dir = configDir({ api_addr: '127.0.0.1:0', auth: AUTH });
  const first = startServer(['-config', 'server.json'], dir);
  const base = await apiBase(first);
  const m = /its password, shown this once: (\S+)\n/.exec(first.out());
  assert.ok(m !== null, first.out());
  assert.match(first.out(), /created admin user "admin" in .*users\.sqlite/);
  assert.doesNotMatch(first.err(), /WARNING/);
  assert.deepEqual((await call(`${base}/auth/status`)).body, { auth: 'internal' });
  const login = await call(
    `${base}/auth/login`,
    jsonInit('POST', { username: 'admin', password: m[1] }),
  );
  assert.equal(login.status, 200);
  assert.equal((await call(`${base}/stats`)).status, 401);
  assert.equal(await stop(first), 0);
  assert.equal(statSync(path.join(dir, 'users.sqlite')).mode & 0o777, 0o600);

  const second = startServer(['-config', 'server.json'], dir);
  const again = await apiBase(second);
  assert.doesNotMatch(second.out(), /password/);
  const relogin = await call(
    `${again}/auth/login`,
    jsonInit('POST', { username: 'admin', password: m[1] }),
  );
  assert.equal(relogin.status, 200, 'the same user and secret after a restart');
  const token = relogin.body.token as string;
  assert.equal(
    (await call(`${again}/stats`, { headers: { authorization: `Bearer ${token}` } })).status,
    200,
  );
  assert.equal(await stop(second), 0);
});

test('GOSSIPPER_BOOTSTRAP_PASSWORD (and _USERNAME) choose the first admin', async () => {
  const dir = configDir({ api_addr: '127.0.0.1:0', auth: AUTH });
  const server = startServer(['-config', 'server.json'], dir, {
    GOSSIPPER_BOOTSTRAP_USERNAME: 'boss',
    GOSSIPPER_BOOTSTRAP_PASSWORD: 'from the environment',
  });
  const base = await apiBase(server);
  assert.match(
    server.out(),
    /created admin user "boss" .*\(password from GOSSIPPER_BOOTSTRAP_PASSWORD\)/,
  );
  assert.doesNotMatch(server.out(), /from the environment/);
  const login = await call(
    `${base}/auth/login`,
    jsonInit('POST', { username: 'BOSS', password: 'from the environment' }),
  );
  assert.equal(login.status, 200);
  assert.equal(await stop(server), 0);
});

test('an open API beyond loopback is refused without -api_allow_open', async () => {
  const dir = configDir({});
  const refused = startServer(['-api_addr', '0.0.0.0:0'], dir);
  assert.equal(await refused.done, 1);
  assert.match(
    refused.err(),
    /-api_addr 0\.0\.0\.0:0 is beyond loopback and the API has no authentication/,
  );
  assert.match(refused.err(), /hint: set -api_token/);
  const allowed = startServer(['-api_addr', '0.0.0.0:0', '-api_allow_open'], dir);
  await apiBase(allowed);
  assert.match(allowed.err(), /WITHOUT AUTHENTICATION/);
  assert.equal(await stop(allowed), 0);
  const token = startServer(['-api_addr', '0.0.0.0:0', '-api_token', 'secret'], dir);
  await apiBase(token);
  assert.equal(await stop(token), 0);
});

test('-api_token with internal auth, and a short jwt_secret, are refused', async () => {
  const both = startServer(
    ['-config', 'server.json', '-api_token', 't'],
    configDir({ auth: AUTH }),
  );
  assert.equal(await both.done, 1);
  assert.match(both.err(), /-api_token and internal auth .* cannot be used together/);
  const short = startServer(
    ['-config', 'server.json'],
    configDir({ auth: { ...AUTH, jwt_secret: 'x'.repeat(31) } }),
  );
  assert.equal(await short.done, 1);
  assert.match(short.err(), /"auth.jwt_secret" has 31 bytes; at least 32 are needed/);
});
