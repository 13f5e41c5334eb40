import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import {
  Counter,
  RunStats,
  SeriesSampler,
  StepEvent,
  buildSummary,
  type GeneratorHealth,
  type StatsShape,
  type SummaryRunInfo,
} from '../../src/stats/index.ts';
import { summarySchema } from './summary-schema.ts';

const SCHEMA_FILE = new URL('../../schemas/summary.schema.json', import.meta.url);

const shape: StatsShape = {
  commands: { length: 3 },
  rtdNames: ['1', 'setup'],
  counterNames: ['invites'],
  responseTimeRepartition: [],
  callLengthRepartition: [],
};

const info: SummaryRunInfo = {
  toolVersion: 'test',
  runId: 'r1',
  scenarioName: 'uac',
  commandLine: ['-sn', 'uac'],
  mode: 'client',
  transport: 'udp',
  remote: '127.0.0.1:5060',
  askedCallsPerSecond: 10,
  callLimit: 30,
  endReason: 'completed',
  exitCode: 1,
  steps: ['send INVITE', 'recv 200', 'send BYE'],
};

const GENERATOR: GeneratorHealth = {
  event_loop_utilization: 0.2,
  watchdog_minor: 0,
  watchdog_major: 0,
  malformed_messages: 0,
  calls_skipped_by_limit: 0,
};

function sampleRun(): RunStats {
  const stats = new RunStats(shape, Date.UTC(2026, 11, 7, 8, 0, 0));
  stats.count(Counter.OutgoingCall, 100);
  stats.count(Counter.SuccessfulCall, 90);
  stats.count(Counter.FailedCall, 10);
  stats.count(Counter.FailedTimeoutOnRecv, 4);
  stats.count(Counter.FailedMaxUDPRetrans, 1);
  stats.count(Counter.FailedUnexpectedMessage, 3);
  stats.count(Counter.FailedRegexpDoesntMatch, 2);
  stats.count(Counter.Retransmissions, 7);
  for (let i = 1; i <= 100; i++) stats.callLength(i * 3); // 3..300 ms
  for (let i = 1; i <= 50; i++) stats.responseTime(0, i);
  for (let i = 0; i < 100; i++) stats.step(0, StepEvent.Message);
  stats.generic(0);
  return stats;
}

test('the summary of a run: totals, failure classes, percentiles and fixed buckets', () => {
  const stats = sampleRun();
  const snapshot = stats.snapshot(Date.UTC(2026, 11, 7, 8, 0, 10));
  const s = buildSummary({
    snapshot,
    info,
    series: [],
    generator: GENERATOR,
  });
  assert.equal(s.total_calls, 100);
  assert.equal(s.success_ratio, 0.9);
  assert.equal(s.calls_per_second, 10);
  assert.equal(s.duration, 10e9);
  assert.equal(s.started_at, '2026-12-07T08:00:00.000Z');
  assert.deepEqual(s.failure_classes, {
    timeout: 5,
    unexpected_sip: 3,
    transport_error: 0,
    parse_error: 0,
    scenario_error: 2,
    cancelled: 0,
    media: 0,
  });
  assert.equal(s.timeouts, 5);
  assert.deepEqual(s.failure_causes, {
    FailedMaxUDPRetrans: 1,
    FailedUnexpectedMessage: 3,
    FailedRegexpDoesntMatch: 2,
    FailedTimeoutOnRecv: 4,
  });
  // p50 of 3..300 step 3 is 150 ms, p99 is 297 ms: within the histogram's 1/256.
  assert.ok(Math.abs(s.call_length.p50 - 150e6) <= 150e6 / 256, String(s.call_length.p50));
  assert.ok(Math.abs(s.call_length.p99 - 297e6) <= 297e6 / 256, String(s.call_length.p99));
  assert.equal(s.call_length.max, 300e6);
  assert.equal(s.call_length.min, 3e6);
  const buckets = Object.fromEntries(s.call_length.buckets.map((b) => [b.label, b.count]));
  assert.equal(buckets.le_10ms, 3);
  assert.equal(buckets.le_100ms, 33 - 16);
  assert.equal(buckets.gt_5000ms, 0);
  assert.equal(
    s.call_length.buckets.reduce((n, b) => n + b.count, 0),
    100,
  );
  assert.deepEqual(Object.keys(s.rtd), ['1', 'setup']);
  assert.equal(s.rtd['1'].count, 50);
  assert.equal(s.counters.invites, 1);
  assert.equal(s.messages[0].messages, 100);
  assert.equal(s.messages[1].step, 'recv 200');
  assert.equal(s.health, undefined);
  assert.ok(s.findings.some((f) => f.includes('90 succeeded, 10 failed')));
  summarySchema.parse(JSON.parse(JSON.stringify(s)));
});

test('gates make health and findings; the schema holds with them', () => {
  const snapshot = sampleRun().snapshot(Date.UTC(2026, 11, 7, 8, 0, 10));
  const s = buildSummary({
    snapshot,
    info,
    series: [],
    generator: GENERATOR,
    gates: [
      { gate: 'failed_calls==0', pass: false, actual: 10, message: 'failed_calls==0: broken' },
      { gate: 'rtd.x.p99<1', pass: false, actual: Number.NaN, message: 'no such measurement' },
    ],
  });
  assert.deepEqual(s.health, {
    active: true,
    pass: false,
    reasons: ['failed_calls==0: broken', 'no such measurement'],
  });
  assert.match(s.findings[0], /^Health check: FAIL/);
  summarySchema.parse(JSON.parse(JSON.stringify(s)));
});

test('the series sampler keeps one point per sample of differences, halving past its bound', () => {
  const stats = new RunStats(shape, 0);
  const sampler = new SeriesSampler(4);
  for (let second = 1; second <= 9; second++) {
    stats.count(Counter.OutgoingCall, 10);
    stats.count(Counter.SuccessfulCall, 10);
    // Each second: eight calls of `second` ms, two of 10 × that.
    for (let i = 0; i < 10; i++) stats.callLength(i < 8 ? second : second * 10);
    sampler.sample(stats.snapshot(second * 1000));
  }
  const series = sampler.series();
  assert.ok(series.length <= 4, String(series.length));
  assert.equal(
    series.reduce((n, p) => n + p.total_calls, 0),
    90,
  );
  assert.equal(series.at(-1)?.t, 9);
  // The last point's percentiles are of the calls that ended in its seconds only.
  // (Within the histogram's documented 1/256.)
  const near = (got: number | undefined, ns: number) =>
    assert.ok(got !== undefined && Math.abs(got - ns) <= ns / 256, `${got} vs ${ns}`);
  const last = series.at(-1);
  near(last?.call_length_p99, 90e6);
  near(last?.call_length_p90, 90e6);
  near(last?.call_length_p50, 9e6);
  // Before any halving, a point is exactly its second's calls.
  const fresh = new SeriesSampler();
  const one = new RunStats(shape, 0);
  for (let i = 0; i < 10; i++) one.callLength(i < 8 ? 4 : 40);
  fresh.sample(one.snapshot(1000));
  const point = fresh.series()[0];
  near(point.call_length_p50, 4e6);
  near(point.call_length_p90, 40e6);
  near(point.call_length_p95, 40e6);
  near(point.call_length_p99, 40e6);
});

test('schemas/summary.schema.json is the JSON Schema of the zod schema (UPDATE_SCHEMA=1 rewrites)', () => {
  const generated = JSON.stringify(z.toJSONSchema(summarySchema), null, 2) + '\n';
  if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), generated);
});
