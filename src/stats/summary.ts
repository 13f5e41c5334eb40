/**
 * The run summary (`-summary_json`, docs/summary-json.md): a pure function of a statistics
 * snapshot and what the run knows about itself, so the one-shot run writes it at exit and the
 * management server can serve the same shape from a live snapshot. A superset of the reference
 * project's `gossipper_summary_v1` (its keys keep their meaning: durations in integer ns, times
 * RFC 3339), with exact-merge histograms, percentiles, per-message counters, a per-second series
 * and the generator's own health added.
 */
import { Counter, FAILURE_COUNTERS, type CounterId } from './counters.ts';
import { latencySummary, msToNs, type LatencySummary } from './latency-summary.ts';
import type { CounterName, StatsSnapshot } from './snapshot.ts';
import { currentCalls, totalCallsCreated } from './snapshot.ts';

export const SUMMARY_SCHEMA_VERSION = 'gossipper_summary_v1';

/** Why the run ended. */
export type EndReason = 'completed' | 'interrupted' | 'timeout' | 'fatal';

/** The failure classes of the reference, each a sum of SIPp's finer causes (FAILURE_CLASSES). */
export type FailureClass =
  | 'timeout'
  | 'unexpected_sip'
  | 'transport_error'
  | 'parse_error'
  | 'scenario_error'
  | 'cancelled'
  | 'media';

/**
 * SIPp's failure causes by class. `parse_error` has none: a message that does not parse is
 * counted (malformed_messages) and dropped, it does not fail a call. `cancelled` is a call the
 * user's quit aborted (SIPp counts those as FailedCallRejected).
 */
export const FAILURE_CLASSES: Readonly<Record<FailureClass, readonly CounterId[]>> = {
  timeout: [Counter.FailedTimeoutOnRecv, Counter.FailedTimeoutOnSend, Counter.FailedMaxUDPRetrans],
  unexpected_sip: [Counter.FailedUnexpectedMessage],
  transport_error: [
    Counter.FailedCannotSendMessage,
    Counter.FailedTcpConnect,
    Counter.FailedTcpClosed,
    Counter.FailedOutboundCongestion,
  ],
  parse_error: [],
  scenario_error: [
    Counter.FailedCmdNotSent,
    Counter.FailedRegexpDoesntMatch,
    Counter.FailedRegexpShouldntMatch,
    Counter.FailedRegexpHdrNotFound,
    Counter.FailedTestDoesntMatch,
    Counter.FailedTestShouldntMatch,
    Counter.FailedStrcmpDoesntMatch,
    Counter.FailedStrcmpShouldntMatch,
  ],
  cancelled: [Counter.FailedCallRejected],
  // Added in v1 (a new key, no change of meaning): a media action that could not run, an
  // rtpcheck that did not hold.
  media: [Counter.FailedMedia, Counter.FailedRtpCheck],
};

/** Failure causes beyond SIPp's (not in its CSV columns), listed in failure_causes too. */
const MEDIA_FAILURE_COUNTERS: readonly CounterId[] = FAILURE_CLASSES.media;

/** What the run knows about itself beyond its statistics. */
export interface SummaryRunInfo {
  toolVersion: string;
  /** Unique per run (the trace files' pid, plus the start time, plus the engine id if any). */
  runId: string;
  /** The engine's id in `gossipper server` (`primary`, a profile's or a client's id). */
  engineId?: string;
  scenarioName: string;
  commandLine: readonly string[];
  mode: 'client' | 'server';
  /** `udp`, `tcp`, ... */
  transport: string;
  /** `host:port` called, when a client. */
  remote?: string;
  /** Calls per second asked for when the run ended (0 for a server). */
  askedCallsPerSecond: number;
  callLimit: number;
  maxCalls?: number;
  endReason: EndReason;
  exitCode: number;
  /** Scenario commands in order, for the per-message table: `send INVITE`, `recv 200`, ... */
  steps: readonly string[];
}

