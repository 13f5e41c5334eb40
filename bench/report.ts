/**
 * Turns trial records into the summary table (medians per implementation, ratio Gossipper/SIPp,
 * target verdict) and renders it as markdown. Medians are over every trial; a trial with
 * failed calls or retransmissions still counts but is flagged in the note. A pass/fail row
 * (a bound on our own value) takes the worst trial instead, and has no ratio.
 */
import type { Impl } from './commands.ts';
import type { Measure } from './options.ts';
import { PLATEAU_MIB_PER_MIN } from './rss-trend.ts';
import { median, ratio } from './statistics.ts';
import { valuesOf, type TrialRecord } from './trial.ts';

export type Cell = number | string;

export interface Target {
  /** Gossipper/SIPp must be ≤ (or ≥) this. */
  op: '<=' | '>=';
  ratio: number;
}

/**
 * A limit on Gossipper's own value: pass/fail where a ratio to SIPp means nothing (0 calls lost).
 */
export interface Bound {
  op: '<=';
  value: number;
}

export interface SummaryRow {
  measure: Measure;
  label: string;
  unit: string;
  gossipper: Cell;
  sipp: Cell;
  ratio: number;
  /** True when SIPp's value is below its resolution, so `ratio` is ours / resolution: a floor. */
  ratioIsLowerBound: boolean;
  target?: Target;
  bound?: Bound;
  /** Decimals for both value cells; by magnitude when absent. */
  digits?: number;
  verdict: 'met' | 'missed' | 'n/a' | '';
  note: string;
}

interface RowSpec {
  measure: Measure;
  metric: string;
  label: string;
  unit: string;
  target?: Target;
  /** Scale stored values for display (bytes → KiB). */
  scale?: number;
  /** Text for our cell when Gossipper cannot run this pairing. */
  oursMissing?: string;
  /** SIPp's measuring step: `-trace_rtt` response times are whole milliseconds. */
  sippResolution?: number;
  /** Take SIPp's value from this metric (one SIPp climb serves several of our rows). */
  sippMetric?: string;
  /** Judge our worst trial against this limit (both columns show the worst trial; no ratio). */
  bound?: Bound;
  /** Judge the bound on the median of trials instead (a ratio of two noisy CPU figures). */
  boundOnMedian?: boolean;
  /** Decimals to show, when magnitude does not decide (a count of calls is whole). */
  digits?: number;
}

