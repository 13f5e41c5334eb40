/**
 * SIP over WebSocket (src/transport/ws-*.ts) beyond the shared Transport contract: one SIP
 * message per frame both ways (a fast-check property), frames that are not one whole message,
 * the `sip` subprotocol refused on either side, a 10 MB frame, a peer without pongs, and peers
 * that close mid-run. Network on 127.0.0.1 only.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { GossipperError } from '../../src/errors.ts';
import type { RemoteAddress, StreamHandlers, Transport } from '../../src/transport/index.ts';
import { hasConnectionCount } from '../../src/transport/index.ts';
import { frameProblem } from '../../src/transport/ws-frame.ts';
import { webSocketClient, webSocketListener, webSocketPair } from './ws-pair.ts';

interface Log {
  messages: Array<{ text: string; via: Transport; from: RemoteAddress }>;
  malformed: string[];
  errors: string[];
  lost: string[];
  handlers: StreamHandlers;
}

function log(): Log {
  const l: Log = {
    messages: [],
    malformed: [],
    errors: [],
    lost: [],
    handlers: {
      onMessage: (buf, from, via) => l.messages.push({ text: buf.toString('latin1'), via, from }),
      onError: (kind, err) => l.errors.push(`${kind}: ${err.message}`),
      onMalformed: (_raw, _from, reason) => l.malformed.push(reason),
      onConnectionLost: (_via, reason) => l.lost.push(reason),
    },
  };
  return l;
}

/** Waits for I/O until `isDone`; the deadline only guards a hang. */
async function until(isDone: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function sipMessage(i: number, body: string, compact: boolean): string {
  const len = Buffer.byteLength(body, 'latin1');
  return (
    `MESSAGE sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS abc.invalid;branch=z9hG4bK${i}\r\n` +
    `Call-ID: m-${i}\r\nCSeq: ${i} MESSAGE\r\n` +
    (body === '' && compact ? '' : `${compact ? 'l' : 'Content-Length'}: ${len}\r\n`) +
    `\r\n${body}`
  );
}

const bodyArb = fc.string({ maxLength: 2000 }).map((s) => s.replace(/[^\x20-\x7e\r\n]/g, 'x'));

describe('WebSocket framing', () => {
  for (const secure of [false, true]) {
    const name = secure ? 'WSS' : 'WS';
    test(`${name}: random batches arrive as the same messages, one per frame, both ways`, async () => {
      const c = log();
      const s = log();
      const [conn, listener] = await webSocketPair(secure, c.handlers, s.handlers);
      let sent = 0;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.tuple(bodyArb, fc.boolean()), { minLength: 1, maxLength: 20 }),
            async (batch) => {
              const texts = batch.map(([body, compact]) => sipMessage(sent++, body, compact));
              const s0 = s.messages.length;
              const c0 = c.messages.length;
              for (const t of texts) conn.send(Buffer.from(t, 'latin1'), listener.localAddress);
              await until(() => s.messages.length === s0 + texts.length, 'the server');
              assert.deepEqual(
                s.messages.slice(s0).map((m) => m.text),
                texts,
              );
              // Replies go back on the connection each arrived on.
              for (const m of s.messages.slice(s0))
                m.via.send(Buffer.from(m.text, 'latin1'), m.from);
              await until(() => c.messages.length === c0 + texts.length, 'the client');
              assert.deepEqual(
                c.messages.slice(c0).map((m) => m.text),
                texts,
              );
            },
          ),
          { numRuns: 40 },
        );
        assert.deepEqual([...c.malformed, ...s.malformed, ...c.errors, ...s.errors], []);
        assert.equal(s.messages[0].via.protocol, name);
      } finally {
        await conn.close();
        await listener.close();
      }
    });
  }

  test('frameProblem accepts one whole message and names half of one or two', () => {
    const one = sipMessage(1, 'hello', false);
    assert.equal(frameProblem(Buffer.from(one)), null);
    assert.equal(frameProblem(Buffer.from(sipMessage(2, 'x', true))), null);
    assert.match(frameProblem(Buffer.from(one.slice(0, 30))) ?? '', /headers never end/);
    assert.match(frameProblem(Buffer.from(one.slice(0, -2))) ?? '', /half a message/);
    assert.match(frameProblem(Buffer.from(one + one)) ?? '', /more than one message/);
    assert.match(
      frameProblem(Buffer.from(one.replace('Content-Length: 5', 'Content-Length: x'))) ?? '',
      /invalid Content-Length/,
    );
  });

  test('a frame that is not one whole message is counted as malformed; the connection goes on', async () => {
    const s = log();
    const listener = await webSocketListener(false, s.handlers);
    const raw = new WebSocket(`ws://127.0.0.1:${listener.localAddress.port}/`, 'sip');
    try {
      await new Promise((resolve) => raw.once('open', resolve));
      const whole = sipMessage(7, 'body', false);
      raw.send(whole.slice(0, 40));
      raw.send(whole + whole, { binary: true });
      raw.send('\r\n\r\n');
      raw.send(whole, { binary: true });
      await until(() => s.messages.length === 1, 'the whole message');
      assert.equal(s.malformed.length, 2);
      assert.match(s.malformed[0], /headers never end/);
      assert.match(s.malformed[1], /more than one message/);
      assert.equal(s.messages[0].text, whole);
      assert.deepEqual(s.lost, []);
    } finally {
      raw.terminate();
      await listener.close();
    }
  });
});

