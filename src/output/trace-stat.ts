/**
 * `-trace_stat`: SIPp's statistics CSV (docs/traces.md; test/output/sipp-samples/uac_stat.csv,
 * uas_stat.csv, trace_client_.csv), the same columns in the same order and formats, so scripts
 * that `cut -d';' -fN` SIPp's file read ours. Pure: a header for a scenario, a row for a
 * snapshot whose periodic part is the row's period (PeriodTracker.view).
 *
 * Formats (sipp 3.6.1): timestamps `YYYY-MM-DD\tHH:MM:SS.usec\tepoch.usec`; elapsed `HH:MM:SS`;
 * durations `HH:MM:SS:usec` at SIPp's millisecond resolution; rates as C++ prints a double
 * (6 significant digits, `98.9011`); every line ends with the delimiter.
 */
import { COUNTER_NAMES, FAILURE_COUNTERS, currentCalls } from '../stats/index.ts';
import type { CounterName, HistogramJSON, StatsSnapshot } from '../stats/index.ts';
import { formatSippDuration, formatSippElapsed, formatSippTimestamp } from './sipp-format.ts';

/** The counters after the failure causes, each as (P) then (C). */
const TAIL_COUNTERS: readonly CounterName[] = [
  'OutOfCallMsgs',
  'DeadCallMsgs',
  'Retransmissions',
  'AutoAnswered',
  'Warnings',
  'FatalErrors',
  'WatchdogMajor',
  'WatchdogMinor',
];

const PC_COUNTERS: readonly CounterName[] = [
  ...FAILURE_COUNTERS.map((id) => COUNTER_NAMES[id] as CounterName),
  ...TAIL_COUNTERS,
];

/** What the columns depend on besides the snapshot. */
export interface StatCsvShape {
  /** RTD names in order; SIPp writes RTD `1` when the scenario has none (uas_stat.csv). */
  readonly rtdNames: readonly string[];
  readonly counterNames: readonly string[];
  readonly responseTimeRepartition: readonly number[];
  readonly callLengthRepartition: readonly number[];
}

/** The shape of a snapshot's scenario. */
export function statCsvShape(s: StatsSnapshot): StatCsvShape {
  return {
    rtdNames: s.rtds.length > 0 ? s.rtds.map((r) => r.name) : ['1'],
    counterNames: s.generic.map((g) => g.name),
    responseTimeRepartition: s.responseTimeRepartition,
    callLengthRepartition: s.callLengthRepartition,
  };
}

function repartitionNames(prefix: string, bounds: readonly number[]): string[] {
  if (bounds.length === 0) return [];
  const names = [prefix, ...bounds.map((b) => `${prefix}_<${b}`)];
  names.push(`${prefix}_>=${bounds[bounds.length - 1]}`);
  return names;
}

/** The header's column names, in SIPp's order. */
export function statCsvColumns(shape: StatCsvShape): string[] {
  const cols = [
    'StartTime',
    'LastResetTime',
    'CurrentTime',
    'ElapsedTime(P)',
    'ElapsedTime(C)',
    'TargetRate',
    'CallRate(P)',
    'CallRate(C)',
    'IncomingCall(P)',
    'IncomingCall(C)',
    'OutgoingCall(P)',
    'OutgoingCall(C)',
    'TotalCallCreated',
    'CurrentCall',
    'SuccessfulCall(P)',
    'SuccessfulCall(C)',
    'FailedCall(P)',
    'FailedCall(C)',
  ];
  for (const name of PC_COUNTERS) cols.push(`${name}(P)`, `${name}(C)`);
  for (const rtd of shape.rtdNames) {
    const n = `ResponseTime${rtd}`;
    cols.push(`${n}(P)`, `${n}(C)`, `${n}StDev(P)`, `${n}StDev(C)`);
  }
  cols.push('CallLength(P)', 'CallLength(C)', 'CallLengthStDev(P)', 'CallLengthStDev(C)');
  for (const c of shape.counterNames) cols.push(`${c}(P)`, `${c}(C)`);
  for (const rtd of shape.rtdNames)
    cols.push(...repartitionNames(`ResponseTimeRepartition${rtd}`, shape.responseTimeRepartition));
  cols.push(...repartitionNames('CallLengthRepartition', shape.callLengthRepartition));
  return cols;
}

export function statCsvHeader(shape: StatCsvShape, delimiter = ';'): string {
  return statCsvColumns(shape).join(delimiter) + delimiter + '\n';
}

/**
 * A double as C++'s `ostream << double` prints it (SIPp's rates, the rtt file): 6 significant
 * digits, no trailing zeros, exponent form from 1e6 (`1.5e+06`).
 */
