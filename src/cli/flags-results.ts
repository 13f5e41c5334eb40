/**
 * Gossipper's result flags (docs/results.md): the summary JSON, CI gates and call records. Not
 * SIPp's; listed with the tracing section. A threshold is parsed here, so a bad one is a flag
 * error before anything starts.
 */
import { resolve } from 'node:path';
import { FlagError } from '../errors.ts';
import { GateError, parseGate } from '../stats/index.ts';
import type { FlagSpec } from './flag-types.ts';

const g = 'tracing' as const;

/** A results file flag: a path relative to the working directory into RunConfig.results. */
function resultFile(
  name: string,
  key: 'summaryJson' | 'junit' | 'callRecords',
  help: string,
): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'string',
    argName: '<file>',
    help: `Gossipper: ${help}`,
    apply: (ctx, v) => {
      ctx.config.results[key] = resolve(ctx.cwd, v);
    },
  };
}

/** A `-health_*` count gate. */
function maxCount(name: string, key: 'maxFailedCalls' | 'maxTimeouts', help: string): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'int',
    argName: '<n>',
    help: `Gossipper: gate: ${help} (exit 2 otherwise)`,
    apply: (ctx, v) => {
      ctx.config.results[key] = v;
    },
  };
}

export const RESULTS_FLAGS: readonly FlagSpec[] = [
  resultFile(
    'summary_json',
    'summaryJson',
    'write the run summary (totals, failure classes, percentiles, per-second series, gates) as JSON at exit (docs/summary-json.md)',
  ),
  resultFile('junit', 'junit', 'write the gates (-threshold, -health_*) as JUnit XML at exit'),
  resultFile(
    'call_records_jsonl',
    'callRecords',
    'one JSON line per finished call (Call-ID, number, outcome, failure class, start, duration)',
  ),
  {
    name: 'threshold',
    group: g,
    available: true,
    kind: 'string',
    argName: '<expr>',
    help: "Gossipper: a CI gate, repeatable: 'call_length.p99<200ms', 'rtd.1.p95<=50ms', 'success_ratio>=0.999', 'failed_calls==0'; a broken gate exits 2 (docs/results.md)",
    apply: (ctx, v) => {
      try {
        parseGate(v);
      } catch (err) {
        if (err instanceof GateError) throw new FlagError('FLAG_VALUE', err.message);
        throw err;
      }
      ctx.config.results.thresholds.push(v);
    },
  },
  {
    name: 'health_min_success_ratio',
    group: g,
    available: true,
    kind: 'float',
    argName: '<0..1>',
    help: 'Gossipper: gate: successful / created calls at least this (exit 2 otherwise)',
    apply: (ctx, v) => {
      if (!(v >= 0 && v <= 1)) {
        throw new FlagError('FLAG_VALUE', `-health_min_success_ratio ${v}: expected 0..1`);
      }
      ctx.config.results.minSuccessRatio = v;
    },
  },
  maxCount('health_max_failed_calls', 'maxFailedCalls', 'at most this many failed calls'),
  maxCount('health_max_timeouts', 'maxTimeouts', 'at most this many calls failed on a timeout'),
  mediaGate(
    'health_max_rtcp_fraction_lost',
    'maxRtcpFractionLost',
    '<0..1>',
    "the far ends' RTCP fraction lost, mean over calls with reports, at most this",
    1,
  ),
  mediaGate(
    'health_max_rtcp_jitter_ts',
    'maxRtcpJitterTs',
    '<units>',
    "the far ends' RTCP jitter (8 kHz timestamp units), mean over calls, at most this",
  ),
  mediaGate(
    'health_min_rtp_packets_recv',
    'minRtpPacketsRecv',
    '<n>',
    'the run received at least this many RTP packets',
  ),
  mediaGate(
    'health_min_rtp_packets_recv_per_call',
    'minRtpPacketsRecvPerCall',
    '<n>',
    'RTP packets received over calls created at least this',
  ),
];

/** A `-health_*` gate on the run's media figures (summary `media`, docs/media.md). */
function mediaGate(
  name: string,
  key: 'maxRtcpFractionLost' | 'maxRtcpJitterTs' | 'minRtpPacketsRecv' | 'minRtpPacketsRecvPerCall',
  argName: string,
  help: string,
  max = Infinity,
): FlagSpec {
  return {
    name,
    group: g,
    available: true,
    kind: 'float',
    argName,
    help: `Gossipper: gate: ${help} (exit 2 otherwise)`,
    apply: (ctx, v) => {
      if (!(v >= 0 && v <= max)) {
        throw new FlagError('FLAG_VALUE', `-${name} ${v}: expected ${argName.slice(1, -1)}`);
      }
      ctx.config.results[key] = v;
    },
  };
}
