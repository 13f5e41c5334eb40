// Child process of crash-consistency.test.ts: changes users as fast as it can (add, password,
// role, delete) in the database given as argv[2], until it is killed. Each name is used once,
// so the parent can tell from the audit log what must and must not exist. Prints "changed N"
// after each change so the parent knows it is in the middle of the work.
import { UserStore } from '../../src/users/index.ts';

const [, , file, prefix] = process.argv;
const store = UserStore.open(file, { scrypt: { N: 1024, r: 8, p: 1 } });
const actor = { username: 'churn' };
let n = 0;
for (;;) {
  const name = `${prefix}${n}`;
  await store.upsertUser(name, `password ${n}`, n % 3 === 0 ? 'admin' : 'operator', actor);
  await store.setPassword(name, `password ${n}!`, actor);
  if (n % 3 === 1) store.setRole(name, 'admin', actor);
  if (n % 2 === 0 && n > 0) store.deleteUser(`${prefix}${n - 1}`, actor);
  n++;
  process.stdout.write(`changed ${n}\n`);
}
