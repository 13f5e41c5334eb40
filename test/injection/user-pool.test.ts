import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserPool } from '../../src/injection/index.ts';

test('users N..1 first (as sipp 3.6.1 hands them out), then in the order they came back', () => {
  const pool = new UserPool(3);
  assert.equal(pool.free, 3);
  assert.deepEqual([pool.take(), pool.take(), pool.take()], [3, 2, 1]);
  assert.equal(pool.take(), 0, 'every user has a call');
  pool.release(2);
  pool.release(3);
  assert.equal(pool.free, 2);
  assert.deepEqual([pool.take(), pool.take()], [2, 3]);
  pool.release(1);
  pool.release(2);
  pool.release(3);
  assert.deepEqual([pool.take(), pool.take(), pool.take()], [1, 2, 3]);
});

test('ids that are no user, or a pool already full, change nothing', () => {
  const pool = new UserPool(2);
  pool.release(0);
  pool.release(3);
  pool.release(1);
  assert.equal(pool.free, 2);
  assert.deepEqual([pool.take(), pool.take()], [2, 1]);
});
