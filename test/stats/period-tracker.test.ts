import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Counter,
  PeriodTracker,
  RunStats,
  StepEvent,
  type StatsShape,
} from '../../src/stats/index.ts';

const shape: StatsShape = {
  commands: { length: 2 },
  rtdNames: ['setup'],
  counterNames: ['invites'],
  responseTimeRepartition: [10, 20],
  callLengthRepartition: [],
};

test('before any startPeriod the view is the run: periodic equals cumulative', () => {
  const stats = new RunStats(shape, 100);
  stats.count(Counter.OutgoingCall, 3);
  stats.responseTime(0, 12);
  const s = stats.snapshot(900);
  const v = new PeriodTracker().view(s);
  assert.equal(v.periodic.OutgoingCall, 3);
  assert.equal(v.rtds[0].periodic.count, 1);
  assert.equal(v.periodStartedAtMs, 100);
  assert.deepEqual(v, s);
});

test('startPeriod narrows periodic values only and moves the period start', () => {
  const stats = new RunStats(shape, 0);
  const periods = new PeriodTracker();
  stats.count(Counter.IncomingCall);
  stats.responseTime(0, 5);
  stats.generic(0);
  periods.startPeriod(stats.snapshot(1000));
  stats.count(Counter.IncomingCall);
  const s = periods.view(stats.snapshot(1500));
  assert.equal(s.periodic.IncomingCall, 1);
  assert.equal(s.cumulative.IncomingCall, 2);
  assert.equal(s.rtds[0].periodic.count, 0);
  assert.equal(s.rtds[0].cumulative.count, 1);
  assert.equal(s.generic[0].periodic, 0);
  assert.equal(s.generic[0].cumulative, 1);
  assert.equal(s.periodStartedAtMs, 1000);
  assert.deepEqual(s.rtds[0].repartition, [1, 0, 0]);
});

test('two trackers on one RunStats keep independent periods', () => {
  const stats = new RunStats(shape, 0);
  const screen = new PeriodTracker();
  const api = new PeriodTracker();
  stats.count(Counter.SuccessfulCall, 4);
  stats.callLength(1000);
  screen.startPeriod(stats.snapshot(1000));
  stats.count(Counter.SuccessfulCall, 2);
  stats.callLength(3000);
  api.startPeriod(stats.snapshot(2000));
  stats.count(Counter.SuccessfulCall, 1);
  stats.generic(0);
  const now = stats.snapshot(3000);
  const seenByScreen = screen.view(now);
  const seenByApi = api.view(now);
  assert.equal(seenByScreen.periodic.SuccessfulCall, 3);
  assert.equal(seenByScreen.periodStartedAtMs, 1000);
  assert.equal(seenByScreen.callLength.periodic.count, 1);
  assert.equal(seenByScreen.callLength.periodic.maxMs, 3000);
  assert.equal(seenByApi.periodic.SuccessfulCall, 1);
  assert.equal(seenByApi.periodStartedAtMs, 2000);
  assert.equal(seenByApi.callLength.periodic.count, 0);
  assert.equal(seenByApi.generic[0].periodic, 1);
  // The screen starting a new period does not move the API's.
  screen.startPeriod(seenByScreen);
  assert.equal(screen.view(stats.snapshot(3500)).periodic.SuccessfulCall, 0);
  assert.equal(api.view(stats.snapshot(3500)).periodic.SuccessfulCall, 1);
  // Nor does anything reach the run's own snapshot.
  assert.equal(stats.snapshot(3500).periodic.SuccessfulCall, 7);
  assert.equal(stats.snapshot(3500).periodStartedAtMs, 0);
});

test('a view equals what a RunStats restarted at the period start would count', () => {
  const event = fc.record({
    ms: fc.double({ min: 0, max: 5000, noNaN: true }),
    ok: fc.boolean(),
    step: fc.integer({ min: 0, max: 1 }),
  });
  const periodsOf = fc.array(fc.array(event, { maxLength: 30 }), { minLength: 1, maxLength: 5 });
  fc.assert(
    fc.property(periodsOf, (batches) => {
      const stats = new RunStats(shape, 0);
      const periods = new PeriodTracker();
      batches.forEach((batch, b) => {
        const fresh = new RunStats(shape, b);
        for (const target of [stats, fresh]) {
          for (const e of batch) {
            target.count(e.ok ? Counter.SuccessfulCall : Counter.FailedCall);
            target.step(e.step, StepEvent.Message);
            target.responseTime(0, e.ms);
            target.callLength(e.ms * 3);
            if (e.ok) target.generic(0);
          }
        }
        const view = periods.view(stats.snapshot(b + 1));
        const want = fresh.snapshot(b + 1);
        assert.deepEqual(view.periodic, want.cumulative);
        assert.deepEqual(
          view.generic.map((g) => g.periodic),
          want.generic.map((g) => g.cumulative),
        );
        for (const [got, exp] of [
          [view.rtds[0], want.rtds[0]],
          [view.callLength, want.callLength],
        ] as const) {
          assert.deepEqual(got.periodic.buckets, exp.cumulative.buckets);
          assert.equal(got.periodic.count, exp.cumulative.count);
          assert.equal(got.periodic.sumUs, exp.cumulative.sumUs);
        }
        assert.equal(view.periodStartedAtMs, b);
        periods.startPeriod(view);
      });
    }),
    { numRuns: 100 },
  );
});
