/**
 * The batched native UDP path (recvmmsg/sendmmsg addon) on loopback. Under CI the addon must be
 * built (npm ci builds it); locally a missing addon skips loudly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UdpTransport, udpBatchAddon } from '../../src/transport/index.ts';
import { batchedAddonRequirement } from '../peers/native-addon.ts';
import { BatchedUdpTransport } from '../../src/transport/udp-batched.ts';
import type { RemoteAddress, TransportHandlers } from '../../src/transport/index.ts';
import { messageHash } from '../../src/sip/index.ts';

const skip = batchedAddonRequirement('tests');

interface Inbox {
  handlers: TransportHandlers;
  got: Array<{
    text: string;
    from: RemoteAddress;
    ageMs: number;
    hash: number | undefined;
    hashOfBytes: number;
  }>;
  errors: string[];
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

function inbox(): Inbox {
  const got: Inbox['got'] = [];
  const errors: string[] = [];
  let wake = (): void => {};
  return {
    got,
    errors,
    handlers: {
      onMessage: (buf, from, _via, ageMs, hash) => {
        got.push({
          text: buf.toString('latin1'),
          from,
          ageMs: ageMs ?? -1,
          hash,
          hashOfBytes: messageHash(buf),
        });
        wake();
      },
      onError: (kind, err) => {
        errors.push(`${kind}: ${err.message}`);
        wake();
      },
    },
    waitFor(n, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${got.length} of ${n} datagrams`)),
          timeoutMs,
        );
        const check = (): void => {
          if (got.length >= n) {
            clearTimeout(timer);
            resolve();
          }
        };
        wake = check;
        check();
      });
    },
  };
}

async function pair(family: 4 | 6 = 4) {
  const bindIp = family === 6 ? '::1' : '127.0.0.1';
  const ai = inbox();
  const bi = inbox();
  const a = await UdpTransport.open({
    bindIp,
    port: 0,
    family,
    bufferBytes: 1 << 20,
    handlers: ai.handlers,
  });
  const b = await UdpTransport.open({
    bindIp,
    port: 0,
    family,
    bufferBytes: 1 << 20,
    handlers: bi.handlers,
  });
  return { a, b, ai, bi, close: () => Promise.all([a.close(), b.close()]) };
}

test('datagrams cross both ways with the sender address and a receive age', { skip }, async () => {
  const { a, b, ai, bi, close } = await pair();
  try {
    assert.equal(a.io, 'batched');
    a.send(Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'), {
      address: '127.0.0.1',
      port: b.localAddress.port,
    });
    await bi.waitFor(1);
    assert.equal(bi.got[0].text, 'OPTIONS sip:x SIP/2.0\r\n\r\n');
    assert.deepEqual(bi.got[0].from, { address: '127.0.0.1', port: a.localAddress.port });
    assert.ok(bi.got[0].ageMs >= 0 && bi.got[0].ageMs < 1000, `age ${bi.got[0].ageMs} ms`);
    // The addon's C hash must be bit-for-bit the engine's messageHash (retransmission detection).
    assert.equal(bi.got[0].hash, bi.got[0].hashOfBytes);
    b.send(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), bi.got[0].from);
    await ai.waitFor(1);
    assert.equal(ai.got[0].text, 'SIP/2.0 200 OK\r\n\r\n');
  } finally {
    await close();
  }
});

/** The kernel grants min(asked, rmem_max), doubled; rmem_max differs between machines. */
function expectedRecvBuffer(asked: number): number {
  const max = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  return Math.min(asked, max);
}

test(
  'a burst larger than one batch arrives whole and in order, and the kernel granted the buffers',
  { skip },
  async () => {
    const { a, b, bi, close } = await pair();
    try {
      // 200 datagrams: more than a send batch (64) and a receive batch (32), few enough for the
      // receive buffer to hold them all, since the receiver reads only after the sender's turn.
      const to = { address: '127.0.0.1', port: b.localAddress.port };
      for (let i = 0; i < 200; i++) a.send(Buffer.from(`message ${i} `.padEnd(200, 'x')), to);
      await bi.waitFor(200);
      assert.deepEqual(
        bi.got.map((g) => Number(g.text.split(' ')[1])),
        [...Array(200).keys()],
      );
      assert.ok(
        a.effectiveBufferBytes.recv >= expectedRecvBuffer(1 << 20),
        `rcvbuf ${a.effectiveBufferBytes.recv}`,
      );
    } finally {
      await close();
    }
  },
);

