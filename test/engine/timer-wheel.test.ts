import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Timer, TimerWheel } from '../../src/engine/timer-wheel.ts';

function wheel(slots = 64) {
  const fired: Array<{ id: number; at: number; due: number }> = [];
  const w = new TimerWheel<number>(
    0,
    (t, at) => fired.push({ id: t.owner, at, due: t.dueMs }),
    slots,
  );
  return { w, fired };
}

test('fires a timer once, at the first advance at or after its due time', () => {
  const { w, fired } = wheel();
  const t = new Timer(1, 0);
  w.schedule(t, 10);
  w.advance(9);
  assert.equal(fired.length, 0);
  w.advance(10);
  assert.deepEqual(
    fired.map((f) => f.id),
    [1],
  );
  w.advance(200);
  assert.equal(fired.length, 1, 'a fired timer is not fired again');
  assert.equal(t.isScheduled, false);
});

test('cancel and reschedule move a timer without leaking entries', () => {
  const { w, fired } = wheel();
  const t = new Timer(7, 0);
  w.schedule(t, 5);
  w.schedule(t, 50);
  assert.equal(w.pending, 1);
  w.advance(20);
  assert.equal(fired.length, 0);
  w.cancel(t);
  assert.equal(w.pending, 0);
  w.advance(100);
  assert.equal(fired.length, 0);
});

test('timers longer than one wheel rotation wait for their round', () => {
  const { w, fired } = wheel(16);
  w.schedule(new Timer(1, 0), 100);
  for (let now = 1; now < 100; now++) w.advance(now);
  assert.equal(fired.length, 0);
  w.advance(100);
  assert.equal(fired.length, 1);
});

test('a big jump of the clock fires everything due, in one advance', () => {
  const { w, fired } = wheel(16);
  for (let i = 0; i < 50; i++) w.schedule(new Timer(i, 0), 1 + i * 3);
  w.advance(1000);
  assert.equal(fired.length, 50);
  assert.equal(w.pending, 0);
});

test('property: every timer fires exactly once, never early, at the first advance past its due time', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 200 }),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 200 }),
      (dues, steps) => {
        const { w, fired } = wheel(32);
        dues.forEach((d, i) => w.schedule(new Timer(i, 0), d));
        let now = 0;
        for (const s of steps) {
          const before = now;
          now += s;
          const n0 = fired.length;
          w.advance(now);
          for (const f of fired.slice(n0)) {
            assert.ok(f.due <= now, 'not early');
            assert.ok(f.due > before, 'not late by a whole advance');
          }
        }
        w.advance(now + 10_000);
        const ids = fired.map((f) => f.id).sort((a, b) => a - b);
        assert.deepEqual(
          ids,
          dues.map((_, i) => i),
        );
      },
    ),
  );
});

test('onArm: called for a timer due before the driver said it would advance, and only then', () => {
  let arms = 0;
  const wheel = new TimerWheel<string>(1000, () => {});
  wheel.onArm = () => arms++;
  const a = new Timer('a', 0);
  const b = new Timer('b', 0);
  // Advancing every ms: nothing to say.
  wheel.schedule(a, 1005);
  assert.equal(arms, 0);
  // Napping until tick 1100: a later timer needs nothing, a sooner one wakes it, once.
  wheel.expectAdvanceIn(100);
  wheel.schedule(b, 1200);
  assert.equal(arms, 0);
  wheel.schedule(b, 1050);
  assert.equal(arms, 1);
  wheel.schedule(b, 1040);
  assert.equal(arms, 1, 'already awake: every ms until told otherwise');
  // Asleep for good: any timer wakes it.
  wheel.expectAdvanceIn(Infinity);
  wheel.schedule(a, 50_000);
  assert.equal(arms, 2);
});

test('msUntilNextSlot: distance to the first occupied slot, capped', () => {
  const wheel = new TimerWheel<string>(1000, () => {});
  assert.equal(wheel.msUntilNextSlot(100), 100, 'empty');
  wheel.schedule(new Timer('a', 0), 1030.5);
  assert.equal(wheel.msUntilNextSlot(100), 31, 'ceil(1030.5) - 1000');
  assert.equal(wheel.msUntilNextSlot(20), 20);
  wheel.schedule(new Timer('b', 0), 900);
  assert.equal(wheel.msUntilNextSlot(100), 1, 'overdue: the next tick');
});
