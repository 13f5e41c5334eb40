/**
 * The main thread's picture of a sharded run's statistics. Each shard reports its cumulative
 * snapshot once a period; the merger keeps the latest report per shard and sums them, which is
 * exact for counters, step counts and histogram buckets (stats/histogram.ts layout). Like a single
 * run's statistics it keeps no periods: the screen narrows the sum with its own PeriodTracker.
 */
import { RunStats, type StatsShape, type StatsSnapshot } from '../stats/index.ts';

export class ShardStatsMerger {
  private readonly latest: Array<StatsSnapshot | undefined>;
  private readonly empty: StatsSnapshot;
  private startedAtMs: number;

  constructor(shape: StatsShape, shardCount: number, startedAtMs: number) {
    this.latest = new Array<StatsSnapshot | undefined>(shardCount).fill(undefined);
    this.empty = new RunStats(shape, startedAtMs).snapshot(startedAtMs);
    this.startedAtMs = startedAtMs;
  }

  /**
   * The run's start (SIPp's "Start Time"): when the coordinator let every shard's traffic go,
   * not the earliest shard's start-up, so rates are not diluted by thread start-up.
   */
  markStart(nowMs: number): void {
    this.startedAtMs = nowMs;
  }

  /** A cumulative report from shard `index`; it replaces that shard's previous one. */
  add(index: number, snapshot: StatsSnapshot): void {
    this.latest[index] = snapshot;
  }

  /** The shards' latest reports summed; its period is the whole run, as RunStats.snapshot's. */
  snapshot(nowMs: number): StatsSnapshot {
    const reported = this.latest.filter((s): s is StatsSnapshot => s !== undefined);
    const total = RunStats.combine(reported.length > 0 ? reported : [this.empty]);
    return {
      ...total,
      startedAtMs: this.startedAtMs,
      periodStartedAtMs: this.startedAtMs,
      takenAtMs: nowMs,
    };
  }
}