describe('WebSocket faults', () => {
  test('the server refuses an upgrade without the sip subprotocol, with HTTP 400, and says so', async () => {
    const s = log();
    const listener = await webSocketListener(false, s.handlers);
    try {
      for (const protocols of [undefined, ['chat']]) {
        const raw = new WebSocket(`ws://127.0.0.1:${listener.localAddress.port}/`, protocols);
        const status = await new Promise<number>((resolve, reject) => {
          raw.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          raw.once('open', () => reject(new Error('the upgrade was accepted')));
          raw.once('error', () => {});
        });
        raw.terminate();
        assert.equal(status, 400);
      }
      await until(() => s.errors.length === 2, 'the refusals to be reported');
      assert.match(
        s.errors[0],
        /WS upgrade from 127\.0\.0\.1:\d+ refused: no "sip" subprotocol offered \(offered: none\)/,
      );
      assert.match(s.errors[1], /\(offered: chat\)/);
      assert.equal(hasConnectionCount(listener) && listener.connectionCount, 0);
    } finally {
      await listener.close();
    }
  });

  test('a plain HTTP request gets 426 Upgrade Required', async () => {
    const listener = await webSocketListener(false, log().handlers);
    try {
      const res = await fetch(`http://127.0.0.1:${listener.localAddress.port}/`);
      assert.equal(res.status, 426);
      assert.match(await res.text(), /Sec-WebSocket-Protocol: sip/);
    } finally {
      await listener.close();
    }
  });

  test('the server refuses a wrong path with 404', async () => {
    const s = log();
    const listener = await webSocketListener(false, s.handlers, { path: '/sip' });
    try {
      await assert.rejects(
        webSocketClient(false, log().handlers, listener.localAddress.port, { path: '/other' }),
        /HTTP 404/,
      );
      const ok = await webSocketClient(false, log().handlers, listener.localAddress.port, {
        path: '/sip',
      });
      await ok.close();
      assert.match(s.errors[0], /path \/other is not \/sip/);
    } finally {
      await listener.close();
    }
  });

  test('a client refuses a server that does not pick the sip subprotocol', async () => {
    for (const pick of [false as const, 'chat']) {
      const server = new WebSocketServer({
        port: 0,
        host: '127.0.0.1',
        handleProtocols: () => pick,
      });
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as AddressInfo).port;
      try {
        await assert.rejects(webSocketClient(false, log().handlers, port), (err: unknown) => {
          assert.ok(err instanceof GossipperError);
          assert.match(
            err.message,
            new RegExp(`ws://127\\.0\\.0\\.1:${port}/ did not accept subprotocol "sip"`),
          );
          return true;
        });
      } finally {
        for (const c of server.clients) c.terminate();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  test('a 10 MB frame closes its connection with a named error and disturbs no other', async () => {
    const s = log();
    const listener = await webSocketListener(false, s.handlers);
    const port = listener.localAddress.port;
    const other = log();
    const calm = await webSocketClient(false, other.handlers, port);
    const big = new WebSocket(`ws://127.0.0.1:${port}/`, 'sip');
    try {
      await new Promise((resolve) => big.once('open', resolve));
      const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
      big.on('error', () => {});
      big.send(Buffer.alloc(10 * 1024 * 1024, 0x41));
      assert.equal(await closed, 1009);
      await until(() => s.lost.length === 1, 'the loss to be reported');
      assert.match(
        s.lost[0],
        /WS connection from 127\.0\.0\.1:\d+ closed by us: a WebSocket message above the 262144-byte limit \(-ws_max_frame\)/,
      );
      calm.send(Buffer.from(sipMessage(1, '', false)), listener.localAddress);
      await until(() => s.messages.length === 1, 'the other connection to still carry messages');
      s.messages[0].via.send(Buffer.from(sipMessage(2, '', false)), s.messages[0].from);
      await until(() => other.messages.length === 1, 'the reply on the other connection');
      assert.deepEqual(other.lost, []);
    } finally {
      big.terminate();
      await calm.close();
      await listener.close();
    }
  });

  test('a peer that answers no ping is closed after one interval', async () => {
    const s = log();
    const listener = await webSocketListener(false, s.handlers, { pingIntervalMs: 50 });
    const mute = new WebSocket(`ws://127.0.0.1:${listener.localAddress.port}/`, 'sip', {
      autoPong: false,
    });
    try {
      await new Promise((resolve) => mute.once('open', resolve));
      await until(() => s.lost.length === 1, 'the mute peer to be closed');
      assert.match(s.lost[0], /closed by us: no pong within 50 ms \(-ws_ping\)/);
    } finally {
      mute.terminate();
      await listener.close();
    }
  });

  test('the peer closing mid-run is reported on each side, and later sends fail without a hang', async () => {
    const c = log();
    const s = log();
    const [conn, listener] = await webSocketPair(false, c.handlers, s.handlers);
    conn.send(Buffer.from(sipMessage(1, '', false)), listener.localAddress);
    await until(() => s.messages.length === 1, 'the message');
    const accepted = s.messages[0].via;
    // The client goes away: the server loses that connection.
    const second = await webSocketClient(false, log().handlers, listener.localAddress.port);
    await second.close();
    await until(() => s.lost.length === 1, 'the server to see the close');
    assert.match(
      s.lost[0],
      /WS connection from 127\.0\.0\.1:\d+ closed by the peer \(code 1001, going away\)/,
    );
    // The server goes away: the client loses its connection and a send reports an error.
    await listener.close();
    await until(() => c.lost.length === 1, 'the client to see the close');
    assert.match(c.lost[0], /WS connection to 127\.0\.0\.1:\d+ closed by the peer/);
    conn.send(Buffer.from(sipMessage(2, '', false)), listener.localAddress);
    assert.match(c.errors.at(-1) ?? '', /send: WS connection to .* is closed/);
    accepted.send(Buffer.from(sipMessage(3, '', false)), s.messages[0].from);
    await conn.close();
  });

  test('-max_connections refuses one connection too many, by name; -idle_timeout cuts a silent one', async () => {
    const s = log();
    const listener = await webSocketListener(false, s.handlers, {
      streamLimits: { maxConnections: 1, idleTimeoutMs: 100, messageTimeoutMs: 0 },
    });
    const port = listener.localAddress.port;
    try {
      const first = await webSocketClient(false, log().handlers, port);
      await assert.rejects(
        webSocketClient(false, log().handlers, port),
        /Error on WebSocket connection/,
      );
      await until(() => s.errors.some((e) => /refused: 1 connections open/.test(e)), 'the refusal');
      assert.match(
        s.errors[0],
        /recv: WS connection from 127\.0\.0\.1:\d+ refused: 1 connections open \(-max_connections\)/,
      );
      await until(() => s.lost.length === 1, 'the idle connection to be cut');
      assert.match(s.lost[0], /closed by us: idle for 100 ms \(-idle_timeout\)/);
      assert.ok(s.errors.some((e) => /cut: idle for 100 ms/.test(e)));
      await first.close();
    } finally {
      await listener.close();
    }
  });

  test('wss without TLS settings is a clear error', async () => {
    const { TRANSPORT_REGISTRY } = await import('../../src/transport/index.ts');
    const opener = TRANSPORT_REGISTRY.wss.opener({
      bindIp: '127.0.0.1',
      family: 4,
      remote: { address: '127.0.0.1', port: 9 },
      maxStreamBufferBytes: 1 << 20,
      handlers: log().handlers,
    });
    await assert.rejects(
      opener.listen(0),
      /WebSocket over TLS \(wss\) was opened without TLS settings/,
    );
    await assert.rejects(opener.openCallSocket(), /without TLS settings/);
  });

  test('a wss client refuses an untrusted certificate', async () => {
    const listener = await webSocketListener(true, log().handlers);
    try {
      const { TRANSPORT_REGISTRY } = await import('../../src/transport/index.ts');
      const opener = TRANSPORT_REGISTRY.wss.opener({
        bindIp: '127.0.0.1',
        family: 4,
        remote: { address: '127.0.0.1', port: listener.localAddress.port },
        maxStreamBufferBytes: 1 << 20,
        tls: { verifyServer: true, requireClientCert: false },
        handlers: log().handlers,
      });
      await assert.rejects(
        opener.openCallSocket(),
        /Error on WebSocket connection to wss:\/\/127\.0\.0\.1:\d+\/: self-signed certificate/,
      );
    } finally {
      await listener.close();
    }
  });
});
