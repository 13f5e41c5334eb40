/**
 * The charts of a report, computed from summaries: series over time (from the per-second
 * `series`) and latency distributions (from each latency's mergeable histogram).
 */
import { Histogram, type SeriesPoint } from '../stats/index.ts';
import type { BarChartSpec, ChartColor, LineChartSpec, LineSeries } from './chart-spec.ts';
import type { ReportLatency, ReportSummary } from './summary-file.ts';

/** Percentiles over time a newer series may carry besides p99 (ns; 0 = no call ended). */
type SeriesPointWithPercentiles = SeriesPoint &
  Partial<Record<'call_length_p50' | 'call_length_p90' | 'call_length_p95', number>>;

export interface RunForCharts {
  /** Legend prefix: '' for a single run, `A: ` / `B: ` when compared. */
  prefix: string;
  summary: ReportSummary;
  /** Colours for this run's series, in order. */
  palette: readonly ChartColor[];
}

const NS_PER_MS = 1e6;

/** Per-interval counts as per-second rates: a long run's series has merged (longer) points. */
function perSecond(points: readonly SeriesPoint[], pick: (p: SeriesPoint) => number): number[] {
  return points.map((p, i) => {
    const dt = i === 0 ? p.t : p.t - points[i - 1].t;
    return dt > 0 ? Math.round((pick(p) / dt) * 100) / 100 : pick(p);
  });
}

export function timeCharts(runs: readonly RunForCharts[]): LineChartSpec[] {
  const rate: LineSeries[] = [];
  const concurrent: LineSeries[] = [];
  const failures: LineSeries[] = [];
  const latency: LineSeries[] = [];
  for (const { prefix, summary, palette } of runs) {
    const pts = summary.series as SeriesPointWithPercentiles[];
    const x = pts.map((p) => p.t);
    rate.push({
      label: `${prefix}calls/s`,
      color: palette[0],
      x,
      y: pts.map((p) => p.calls_per_second),
    });
    if (summary.asked_calls_per_second > 0 && x.length > 0) {
      rate.push({
        label: `${prefix}asked`,
        color: 'muted',
        dashed: true,
        x: [x[0], x[x.length - 1]],
        y: [summary.asked_calls_per_second, summary.asked_calls_per_second],
      });
    }
    concurrent.push({
      label: `${prefix}concurrent calls`,
      color: palette[1],
      x,
      y: pts.map((p) => p.active_calls),
    });
    failures.push({
      label: `${prefix}failed/s`,
      color: palette[2],
      x,
      y: perSecond(pts, (p) => p.failed_calls),
    });
    failures.push({
      label: `${prefix}retransmissions/s`,
      color: palette[3],
      x,
      y: perSecond(pts, (p) => p.retransmits),
      dashed: true,
    });
    const keys = [
      ['p50', 'call_length_p50'],
      ['p90', 'call_length_p90'],
      ['p95', 'call_length_p95'],
      ['p99', 'call_length_p99'],
    ] as const;
    keys.forEach(([name, key], k) => {
      if (!pts.some((p) => typeof p[key] === 'number')) return;
      latency.push({
        label: `${prefix}${name}`,
        color: palette[(k + 4) % palette.length],
        x,
        y: pts.map((p) => (typeof p[key] === 'number' && p[key] > 0 ? p[key] / NS_PER_MS : null)),
        dashed: name !== 'p99',
      });
    });
  }
  return [
    { kind: 'line', title: 'Call rate', unit: 'calls/s', series: rate },
    { kind: 'line', title: 'Concurrent calls', unit: 'calls', series: concurrent },
    { kind: 'line', title: 'Failures and retransmissions', unit: 'per s', series: failures },
    {
      kind: 'line',
      title: 'Call length over time (calls ending each second)',
      unit: 'ms',
      series: latency,
    },
  ];
}

/** Bucket edges (ms): the R10 series 1, 1.25, 1.6, 2, … 8, 10, so ten bins a decade. */
const R10 = [1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8];
const R3 = [1, 2, 5];
const MAX_BINS = 40;

function edgesCovering(minMs: number, maxMs: number, steps: readonly number[]): number[] {
  const out: number[] = [];
  const lo = Math.max(minMs, 0.001);
  for (let exp = Math.floor(Math.log10(lo)); ; exp++) {
    for (const m of steps) {
      const edge = +(m * 10 ** exp).toPrecision(3);
      // The first bin holds everything at or below its edge: start at the first edge ≥ min.
      if (edge < lo) continue;
      out.push(edge);
      if (edge >= maxMs) return out;
    }
  }
}

function edgeLabel(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toPrecision(3)} s` : `${ms} ms`;
}

/**
 * The distribution of one latency per run on shared edges: bin i counts values in
 * (edge[i-1], edge[i]], read from the histogram (so within its documented error).
 */
export function distributionChart(
  title: string,
  runs: ReadonlyArray<{ label: string; color: ChartColor; latency: ReportLatency | undefined }>,
): BarChartSpec {
  const hists = runs.map((r) =>
    r.latency?.histogram !== undefined && r.latency.histogram.count > 0
      ? Histogram.fromJSON(r.latency.histogram)
      : undefined,
  );
  const present = hists.filter((h): h is Histogram => h !== undefined);
  if (present.length === 0) {
    return fixedBucketChart(title, runs);
  }
  const min = Math.min(...present.map((h) => h.percentile(0)));
  const max = Math.max(...present.map((h) => h.percentile(100)));
  let edges = edgesCovering(min, max, R10);
  if (edges.length > MAX_BINS) edges = edgesCovering(min, max, R3);
  return {
    kind: 'bar',
    title,
    unit: 'calls',
    labels: edges.map((e) => `≤${edgeLabel(e)}`),
    series: runs.map((r, k) => {
      const h = hists[k];
      let below = 0;
      return {
        label: r.label,
        color: r.color,
        values: edges.map((e, i) => {
          if (h === undefined) return 0;
          const upTo = i === edges.length - 1 ? h.count : h.countAtOrBelow(e);
          const n = upTo - below;
          below = upTo;
          return n;
        }),
      };
    }),
  };
}

/** A summary without histograms (the reference's) still has the fixed `le_*ms` buckets. */
function fixedBucketChart(
  title: string,
  runs: ReadonlyArray<{ label: string; color: ChartColor; latency: ReportLatency | undefined }>,
): BarChartSpec {
  const labels = runs.find((r) => (r.latency?.buckets?.length ?? 0) > 0)?.latency?.buckets ?? [];
  return {
    kind: 'bar',
    title,
    unit: 'calls',
    labels: labels.map((b) => b.label.replace(/^le_/, '≤').replace(/^gt_/, '>')),
    series: runs.map((r) => ({
      label: r.label,
      color: r.color,
      values: labels.map((b) => r.latency?.buckets?.find((x) => x.label === b.label)?.count ?? 0),
    })),
  };
}
