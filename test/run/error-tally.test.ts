import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorTally, NO_ERRORS, mergeErrorSummaries } from '../../src/run/error-tally.ts';
import { RecordingTrace } from '../engine/engine-harness.ts';

test('ErrorTally counts errors, warnings and malformed messages, keeps the latest, and passes all on', () => {
  let now = 1000;
  const inner = new RecordingTrace();
  const tally = new ErrorTally(inner, () => now);
  assert.deepEqual(tally.summary, NO_ERRORS);
  tally.error('first');
  now = 2000;
  tally.warning('second');
  assert.deepEqual(tally.summary, { count: 2, last: 'second', atMs: 2000 });
  now = 3000;
  tally.malformed(Buffer.from('xx'), { address: '127.0.0.9', port: 5999 }, 'no end of headers');
  assert.deepEqual(tally.summary, {
    count: 3,
    last: 'Discarding malformed message from 127.0.0.9:5999 (no end of headers)',
    atMs: 3000,
  });
  assert.deepEqual(inner.errors, ['first']);
  assert.deepEqual(inner.warnings, ['second']);
  assert.equal(inner.malformedDatagrams.length, 1);
});

test('merged summaries add the counts and keep the latest error of any shard', () => {
  const merged = mergeErrorSummaries([
    { count: 2, last: 'shard 0 late', atMs: 500 },
    NO_ERRORS,
    { count: 3, last: 'shard 2 later', atMs: 900 },
    { count: 1, last: 'shard 3 early', atMs: 100 },
  ]);
  assert.deepEqual(merged, { count: 6, last: 'shard 2 later', atMs: 900 });
  assert.deepEqual(mergeErrorSummaries([NO_ERRORS, NO_ERRORS]), NO_ERRORS);
});
