import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rssTrend } from '../../bench/rss-trend.ts';

const seconds = (rssKbEachSecond: number[]): Array<{ atMs: number; rssKb: number }> =>
  rssKbEachSecond.map((rssKb, i) => ({ atMs: i * 1000, rssKb }));

test('a climb that stops by half-time: flat second half, peak from the whole run', () => {
  const climbThenFlat = [
    ...Array.from({ length: 30 }, (_, i) => 50_000 + i * 1000),
    ...Array(31).fill(80_000),
  ];
  const trend = rssTrend(seconds(climbThenFlat), 60_000);
  assert.equal(trend.peakKb, 80_000);
  assert.equal(trend.secondHalfMibPerMin, 0);
  assert.equal(trend.secondHalfSamples, 31);
});

test('steady growth reads as MiB per minute over the second half only', () => {
  // 1 MiB every 10 s after a flat first half: 6 MiB/min.
  const growing = Array.from({ length: 61 }, (_, i) =>
    i < 30 ? 40_000 : 40_000 + ((i - 30) * 1024) / 10,
  );
  const trend = rssTrend(seconds(growing), 60_000);
  assert.ok(Math.abs(trend.secondHalfMibPerMin - 6) < 1e-9, `${trend.secondHalfMibPerMin}`);
});

test('readings after the end count for the peak, not the slope; too few readings give NaN', () => {
  const trend = rssTrend([...seconds([10, 10, 10, 10, 10]), { atMs: 6000, rssKb: 99 }], 4000);
  assert.equal(trend.peakKb, 99);
  assert.equal(trend.secondHalfMibPerMin, 0);
  assert.ok(Number.isNaN(rssTrend(seconds([10, 20]), 2000).secondHalfMibPerMin));
  assert.ok(Number.isNaN(rssTrend([], 2000).peakKb));
});