export function cppDouble(v: number): string {
  if (!Number.isFinite(v) || v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp >= 6 || exp < -4) {
    const [mantissa, e] = v.toExponential(5).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const p = v.toPrecision(6);
  return p.includes('.') ? p.replace(/\.?0+$/, '') : p;
}

/** Mean and standard deviation (ms) of a histogram, at SIPp's millisecond resolution. */
function meanAndStdev(h: HistogramJSON): [string, string] {
  if (h.count === 0) return [formatSippDuration(0), formatSippDuration(0)];
  const mean = h.sumUs / 1000 / h.count;
  const variance = Math.max(0, h.sumSqMs / h.count - mean * mean);
  return [
    formatSippDuration(Math.round(mean)),
    formatSippDuration(Math.round(Math.sqrt(variance))),
  ];
}

function rate(calls: number, ms: number): string {
  const wholeMs = Math.round(ms);
  return wholeMs > 0 ? cppDouble((calls * 1000) / wholeMs) : '0';
}

export interface StatRowInput {
  /** Cumulative with the periodic part narrowed to this row's period. */
  readonly snapshot: StatsSnapshot;
  /** `-r` now (users in `-users` mode). */
  readonly targetRate: number;
  /**
   * Repartition counts to print per RTD then for the call length (cumulative, or the period's
   * with `-periodic_rtd`); default the snapshot's cumulative ones.
   */
  readonly repartitions?: { rtds: readonly (readonly number[])[]; callLength: readonly number[] };
}

/** One data row for `shape` (the header's shape: columns line up even if the scenario grew). */
export function statCsvRow(shape: StatCsvShape, input: StatRowInput, delimiter = ';'): string {
  const s = input.snapshot;
  const p = s.periodic;
  const c = s.cumulative;
  const periodMs = s.takenAtMs - s.periodStartedAtMs;
  const runMs = s.takenAtMs - s.startedAtMs;
  const created = (v: typeof p) => v.IncomingCall + v.OutgoingCall;
  const cols: string[] = [
    formatSippTimestamp(s.startedAtMs),
    formatSippTimestamp(s.periodStartedAtMs),
    formatSippTimestamp(s.takenAtMs),
    formatSippElapsed(periodMs),
    formatSippElapsed(runMs),
    cppDouble(input.targetRate),
    rate(created(p), periodMs),
    rate(created(c), runMs),
    String(p.IncomingCall),
    String(c.IncomingCall),
    String(p.OutgoingCall),
    String(c.OutgoingCall),
    String(created(c)),
    String(currentCalls(s)),
    String(p.SuccessfulCall),
    String(c.SuccessfulCall),
    String(p.FailedCall),
    String(c.FailedCall),
  ];
  for (const name of PC_COUNTERS) cols.push(String(p[name]), String(c[name]));
  shape.rtdNames.forEach((name, i) => {
    const rtd = s.rtds.find((r) => r.name === name) ?? s.rtds[i];
    if (rtd === undefined) {
      const zero = formatSippDuration(0);
      cols.push(zero, zero, zero, zero);
      return;
    }
    const [pm, ps] = meanAndStdev(rtd.periodic);
    const [cm, cs] = meanAndStdev(rtd.cumulative);
    cols.push(pm, cm, ps, cs);
  });
  const [lpm, lps] = meanAndStdev(s.callLength.periodic);
  const [lcm, lcs] = meanAndStdev(s.callLength.cumulative);
  cols.push(lpm, lcm, lps, lcs);
  for (const name of shape.counterNames) {
    const g = s.generic.find((x) => x.name === name);
    cols.push(String(g?.periodic ?? 0), String(g?.cumulative ?? 0));
  }
  const reps = input.repartitions;
  if (shape.responseTimeRepartition.length > 0) {
    shape.rtdNames.forEach((name, i) => {
      const counts =
        reps?.rtds[i] ?? s.rtds.find((r) => r.name === name)?.repartition ?? s.rtds[i]?.repartition;
      cols.push('', ...bucketCounts(counts, shape.responseTimeRepartition.length + 1));
    });
  }
  if (shape.callLengthRepartition.length > 0) {
    const counts = reps?.callLength ?? s.callLength.repartition;
    cols.push('', ...bucketCounts(counts, shape.callLengthRepartition.length + 1));
  }
  return cols.join(delimiter) + delimiter + '\n';
}

function bucketCounts(counts: readonly number[] | undefined, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String(counts?.[i] ?? 0));
  return out;
}
