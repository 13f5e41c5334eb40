import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Counter,
  PeriodTracker,
  RunStats,
  StepEvent,
  currentCalls,
  type StatsShape,
} from '../../src/stats/index.ts';

const shape: StatsShape = {
  commands: { length: 3 },
  rtdNames: ['setup', 'bye'],
  counterNames: ['invites'],
  responseTimeRepartition: [10, 20],
  callLengthRepartition: [],
};

test('counters, steps, RTDs and generic counters show up in the snapshot by name', () => {
  const stats = new RunStats(shape, 1000);
  stats.count(Counter.OutgoingCall);
  stats.count(Counter.OutgoingCall);
  stats.count(Counter.SuccessfulCall);
  stats.count(Counter.Retransmissions, 3);
  stats.step(0, StepEvent.Message);
  stats.step(0, StepEvent.Retrans);
  stats.step(2, StepEvent.Unexpected);
  stats.responseTime(1, 4);
  stats.generic(0);
  stats.callLength(100);
  const s = stats.snapshot(3000);
  assert.equal(s.cumulative.OutgoingCall, 2);
  assert.equal(s.periodic.Retransmissions, 3);
  assert.equal(s.cumulative.FailedCall, 0);
  assert.deepEqual(s.steps[0], { message: 1, retrans: 1, timeout: 0, unexpected: 0, lost: 0 });
  assert.equal(s.steps[2].unexpected, 1);
  assert.equal(s.rtds[1].name, 'bye');
  assert.equal(s.rtds[1].cumulative.count, 1);
  assert.equal(s.rtds[0].cumulative.count, 0);
  assert.deepEqual(s.generic, [{ name: 'invites', periodic: 1, cumulative: 1 }]);
  assert.equal(s.callLength.cumulative.maxMs, 100);
  assert.deepEqual(s.callLength.repartition, []);
  assert.equal(currentCalls(s), 1);
  assert.equal(s.startedAtMs, 1000);
  assert.equal(s.takenAtMs, 3000);
  // The snapshot is plain data.
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
});

test('repartition follows SIPp: < B1, < B2, >= Bn', () => {
  const stats = new RunStats(shape, 0);
  for (const ms of [0, 9.99, 10, 19, 20, 500]) stats.responseTime(0, ms);
  assert.deepEqual(stats.snapshot(1).rtds[0].repartition, [2, 2, 2]);
});

test('combine adds shard snapshots up exactly, like one engine seeing everything', () => {
  const one = new RunStats(shape, 100);
  const a = new RunStats(shape, 100);
  const b = new RunStats(shape, 90);
  const feed = (target: RunStats[], i: number) => {
    for (const t of target) {
      t.count(Counter.OutgoingCall);
      t.count(i % 3 === 0 ? Counter.FailedCall : Counter.SuccessfulCall);
      t.step(i % 3, StepEvent.Message);
      t.responseTime(i % 2, i * 1.7);
      t.callLength(i * 13);
      if (i % 4 === 0) t.generic(0);
    }
  };
  for (let i = 0; i < 200; i++) feed([one, i % 2 === 0 ? a : b], i);
  const combined = RunStats.combine([a.snapshot(2000), b.snapshot(2100)]);
  const whole = one.snapshot(2100);
  assert.deepEqual(combined.cumulative, whole.cumulative);
  assert.deepEqual(combined.periodic, whole.periodic);
  assert.deepEqual(combined.steps, whole.steps);
  assert.deepEqual(combined.generic, whole.generic);
  for (let r = 0; r < 2; r++) {
    assert.deepEqual(combined.rtds[r].cumulative.buckets, whole.rtds[r].cumulative.buckets);
    assert.equal(combined.rtds[r].cumulative.sumUs, whole.rtds[r].cumulative.sumUs);
    assert.deepEqual(combined.rtds[r].repartition, whole.rtds[r].repartition);
  }
  assert.deepEqual(combined.callLength.cumulative.buckets, whole.callLength.cumulative.buckets);
  assert.equal(combined.startedAtMs, 90);
  assert.equal(combined.takenAtMs, 2100);
});

test('merge folds a snapshot into a live RunStats, cumulative into cumulative', () => {
  const main = new RunStats(shape, 0);
  const shard = new RunStats(shape, 0);
  shard.count(Counter.DeadCallMsgs, 2);
  shard.responseTime(0, 15);
  main.merge(shard.snapshot(10));
  const periods = new PeriodTracker();
  periods.startPeriod(main.snapshot(20));
  const s = periods.view(main.snapshot(30));
  assert.equal(s.cumulative.DeadCallMsgs, 2);
  assert.equal(s.periodic.DeadCallMsgs, 0);
  assert.deepEqual(s.rtds[0].repartition, [0, 1, 0]);
});

test('combine needs at least one snapshot', () => {
  assert.throws(() => RunStats.combine([]), RangeError);
});
