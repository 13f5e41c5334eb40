/**
 * A peer that offers no rtcp-mux keeps a second ICE component for RTCP; our answer lists the RTP
 * address for it too (src/media/webrtc/ice-sdp.ts), so its RTCP checks reach werift's one
 * socket. Here a hand-made ICE agent (two UDP sockets on loopback, STUN from werift's own
 * encoder) nominates its RTCP pair first, then its RTP pair: werift must select the RTP one.
 * The agent says `a=setup:active`, so werift waits as the DTLS server and sends no handshake the
 * fake agent could not finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { loadWerift } from '../../../src/media/webrtc/index.ts';
import { WebRtcPeer } from '../../../src/media/webrtc/webrtc-peer.ts';

const w = loadWerift();
const UFRAG = 'peerufrag';
const PWD = 'peerpasswordpeerpassword';

/** One component of the fake agent: answers werift's checks and counts them. */
class Component {
  readonly socket = dgram.createSocket('udp4');
  checksAnswered = 0;
  private waiters: (() => void)[] = [];

  constructor() {
    this.socket.on('message', (data, from) => {
      const stun = w.parseMessage(data);
      if (stun?.messageClass === w.classes.REQUEST) {
        const ok = new w.Message(w.methods.BINDING, w.classes.RESPONSE, stun.transactionId)
          .setAttribute('XOR-MAPPED-ADDRESS', [from.address, from.port])
          .addMessageIntegrity(Buffer.from(PWD))
          .addFingerprint();
        this.socket.send(ok.bytes, from.port, from.address);
        this.checksAnswered++;
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  get port(): number {
    return (this.socket.address() as AddressInfo).port;
  }

  async open(): Promise<void> {
    this.socket.bind(0, '127.0.0.1');
    await once(this.socket, 'listening');
  }

  /** A connectivity check from this component that nominates its pair (USE-CANDIDATE). */
  nominate(ourUfrag: string, ourPwd: string, ourPort: number): void {
    const check = new w.Message(w.methods.BINDING, w.classes.REQUEST)
      .setAttribute('USERNAME', `${ourUfrag}:${UFRAG}`)
      .setAttribute('PRIORITY', 2113929471)
      .setAttribute('ICE-CONTROLLING', 12345n)
      .setAttribute('USE-CANDIDATE', null)
      .addMessageIntegrity(Buffer.from(ourPwd))
      .addFingerprint();
    this.socket.send(check.bytes, ourPort, '127.0.0.1');
  }

  /** Resolves once `isDone()`, checked at each datagram and every 20 ms; bounded. */
  async until(isDone: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!isDone()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 20));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

test('an offer without rtcp-mux: the RTCP component nominating first does not take the media', async () => {
  const rtp = new Component();
  const rtcp = new Component();
  await Promise.all([rtp.open(), rtcp.open()]);
  const peer = new WebRtcPeer({
    werift: w,
    ip: '127.0.0.1',
    events: { onRtp: () => undefined, onSent: () => undefined, onFailed: () => undefined },
  });
  try {
    const offer = [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `a=ice-ufrag:${UFRAG}`,
      `a=ice-pwd:${PWD}`,
      'a=setup:active',
      `a=fingerprint:sha-256 ${Array(32).fill('AB').join(':')}`,
      `m=audio ${rtp.port} UDP/TLS/RTP/SAVPF 0`,
      'a=rtpmap:0 PCMU/8000',
      'a=sendrecv',
      `a=rtcp:${rtcp.port} IN IP4 127.0.0.1`,
      `a=candidate:1 1 UDP 2113929471 127.0.0.1 ${rtp.port} typ host`,
      `a=candidate:1 2 UDP 2113929470 127.0.0.1 ${rtcp.port} typ host`,
      '',
    ].join('\r\n');
    const answer = await peer.answer(offer, Date.now());
    const ufrag = /^a=ice-ufrag:(\S+)/m.exec(answer)?.[1] ?? '';
    const pwd = /^a=ice-pwd:(\S+)/m.exec(answer)?.[1] ?? '';
    const port = Number(/^m=audio (\d+) /m.exec(answer)?.[1]);
    assert.match(answer, new RegExp(`^a=candidate:\\S+ 2 udp \\d+ 127\\.0\\.0\\.1 ${port} `, 'm'));

    // werift checks our RTP candidate on its own; then the RTCP component nominates, and werift's
    // triggered check back to it succeeds.
    await rtp.until(() => rtp.checksAnswered > 0, "werift's check of the RTP component");
    rtcp.nominate(ufrag, pwd, port);
    await rtcp.until(() => rtcp.checksAnswered > 0, "werift's check of the RTCP component");
    rtp.nominate(ufrag, pwd, port);
    await rtp.until(() => peer.selectedRemote !== '', 'a pair selected');
    assert.equal(peer.selectedRemote, `127.0.0.1:${rtp.port}`, `RTCP is ${rtcp.port}`);
  } finally {
    await peer.close();
    rtp.socket.close();
    rtcp.socket.close();
  }
});
