/**
 * The loop timer of a real run: the UDP addon's bare libuv timer when the addon is loaded,
 * else Node's timers. The one place the ticker's timer meets the addon, looked up when a ticker
 * starts (never at import, so the start-up snapshot cannot capture it).
 */
import { loopTimerOf } from '../platform/index.ts';
import type { LoopTimerFactory } from '../platform/index.ts';
import { udpBatchAddon } from '../transport/index.ts';
import { startTicker } from './ticker.ts';
import type { Ticker, TickerOptions } from './ticker.ts';

export const systemLoopTimer: LoopTimerFactory = (fire) => loopTimerOf(udpBatchAddon())(fire);

/**
 * The same on whole milliseconds of the monotonic clock (the addon's timerfd kind): a run with
 * media streams ticks on it, so each packet leaves at the same point of its millisecond.
 */
export const preciseSystemLoopTimer: LoopTimerFactory = (fire) =>
  loopTimerOf(udpBatchAddon(), true)(fire);

/** A ticker on the system loop timer: what front-ends pass as `RunDeps.startTicker`. */
export function startSystemTicker(
  tick: () => number,
  periodMs = 1,
  options: TickerOptions = {},
): Ticker {
  return startTicker(tick, options.precise ? preciseSystemLoopTimer : systemLoopTimer, periodMs);
}
