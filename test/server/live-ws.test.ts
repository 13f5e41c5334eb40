// GET /api/v1/live over a real WebSocket: frames {ts, stats, control, transports} with counters
// that advance as SIP traffic flows, the token checked at the upgrade (?token= or Bearer), and
// a client that goes away removed from the feed, and one that never reads dropped at the bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { startFixture } from './api-fixture.ts';

interface Frame {
  ts: number;
  stats: { total_calls: number };
  control: { rate: number; paused: boolean };
  transports: { listeners: Array<{ local_port: number; transport: string }>; clients: unknown[] };
}

function frames(ws: WebSocket): () => Promise<Frame> {
  const queue: Frame[] = [];
  const waiting: Array<(f: Frame) => void> = [];
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as Frame;
    const w = waiting.shift();
    if (w) w(frame);
    else queue.push(frame);
  });
  return () => {
    const f = queue.shift();
    return f ? Promise.resolve(f) : new Promise((r) => waiting.push(r));
  };
}

async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('live frames carry stats, control and transports, with advancing counters', async () => {
  const f = await startFixture({ live: { intervalMs: 40 } });
  const ws = new WebSocket(`${f.base.replace('http', 'ws')}/live`);
  try {
    const next = frames(ws);
    const first = await next();
    assert.deepEqual(Object.keys(first).sort(), ['control', 'stats', 'transports', 'ts']);
    assert.deepEqual(first.control, { rate: 10, paused: false });
    assert.equal(first.transports.listeners[0].local_port, f.run.transport.localAddress.port);
    assert.equal(first.transports.listeners[0].transport, 'udp');
    const start = first.stats.total_calls;
    await f.ping('w1');
    await f.ping('w2');
    let frame = await next();
    while (frame.stats.total_calls < start + 2) frame = await next();
    assert.equal(frame.stats.total_calls, start + 2);
    assert.ok(frame.ts >= first.ts);
    assert.equal(f.api.live.size, 1);
    ws.close();
    await waitFor(() => f.api.live.size === 0, 'the closed client to leave the feed');
  } finally {
    ws.terminate();
    await f.close();
  }
});

test('with -api_token the upgrade needs ?token= or a Bearer header (401 otherwise)', async () => {
  const f = await startFixture({ token: 'tok', live: { intervalMs: 40 } });
  const url = `${f.base.replace('http', 'ws')}/live`;
  try {
    for (const bad of [url, `${url}?token=nope`]) {
      const ws = new WebSocket(bad);
      ws.on('error', () => {});
      const [, res] = (await once(ws, 'unexpected-response')) as [unknown, { statusCode: number }];
      assert.equal(res.statusCode, 401, bad);
      ws.terminate();
    }
    for (const ws of [
      new WebSocket(`${url}?token=tok`),
      new WebSocket(url, { headers: { authorization: 'Bearer tok' } }),
    ]) {
      const next = frames(ws);
      assert.equal(typeof (await next()).stats.total_calls, 'number');
      ws.terminate();
    }
    await waitFor(() => f.api.live.size === 0, 'terminated clients to leave the feed');
  } finally {
    await f.close();
  }
});

test('a real client that never reads is dropped at the bound; the others keep their frames', async () => {
  const bound = 32 * 1024;
  const lines: string[] = [];
  const f = await startFixture({
    live: { intervalMs: 2, maxBufferedBytes: bound },
    log: (line) => lines.push(line),
  });
  const port = Number(new URL(f.base).port);
  // A raw upgrade, then never a read: the kernel's buffers fill, then ws's own queue grows.
  const stuck = connect(port, '127.0.0.1');
  stuck.on('error', () => {});
  stuck.pause();
  stuck.write(
    'GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n' +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
      'Sec-WebSocket-Version: 13\r\n\r\n',
  );
  const good = new WebSocket(`${f.base.replace('http', 'ws')}/live`);
  let goodFrames = 0;
  good.on('message', () => goodFrames++);
  try {
    await waitFor(() => f.api.live.size === 2, 'both clients in the feed');
    const heapBefore = process.memoryUsage().heapUsed;
    await waitFor(() => f.api.live.size === 1, 'the stuck client to be dropped', 20_000);
    const dropped = lines.find((l) => l.includes('stopped reading'));
    assert.ok(dropped, lines.join('\n'));
    // What waited for it when it was dropped: past the bound by less than one frame.
    const bytes = Number(/\((\d+) bytes\)/.exec(dropped)?.[1]);
    assert.ok(bytes > bound && bytes < bound + 16 * 1024, `dropped with ${bytes} bytes queued`);
    assert.ok(
      process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024,
      'the heap grew while a client was stuck',
    );
    const seen = goodFrames;
    await waitFor(() => goodFrames > seen + 5, 'frames for the reading client');
    good.close();
    await waitFor(() => f.api.live.size === 0, 'the closed client to leave the feed');
  } finally {
    stuck.destroy();
    good.terminate();
    await f.close();
  }
});
