import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Counter,
  GateError,
  RunStats,
  buildSummary,
  checkGates,
  healthGates,
  parseGate,
  type StatsShape,
  type Summary,
} from '../../src/stats/index.ts';

const shape: StatsShape = {
  commands: { length: 1 },
  rtdNames: ['1', 'register'],
  counterNames: [],
  responseTimeRepartition: [],
  callLengthRepartition: [],
};

function summary(): Summary {
  const stats = new RunStats(shape, 0);
  stats.count(Counter.OutgoingCall, 1000);
  stats.count(Counter.SuccessfulCall, 998);
  stats.count(Counter.FailedCall, 2);
  stats.count(Counter.FailedTimeoutOnRecv, 2);
  stats.count(Counter.Retransmissions, 12);
  for (let i = 0; i < 1000; i++) stats.callLength(i < 980 ? 100 : 250);
  for (let i = 0; i < 100; i++) stats.responseTime(0, 40);
  return buildSummary({
    snapshot: stats.snapshot(10_000),
    info: {
      toolVersion: 't',
      runId: 'r',
      scenarioName: 's',
      commandLine: [],
      mode: 'client',
      transport: 'udp',
      askedCallsPerSecond: 100,
      callLimit: 10,
      endReason: 'completed',
      exitCode: 1,
      steps: ['send INVITE'],
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
}

test('thresholds on every kind of metric pass and break as the numbers say', () => {
  const s = summary();
  const results = checkGates(
    [
      'call_length.p99<200ms', // p99 is 250 ms: broken
      'call_length.p50<=0.101s', // 100 ms, within the histogram's 1/256
      'rtd.1.p95<=50ms',
      'rtd.1.count==100',
      'success_ratio>=0.999', // 0.998: broken
      'success_ratio>=99.5%',
      'failed_calls==0', // 2: broken
      'retransmissions<10', // 12: broken
      'timeouts<=2',
      'failure.timeout==2',
      'rtd.register.p95<1000', // no samples: cannot hold
    ].map(parseGate),
    s,
  );
  assert.deepEqual(
    results.map((r) => r.pass),
    [false, true, true, true, false, true, false, false, true, true, false],
  );
  assert.match(results[0].message, /call_length\.p99<200ms: broken, measured 25\d(\.\d+)?ms/);
  assert.match(results[10].message, /no such measurement/);
  assert.equal(results[6].actual, 2);
});

test('the -health_* flags are gates with the reference semantics', () => {
  const s = summary();
  const results = checkGates(
    healthGates({ minSuccessRatio: 0.99, maxFailedCalls: 1, maxTimeouts: 2 }),
    s,
  );
  assert.deepEqual(
    results.map((r) => [r.gate, r.pass]),
    [
      ['-health_min_success_ratio 0.99', true],
      ['-health_max_failed_calls 1', false],
      ['-health_max_timeouts 2', true],
    ],
  );
});

test('bad expressions are refused with the expression and what is wrong', () => {
  const bad: Array<[string, RegExp]> = [
    ['p99<200', /unknown metric "p99"/],
    ['call_length.p99 200ms', /expected METRIC OP VALUE/],
    ['call_length.p42<1ms', /unknown metric/],
    ['failed_calls<2ms', /takes no unit/],
    ['call_length.p99<5%', /duration, not a %/],
    ['failure.nosuch==0', /unknown metric/],
    ['success_ratio=>1', /expected METRIC OP VALUE/],
  ];
  for (const [text, why] of bad) {
    assert.throws(
      () => parseGate(text),
      (err: unknown) =>
        err instanceof GateError && why.test(err.message) && err.message.includes(text),
      text,
    );
  }
});
