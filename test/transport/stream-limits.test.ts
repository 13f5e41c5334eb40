/**
 * Bad peers of a stream listener (TCP and TLS): too many connections, connections that stay
 * silent, and a slowloris peer that trickles one message and never finishes it. Each is named in
 * an error report and cut off, while a well-behaved connection beside it keeps working.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { describe, test } from 'node:test';
import { TRANSPORT_REGISTRY } from '../../src/transport/index.ts';
import type { StreamLimits } from '../../src/transport/stream-limits.ts';
import type { RemoteAddress, Transport } from '../../src/transport/index.ts';
import { Reports, recorder, sipMessage } from './stream-recorder.ts';
import type { Recorder } from './stream-recorder.ts';
import { clientTls, labMaterial, serverTls } from './tls-pair.ts';

type Kind = 'tcp' | 'tls';

function listen(kind: Kind, r: Recorder, limits: StreamLimits): Promise<Transport> {
  return TRANSPORT_REGISTRY[kind]
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      maxStreamBufferBytes: 32 * 1024 * 1024,
      tls: kind === 'tls' ? serverTls() : undefined,
      streamLimits: limits,
      handlers: r.handlers,
    })
    .listen(0);
}

function connect(kind: Kind, r: Recorder, remote: RemoteAddress): Promise<Transport> {
  return TRANSPORT_REGISTRY[kind]
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      remote,
      maxStreamBufferBytes: 32 * 1024 * 1024,
      tls: kind === 'tls' ? clientTls() : undefined,
      handlers: r.handlers,
    })
    .openCallSocket();
}

/** A raw socket of the kind (a TLS one after its handshake), for peers that misbehave. */
async function rawSocket(kind: Kind, remote: RemoteAddress): Promise<net.Socket> {
  const s =
    kind === 'tls'
      ? tls.connect({ host: remote.address, port: remote.port, ca: labMaterial().cert })
      : net.connect(remote.port, remote.address);
  s.on('error', () => {});
  await new Promise((resolve) => s.once(kind === 'tls' ? 'secureConnect' : 'connect', resolve));
  return s;
}

/** `p`, or a rejection after `ms` (a guard against a hang: the test then fails and cleans up). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

const msg = (id: string): Buffer => Buffer.from(sipMessage(id), 'latin1');

const NONE: StreamLimits = { maxConnections: 0, idleTimeoutMs: 0, messageTimeoutMs: 0 };

for (const kind of ['tcp', 'tls'] as const) {
  const P = kind.toUpperCase();
  describe(`${P} listener limits`, () => {
    test(
      '-max_connections: one connection too many is refused and named; the others work',
      { timeout: 20_000 },
      async () => {
        const reports = new Reports();
        const server = recorder(reports);
        const listener = await listen(kind, server, { ...NONE, maxConnections: 2 });
        const a = await connect(kind, recorder(), listener.localAddress);
        const b = await connect(kind, recorder(), listener.localAddress);
        const extra = net.connect(listener.localAddress.port, '127.0.0.1');
        extra.on('error', () => {});
        try {
          await reports.wait(
            () =>
              server.errors.some((e) => /refused: 2 connections open \(-max_connections\)/.test(e)),
            'the refusal to be named',
          );
          assert.match(
            server.errors[0],
            new RegExp(`^${P} recv error: connection from 127\\.0\\.0\\.1:\\d+ refused`),
          );
          a.send(msg('a'), listener.localAddress);
          b.send(msg('b'), listener.localAddress);
          await server.waitMessages(2);
        } finally {
          extra.destroy();
          await a.close();
          await b.close();
          await listener.close();
        }
      },
    );

    test(
      '-idle_timeout: a silent connection is cut and named; a talking one is not',
      { timeout: 20_000 },
      async () => {
        const reports = new Reports();
        const server = recorder(reports);
        const listener = await listen(kind, server, { ...NONE, idleTimeoutMs: 300 });
        const silent = await rawSocket(kind, listener.localAddress);
        const talker = await connect(kind, recorder(), listener.localAddress);
        const silentClosed = new Promise((resolve) => silent.once('close', resolve));
        // Talks every 100 ms, well inside the idle timeout, until the silent one is gone.
        let n = 0;
        const ticker = setInterval(() => talker.send(msg(`t${n++}`), listener.localAddress), 100);
        try {
          await within(silentClosed, 5000, 'the silent connection to be cut');
          assert.match(
            server.errors.join('\n'),
            new RegExp(
              `^${P} recv error: connection from 127\\.0\\.0\\.1:\\d+ cut: idle for 300 ms \\(-idle_timeout\\)$`,
              'm',
            ),
          );
          assert.equal(server.errors.length, 1, server.errors.join('\n'));
          const before = server.messages.length;
          await server.waitMessages(before + 1);
        } finally {
          clearInterval(ticker);
          silent.destroy();
          await talker.close();
          await listener.close();
        }
      },
    );

    test(
      '-message_timeout: a slowloris peer is cut and named; a slow but finishing one is not',
      { timeout: 20_000 },
      async () => {
        const reports = new Reports();
        const server = recorder(reports);
        const listener = await listen(kind, server, { ...NONE, messageTimeoutMs: 400 });
        const loris = await rawSocket(kind, listener.localAddress);
        const slow = await rawSocket(kind, listener.localAddress);
        const lorisClosed = new Promise((resolve) => loris.once('close', resolve));
        const endless = sipMessage('never', 'x'.repeat(5000));
        let pos = 0;
        let slowId = 0;
        let slowPart = 0;
        const slowText = (): string => sipMessage(`slow${slowId}`);
        // Every 50 ms: the loris sends one more byte of a message it never finishes; the slow
        // peer sends a quarter of a short message, so each of its messages takes 200 ms.
        const ticker = setInterval(() => {
          if (pos < endless.length) loris.write(endless[pos++]);
          const t = slowText();
          const q = Math.ceil(t.length / 4);
          slow.write(t.slice(slowPart * q, (slowPart + 1) * q));
          if (++slowPart === 4) {
            slowPart = 0;
            slowId++;
          }
        }, 50);
        try {
          const startedAt = Date.now();
          await within(lorisClosed, 5000, 'the slowloris connection to be cut');
          const tookMs = Date.now() - startedAt;
          assert.ok(tookMs >= 350 && tookMs < 2000, `cut after ${tookMs} ms`);
          assert.match(
            server.errors.join('\n'),
            new RegExp(
              `^${P} recv error: connection from 127\\.0\\.0\\.1:\\d+ cut: no complete message within 400 ms \\(-message_timeout\\)$`,
              'm',
            ),
          );
          assert.equal(server.errors.length, 1, server.errors.join('\n'));
          assert.equal(server.malformed.length, 0);
          // The slow peer keeps going: more of its messages arrive after the loris is gone.
          const done = server.messages.length;
          await server.waitMessages(done + 2);
          assert.ok(server.messages.every((m) => m.text.startsWith('OPTIONS sip:x')));
        } finally {
          clearInterval(ticker);
          loris.destroy();
          slow.destroy();
          await listener.close();
        }
      },
    );
  });
}
