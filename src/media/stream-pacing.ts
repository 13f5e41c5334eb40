/**
 * Whether a run's streams hand their packets to the native addon's pacer thread
 * (src/transport/native/udp_pacer.c), which sends each at its due time whatever the JavaScript
 * thread is doing. The scheduler then fires paced streams `leadMs` early (stream-scheduler.ts).
 *
 * Only a run on the real monotonic clock can pace: the pacer takes due times on
 * CLOCK_MONOTONIC, and the run clock (performance.now()) is the same clock from another origin.
 * GOSSIPPER_RTP_PACER=off turns it off (for comparisons): packets then leave when their tick
 * makes them, as without the addon.
 */
import { udpBatchAddon } from '../transport/index.ts';

export interface StreamPacing {
  /** How long before its due time a paced packet is made and handed over. */
  readonly leadMs: number;
  /** Run clock ms + this = CLOCK_MONOTONIC ms, the pacer's clock. */
  readonly monotonicOffsetMs: number;
}

/**
 * One packet time of a 20 ms stream: longer than the stalls of a busy thread measured here
 * (1-6 ms on a quiet machine, docs/performance.md), short enough that a paused or stopped
 * stream sends at most one packet more.
 */
export const PACING_LEAD_MS = 20;

/** The pacing of a run whose clock is `runClockMs`, or null when the addon cannot pace. */
export function pacerPacing(runClockMs: () => number): StreamPacing | null {
  if (process.env.GOSSIPPER_RTP_PACER === 'off') return null;
  const addon = udpBatchAddon();
  if (addon?.monotonicMs === undefined) return null;
  // The run clock read between two pacer clock reads: the offset is off by half their gap.
  // Read once before: a first performance.now() loads its module and takes a millisecond.
  runClockMs();
  const before = addon.monotonicMs();
  const run = runClockMs();
  const after = addon.monotonicMs();
  return { leadMs: PACING_LEAD_MS, monotonicOffsetMs: (before + after) / 2 - run };
}
