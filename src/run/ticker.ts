/**
 * Drives the engine's tick on wall time: one 1 ms interval for the whole run (SIPp's default
 * timer resolution) instead of a timer per call, but only while there is something to time.
 * tick() answers how soon it is needed again; when that is more than a millisecond the
 * interval stops and one timeout (or none, for "never") takes its place, until wake().
 *
 * The timer is a bare libuv timer from the UDP addon when it is built (a Node setInterval
 * costs its timer-list bookkeeping on every tick), else Node's own timers.
 */
import { udpBatchAddon } from '../transport/index.ts';

export interface Ticker {
  /** Work arrived while asleep (a timer was scheduled, the schedule resumed): tick every ms again. */
  wake(): void;
  stop(): void;
}

/** One re-armable timer: fire after `ms`, then every `repeatMs` (0 = once). */
export interface LoopTimer {
  start(ms: number, repeatMs: number): void;
  stop(): void;
  close(): void;
}

export type LoopTimerFactory = (fire: () => void) => LoopTimer;

export function nodeLoopTimer(fire: () => void): LoopTimer {
  let interval: NodeJS.Timeout | undefined;
  let once: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (interval !== undefined) clearInterval(interval);
    if (once !== undefined) clearTimeout(once);
    interval = once = undefined;
  };
  return {
    start(ms, repeatMs) {
      stop();
      // Only the shapes the ticker asks for: every ms, or once after a nap.
      if (repeatMs > 0) interval = setInterval(fire, repeatMs);
      else once = setTimeout(() => { once = undefined; fire(); }, ms);
    },
    stop,
    close: stop,
  };
}

/** The addon's timer, or null when the addon is not loaded. */
export function nativeLoopTimer(fire: () => void): LoopTimer | null {
  const addon = udpBatchAddon();
  if (addon === null) return null;
  const handle = addon.timerOpen(fire);
  return {
    start: (ms, repeatMs) => addon.timerStart(handle, ms, repeatMs),
    stop: () => addon.timerStop(handle),
    close: () => addon.timerClose(handle),
  };
}

const defaultLoopTimer: LoopTimerFactory = (fire) => nativeLoopTimer(fire) ?? nodeLoopTimer(fire);

export function startTicker(tick: () => number, makeTimer: LoopTimerFactory = defaultLoopTimer): Ticker {
  let ticking = false;
  let stopped = false;

  const onTimer = (): void => {
    const wasTicking = ticking;
    const nextMs = tick();
    if (stopped) return;
    // Woken by work the tick itself made: wake() already set the interval going.
    if (!wasTicking && ticking) return;
    if (nextMs > 1) sleep(nextMs);
    else if (!ticking) resume();
  };
  const timer = makeTimer(onTimer);

  function resume(): void {
    ticking = true;
    timer.start(1, 1);
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
