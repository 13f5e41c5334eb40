import type { Scenario } from '../scenario/index.ts';
/**
 * How many new calls are due, computed from elapsed time (SIPp's -r/-rp semantics): the count
 * due is floor(elapsed × rate / period) since the last rate change, so a late tick catches up
 * instead of losing calls.
 */
export class RateScheduler {
  private baseMs: number;
  private releasedSinceBase = 0;
  /** Released calls given a due time (nextDueMs) or skipped since the base. */
  private placedSinceBase = 0;
  private callsPerPeriod: number;
  private readonly periodMs: number;

  constructor(callsPerPeriod: number, periodMs: number, nowMs: number) {
    this.callsPerPeriod = callsPerPeriod;
    this.periodMs = periodMs;
    this.baseMs = nowMs;
  }

  get rate(): number {
    return this.callsPerPeriod;
  }

  /** Calls per second for display. */
  get callsPerSecond(): number {
    return (this.callsPerPeriod * 1000) / this.periodMs;
  }

  /** Number of calls due now that have not been released yet; marks them released. */
  take(nowMs: number): number {
    const target = Math.floor(((nowMs - this.baseMs) * this.callsPerPeriod) / this.periodMs);
    const due = target - this.releasedSinceBase;
    if (due <= 0) return 0;
    this.releasedSinceBase = target;
    return due;
  }

  /**
   * When the schedule wanted the oldest released call not yet placed to start: call k since the
   * last rate change is due k periods/rate after it. Calls a tick defers (the catch-up backlog)
   * keep their place, so a late call's latency counts from when it was due.
   */
  nextDueMs(nowMs: number): number {
    if (this.callsPerPeriod <= 0 || this.placedSinceBase >= this.releasedSinceBase) return nowMs;
    this.placedSinceBase++;
    return this.baseMs + (this.placedSinceBase * this.periodMs) / this.callsPerPeriod;
  }

  /** Released calls that will never start (refused by the call limit) give up their places. */
  skip(n: number): void {
    this.placedSinceBase = Math.min(this.releasedSinceBase, this.placedSinceBase + n);
  }

  /** Milliseconds until the next call is due (for sleeping schedulers). */
  msUntilNext(nowMs: number): number {
    if (this.callsPerPeriod <= 0) return Infinity;
    const nextAt =
      this.baseMs + ((this.releasedSinceBase + 1) * this.periodMs) / this.callsPerPeriod;
    return Math.max(0, nextAt - nowMs);
  }

  /** A rate change starts a new schedule from now, as SIPp does. */
  setRate(callsPerPeriod: number, nowMs: number): void {
    this.callsPerPeriod = Math.max(0, callsPerPeriod);
    this.baseMs = nowMs;
    this.releasedSinceBase = 0;
    this.placedSinceBase = 0;
  }
}

/**
 * SIPp's default `-l`: 3 × rate × max(scenario pause total, -d, 1 s) / rate period, at least 1;
 * recomputed when the rate changes.
 */
export function sippDefaultCallLimit(
  scenario: Pick<Scenario, 'commands' | 'totalPauseMs'>,
  defaultPauseMs: number,
  callsPerPeriod: number,
  periodMs: number,
): number {
  const defaults = scenario.commands.filter(
    (c) => c.kind === 'pause' && c.duration.kind === 'default',
  ).length;
  const pauseMs = Math.max(scenario.totalPauseMs + defaults * defaultPauseMs, 1000);
  return Math.max(1, Math.ceil((3 * callsPerPeriod * pauseMs) / periodMs));
}
