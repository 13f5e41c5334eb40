/**
 * One consumer's statistics periods (SIPp's "Last Reset Time"). The run's statistics keep only
 * cumulative values; a consumer — the screen, an API client, a stat file — holds its own tracker,
 * which remembers the cumulative snapshot its current period started at and narrows later
 * snapshots to what happened since. So consumers never see each other's periods.
 */
import { COUNTER_NAMES } from './counters.ts';
import { Histogram, type HistogramJSON } from './histogram.ts';
import type { CounterName, CounterValues, StatsSnapshot, TimingStats } from './snapshot.ts';

export class PeriodTracker {
  private start?: StatsSnapshot;
  /** Reused for every histogram delta, so a view allocates no bucket array. */
  private readonly scratch = new Histogram();

  /**
   * `snapshot` (cumulative, as RunStats.snapshot and the shard merger give it) with its periodic
   * part narrowed to this tracker's period. Before the first startPeriod the period is the run.
   */
  view(snapshot: StatsSnapshot): StatsSnapshot {
    const start = this.start;
    if (start === undefined) return snapshot;
    return {
      ...snapshot,
      periodStartedAtMs: start.takenAtMs,
      periodic: counterDeltas(snapshot.cumulative, start.cumulative),
      rtds: snapshot.rtds.map((r, i) => ({ ...r, ...this.timingDelta(r, start.rtds[i]) })),
      callLength: {
        ...snapshot.callLength,
        ...this.timingDelta(snapshot.callLength, start.callLength),
      },
      generic: snapshot.generic.map((g, i) => ({
        ...g,
        periodic: g.cumulative - (start.generic[i]?.cumulative ?? 0),
      })),
    };
  }

  /** Starts a new period at `snapshot` (usually the one just shown); its totals are the base. */
  startPeriod(snapshot: StatsSnapshot): void {
    this.start = snapshot;
  }

  private timingDelta(
    now: TimingStats,
    start: TimingStats | undefined,
  ): Pick<TimingStats, 'periodic'> {
    return {
      periodic:
        start === undefined
          ? now.cumulative
          : this.histogramDelta(now.cumulative, start.cumulative),
    };
  }

  private histogramDelta(now: HistogramJSON, start: HistogramJSON): HistogramJSON {
    if (start.count === 0) return now;
    const h = this.scratch;
    h.reset();
    h.mergeJSON(now);
    h.minusJSON(start);
    return h.toJSON();
  }
}

function counterDeltas(now: CounterValues, start: CounterValues): CounterValues {
  const out = { ...now };
  for (const name of COUNTER_NAMES as readonly CounterName[])
    out[name] = now[name] - (start[name] ?? 0);
  return out;
}
