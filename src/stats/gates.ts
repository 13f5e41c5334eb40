/**
 * Pass/fail gates for CI (docs/gates.md): `-threshold 'call_length.p99<200ms'` and the
 * `-health_*` flags, parsed once at start (a bad expression is a flag error naming it) and
 * checked against the run's summary at the end. A broken gate makes the exit code 2.
 */
import type { LatencySummary } from './latency-summary.ts';
import type { FailureClass, GateResult, MediaSummary, Summary } from './summary.ts';
import { FAILURE_CLASSES } from './summary.ts';

export type GateOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Gate {
  /** As the user wrote it, or the flag that made it. */
  readonly text: string;
  readonly metric: string;
  readonly op: GateOperator;
  /** In the metric's base unit: ns for durations, a plain number otherwise. */
  readonly value: number;
  /** Unit the measured value is shown in (`ms`, `s`, `us`, or '' for plain numbers). */
  readonly unit: string;
}

const STATS: Readonly<Record<string, keyof LatencySummary>> = {
  avg: 'average',
  average: 'average',
  mean: 'average',
  min: 'min',
  max: 'max',
  stddev: 'stddev',
  p50: 'p50',
  median: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  p999: 'p999',
  'p99.9': 'p999',
  count: 'count',
};

const PLAIN: Readonly<Record<string, (s: Summary) => number>> = {
  success_ratio: (s) => s.success_ratio,
  failed_calls: (s) => s.failed_calls,
  success_calls: (s) => s.success_calls,
  total_calls: (s) => s.total_calls,
  active_calls: (s) => s.active_calls,
  retransmissions: (s) => s.retransmits,
  retransmits: (s) => s.retransmits,
  timeouts: (s) => s.timeouts,
  calls_per_second: (s) => s.calls_per_second,
  malformed_messages: (s) => s.generator.malformed_messages,
};

/**
 * Media figures (summary `media`): undefined in a run without media, so a gate on them says
 * "no such measurement" rather than passing on nothing. The RTCP ones need a report first.
 */
const MEDIA: Readonly<Record<string, (m: MediaSummary) => number | undefined>> = {
  rtp_packets_sent: (m) => m.rtp_packets_sent,
  rtp_packets_received: (m) => m.rtp_packets_received,
  rtp_packets_received_per_call: (m) => m.rtp_packets_received_per_call,
  rtp_packets_lost: (m) => m.rtp_packets_lost,
  mos: (m) => (m.rtp_quality_calls > 0 ? m.mos_mean : undefined),
  rtp_jitter_ms: (m) => (m.rtp_quality_calls > 0 ? m.rtp_jitter_ms_mean : undefined),
  dtmf_events_received: (m) => m.dtmf_events_received,
  rtcp_fraction_lost: (m) => (m.rtcp_report_calls > 0 ? m.rtcp_fraction_lost_mean : undefined),
  // RFC 3550 jitter in timestamp units of an 8000 Hz clock, as the reference's gate reads it.
  rtcp_jitter_ts: (m) => (m.rtcp_report_calls > 0 ? m.rtcp_jitter_ms_mean * 8 : undefined),
  rtcp_rtt_ms: (m) => (m.rtcp_rtt_calls > 0 ? m.rtcp_rtt_ms_mean : undefined),
};

const UNIT_NS: Readonly<Record<string, number>> = { us: 1e3, ms: 1e6, s: 1e9 };
const EXPRESSION =
  /^\s*([A-Za-z0-9_.\-]+?)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(us|ms|s|%)?\s*$/;

export class GateError extends Error {}

/** Parses one `-threshold` expression; throws GateError naming what is wrong. */
export function parseGate(text: string): Gate {
  const m = EXPRESSION.exec(text);
  if (m === null) {
    throw new GateError(
      `-threshold '${text}': expected METRIC OP VALUE, e.g. 'call_length.p99<200ms' or 'success_ratio>=0.999'`,
    );
  }
  const [, metric, op, number, unit = ''] = m;
  const value = Number(number);
  if (isDuration(metric)) {
    if (unit === '%') throw new GateError(`-threshold '${text}': ${metric} is a duration, not a %`);
    const shown = unit === '' ? 'ms' : unit;
    return { text, metric, op: op as GateOperator, value: value * UNIT_NS[shown], unit: shown };
  }
  if (isCount(metric) || isPlain(metric)) {
    if (unit !== '' && !(unit === '%' && metric === 'success_ratio')) {
      throw new GateError(`-threshold '${text}': ${metric} takes no unit`);
    }
    return {
      text,
      metric,
      op: op as GateOperator,
      value: unit === '%' ? value / 100 : value,
      unit: '',
    };
  }
  throw new GateError(
    `-threshold '${text}': unknown metric "${metric}" (known: ${[...Object.keys(PLAIN), ...Object.keys(MEDIA)].join(', ')}, failure.<class>, call_length.<stat>, rtd.<name>.<stat>; stats: ${Object.keys(STATS).join(', ')})`,
  );
}

