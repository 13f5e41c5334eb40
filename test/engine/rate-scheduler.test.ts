import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RateScheduler } from '../../src/engine/rate-scheduler.ts';

test('-r 10 -rp 1000 releases 10 calls per second, spread evenly', () => {
  const s = new RateScheduler(10, 1000, 0);
  const perTick: number[] = [];
  for (let t = 1; t <= 1000; t++) perTick.push(s.take(t));
  assert.equal(
    perTick.reduce((a, b) => a + b, 0),
    10,
  );
  assert.deepEqual(
    perTick.flatMap((n, i) => (n ? [i + 1] : [])),
    [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
  );
});

test('-r 7 -rp 2000 means 7 calls every 2 s', () => {
  const s = new RateScheduler(7, 2000, 0);
  assert.equal(s.take(2000), 7);
  assert.equal(s.take(4000), 7);
});

test('a late tick catches up instead of losing calls', () => {
  const s = new RateScheduler(500, 1000, 0);
  assert.equal(s.take(10), 5);
  assert.equal(s.take(310), 150, 'a 300 ms stall releases the 150 calls it owes');
  assert.equal(s.take(310), 0);
});

test('setRate restarts the schedule from now', () => {
  const s = new RateScheduler(10, 1000, 0);
  s.take(500);
  s.setRate(100, 500);
  assert.equal(s.take(600), 10);
  assert.equal(s.callsPerSecond, 100);
});

test('msUntilNext predicts when the next call is due', () => {
  const s = new RateScheduler(4, 1000, 0);
  assert.equal(s.msUntilNext(0), 250);
  s.take(250);
  assert.equal(s.msUntilNext(300), 200);
  assert.equal(new RateScheduler(0, 1000, 0).msUntilNext(0), Infinity);
});

test('property: over any tick pattern, total released = floor(elapsed × rate / period)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20000 }),
      fc.integer({ min: 1, max: 5000 }),
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }),
      (rate, period, steps) => {
        const s = new RateScheduler(rate, period, 0);
        let now = 0;
        let total = 0;
        for (const d of steps) {
          now += d;
          total += s.take(now);
        }
        assert.equal(total, Math.floor((now * rate) / period));
      },
    ),
  );
});
