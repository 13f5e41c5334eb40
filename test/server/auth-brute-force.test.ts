// Password guessing at POST /auth/login over real HTTP, from several loopback source addresses:
// one address is refused (429, Retry-After) after a few failures while the right password from
// another address still works; guesses at one user from many addresses slow each attempt; an
// unknown user costs the same time as a wrong password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, jsonInit } from './api-fixture.ts';
import { OPERATOR, postFrom, startAuthFixture } from './auth-fixture.ts';
import { InternalAuth } from '../../src/users/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const WRONG = { username: OPERATOR.username, password: 'guess guess' };

test('an address that keeps failing is refused; the right password from another works', async () => {
  const f = await startAuthFixture();
  try {
    const url = `${f.base}/auth/login`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await postFrom('127.0.0.1', url, WRONG)).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.equal(statuses[5], 429);
    assert.ok(
      statuses.slice(5).every((s) => s === 429),
      statuses.join(' '),
    );
    const refused = await postFrom('127.0.0.1', url, OPERATOR);
    assert.equal(refused.status, 429, 'even the right password, from the guessing address');
    assert.match(refused.body.error as string, /too many failed logins/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    const other = await postFrom('127.0.0.2', url, OPERATOR);
    assert.equal(other.status, 200, JSON.stringify(other.body));
    // The wait ends: after it, the address may try again.
    f.advance(16 * 60_000);
    assert.equal((await postFrom('127.0.0.1', url, OPERATOR)).status, 200);
  } finally {
    await f.close();
  }
});

test('guesses at one user from many addresses slow every attempt on that user', async () => {
  const f = await startAuthFixture();
  try {
    const url = `${f.base}/auth/login`;
    for (let a = 10; a < 16; a++)
      for (let i = 0; i < 3; i++) await postFrom(`127.0.0.${a}`, url, WRONG);
    assert.ok(f.sleeps.length >= 7, `slowed ${f.sleeps.length} attempts`);
    assert.ok(
      f.sleeps.every((ms, i) => i === 0 || ms >= f.sleeps[i - 1]),
      'growing delays',
    );
    assert.ok(f.sleeps.at(-1)! <= 2000);
    // Slowed, not locked: the real user from a fresh address gets in, and that resets it.
    const before = f.sleeps.length;
    assert.equal((await postFrom('127.0.0.20', url, OPERATOR)).status, 200);
    assert.equal(f.sleeps.length, before + 1);
    assert.equal((await postFrom('127.0.0.21', url, OPERATOR)).status, 200);
    assert.equal(f.sleeps.length, before + 1);
  } finally {
    await f.close();
  }
});

test('an unknown user costs what a wrong password costs (default scrypt parameters)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-timing-'));
  const auth = InternalAuth.open(
    { sqlitePath: path.join(dir, 'u.sqlite'), tokenTtlS: 60 },
    { limiter: { addressFreeFailures: 1000, userFreeFailures: 1000 } },
  );
  try {
    await auth.store.upsertUser('known', 'the right one', undefined, { username: 't' });
    const timeOf = async (username: string): Promise<number> => {
      const t0 = process.hrtime.bigint();
      const r = await auth.login(username, 'a wrong one', '127.0.0.1');
      assert.equal(r.ok, false);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await timeOf('known'));
      unknown.push(await timeOf(`ghost${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2];
    const ratio = median(unknown) / median(known);
    // Both run one scrypt of the same parameters (without the dummy one, an unknown user answers
    // ~100x faster); a shared CPU makes the rest noise, hence the wide band.
    assert.ok(
      ratio > 0.25 && ratio < 4,
      `unknown ${median(unknown)} ms, known ${median(known)} ms`,
    );
  } finally {
    auth.close();
  }
});

test('login without internal auth: 404 naming why (the API fixture with no users)', async () => {
  const { startFixture } = await import('./api-fixture.ts');
  const f = await startFixture();
  try {
    const r = await call(`${f.base}/auth/login`, jsonInit('POST', OPERATOR));
    assert.equal(r.status, 404);
    assert.match(r.body.error as string, /internal auth is not enabled/);
  } finally {
    await f.close();
  }
});
