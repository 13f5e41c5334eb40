/**
 * The one re-armable timer that drives a run's tick loop (run/ticker.ts), and its two
 * implementations: a bare libuv timer from a native addon (a Node setInterval pays its
 * timer-list bookkeeping on every 1 ms tick) and Node's own timers as the fallback.
 */

/** One re-armable timer: fire after `ms`, then every `repeatMs` (0 = once). */
export interface LoopTimer {
  start(ms: number, repeatMs: number): void;
  stop(): void;
  close(): void;
}

export type LoopTimerFactory = (fire: () => void) => LoopTimer;

/** The timer calls a native addon exposes (loop_timer in native/udp_batch.c). */
export interface NativeTimerCalls {
  timerOpen(callback: () => void): object;
  timerStart(handle: object, timeoutMs: number, repeatMs: number): void;
  timerStop(handle: object): void;
  timerClose(handle: object): void;
}

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
      else
        once = setTimeout(() => {
          once = undefined;
          fire();
        }, ms);
    },
    stop,
    close: stop,
  };
}

export function nativeLoopTimer(calls: NativeTimerCalls, fire: () => void): LoopTimer {
  const handle = calls.timerOpen(fire);
  return {
    start: (ms, repeatMs) => calls.timerStart(handle, ms, repeatMs),
    stop: () => calls.timerStop(handle),
    close: () => calls.timerClose(handle),
  };
}

/** The native timer when the addon is loaded (`calls` not null), else Node's timers. */
export function loopTimerOf(calls: NativeTimerCalls | null): LoopTimerFactory {
  return calls === null ? nodeLoopTimer : (fire) => nativeLoopTimer(calls, fire);
}
