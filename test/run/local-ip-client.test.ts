/**
 * `-i ADDR` for the sockets a client opens: SIPp binds its outgoing TCP connections and its
 * per-call UDP sockets (-t un) to the local address, as it does the shared socket and the
 * listener (local-ip.test.ts). On Linux every 127/8 address is local, so a peer on 127.0.0.1
 * sees 127.0.0.2 only when the socket was bound to it.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { describe, it } from 'node:test';
import { freeUdpPort, killRunning, requireBuiltBin, startGossipper } from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

/** Runs a uac towards `port` until the peer has seen `seen()` sources, then stops it. */
async function sourcesSeen(port: number, extra: string[], seen: () => string[]): Promise<void> {
  requireBuiltBin();
  let uac: Peer | undefined;
  try {
    uac = startGossipper([
      '-sn',
      'uac',
      `127.0.0.1:${port}`,
      '-i',
      '127.0.0.2',
      '-m',
      '1',
      '-nostdin',
      ...extra,
    ]);
    const until = Date.now() + 10_000;
    // Polling the peer's record: nothing else tells when the first message arrived.
    while (seen().length === 0 && Date.now() < until && uac.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    killRunning([uac]);
  }
}

describe('-i: sockets a client opens are bound to it', () => {
  for (const [name, extra] of [
    ['UDP shared socket', ['-t', 'u1']],
    ['UDP socket per call (-t un)', ['-t', 'un']],
  ] as const) {
    it(name, { timeout: 15_000 }, async () => {
      const peer = dgram.createSocket('udp4');
      const sources: string[] = [];
      peer.on('message', (_msg, rinfo) => sources.push(rinfo.address));
      await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
      try {
        await sourcesSeen(peer.address().port, [...extra], () => sources);
      } finally {
        peer.close();
      }
      assert.ok(sources.length > 0, 'the INVITE arrived');
      assert.deepEqual([...new Set(sources)], ['127.0.0.2']);
    });
  }

  it('TCP connection (-t t1)', { timeout: 15_000 }, async () => {
    const sources: string[] = [];
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      sources.push(socket.remoteAddress ?? '');
      sockets.push(socket);
      socket.resume();
    });
    const port = await freeUdpPort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      await sourcesSeen(port, ['-t', 't1'], () => sources);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
    assert.deepEqual(sources, ['127.0.0.2']);
  });
});
