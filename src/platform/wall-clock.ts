/**
 * Wall-clock time (milliseconds since the Unix epoch) for what a user reads as a date: a run's
 * start and snapshot timestamps. Injected into Run and ShardedRun so tests can move it by hand;
 * the engine's own timing uses the monotonic Clock instead (engine/clock.ts).
 */
export interface WallClock {
  nowMs(): number;
}

export const SYSTEM_WALL_CLOCK: WallClock = {
  nowMs: () => Date.now(),
};
