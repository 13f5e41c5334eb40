import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTER_COUNT, COUNTER_NAMES, Counter, RunStats } from '../../src/stats/index.ts';
import type { CounterId } from '../../src/stats/index.ts';

// Compile-time: each id keeps its literal index, and an id past the count is no CounterId.
const SUCCESSFUL: 2 = Counter.SuccessfulCall;
// @ts-expect-error 999 is past the last counter
const PAST_THE_END: CounterId = 999;

test('counter ids are 0..count-1 in list order, and every one is recorded and reported', () => {
  assert.equal(SUCCESSFUL, 2);
  assert.equal(PAST_THE_END, 999);
  assert.deepEqual(Object.values(Counter), [...Array(COUNTER_COUNT).keys()]);
  assert.deepEqual(Object.keys(Counter), COUNTER_NAMES);
  const stats = new RunStats(
    {
      commands: [],
      rtdNames: [],
      counterNames: [],
      responseTimeRepartition: [],
      callLengthRepartition: [],
    },
    0,
  );
  for (const id of Object.values(Counter)) stats.count(id, id + 1);
  const cumulative = stats.snapshot(0).cumulative;
  for (const [name, id] of Object.entries(Counter))
    assert.equal(cumulative[name as keyof typeof cumulative], id + 1, name);
});
