// `gossipper auth ...` in-process through main(argv, io), on real SQLite files: user-add
// (upsert), user-list, user-del, user-passwd, -password-stdin, rotate-secret, and the refusals
// (no internal auth in the JSON, a short jwt_secret, unknown commands and options).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import type { CapturedIo } from '../cli/fake-io.ts';
import { InternalAuth } from '../../src/users/index.ts';

function configDir(auth: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-auth-cli-'));
  writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ api_addr: '127.0.0.1:0', auth }));
  return dir;
}

async function auth(
  dir: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number; io: CapturedIo }> {
  const io = fakeIo(dir);
  const withStdin =
    stdin === undefined ? io : { ...io, readAllStdin: () => Promise.resolve(stdin) };
  const code = await main(['auth', ...args, '-config', 'server.json'], withStdin);
  return { code, io };
}

const INTERNAL = { type: 'internal', sqlite_path: 'users.sqlite' };

test('user-add creates, then updates the same user (any case); user-list shows it', async () => {
  const dir = configDir(INTERNAL);
  const add = await auth(dir, ['user-add', '-username', 'Ann', '-password', 'first pass']);
  assert.equal(add.code, 0, add.io.err());
  assert.equal(add.io.out(), 'user "Ann" (operator) created\n');
  const again = await auth(dir, [
    'user-add',
    '-username',
    'ann',
    '-password',
    'second pass',
    '-role',
    'admin',
  ]);
  assert.equal(again.code, 0, again.io.err());
  assert.match(again.io.out(), /^user "Ann" \(admin\) updated/);
  const list = await auth(dir, ['user-list']);
  assert.match(list.io.out(), /^ {2}id {2}username +role +created\n +1 {2}Ann +admin +\d{4}-/);
  assert.equal(list.io.out().split('\n').length, 3);
});

test('-password-stdin: the password comes from standard input, one line break dropped', async () => {
  const dir = configDir(INTERNAL);
  const r = await auth(dir, ['user-add', '-username', 'bo', '-password-stdin'], 'from stdin 1\n');
  assert.equal(r.code, 0, r.io.err());
  const store = InternalAuth.open({ sqlitePath: path.join(dir, 'users.sqlite'), tokenTtlS: 60 });
  try {
    assert.ok(await store.store.checkPassword('bo', 'from stdin 1'));
  } finally {
    store.close();
  }
  const both = await auth(
    dir,
    ['user-passwd', '-username', 'bo', '-password', 'x', '-password-stdin'],
    'y',
  );
  assert.equal(both.code, 1);
  assert.match(both.io.err(), /give -password or -password-stdin, not both/);
  const passwd = await auth(
    dir,
    ['user-passwd', '-username', 'BO', '-password-stdin'],
    'new one 22',
  );
  assert.equal(passwd.code, 0, passwd.io.err());
  assert.match(passwd.io.out(), /password of "bo" changed/);
  const after = InternalAuth.open({ sqlitePath: path.join(dir, 'users.sqlite'), tokenTtlS: 60 });
  try {
    assert.ok(await after.store.checkPassword('bo', 'new one 22'));
    assert.equal(await after.store.checkPassword('bo', 'from stdin 1'), undefined);
  } finally {
    after.close();
  }
});

test('user-del removes a user; the last admin and unknown users are refused', async () => {
  const dir = configDir(INTERNAL);
  await auth(dir, ['user-add', '-username', 'root', '-password', 'long enough', '-role', 'admin']);
  await auth(dir, ['user-add', '-username', 'op', '-password', 'long enough']);
  const last = await auth(dir, ['user-del', '-username', 'root']);
  assert.equal(last.code, 1);
  assert.match(last.io.err(), /leave no admin/);
  const del = await auth(dir, ['user-del', '-username', 'OP']);
  assert.equal(del.io.out(), 'user "op" deleted\n');
  const none = await auth(dir, ['user-del', '-username', 'op']);
  assert.equal(none.code, 1);
  assert.match(none.io.err(), /no user "op"/);
});

test('a JSON without internal auth, or with a short jwt_secret, is refused clearly', async () => {
  for (const [authValue, pattern] of [
    [undefined, /no internal auth settings.*\nhint: add "auth": \{"type": "internal"/s],
    [{ type: 'none' }, /no internal auth settings/],
    [{ type: 'internal' }, /"auth.sqlite_path" is required/],
    [{ ...INTERNAL, jwt_secret: 'short' }, /"auth.jwt_secret" has 5 bytes; at least 32/],
    [{ ...INTERNAL, colour: 1 }, /"auth" has unknown keys "colour"/],
  ] as const) {
    const dir = configDir(authValue);
    const r = await auth(dir, ['user-add', '-username', 'x', '-password', 'long enough']);
    assert.equal(r.code, 1, JSON.stringify(authValue));
    assert.match(r.io.err(), pattern);
  }
});

test('usage errors: unknown command or option, a missing value, a short password', async () => {
  const dir = configDir(INTERNAL);
  const cases: Array<[string[], RegExp]> = [
    [['user-make'], /unknown command "user-make"/],
    [['constructor'], /unknown command "constructor"/],
    [['user-add', '-user', 'x'], /unknown option "-user"/],
    [['user-add', '-password', 'long enough'], /user-add: -username is required/],
    [['user-add', '-username', 'x', '-password', 'short'], /at least 8 characters/],
    [['user-add', '-username', 'x', '-password', 'long enough', '-role', 'root'], /-role must/],
  ];
  for (const [args, pattern] of cases) {
    const r = await auth(dir, args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.io.err(), pattern);
  }
  const help = fakeIo(dir);
  assert.equal(await main(['auth', '-h'], help), 99);
  assert.match(help.out(), /^Usage: gossipper auth <command>/);
});

test('rotate-secret: tokens issued before are refused after', async () => {
  const dir = configDir(INTERNAL);
  await auth(dir, ['user-add', '-username', 'eve', '-password', 'long enough', '-role', 'admin']);
  const config = { sqlitePath: path.join(dir, 'users.sqlite'), tokenTtlS: 600 };
  const server = InternalAuth.open(config, { scrypt: { N: 1024, r: 8, p: 1 } });
  try {
    const login = await server.login('eve', 'long enough', '127.0.0.1');
    assert.ok(login.ok);
    assert.equal((await server.verify(login.token.token)).ok, true);
    const r = await auth(dir, ['rotate-secret']);
    assert.equal(r.code, 0, r.io.err());
    assert.match(r.io.out(), /JWT secret rotated/);
    const after = await server.verify(login.token.token);
    assert.deepEqual(after, { ok: false, reason: 'invalid token' });
    const audit = await auth(dir, ['audit']);
    assert.match(audit.io.out(), /auth\.rotate_secret/);
  } finally {
    server.close();
  }
});
