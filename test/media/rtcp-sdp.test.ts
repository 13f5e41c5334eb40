/**
 * RFC 3605 `a=rtcp:`: read from the audio section only; a session sends the call's reports
 * there (not to RTP + 1) and takes the RTCP coming from there as the call's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { MediaCall } from '../../src/engine/index.ts';
import { openMedia } from '../../src/media/index.ts';
import { parseRtcp, type ParsedRtcp, receiverReport } from '../../src/media/rtcp-packets.ts';
import { audioRtcpAddress } from '../../src/media/sdp-rtcp.ts';
import { startSystemTicker } from '../../src/run/index.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { Counter } from '../../src/stats/index.ts';
import { freeMediaPortBlock } from '../peers/processes.ts';
import { mediaFolder } from './media-fixtures.ts';

test('a=rtcp: port and optional address of the first m=audio section', () => {
  const sdp = (extra: string) =>
    `v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0\r\n${extra}m=video 5000 RTP/AVP 96\r\na=rtcp:5099\r\n`;
  assert.deepEqual(audioRtcpAddress(sdp('a=rtcp:4999\r\n')), { port: 4999, address: '' });
  assert.deepEqual(audioRtcpAddress(sdp('a=rtcp:53020 IN IP4 198.51.100.7\r\n')), {
    port: 53020,
    address: '198.51.100.7',
  });
  assert.equal(audioRtcpAddress(sdp('')), null, "the video section's is not audio's");
  assert.equal(audioRtcpAddress(sdp('a=rtcp:0\r\n')), null);
});

test('reports go to the a=rtcp port; RTCP from it is the call’s', { timeout: 10_000 }, async () => {
  const { dir, scenario } = mediaFolder({ actions: '', pauseMs: 0 });
  const peer = dgram.createSocket('udp4');
  await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
  const peerRtcpPort = peer.address().port;
  let rtcpRead: () => void = () => undefined;
  const rtcpArrived = new Promise<void>((resolve) => (rtcpRead = resolve));
  const media = await openMedia({
    scenario: loadScenarioXml(readFileSync(scenario, 'latin1'), scenario),
    scenarioDir: dir,
    ip: '127.0.0.1',
    family: 4,
    mediaPort: await freeMediaPortBlock(),
    echo: false,
    bufferBytes: 65535,
    defaultPayloadType: 8,
    clock: { now: () => performance.now() },
    random: () => 0.5,
    stats: {
      // Counted before the session reads the datagram: it has read it by the next turn.
      count: (id) => {
        if (id === Counter.RtcpPacketsReceived) setImmediate(rtcpRead);
      },
    },
    onError: () => undefined,
    rtcpIntervalMs: 100,
  });
  const s = media.session;
  s.keepQualities = true;
  const ticker = startSystemTicker(() => s.tick());
  s.onWork = () => ticker.wake();
  try {
    const call: MediaCall = { callNumber: 1, callId: 'rtcp-sdp@test', media: null };
    // The peer's RTP port (9) is nowhere near its RTCP port.
    const sdp = `v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 8\r\na=rtcp:${peerRtcpPort}\r\n`;
    s.onReceived(
      call,
      Buffer.from(`SIP/2.0 200 OK\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`),
    );
    assert.equal(s.exec(call, 'rtp_stream', 'synthetic,1,8,,20,400'), null);
    const [first, from] = await new Promise<[Buffer, dgram.RemoteInfo]>((resolve) =>
      peer.once('message', (msg, rinfo) => resolve([msg, rinfo])),
    );
    const report = parseRtcp(first);
    assert.ok(report !== null && report.senderInfo !== null, 'an SR reached the a=rtcp port');
    assert.equal(from.port, media.mediaPort + 1, 'from our RTCP port');
    // The peer reports on our stream from its a=rtcp port: the call reads it.
    const rr = receiverReport(1, [
      {
        ssrc: report.senderSsrc,
        fractionLost: 128,
        cumulativeLost: 9,
        extendedHighestSeq: 0,
        jitter: 0,
        lastSr: 0,
        delaySinceLastSr: 0,
      },
    ]);
    await new Promise<void>((r) => peer.send(rr, from.port, '127.0.0.1', () => r()));
    await rtcpArrived;
    // The call's last report, with BYE, goes to the a=rtcp port too (not RTP port + 1).
    const bye = new Promise<ParsedRtcp>((resolve) => {
      const onMessage = (msg: Buffer): void => {
        const parsed = parseRtcp(msg);
        if (parsed === null || parsed.byeSsrcs.length === 0) return;
        peer.off('message', onMessage);
        resolve(parsed);
      };
      peer.on('message', onMessage);
    });
    s.endCall(call);
    assert.deepEqual((await bye).byeSsrcs, [report.senderSsrc]);
    assert.equal(s.qualities.length, 1, 'the RR was attributed to the call');
    assert.equal(s.qualities[0].remote?.fractionLost, 0.5);
    assert.equal(s.qualities[0].remote?.cumulativeLost, 9);
  } finally {
    ticker.stop();
    peer.close();
    await media.ports.closeAll();
  }
});
