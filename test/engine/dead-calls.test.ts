// DeadCalls against a plain model: entries in add order, swept from the front once expired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DeadCalls } from '../../src/engine/dead-calls.ts';

class Model {
  entries: { id: string; until: number }[] = [];
  constructor(private readonly waitMs: number) {}
  add(id: string, now: number): void {
    if (this.waitMs <= 0) return;
    this.sweep(now);
    this.entries.push({ id, until: now + this.waitMs });
  }
  has(id: string, now: number): boolean {
    return this.entries.some((e) => e.id === id && e.until > now);
  }
  sweep(now: number): void {
    let n = 0;
    while (n < this.entries.length && this.entries[n].until <= now) n++;
    this.entries = this.entries.slice(n);
  }
}

// Few distinct ids so re-adds and look-ups of present ids are common; some long, some wide.
const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }).map((n) => `${n}-4242@127.0.0.1`) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }) },
  // Long enough to outgrow the byte ring on their own.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 70_000 }), fc.integer({ min: 0, max: 3 }))
      .map(([len, n]) => String(n).padStart(len, 'x')),
  },
  { weight: 1, arbitrary: fc.constantFrom('é-1@x', 'λ-2@x', '☎-3@x', 'ÿ') },
);
const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      id: idArb,
      dt: fc.integer({ min: 0, max: 30 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('has' as const), id: idArb, dt: fc.constant(0) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('sweep' as const),
      id: fc.constant(''),
      dt: fc.integer({ min: 0, max: 200 }),
    }),
  },
);

test('DeadCalls answers has() and size exactly like the model, through growth and wrap-around', () => {
  // A long wait keeps thousands of entries live (the rings and the table grow); a short one
  // wraps the rings and leaves tombstones.
  const waitArb = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(1e9));
  fc.assert(
    fc.property(
      fc.array(opArb, { minLength: 1, maxLength: 4000, size: 'max' }),
      waitArb,
      (ops, waitMs) => {
        const dead = new DeadCalls(waitMs);
        const model = new Model(waitMs);
        let now = 0;
        for (const { op, id, dt } of ops) {
          now += dt;
          if (op === 'add') {
            dead.add(id, now);
            model.add(id, now);
          } else if (op === 'sweep') {
            dead.sweep(now);
            model.sweep(now);
          } else {
            assert.equal(
              dead.has(id, now),
              model.has(id, now),
              `has(${JSON.stringify(id.slice(0, 40))}) at ${now}`,
            );
          }
          assert.equal(dead.size, model.entries.length);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('DeadCalls at load: 200,000 calls through a 33 s window stay exact and bounded without any sweep()', () => {
  // Nobody sweeps: a UAS answering only OPTIONS ends its calls inside the receive handler and
  // never wakes the ticker. add() alone must keep the store at one window's worth.
  const dead = new DeadCalls(33_000);
  const id = (n: number) => `${n}-31337@192.0.2.10`;
  let largest = 0;
  // 4,000 calls/s: one every 0.25 ms.
  for (let n = 1; n <= 200_000; n++) {
    dead.add(id(n), n / 4);
    largest = Math.max(largest, dead.size);
  }
  const now = 200_000 / 4;
  assert.ok(largest <= 33_000 * 4 + 1, `at most one window held, got ${largest}`);
  assert.ok(!dead.has(id(1), now));
  assert.ok(!dead.has(id(200_000 - 33_000 * 4), now), 'ended exactly the wait ago: gone');
  assert.ok(dead.has(id(200_000 - 33_000 * 4 + 1), now));
  assert.ok(dead.has(id(200_000), now));
  assert.ok(!dead.has(id(200_001), now));
  assert.ok(!dead.has('200000-31337@192.0.2.1', now), 'a prefix of a present id is not present');
  assert.ok(!dead.has(id(200_000), now + 33_000), 'expired though never swept');
  dead.sweep(now + 33_000);
  assert.equal(dead.size, 0);
});

test('DeadCalls: an entry expires at its time with nothing swept, and a re-added key is found again', () => {
  const dead = new DeadCalls(1000);
  dead.add('a@b', 0);
  assert.ok(dead.has('a@b', 999));
  assert.ok(!dead.has('a@b', 1000), 'expired at 0 + wait, no sweep() called');
  dead.add('x@y', 500);
  dead.add('a@b', 900);
  // Two copies of the key; the older expires first and must not hide the newer one.
  assert.ok(dead.has('a@b', 1500));
  assert.ok(!dead.has('a@b', 1900));
  assert.ok(!dead.has('x@y', 1500));
});

test('DeadCalls with a wait of 0 keeps nothing', () => {
  const dead = new DeadCalls(0);
  dead.add('a@b', 1);
  assert.equal(dead.size, 0);
  assert.ok(!dead.has('a@b', 1));
});
