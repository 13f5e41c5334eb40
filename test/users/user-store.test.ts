// The SQLite user store on real files in a temporary directory: unique case-insensitive names,
// roles, password rules, scrypt parameters kept per hash and upgraded at the next login, the
// schema version, WAL and the file's mode, and the last admin's protection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GossipperError } from '../../src/errors.ts';
import { SCHEMA_VERSION, UserStore, needsRehash } from '../../src/users/index.ts';

const CHEAP = { N: 1024, r: 8, p: 1 };
const CLI = { username: 'cli' };

function openTemp(scrypt = CHEAP): { store: UserStore; file: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-users-')), 'users.sqlite');
  return { store: UserStore.open(file, { scrypt }), file };
}

function codeOf(err: unknown): string | undefined {
  return err instanceof GossipperError ? err.code : undefined;
}

test('a new database: mode 0600, WAL, the current schema version, no users', async () => {
  const { store, file } = openTemp();
  try {
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(store.countUsers(), 0);
    await store.upsertUser('someone', 'long enough', undefined, CLI);
    // WAL journaling: the write sits in the -wal file, which SQLite creates with the db's mode.
    assert.equal(statSync(`${file}-wal`).mode & 0o777, 0o600);
    assert.equal(store.integrityCheck(), 'ok');
  } finally {
    store.close();
  }
  // Reopening finds the schema in place (migrations are not replayed) and the user kept.
  const again = UserStore.open(file, { scrypt: CHEAP });
  assert.equal(again.countUsers(), 1);
  again.close();
  assert.ok(SCHEMA_VERSION >= 1);
});

test('names are unique whatever their case; upsert updates the one user', async () => {
  const { store } = openTemp();
  try {
    const first = await store.upsertUser('Alice', 'correct horse', undefined, CLI);
    assert.equal(first.created, true);
    assert.equal(first.user.role, 'operator');
    const again = await store.upsertUser('ALICE', 'battery staple', 'admin', CLI);
    assert.equal(again.created, false);
    assert.equal(again.user.id, first.user.id);
    assert.equal(again.user.role, 'admin');
    assert.ok(again.user.sessionEpoch > first.user.sessionEpoch);
    assert.equal(store.countUsers(), 1);
    assert.equal(store.findByName('alice')?.username, 'Alice');
    assert.equal(await store.checkPassword('aLiCe', 'correct horse'), undefined);
    assert.equal((await store.checkPassword('alice', 'battery staple'))?.id, first.user.id);
  } finally {
    store.close();
  }
});

test('refused: short passwords, odd names; unknown users in del and passwd', async () => {
  const { store } = openTemp();
  try {
    await assert.rejects(store.upsertUser('bob', 'short', undefined, CLI), (e) => {
      assert.equal(codeOf(e), 'USER_INVALID');
      assert.match(String(e), /at least 8 characters/);
      return true;
    });
    for (const name of ['', ' bob', 'bo b', 'Äbob', 'x'.repeat(65), "bob'--"])
      await assert.rejects(store.upsertUser(name, 'long enough', undefined, CLI), /not allowed/);
    assert.throws(
      () => store.deleteUser('nobody', CLI),
      (e) => codeOf(e) === 'USER_NOT_FOUND',
    );
    await assert.rejects(store.setPassword('nobody', 'long enough', CLI), /no user "nobody"/);
    assert.equal(store.countUsers(), 0);
  } finally {
    store.close();
  }
});

test('the last admin can be neither deleted nor demoted', async () => {
  const { store } = openTemp();
  try {
    await store.upsertUser('root', 'long enough', 'admin', CLI);
    await store.upsertUser('op', 'long enough', undefined, CLI);
    assert.throws(() => store.deleteUser('root', CLI), /leave no admin/);
    assert.throws(() => store.setRole('root', 'operator', CLI), /leave no admin/);
    await assert.rejects(store.upsertUser('root', 'long enough', 'operator', CLI), /no admin/);
    store.setRole('op', 'admin', CLI);
    store.deleteUser('root', CLI);
    assert.deepEqual(
      store.listUsers().map((u) => [u.username, u.role]),
      [['op', 'admin']],
    );
  } finally {
    store.close();
  }
});

test('a hash keeps its parameters; a login with stronger ones configured upgrades it', async () => {
  const { store, file } = openTemp({ N: 1024, r: 8, p: 1 });
  await store.upsertUser('carol', 'long enough', undefined, CLI);
  const old = store.passwordHashOf('carol') as string;
  assert.match(old, /^scrypt\$1024\$8\$1\$/);
  store.close();
  const stronger = { N: 2048, r: 8, p: 1 };
  const upgraded = UserStore.open(file, { scrypt: stronger });
  try {
    assert.equal(needsRehash(old, stronger), true);
    // A wrong password changes nothing.
    assert.equal(await upgraded.checkPassword('carol', 'wrong password'), undefined);
    assert.equal(upgraded.passwordHashOf('carol'), old);
    assert.ok(await upgraded.checkPassword('carol', 'long enough'));
    const now = upgraded.passwordHashOf('carol') as string;
    assert.match(now, /^scrypt\$2048\$8\$1\$/);
    assert.ok(await upgraded.checkPassword('carol', 'long enough'));
    // Same password, so the session epoch (and the user's tokens) stay.
    assert.equal(upgraded.findByName('carol')?.sessionEpoch, 0);
  } finally {
    upgraded.close();
  }
});

test('every change writes its audit row', async () => {
  const { store } = openTemp();
  try {
    await store.upsertUser('dave', 'long enough', 'admin', { username: 'cli:test' });
    await store.setPassword('dave', 'longer enough', CLI);
    assert.deepEqual(
      store.listAudit(10).map((r) => [r.username, r.action, r.target]),
      [
        ['cli', 'user.password', 'dave'],
        ['cli:test', 'user.add', 'dave'],
      ],
    );
  } finally {
    store.close();
  }
});

test('a database written by a newer gossipper (schema version above ours) is refused', async () => {
  const { store, file } = openTemp();
  store.close();
  const { createRequire } = await import('node:module');
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => {
    pragma(s: string): unknown;
    close(): void;
  };
  const raw = new Database(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  assert.throws(
    () => UserStore.open(file, { scrypt: CHEAP }),
    (e) =>
      codeOf(e) === 'FILE_IO' &&
      /schema version \d+ is newer than this gossipper knows/.test(String(e)),
  );
});

test('changeUser: password and role at once; a user deleted while hashing stays deleted', async () => {
  const { store } = openTemp();
  try {
    await store.upsertUser('root', 'long enough', 'admin', CLI);
    await store.upsertUser('dave', 'long enough', undefined, CLI);
    const changed = await store.changeUser(
      'DAVE',
      { password: 'new password', role: 'admin' },
      CLI,
    );
    assert.equal(changed.role, 'admin');
    assert.equal(changed.sessionEpoch, 1);
    assert.ok(await store.checkPassword('dave', 'new password'));
    await assert.rejects(store.changeUser('dave', { password: 'short' }, CLI), /at least 8/);
    // The hash is computed off the main thread; the deletion lands before its transaction.
    const racing = store.changeUser('dave', { password: 'another password' }, CLI);
    store.deleteUser('dave', CLI);
    await assert.rejects(racing, (e) => codeOf(e) === 'USER_NOT_FOUND');
    assert.equal(store.findByName('dave'), undefined);
    await assert.rejects(store.changeUser('ghost', { role: 'admin' }, CLI), /no user "ghost"/);
  } finally {
    store.close();
  }
});