const SPECS: readonly RowSpec[] = [
  {
    measure: 'efficiency',
    metric: 'uac',
    label: 'UAC CPU per 1000 calls (UDP)',
    unit: 'CPU-s',
    target: { op: '<=', ratio: 1 },
  },
  {
    measure: 'efficiency',
    metric: 'uas',
    label: 'UAS CPU per 1000 calls (UDP)',
    unit: 'CPU-s',
    target: { op: '<=', ratio: 1 },
  },
  {
    measure: 'efficiency',
    metric: 'uac-results',
    sippMetric: 'uac',
    label: 'UAC CPU/1000 calls, summary JSON and call records on',
    unit: 'CPU-s',
    target: { op: '<=', ratio: 1 },
  },
  {
    measure: 'efficiency',
    metric: 'uac-marginal',
    label: 'UAC CPU/1000 calls, start-up excluded',
    unit: 'CPU-s',
  },
  {
    measure: 'efficiency',
    metric: 'uas-marginal',
    label: 'UAS CPU/1000 calls, start-up excluded',
    unit: 'CPU-s',
  },
  {
    measure: 'ceiling',
    metric: 'udp-uac',
    label: 'UAC ceiling, UDP',
    unit: 'calls/s',
    target: { op: '>=', ratio: 1 },
  },
  {
    measure: 'ceiling',
    metric: 'udp-uas',
    label: 'UAS ceiling, UDP',
    unit: 'calls/s',
    target: { op: '>=', ratio: 1 },
  },
  {
    measure: 'ceiling',
    metric: 'tcp-uac',
    label: 'UAC ceiling, TCP',
    unit: 'calls/s',
    target: { op: '>=', ratio: 1 },
  },
  // SIPp's UAS ceiling over TCP is its sipp-vs-sipp climb, measured once as tcp-uac.
  {
    measure: 'ceiling',
    metric: 'tcp-uas',
    sippMetric: 'tcp-uac',
    label: 'UAS ceiling, TCP',
    unit: 'calls/s',
    target: { op: '>=', ratio: 1 },
  },
  {
    measure: 'memory',
    metric: 'uac',
    label: 'UAC memory per concurrent call',
    unit: 'KiB',
    scale: 1 / 1024,
    target: { op: '<=', ratio: 1 },
  },
  {
    measure: 'memory',
    metric: 'uas',
    label: 'UAS memory per concurrent call',
    unit: 'KiB',
    scale: 1 / 1024,
    target: { op: '<=', ratio: 1 },
  },
  {
    measure: 'fidelity',
    metric: 'p50',
    label: 'INVITE→200 p50 seen by the UAC',
    unit: 'ms',
    sippResolution: 1,
  },
  {
    measure: 'fidelity',
    metric: 'p99',
    label: 'INVITE→200 p99 seen by the UAC',
    unit: 'ms',
    target: { op: '<=', ratio: 1.2 },
    sippResolution: 1,
  },
  { measure: 'fidelity', metric: 'rate', label: 'achieved / asked call rate', unit: '' },
  // Shards: every client calls our own single-thread UAS (bench/measure-shards.ts); SIPp's UAC
  // is single-threaded, so the ceiling target is what two shards should reach over one SIPp.
  {
    measure: 'shards',
    metric: 'efficiency-t2',
    label: 'UAC CPU/1000 calls, -threads 2',
    unit: 'CPU-s',
  },
  {
    measure: 'shards',
    metric: 'ceiling-t2',
    label: 'UAC ceiling, -threads 2',
    unit: 'calls/s',
    target: { op: '>=', ratio: 1.6 },
  },
  {
    measure: 'shards',
    metric: 'ceiling-t1',
    label: 'UAC ceiling, -threads 1 (same UAS)',
    unit: 'calls/s',
    sippMetric: 'ceiling-t2',
  },
  // Threads (bench/measure-threads.ts): our UAC against itself, -threads 2 over -threads 1.
  {
    measure: 'threads',
    metric: 'cpu-t1',
    label: 'UAC CPU/1000 calls, -threads 1 (pairs)',
    unit: 'CPU-s',
  },
  {
    measure: 'threads',
    metric: 'cpu-t2',
    label: 'UAC CPU/1000 calls, -threads 2 (pairs)',
    unit: 'CPU-s',
  },
  {
    measure: 'threads',
    metric: 'cpu-ratio',
    label: 'UAC CPU/call, -threads 2 / 1, whole run (median)',
    unit: '',
    bound: { op: '<=', value: 1.15 },
    boundOnMedian: true,
    digits: 2,
  },
  {
    measure: 'threads',
    metric: 'cpu-ratio-marginal',
    label: 'UAC CPU/call, -threads 2 / 1, start-up excluded (median)',
    unit: '',
    bound: { op: '<=', value: 1.15 },
    boundOnMedian: true,
    digits: 2,
  },
  // API cost (bench/measure-api.ts): our UAC at 4,000 calls/s with the API polled and watched.
  {
    measure: 'api',
    metric: 'api-cpu-ratio',
    label: 'UAC CPU with the API loaded / without (median)',
    unit: '',
    bound: { op: '<=', value: 1.05 },
    boundOnMedian: true,
    digits: 3,
  },
  {
    measure: 'api',
    metric: 'api-extra-core-pct',
    label: 'Extra CPU with the API loaded, % of one core (median)',
    unit: '%',
    digits: 1,
  },
  {
    measure: 'api',
    metric: 'api-failed-calls',
    label: 'Failed calls with the API loaded',
    unit: 'calls',
    bound: { op: '<=', value: 0 },
    digits: 0,
  },
  // Records (bench/measure-records.ts): -call_records_jsonl at 10,000 calls/s, ours against ours.
  {
    measure: 'records',
    metric: 'cpu-ratio',
    label: 'UAC CPU with -call_records_jsonl / without, 10k calls/s (median)',
    unit: '',
    bound: { op: '<=', value: 1.05 },
    boundOnMedian: true,
    digits: 3,
  },
  {
    measure: 'records',
    metric: 'rss-with',
    label: 'UAC peak RSS with -call_records_jsonl, 10k calls/s',
    unit: 'MiB',
  },
  {
    measure: 'records',
    metric: 'rss-without',
    label: 'UAC peak RSS without it',
    unit: 'MiB',
  },
  {
    measure: 'records',
    metric: 'missing-records',
    label: 'Finished calls without a record line',
    unit: 'records',
    bound: { op: '<=', value: 0 },
    digits: 0,
  },
  // Transports (bench/measure-transports.ts): our TLS beside our TCP, ours against ours.
  {
    measure: 'transports',
    metric: 'tcp-cpu-marginal',
    label: 'UAC+UAS CPU/1000 calls, TCP t1 (marginal)',
    unit: 'CPU-s',
  },
  {
    measure: 'transports',
    metric: 'tls-cpu-marginal',
    label: 'UAC+UAS CPU/1000 calls, TLS l1 (marginal)',
    unit: 'CPU-s',
  },
  {
    measure: 'transports',
    metric: 'tls-tcp-cpu-ratio',
    label: 'CPU per call after the handshake, TLS / TCP (median)',
    unit: '',
    bound: { op: '<=', value: 1.5 },
    boundOnMedian: true,
    digits: 2,
  },
  {
    measure: 'transports',
    metric: 'tcp-ceiling',
    label: 'Zero-failure ceiling, ours ↔ ours, TCP t1',
    unit: 'calls/s',
  },
  {
    measure: 'transports',
    metric: 'tls-ceiling',
    label: 'Zero-failure ceiling, ours ↔ ours, TLS l1',
    unit: 'calls/s',
  },
  // SIP over WebSocket beside the same TCP figure.
  ...(
    [
      ['ws', 'WS w1'],
      ['wss', 'WSS wss1'],
    ] as const
  ).flatMap(([name, label]): RowSpec[] => [
    {
      measure: 'transports',
      metric: `${name}-cpu-marginal`,
      label: `UAC+UAS CPU/1000 calls, ${label} (marginal)`,
      unit: 'CPU-s',
    },
    {
      measure: 'transports',
      metric: `${name}-tcp-cpu-ratio`,
      label: `CPU per call after the handshake, ${name.toUpperCase()} / TCP (median)`,
      unit: '',
      boundOnMedian: true,
      digits: 2,
    },
    {
      measure: 'transports',
      metric: `${name}-ceiling`,
      label: `Zero-failure ceiling, ours ↔ ours, ${label}`,
      unit: 'calls/s',
    },
  ]),
  // Hostile (bench/measure-hostile.ts): issue 12's floods must cost no legitimate call and no
  // memory that grows with the length of the attack; peak RSS is compared with SIPp's.
  ...(['udp', 'tcp'] as const).flatMap((proto): RowSpec[] => {
    const under = `${proto.toUpperCase()} flood`;
    return [
      {
        measure: 'hostile',
        metric: `${proto}-peak-rss`,
        label: `UAS peak RSS under ${under}`,
        unit: 'MiB',
        scale: 1 / 1024,
      },
      {
        measure: 'hostile',
        metric: `${proto}-rss-slope`,
        label: `UAS RSS growth, 2nd half, ${proto.toUpperCase()}`,
        unit: 'MiB/min',
        bound: { op: '<=', value: PLATEAU_MIB_PER_MIN },
      },
      {
        measure: 'hostile',
        metric: `${proto}-calls-lost`,
        label: `Calls lost under ${under}`,
        unit: 'calls',
        bound: { op: '<=', value: 0 },
        digits: 0,
      },
    ];
  }),
];

