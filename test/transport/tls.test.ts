/**
 * TLS connections and listener (transport-registry's `tls`): messages and replies, SNI and
 * verification, and each way a handshake can fail giving a clear error on the side that sees it.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { test } from 'node:test';
import { GossipperError } from '../../src/errors.ts';
import { StreamBufferBudget, TRANSPORT_REGISTRY, TcpListener } from '../../src/transport/index.ts';
import type { RemoteAddress, TlsSocketOptions, Transport } from '../../src/transport/index.ts';
import { Reports, recorder, sipMessage } from './stream-recorder.ts';
import type { Recorder } from './stream-recorder.ts';
import { clientTls, labMaterial, serverTls, tlsPair } from './tls-pair.ts';

const msg = sipMessage;
const BUDGET_BYTES = 32 * 1024 * 1024;

function listenTls(r: Recorder, server: TlsSocketOptions = serverTls()): Promise<Transport> {
  return TRANSPORT_REGISTRY.tls
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      maxStreamBufferBytes: BUDGET_BYTES,
      tls: server,
      handlers: r.handlers,
    })
    .listen(0);
}

function connectTls(
  r: Recorder,
  remote: RemoteAddress,
  client: TlsSocketOptions,
): Promise<Transport> {
  return TRANSPORT_REGISTRY.tls
    .opener({
      bindIp: '127.0.0.1',
      family: 4,
      remote,
      maxStreamBufferBytes: BUDGET_BYTES,
      tls: client,
      handlers: r.handlers,
    })
    .openCallSocket();
}

test(
  'messages both ways over TLS; protocol TLS; the reply leaves on the connection the request came in on',
  { timeout: 20_000 },
  async () => {
    const server = recorder();
    const client = recorder();
    const { conn, listener } = await tlsPair(client.handlers, server.handlers);
    try {
      assert.equal(conn.protocol, 'TLS');
      assert.equal(listener.protocol, 'TLS');
      assert.equal(conn.isReliable, true);
      conn.send(Buffer.from(msg('1') + msg('2', 'body'), 'latin1'), listener.localAddress);
      conn.send(Buffer.from(msg('3', 'abc'), 'latin1'), listener.localAddress);
      await server.waitMessages(3);
      assert.deepEqual(
        server.messages.map((m) => m.text),
        [msg('1'), msg('2', 'body'), msg('3', 'abc')],
      );
      const { via, from } = server.messages[0];
      assert.equal(via.protocol, 'TLS');
      assert.equal(from.port, conn.localAddress.port);
      via.send(Buffer.from(msg('reply'), 'latin1'), from);
      await client.waitMessages(1);
      assert.equal(client.messages[0].text, msg('reply'));
      assert.equal(client.messages[0].via, conn);
      assert.deepEqual([...server.errors, ...client.errors], []);
    } finally {
      await conn.close();
      await listener.close();
    }
  },
);

test(
  'a peer closing its TLS connection is reported once, as TLS',
  { timeout: 20_000 },
  async () => {
    const server = recorder();
    const client = recorder();
    const { conn, listener } = await tlsPair(client.handlers, server.handlers);
    conn.send(Buffer.from(msg('1'), 'latin1'), listener.localAddress);
    await server.waitMessages(1);
    await conn.close();
    await server.waitLost(1);
    assert.match(
      server.lost[0].reason,
      /^TLS connection from 127\.0\.0\.1:\d+ closed by the peer$/,
    );
    assert.equal(client.lost.length, 0);
    await listener.close();
  },
);

test(
  'SNI: the client sends the configured name and checks the certificate against it',
  { timeout: 20_000 },
  async () => {
    const names: string[] = [];
    const m = labMaterial();
    const raw = tls.createServer({ cert: m.cert, key: m.key }, (s) => s.end());
    raw.on('tlsClientError', () => {});
    // The SNI callback sees the name the client sent.
    raw.addContext('*', { cert: m.cert, key: m.key });
    raw.on('secureConnection', (s: tls.TLSSocket) => names.push(String(s.servername)));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const remote = { address: '127.0.0.1', port: (raw.address() as net.AddressInfo).port };
    try {
      const r = recorder();
      const c = await connectTls(r, remote, clientTls({ serverName: 'localhost' }));
      await c.close();
      assert.deepEqual(names, ['localhost']);
      await assert.rejects(
        connectTls(r, remote, clientTls({ serverName: 'sip.example.org' })),
        (e: GossipperError) =>
          e.code === 'RUN_FATAL' &&
          /^TLS handshake with 127\.0\.0\.1:\d+ failed: the server's certificate does not name the host/.test(
            e.message,
          ) &&
          /-tls_sni/.test(e.hint ?? ''),
      );
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  },
);

test(
  'an untrusted server certificate is a clear error; -tls_insecure connects anyway',
  { timeout: 20_000 },
  async () => {
    const server = recorder();
    const listener = await listenTls(server);
    try {
      // Node's CA store only: the lab certificate signed itself.
      await assert.rejects(
        connectTls(recorder(), listener.localAddress, {
          verifyServer: true,
          requireClientCert: false,
        }),
        (e: GossipperError) =>
          e.code === 'RUN_FATAL' &&
          /failed: the server's certificate is not trusted: self[- ]signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/.test(
            e.message,
          ) &&
          /-tls_ca/.test(e.hint ?? '') &&
          /-tls_insecure/.test(e.hint ?? ''),
      );
      const c = await connectTls(recorder(), listener.localAddress, {
        verifyServer: false,
        requireClientCert: false,
      });
      c.send(Buffer.from(msg('insecure'), 'latin1'), listener.localAddress);
      await server.waitMessages(1);
      await c.close();
    } finally {
      await listener.close();
    }
  },
);

test(
  'a handshake failure (no common version) is named on the client',
  { timeout: 20_000 },
  async () => {
    const m = labMaterial();
    const raw = tls.createServer({ cert: m.cert, key: m.key, maxVersion: 'TLSv1.2' }, (s) =>
      s.end(),
    );
    raw.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const remote = { address: '127.0.0.1', port: (raw.address() as net.AddressInfo).port };
    try {
      await assert.rejects(
        connectTls(recorder(), remote, clientTls({ minVersion: 'TLSv1.3' })),
        (e: GossipperError) =>
          e.code === 'RUN_FATAL' &&
          /^TLS handshake with 127\.0\.0\.1:\d+ failed: the peer refused the handshake: .*version/i.test(
            e.message,
          ),
      );
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  },
);

test(
  'a server requiring client certificates refuses a client without one, and takes one with it',
  { timeout: 20_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const m = labMaterial();
    const listener = await listenTls(server, serverTls({ ca: m.cert, requireClientCert: true }));
    try {
      const anonymous = recorder(reports);
      // TLS 1.3: the client may finish its side before the server's refusal arrives.
      const opened = await connectTls(anonymous, listener.localAddress, clientTls()).then(
        (c) => c,
        (e: GossipperError) => e,
      );
      await reports.wait(
        () => server.errors.some((e) => /TLS handshake with 127\.0\.0\.1:\d+ failed/.test(e)),
        'the server to name the refused client',
      );
      if (!(opened instanceof Error)) await opened.close();
      assert.equal(server.messages.length, 0);
      const withCert = await connectTls(
        recorder(),
        listener.localAddress,
        clientTls({ cert: m.cert, key: m.key }),
      );
      withCert.send(Buffer.from(msg('mutual'), 'latin1'), listener.localAddress);
      await server.waitMessages(1);
      await withCert.close();
    } finally {
      await listener.close();
    }
  },
);

test(
  'a plain TCP peer on the TLS port is named by the listener, and other connections go on',
  { timeout: 20_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const listener = await listenTls(server);
    const client = recorder();
    const good = await connectTls(client, listener.localAddress, clientTls());
    const raw = net.connect(listener.localAddress.port, '127.0.0.1');
    try {
      await new Promise((resolve) => raw.once('connect', resolve));
      raw.write(msg('plain'));
      await reports.wait(
        () => server.errors.some((e) => /the peer does not speak TLS/.test(e)),
        'the plain peer to be named',
      );
      assert.match(
        server.errors.join('\n'),
        /^TLS recv error: TLS handshake with 127\.0\.0\.1:\d+ failed: the peer does not speak TLS/m,
      );
      good.send(Buffer.from(msg('still-fine'), 'latin1'), listener.localAddress);
      await server.waitMessages(1);
      assert.equal(server.messages[0].text, msg('still-fine'));
    } finally {
      raw.destroy();
      await good.close();
      await listener.close();
    }
  },
);

test(
  'our TLS client on a plain TCP port: a clear error, not a hang',
  { timeout: 20_000 },
  async () => {
    const tcpServer = recorder();
    const plain = await TcpListener.listen({
      bindIp: '127.0.0.1',
      port: 0,
      handlers: tcpServer.handlers,
      budget: new StreamBufferBudget(BUDGET_BYTES),
    });
    try {
      await assert.rejects(
        connectTls(recorder(), plain.localAddress, clientTls()),
        (e: GossipperError) =>
          e.code === 'RUN_FATAL' && /^TLS handshake with 127\.0\.0\.1:\d+ failed: /.test(e.message),
      );
      // The TCP side saw a TLS hello where SIP was due.
      await tcpServer.waitLost(1);
      assert.match(tcpServer.malformed[0].reason, /not a SIP start line/);
    } finally {
      await plain.close();
    }
  },
);

test(
  'handshake timeouts: a silent peer is cut by the listener and abandoned by the client',
  { timeout: 20_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const listener = await listenTls(server, serverTls({ handshakeTimeoutMs: 200 }));
    const silent = net.connect(listener.localAddress.port, '127.0.0.1');
    silent.on('error', () => {});
    try {
      await reports.wait(
        () =>
          server.errors.some((e) => /not done within 200 ms \(-tls_handshake_timeout\)/.test(e)),
        'the listener to give up on the silent peer',
      );
    } finally {
      silent.destroy();
      await listener.close();
    }
    // A TCP server that never answers the hello.
    const held: net.Socket[] = [];
    const mute = net.createServer((s) => held.push(s));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const remote = { address: '127.0.0.1', port: (mute.address() as net.AddressInfo).port };
    try {
      await assert.rejects(
        connectTls(recorder(), remote, clientTls({ handshakeTimeoutMs: 200 })),
        (e: GossipperError) =>
          e.code === 'RUN_FATAL' &&
          /timed out after 200 ms \(-tls_handshake_timeout\)/.test(e.message),
      );
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  },
);

test(
  'a listener without a certificate fails every handshake instead of crashing (a per-call client)',
  { timeout: 20_000 },
  async () => {
    const reports = new Reports();
    const server = recorder(reports);
    const listener = await listenTls(server, { verifyServer: true, requireClientCert: false });
    try {
      await assert.rejects(connectTls(recorder(), listener.localAddress, clientTls()));
      await reports.wait(() => server.errors.length > 0, 'the failed handshake to be named');
    } finally {
      await listener.close();
    }
  },
);