test('a 60 000-byte datagram and IPv6 loopback work', { skip }, async () => {
  const { a, b, bi, close } = await pair(6);
  try {
    const big = Buffer.alloc(60000, 0x41);
    a.send(big, { address: '::1', port: b.localAddress.port });
    await bi.waitFor(1);
    assert.equal(bi.got[0].text.length, 60000);
    assert.equal(bi.got[0].from.address, '::1');
  } finally {
    await close();
  }
});

test('datagrams queued just before close still leave', { skip }, async () => {
  const { a, b, bi } = await pair();
  const to = { address: '127.0.0.1', port: b.localAddress.port };
  for (let i = 0; i < 10; i++) a.send(Buffer.from(`bye ${i}`), to);
  await a.close();
  await bi.waitFor(10);
  await b.close();
  assert.equal(bi.got.length, 10);
});

test(
  'an IPv6 destination from an IPv4 socket is a reported send error, not a crash',
  { skip },
  async () => {
    const { a, ai, close } = await pair();
    try {
      a.send(Buffer.from('x'), { address: '::1', port: 5060 });
      assert.match(ai.errors[0] ?? '', /^send: cannot send to ::1:5060 from an IPv4 socket/);
    } finally {
      await close();
    }
  },
);

test('a port in use is BIND_FAILED; with reusePort two sockets share it', { skip }, async () => {
  const first = inbox();
  const a = await UdpTransport.open({
    bindIp: '127.0.0.1',
    port: 0,
    family: 4,
    handlers: first.handlers,
    reusePort: true,
  });
  try {
    const port = a.localAddress.port;
    await assert.rejects(
      UdpTransport.open({ bindIp: '127.0.0.1', port, family: 4, handlers: inbox().handlers }),
      (err: Error & { code?: string }) =>
        err.code === 'BIND_FAILED' && /EADDRINUSE/.test(err.message),
    );
    const b = await UdpTransport.open({
      bindIp: '127.0.0.1',
      port,
      family: 4,
      handlers: inbox().handlers,
      reusePort: true,
    });
    assert.equal(b.localAddress.port, port);
    await b.close();
  } finally {
    await a.close();
  }
});

test(
  'time spent on one datagram of a batch counts in the age of the ones after it',
  { skip },
  async () => {
    const { a, close } = await pair();
    const ages: number[] = [];
    let done = (): void => {};
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    const c = await UdpTransport.open({
      bindIp: '127.0.0.1',
      port: 0,
      family: 4,
      bufferBytes: 1 << 20,
      handlers: {
        onMessage: (_buf, _from, _via, ageMs) => {
          ages.push(ageMs ?? -1);
          // The engine busy on the first message for 20 ms.
          if (ages.length === 1) {
            const until = performance.now() + 20;
            while (performance.now() < until) {
              /* busy */
            }
          }
          if (ages.length === 5) done();
        },
        onError: () => {},
      },
    });
    try {
      for (let i = 0; i < 5; i++)
        a.send(Buffer.from(`OPTIONS sip:${i} SIP/2.0\r\n\r\n`), {
          address: '127.0.0.1',
          port: c.localAddress.port,
        });
      await all;
      // Whether the four arrived in the first batch or in a later read, they waited for it.
      for (const age of ages.slice(1)) assert.ok(age >= 19, `age ${age} ms after a 20 ms handler`);
    } finally {
      await Promise.all([close(), c.close()]);
    }
  },
);

