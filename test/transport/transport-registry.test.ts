/**
 * The transport registry: every protocol's openers give transports that are reliable exactly
 * when the entry says, and the capability guards find what each transport offers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TRANSPORT_REGISTRY,
  hasBufferSizes,
  hasConnectionCount,
  hasDatagramIo,
} from '../../src/transport/index.ts';
import type {
  SocketOptions,
  TlsSocketOptions,
  Transport,
  TransportName,
} from '../../src/transport/index.ts';
import { recorder } from './stream-recorder.ts';
import { clientTls, serverTls } from './tls-pair.ts';

function options(tls?: TlsSocketOptions): SocketOptions {
  return {
    bindIp: '127.0.0.1',
    family: 4,
    localIp: '127.0.0.1',
    maxStreamBufferBytes: 1024 * 1024,
    tls,
    handlers: recorder().handlers,
  };
}

for (const protocol of Object.keys(TRANSPORT_REGISTRY) as TransportName[]) {
  test(`${protocol}: listen, connect and a call socket report the entry's isReliable`, async () => {
    const kind = TRANSPORT_REGISTRY[protocol];
    const secure = protocol === 'tls' || protocol === 'wss';
    const server = await kind.opener(options(secure ? serverTls() : undefined)).listen(0);
    const opened: Transport[] = [server];
    try {
      const client = kind.opener({
        ...options(secure ? clientTls() : undefined),
        remote: server.localAddress,
      });
      opened.push(await client.connect(0), await client.openCallSocket());
      for (const t of opened) {
        assert.equal(t.isReliable, kind.isReliable);
        assert.ok(t.localAddress.port > 0);
      }
    } finally {
      await Promise.all(opened.map((t) => t.close()));
    }
  });
}

test('a connection transport refuses to open a client socket without a remote', async () => {
  const opener = TRANSPORT_REGISTRY.tcp.opener(options());
  await assert.rejects(opener.openCallSocket(), { code: 'REMOTE_MISSING' });
  await assert.rejects(opener.connect(0), { code: 'REMOTE_MISSING' });
});

test('capability guards: buffer sizes and I/O on UDP, a connection count on a TCP listener', async () => {
  const udp = await TRANSPORT_REGISTRY.udp.opener(options()).listen(0);
  const listener = await TRANSPORT_REGISTRY.tcp.opener(options()).listen(0);
  try {
    assert.ok(hasBufferSizes(udp) && udp.effectiveBufferBytes.recv > 0);
    assert.ok(hasDatagramIo(udp) && (udp.io === 'batched' || udp.io === 'node:dgram'));
    assert.equal(hasConnectionCount(udp), false);
    assert.ok(hasConnectionCount(listener));
    assert.equal(listener.connectionCount, 0);
    assert.equal(hasBufferSizes(listener), false);
    assert.equal(hasDatagramIo(listener), false);
  } finally {
    await Promise.all([udp.close(), listener.close()]);
  }
});