export function summarize(
  records: readonly TrialRecord[],
  ran: ReadonlySet<Measure>,
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const spec of SPECS) {
    // A row whose metric no trial recorded (a results file from before it existed) is left out,
    // also when SIPp's figure, taken from another metric, is there.
    const recorded = records.some((r) => r.measure === spec.measure && r.metric === spec.metric);
    if (ran.has(spec.measure) && recorded) rows.push(summaryRow(records, spec));
  }
  return rows;
}

function summaryRow(records: readonly TrialRecord[], spec: RowSpec): SummaryRow {
  const mine = records.filter((r) => r.measure === spec.measure && r.metric === spec.metric);
  const sippRecords =
    spec.sippMetric === undefined
      ? mine
      : records.filter(
          (r) => r.measure === spec.measure && r.metric === spec.sippMetric && r.impl === 'sipp',
        );
  const scale = spec.scale ?? 1;
  const aggregate = spec.bound && spec.boundOnMedian !== true ? worst : median;
  const cellOf = (impl: Impl): Cell => {
    const metric = impl === 'sipp' ? (spec.sippMetric ?? spec.metric) : spec.metric;
    const of = (impl === 'sipp' ? sippRecords : mine).filter(
      (r) => r.impl === impl && r.metric === metric,
    );
    // What a process measured before it died under attack compares with nothing (a peak RSS
    // after 0.2 s); a pass/fail row keeps it, as dying is what it judges.
    const kept = spec.bound ? of : of.filter((r) => r.detail['died'] !== true);
    if (kept.length === 0 && of.length > 0) return 'died';
    return aggregate(valuesOf(kept, metric, impl)) * scale;
  };
  const sipp = cellOf('sipp');
  const ours: Cell = spec.oursMissing ?? cellOf('gossipper');
  const floor =
    typeof sipp === 'number' && spec.sippResolution !== undefined && sipp < spec.sippResolution;
  const r =
    typeof ours !== 'number' || typeof sipp !== 'number' || spec.bound
      ? NaN
      : ratio(ours, floor ? (spec.sippResolution as number) : sipp);
  return {
    measure: spec.measure,
    label: spec.label,
    unit: spec.unit,
    gossipper: ours,
    sipp: floor ? `< ${spec.sippResolution} ${spec.unit}` : sipp,
    ratio: r,
    ratioIsLowerBound: floor,
    target: spec.target,
    bound: spec.bound,
    digits: spec.digits,
    verdict: spec.bound
      ? boundVerdictOf(ours, spec.bound, isJudged(mine))
      : verdictOf(r, floor, spec.target, typeof ours === 'string'),
    note: noteOf(mine),
  };
}

