/**
 * The main thread's picture of a sharded run's statistics. Each shard reports its full snapshot
 * once a period and then restarts its own period, so a report's cumulative part is the shard's
 * total and its periodic part is what happened since its previous report. The merger keeps the
 * latest cumulative part per shard and adds the periodic parts up until the display starts a new
 * period; counters and histogram buckets sum exactly either way (stats/histogram.ts layout).
 */
import {
  RunStats, emptyHistogramJSON, zeroCounters,
  type StatsShape, type StatsSnapshot, type TimingStats,
} from '../stats/index.ts';

export class ShardStatsMerger {
  private readonly latest: Array<StatsSnapshot | undefined>;
  private readonly period: RunStats;
  private readonly empty: StatsSnapshot;
  private startedAtMs: number;

  constructor(shape: StatsShape, shardCount: number, startedAtMs: number) {
    this.latest = new Array<StatsSnapshot | undefined>(shardCount).fill(undefined);
    this.period = new RunStats(shape, startedAtMs);
    this.empty = new RunStats(shape, startedAtMs).snapshot(startedAtMs);
    this.startedAtMs = startedAtMs;
  }

  /**
   * The run's start (SIPp's "Start Time"): when the coordinator let every shard's traffic go,
   * not the earliest shard's start-up, so rates are not diluted by thread start-up.
   */
  markStart(nowMs: number): void {
    this.startedAtMs = nowMs;
    this.period.resetPeriod(nowMs);
  }

  /** A report from shard `index` (see the file comment for what its parts mean). */
  add(index: number, snapshot: StatsSnapshot): void {
    this.latest[index] = snapshot;
    this.period.merge(periodicPart(snapshot));
  }

  /** Starts a new display period: periodic counts restart from zero. */
  resetPeriod(nowMs: number): void {
    this.period.resetPeriod(nowMs);
  }

  /** Cumulative figures summed over the shards' latest reports, periodic ones since the reset. */
  snapshot(nowMs: number): StatsSnapshot {
    const reported = this.latest.filter((s): s is StatsSnapshot => s !== undefined);
    const total = RunStats.combine(reported.length > 0 ? reported : [this.empty]);
    const p = this.period.snapshot(nowMs);
    return {
      ...total,
      startedAtMs: this.startedAtMs,
      takenAtMs: nowMs,
      periodStartedAtMs: p.periodStartedAtMs,
      periodic: p.periodic,
      rtds: total.rtds.map((r, i) => ({ ...r, periodic: p.rtds[i]?.periodic ?? emptyHistogramJSON() })),
      callLength: { ...total.callLength, periodic: p.callLength.periodic },
      generic: total.generic.map((g, i) => ({ ...g, periodic: p.generic[i]?.periodic ?? 0 })),
    };
  }
}

/** The snapshot with its cumulative parts zeroed, so merging it adds only the periodic ones. */
function periodicPart(s: StatsSnapshot): StatsSnapshot {
  const onlyPeriodic = (t: TimingStats): TimingStats => ({ periodic: t.periodic, cumulative: emptyHistogramJSON(), repartition: [] });
  return {
    ...s,
    cumulative: zeroCounters(),
    steps: [],
    rtds: s.rtds.map((r) => ({ name: r.name, ...onlyPeriodic(r) })),
    callLength: onlyPeriodic(s.callLength),
    generic: s.generic.map((g) => ({ ...g, cumulative: 0 })),
  };
}
