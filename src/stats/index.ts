export * from './counters.ts';
export { Histogram, emptyHistogramJSON, type HistogramJSON } from './histogram.ts';
export { PeriodTracker } from './period-tracker.ts';
export { RunStats, type StatsShape } from './run-stats.ts';
export { EngineStats, type ProgramStatsSnapshot, type ProgramStatsSource } from './engine-stats.ts';
export {
  currentCalls,
  totalCallsCreated,
  zeroCounters,
  type CounterName,
  type CounterValues,
  type GenericCounterStats,
  type RtdStats,
  type StatsSnapshot,
  type StepCounts,
  type TimingStats,
} from './snapshot.ts';
export {
  LATENCY_BUCKET_BOUNDS_MS,
  LATENCY_PERCENTILES,
  latencySummary,
  msToNs,
  type LatencySummary,
} from './latency-summary.ts';
export {
  FAILURE_CLASSES,
  SUMMARY_SCHEMA_VERSION,
  buildSummary,
  mediaSummary,
  type EndReason,
  type FailureClass,
  type GateResult,
  type GeneratorHealth,
  type MediaSummary,
  type SeriesPoint,
  type Summary,
  type SummaryInput,
  type SummaryRunInfo,
} from './summary.ts';
export { GateError, checkGates, healthGates, parseGate, type Gate } from './gates.ts';
export { SeriesSampler } from './series-sampler.ts';