/** The highest finite value: one trial that lost a call fails a pass/fail row. NaN if none. */
function worst(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? NaN : Math.max(...finite);
}

/**
 * A trial may say its run could not judge this row (`detail.notJudged`: why); ours must all judge.
 */
function isJudged(mine: readonly TrialRecord[]): boolean {
  return !mine.some((r) => r.impl === 'gossipper' && typeof r.detail['notJudged'] === 'string');
}

export function boundVerdictOf(ours: Cell, bound: Bound, judged = true): SummaryRow['verdict'] {
  if (!judged || typeof ours !== 'number' || !Number.isFinite(ours)) return 'n/a';
  return ours <= bound.value ? 'met' : 'missed';
}

/** A lower-bound ratio can only prove a `≤` target missed, never met. */
export function verdictOf(
  r: number,
  isLowerBound: boolean,
  target: Target | undefined,
  missing: boolean,
): SummaryRow['verdict'] {
  if (!target) return '';
  if (missing || !Number.isFinite(r)) return 'n/a';
  const meets = target.op === '<=' ? r <= target.ratio : r >= target.ratio;
  if (isLowerBound) return target.op === '<=' && !meets ? 'missed' : 'n/a';
  return meets ? 'met' : 'missed';
}

function formatRatio(row: SummaryRow, times: string): string {
  if (!Number.isFinite(row.ratio)) return '–';
  return `${row.ratioIsLowerBound ? '≥ ' : ''}${row.ratio.toFixed(2)}${times}`;
}

