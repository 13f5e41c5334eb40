/**
 * rtpcheck: its arguments, and real runs (our UAC streaming into our UAS) where it holds, where
 * it fails on packets or on a quality threshold, and where the call ends before its deadline.
 * A failure is counted as FailedRtpCheck, fails the call, names call and action, and shows in
 * the summary's failure classes (`media`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { parseRtpCheck } from '../../src/media/rtp-check.ts';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import { buildSummary, type StatsSnapshot } from '../../src/stats/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { startRtpRelay } from '../peers/rtp-impairment-relay.ts';
import { summarySchema } from '../stats/summary-schema.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaRun } from './media-runs.ts';

test('rtpcheck arguments: short form, defaults, options, and what is refused', () => {
  const defaults = { minPackets: 1, timeoutMs: 1000, direction: 'any', maxLoss: -1, minMos: -1 };
  assert.deepEqual(parseRtpCheck('10'), { ...defaults, minPackets: 10 });
  assert.deepEqual(parseRtpCheck(''), defaults);
  assert.deepEqual(
    parseRtpCheck('min_packets=5 timeout_ms=300 direction=bidirectional max_loss=5% min_mos=3.6'),
    { minPackets: 5, timeoutMs: 300, direction: 'both', maxLoss: 0.05, minMos: 3.6 },
  );
  assert.equal(parseRtpCheck('direction=recv,max_loss=0.1').maxLoss, 0.1);
  assert.throws(
    () => parseRtpCheck('direction=sideways'),
    /rtpcheck="direction=sideways": direction=sideways is not any, send, recv or both/,
  );
  assert.throws(() => parseRtpCheck('packets=3'), /unknown option "packets"/);
  assert.throws(() => parseRtpCheck('min_packets=-1'), /min_packets=-1 is not a whole number/);
  assert.throws(() => parseRtpCheck('max_loss=2'), /max_loss=2 is not 0..1/);
  assert.throws(() => parseRtpCheck('min_mos=7'), /min_mos=7 is not 1..5/);
});

async function uacAgainstUas(
  checks: string,
  o: { echo: boolean; pauseMs: number; calls: number },
): Promise<{ c: StatsSnapshot['cumulative']; snapshot: StatsSnapshot; errors: string[] }> {
  const { scenario } = mediaFolder({
    actions: `<exec rtp_stream="synthetic,1,8,,20,800"/>${checks}`,
    pauseMs: o.pauseMs,
    // A port block per call: the UAS's one port echoes them all, so only ours tells them apart.
    portKeyword: 'auto_media_port',
  });
  const sipPort = await freeUdpPort();
  const errors: string[] = [];
  const uas = mediaRun({
    scenario: { kind: 'builtin', name: 'uas' },
    localPort: sipPort,
    mediaPort: await freeMediaPortBlock(),
    rtp: { ...defaultRunConfig().rtp, echo: o.echo },
    maxCalls: o.calls,
  });
  const uac = mediaRun(
    {
      scenario: { kind: 'file', path: scenario },
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: 0,
      mediaPort: await freeMediaPortBlock(),
      maxCalls: o.calls,
    },
    { errors },
  );
  try {
    await uas.start();
    await uac.start();
    const { snapshot } = await uac.done();
    await uas.done();
    return { c: snapshot.cumulative, snapshot, errors };
  } finally {
    uac.stop();
    uas.stop();
  }
}

test('checks that hold leave the calls successful', { timeout: 30_000 }, async () => {
  const { c, errors } = await uacAgainstUas(
    '<exec rtpcheck="10"/><exec rtpcheck="min_packets=20 timeout_ms=600 direction=both max_loss=1% min_mos=4"/>',
    { echo: true, pauseMs: 1000, calls: 2 },
  );
  assert.equal(c.SuccessfulCall, 2, errors.join('\n'));
  assert.equal(c.FailedRtpCheck, 0);
  assert.equal(c.FailedCall, 0);
});

test(
  'a direction that gets nothing fails the call at the deadline or at its end, counted and named',
  { timeout: 30_000 },
  async () => {
    // Without echo nothing comes back: `recv` fails at 400 ms; the 60 s deadline is decided when
    // the call ends (1 s); `send` holds.
    const { c, snapshot, errors } = await uacAgainstUas(
      '<exec rtpcheck="min_packets=5 timeout_ms=400 direction=recv"/>' +
        '<exec rtpcheck="min_packets=1 timeout_ms=60000 direction=both"/>' +
        '<exec rtpcheck="min_packets=1 timeout_ms=300 direction=send"/>',
      { echo: false, pauseMs: 1000, calls: 2 },
    );
    assert.equal(c.SuccessfulCall, 0);
    assert.equal(c.FailedCall, 2, 'each call failed once');
    assert.equal(c.FailedRtpCheck, 4, 'two checks per call did not hold; the send one did');
    assert.equal(
      errors.filter((e) =>
        /^call \d+ \(.+\): rtpcheck: fewer than 5 RTP packets \(direction recv\) after 400 ms: sent \d+, received 0 \(.*uac-media\.xml:\d+\) /.test(
          e,
        ),
      ).length,
      2,
      errors.join('\n'),
    );
    assert.equal(
      errors.filter((e) => /\(direction both\) after 60000 ms: sent 40, received 0/.test(e)).length,
      2,
    );
    const summary = buildSummary({
      snapshot,
      info: {
        toolVersion: 'test',
        runId: 'r',
        scenarioName: 'uac media',
        commandLine: [],
        mode: 'client',
        transport: 'udp',
        askedCallsPerSecond: 10,
        callLimit: 0,
        endReason: 'completed',
        exitCode: 1,
        steps: [],
      },
      series: [],
      generator: {
        event_loop_utilization: 0,
        watchdog_minor: 0,
        watchdog_major: 0,
        malformed_messages: 0,
        calls_skipped_by_limit: 0,
      },
    });
    assert.equal(summary.failure_classes.media, 4);
    assert.equal(summary.failure_causes.FailedRtpCheck, 4);
    assert.equal(summary.media?.rtp_packets_sent, 80);
    assert.equal(summary.media?.rtp_packets_received, 0);
    summarySchema.parse(summary);
  },
);

test('min_mos above what the stream can read fails it', { timeout: 30_000 }, async () => {
  const { c, errors } = await uacAgainstUas(
    '<exec rtpcheck="min_packets=10 timeout_ms=500 min_mos=4.5"/>',
    { echo: true, pauseMs: 900, calls: 1 },
  );
  assert.equal(c.FailedRtpCheck, 1);
  assert.equal(c.FailedCall, 1);
  assert.ok(
    errors.some((e) => /rtpcheck: MOS 4\.\d\d is below min_mos 4\.5/.test(e)),
    errors.join('\n'),
  );
});

test(
  'max_loss against a seeded relay: the call over it fails, naming the loss',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = mediaFolder({
      actions:
        '<exec rtp_stream="synthetic,1,8,,20,1500"/>' +
        '<exec rtpcheck="min_packets=20 timeout_ms=1400 direction=recv max_loss=2%"/>',
      pauseMs: 1600,
    });
    const uasMedia = await freeMediaPortBlock();
    const relay = await startRtpRelay(uasMedia, {
      seed: 3,
      dropRatio: 0.15,
      maxDelayMs: 0,
      swapEvery: 0,
    });
    const uasFile = path.join(dir, 'uas-relay.xml');
    writeFileSync(
      uasFile,
      (builtinScenarioXml('uas') ?? '').replace('m=audio [media_port]', 'm=audio [relay_port]'),
    );
    const sipPort = await freeUdpPort();
    const errors: string[] = [];
    const uas = mediaRun({
      scenario: { kind: 'file', path: uasFile },
      localPort: sipPort,
      mediaPort: uasMedia,
      keywords: { relay_port: String(relay.port) },
      rtp: { ...defaultRunConfig().rtp, echo: true, rtcpIntervalMs: 0 },
      maxCalls: 1,
    });
    const uac = mediaRun(
      {
        scenario: { kind: 'file', path: scenario },
        remote: { host: '127.0.0.1', port: sipPort },
        localPort: 0,
        mediaPort: await freeMediaPortBlock(),
        maxCalls: 1,
        // No RTCP: the relay's port + 1 may be its own back socket.
        rtp: { ...defaultRunConfig().rtp, rtcpIntervalMs: 0 },
      },
      { errors },
    );
    try {
      await uas.start();
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      await uas.done();
      assert.ok(relay.dropped.length >= 5, `the relay dropped ${relay.dropped.length}`);
      assert.equal(c.FailedRtpCheck, 1);
      assert.equal(c.FailedCall, 1);
      assert.ok(
        errors.some((e) => /rtpcheck: RTP loss \d+\.\d\d% is above max_loss 2\.00%/.test(e)),
        errors.join('\n'),
      );
    } finally {
      uac.stop();
      uas.stop();
      await relay.close();
    }
  },
);
