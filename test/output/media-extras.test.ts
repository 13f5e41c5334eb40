/** The final report's media rows: rtpcheck failures, DTMF received, RTCP and the far end's view. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gossipperExtras } from '../../src/output/index.ts';
import { Counter, RunStats } from '../../src/stats/index.ts';

function stats(): RunStats {
  return new RunStats(
    {
      commands: { length: 1 },
      rtdNames: [],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
}

test('RTCP rows put the far end beside our own figures; none without RTCP', () => {
  const s = stats();
  s.count(Counter.RtpPacketsSent, 300);
  s.count(Counter.RtpPacketsReceived, 290);
  s.count(Counter.RtpQualityCalls, 2);
  s.count(Counter.RtpJitterUsSum, 3000);
  s.count(Counter.RtpMosMilliSum, 8700);
  s.count(Counter.FailedRtpCheck, 1);
  s.count(Counter.RtpDtmfEventsReceived, 6);
  s.count(Counter.RtcpPacketsSent, 10);
  s.count(Counter.RtcpPacketsReceived, 9);
  s.count(Counter.RtcpRemoteReportCalls, 2);
  // Fraction lost 0.02 and 0.04: a mean of 3%; jitter 1 ms and 2 ms.
  s.count(Counter.RtcpRemoteFractionLostPpmSum, 60_000);
  s.count(Counter.RtcpRemoteJitterUsSum, 3000);
  s.count(Counter.RtcpRttCalls, 1);
  s.count(Counter.RtcpRttUsSum, 850);
  const lines = gossipperExtras(s.snapshot(1000));
  assert.ok(lines.includes('  Failed rtpcheck        |        1'), lines.join('\n'));
  assert.ok(lines.includes('  DTMF events received   |        6'));
  assert.ok(lines.includes('  RTCP packets sent      |       10'));
  assert.ok(lines.includes('  RTCP packets received  |        9'));
  assert.ok(lines.includes('  Far end (RTCP), mean   | lost 3.00%, jitter 1.500 ms (2 calls)'));
  assert.ok(lines.includes('  RTCP round trip, mean  | 0.850 ms (1 calls)'));
  assert.ok(lines.every((l) => l.length <= 79));
  const quiet = stats();
  quiet.count(Counter.RtpPacketsSent, 5);
  const none = gossipperExtras(quiet.snapshot(1000));
  assert.ok(!none.some((l) => /RTCP|Far end|rtpcheck|DTMF/.test(l)), none.join('\n'));
});
