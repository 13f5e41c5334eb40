/**
 * Send-time precision for the engine's streams. The run's ticker wakes on a libuv timer, whose
 * resolution is a millisecond, and a process that wakes every millisecond waits behind other
 * busy processes for its turn: measured on a shared 2-core machine, packets left 0.5 ms late at
 * the median and 2-7 ms at the 99th percentile (bench --only media), so consecutive packets of a
 * stream were spaced 20 ± several ms. Two things fix that:
 *
 * - **A grid.** Every stream starts on a multiple of `GRID_MS` of the run's clock, so streams of
 *   20 ms packets all fall due at the same instants: the process wakes once per grid period and
 *   sends every due packet in one batch, instead of waking for each stream's own phase.
 * - **The last stretch on the clock.** The ticker is asked to wake up to `LEAD_MS` before the
 *   grid instant; the tick then waits on the monotonic clock (a busy wait of at most `SPIN_MS`)
 *   and sends at the instant itself. That costs at most a few ms of one core per grid period
 *   while streams play, and nothing when none do.
 */

/** Stream starts are rounded up to this (a stream starts at most this much later). */
export const GRID_MS = 20;
/** The longest the tick waits on the clock for a packet; further away, the timer waits. */
export const SPIN_MS = 2.5;
/** How much earlier than the packet the timer is asked to wake, for its own lateness. */
export const LEAD_MS = 2;

/** The first grid instant at or after `nowMs`. */
export function onGrid(nowMs: number): number {
  return Math.ceil(nowMs / GRID_MS) * GRID_MS;
}

/**
 * Ticks the streams; when the next packet is due within SPIN_MS, waits for it on `now` and ticks
 * again, so it leaves on time rather than at the next timer round. Returns ms until the next.
 */
export function tickOnTime(tick: () => number, now: () => number): number {
  let inMs = tick();
  if (inMs <= SPIN_MS) {
    const due = now() + inMs;
    while (now() < due) {
      // Busy: the wait is shorter than the timer's resolution.
    }
    inMs = tick();
  }
  return inMs;
}

/** The ticker's next wake for media due in `inMs`: LEAD_MS early, at least 1 ms away. */
export function wakeBefore(inMs: number): number {
  return Math.max(1, Math.floor(inMs - LEAD_MS));
}
