// run/ticker.ts. Its rules (tick every ms, nap, sleep, wake, stop) on fake time, with exact
// counts; then each real timer (Node's, the addon's libuv one), with barriers resolved from the
// ticks themselves rather than sleeps sized to a fast machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FakeTimers,
  nativeLoopTimer,
  nodeLoopTimer,
  timersLoopTimer,
} from '../../src/platform/index.ts';
import type { LoopTimerFactory } from '../../src/platform/index.ts';
import { startTicker } from '../../src/run/index.ts';
import { udpBatchAddon } from '../../src/transport/index.ts';

test('fake time: every ms while tick() answers 1, asleep on Infinity, again on wake(), none after stop()', () => {
  const time = new FakeTimers();
  let calls = 0;
  let answer = 1;
  const ticker = startTicker(() => {
    calls++;
    return answer;
  }, timersLoopTimer(time));
  time.advance(30);
  assert.equal(calls, 30);
  answer = Infinity;
  time.advance(1);
  assert.equal(calls, 31, 'the tick that answers Infinity');
  time.advance(1000);
  assert.equal(calls, 31, 'no tick while asleep');
  assert.equal(time.pendingCount, 0, 'asleep: no timer armed');
  answer = 1;
  ticker.wake();
  time.advance(10);
  assert.equal(calls, 41);
  ticker.stop();
  time.advance(100);
  assert.equal(calls, 41, 'no tick after stop');
  assert.equal(time.pendingCount, 0);
});

test('fake time: a longer answer naps exactly that long, then follows the new answer', () => {
  const time = new FakeTimers();
  const at: number[] = [];
  const answers = [50, 20, 1];
  const ticker = startTicker(() => {
    at.push(time.nowMs());
    return answers.length > 1 ? (answers.shift() as number) : answers[0];
  }, timersLoopTimer(time));
  time.advance(74);
  assert.deepEqual(at, [1, 51, 71, 72, 73, 74]);
  ticker.stop();
});

test('fake time: wake() from inside the tick that ends a nap leaves one interval, which stop() ends', () => {
  const time = new FakeTimers();
  let calls = 0;
  let ticker: ReturnType<typeof startTicker> | undefined;
  ticker = startTicker(() => {
    calls++;
    if (calls === 1) return 10;
    // Work the tick made itself: its own answer (a nap) is stale, the wake wins.
    if (calls === 2) {
      ticker?.wake();
      return 10;
    }
    return 1;
  }, timersLoopTimer(time));
  time.advance(11);
  assert.equal(calls, 2);
  assert.equal(time.pendingCount, 1, 'one interval, not an interval and a nap');
  time.advance(5);
  assert.equal(calls, 7, 'every ms after the wake');
  ticker.stop();
  assert.equal(time.pendingCount, 0);
});

test('fake time: a 2 ms period ticks every 2 ms while tick() answers up to 2, and naps on longer answers', () => {
  const time = new FakeTimers();
  const at: number[] = [];
  const answers = [1, 2, 2, 7, 1];
  const ticker = startTicker(
    () => {
      at.push(time.nowMs());
      return answers.length > 1 ? (answers.shift() as number) : answers[0];
    },
    timersLoopTimer(time),
    2,
  );
  time.advance(20);
  // 2, 4, 6: answers 1, 2, 2 keep the 2 ms interval; 8 answers 7 (a nap to 15); then every 2 ms.
  assert.deepEqual(at, [2, 4, 6, 8, 15, 17, 19]);
  ticker.wake();
  ticker.stop();
  assert.equal(time.pendingCount, 0);
});

if (udpBatchAddon() === null && process.env.CI === 'true')
  throw new Error('the UDP addon (and its loop timer) must be built in CI');
const kinds: Array<[string, LoopTimerFactory]> = [['node timers', nodeLoopTimer]];
const addon = udpBatchAddon();
if (addon !== null) kinds.push(['addon timer', (fire) => nativeLoopTimer(addon, fire)]);
else
  process.stderr.write('\n!!! UDP addon not built: the ticker on its loop timer is NOT TESTED\n');

/** Resolves at the `n`th call of the returned tick (which answers what `answer()` says). */
function countingTick(answer: () => number): {
  tick: () => number;
  calls: () => number;
  reach: (n: number) => Promise<void>;
} {
  let calls = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    tick: () => {
      calls++;
      for (const w of waiters.filter((x) => x.n <= calls)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      return answer();
    },
    calls: () => calls,
    reach: (n) =>
      calls >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
  };
}

for (const [kind, timer] of kinds) {
  test(`${kind}: ticks while busy, sleeps on Infinity, wakes, and stops`, async () => {
    let answer = 1;
    const t = countingTick(() => answer);
    const ticker = startTicker(t.tick, timer);
    await t.reach(5);
    answer = Infinity;
    await t.reach(t.calls() + 1);
    const asleepAt = t.calls();
    // Absence can only be watched for a while: 50 ms is 50 ticks had the timer kept running.
    await sleep(50);
    assert.equal(t.calls(), asleepAt, 'no tick while asleep');
    answer = 1;
    ticker.wake();
    await t.reach(asleepAt + 5);
    ticker.stop();
    const stoppedAt = t.calls();
    await sleep(30);
    assert.equal(t.calls(), stoppedAt, 'no tick after stop');
  });

  test(`${kind}: a nap ends in a tick`, async () => {
    const answers = [20, 1];
    const t = countingTick(() => (answers.length > 1 ? (answers.shift() as number) : 1));
    const ticker = startTicker(t.tick, timer);
    await t.reach(4);
    ticker.stop();
  });
}
