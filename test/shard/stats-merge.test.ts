import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ShardStatsMerger } from '../../src/shard/index.ts';
import {
  Counter,
  PeriodTracker,
  RunStats,
  StepEvent,
  type StatsShape,
  type StatsSnapshot,
} from '../../src/stats/index.ts';

const SHAPE: StatsShape = {
  commands: { length: 3 },
  rtdNames: ['1'],
  counterNames: ['c'],
  responseTimeRepartition: [10, 20],
  callLengthRepartition: [100],
};

/** One recorded event: which shard, and what. */
const event = fc.record({
  shard: fc.integer({ min: 0, max: 2 }),
  ms: fc.double({ min: 0, max: 5000, noNaN: true }),
  step: fc.integer({ min: 0, max: 2 }),
  ok: fc.boolean(),
});

function record(stats: RunStats, e: { ms: number; step: number; ok: boolean }): void {
  stats.count(Counter.OutgoingCall);
  stats.count(e.ok ? Counter.SuccessfulCall : Counter.FailedCall);
  stats.step(e.step, StepEvent.Message);
  stats.responseTime(0, e.ms);
  stats.callLength(e.ms * 2);
  stats.generic(0);
}

/** Everything but the float sum of squares, which only has to agree to rounding. */
function exactParts(s: StatsSnapshot): unknown {
  const h = (j: {
    count: number;
    minMs: number;
    maxMs: number;
    sumUs: number;
    buckets: readonly number[];
  }) => ({ count: j.count, minMs: j.minMs, maxMs: j.maxMs, sumUs: j.sumUs, buckets: j.buckets });
  const t = (x: StatsSnapshot['callLength']) => ({
    periodic: h(x.periodic),
    cumulative: h(x.cumulative),
    repartition: x.repartition,
  });
  return {
    periodic: s.periodic,
    cumulative: s.cumulative,
    steps: s.steps,
    generic: s.generic,
    rtds: s.rtds.map((r) => ({ name: r.name, ...t(r) })),
    callLength: t(s.callLength),
  };
}

test('merged shard reports equal one engine that saw every event, across report and display periods', () => {
  const batches = fc.array(fc.array(event, { maxLength: 40 }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(
      batches,
      fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      (reportBatches, resets) => {
        const single = new RunStats(SHAPE, 0);
        const shards = [0, 1, 2].map(() => new RunStats(SHAPE, 0));
        const merger = new ShardStatsMerger(SHAPE, 3, 0);
        const mergedPeriods = new PeriodTracker();
        const singlePeriods = new PeriodTracker();
        reportBatches.forEach((batch, b) => {
          for (const e of batch) {
            record(single, e);
            record(shards[e.shard], e);
          }
          // Every shard reports its cumulative figures, as shard-worker.ts does.
          shards.forEach((s, i) => merger.add(i, s.snapshot(b + 1)));
          const merged = mergedPeriods.view(merger.snapshot(b + 1));
          const expected = singlePeriods.view(single.snapshot(b + 1));
          assert.deepEqual(exactParts(merged), exactParts(expected));
          assert.ok(
            Math.abs(
              merged.callLength.cumulative.sumSqMs - expected.callLength.cumulative.sumSqMs,
            ) <=
              1e-9 * Math.max(1, expected.callLength.cumulative.sumSqMs),
          );
          if (resets[b]) {
            mergedPeriods.startPeriod(merged);
            singlePeriods.startPeriod(expected);
          }
        });
      },
    ),
    { numRuns: 80 },
  );
});

test("the screen's periodic values over merged shards are the events since its period start", () => {
  const batches = fc.array(fc.array(event, { maxLength: 40 }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(
      batches,
      fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      (reportBatches, resets) => {
        const shards = [0, 1, 2].map(() => new RunStats(SHAPE, 0));
        const merger = new ShardStatsMerger(SHAPE, 3, 0);
        const screen = new PeriodTracker();
        // What the merger showed when shards and screen restarted periods: a count since the reset.
        let sinceReset = new RunStats(SHAPE, 0);
        reportBatches.forEach((batch, b) => {
          for (const e of batch) {
            record(shards[e.shard], e);
            record(sinceReset, e);
          }
          shards.forEach((s, i) => merger.add(i, s.snapshot(b + 1)));
          const view = screen.view(merger.snapshot(b + 1));
          const want = sinceReset.snapshot(b + 1);
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
          assert.equal(view.periodStartedAtMs, want.startedAtMs);
          if (resets[b]) {
            screen.startPeriod(view);
            sinceReset = new RunStats(SHAPE, b + 1);
          }
        });
      },
    ),
    { numRuns: 80 },
  );
});

test('before any report the merged snapshot is empty but shaped like the scenario', () => {
  const s = new ShardStatsMerger(SHAPE, 2, 1000).snapshot(2000);
  assert.equal(s.cumulative.OutgoingCall, 0);
  assert.equal(s.steps.length, 3);
  assert.deepEqual(
    s.rtds.map((r) => r.name),
    ['1'],
  );
  assert.equal(s.takenAtMs, 2000);
  assert.equal(s.startedAtMs, 1000);
});

test("a shard's later report replaces its earlier cumulative figures instead of adding to them", () => {
  const shard = new RunStats(SHAPE, 0);
  const merger = new ShardStatsMerger(SHAPE, 2, 0);
  record(shard, { ms: 5, step: 0, ok: true });
  merger.add(0, shard.snapshot(1));
  record(shard, { ms: 7, step: 0, ok: true });
  merger.add(0, shard.snapshot(2));
  const periods = new PeriodTracker();
  const s = periods.view(merger.snapshot(2));
  assert.equal(s.cumulative.SuccessfulCall, 2);
  assert.equal(s.periodic.SuccessfulCall, 2);
  assert.equal(s.rtds[0].cumulative.count, 2);
  periods.startPeriod(s);
  assert.equal(periods.view(merger.snapshot(3)).periodic.SuccessfulCall, 0);
  assert.equal(periods.view(merger.snapshot(3)).cumulative.SuccessfulCall, 2);
});