test(
  'what a received batch sends leaves when the batch is handled, before any microtask',
  { skip },
  async () => {
    const ai = inbox();
    const queuedAtMicrotask: number[] = [];
    const a = await UdpTransport.open({
      bindIp: '127.0.0.1',
      port: 0,
      family: 4,
      bufferBytes: 1 << 20,
      handlers: ai.handlers,
    });
    // b answers every datagram from inside its handler, as the engine does.
    const b: UdpTransport = await UdpTransport.open({
      bindIp: '127.0.0.1',
      port: 0,
      family: 4,
      bufferBytes: 1 << 20,
      handlers: {
        onMessage: (buf, from) => {
          b.send(Buffer.from(`re: ${buf.toString('latin1')}`), from);
          queueMicrotask(() => queuedAtMicrotask.push((b as BatchedUdpTransport).queuedDatagrams));
        },
        onError() {},
      },
    });
    try {
      assert.ok(b instanceof BatchedUdpTransport);
      for (let i = 0; i < 20; i++)
        a.send(Buffer.from(`m${i}`), { address: '127.0.0.1', port: b.localAddress.port });
      await ai.waitFor(20);
      assert.deepEqual(
        ai.got.map((g) => g.text).sort(),
        Array.from({ length: 20 }, (_, i) => `re: m${i}`).sort(),
      );
      assert.ok(
        queuedAtMicrotask.length === 20 && queuedAtMicrotask.every((n) => n === 0),
        `queued when microtasks ran: ${queuedAtMicrotask}`,
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  },
);

test(
  'a worker thread ended with an addon socket and timer still open leaves the process running',
  { skip },
  () => {
    // Worker.terminate() (a shard that failed, a stop) tears the thread down without our close();
    // open libuv handles used to abort Node, and a live timer to crash it.
    const addonPath = new URL('../../build/Release/udp_batch.node', import.meta.url).pathname;
    const worker = `
    const addon = require(${JSON.stringify(addonPath)});
    const timer = addon.timerOpen(() => {});
    addon.timerStart(timer, 1, 1);
    const precise = addon.timerOpen(() => {}, true);
    addon.timerStart(precise, 1, 1);
    addon.open(4, '127.0.0.1', 0, 0, false, Buffer.allocUnsafeSlow(65536), new Int32Array(10), 65536, () => {});
    require('node:worker_threads').parentPort.postMessage('open');`;
    const main = `
    const { Worker } = require('node:worker_threads');
    (async () => {
      for (let i = 0; i < 3; i++) {
        const w = new Worker(${JSON.stringify(worker)}, { eval: true });
        await new Promise((r) => w.once('message', r));
        await new Promise((r) => setTimeout(r, 20));
        await w.terminate();
      }
      console.log('still here');
    })();`;
    const r = spawnSync(process.execPath, ['-e', main], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, `exit ${r.status} signal ${r.signal}\n${r.stderr.slice(0, 2000)}`);
    assert.equal(r.stdout.trim(), 'still here');
  },
);

test(
  'a precise timer ticks on whole milliseconds of the monotonic clock, and stops when told',
  { skip },
  async () => {
    // Media pacing (run/system-loop-timer.ts): a libuv timer's 1 ms ticks fall anywhere in the
    // millisecond after the due one; the timerfd kind lands just after each whole millisecond.
    const addon = udpBatchAddon();
    assert.ok(addon !== null);
    const fractionsUs = (precise: boolean): Promise<number[]> =>
      new Promise((resolve) => {
        const seen: number[] = [];
        const timer = addon.timerOpen(() => {
          seen.push(Number(process.hrtime.bigint() % 1_000_000n) / 1000);
          if (seen.length === 200) {
            addon.timerClose(timer);
            resolve(seen);
          }
        }, precise);
        addon.timerStart(timer, 1, 1);
      });
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const precise = await fractionsUs(true);
    const plain = await fractionsUs(false);
    // process.hrtime is CLOCK_MONOTONIC, the timerfd's clock: the fraction is the wake latency.
    assert.ok(median(precise) < 300, `precise ticks ${median(precise)} us into their ms`);
    assert.ok(median(plain) > median(precise), `libuv ticks ${median(plain)} us into their ms`);

    let fired = 0;
    const timer = addon.timerOpen(() => fired++, true);
    addon.timerStart(timer, 1, 1);
    await new Promise((r) => setTimeout(r, 20));
    addon.timerStop(timer);
    const atStop = fired;
    assert.ok(atStop > 0, 'it fired');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fired, atStop, 'no tick after timerStop');
    addon.timerStart(timer, 5, 0);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(fired, atStop + 1, 'a one-shot start fires once');
    addon.timerClose(timer);
  },
);
