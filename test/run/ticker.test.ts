// run/ticker.ts on real timers, both kinds: counts of tick() calls, not durations, are asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { nativeLoopTimer, nodeLoopTimer } from '../../src/platform/index.ts';
import type { LoopTimerFactory } from '../../src/platform/index.ts';
import { startTicker as startWith } from '../../src/run/index.ts';
import { udpBatchAddon } from '../../src/transport/index.ts';

if (udpBatchAddon() === null && process.env.CI === 'true')
  throw new Error('the UDP addon (and its loop timer) must be built in CI');
const kinds: Array<[string, LoopTimerFactory]> = [['node timers', nodeLoopTimer]];
const addon = udpBatchAddon();
if (addon !== null) kinds.push(['addon timer', (fire) => nativeLoopTimer(addon, fire)]);
else
  process.stderr.write('\n!!! UDP addon not built: the ticker on its loop timer is NOT TESTED\n');

for (const [kind, timer] of kinds) {
  const startTicker = (tick: () => number): ReturnType<typeof startWith> => startWith(tick, timer);

  test(`${kind}: ticks every ms while tick() answers 1, stops when it answers Infinity, resumes on wake()`, async () => {
    let calls = 0;
    let answer = 1;
    const ticker = startTicker(() => {
      calls++;
      return answer;
    });
    await sleep(30);
    assert.ok(calls >= 5, `ticked while busy (${calls})`);
    answer = Infinity;
    await sleep(10);
    const asleepAt = calls;
    await sleep(40);
    assert.equal(calls, asleepAt, 'no tick while asleep');
    answer = 1;
    ticker.wake();
    await sleep(30);
    assert.ok(calls >= asleepAt + 5, `ticking again after wake (${calls - asleepAt})`);
    ticker.stop();
    const stoppedAt = calls;
    await sleep(20);
    assert.equal(calls, stoppedAt, 'no tick after stop');
  });

  test(`${kind}: a longer answer naps that long, then ticks once and follows the new answer`, async () => {
    let calls = 0;
    const answers = [50, 50, 1];
    const ticker = startTicker(() => {
      calls++;
      return answers.length > 1 ? (answers.shift() as number) : answers[0];
    });
    await sleep(25);
    assert.equal(calls, 1, 'the first tick asked for 50 ms');
    await sleep(150);
    assert.ok(calls >= 5, `two naps, then every ms (${calls})`);
    ticker.stop();
  });

  test(`${kind}: work made by the tick that ends a nap (wake() inside tick) leaves one interval, which stop() ends`, async () => {
    let calls = 0;
    let stopped = false;
    let ticker: ReturnType<typeof startTicker> | undefined;
    ticker = startTicker(() => {
      // Thrown from a timer, this ends the test process: a leaked interval fails loudly.
      if (stopped) throw new Error('ticked after stop(): an interval leaked');
      calls++;
      if (calls === 1) return 10;
      if (calls === 2) ticker?.wake();
      return 1;
    });
    await sleep(40);
    assert.ok(calls > 2);
    ticker.stop();
    stopped = true;
    await sleep(20);
  });
}
