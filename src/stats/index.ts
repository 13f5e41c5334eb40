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
