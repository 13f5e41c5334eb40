/**
 * Issue 12 (7a): a reset connection is reported with the peer's address and what happened, as a
 * send error when a write saw it, and never as ":0". Texts are checked as run.ts prints them:
 * `${via.protocol} ${kind} error: ${err.message}` for errors, the reason as is for a loss.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { StreamBufferBudget, TcpConnection, TcpListener } from '../../src/transport/index.ts';
import { Reports, WatchedBudget, recorder, sipMessage } from './stream-recorder.ts';

const PARTIAL = 'INVITE sip:x SIP/2.0\r\nCall-ID: reset-me\r\n';
/** No ":0" as a port (":0" followed by a non-digit or the end). */
const NO_PORT = /:0(\D|$)/;

async function listening(
  reports: Reports,
): Promise<{ listener: TcpListener; server: ReturnType<typeof recorder>; budget: WatchedBudget }> {
  const server = recorder(reports);
  const budget = new WatchedBudget(1024 * 1024, reports);
  const listener = await TcpListener.listen({
    bindIp: '127.0.0.1',
    port: 0,
    handlers: server.handlers,
    budget,
  });
  return { listener, server, budget };
}

test('a peer resetting a connection we accepted: recv error and loss name it and ECONNRESET; its bytes are given back', async () => {
  const reports = new Reports();
  const { listener, server, budget } = await listening(reports);
  const client = net.connect(listener.localAddress.port, '127.0.0.1');
  try {
    await once(client, 'connect');
    const peer = `127.0.0.1:${client.localPort}`;
    // One small write, one read: once the whole message is out, the partial one is held.
    client.write(sipMessage('whole') + PARTIAL);
    await server.waitMessages(1);
    client.resetAndDestroy();
    await server.waitLost(1);
    assert.deepEqual(server.errors, [
      `TCP recv error: connection from ${peer} reset by the peer (ECONNRESET)`,
    ]);
    assert.equal(
      server.lost[0].reason,
      `TCP connection from ${peer} reset by the peer (ECONNRESET)`,
    );
    assert.doesNotMatch(server.errors[0] + server.lost[0].reason, NO_PORT);
    assert.equal(budget.takenBytes, PARTIAL.length, 'the partial message was held');
    assert.equal(budget.usedBytes, 0);
    assert.equal(budget.heldBytes, 0);
  } finally {
    client.destroy();
    await listener.close();
  }
});

test('a reset seen by a write is a send error, with the peer named', async () => {
  const reports = new Reports();
  const { listener, server } = await listening(reports);
  const client = net.connect(listener.localAddress.port, '127.0.0.1');
  try {
    await once(client, 'connect');
    const peer = `127.0.0.1:${client.localPort}`;
    client.write(sipMessage('1'));
    await server.waitMessages(1);
    const { via, from } = server.messages[0];
    // On loopback the RST reaches our socket within resetAndDestroy(); the reply's write (at the
    // end of this turn) meets it before the event loop polls for the read side.
    client.resetAndDestroy();
    via.send(Buffer.from(sipMessage('reply'), 'latin1'), from);
    await server.waitLost(1);
    assert.deepEqual(server.errors, [
      `TCP send error: connection from ${peer} reset by the peer (ECONNRESET)`,
    ]);
    assert.equal(
      server.lost[0].reason,
      `TCP connection from ${peer} reset by the peer (ECONNRESET)`,
    );
  } finally {
    client.destroy();
    await listener.close();
  }
});

test('a connection we opened, reset by the peer, is named by where it goes', async () => {
  const reports = new Reports();
  const client = recorder(reports);
  const accepted: net.Socket[] = [];
  const peerServer = net.createServer((s) => {
    accepted.push(s);
    reports.changed();
  });
  await new Promise<void>((resolve) => peerServer.listen(0, '127.0.0.1', resolve));
  const remote = { address: '127.0.0.1', port: (peerServer.address() as net.AddressInfo).port };
  const conn = await TcpConnection.connect({
    remote,
    handlers: client.handlers,
    budget: new StreamBufferBudget(1024 * 1024),
  });
  try {
    await reports.wait(() => accepted.length === 1, 'accepted');
    accepted[0].resetAndDestroy();
    await client.waitLost(1);
    assert.deepEqual(client.errors, [
      `TCP recv error: connection to 127.0.0.1:${remote.port} reset by the peer (ECONNRESET)`,
    ]);
    assert.equal(
      client.lost[0].reason,
      `TCP connection to 127.0.0.1:${remote.port} reset by the peer (ECONNRESET)`,
    );
    assert.equal(client.lost[0].via, conn);
  } finally {
    await conn.close();
    await new Promise<void>((resolve) => peerServer.close(() => resolve()));
  }
});

test('a connection reset before we accepted it is reported as such, not as ":0"', async () => {
  const reports = new Reports();
  const { listener, server } = await listening(reports);
  try {
    // A child connects and resets while this process is blocked: the connection waits, already
    // reset, in the kernel's accept queue, and the peer's address is gone when we accept it.
    const script = `const s = require('node:net').connect(${listener.localAddress.port}, '127.0.0.1', () => s.resetAndDestroy());`;
    execFileSync(process.execPath, ['-e', script]);
    await reports.wait(() => server.errors.length === 1, 'the reset reported');
    assert.deepEqual(server.errors, [
      'TCP recv error: connection reset by the peer before it was accepted',
    ]);
    assert.deepEqual(server.lost, []);
    assert.equal(listener.connectionCount, 0);
  } finally {
    await listener.close();
  }
});
