/**
 * -hep_raw_rtcp and -hep_homer_lake_rtcp in real runs on loopback: our UAC streams into our
 * echoing UAS, both report RTCP, and every compound the UAC sends or receives reaches a HEP
 * collector as type 5 with the RTCP ports and the call's Call-ID as correlation id: raw in
 * clear, or as Homer-Lake JSON.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { HepConfig } from '../../src/config/index.ts';
import { startHepExport } from '../../src/export/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startHepCollector } from '../peers/hep-collector.ts';
import type { DecodedHep } from '../peers/hep-collector.ts';
import { mediaFolder } from '../media/media-fixtures.ts';
import { mediaRun } from '../media/media-runs.ts';

interface RtcpRun {
  packets: DecodedHep[];
  sent: DecodedHep[];
  received: DecodedHep[];
  rtcpSent: number;
}

/** One call with 800 ms of RTP and RTCP every 200 ms; checks what holds for both forms. */
async function rtcpRun(form: HepConfig['rtcp']): Promise<RtcpRun> {
  const collector = await startHepCollector();
  const hep = await startHepExport(
    {
      addr: { host: '127.0.0.1', port: collector.port },
      captureId: 9,
      password: 'k',
      rtcp: form,
      mediaReport: false,
    },
    '127.0.0.1',
  );
  const { scenario } = mediaFolder({
    actions: '<exec rtp_stream="synthetic,1,8,,20,800"/>',
    pauseMs: 1000,
  });
  const sipPort = await freeUdpPort();
  const [uasMedia, uacMedia] = [await freeMediaPortBlock(), await freeMediaPortBlock()];
  const rtp = { ...defaultRunConfig().rtp, rtcpIntervalMs: 200 };
  const uas = mediaRun({
    scenario: { kind: 'builtin', name: 'uas' },
    localPort: sipPort,
    mediaPort: uasMedia,
    rtp: { ...rtp, echo: true },
    maxCalls: 1,
  });
  const uac = mediaRun(
    {
      scenario: { kind: 'file', path: scenario },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: uacMedia,
      rtp,
      maxCalls: 1,
    },
    { rtcpTap: hep.rtcpTap },
  );
  try {
    await uas.start();
    await uac.start();
    const c = (await uac.done()).snapshot.cumulative;
    assert.equal(c.SuccessfulCall, 1);
    const counts = await hep.close();
    const total = c.RtcpPacketsSent + c.RtcpPacketsReceived;
    assert.ok(c.RtcpPacketsSent >= 3 && c.RtcpPacketsReceived >= 2, JSON.stringify(c));
    assert.deepEqual(counts, { sent: total, dropped: 0, sendErrors: 0 });
    await collector.waitFor(total);
    const packets = collector.packets;
    const sent = packets.filter((p) => p.srcPort === uacMedia + 1);
    const received = packets.filter((p) => p.dstPort === uacMedia + 1);
    assert.equal(sent.length, c.RtcpPacketsSent);
    assert.equal(received.length, c.RtcpPacketsReceived);
    for (const p of sent) assert.equal(p.dstPort, uasMedia + 1);
    for (const p of received) assert.equal(p.srcPort, uasMedia + 1);
    const callIds = new Set(packets.map((p) => p.correlationId));
    assert.equal(callIds.size, 1, 'one call');
    assert.match([...callIds][0] ?? '', /@127\.0\.0\.1$/, 'its Call-ID');
    for (const p of packets) {
      assert.equal(p.protocolType, 5);
      assert.equal(p.ipProtocol, 17);
      assert.equal(p.captureId, 9);
      assert.equal(p.authKey, 'k');
      assert.equal(p.srcIp, '127.0.0.1');
    }
    return { packets, sent, received, rtcpSent: c.RtcpPacketsSent };
  } finally {
    uac.stop();
    uas.stop();
    await hep.close();
    await collector.close();
  }
}

test('-hep_raw_rtcp: every RTCP compound of the UAC, in clear', { timeout: 20_000 }, async () => {
  const { packets, sent } = await rtcpRun('raw');
  for (const p of packets) {
    assert.equal(p.payload[0] >> 6, 2, 'RTCP version 2, in clear');
    assert.ok([200, 201].includes(p.payload[1]), `SR or RR first, got ${p.payload[1]}`);
  }
  assert.ok(
    sent.some((p) => p.payload[1] === 200),
    'the UAC sent SRs while it streamed',
  );
});

test(
  '-hep_homer_lake_rtcp: the same compounds as Homer-Lake JSON',
  { timeout: 20_000 },
  async () => {
    const { sent, received } = await rtcpRun('homer-lake');
    const json = (p: DecodedHep) => JSON.parse(p.payload.toString('utf8'));
    const ours = sent.map(json);
    assert.ok(
      ours.some((r) => r.type === 200 && r.sender_information.packets > 0),
      'SRs',
    );
    const ourSsrcs = new Set(ours.map((r) => r.ssrc));
    // The UAS reports on our stream: its blocks name our SSRC.
    const theirs = received.map(json);
    assert.ok(theirs.every((r) => r.type === 201 || r.type === 200));
    assert.ok(
      theirs.some((r) =>
        r.report_blocks.some((b: { source_ssrc: number }) => ourSsrcs.has(b.source_ssrc)),
      ),
      'the far end reported on our stream',
    );
  },
);
