import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { GossipperError } from '../../src/errors.ts';
import { StreamBufferBudget, TcpConnection, TcpListener } from '../../src/transport/index.ts';
import { recorder, sipMessage } from './stream-recorder.ts';
import type { Recorder } from './stream-recorder.ts';

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

const msg = sipMessage;

/** The run-wide cap as openTransports builds it; these tests stay far below it. */
function budget(): StreamBufferBudget {
  return new StreamBufferBudget(32 * 1024 * 1024);
}

async function pair(): Promise<{
  server: Recorder;
  client: Recorder;
  listener: TcpListener;
  conn: TcpConnection;
}> {
  const server = recorder();
  const client = recorder();
  const listener = await TcpListener.listen({
    bindIp: '127.0.0.1',
    port: 0,
    handlers: server.handlers,
    budget: budget(),
  });
  const conn = await TcpConnection.connect({
    remote: listener.localAddress,
    handlers: client.handlers,
    budget: budget(),
  });
  return { server, client, listener, conn };
}

test('messages in one write or split are framed; the reply goes back on the same connection', async () => {
  const { server, client, listener, conn } = await pair();
  try {
    assert.equal(conn.protocol, 'TCP');
    assert.equal(listener.protocol, 'TCP');
    assert.ok(conn.localAddress.port > 0);
    conn.send(Buffer.from(msg('1') + msg('2', 'body'), 'latin1'), listener.localAddress);
    conn.send(Buffer.from(msg('3', 'abc').slice(0, 10), 'latin1'), listener.localAddress);
    conn.send(Buffer.from(msg('3', 'abc').slice(10), 'latin1'), listener.localAddress);
    await server.waitMessages(3);
    assert.deepEqual(
      server.messages.map((m) => m.text),
      [msg('1'), msg('2', 'body'), msg('3', 'abc')],
    );
    const { via, from } = server.messages[0];
    assert.equal(from.port, conn.localAddress.port);
    assert.equal(listener.connectionCount, 1);
    via.send(Buffer.from(msg('reply'), 'latin1'), from);
    await client.waitMessages(1);
    assert.equal(client.messages[0].text, msg('reply'));
    assert.equal(client.messages[0].via, conn);
    // The engine closes a finished call's socket; an accepted connection must survive that.
    await via.close();
    via.send(Buffer.from(msg('again'), 'latin1'), from);
    await client.waitMessages(2);
    assert.deepEqual(server.errors, []);
  } finally {
    await conn.close();
    await listener.close();
  }
});

test('the listener can also reply by address, and says so when no connection matches', async () => {
  const { server, client, listener, conn } = await pair();
  try {
    conn.send(Buffer.from(msg('1'), 'latin1'), listener.localAddress);
    await server.waitMessages(1);
    listener.send(Buffer.from(msg('by-address'), 'latin1'), server.messages[0].from);
    await client.waitMessages(1);
    listener.send(Buffer.from(msg('nowhere'), 'latin1'), { address: '127.0.0.9', port: 9 });
    assert.match(server.errors[0], /^TCP send error: no TCP connection from 127\.0\.0\.9:9/);
  } finally {
    await conn.close();
    await listener.close();
  }
});

test('a peer closing its connection is reported once; our own close is not', async () => {
  const { server, client, listener, conn } = await pair();
  conn.send(Buffer.from(msg('1'), 'latin1'), listener.localAddress);
  await server.waitMessages(1);
  await conn.close();
  await server.waitLost(1);
  assert.equal(server.lost[0].via, server.messages[0].via);
  assert.match(server.lost[0].reason, /closed by the peer/);
  assert.equal(client.lost.length, 0);
  assert.equal(listener.connectionCount, 0);
  conn.send(Buffer.from(msg('late'), 'latin1'), listener.localAddress);
  assert.match(client.errors[0], /is closed/);
  await listener.close();
});

