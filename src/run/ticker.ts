/**
 * Drives the engine's tick on wall time: one 1 ms interval for the whole run (SIPp's default
 * timer resolution) instead of a timer per call, but only while there is something to time.
 * tick() answers how soon it is needed again; when that is more than a millisecond the
 * interval stops and one timeout (or none, for "never") takes its place, until wake().
 */
export interface Ticker {
  /** Work arrived while asleep (a timer was scheduled, the schedule resumed): tick every ms again. */
  wake(): void;
  stop(): void;
}

export function startTicker(tick: () => number): Ticker {
  let interval: NodeJS.Timeout | undefined;
  let nap: NodeJS.Timeout | undefined;
  let stopped = false;

  const everyMs = (): void => {
    const nextMs = tick();
    if (nextMs > 1 && !stopped) sleep(nextMs);
  };
  const afterNap = (): void => {
    nap = undefined;
    const nextMs = tick();
    // Stopped, or woken by work the tick itself made.
    if (stopped || interval !== undefined) return;
    if (nextMs > 1) sleep(nextMs);
    else resume();
  };
  function resume(): void {
    if (nap !== undefined) clearTimeout(nap);
    nap = undefined;
    interval = setInterval(everyMs, 1);
  }
  function sleep(ms: number): void {
    if (interval !== undefined) clearInterval(interval);
    interval = undefined;
    if (nap !== undefined) clearTimeout(nap);
    nap = Number.isFinite(ms) ? setTimeout(afterNap, ms) : undefined;
  }

  resume();
  return {
    wake() {
      if (!stopped && interval === undefined) resume();
    },
    stop() {
      stopped = true;
      if (interval !== undefined) clearInterval(interval);
      if (nap !== undefined) clearTimeout(nap);
      interval = nap = undefined;
    },
  };
}