/** One second of the run, from consecutive snapshots (SeriesSampler). */
export interface SeriesPoint {
  /** Seconds since the start. */
  t: number;
  total_calls: number;
  success_calls: number;
  failed_calls: number;
  active_calls: number;
  /** Calls created in this second, per second. */
  calls_per_second: number;
  retransmits: number;
  /** p99 of the calls that ended in this second (ns); 0 when none did. */
  call_length_p99: number;
  /** p50, p90, p95 of the same calls (ns, 0 when none); added within v1, older files lack them. */
  call_length_p50?: number;
  call_length_p90?: number;
  call_length_p95?: number;
}

/** The generator's own state: a saturated generator's figures are not the system's. */
export interface GeneratorHealth {
  /** Share of the time the event loop was busy (0..1), over the run. */
  event_loop_utilization: number;
  /** Watchdog trips: event-loop stalls past -watchdog_minor/major_threshold. */
  watchdog_minor: number;
  watchdog_major: number;
  /** Messages that did not parse as SIP. */
  malformed_messages: number;
  /** Datagrams the kernel dropped during the run (`/proc/net/snmp`, all sockets of the host). */
  udp_receive_buffer_errors?: number;
  udp_in_errors?: number;
  /** Calls the schedule asked for but the call limit (-l) refused. */
  calls_skipped_by_limit: number;
  /** `-call_records_jsonl` lines dropped because the disk fell behind. */
  call_records_dropped?: number;
  /**
   * `-hep_addr` (docs/hep.md): packets the kernel took, dropped before sending (queue full, too
   * many in flight, too large), and sends that failed (collector unreachable).
   */
  hep_packets_sent?: number;
  hep_packets_dropped?: number;
  hep_send_errors?: number;
}

/** A run's RTP and RTCP: sums, and means over the calls they concern. */
export interface MediaSummary {
  rtp_packets_sent: number;
  rtp_packets_received: number;
  rtp_packets_echoed: number;
  rtp_packets_lost: number;
  /** Received over every call created (the run's calls, media or not). */
  rtp_packets_received_per_call: number;
  /** Calls that received RTP; the means below are over them. */
  rtp_quality_calls: number;
  rtp_jitter_ms_mean: number;
  mos_mean: number;
  dtmf_events_received: number;
  rtcp_packets_sent: number;
  rtcp_packets_received: number;
  /** Calls whose peer sent a report block about our stream; the remote means are over them. */
  rtcp_report_calls: number;
  /** The far end's last fraction lost (0..1), mean over those calls. */
  rtcp_fraction_lost_mean: number;
  rtcp_jitter_ms_mean: number;
  /** Calls with a round trip from LSR/DLSR, and its mean in ms. */
  rtcp_rtt_calls: number;
  rtcp_rtt_ms_mean: number;
}

export interface GateResult {
  /** The gate as written (`call_length.p99<200ms`, `-health_max_failed_calls 0`). */
  gate: string;
  pass: boolean;
  /** The measured value, in the unit the gate was written in. */
  actual: number;
  message: string;
}

export interface StepCountsRow {
  index: number;
  step: string;
  messages: number;
  retransmissions: number;
  timeouts: number;
  unexpected: number;
  lost: number;
}

export interface Summary {
  schema_version: typeof SUMMARY_SCHEMA_VERSION;
  tool_version: string;
  run_id: string;
  /** A `gossipper server` engine's id (its API id); absent for a one-shot run. */
  engine_id?: string;
  scenario: string;
  command_line: string[];
  mode: 'client' | 'server';
  transport: string;
  remote?: string;
  started_at: string;
  finished_at: string;
  duration: number;
  end_reason: EndReason;
  exit_code: number;
  total_calls: number;
  success_calls: number;
  failed_calls: number;
  active_calls: number;
  success_ratio: number;
  calls_per_second: number;
  asked_calls_per_second: number;
  call_limit: number;
  max_calls?: number;
  retransmits: number;
  timeouts: number;
  average_call_latency: number;
  call_length: LatencySummary;
  /**
   * Call lengths counted from when the rate schedule wanted each call started: equal to
   * call_length while the generator keeps up, longer when it starts calls late (coordinated
   * omission). Absent for snapshots that do not carry it.
   */
  call_length_from_schedule?: LatencySummary;
  /** Mean INVITE → first final response (ns), when the run sent INVITEs. */
  average_invite_rtt?: number;
  invite_rtt?: LatencySummary;
  /** INVITE → final plus the call's start lag: coordinated omission, as the call length's. */
  invite_rtt_from_schedule?: LatencySummary;
  rtd: Record<string, LatencySummary>;
  counters: Record<string, number>;
  failure_classes: Record<FailureClass, number>;
  /** SIPp's finer causes, by SIPp's counter names, non-zero ones only. */
  failure_causes: Record<string, number>;
  messages: StepCountsRow[];
  series: SeriesPoint[];
  generator: GeneratorHealth;
  /** RTP and RTCP of a run with media (src/media/); absent otherwise. */
  media?: MediaSummary;
  health?: { active: boolean; pass: boolean; reasons: string[] };
  gates?: GateResult[];
  findings: string[];
}