/** The `-health_*` flags as gates. */
export function healthGates(h: {
  minSuccessRatio?: number;
  maxFailedCalls?: number;
  maxTimeouts?: number;
  maxRtcpFractionLost?: number;
  maxRtcpJitterTs?: number;
  minRtpPacketsRecv?: number;
  minRtpPacketsRecvPerCall?: number;
}): Gate[] {
  const out: Gate[] = [];
  const flag = (name: string, metric: string, op: GateOperator, v: number | undefined): void => {
    if (v !== undefined) out.push(plain(`-${name} ${v}`, metric, op, v));
  };
  if (h.minSuccessRatio !== undefined) {
    out.push(
      plain(
        `-health_min_success_ratio ${h.minSuccessRatio}`,
        'success_ratio',
        '>=',
        h.minSuccessRatio,
      ),
    );
  }
  if (h.maxFailedCalls !== undefined) {
    out.push(
      plain(`-health_max_failed_calls ${h.maxFailedCalls}`, 'failed_calls', '<=', h.maxFailedCalls),
    );
  }
  if (h.maxTimeouts !== undefined) {
    out.push(plain(`-health_max_timeouts ${h.maxTimeouts}`, 'timeouts', '<=', h.maxTimeouts));
  }
  flag('health_max_rtcp_fraction_lost', 'rtcp_fraction_lost', '<=', h.maxRtcpFractionLost);
  flag('health_max_rtcp_jitter_ts', 'rtcp_jitter_ts', '<=', h.maxRtcpJitterTs);
  flag('health_min_rtp_packets_recv', 'rtp_packets_received', '>=', h.minRtpPacketsRecv);
  flag(
    'health_min_rtp_packets_recv_per_call',
    'rtp_packets_received_per_call',
    '>=',
    h.minRtpPacketsRecvPerCall,
  );
  return out;
}

export function checkGates(gates: readonly Gate[], summary: Summary): GateResult[] {
  return gates.map((g) => check(g, summary));
}

function check(g: Gate, s: Summary): GateResult {
  const measured = measure(g.metric, s);
  if (measured === undefined) {
    // An RTD the scenario never timed, say: the gate cannot hold, and says why.
    return {
      gate: g.text,
      pass: false,
      actual: Number.NaN,
      message: `${g.text}: no such measurement in this run`,
    };
  }
  const pass = compare(measured, g.op, g.value);
  const actual = g.unit === '' ? measured : measured / UNIT_NS[g.unit];
  const shown = `${round(actual)}${g.unit}`;
  return {
    gate: g.text,
    pass,
    actual,
    message: pass ? `${g.text}: ok (${shown})` : `${g.text}: broken, measured ${shown}`,
  };
}

function measure(metric: string, s: Summary): number | undefined {
  const direct = PLAIN[metric];
  if (direct !== undefined) return direct(s);
  const media = MEDIA[metric];
  if (media !== undefined) return s.media === undefined ? undefined : media(s.media);
  const parts = metric.split('.');
  if (parts[0] === 'failure' || parts[0] === 'failure_classes') {
    return s.failure_classes[parts[1] as FailureClass];
  }
  const stat = STATS[parts.at(-1) ?? ''];
  if (stat === undefined) return undefined;
  let latency: LatencySummary | undefined;
  if (parts[0] === 'call_length' && parts.length === 2) latency = s.call_length;
  else if (parts[0] === 'rtd' && parts.length >= 3) latency = s.rtd[parts.slice(1, -1).join('.')];
  if (latency === undefined || (latency.count === 0 && stat !== 'count')) return undefined;
  return latency[stat] as number;
}

function isDuration(metric: string): boolean {
  const parts = metric.split('.');
  const stat = parts.at(-1) ?? '';
  if (!(stat in STATS) || stat === 'count') return false;
  return (
    (parts[0] === 'call_length' && parts.length === 2) || (parts[0] === 'rtd' && parts.length >= 3)
  );
}

function isCount(metric: string): boolean {
  const parts = metric.split('.');
  if (parts.at(-1) !== 'count') return false;
  return (
    (parts[0] === 'call_length' && parts.length === 2) || (parts[0] === 'rtd' && parts.length >= 3)
  );
}

function isPlain(metric: string): boolean {
  if (metric in PLAIN || metric in MEDIA) return true;
  const [head, cls, ...rest] = metric.split('.');
  return (
    (head === 'failure' || head === 'failure_classes') &&
    rest.length === 0 &&
    cls in FAILURE_CLASSES
  );
}

function plain(text: string, metric: string, op: GateOperator, value: number): Gate {
  return { text, metric, op, value, unit: '' };
}

function compare(a: number, op: GateOperator, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
