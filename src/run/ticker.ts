/**
 * Drives the engine's tick on wall time: one 1 ms interval for the whole run (SIPp's default
 * timer resolution) instead of a timer per call, but only while there is something to time.
 * tick() answers how soon it is needed again; when that is more than a millisecond the
 * interval stops and one timeout (or none, for "never") takes its place, until wake().
 *
 * `periodMs` stretches that 1 ms: a shard of a `-threads N` run ticks every 4 ms
 * (shard/load-split.ts says why).
 *
 * The timer is a LoopTimer (platform/loop-timer.ts): which one is the caller's choice
 * (system-loop-timer.ts for a real run, Node's timers or a fake in tests).
 */
import type { LoopTimerFactory } from '../platform/index.ts';

/** What a run asks of its ticker's timer. */
export interface TickerOptions {
  /** Media streams are paced by the ticks: whole milliseconds, not anywhere in one. */
  readonly precise?: boolean;
}

export interface Ticker {
  /**
   * Work arrived while asleep (a timer was scheduled, the schedule resumed): tick every ms again.
   */
  wake(): void;
  stop(): void;
}

export function startTicker(tick: () => number, makeTimer: LoopTimerFactory, periodMs = 1): Ticker {
  let ticking = false;
  let stopped = false;

  const onTimer = (): void => {
    const wasTicking = ticking;
    const nextMs = tick();
    if (stopped) return;
    // Woken by work the tick itself made: wake() already set the interval going.
    if (!wasTicking && ticking) return;
    if (nextMs > periodMs) sleep(nextMs);
    else if (!ticking) resume();
  };
  const timer = makeTimer(onTimer);

  function resume(): void {
    ticking = true;
    timer.start(periodMs, periodMs);
  }
  function sleep(ms: number): void {
    ticking = false;
    if (Number.isFinite(ms)) timer.start(ms, 0);
    else timer.stop();
  }

  resume();
  return {
    wake() {
      if (!stopped && !ticking) resume();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      ticking = false;
      timer.close();
    },
  };
}
