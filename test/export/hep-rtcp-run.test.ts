/**
 * -hep_raw_rtcp in a real run on loopback: our UAC streams into our echoing UAS, both report
 * RTCP, and every compound the UAC sends or receives reaches a HEP collector as type 5, in clear,
 * with the RTCP ports and the call's Call-ID as correlation id.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRunConfig } from '../../src/config/index.ts';
import { startHepExport } from '../../src/export/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startHepCollector } from '../peers/hep-collector.ts';
import { mediaFolder } from '../media/media-fixtures.ts';
import { mediaRun } from '../media/media-runs.ts';

test(
  'every RTCP packet of the UAC reaches the collector as HEP type 5',
  { timeout: 20_000 },
  async () => {
    const collector = await startHepCollector();
    const hep = await startHepExport(
      {
        addr: { host: '127.0.0.1', port: collector.port },
        captureId: 9,
        password: 'k',
        rtcp: 'raw',
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
      const sent = collector.packets.filter((p) => p.srcPort === uacMedia + 1);
      const received = collector.packets.filter((p) => p.dstPort === uacMedia + 1);
      assert.equal(sent.length, c.RtcpPacketsSent);
      assert.equal(received.length, c.RtcpPacketsReceived);
      for (const p of sent) assert.equal(p.dstPort, uasMedia + 1);
      for (const p of received) assert.equal(p.srcPort, uasMedia + 1);
      const callIds = new Set(collector.packets.map((p) => p.correlationId));
      assert.equal(callIds.size, 1, 'one call');
      assert.match([...callIds][0] ?? '', /@127\.0\.0\.1$/, 'its Call-ID');
      for (const p of collector.packets) {
        assert.equal(p.protocolType, 5);
        assert.equal(p.ipProtocol, 17);
        assert.equal(p.captureId, 9);
        assert.equal(p.authKey, 'k');
        assert.equal(p.srcIp, '127.0.0.1');
        assert.equal(p.payload[0] >> 6, 2, 'RTCP version 2, in clear');
        assert.ok([200, 201].includes(p.payload[1]), `SR or RR first, got ${p.payload[1]}`);
      }
      assert.ok(
        sent.some((p) => p.payload[1] === 200),
        'the UAC sent SRs while it streamed',
      );
    } finally {
      uac.stop();
      uas.stop();
      await hep.close();
      await collector.close();
    }
  },
);
