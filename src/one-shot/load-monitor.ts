/**
 * Tells the user when the generator, not the system under test, is the limit: the event loop
 * busy above SATURATED_ELU for SUSTAINED_S seconds in a row, or fewer calls created than the rate
 * asks for (with no -l skips to explain it). Sampled once a second; the warnings go to the
 * screen while they hold and into the final summary afterwards.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';

export const SATURATED_ELU = 0.9;
export const SUSTAINED_S = 3;
/** Achieved below this share of the asked rate counts as falling behind. */
export const RATE_LAG_RATIO = 0.9;

/** What the monitor reads from the run each second. */
export interface LoadView {
  /** Calls created so far. */
  readonly created: number;
  /** Calls the rate wanted but `-l` refused, so far. */
  readonly skippedByLimit: number;
  /** Asked calls per second now; 0 when the run does not create calls on a schedule. */
  readonly askedCps: number;
  /** True while the schedule is in force (running, not paused, `-m` not reached). */
  readonly isScheduling: boolean;
}

export class LoadMonitor {
  private lastElu: EventLoopUtilization;
  private lastAtMs: number;
  private lastCreated: number;
  private lastSkipped: number;
  private busyRun = 0;
  private lagRun = 0;
  private saturatedSeconds = 0;
  private peakElu = 0;
  private laggingSeconds = 0;
  private worstRatio = 1;
  private current: string[] = [];

  constructor(
    private readonly view: () => LoadView,
    private readonly elu: (prev?: EventLoopUtilization) => EventLoopUtilization = (p) =>
      performance.eventLoopUtilization(p),
    startMs = performance.now(),
  ) {
    this.lastElu = this.elu();
    this.lastAtMs = startMs;
    const v = view();
    this.lastCreated = v.created;
    this.lastSkipped = v.skippedByLimit;
  }

  /** Takes one sample (call about once a second). */
  sample(nowMs = performance.now()): void {
    const delta = this.elu(this.lastElu);
    this.lastElu = this.elu();
    const utilization = delta.utilization;
    const v = this.view();
    const seconds = Math.max(1e-3, (nowMs - this.lastAtMs) / 1000);
    const achieved = (v.created - this.lastCreated) / seconds;
    const skipped = v.skippedByLimit - this.lastSkipped;
    this.lastAtMs = nowMs;
    this.lastCreated = v.created;
    this.lastSkipped = v.skippedByLimit;

    this.busyRun = utilization > SATURATED_ELU ? this.busyRun + 1 : 0;
    if (this.busyRun >= SUSTAINED_S) {
      this.saturatedSeconds++;
      this.peakElu = Math.max(this.peakElu, utilization);
    }
    const lagging =
      v.isScheduling && v.askedCps > 0 && skipped === 0 && achieved < RATE_LAG_RATIO * v.askedCps;
    this.lagRun = lagging ? this.lagRun + 1 : 0;
    if (this.lagRun >= SUSTAINED_S) {
      this.laggingSeconds++;
      this.worstRatio = Math.min(this.worstRatio, achieved / v.askedCps);
    }
    this.current = [];
    if (this.busyRun >= SUSTAINED_S) {
      this.current.push(
        `Warning: event loop ${Math.round(utilization * 100)}% busy: the generator is the limit`,
      );
    }
    if (this.lagRun >= SUSTAINED_S) {
      this.current.push(
        `Warning: achieved ${achieved.toFixed(0)} cps of ${v.askedCps.toFixed(0)} asked: the generator lags`,
      );
    }
  }

  /** Warnings that hold now, for the screen. */
  get warnings(): readonly string[] {
    return this.current;
  }

  /** What happened over the whole run, for the final summary; empty when all was well. */
  get summary(): string[] {
    const out: string[] = [];
    if (this.saturatedSeconds > 0) {
      out.push(
        `Warning: event loop saturated for ${this.saturatedSeconds} s (peak ${Math.round(this.peakElu * 100)}% busy);` +
          ' response times and rate were limited by the generator, not the system under test.',
      );
    }
    if (this.laggingSeconds > 0) {
      out.push(
        `Warning: the achieved call rate fell behind the asked rate for ${this.laggingSeconds} s` +
          ` (worst ${Math.round(this.worstRatio * 100)}% of it).`,
      );
    }
    return out;
  }
}
