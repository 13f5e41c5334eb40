/**
 * The reference's media beyond SIPp, against SIPp 3.6.1's UAS with -rtp_echo on loopback: our
 * synthetic PCMU stream and RFC 4733 send_dtmf come back packet for packet (the events in the
 * stream's SSRC and sequence, the digits counted on arrival), rtpcheck holds, and what SIPp
 * does with our RTCP is asserted as it is.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultRunConfig } from '../../src/config/index.ts';
import {
  describeRun,
  freeMediaPortBlock,
  freeUdpPort,
  sippRequirement,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { startSippEchoUas } from '../peers/sipp-media.ts';
import { mediaFolder } from '../media/media-fixtures.ts';
import { mediaRun } from '../media/media-runs.ts';

const EXIT_WITHIN_MS = 30_000;

/** Local UDP ports bound on this host (IPv4), from /proc/net/udp. */
function udpPortsBound(): Set<number> {
  const rows = readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1);
  return new Set(
    rows
      .map((r) => r.trim().split(/\s+/)[1])
      .filter((a) => a !== undefined && a !== '')
      .map((a) => parseInt(a.split(':')[1], 16)),
  );
}

describe('synthetic streams, send_dtmf and RTCP with SIPp', { skip: sippRequirement() }, () => {
  it(
    'sipp -sn uas -rtp_echo returns our synthetic stream and our telephone-events',
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      const calls = 2;
      const [sipPort, sippMedia] = [await freeUdpPort(), await freeMediaPortBlock()];
      const { scenario } = mediaFolder({
        // 1 s of PCMU silence (SIPp's UAS answers PCMU), then "12#" while it plays.
        actions:
          '<exec rtp_stream="synthetic,1,0,,20,1000"/><exec send_dtmf="12#"/>' +
          '<exec rtpcheck="min_packets=40 timeout_ms=1300 direction=both"/>',
        pauseMs: 1500,
        portKeyword: 'auto_media_port',
      });
      let sipp: Peer | undefined;
      const received: Array<{ port: number; fromPort: number; packet: Buffer }> = [];
      const errors: string[] = [];
      try {
        sipp = await startSippEchoUas(sipPort, sippMedia, calls);
        await waitForUdpListener(sippMedia, sipp);
        const bound = udpPortsBound();
        assert.ok(bound.has(sippMedia) && bound.has(sippMedia + 2), 'SIPp echoes on -mp and -mp+2');
        assert.ok(!bound.has(sippMedia + 1), 'and has no socket on -mp+1 (RTCP)');
        const uac = mediaRun(
          {
            scenario: { kind: 'file', path: scenario },
            remote: { host: '127.0.0.1', port: sipPort },
            localPort: 0,
            mediaPort: await freeMediaPortBlock(),
            maxCalls: calls,
            rate: { ...defaultRunConfig().rate, callsPerPeriod: 10 },
            rtp: { ...defaultRunConfig().rtp, rtcpIntervalMs: 400 },
          },
          {
            errors,
            onMediaPacket: (port, from, buf) =>
              received.push({ port, fromPort: from.port, packet: Buffer.from(buf) }),
          },
        );
        await uac.start();
        const c = (await uac.done()).snapshot.cumulative;
        assert.equal(c.SuccessfulCall, calls, describeRun(sipp));
        assert.equal(c.FailedRtpCheck, 0);
        // Per call: 50 PCMU packets; per digit 5 event updates and 3 end packets.
        const perCall = 50 + 3 * 8;
        assert.equal(c.RtpPacketsSent, calls * perCall);
        assert.equal(c.RtpPacketsReceived, calls * perCall, 'SIPp echoed every packet');
        assert.ok(
          received.every((r) => r.fromPort === sippMedia),
          'from SIPp -mp',
        );
        assert.equal(c.RtpDtmfEventsReceived, calls * 3, 'three digits per call came back');
        for (const port of new Set(received.map((r) => r.port))) {
          const mine = received.filter((r) => r.port === port).map((r) => r.packet);
          const audio = mine.filter((p) => (p[1] & 0x7f) === 0);
          const events = mine.filter((p) => (p[1] & 0x7f) === 101);
          assert.equal(audio.length, 50);
          assert.ok(
            audio.every((p) => p.subarray(12).equals(Buffer.alloc(160, 0xff))),
            'μ-law silence',
          );
          assert.equal(events.length, 24);
          const ssrc = audio[0].readUInt32BE(8);
          assert.ok(
            events.every((p) => p.readUInt32BE(8) === ssrc),
            'events in the stream SSRC',
          );
          const digits = [...new Set(events.map((p) => `${p.readUInt32BE(4)}:${p[12]}`))].map(
            (k) => '0123456789*#'[Number(k.split(':')[1])],
          );
          assert.deepEqual(digits, ['1', '2', '#']);
          const seqs = new Set(mine.map((p) => p.readUInt16BE(2)));
          assert.equal(seqs.size, mine.length, 'one sequence space, no number used twice');
        }
        // SIPp 3.6.1 binds no RTCP port (-mp and -mp+2 only, seen above): our reports go out
        // (one every 400 ms per call, and a BYE) and nothing comes back.
        assert.ok(c.RtcpPacketsSent >= calls * 3, `RTCP sent ${c.RtcpPacketsSent}`);
        assert.equal(c.RtcpPacketsReceived, 0);
        assert.equal(c.RtcpRemoteReportCalls, 0);
        // A closed port answers with ICMP; the media sockets take no error from it.
        assert.deepEqual(
          errors.filter((e) => /media port/.test(e)),
          [],
        );
        assert.equal(await sipp.exit(EXIT_WITHIN_MS), 0, describeRun(sipp));
      } finally {
        sipp?.kill();
      }
    },
  );
});
