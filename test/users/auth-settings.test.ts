// The flat JSON's `auth` object: relative sqlite_path against the JSON's directory, the 32-byte
// floor of jwt_secret, token_ttl_s bounds, "none", unknown keys; and the random 256-bit secret
// kept in the database when none is configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InternalAuth, authSettingsFrom } from '../../src/users/index.ts';

test('auth settings: paths, secret length, ttl, none', () => {
  const read = (value: unknown) => authSettingsFrom(value, '/etc/gossipper', 'test.json');
  assert.equal(read(undefined), undefined);
  assert.equal(read({ type: 'none' }), undefined);
  assert.deepEqual(read({ type: 'internal', sqlite_path: 'u.sqlite' }), {
    sqlitePath: '/etc/gossipper/u.sqlite',
    jwtSecret: undefined,
    tokenTtlS: 86400,
  });
  const secret = 'é'.repeat(16); // 32 bytes in UTF-8: bytes count, not characters
  assert.equal(
    read({ type: 'internal', sqlite_path: '/u', jwt_secret: secret })?.jwtSecret,
    secret,
  );
  assert.throws(
    () => read({ type: 'internal', sqlite_path: '/u', jwt_secret: 'é'.repeat(15) }),
    /30 bytes/,
  );
  assert.throws(() => read({ type: 'internal', sqlite_path: '/u', token_ttl_s: 5 }), /token_ttl_s/);
  assert.throws(() => read({ type: 'ldap' }), /"auth.type" must be "internal" or "none"/);
  assert.throws(() => read('internal'), /"auth" must be an object/);
});

test('no jwt_secret: a random 256-bit one is stored once and kept across opens', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-secret-'));
  const config = { sqlitePath: path.join(dir, 'u.sqlite'), tokenTtlS: 60 };
  const first = InternalAuth.open(config);
  const secret = first.tokens.currentSecret();
  first.close();
  assert.match(secret, /^[0-9a-f]{64}$/);
  const second = InternalAuth.open(config);
  try {
    assert.equal(second.tokens.currentSecret(), secret);
  } finally {
    second.close();
  }
});
