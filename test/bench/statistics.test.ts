import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, percentile, ratio, slope } from '../../bench/statistics.ts';

test('median: odd, even, non-finite values ignored, empty is NaN', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([NaN, 5, Infinity, 1, 3]), 3);
  assert.ok(Number.isNaN(median([])));
});

test('percentile: nearest rank', () => {
  const v = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(v, 50), 50);
  assert.equal(percentile(v, 99), 99);
  assert.equal(percentile(v, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('ratio: NaN when either side is missing or SIPp is zero', () => {
  assert.equal(ratio(3, 2), 1.5);
  assert.ok(Number.isNaN(ratio(3, 0)));
  assert.ok(Number.isNaN(ratio(NaN, 2)));
});

test('slope: least squares; NaN for fewer than two distinct x', () => {
  assert.equal(slope([0, 1, 2, 3], [1, 3, 5, 7]), 2);
  assert.equal(slope([0, 1, 2, 3], [5, 4, 6, 5]), 0.2);
  assert.ok(Number.isNaN(slope([1], [1])));
  assert.ok(Number.isNaN(slope([2, 2, 2], [1, 2, 3])));
});
