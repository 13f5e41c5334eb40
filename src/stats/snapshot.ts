/**
 * The plain, JSON-serializable picture of a run's statistics at one instant. Shards send it to
 * the main thread, workers to the controller; outputs (screen, CSV, summary JSON, API) read it.
 * "cumulative" values count since the run started, "periodic" ones since periodStartedAtMs: the
 * run's start in a snapshot as taken, a consumer's own period start once its PeriodTracker has
 * narrowed it (period-tracker.ts).
 */
import { Counter } from './counters.ts';
import type { HistogramJSON } from './histogram.ts';

export type CounterName = keyof typeof Counter;
export type CounterValues = Record<CounterName, number>;

/** The scenario-screen columns of one command (StepEvent order). Cumulative. */
export interface StepCounts {
  message: number;
  retrans: number;
  timeout: number;
  unexpected: number;
  lost: number;
}

export interface TimingStats {
  /** Samples since periodStartedAtMs. */
  periodic: HistogramJSON;
  cumulative: HistogramJSON;
  /**
   * Cumulative counts per repartition bucket: `< B1`, `< B2`, ..., `>= Bn` (length n + 1);
   * empty when the scenario defines no repartition.
   */
  repartition: number[];
}

export interface RtdStats extends TimingStats {
  /** RTD name as in the scenario (`1` for `rtd="true"`). */
  name: string;
}

export interface GenericCounterStats {
  name: string;
  periodic: number;
  cumulative: number;
}

export interface StatsSnapshot {
  readonly version: 1;
  /** Epoch ms (with µs fraction) when the run started. */
  startedAtMs: number;
  /** Epoch ms the periodic values count from (SIPp's "Last Reset Time"). */
  periodStartedAtMs: number;
  /** Epoch ms when this snapshot was taken (SIPp's "Current Time"). */
  takenAtMs: number;
  periodic: CounterValues;
  cumulative: CounterValues;
  /** One entry per scenario command, by command index. */
  steps: StepCounts[];
  rtds: RtdStats[];
  callLength: TimingStats;
  /** Call lengths from when the rate schedule wanted each call started (cumulative). */
  callLengthFromSchedule?: HistogramJSON;
  /** INVITE → first final response of a client's calls (cumulative). */
  inviteRtt?: HistogramJSON;
  /** The same plus each call's start lag against the rate schedule (cumulative). */
  inviteRttFromSchedule?: HistogramJSON;
  /** Bucket bounds (ms) of `<ResponseTimeRepartition>`, shared by every RTD. */
  responseTimeRepartition: number[];
  callLengthRepartition: number[];
  generic: GenericCounterStats[];
}

/** Calls created so far (incoming + outgoing), the screen's "Total-calls". */
export function totalCallsCreated(s: StatsSnapshot): number {
  return s.cumulative.IncomingCall + s.cumulative.OutgoingCall;
}

/** Calls created and not yet ended: what SIPp shows as "Current Calls". */
export function currentCalls(s: StatsSnapshot): number {
  const c = s.cumulative;
  return Math.max(0, c.IncomingCall + c.OutgoingCall - c.SuccessfulCall - c.FailedCall);
}

/** Zeroed counter record, keyed by every counter name. */
export function zeroCounters(): CounterValues {
  const out = {} as CounterValues;
  for (const name of Object.keys(Counter) as CounterName[]) out[name] = 0;
  return out;
}
