/**
 * The summary's per-second series: fed the run's cumulative snapshot about once a second (off the
 * hot path), it keeps one small point per second, the differences between consecutive snapshots.
 * Memory is bounded: past `maxPoints`, neighbouring points are merged pairwise, so a day-long soak
 * keeps a coarser series instead of a longer one.
 */
import { Histogram } from './histogram.ts';
import { msToNs } from './latency-summary.ts';
import type { StatsSnapshot } from './snapshot.ts';
import { currentCalls, totalCallsCreated } from './snapshot.ts';
import type { SeriesPoint } from './summary.ts';

export class SeriesSampler {
  private readonly points: SeriesPoint[] = [];
  private last: StatsSnapshot | undefined;
  private readonly scratch = new Histogram();

  constructor(private readonly maxPoints = 7200) {}

  sample(s: StatsSnapshot): void {
    const prev = this.last;
    this.last = s;
    const spanMs = prev === undefined ? s.takenAtMs - s.startedAtMs : s.takenAtMs - prev.takenAtMs;
    if (spanMs <= 0) return;
    const created = totalCallsCreated(s) - (prev === undefined ? 0 : totalCallsCreated(prev));
    const h = this.scratch;
    h.reset();
    h.mergeJSON(s.callLength.cumulative);
    if (prev !== undefined) h.minusJSON(prev.callLength.cumulative);
    const pc = prev?.cumulative;
    this.points.push({
      t: Math.round((s.takenAtMs - s.startedAtMs) / 10) / 100,
      total_calls: created,
      success_calls: s.cumulative.SuccessfulCall - (pc?.SuccessfulCall ?? 0),
      failed_calls: s.cumulative.FailedCall - (pc?.FailedCall ?? 0),
      active_calls: currentCalls(s),
      calls_per_second: Math.round((created / (spanMs / 1000)) * 100) / 100,
      retransmits: s.cumulative.Retransmissions - (pc?.Retransmissions ?? 0),
      call_length_p50: percentileNs(h, 50),
      call_length_p90: percentileNs(h, 90),
      call_length_p95: percentileNs(h, 95),
      call_length_p99: percentileNs(h, 99),
    });
    if (this.points.length > this.maxPoints) this.halve();
  }

  series(): SeriesPoint[] {
    return [...this.points];
  }

  /**
   * Merges points pairwise: counts add, gauges keep the later value, percentiles the larger one
   * (an upper bound: the two seconds' histograms are not kept, only their percentiles).
   */
  private halve(): void {
    const merged: SeriesPoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i];
      const b = this.points[i + 1];
      if (b === undefined) {
        merged.push(a);
        continue;
      }
      merged.push({
        t: b.t,
        total_calls: a.total_calls + b.total_calls,
        success_calls: a.success_calls + b.success_calls,
        failed_calls: a.failed_calls + b.failed_calls,
        active_calls: b.active_calls,
        calls_per_second: Math.round(((a.calls_per_second + b.calls_per_second) / 2) * 100) / 100,
        retransmits: a.retransmits + b.retransmits,
        call_length_p50: Math.max(a.call_length_p50 ?? 0, b.call_length_p50 ?? 0),
        call_length_p90: Math.max(a.call_length_p90 ?? 0, b.call_length_p90 ?? 0),
        call_length_p95: Math.max(a.call_length_p95 ?? 0, b.call_length_p95 ?? 0),
        call_length_p99: Math.max(a.call_length_p99, b.call_length_p99),
      });
    }
    this.points.length = 0;
    this.points.push(...merged);
  }
}

function percentileNs(h: Histogram, p: number): number {
  return h.count > 0 ? msToNs(h.percentile(p)) : 0;
}
