import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Histogram } from '../../src/stats/index.ts';

/** The smallest sample with at least p % of samples at or below it (the definition we promise). */
function exactPercentile(sortedUs: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sortedUs.length));
  return sortedUs[rank - 1] / 1000;
}

const samplesMs = fc.array(
  fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 5000, noNaN: true }),
    fc.double({ min: 0, max: 3_600_000, noNaN: true }),
  ),
  { minLength: 1, maxLength: 400 },
);

// The bound docs/summary-json.md documents: 1/256 of the value, plus the 0.5 µs input rounding.
test('percentiles are within 1/256 (plus 0.5 µs) of the exact sorted-sample percentile', () => {
  fc.assert(
    fc.property(samplesMs, fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
      const h = new Histogram();
      for (const v of values) h.record(v);
      const sortedUs = values.map((v) => Math.round(v * 1000)).sort((a, b) => a - b);
      const exact = exactPercentile(sortedUs, p);
      const got = h.percentile(p);
      const bound = exact / 256 + 0.0005;
      assert.ok(Math.abs(got - exact) <= bound, `p${p}: got ${got}, exact ${exact}`);
    }),
    { numRuns: 2000 },
  );
});

test('count, min, max and mean are exact (µs-rounded); stdev matches the population formula', () => {
  fc.assert(
    fc.property(samplesMs, (values) => {
      const h = new Histogram();
      for (const v of values) h.record(v);
      const us = values.map((v) => Math.round(v * 1000));
      const ms = us.map((u) => u / 1000);
      const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
      const variance = ms.reduce((a, b) => a + (b - mean) ** 2, 0) / ms.length;
      assert.equal(h.count, values.length);
      assert.equal(h.min, Math.min(...us) / 1000);
      assert.equal(h.max, Math.max(...us) / 1000);
      assert.ok(Math.abs(h.mean - mean) <= 1e-9 * Math.max(1, mean));
      assert.ok(Math.abs(h.stdev - Math.sqrt(variance)) <= 1e-6 * Math.max(1, mean));
      assert.equal(h.percentile(0), h.min);
      assert.equal(h.percentile(100), h.max);
    }),
  );
});

test('merging two histograms equals recording everything in one', () => {
  fc.assert(
    fc.property(samplesMs, samplesMs, (a, b) => {
      const one = new Histogram();
      const left = new Histogram();
      const right = new Histogram();
      for (const v of a) {
        one.record(v);
        left.record(v);
      }
      for (const v of b) {
        one.record(v);
        right.record(v);
      }
      left.merge(right);
      const merged = left.toJSON();
      const whole = one.toJSON();
      assert.deepEqual(merged.buckets, whole.buckets);
      assert.equal(merged.count, whole.count);
      assert.equal(merged.sumUs, whole.sumUs);
      assert.equal(merged.minMs, whole.minMs);
      assert.equal(merged.maxMs, whole.maxMs);
      for (const p of [50, 90, 99, 99.9]) assert.equal(left.percentile(p), one.percentile(p));
    }),
  );
});

test('toJSON/fromJSON round-trips through JSON text and merges like the original', () => {
  const h = new Histogram();
  for (const v of [0.2, 1.5, 3, 250, 4009, 4010, 86_400_000]) h.record(v);
  const back = Histogram.fromJSON(JSON.parse(JSON.stringify(h)));
  assert.deepEqual(back.toJSON(), h.toJSON());
  assert.equal(back.percentile(50), h.percentile(50));
  const sum = new Histogram();
  sum.mergeJSON(h.toJSON());
  sum.mergeJSON(back.toJSON());
  assert.equal(sum.count, 14);
  assert.equal(sum.max, 86_400_000);
});

test('fromJSON refuses another bucket layout', () => {
  const json = { ...new Histogram().toJSON(), layout: 'hdr-3' } as never;
  assert.throws(() => Histogram.fromJSON(json), RangeError);
});

test('reset empties the histogram; negative values count as 0 and NaN is ignored', () => {
  const h = new Histogram();
  h.record(12);
  h.record(-3);
  h.record(Number.NaN);
  assert.equal(h.count, 2);
  assert.equal(h.min, 0);
  h.reset();
  assert.equal(h.count, 0);
  assert.equal(h.percentile(50), 0);
  assert.deepEqual(h.toJSON().buckets, []);
  h.record(7);
  assert.equal(h.percentile(50), 7);
});

test('sub-millisecond values are exact to the microsecond', () => {
  const h = new Histogram();
  for (const v of [0.001, 0.128, 0.255]) h.record(v);
  assert.equal(h.percentile(50), 0.128);
  assert.equal(h.percentile(34), 0.128);
  assert.equal(h.percentile(33), 0.001);
});

test('minusJSON of an earlier state leaves exactly the samples recorded since', () => {
  fc.assert(
    fc.property(samplesMs, samplesMs, (earlierValues, sinceValues) => {
      const whole = new Histogram();
      const since = new Histogram();
      for (const v of earlierValues) whole.record(v);
      const earlier = whole.toJSON();
      for (const v of sinceValues) {
        whole.record(v);
        since.record(v);
      }
      whole.minusJSON(earlier);
      const got = whole.toJSON();
      const want = since.toJSON();
      assert.deepEqual(got.buckets, want.buckets);
      assert.equal(got.count, want.count);
      assert.equal(got.sumUs, want.sumUs);
      assert.ok(
        Math.abs(got.sumSqMs - want.sumSqMs) <= 1e-6 * Math.max(1, earlier.sumSqMs + want.sumSqMs),
      );
      // Min and max within the layout's error (1/256 of the value, plus µs rounding) ...
      for (const key of ['minMs', 'maxMs'] as const) {
        assert.ok(
          Math.abs(got[key] - want[key]) <= want[key] / 256 + 0.001,
          `${key}: ${got[key]} vs ${want[key]}`,
        );
      }
      // ... and exact when the extreme is new to the whole histogram.
      if (want.minMs < earlier.minMs) assert.equal(got.minMs, want.minMs);
      if (want.maxMs > earlier.maxMs) assert.equal(got.maxMs, want.maxMs);
      for (const p of [50, 90, 99]) assert.equal(whole.percentile(p) > 0, since.percentile(p) > 0);
    }),
  );
});

test('minusJSON of everything empties the histogram; of a non-earlier state it throws', () => {
  const h = new Histogram();
  for (const v of [1, 2, 300]) h.record(v);
  const all = h.toJSON();
  const other = new Histogram();
  other.record(5000);
  assert.throws(() => Histogram.fromJSON(all).minusJSON(other.toJSON()), RangeError);
  h.minusJSON(all);
  assert.equal(h.count, 0);
  assert.deepEqual(h.toJSON(), new Histogram().toJSON());
});

test('countsAtOrBelow: one pass, the same counts as countAtOrBelow bound by bound', () => {
  const bounds = [0.05, 1, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e7];
  for (const seed of [1, 2, 3]) {
    const h = new Histogram();
    let x = seed;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      h.record((x % 8_000_000) / 1000);
    }
    assert.deepEqual(
      h.countsAtOrBelow(bounds),
      bounds.map((b) => h.countAtOrBelow(b)),
    );
  }
  assert.deepEqual(new Histogram().countsAtOrBelow([1, 2]), [0, 0]);
});
