/**
 * Read pacing of the batched UDP socket (setReadPacing in native/udp_batch.c), what a `-threads N`
 * shard uses to read on its tick: while datagrams keep coming, the socket is read on a timer of
 * the asked period, so a steady trickle arrives in a few batches, not one wake-up per datagram.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UdpTransport, hasReadPacing } from '../../src/transport/index.ts';
import type { Transport } from '../../src/transport/index.ts';
import { batchedAddonRequirement } from '../peers/native-addon.ts';

const skip = batchedAddonRequirement('tests');

const PERIOD_MS = 25;
const SEND_EVERY_MS = 2;
const DATAGRAMS = 100;

/** Datagrams delivered, and in how many separate deliveries (one per read batch). */
function counter(): { got: number; deliveries: number; onMessage: () => void } {
  const c = { got: 0, deliveries: 0, onMessage: () => {} };
  let inDelivery = false;
  c.onMessage = () => {
    c.got++;
    // A batch is delivered in one synchronous loop: one microtask boundary per delivery.
    if (!inDelivery) {
      inDelivery = true;
      c.deliveries++;
      queueMicrotask(() => (inDelivery = false));
    }
  };
  return c;
}

async function open(onMessage: () => void): Promise<Transport> {
  return UdpTransport.open({
    bindIp: '127.0.0.1',
    port: 0,
    family: 4,
    bufferBytes: 1 << 20,
    handlers: { onMessage, onError: (kind, err) => assert.fail(`${kind}: ${err.message}`) },
  });
}

test(
  `a paced socket reads a datagram every ${SEND_EVERY_MS} ms in batches about ${PERIOD_MS} ms apart`,
  { skip },
  async () => {
    const c = counter();
    const receiver = await open(c.onMessage);
    const sender = await open(() => {});
    try {
      assert.ok(hasReadPacing(receiver), 'the batched socket offers read pacing');
      assert.equal(receiver.paceReads(PERIOD_MS), true);
      const to = { address: '127.0.0.1', port: receiver.localAddress.port };
      let sent = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          sender.send(Buffer.from(`datagram ${sent++}`), to);
          if (sent === DATAGRAMS) {
            clearInterval(timer);
            resolve();
          }
        }, SEND_EVERY_MS);
      });
      const deadline = Date.now() + 5000;
      while (c.got < DATAGRAMS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.equal(c.got, DATAGRAMS, 'every datagram arrives');
      // At least 200 ms of sending (the interval only ever runs late) read every 25 ms: about 9
      // deliveries, plus the first read, which comes on readiness. Unpaced it is one delivery
      // per datagram or two (1 ms timer rounds), dozens in all.
      const elapsedBound = Math.ceil((DATAGRAMS * SEND_EVERY_MS) / PERIOD_MS);
      assert.ok(
        c.deliveries <= elapsedBound * 2 + 2,
        `${c.deliveries} deliveries for ${DATAGRAMS} datagrams (paced at ${PERIOD_MS} ms)`,
      );
    } finally {
      await Promise.all([receiver.close(), sender.close()]);
    }
  },
);

test('pacing a closed socket is refused, not a crash', { skip }, async () => {
  const t = await open(() => {});
  await t.close();
  assert.ok(hasReadPacing(t));
  assert.equal(t.paceReads(2), false);
});
