/**
 * Framing over TLS, as a property: whatever way a stream of SIP messages is cut into TLS writes
 * (random split points, several messages in one write), both our listener and our client
 * connection deliver exactly the messages sent, in order. Every split is a separate TLS record,
 * so record boundaries fall inside headers, bodies and the blank line between them.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { test } from 'node:test';
import fc from 'fast-check';
import { TRANSPORT_REGISTRY } from '../../src/transport/index.ts';
import { Reports, recorder, sipMessage } from './stream-recorder.ts';
import { clientTls, labMaterial, serverTls } from './tls-pair.ts';

const messageArb = fc
  .record({
    callId: fc.stringMatching(/^[a-z0-9]{1,12}$/),
    body: fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e\r\n]/g, 'x')),
    keepAlive: fc.constantFrom('', '\r\n'),
  })
  .map((m) => ({ text: sipMessage(m.callId, m.body), keepAlive: m.keepAlive }));

const streamArb = fc.record({
  messages: fc.array(messageArb, { minLength: 1, maxLength: 10 }),
  cuts: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 30 }),
});

/** The stream cut at the given lengths (cycled), the last piece taking what is left. */
function pieces(stream: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  for (let i = 0; pos < stream.length; i++) {
    const n = cuts[i % cuts.length];
    out.push(stream.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

/** Writes each piece as its own TLS record, waiting for it to be flushed before the next. */
async function writeEach(socket: tls.TLSSocket, parts: Buffer[]): Promise<void> {
  for (const p of parts) {
    await new Promise<void>((resolve, reject) =>
      socket.write(p, (err) => (err ? reject(err) : resolve())),
    );
  }
}

const RUNS = 20;

test(
  'property: a TLS listener frames any split of a stream into the messages sent',
  { timeout: 20_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const listener = await TRANSPORT_REGISTRY.tls
      .opener({
        bindIp: '127.0.0.1',
        family: 4,
        maxStreamBufferBytes: 32 * 1024 * 1024,
        tls: serverTls(),
        handlers: server.handlers,
      })
      .listen(0);
    try {
      await fc.assert(
        fc.asyncProperty(streamArb, async ({ messages, cuts }) => {
          server.messages.length = 0;
          const socket = tls.connect({
            host: '127.0.0.1',
            port: listener.localAddress.port,
            ca: labMaterial().cert,
          });
          await new Promise((resolve) => socket.once('secureConnect', resolve));
          const stream = Buffer.from(messages.map((m) => m.keepAlive + m.text).join(''), 'latin1');
          await writeEach(socket, pieces(stream, cuts));
          await reports.wait(
            () => server.messages.length >= messages.length,
            'every message',
            3000,
          );
          socket.destroy();
          assert.deepEqual(
            server.messages.map((m) => m.text),
            messages.map((m) => m.text),
          );
          assert.deepEqual(server.malformed, []);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      await listener.close();
    }
  },
);

test(
  'property: a TLS client connection frames any split of what the server sends',
  { timeout: 20_000 },
  async () => {
    const m = labMaterial();
    let serverSide: tls.TLSSocket | null = null;
    const reports = new Reports();
    const accepted = new Promise<void>((resolve) => reports.once('accepted', resolve));
    const raw = tls.createServer({ cert: m.cert, key: m.key }, (s) => {
      serverSide = s;
      reports.emit('accepted');
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const client = recorder(reports);
    const conn = await TRANSPORT_REGISTRY.tls
      .opener({
        bindIp: '127.0.0.1',
        family: 4,
        remote: { address: '127.0.0.1', port: (raw.address() as net.AddressInfo).port },
        maxStreamBufferBytes: 32 * 1024 * 1024,
        tls: clientTls(),
        handlers: client.handlers,
      })
      .openCallSocket();
    try {
      await accepted;
      const peer = serverSide as unknown as tls.TLSSocket;
      await fc.assert(
        fc.asyncProperty(streamArb, async ({ messages, cuts }) => {
          client.messages.length = 0;
          const stream = Buffer.from(messages.map((x) => x.keepAlive + x.text).join(''), 'latin1');
          await writeEach(peer, pieces(stream, cuts));
          await reports.wait(
            () => client.messages.length >= messages.length,
            'every message',
            3000,
          );
          assert.deepEqual(
            client.messages.map((x) => x.text),
            messages.map((x) => x.text),
          );
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      assert.deepEqual(client.malformed, []);
    } finally {
      await conn.close();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  },
);