export interface SummaryInput {
  snapshot: StatsSnapshot;
  info: SummaryRunInfo;
  series: readonly SeriesPoint[];
  generator: GeneratorHealth;
  /** Undefined when no gate was configured. */
  gates?: readonly GateResult[];
}

export function buildSummary(input: SummaryInput): Summary {
  const { snapshot: s, info } = input;
  const c = s.cumulative;
  const total = totalCallsCreated(s);
  const elapsedMs = Math.max(0, s.takenAtMs - s.startedAtMs);
  const failureClasses = {} as Record<FailureClass, number>;
  for (const [cls, counters] of Object.entries(FAILURE_CLASSES) as Array<
    [FailureClass, readonly CounterId[]]
  >) {
    failureClasses[cls] = counters.reduce<number>((sum, id) => sum + c[counterName(id)], 0);
  }
  const failureCauses: Record<string, number> = {};
  for (const id of [...FAILURE_COUNTERS, ...MEDIA_FAILURE_COUNTERS]) {
    const name = counterName(id);
    if (c[name] > 0) failureCauses[name] = c[name];
  }
  const rtd: Record<string, LatencySummary> = {};
  for (const r of s.rtds) rtd[r.name] = latencySummary(r.cumulative);
  const counters: Record<string, number> = {};
  for (const g of s.generic) counters[g.name] = g.cumulative;
  const callLength = latencySummary(s.callLength.cumulative);
  const summary: Summary = {
    schema_version: SUMMARY_SCHEMA_VERSION,
    tool_version: info.toolVersion,
    run_id: info.runId,
    ...(info.engineId !== undefined ? { engine_id: info.engineId } : {}),
    scenario: info.scenarioName,
    command_line: [...info.commandLine],
    mode: info.mode,
    transport: info.transport,
    ...(info.remote !== undefined ? { remote: info.remote } : {}),
    started_at: new Date(s.startedAtMs).toISOString(),
    finished_at: new Date(s.takenAtMs).toISOString(),
    duration: msToNs(elapsedMs),
    end_reason: info.endReason,
    exit_code: info.exitCode,
    total_calls: total,
    success_calls: c.SuccessfulCall,
    failed_calls: c.FailedCall,
    active_calls: currentCalls(s),
    success_ratio: total > 0 ? c.SuccessfulCall / total : 0,
    calls_per_second: elapsedMs > 0 ? total / (elapsedMs / 1000) : 0,
    asked_calls_per_second: info.askedCallsPerSecond,
    call_limit: info.callLimit,
    ...(info.maxCalls !== undefined ? { max_calls: info.maxCalls } : {}),
    retransmits: c.Retransmissions,
    timeouts: failureClasses.timeout,
    average_call_latency: callLength.average,
    call_length: callLength,
    ...(s.callLengthFromSchedule !== undefined
      ? { call_length_from_schedule: latencySummary(s.callLengthFromSchedule) }
      : {}),
    ...(s.inviteRtt !== undefined && s.inviteRtt.count > 0
      ? {
          average_invite_rtt: latencySummary(s.inviteRtt).average,
          invite_rtt: latencySummary(s.inviteRtt),
        }
      : {}),
    ...(s.inviteRttFromSchedule !== undefined && s.inviteRttFromSchedule.count > 0
      ? { invite_rtt_from_schedule: latencySummary(s.inviteRttFromSchedule) }
      : {}),
    rtd,
    counters,
    failure_classes: failureClasses,
    failure_causes: failureCauses,
    messages: s.steps.map((step, index) => ({
      index,
      step: info.steps[index] ?? `#${index}`,
      messages: step.message,
      retransmissions: step.retrans,
      timeouts: step.timeout,
      unexpected: step.unexpected,
      lost: step.lost,
    })),
    series: [...input.series],
    generator: input.generator,
    ...mediaSummary(c, total),
    findings: [],
  };
  if (input.gates !== undefined) {
    const broken = input.gates.filter((g) => !g.pass);
    summary.gates = [...input.gates];
    summary.health = {
      active: true,
      pass: broken.length === 0,
      reasons: broken.map((g) => g.message),
    };
  }
  summary.findings = findings(summary);
  return summary;
}

