// platform/loop-timer.ts: which timer a run gets, and that the native one forwards to the addon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loopTimerOf, nodeLoopTimer } from '../../src/platform/index.ts';
import type { NativeTimerCalls } from '../../src/platform/index.ts';

/** Addon timer calls that record what the loop timer asked of them. */
function recordingCalls(): { calls: NativeTimerCalls; log: string[]; fire: () => void } {
  const log: string[] = [];
  let callback: () => void = () => {};
  const handle = {};
  const calls: NativeTimerCalls = {
    timerOpen(cb) {
      callback = cb;
      log.push('open');
      return handle;
    },
    timerStart: (h, ms, repeatMs) =>
      log.push(`start ${ms} ${repeatMs}${h === handle ? '' : ' (other handle)'}`),
    timerStop: (h) => log.push(`stop${h === handle ? '' : ' (other handle)'}`),
    timerClose: (h) => log.push(`close${h === handle ? '' : ' (other handle)'}`),
  };
  return { calls, log, fire: () => callback() };
}

test('without the addon a run gets Node timers', () => {
  assert.equal(loopTimerOf(null), nodeLoopTimer);
});

test('with the addon, the loop timer drives its timer through one handle and fires through it', () => {
  const { calls, log, fire } = recordingCalls();
  let fired = 0;
  const timer = loopTimerOf(calls)(() => fired++);
  timer.start(1, 1);
  timer.stop();
  timer.start(50, 0);
  fire();
  timer.close();
  assert.deepEqual(log, ['open', 'start 1 1', 'stop', 'start 50 0', 'close']);
  assert.equal(fired, 1);
});
