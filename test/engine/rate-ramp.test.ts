import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRampRate } from '../../src/engine/index.ts';

test('a ramp step adds the increase while it stays at or under the maximum', () => {
  assert.deepEqual(nextRampRate(10, 5, 20), { rate: 15, reachedMax: false });
  assert.deepEqual(
    nextRampRate(15, 5, 20),
    { rate: 20, reachedMax: false },
    'landing on -rate_max is not past it',
  );
});

test('a step past the maximum clamps to it and says the ramp is over', () => {
  assert.deepEqual(nextRampRate(20, 5, 20), { rate: 20, reachedMax: true });
  assert.deepEqual(nextRampRate(18, 5, 20), { rate: 20, reachedMax: true });
});

test('a maximum of 0 means no maximum', () => {
  assert.deepEqual(nextRampRate(1000, 500, 0), { rate: 1500, reachedMax: false });
});
