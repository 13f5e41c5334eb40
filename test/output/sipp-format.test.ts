process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatPauseLength,
  formatSippDuration,
  formatSippElapsed,
  formatSippTimestamp,
} from '../../src/output/index.ts';

test('pause lengths are written like sipp 3.6.1 writes them (observed on the installed binary)', () => {
  const observed: Array<[number, string]> = [
    [0, '0ms'],
    [999, '999ms'],
    [1000, '1000ms'],
    [9999, '9999ms'],
    [10000, '10.0s'],
    [10001, '10.0s'],
    [59999, '60.0s'],
    [60000, '1:00'],
    [99999, '1:39'],
    [100000, '1:40'],
    [599999, '9:59'],
    [600000, '10:00'],
    [3599999, '59:59'],
    [3600000, '1:00:00'],
    [86400000, '24:00:00'],
    [360000000, '100:00:00'],
    [123456789, '34:17:36'],
  ];
  for (const [ms, text] of observed) assert.equal(formatPauseLength(ms), text, `${ms} ms`);
});

test('timestamps: date, time and epoch with microseconds, tab-separated', () => {
  assert.equal(
    formatSippTimestamp(1795956110362.718),
    '2026-11-29\t12:41:50.362718\t1795956110.362718',
  );
  assert.equal(
    formatSippTimestamp(1795956110999.9996),
    '2026-11-29\t12:41:51.000000\t1795956111.000000',
  );
});

test('durations are HH:MM:SS:usec and elapsed times HH:MM:SS', () => {
  assert.equal(formatSippDuration(4009), '00:00:04:009000');
  assert.equal(formatSippDuration(0.0004), '00:00:00:000000');
  assert.equal(formatSippDuration(3_723_004.5), '01:02:03:004500');
  assert.equal(formatSippDuration(-5), '00:00:00:000000');
  assert.equal(formatSippDuration(400 * 3600 * 1000), '400:00:00:000000');
  assert.equal(formatSippElapsed(6513.4), '00:00:06');
  assert.equal(formatSippElapsed(3_723_999), '01:02:03');
});
