/**
 * Node's timers behind an interface, for the few run-wide timers (`-timeout`, the
 * `-rate_increase` ramp): Run and ShardedRun take them as a dependency so tests can fire them
 * on fake time. Never per call: per-call timing lives in the engine's timer wheel.
 */

/** What setTimeout/setInterval returned; only ever handed back to clear it. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(fire: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fire: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

export const NODE_TIMERS: Timers = {
  setTimeout: (fire, ms) => setTimeout(fire, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (fire, ms) => setInterval(fire, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};