test('closing the listener closes its connections, which the client sees as lost', async () => {
  const { client, listener, conn } = await pair();
  conn.send(Buffer.from(msg('1'), 'latin1'), listener.localAddress);
  await until(() => listener.connectionCount === 1, 'accept');
  await listener.close();
  await client.waitLost(1);
  assert.equal(client.lost[0].via, conn);
  assert.equal(conn.isOpen, false);
});

test('garbage on a connection is reported as malformed and that connection is closed', async () => {
  const server = recorder();
  const listener = await TcpListener.listen({
    bindIp: '127.0.0.1',
    port: 0,
    handlers: server.handlers,
    budget: budget(),
  });
  const raw = net.connect(listener.localAddress.port, '127.0.0.1');
  try {
    await new Promise((res) => raw.once('connect', res));
    const ended = new Promise((res) => raw.once('close', res));
    raw.write(msg('ok') + '\x16\x03\x01 TLS hello?');
    await ended;
    await server.waitLost(1);
    assert.deepEqual(
      server.messages.map((m) => m.text),
      [msg('ok')],
    );
    assert.equal(server.malformed.length, 1);
    assert.match(server.malformed[0].reason, /not a SIP start line/);
    assert.match(
      server.lost[0].reason,
      /^TCP connection from 127\.0\.0\.1:\d+ closed by us: stream data is not a SIP start line$/,
    );
  } finally {
    raw.destroy();
    await listener.close();
  }
});

test('connect failures and a taken port are GossipperErrors with stable codes', async () => {
  const r = recorder();
  const listener = await TcpListener.listen({
    bindIp: '127.0.0.1',
    port: 0,
    handlers: r.handlers,
    budget: budget(),
  });
  const port = listener.localAddress.port;
  await assert.rejects(
    TcpListener.listen({ bindIp: '127.0.0.1', port, handlers: r.handlers, budget: budget() }),
    (e: GossipperError) => e.code === 'BIND_FAILED' && /EADDRINUSE/.test(e.message),
  );
  await listener.close();
  await assert.rejects(
    TcpConnection.connect({
      remote: { address: '127.0.0.1', port },
      handlers: r.handlers,
      budget: budget(),
    }),
    (e: GossipperError) =>
      e.code === 'RUN_FATAL' &&
      /Error on TCP connection to 127\.0\.0\.1:\d+: ECONNREFUSED/.test(e.message),
  );
});

test('connections we open share one read buffer: a message split across reads survives the other connection reading in between', async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const remote = { address: '127.0.0.1', port: (server.address() as net.AddressInfo).port };
  const a = recorder();
  const b = recorder();
  const aBudget = budget();
  const ca = await TcpConnection.connect({ remote, handlers: a.handlers, budget: aBudget });
  const cb = await TcpConnection.connect({ remote, handlers: b.handlers, budget: budget() });
  try {
    await until(() => sockets.length === 2, 'two accepted sockets');
    const [sa, sb] =
      sockets[0].remotePort === ca.localAddress.port ? sockets : [sockets[1], sockets[0]];
    const long = msg('a-long', 'x'.repeat(3000));
    sa.write(long.slice(0, 1500));
    // Barrier: A has read its first half (held as an unfinished message in its budget).
    await until(() => aBudget.usedBytes === 1500, "A's first half read");
    // B's read lands in the same memory A's first half was read into.
    sb.write(msg('b-1', 'y'.repeat(2000)) + msg('b-2'));
    await b.waitMessages(2);
    sa.write(long.slice(1500) + msg('a-2'));
    await a.waitMessages(2);
    assert.deepEqual(
      a.messages.map((m) => m.text),
      [long, msg('a-2')],
    );
    assert.deepEqual(
      b.messages.map((m) => m.text),
      [msg('b-1', 'y'.repeat(2000)), msg('b-2')],
    );
    assert.equal(a.messages[0].via, ca);
    assert.equal(b.messages[0].via, cb);
  } finally {
    await ca.close();
    await cb.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
