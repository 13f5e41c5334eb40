/**
 * -max_socket's pool without sockets: below the cap each call opens its own, at the cap calls
 * share the open ones in turn, a shared socket closes with its last call, and a lost one is
 * never handed out again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallSocketPool } from '../../src/run/call-socket-pool.ts';
import type { RemoteAddress, Transport } from '../../src/transport/index.ts';

class FakeSocket implements Transport {
  readonly protocol = 'UDP';
  readonly isReliable = false;
  closed = 0;
  sent = 0;
  constructor(readonly localAddress: RemoteAddress) {}
  send(): void {
    this.sent++;
  }
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

function pool(cap: number): { pool: CallSocketPool; opened: FakeSocket[] } {
  const opened: FakeSocket[] = [];
  const p = new CallSocketPool(() => {
    const s = new FakeSocket({ address: '127.0.0.1', port: 40000 + opened.length });
    opened.push(s);
    return Promise.resolve(s);
  }, cap);
  return { pool: p, opened };
}

test('past the cap, calls share the open sockets round-robin', async () => {
  const { pool: p, opened } = pool(2);
  const leases = await Promise.all([p.lease(), p.lease(), p.lease(), p.lease(), p.lease()]);
  assert.equal(opened.length, 2);
  assert.deepEqual(
    leases.map((l) => l.localAddress.port),
    [40000, 40001, 40000, 40001, 40000],
  );
  leases[2].send(Buffer.from('x'), { address: '127.0.0.1', port: 9 });
  assert.equal(opened[0].sent, 1, 'a lease sends on its socket');
});

test('a socket closes when its last call gives it back, and a new call opens another', async () => {
  const { pool: p, opened } = pool(1);
  const a = await p.lease();
  const b = await p.lease();
  assert.equal(opened.length, 1);
  await a.close();
  await a.close();
  assert.equal(opened[0].closed, 0, 'still used by b');
  await b.close();
  assert.equal(opened[0].closed, 1);
  assert.equal(p.size, 0);
  await p.lease();
  assert.equal(opened.length, 2);
});

test('a lost socket gives back the leases on it and is not handed out again', async () => {
  const { pool: p, opened } = pool(1);
  const a = await p.lease();
  const b = await p.lease();
  assert.deepEqual(p.lost(opened[0]), [a, b]);
  assert.deepEqual(p.lost(opened[0]), []);
  await p.lease();
  assert.equal(opened.length, 2, 'the next call opens a new socket');
});