/** Unclean trials, ceilings that hit the top of the ladder, trial count. */
function noteOf(mine: readonly TrialRecord[]): string {
  const notes: string[] = [];
  for (const impl of ['gossipper', 'sipp'] as const) {
    const of = mine.filter((r) => r.impl === impl);
    const unclean = of.filter((r) => !r.clean).length;
    if (unclean > 0) notes.push(`${impl}: ${unclean}/${of.length} trials had errors`);
    const atTop = of.filter((r) => r.detail['reachedTopOfLadder'] === true).length;
    if (atTop > 0) notes.push(`${impl} passed the top rate in ${atTop}/${of.length} trials`);
    const died = of.filter((r) => r.detail['died'] === true);
    if (died.length > 0) {
      const after = died.map((r) => `${Number(r.detail['diedAfterS']).toFixed(1)} s`).join(', ');
      notes.push(
        `${impl} UAS died under attack in ${died.length}/${of.length} trials (after ${after})`,
      );
    }
    const unjudged = of.find((r) => typeof r.detail['notJudged'] === 'string');
    if (unjudged && impl === 'gossipper')
      notes.push(`not judged: ${String(unjudged.detail['notJudged'])}`);
  }
  return notes.join('; ');
}

export function formatCell(v: Cell, unit = '', fixedDigits?: number): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '–';
  const digits =
    fixedDigits ?? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
  return `${v.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

function formatTarget(row: SummaryRow): string {
  if (row.bound) return `ours ≤ ${row.bound.value}${row.unit ? ` ${row.unit}` : ''}`;
  const t = row.target;
  return t ? `${t.op === '<=' ? '≤' : '≥'} ${t.ratio.toFixed(1)}×` : '';
}

/** The markdown table kept in bench/results/latest.md and docs/performance.md. */
export function renderMarkdown(
  rows: readonly SummaryRow[],
  trials: number,
  fidelityTrials = trials,
  hostileTrials = trials,
): string {
  const lines = [
    `| measure | Gossipper | SIPp 3.6.1 | Gossipper/SIPp | target | verdict | note |`,
    `| --- | ---: | ---: | ---: | --- | --- | --- |`,
  ];
  for (const row of rows) {
    const r = formatRatio(row, '×');
    const [ours, sipp] = [row.gossipper, row.sipp].map((v) => formatCell(v, row.unit, row.digits));
    lines.push(
      `| ${row.label} | ${ours} | ${sipp} | ${r} | ${formatTarget(row)} | ${row.verdict} | ${row.note} |`,
    );
  }
  const exceptions = (
    [
      ['fidelity', fidelityTrials],
      ['hostile', hostileTrials],
    ] as const
  )
    .filter(([measure, n]) => n !== trials && rows.some((r) => r.measure === measure))
    .map(([measure, n]) => `${measure}: ${n}`);
  const suffix = exceptions.length > 0 ? ` (${exceptions.join('; ')})` : '';
  const worstNote = rows.some((r) => r.bound)
    ? ' Rows judged against "ours ≤" take the worst trial.'
    : '';
  lines.push(
    '',
    `Medians of ${trials} alternating trial(s) per implementation${suffix}.${worstNote}`,
  );
  return lines.join('\n');
}

/** A plain-text version of the same table for the terminal (80 columns where it fits). */
export function renderText(rows: readonly SummaryRow[]): string {
  const out = [
    `${'measure'.padEnd(36)} ${'Gossipper'.padStart(14)} ${'SIPp'.padStart(14)} ${'ratio'.padStart(9)}  verdict`,
  ];
  for (const row of rows) {
    const r = formatRatio(row, 'x');
    out.push(
      `${row.label.padEnd(36)} ${formatCell(row.gossipper, row.unit, row.digits).padStart(14)} ` +
        `${formatCell(row.sipp, row.unit, row.digits).padStart(14)} ${r.padStart(9)}  ${row.verdict}`,
    );
  }
  return out.join('\n');
}
