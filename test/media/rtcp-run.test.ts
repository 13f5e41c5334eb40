/**
 * RTCP in real runs on loopback:
 * - our UAC streams into our UAS with -rtp_echo: each side reports (SR from the sender, RR
 *   from both), the UAC reads the UAS's view of its stream (no loss) and a round trip from
 *   LSR/DLSR;
 * - through a seeded impairment relay, the UAC's receiver reports say what the relay did: the
 *   cumulative loss is the relay's drops, each interval's fraction lost follows from the
 *   cumulative figures, the jitter is the one the UAC measured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { parseRtcp, type ParsedRtcp } from '../../src/media/rtcp-packets.ts';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startRtpRelay, type RtpRelay } from '../peers/rtp-impairment-relay.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaRun } from './media-runs.ts';

const rtp = (rtcpIntervalMs: number, echo = false) => ({
  ...defaultRunConfig().rtp,
  echo,
  rtcpIntervalMs,
});

test(
  'UAC and UAS report to each other; the UAC reads the far view and a round trip',
  { timeout: 30_000 },
  async () => {
    const { scenario } = mediaFolder({
      actions: '<exec rtp_stream="synthetic,1,8,,20,2000"/>',
      pauseMs: 2400,
    });
    const sipPort = await freeUdpPort();
    const uas = mediaRun({
      scenario: { kind: 'builtin', name: 'uas' },
      localPort: sipPort,
      mediaPort: await freeMediaPortBlock(),
      rtp: rtp(400, true),
      maxCalls: 1,
    });
    const uac = mediaRun({
      scenario: { kind: 'file', path: scenario },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: await freeMediaPortBlock(),
      rtp: rtp(400),
      maxCalls: 1,
    });
    try {
      await uas.start();
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      const s = (await uas.done()).snapshot.cumulative;
      assert.equal(c.SuccessfulCall, 1);
      assert.equal(c.RtpPacketsSent, 100);
      assert.equal(c.RtpPacketsReceived, 100, 'every packet echoed');
      // The first report 100..400 ms in, then every 400 ms of a call of at least 2.4 s (longer
      // on a loaded machine), and one with BYE.
      assert.ok(c.RtcpPacketsSent >= 6 && c.RtcpPacketsSent <= 10, `UAC sent ${c.RtcpPacketsSent}`);
      assert.equal(s.RtcpPacketsReceived, c.RtcpPacketsSent, 'the UAS got each of them');
      assert.equal(s.RtcpByesReceived, 1, "and the UAC's BYE at its call's end");
      assert.ok(s.RtcpPacketsSent >= 4, `UAS sent ${s.RtcpPacketsSent}`);
      // The UAS's call outlives the UAC's by its BYE wait, and it reports on until it ends.
      assert.ok(c.RtcpPacketsReceived >= 4 && c.RtcpPacketsReceived <= s.RtcpPacketsSent);
      assert.equal(c.RtcpRemoteReportCalls, 1, 'the UAS reported on our stream');
      assert.equal(c.RtcpRemoteFractionLostPpmSum, 0, 'and lost nothing of it');
      assert.equal(c.RtcpRttCalls, 1, 'its blocks echoed our SR: a round trip');
      assert.ok(c.RtcpRttUsSum < 50_000, `loopback round trip ${c.RtcpRttUsSum} us`);
      // The UAS sends no RTP of its own (echo is not its stream): no block of ours to read.
      assert.equal(s.RtcpRemoteReportCalls, 0);
    } finally {
      uac.stop();
      uas.stop();
    }
  },
);

/** A relay whose front port + 1 we can listen on: where the UAC's RTCP goes. */
async function relayWithRtcpTap(
  serverPort: number,
): Promise<{ relay: RtpRelay; tap: dgram.Socket; reports: ParsedRtcp[] }> {
  for (let tries = 0; tries < 20; tries++) {
    const relay = await startRtpRelay(serverPort, {
      seed: 7,
      dropRatio: 0.1,
      maxDelayMs: 12,
      swapEvery: 25,
    });
    const tap = dgram.createSocket('udp4');
    const bound = await new Promise<boolean>((resolve) => {
      tap.once('error', () => resolve(false));
      tap.bind(relay.port + 1, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      const reports: ParsedRtcp[] = [];
      tap.on('message', (msg) => {
        const parsed = parseRtcp(msg);
        if (parsed !== null) reports.push(parsed);
      });
      return { relay, tap, reports };
    }
    tap.close();
    await relay.close();
  }
  throw new Error('no relay port with a free port above it in 20 tries');
}

test('receiver reports match a seeded impairment relay', { timeout: 30_000 }, async () => {
  const { dir, scenario } = mediaFolder({
    actions: '<exec rtp_stream="synthetic,1,8,,20,3000"/>',
    pauseMs: 3300,
  });
  const uasMedia = await freeMediaPortBlock();
  const { relay, tap, reports } = await relayWithRtcpTap(uasMedia);
  const uasFile = path.join(dir, 'uas-relay.xml');
  writeFileSync(
    uasFile,
    (builtinScenarioXml('uas') ?? '').replace('m=audio [media_port]', 'm=audio [relay_port]'),
  );
  const sipPort = await freeUdpPort();
  const uas = mediaRun({
    scenario: { kind: 'file', path: uasFile },
    localPort: sipPort,
    mediaPort: uasMedia,
    keywords: { relay_port: String(relay.port) },
    rtp: rtp(0, true),
    maxCalls: 1,
  });
  const uac = mediaRun({
    scenario: { kind: 'file', path: scenario },
    remote: { host: '127.0.0.1', port: sipPort },
    localPort: 0,
    mediaPort: await freeMediaPortBlock(),
    rtp: rtp(300),
    maxCalls: 1,
    seed: 42,
  });
  try {
    await uas.start();
    await uac.start();
    const c = (await uac.done()).snapshot.cumulative;
    await uas.done();
    assert.equal(c.SuccessfulCall, 1);
    assert.equal(c.RtpPacketsSent, 150);
    assert.ok(relay.dropped.length >= 4, `the pattern drops (${relay.dropped.length})`);
    // Every report the UAC sent reached the tap (loopback), the last with BYE.
    assert.equal(reports.length, c.RtcpPacketsSent);
    assert.ok(reports.length >= 8, `${reports.length} reports`);
    const last = reports.at(-1)!;
    assert.equal(last.byeSsrcs.length, 1, 'the call end says BYE');
    assert.equal(last.byeSsrcs[0], last.senderSsrc);
    const blocks = reports.filter((r) => r.reports.length === 1).map((r) => r.reports[0]);
    assert.equal(blocks.length, reports.length, 'each report has a block about the echo');
    // SRs while the UAC streams, then RRs once nothing was sent since the previous report: the
    // BYE comes 300 ms after the stream's end, so at least the last one is an RR.
    const firstRr = reports.findIndex((r) => r.senderInfo === null);
    assert.ok(firstRr > 5, `SRs first (${firstRr})`);
    assert.ok(
      reports.slice(firstRr).every((r) => r.senderInfo === null),
      'then RRs only',
    );
    assert.equal(reports[firstRr - 1].senderInfo?.packetCount, 150, 'the last SR counts all');
    // The echo carries our own SSRC back: the block is about it.
    assert.ok(blocks.every((b) => b.ssrc === last.senderSsrc));
    const maxSeq = relay.forwarded.reduce(
      (m, r) => (((r.seq - m) & 0xffff) < 0x8000 ? r.seq : m),
      relay.forwarded[0].seq,
    );
    // RFC 3550 A.3: expected runs from the first packet the receiver got (the first the relay
    // forwarded, not the lowest: under load the relay can read two packets in one batch and
    // forward the second first), and lost is expected minus received, a packet from before that
    // start counting as received. Without reordering at the start, this is the relay's drops.
    const firstSeq = relay.forwarded[0].seq;
    const expected = ((maxSeq - firstSeq) & 0xffff) + 1;
    const lostBeforeEnd = expected - relay.forwarded.length;
    const final = blocks.at(-1)!;
    assert.equal(final.extendedHighestSeq & 0xffff, maxSeq);
    assert.equal(final.cumulativeLost, lostBeforeEnd, 'cumulative loss = the relay drops');
    assert.equal(final.cumulativeLost, c.RtpPacketsLost);
    // RFC 3550 A.3: each interval's fraction lost, from the cumulative figures.
    let fractions = 0;
    for (let i = 1; i < blocks.length; i++) {
      const expected = blocks[i].extendedHighestSeq - blocks[i - 1].extendedHighestSeq;
      const lost = blocks[i].cumulativeLost - blocks[i - 1].cumulativeLost;
      const want = expected === 0 || lost <= 0 ? 0 : Math.floor((lost * 256) / expected);
      assert.equal(blocks[i].fractionLost, want, `report ${i}`);
      fractions += blocks[i].fractionLost;
    }
    assert.ok(fractions > 0, 'some interval reported loss');
    // The jitter in the last block is the UAC's own measurement, in 8 kHz units.
    assert.ok(Math.abs(final.jitter / 8 - c.RtpJitterUsSum / 1000) < 0.2, `jitter ${final.jitter}`);
    assert.ok(final.jitter / 8 > 1, 'the relay delays make jitter');
  } finally {
    uac.stop();
    uas.stop();
    tap.close();
    await relay.close();
  }
});
