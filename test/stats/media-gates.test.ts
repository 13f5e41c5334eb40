/**
 * The media gates: -health_max_rtcp_fraction_lost, -health_max_rtcp_jitter_ts,
 * -health_min_rtp_packets_recv, -health_min_rtp_packets_recv_per_call (and the same metrics in
 * -threshold) read the summary's `media` block; a run without media, or without RTCP reports,
 * has no such measurement and the gate breaks saying so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { profileArgs } from '../../src/config/profile-keys.ts';
import {
  checkGates,
  healthGates,
  parseGate,
  type MediaSummary,
  type Summary,
} from '../../src/stats/index.ts';

const MEDIA: MediaSummary = {
  rtp_packets_sent: 1000,
  rtp_packets_received: 950,
  rtp_packets_echoed: 0,
  rtp_packets_lost: 50,
  rtp_packets_received_per_call: 95,
  rtp_quality_calls: 10,
  rtp_jitter_ms_mean: 2.5,
  mos_mean: 4.1,
  dtmf_events_received: 30,
  rtcp_packets_sent: 40,
  rtcp_packets_received: 40,
  rtcp_report_calls: 10,
  rtcp_fraction_lost_mean: 0.04,
  rtcp_jitter_ms_mean: 3,
  rtcp_rtt_calls: 10,
  rtcp_rtt_ms_mean: 0.4,
};

function summary(media?: MediaSummary): Summary {
  return { media } as unknown as Summary;
}

test('the four -health_ media flags are gates on the summary media block', () => {
  const gates = healthGates({
    maxRtcpFractionLost: 0.05,
    maxRtcpJitterTs: 20,
    minRtpPacketsRecv: 900,
    minRtpPacketsRecvPerCall: 100,
  });
  assert.deepEqual(
    gates.map((g) => g.text),
    [
      '-health_max_rtcp_fraction_lost 0.05',
      '-health_max_rtcp_jitter_ts 20',
      '-health_min_rtp_packets_recv 900',
      '-health_min_rtp_packets_recv_per_call 100',
    ],
  );
  const results = checkGates(gates, summary(MEDIA));
  assert.deepEqual(
    results.map((r) => [r.pass, r.actual]),
    [
      [true, 0.04],
      // 3 ms of remote jitter is 24 units of an 8 kHz clock.
      [false, 24],
      [true, 950],
      [false, 95],
    ],
  );
  assert.match(results[3].message, /broken, measured 95/);
});

test('without media, or without RTCP reports, a media gate has nothing to measure', () => {
  const gate = healthGates({ maxRtcpFractionLost: 0.1, minRtpPacketsRecv: 1 });
  const none = checkGates(gate, summary(undefined));
  assert.ok(none.every((r) => !r.pass && /no such measurement/.test(r.message)));
  const noReports = checkGates(gate, summary({ ...MEDIA, rtcp_report_calls: 0 }));
  assert.equal(noReports[0].pass, false);
  assert.match(noReports[0].message, /no such measurement/);
  assert.equal(noReports[1].pass, true);
});

test('-threshold takes the media metrics too', () => {
  const [mos, rtt] = checkGates(
    [parseGate('mos>=4.2'), parseGate('rtcp_rtt_ms<1')],
    summary(MEDIA),
  );
  assert.equal(mos.pass, false);
  assert.equal(rtt.pass, true);
  assert.throws(() => parseGate('mos>=4%'), /takes no unit/);
});

test('flags and profile keys set the gates; out-of-range values are refused', () => {
  const parsed = parseScenarioFlags(
    [
      '-health_max_rtcp_fraction_lost',
      '0.02',
      '-health_min_rtp_packets_recv_per_call',
      '40',
      '127.0.0.1',
    ],
    '/tmp',
  );
  assert.equal(parsed.kind, 'run');
  const config = parsed.config;
  assert.equal(config.results.maxRtcpFractionLost, 0.02);
  assert.equal(config.results.minRtpPacketsRecvPerCall, 40);
  assert.throws(
    () => parseScenarioFlags(['-health_max_rtcp_fraction_lost', '2', '127.0.0.1'], '/tmp'),
    /-health_max_rtcp_fraction_lost 2: expected 0\.\.1/,
  );
  const args = profileArgs(
    { health_min_rtp_packets_recv: 500, health_max_rtcp_jitter_ts: 80 },
    '/tmp',
    'test.json',
  );
  assert.deepEqual(args.args, [
    '-health_max_rtcp_jitter_ts',
    '80',
    '-health_min_rtp_packets_recv',
    '500',
  ]);
});
