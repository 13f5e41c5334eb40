/**
 * The addon's pacer thread (native/udp_pacer.c): datagrams handed over with a due time leave
 * at that time even while the JavaScript thread is stalled, in order, never early by more than
 * its grain; a socket closing takes what still waits for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UdpTransport, hasTimedSend, udpBatchAddon } from '../../src/transport/index.ts';
import type { RemoteAddress, Transport } from '../../src/transport/index.ts';
import { nowMs } from '../../src/platform/index.ts';
import { batchedAddonRequirement } from '../peers/native-addon.ts';

const skip = batchedAddonRequirement('pacer tests');
/** udp_pacer.c's GRAIN_NS, plus the gap between the addon's and our clock reads. */
const EARLY_MS = 0.25;

interface Arrival {
  n: number;
  /** Kernel receive time on the run clock (the batched path reports each datagram's age). */
  atMs: number;
}

function receiver(): { transport: Transport; got: Arrival[]; until(n: number): Promise<void> } {
  const got: Arrival[] = [];
  let wake = (): void => {};
  const transport = UdpTransport.openNow({
    family: 4,
    bindIp: '127.0.0.1',
    port: 0,
    handlers: {
      onMessage: (buf, _from, _via, ageMs) => {
        got.push({ n: buf.readUInt32BE(0), atMs: nowMs() - (ageMs ?? 0) });
        wake();
      },
      onError: () => undefined,
    },
  })!;
  const until = (n: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${n}`)), 5000);
      wake = () => {
        if (got.length < n) return;
        clearTimeout(timer);
        resolve();
      };
      wake();
    });
  return { transport, got, until };
}

function sender(): Transport {
  return UdpTransport.openNow({
    family: 4,
    bindIp: '127.0.0.1',
    port: 0,
    handlers: { onMessage: () => undefined, onError: () => undefined },
  })!;
}

function datagram(n: number): Buffer {
  const b = Buffer.alloc(172);
  b.writeUInt32BE(n, 0);
  return b;
}

/** CLOCK_MONOTONIC ms less run clock ms (the run clock read once first: that read is slow). */
function pacerOffsetMs(): number {
  nowMs();
  const addon = udpBatchAddon()!;
  const before = addon.monotonicMs!();
  const run = nowMs();
  return (before + addon.monotonicMs!()) / 2 - run;
}

function busyFor(ms: number): void {
  const end = nowMs() + ms;
  while (nowMs() < end);
}

test(
  'paced datagrams leave at their due time through a 150 ms stall of this thread',
  { skip },
  async () => {
    const addon = udpBatchAddon()!;
    const rx = receiver();
    const tx = sender();
    assert.ok(hasTimedSend(tx));
    const to: RemoteAddress = rx.transport.localAddress;
    const offset = pacerOffsetMs();
    const start = nowMs() + 30;
    const due: number[] = [];
    for (let i = 0; i < 40; i++) {
      due.push(start + i * 3.3);
      tx.sendAt(datagram(i), to, due[i] + offset);
    }
    // Handed to the pacer at the end of this turn; then the thread stalls past every due time.
    await new Promise<void>((r) => queueMicrotask(r));
    busyFor(start + 40 * 3.3 + 20 - nowMs());
    await rx.until(40);
    assert.deepEqual(
      rx.got.map((a) => a.n),
      due.map((_, i) => i),
      'in order',
    );
    const lateness = rx.got.map((a) => a.atMs - due[a.n]);
    for (const l of lateness) assert.ok(l > -EARLY_MS, `left ${-l} ms early`);
    // Without the pacer every datagram would wait out the stall (up to 150 ms late).
    for (const l of lateness) assert.ok(l < 10, `left ${l} ms late`);
    lateness.sort((a, b) => a - b);
    assert.ok(lateness[20] < 1, `median ${lateness[20]} ms late`);
    await tx.close();
    await rx.transport.close();
  },
);

test(
  'datagrams sent now and paced ones keep their places; a closing socket forgets its queue',
  { skip },
  async () => {
    const addon = udpBatchAddon()!;
    const rx = receiver();
    const tx = sender();
    assert.ok(hasTimedSend(tx));
    const to = rx.transport.localAddress;
    const offset = pacerOffsetMs();
    const t0 = nowMs();
    tx.send(datagram(0), to);
    tx.sendAt(datagram(1), to, t0 + 15 + offset);
    tx.send(datagram(2), to);
    tx.sendAt(datagram(3), to, t0 + 5 + offset);
    await rx.until(4);
    // Sent now: 0 and 2, at once; then by due time, 3 (5 ms) before 1 (15 ms).
    assert.deepEqual(
      rx.got.map((a) => a.n),
      [0, 2, 3, 1],
    );
    assert.ok(rx.got[3].atMs - t0 > 15 - EARLY_MS);

    const stats = new Float64Array(5);
    addon.pacerStats!(stats);
    const [sent, , , waiting, forgotten] = stats;
    for (let i = 0; i < 10; i++) tx.sendAt(datagram(100 + i), to, nowMs() + 10_000 + offset);
    await new Promise<void>((r) => queueMicrotask(r));
    addon.pacerStats!(stats);
    assert.equal(stats[3], waiting + 10, 'ten wait in the pacer');
    await tx.close();
    addon.pacerStats!(stats);
    assert.equal(stats[3], waiting, 'none waits once the socket closed');
    assert.equal(stats[4], forgotten + 10, 'the ten are counted as forgotten');
    assert.equal(stats[0], sent, 'and none was sent');
    await rx.transport.close();
  },
);