/** Short human lines for the report's first screen (the reference's `findings`). */
function findings(s: Summary): string[] {
  const out: string[] = [];
  if (s.health !== undefined) {
    out.push(
      s.health.pass ? 'Health check: PASS' : `Health check: FAIL — ${s.health.reasons.join('; ')}`,
    );
  }
  const pct = (s.success_ratio * 100).toFixed(2);
  out.push(
    `${s.total_calls} calls: ${s.success_calls} succeeded, ${s.failed_calls} failed (${pct}% success)`,
  );
  if (s.timeouts > 0) out.push(`${s.timeouts} calls timed out`);
  const top = (Object.entries(s.failure_classes) as Array<[string, number]>)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  if (top.length > 0)
    out.push(`top failure classes: ${top.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (s.generator.watchdog_major + s.generator.watchdog_minor > 0) {
    out.push(
      `the generator stalled (watchdog: ${s.generator.watchdog_major} major, ${s.generator.watchdog_minor} minor): latency figures include its own delay`,
    );
  }
  return out;
}

/** The `media` block, present only for a run that had media (also the API's stats object). */
export function mediaSummary(
  c: StatsSnapshot['cumulative'],
  totalCalls: number,
): { media?: MediaSummary } {
  const any = c.RtpPacketsSent + c.RtpPacketsReceived + c.RtpPacketsEchoed + c.RtcpPacketsSent;
  if (any + c.FailedMedia + c.FailedRtpCheck + c.RtcpPacketsReceived === 0) return {};
  const mean = (sum: number, n: number, scale: number): number => (n > 0 ? sum / n / scale : 0);
  return {
    media: {
      rtp_packets_sent: c.RtpPacketsSent,
      rtp_packets_received: c.RtpPacketsReceived,
      rtp_packets_echoed: c.RtpPacketsEchoed,
      rtp_packets_lost: c.RtpPacketsLost,
      rtp_packets_received_per_call: mean(c.RtpPacketsReceived, totalCalls, 1),
      rtp_quality_calls: c.RtpQualityCalls,
      rtp_jitter_ms_mean: mean(c.RtpJitterUsSum, c.RtpQualityCalls, 1000),
      mos_mean: mean(c.RtpMosMilliSum, c.RtpQualityCalls, 1000),
      dtmf_events_received: c.RtpDtmfEventsReceived,
      rtcp_packets_sent: c.RtcpPacketsSent,
      rtcp_packets_received: c.RtcpPacketsReceived,
      rtcp_report_calls: c.RtcpRemoteReportCalls,
      rtcp_fraction_lost_mean: mean(c.RtcpRemoteFractionLostPpmSum, c.RtcpRemoteReportCalls, 1e6),
      rtcp_jitter_ms_mean: mean(c.RtcpRemoteJitterUsSum, c.RtcpRemoteReportCalls, 1000),
      rtcp_rtt_calls: c.RtcpRttCalls,
      rtcp_rtt_ms_mean: mean(c.RtcpRttUsSum, c.RtcpRttCalls, 1000),
    },
  };
}

function counterName(id: CounterId): CounterName {
  return NAMES[id];
}

const NAMES = Object.keys(Counter) as CounterName[];
