/**
 * One call's RTCP with a fake clock and socket: the SR's sender info, the RR block's A.3
 * figures and LSR/DLSR, and the far end's view with the round trip of RFC 3550 §6.4.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallMedia } from '../../src/media/call-media.ts';
import {
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  receiverReport,
  senderReport,
} from '../../src/media/rtcp-packets.ts';
import { RtcpReporter } from '../../src/media/rtcp-reporter.ts';
import { RtpReceiveStats } from '../../src/media/rtp-receive-stats.ts';
import { StreamScheduler } from '../../src/media/stream-scheduler.ts';
import { Counter } from '../../src/stats/index.ts';
import type { RemoteAddress, Transport } from '../../src/transport/index.ts';

const WALL_AT_ZERO = Date.UTC(2026, 11, 7, 12, 0, 0);

function rtp(seq: number, ts: number, ssrc: number, payloadBytes = 160): Buffer {
  const b = Buffer.alloc(12 + payloadBytes);
  b[0] = 0x80;
  b[1] = 8;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ts, 4);
  b.writeUInt32BE(ssrc, 8);
  return b;
}

function setup() {
  const clock = { t: 0, now: () => clock.t };
  const sent: Array<{ buf: Buffer; to: RemoteAddress }> = [];
  const socket = { send: (buf: Buffer, to: RemoteAddress) => sent.push({ buf, to }) };
  const counts: Record<number, number> = {};
  const scheduler = new StreamScheduler();
  const reporter = new RtcpReporter({
    scheduler,
    socketAt: (port) => (port === 7001 ? (socket as unknown as Transport) : undefined),
    clock,
    wallClockMs: () => WALL_AT_ZERO + clock.t,
    random: () => 0,
    stats: { count: (id, n = 1) => (counts[id] = (counts[id] ?? 0) + n) },
    intervalMs: 1000,
    onWork: () => undefined,
  });
  const media = new CallMedia('call-1@test');
  media.remote = {
    address: '127.0.0.1',
    audioPort: 9000,
    videoPort: 0,
    imagePort: 0,
    audioPayloadType: 8,
  };
  reporter.track(media, 7000, media.cname);
  return { clock, sent, counts, scheduler, reporter, media };
}

test('an SR while the call sends: sender info from what left, to the peer RTP port + 1', () => {
  const { clock, sent, scheduler, media } = setup();
  // The first report waits a quarter interval with random() = 0.
  assert.equal(scheduler.tick(0), 250);
  for (let i = 0; i < 10; i++) media.noteRtpSent(rtp(100 + i, 5000 + 160 * i, 0xabc), 20 * i);
  clock.t = 250;
  scheduler.tick(250);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].to, { address: '127.0.0.1', port: 9001 });
  const report = parseRtcp(sent[0].buf);
  assert.equal(report?.senderSsrc, 0xabc);
  const ntp = ntpFromUnixMs(WALL_AT_ZERO + 250);
  assert.deepEqual(report?.senderInfo, {
    ntpSeconds: ntp.seconds,
    ntpFraction: ntp.fraction,
    // The last packet (ts 6440) left at 180 ms: 70 ms later at 8 kHz is 560 more.
    rtpTimestamp: 6440 + 560,
    packetCount: 10,
    octetCount: 1600,
  });
  assert.deepEqual(report?.reports, [], 'nothing received: no block');
  // SDES CNAME follows the SR in the same datagram.
  assert.ok(sent[0].buf.includes(Buffer.from('call-1@test')));
});

test('an RR block by RFC 3550 A.3 with LSR/DLSR of the peer SR; the far end view and its RTT', () => {
  const { clock, sent, counts, scheduler, reporter, media } = setup();
  media.noteRtpSent(rtp(1, 1000, 0xabc), 0);
  const rx = (media.rx = new RtpReceiveStats());
  // The peer's stream: 20 packets, 4 lost (seq 5, 6, 12, 19 missing of 1..20).
  for (let seq = 1; seq <= 20; seq++)
    if (![5, 6, 12, 19].includes(seq)) rx.onPacket(rtp(seq, seq * 160, 0x77), seq * 20);
  // The peer's SR arrives at 100 ms.
  const peerNtp = { seconds: 0xe0000001, fraction: 0x40000000 };
  const peerSr = senderReport(
    0x77,
    {
      ntpSeconds: peerNtp.seconds,
      ntpFraction: peerNtp.fraction,
      rtpTimestamp: 0,
      packetCount: 20,
      octetCount: 3200,
    },
    [],
  );
  clock.t = 100;
  reporter.onPacket(media.rtcp!, peerSr, 100);
  clock.t = 250;
  scheduler.tick(250);
  const block = parseRtcp(sent[0].buf)?.reports[0];
  assert.deepEqual(block, {
    ssrc: 0x77,
    // 4 lost of 20 expected since the start: 4 · 256 / 20.
    fractionLost: 51,
    cumulativeLost: 4,
    extendedHighestSeq: 20,
    jitter: rx.currentStream!.jitterUnits,
    lastSr: ntpMiddle32(peerNtp.seconds, peerNtp.fraction),
    // 150 ms after the SR arrived, in 1/65536 s.
    delaySinceLastSr: Math.round(0.15 * 65536),
  });
  // Our SR left at 250 ms; the peer answers 500 ms of its own time later, we read it at 850 ms:
  // a round trip of 100 ms.
  const ourSr = parseRtcp(sent[0].buf)!.senderInfo!;
  const peerRr = receiverReport(0x77, [
    {
      ssrc: 0xabc,
      fractionLost: 64,
      cumulativeLost: 3,
      extendedHighestSeq: 1,
      jitter: 80,
      lastSr: ntpMiddle32(ourSr.ntpSeconds, ourSr.ntpFraction),
      delaySinceLastSr: 32768,
    },
  ]);
  clock.t = 850;
  reporter.onPacket(media.rtcp!, peerRr, 850);
  const view = media.rtcp!.remote;
  assert.equal(view.reports, 1);
  assert.equal(view.fractionLost, 0.25);
  assert.equal(view.cumulativeLost, 3);
  assert.equal(view.jitterMs, 10, '80 units of 8 kHz');
  assert.ok(Math.abs(view.rttMs - 100) < 0.05, `RTT ${view.rttMs}`);
  // A block about some other SSRC is not about our stream.
  reporter.onPacket(
    media.rtcp!,
    receiverReport(0x77, [{ ...parseRtcp(peerRr)!.reports[0], ssrc: 5 }]),
    900,
  );
  assert.equal(view.reports, 1);
  // The call's end: its last compound has BYE; the view goes into the run's sums.
  reporter.endCall(media.rtcp!);
  const last = parseRtcp(sent.at(-1)!.buf)!;
  assert.deepEqual(last.byeSsrcs, [0xabc]);
  assert.equal(last.senderInfo, null, 'nothing sent since the previous report: RR');
  assert.equal(counts[Counter.RtcpPacketsSent], 2);
  assert.equal(counts[Counter.RtcpRemoteReportCalls], 1);
  assert.equal(counts[Counter.RtcpRemoteFractionLostPpmSum], 250_000);
  assert.equal(counts[Counter.RtcpRemoteJitterUsSum], 10_000);
  assert.equal(counts[Counter.RtcpRttCalls], 1);
  assert.ok(Math.abs(counts[Counter.RtcpRttUsSum] - 100_000) < 50);
  assert.equal(scheduler.size, 0, 'its scheduler entry is gone');
});

test('-rtcp_interval 0: nothing is tracked, nothing sent', () => {
  const scheduler = new StreamScheduler();
  const reporter = new RtcpReporter({
    scheduler,
    socketAt: () => undefined,
    clock: { now: () => 0 },
    wallClockMs: () => 0,
    random: () => 0,
    stats: { count: () => undefined },
    intervalMs: 0,
    onWork: () => undefined,
  });
  const media = new CallMedia('x');
  reporter.track(media, 7000, 'x');
  assert.equal(media.rtcp, null);
  assert.equal(scheduler.size, 0);
});
