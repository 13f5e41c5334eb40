/**
 * Issue 12 (6): the bytes TCP connections hold for unfinished messages are bounded for the whole
 * run (-max_stream_buffer), not only per connection, and given back when a connection closes.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { StreamBufferBudget, TcpConnection, TcpListener } from '../../src/transport/index.ts';
import { Reports, WatchedBudget, recorder, sipMessage } from './stream-recorder.ts';

const CAP = 1024 * 1024;
const OVER_CAP = `all connections would hold more than -max_stream_buffer (${CAP} bytes)`;
/** 20,000 bytes of headers that never reach their blank line. */
const UNFINISHED_HEADER = (() => {
  const start = 'INVITE sip:x SIP/2.0\r\nCall-ID: slow\r\nX-Pad: ';
  return start + 'a'.repeat(20_000 - start.length);
})();

test(
  '100 connections holding 20 kB of headers each: the run-wide cap holds, those past it are closed as malformed, and closing gives every byte back',
  { timeout: 30_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const budget = new WatchedBudget(CAP, reports);
    const listener = await TcpListener.listen({
      bindIp: '127.0.0.1',
      port: 0,
      handlers: server.handlers,
      budget,
    });
    const port = listener.localAddress.port;
    const clients: net.Socket[] = [];
    let clientsClosed = 0;
    let legit: TcpConnection | undefined;
    try {
      for (let i = 0; i < 100; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => {});
        socket.once('close', () => {
          clientsClosed++;
          reports.changed();
        });
        clients.push(socket);
        await once(socket, 'connect');
        // Barrier: the listener has taken room for all 20 kB, or refused this connection. Later
        // bytes of a connection that has its room cannot change what the budget holds.
        const takenBefore = budget.takenBytes;
        const refusedBefore = server.malformed.length;
        socket.write(UNFINISHED_HEADER);
        await reports.wait(
          () =>
            budget.takenBytes - takenBefore >= UNFINISHED_HEADER.length ||
            server.malformed.length > refusedBefore,
          `connection ${i} held or refused`,
        );
      }
      const refused = server.malformed.length;
      const holding = 100 - refused;
      assert.ok(budget.highestHeldBytes <= CAP, `held at most ${budget.highestHeldBytes} bytes`);
      assert.ok(
        budget.highestHeldBytes > CAP - 64 * 1024,
        'the connections really were held together, up to the cap',
      );
      assert.ok(
        holding * UNFINISHED_HEADER.length <= CAP,
        `${holding} connections hold 20 kB each`,
      );
      assert.ok(refused >= 100 - Math.floor(CAP / UNFINISHED_HEADER.length), `${refused} refused`);
      for (const m of server.malformed) {
        assert.equal(m.reason, OVER_CAP);
        assert.ok(
          m.raw.startsWith('INVITE sip:x SIP/2.0\r\nCall-ID: slow\r\n'),
          'traced from the start of the message',
        );
      }
      // The refused connections are closed, reported lost with the reason, and the clients see it.
      await reports.wait(
        () => server.lost.length === refused && clientsClosed === refused,
        'refused connections closed',
      );
      for (const l of server.lost)
        assert.match(
          l.reason,
          /^TCP connection from 127\.0\.0\.1:\d+ closed by us: all connections would hold more than -max_stream_buffer \(1048576 bytes\)$/,
        );
      assert.equal(listener.connectionCount, holding);

      // A whole message needs no room: it gets through while the budget is full.
      legit = await TcpConnection.connect({
        remote: listener.localAddress,
        handlers: recorder().handlers,
        budget: new StreamBufferBudget(CAP),
      });
      legit.send(Buffer.from(sipMessage('while-full'), 'latin1'), listener.localAddress);
      await server.waitMessages(1);
      assert.equal(server.messages[0].text, sipMessage('while-full'));

      // Closing the holders gives their bytes back: the budget is empty again.
      for (const c of clients) c.destroy();
      await reports.wait(() => server.lost.length === 100, 'every flood connection lost');
      assert.equal(budget.usedBytes, 0);
      assert.equal(budget.heldBytes, 0, 'every take was given back');

      // And a message split over two reads can be held again.
      const whole = sipMessage('split-after', 'x'.repeat(2000));
      const takenBefore = budget.takenBytes;
      legit.send(Buffer.from(whole.slice(0, 1000), 'latin1'), listener.localAddress);
      await reports.wait(() => budget.takenBytes > takenBefore, 'the first half held');
      legit.send(Buffer.from(whole.slice(1000), 'latin1'), listener.localAddress);
      await server.waitMessages(2);
      assert.equal(server.messages[1].text, whole);
      assert.equal(budget.usedBytes, 0);
    } finally {
      for (const c of clients) c.destroy();
      await legit?.close();
      await listener.close();
    }
  },
);

test(
  'one budget is shared by accepted connections and connections we open; closing either side gives its bytes back',
  { timeout: 30_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const client = recorder(reports);
    const budget = new WatchedBudget(64 * 1024 + 4, reports);
    const listener = await TcpListener.listen({
      bindIp: '127.0.0.1',
      port: 0,
      handlers: server.handlers,
      budget,
    });
    const peers: net.Socket[] = [];
    const rawServer = net.createServer((s) => {
      s.on('error', () => {});
      peers.push(s);
      reports.changed();
    });
    await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
    const rawClient = net.connect(listener.localAddress.port, '127.0.0.1');
    rawClient.on('error', () => {});
    await once(rawClient, 'connect');
    const opened = await TcpConnection.connect({
      remote: { address: '127.0.0.1', port: (rawServer.address() as net.AddressInfo).port },
      handlers: client.handlers,
      budget,
    });
    try {
      const header40k = UNFINISHED_HEADER + 'b'.repeat(20_000);
      rawClient.write(header40k);
      await reports.wait(
        () => budget.takenBytes >= header40k.length,
        'the accepted connection holding 40 kB',
      );
      await reports.wait(() => peers.length === 1, 'our connection accepted');
      peers[0].write(header40k);
      await reports.wait(() => client.malformed.length === 1, 'our connection refused');
      assert.equal(
        client.malformed[0].reason,
        'all connections would hold more than -max_stream_buffer (65540 bytes)',
      );
      await client.waitLost(1);
      assert.equal(client.lost[0].via, opened);
      assert.equal(budget.usedBytes, budget.heldBytes);
      assert.ok(budget.usedBytes >= header40k.length, 'the accepted connection keeps its bytes');
      // Our own close of the listener (not a loss) releases them too.
      await listener.close();
      assert.equal(budget.usedBytes, 0);
      assert.equal(budget.heldBytes, 0);
    } finally {
      rawClient.destroy();
      await opened.close();
      for (const p of peers) p.destroy();
      await listener.close();
      await new Promise<void>((resolve) => rawServer.close(() => resolve()));
    }
  },
);
