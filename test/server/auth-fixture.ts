/**
 * The API fixture (api-fixture.ts) protected by internal users: a real SQLite file in a temporary
 * directory, an admin and an operator, cheap scrypt parameters, a clock the test moves, and
 * login slowdowns recorded instead of slept.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { internalTokenAuth } from '../../src/server/index.ts';
import { InternalAuth } from '../../src/users/index.ts';
import type { InternalAuthOptions } from '../../src/users/index.ts';
import { call, jsonInit, startFixture } from './api-fixture.ts';
import type { Fixture } from './api-fixture.ts';

export const CHEAP_SCRYPT = { N: 1024, r: 8, p: 1 };
export const ADMIN = { username: 'root', password: 'root password' };
export const OPERATOR = { username: 'oper', password: 'oper password' };

export interface AuthFixture extends Fixture {
  readonly internal: InternalAuth;
  readonly sqlitePath: string;
  /** The clock tokens and the limiter read (unix ms); move it with `advance`. */
  advance(ms: number): void;
  /** Delays the limiter asked for (not slept). */
  readonly sleeps: number[];
  login(user: { username: string; password: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startAuthFixture(
  options: {
    jwtSecret?: string;
    limiter?: InternalAuthOptions['limiter'];
    /** Host dynamic clients (the roles test reaches /clients). */
    clients?: boolean;
  } = {},
): Promise<AuthFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-auth-api-'));
  const sqlitePath = path.join(dir, 'users.sqlite');
  let nowMs = Date.now();
  const sleeps: number[] = [];
  const internal = InternalAuth.open(
    { sqlitePath, jwtSecret: options.jwtSecret, tokenTtlS: 3600 },
    {
      scrypt: CHEAP_SCRYPT,
      nowMs: () => nowMs,
      limiter: options.limiter,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
  );
  const cli = { username: 'test' };
  await internal.store.upsertUser(ADMIN.username, ADMIN.password, 'admin', cli);
  await internal.store.upsertUser(OPERATOR.username, OPERATOR.password, 'operator', cli);
  let isClosed = false;
  const fixture = await startFixture({
    auth: internalTokenAuth(internal),
    clients: options.clients,
  });
  return {
    ...fixture,
    internal,
    sqlitePath,
    sleeps,
    advance(ms) {
      nowMs += ms;
    },
    async login(user) {
      const r = await call(`${fixture.base}/auth/login`, jsonInit('POST', user));
      if (r.status !== 200) throw new Error(`login ${user.username}: ${JSON.stringify(r)}`);
      return r.body.token as string;
    },
    // Idempotent: a test may close early (to reopen the database) and again in its finally.
    async close() {
      if (isClosed) return;
      isClosed = true;
      await fixture.close();
      internal.close();
    },
  };
}

export const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});

/** A POST from a chosen loopback source address (127.0.0.0/8 is all loopback on Linux). */
export function postFrom(
  localAddress: string,
  url: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
