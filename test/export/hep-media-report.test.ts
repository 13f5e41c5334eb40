/**
 * -send_media_report in a real run on loopback, its period shortened: our UAC streams PCMA and
 * sends two DTMF digits into our echoing UAS; every round reports the UAC's stream as HEP 35
 * JSON (counts growing), and the digits the echo brought back arrive once, as HEP 100.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRunConfig } from '../../src/config/index.ts';
import { startHepExport } from '../../src/export/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startHepCollector } from '../peers/hep-collector.ts';
import type { DecodedHep } from '../peers/hep-collector.ts';
import { mediaFolder } from '../media/media-fixtures.ts';
import { mediaRun } from '../media/media-runs.ts';

const RTP_KEYS = [
  'CLOCK',
  'CODEC_NAME',
  'CODEC_PT',
  'CORRELATION_ID',
  'DST_IP',
  'DST_PORT',
  'OCTET_COUNT',
  'PACKET_COUNT',
  'REPORT_NAME',
  'REPORT_TS',
  'RTP_SIP_CALL_ID',
  'RTP_TS',
  'SOURCE',
  'SRC_IP',
  'SRC_PORT',
  'SSRC',
  'TYPE',
];

const json = (p: DecodedHep) => JSON.parse(p.payload.toString('utf8'));

test(
  '-send_media_report: HEP 35 per stream each round, HEP 100 for DTMF received',
  { timeout: 20_000 },
  async () => {
    const collector = await startHepCollector();
    const hep = await startHepExport(
      {
        addr: { host: '127.0.0.1', port: collector.port },
        captureId: 4,
        password: '',
        rtcp: 'off',
        mediaReport: true,
      },
      '127.0.0.1',
      { mediaReportPeriodMs: 250 },
    );
    const { scenario } = mediaFolder({
      actions: '<exec rtp_stream="synthetic,1,8,,20,1000"/><exec send_dtmf="47,60,40"/>',
      pauseMs: 1100,
    });
    const sipPort = await freeUdpPort();
    const [uasMedia, uacMedia] = [await freeMediaPortBlock(), await freeMediaPortBlock()];
    const rtp = { ...defaultRunConfig().rtp, rtcpIntervalMs: 0 };
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
      { mediaReport: hep.mediaReport },
    );
    try {
      await uas.start();
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      assert.equal(c.SuccessfulCall, 1);
      const counts = await hep.close();
      assert.equal(counts.dropped + counts.sendErrors, 0);
      await collector.waitFor(counts.sent);
      const rtpReports = collector.packets.filter((p) => p.protocolType === 35);
      const dtmfReports = collector.packets.filter((p) => p.protocolType === 100);
      assert.equal(rtpReports.length + dtmfReports.length, counts.sent, 'nothing else sent');
      assert.ok(rtpReports.length >= 2, `a report per round, got ${rtpReports.length}`);
      const callId = rtpReports[0].correlationId ?? '';
      assert.match(callId, /@127\.0\.0\.1$/, 'correlated by Call-ID');
      let lastCount = 0;
      for (const p of rtpReports) {
        assert.equal(p.correlationId, callId);
        assert.equal(p.captureId, 4);
        assert.deepEqual(
          [p.srcIp, p.srcPort, p.dstIp, p.dstPort],
          ['127.0.0.1', uacMedia, '127.0.0.1', uasMedia],
        );
        const r = json(p);
        assert.deepEqual(Object.keys(r).sort(), RTP_KEYS);
        assert.equal(r.CORRELATION_ID, callId);
        assert.equal(r.RTP_SIP_CALL_ID, callId);
        assert.equal(r.SOURCE, 'GOSSIPPER');
        assert.equal(r.TYPE, 'PERIODIC');
        assert.equal(r.REPORT_NAME, `127.0.0.1-${uacMedia}`);
        assert.deepEqual([r.CODEC_PT, r.CODEC_NAME, r.CLOCK], [8, 'PCMA', 8000]);
        assert.deepEqual([r.SRC_PORT, r.DST_PORT], [uacMedia, uasMedia]);
        assert.match(r.SSRC, /^0x[0-9a-f]+$/);
        assert.ok(r.PACKET_COUNT > lastCount, 'counts grow from round to round');
        // 160-byte PCMA frames, and the 4-byte DTMF events sent on the same stream.
        assert.ok(r.OCTET_COUNT > r.PACKET_COUNT * 4 && r.OCTET_COUNT <= r.PACKET_COUNT * 160);
        assert.ok(Math.abs(r.REPORT_TS - p.timeSec * 1000 - p.timeUsec / 1000) < 1);
        lastCount = r.PACKET_COUNT;
      }
      assert.ok(dtmfReports.length >= 1, 'the echoed digits were reported');
      const events = dtmfReports.flatMap((p) => {
        assert.equal(p.correlationId, callId);
        assert.deepEqual([p.srcPort, p.dstPort], [uasMedia, uacMedia], 'from the peer to us');
        const r = json(p);
        assert.deepEqual(
          [r.CODEC_NAME, r.CODEC_PT, r.STYPE, r.TYPE, r.PARTY],
          ['telephone-event', 101, 'GOSSIPPER-DTMF', 'PERIODIC', 1],
        );
        return (r.DTMF as string).split(';');
      });
      assert.equal(events.length, 2, `each digit once: ${events.join(' ; ')}`);
      assert.deepEqual(
        events.map((e) => /,e:(\d+),/.exec(e)?.[1]),
        ['4', '7'],
      );
      for (const e of events) {
        assert.match(e, /^ts:\d+,tsu:\d+,e:\d+,v:10,d:\d+,c:1$/);
        assert.ok(
          Number(/,d:(\d+)/.exec(e)?.[1]) >= 480,
          `60 ms at 8 kHz, the final duration: ${e}`,
        );
      }
    } finally {
      uac.stop();
      uas.stop();
      await hep.close();
      await collector.close();
    }
  },
);
