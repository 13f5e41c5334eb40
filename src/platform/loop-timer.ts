/**
 * The one re-armable timer that drives a run's tick loop (run/ticker.ts), and its two
 * implementations: a bare libuv timer from a native addon (a Node setInterval pays its
 * timer-list bookkeeping on every 1 ms tick) and Node's own timers as the fallback.
 */
import { NODE_TIMERS } from './timers.ts';
import type { TimerHandle, Timers } from './timers.ts';

/** One re-armable timer: fire after `ms`, then every `repeatMs` (0 = once). */
export interface LoopTimer {
  start(ms: number, repeatMs: number): void;
  stop(): void;
  close(): void;
}

export type LoopTimerFactory = (fire: () => void) => LoopTimer;

/** The timer calls a native addon exposes (loop_timer in native/udp_batch.c). */
export interface NativeTimerCalls {
  /** `precise`: a timerfd on whole milliseconds instead of a libuv timer (media pacing). */
  timerOpen(callback: () => void, precise?: boolean): object;
  timerStart(handle: object, timeoutMs: number, repeatMs: number): void;
  timerStop(handle: object): void;
  timerClose(handle: object): void;
}

/** A LoopTimer on a Timers (Node's for a run, FakeTimers in tests). */
export function timersLoopTimer(timers: Timers): LoopTimerFactory {
  return (fire) => {
    let interval: TimerHandle | undefined;
    let once: TimerHandle | undefined;
    const stop = (): void => {
      if (interval !== undefined) timers.clearInterval(interval);
      if (once !== undefined) timers.clearTimeout(once);
      interval = once = undefined;
    };
    return {
      start(ms, repeatMs) {
        stop();
        // Only the shapes the ticker asks for: every ms, or once after a nap.
        if (repeatMs > 0) interval = timers.setInterval(fire, repeatMs);
        else
          once = timers.setTimeout(() => {
            once = undefined;
            fire();
          }, ms);
      },
      stop,
      close: stop,
    };
  };
}

export const nodeLoopTimer: LoopTimerFactory = timersLoopTimer(NODE_TIMERS);

export function nativeLoopTimer(
  calls: NativeTimerCalls,
  fire: () => void,
  precise = false,
): LoopTimer {
  const handle = calls.timerOpen(fire, precise);
  return {
    start: (ms, repeatMs) => calls.timerStart(handle, ms, repeatMs),
    stop: () => calls.timerStop(handle),
    close: () => calls.timerClose(handle),
  };
}

/**
 * The native timer when the addon is loaded (`calls` not null), else Node's timers; `precise`
 * asks the addon for its timerfd kind (stream pacing: ticks on whole milliseconds).
 */
export function loopTimerOf(calls: NativeTimerCalls | null, precise = false): LoopTimerFactory {
  return calls === null ? nodeLoopTimer : (fire) => nativeLoopTimer(calls, fire, precise);
}
