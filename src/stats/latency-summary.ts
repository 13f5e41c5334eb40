/**
 * One latency distribution (call length, an RTD) as the summary JSON reports it: the reference
 * project's LatencySummary (integer nanoseconds, its fixed `le_*` buckets) plus the percentiles
 * read from our log-linear histogram, and the histogram itself so runs can be merged later.
 */
import { Histogram, type HistogramJSON } from './histogram.ts';

/** Upper bounds (ms) of the reference's fixed buckets; the last bucket is `gt_5000ms`. */
export const LATENCY_BUCKET_BOUNDS_MS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000] as const;

/** The percentiles every latency reports, as (key, percentile). */
export const LATENCY_PERCENTILES = [
  ['p50', 50],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p999', 99.9],
] as const;

export type PercentileKey = (typeof LATENCY_PERCENTILES)[number][0];

export interface LatencyBucket {
  label: string;
  count: number;
}

/** Every duration in integer nanoseconds (the reference's Go time.Duration encoding). */
export type LatencySummary = {
  count: number;
  average: number;
  min: number;
  max: number;
  stddev: number;
  buckets: LatencyBucket[];
  histogram: HistogramJSON;
} & Record<PercentileKey, number>;

const NS_PER_MS = 1e6;

/** Milliseconds to the integer nanoseconds the summary carries. */
export function msToNs(ms: number): number {
  return Math.round(ms * NS_PER_MS);
}

export function latencySummary(json: HistogramJSON): LatencySummary {
  const h = Histogram.fromJSON(json);
  const out = {
    count: h.count,
    average: msToNs(h.mean),
    min: msToNs(h.min),
    max: msToNs(h.max),
    stddev: msToNs(h.stdev),
    buckets: fixedBuckets(h),
    histogram: json,
  } as LatencySummary;
  for (const [key, p] of LATENCY_PERCENTILES) out[key] = msToNs(h.percentile(p));
  return out;
}

/** The reference's `le_10ms` … `gt_5000ms` counts, read from the histogram within its error. */
function fixedBuckets(h: Histogram): LatencyBucket[] {
  const below = h.countsAtOrBelow(LATENCY_BUCKET_BOUNDS_MS);
  const out: LatencyBucket[] = [];
  let previous = 0;
  LATENCY_BUCKET_BOUNDS_MS.forEach((bound, i) => {
    out.push({ label: `le_${bound}ms`, count: below[i] - previous });
    previous = below[i];
  });
  out.push({ label: `gt_${LATENCY_BUCKET_BOUNDS_MS.at(-1)}ms`, count: h.count - previous });
  return out;
}
