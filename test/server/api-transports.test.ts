// POST/GET /api/v1/transports on a real listener: the primary's listener toggle stops new dialogs
// only (a call in progress still gets its answers; the socket stays bound), batches are checked
// whole before anything changes, and beside a one-shot run /clients is a JSON 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createSocket } from 'node:dgram';
import { buildRequest } from '../peers/memory-transport.ts';
import { call, jsonInit, startFixture } from './api-fixture.ts';

/** An OPTIONS ping from a fresh socket: whether any answer came within `ms`. */
async function answered(port: number, callId: string, ms = 300): Promise<boolean> {
  const peer = createSocket('udp4');
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  try {
    const reply = once(peer, 'message').then(() => true);
    peer.send(buildRequest('OPTIONS', { callId, cseq: 1 }), port, '127.0.0.1');
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), ms));
    return await Promise.race([reply, timeout]);
  } finally {
    peer.close();
  }
}

test('listener off: new dialogs go unanswered, on again: answered; GET reflects it', async () => {
  const f = await startFixture();
  const port = f.run.transport.localAddress.port;
  try {
    assert.equal(await answered(port, 'before'), true);
    const off = await call(`${f.base}/transports`, jsonInit('POST', { index: 0, enabled: false }));
    assert.equal(off.status, 200);
    const listeners = off.body.listeners as Array<Record<string, unknown>>;
    assert.deepEqual(
      listeners.map((l) => [l.index, l.local_port, l.enabled]),
      [[0, port, false]],
    );
    assert.deepEqual(off.body.clients, []);
    assert.equal(await answered(port, 'while-off'), false, 'a new dialog was taken');
    const on = await call(
      `${f.base}/transports`,
      jsonInit('POST', { listeners: [{ index: 0, enabled: true }] }),
    );
    assert.equal((on.body.listeners as Array<{ enabled: boolean }>)[0].enabled, true);
    assert.equal(await answered(port, 'after'), true);
    assert.equal((await call(`${f.base}/stats`)).body.total_calls, 2);
  } finally {
    await f.close();
  }
});

test('bad transports bodies are 4xx naming the problem, and change nothing', async () => {
  const f = await startFixture();
  try {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ index: 3, enabled: false }, 404, /no listener with index 3/],
      [{ index: 0 }, 400, /needs both "index" and "enabled"/],
      [
        { listeners: [{ index: 0, enabled: false }], clients: [{ id: 'x', accepting: false }] },
        404,
        /no engine with id "x"/,
      ],
      [{ clients: [{ id: 'primary', accepting: false }] }, 400, /answers calls/],
      [{ enable: true }, 400, /Unrecognized key: "enable"/],
    ];
    for (const [body, status, error] of cases) {
      const res = await call(`${f.base}/transports`, jsonInit('POST', body));
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match(String(res.body.error), error);
    }
    assert.equal(f.run.isAcceptingDialogs, true, 'a refused batch changed the listener');
    assert.equal(f.run.status().paused, false);
    // Beside a one-shot run there is no dynamic client host.
    for (const init of [{}, jsonInit('POST', { scenario_name: 'uac' }), { method: 'DELETE' }]) {
      const res = await call(`${f.base}/clients?id=a`, init);
      assert.equal(res.status, 404);
      assert.match(String(res.body.error), /dynamic clients need gossipper server/);
    }
    assert.equal('dynamic_client_api' in (await call(`${f.base}/transports`)).body, false);
  } finally {
    await f.close();
  }
});
