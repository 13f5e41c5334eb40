/**
 * Which sockets a run opens for each transport and socket mode, and how it counts them (the
 * screen's "open sockets").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { TransportConfig } from '../../src/config/index.ts';
import { openTransports } from '../../src/run/open-transport.ts';
import type { TransportEvents } from '../../src/run/open-transport.ts';
import type { RemoteAddress, Transport } from '../../src/transport/index.ts';

function events(lost: Array<{ via: Transport; isShared: boolean }> = []): TransportEvents {
  return {
    handlers: { onMessage: () => {}, onError: () => {} },
    onMalformed: () => {},
    onConnectionLost: (via, _reason, isShared) => lost.push({ via, isShared }),
  };
}

function open(
  transport: TransportConfig,
  isClient: boolean,
  remote?: RemoteAddress,
  lost?: Array<{ via: Transport; isShared: boolean }>,
) {
  const config = { ...defaultRunConfig(), transport, localPort: 0 };
  return openTransports({
    config,
    family: 4,
    isClient,
    bindIp: '127.0.0.1',
    localIp: '127.0.0.1',
    remote,
    events: events(lost),
  });
}

test('udp per-call client: a call socket counts as open until it is closed', async () => {
  const set = await open({ protocol: 'udp', sockets: 'per-call' }, true, {
    address: '127.0.0.1',
    port: 9,
  });
  try {
    assert.equal(set.main.protocol, 'UDP');
    assert.ok(set.bufferBytes !== undefined);
    assert.equal(set.openCount, 1);
    const call = await (set.openCallSocket as () => Promise<Transport>)();
    assert.equal(set.openCount, 2);
    await call.close();
    await call.close();
    assert.equal(set.openCount, 1);
  } finally {
    await set.closeAll();
  }
});

test('udp shared: no call sockets', async () => {
  const set = await open({ protocol: 'udp', sockets: 'shared' }, true, {
    address: '127.0.0.1',
    port: 9,
  });
  try {
    assert.equal(set.openCallSocket, undefined);
  } finally {
    await set.closeAll();
  }
});

test('tcp: a server listens; a shared client connects and losing it is the shared loss', async () => {
  const server = await open({ protocol: 'tcp', sockets: 'shared' }, false);
  const lost: Array<{ via: Transport; isShared: boolean }> = [];
  const client = await open(
    { protocol: 'tcp', sockets: 'shared' },
    true,
    server.main.localAddress,
    lost,
  );
  try {
    assert.equal(server.bufferBytes, undefined);
    assert.equal(server.isDgramIo, false);
    assert.equal(client.openCallSocket, undefined);
    await server.closeAll();
    const deadline = Date.now() + 3000;
    while (lost.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(
      lost.map((l) => [l.via === client.main, l.isShared]),
      [[true, true]],
    );
  } finally {
    await Promise.all([client.closeAll(), server.closeAll()]);
  }
});

test('tcp per-call client: the main transport listens; each call connects and counts', async () => {
  const server = await open({ protocol: 'tcp', sockets: 'per-call' }, false);
  const client = await open(
    { protocol: 'tcp', sockets: 'per-call' },
    true,
    server.main.localAddress,
  );
  try {
    const call = await (client.openCallSocket as () => Promise<Transport>)();
    assert.equal(call.isReliable, true);
    assert.equal(client.openCount, 2);
    await call.close();
    assert.equal(client.openCount, 1);
  } finally {
    await Promise.all([client.closeAll(), server.closeAll()]);
  }
});
