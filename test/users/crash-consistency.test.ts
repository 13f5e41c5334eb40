// kill -9 in the middle of user changes: a child process changes users in a loop on a real
// SQLite file and is killed at a random moment, several times over the same file. After each
// kill the database must be sound (integrity_check), and every change whole: each added name
// exists unless its deletion was recorded, no deleted name exists, every user row has a
// complete scrypt hash and its audit row (never a half-user).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserStore } from '../../src/users/index.ts';

const CHILD = new URL('./user-churn-child.ts', import.meta.url).pathname;

/** Runs the child until it reported `changes` changes plus a random bit more, then SIGKILL. */
async function churnAndKill(file: string, prefix: string, changes: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, prefix], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error('the child ended before it was killed')));
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').length - 1;
      if (seen >= changes) resolve();
    });
  });
  // Somewhere within the next change or two: inside a hash, a transaction or a commit.
  await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 15)));
  child.removeAllListeners('exit');
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  const [code, signal] = (await exited) as [number | null, string | null];
  assert.equal(signal, 'SIGKILL', `exit ${code}`);
}

function assertWhole(store: UserStore): void {
  assert.equal(store.integrityCheck(), 'ok');
  const audit = store.listAudit(10_000);
  const added = new Set(audit.filter((r) => r.action === 'user.add').map((r) => r.target));
  const deleted = new Set(audit.filter((r) => r.action === 'user.delete').map((r) => r.target));
  const users = store.listUsers();
  for (const user of users) {
    assert.ok(added.has(user.username), `${user.username} exists without its audit row`);
    assert.ok(!deleted.has(user.username), `${user.username} was deleted but exists`);
    assert.match(
      store.passwordHashOf(user.username) ?? '',
      /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]{43}$/,
    );
  }
  const names = new Set(users.map((u) => u.username));
  for (const name of added)
    if (!deleted.has(name))
      assert.ok(names.has(name as string), `${name} was added but is missing`);
}

test('kill -9 during user changes leaves a sound database and no half-user', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-crash-')), 'users.sqlite');
  for (let round = 0; round < 4; round++) {
    await churnAndKill(file, `r${round}u`, 20 + Math.floor(Math.random() * 40));
    const store = UserStore.open(file, { scrypt: { N: 1024, r: 8, p: 1 } });
    try {
      assertWhole(store);
      assert.ok(store.countUsers() > 0);
    } finally {
      store.close();
    }
  }
});
