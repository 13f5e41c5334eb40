import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamSendQueue, type ByteSink } from '../../src/transport/stream-send-queue.ts';

/** Records each write; `keeps` makes it act like a socket whose kernel buffer is full. */
function sink(keeps = false): ByteSink & { writes: Uint8Array[] } {
  const writes: Uint8Array[] = [];
  let held = 0;
  return {
    writes,
    write(chunk) {
      writes.push(chunk);
      if (keeps) held += chunk.length;
      return !keeps;
    },
    get writableLength() {
      return held;
    },
  };
}

const text = (u: Uint8Array): string => Buffer.from(u).toString('latin1');
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('messages queued in one turn leave in one write, in order; a lone one leaves uncopied', async () => {
  const s = sink();
  const q = new StreamSendQueue(s);
  q.push(Buffer.from('one;'));
  q.push(Buffer.from('two;'));
  q.push(Buffer.from('three;'));
  assert.equal(s.writes.length, 0, 'nothing is written before the turn ends');
  await turn();
  assert.deepEqual(s.writes.map(text), ['one;two;three;']);
  const lone = Buffer.from('alone');
  q.push(lone);
  await turn();
  assert.equal(s.writes[1], lone);
});

test('held: the replies to a received chunk are written at release, not later', async () => {
  const s = sink();
  const q = new StreamSendQueue(s);
  q.hold();
  q.push(Buffer.from('a'));
  q.push(Buffer.from('b'));
  assert.equal(s.writes.length, 0);
  q.release();
  assert.deepEqual(s.writes.map(text), ['ab']);
  await turn();
  assert.equal(s.writes.length, 1, 'no second, empty write');
});

test('bytes a socket still holds are never overwritten by later messages', async () => {
  const s = sink(true);
  const q = new StreamSendQueue(s);
  q.push(Buffer.from('first-1;'));
  q.push(Buffer.from('first-2;'));
  q.flush();
  q.push(Buffer.from('SECOND-1'));
  q.push(Buffer.from('SECOND-2'));
  q.flush();
  assert.deepEqual(s.writes.map(text), ['first-1;first-2;', 'SECOND-1SECOND-2']);
});

test('messages larger than the slab make it grow, keeping what was queued', () => {
  const s = sink();
  const q = new StreamSendQueue(s);
  const big = Buffer.alloc(10_000, 0x62);
  q.hold();
  q.push(Buffer.from('head;'));
  q.push(big);
  q.push(Buffer.from(';tail'));
  q.release();
  assert.equal(s.writes.length, 1);
  assert.equal(text(s.writes[0]), `head;${'b'.repeat(10_000)};tail`);
});
