// The login limiter on a fake clock: an address's free failures, then doubling waits; the
// window's end; a user slowed (never refused) with growing delays and a cap on attempts at once;
// the same treatment for unknown names; bounded tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginLimiter } from '../../src/users/index.ts';
import type { LoginLimiterOptions } from '../../src/users/index.ts';

function limiter(options: Partial<LoginLimiterOptions> = {}) {
  const clock = { now: 1_000_000 };
  return { clock, limiter: new LoginLimiter({ nowMs: () => clock.now, ...options }) };
}

test('an address: 5 free failures, then 1 s, 2 s, 4 s... before each next try', () => {
  const { clock, limiter: l } = limiter();
  for (let i = 0; i < 5; i++) {
    assert.equal(l.admit('10.0.0.1', `u${i}`).allowed, true);
    l.recordFailure('10.0.0.1', `u${i}`);
  }
  const first = l.admit('10.0.0.1', 'x');
  assert.deepEqual(first, { allowed: false, retryAfterMs: 1000 });
  assert.equal(l.admit('10.0.0.2', 'x').allowed, true, 'another address is not concerned');
  clock.now += 1000;
  assert.equal(l.admit('10.0.0.1', 'x').allowed, true);
  l.recordFailure('10.0.0.1', 'x');
  assert.deepEqual(l.admit('10.0.0.1', 'x'), { allowed: false, retryAfterMs: 2000 });
  // The window (15 min from the first failure) ends: the count starts over.
  clock.now += 16 * 60_000;
  assert.equal(l.admit('10.0.0.1', 'x').allowed, true);
});

test('a user: slowed after 10 failures, delays doubling to 2 s, at most 4 at once', () => {
  const { limiter: l } = limiter();
  for (let i = 0; i < 10; i++) l.recordFailure(`10.0.1.${i}`, 'Admin');
  const delays: number[] = [];
  const gates = [];
  for (let i = 0; i < 4; i++) {
    const gate = l.admit(`10.0.2.${i}`, 'admin');
    assert.equal(gate.allowed, true);
    if (gate.allowed) {
      delays.push(gate.delayMs);
      gates.push(gate);
    }
  }
  assert.deepEqual(delays, [100, 100, 100, 100]);
  assert.equal(l.admit('10.0.3.1', 'ADMIN').allowed, false, 'a fifth at once is refused');
  for (const gate of gates) gate.release();
  for (let i = 0; i < 5; i++) l.recordFailure(`10.0.4.${i}`, 'admin');
  const later = l.admit('10.0.5.1', 'admin');
  assert.ok(later.allowed && later.delayMs === 2000);
  if (later.allowed) later.release();
  l.recordSuccess('admin');
  const after = l.admit('10.0.5.2', 'admin');
  assert.ok(after.allowed && after.delayMs === 0, 'the real user got in: the count starts over');
});

test('the tables are bounded: the oldest entries go first', () => {
  const { limiter: l } = limiter({ maxEntries: 100, addressFreeFailures: 1 });
  l.recordFailure('192.0.2.1', 'a');
  assert.equal(l.admit('192.0.2.1', 'a').allowed, false);
  for (let i = 0; i < 200; i++) l.recordFailure(`198.51.100.${i}`, `name${i}`);
  assert.equal(l.admit('192.0.2.1', 'a').allowed, true, 'dropped when the table was full');
});
