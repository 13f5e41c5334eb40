/**
 * The JSON the API serves for an engine: the statistics object (`GET /stats`, the live feed's
 * `stats`), the control object (`{rate, paused}`) and the transports object, under the
 * reference's field names (reference-features.md §d.1/§d.2: durations in integer nanoseconds,
 * timestamps RFC 3339, values cumulative since the engine started), built from the same pieces
 * as the summary JSON (src/stats/summary.ts). Like the reference's un-finalized snapshot there is
 * no `health` or `findings`; `invite_rtt` and `media` appear once there is something to report;
 * `call_length_from_schedule` and `sipp_counters` (SIPp's own counters) are ours.
 */
import type { RunStatus } from '../run/index.ts';
import {
  FAILURE_CLASSES,
  latencySummary,
  mediaSummary,
  msToNs,
  type CounterName,
  type CounterValues,
  type LatencySummary,
  type StatsSnapshot,
  type TimingStats,
} from '../stats/index.ts';
import { COUNTER_NAMES } from '../stats/index.ts';
import type { ManagedEngine } from './engine-registry.ts';

/** The summary JSON's failure classes (src/stats/summary.ts), from SIPp's failure counters. */
function failureClasses(c: CounterValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [cls, ids] of Object.entries(FAILURE_CLASSES)) {
    out[cls] = ids.reduce<number>((n, id) => n + c[COUNTER_NAMES[id] as CounterName], 0);
  }
  return out;
}

/** The summary JSON's latency object: ns durations, percentiles, fixed buckets, histogram. */
function timing(t: TimingStats): LatencySummary {
  return latencySummary(t.cumulative);
}

export type StatsObject = ReturnType<typeof statsObject>;

export function statsObject(s: StatsSnapshot, status: RunStatus) {
  const c = s.cumulative;
  const total = c.IncomingCall + c.OutgoingCall;
  const elapsedMs = Math.max(0, s.takenAtMs - s.startedAtMs);
  const rtd: Record<string, LatencySummary> = {};
  for (const r of s.rtds) rtd[r.name] = timing(r);
  const counters: Record<string, number> = {};
  for (const g of s.generic) counters[g.name] = g.cumulative;
  const callLength = timing(s.callLength);
  return {
    started_at: new Date(s.startedAtMs).toISOString(),
    finished_at: new Date(s.takenAtMs).toISOString(),
    duration: msToNs(elapsedMs),
    total_calls: total,
    success_calls: c.SuccessfulCall,
    failed_calls: c.FailedCall,
    active_calls: status.currentCalls,
    success_ratio: total === 0 ? 0 : c.SuccessfulCall / total,
    calls_per_second: elapsedMs === 0 ? 0 : (total * 1000) / elapsedMs,
    retransmits: c.Retransmissions,
    timeouts: c.FailedTimeoutOnRecv + c.FailedTimeoutOnSend + c.FailedMaxUDPRetrans,
    average_call_latency: callLength.average,
    call_length: callLength,
    ...(s.callLengthFromSchedule !== undefined
      ? { call_length_from_schedule: latencySummary(s.callLengthFromSchedule) }
      : {}),
    ...inviteRtt(s),
    rtd,
    counters,
    failure_classes: failureClasses(c),
    ...mediaSummary(c, total),
    sipp_counters: c,
  };
}

/** INVITE -> first final response, for engines that send INVITEs (omitted before the first). */
function inviteRtt(s: StatsSnapshot): {
  average_invite_rtt?: number;
  invite_rtt?: LatencySummary;
  invite_rtt_from_schedule?: LatencySummary;
} {
  if (s.inviteRtt === undefined || s.inviteRtt.count === 0) return {};
  const invite = latencySummary(s.inviteRtt);
  const fromSchedule = s.inviteRttFromSchedule;
  return {
    average_invite_rtt: invite.average,
    invite_rtt: invite,
    ...(fromSchedule !== undefined && fromSchedule.count > 0
      ? { invite_rtt_from_schedule: latencySummary(fromSchedule) }
      : {}),
  };
}

/** `{rate, paused}`: rate in calls per second (`-r` over `-rp`), as the reference reports it. */
export function controlObject(engine: ManagedEngine): { rate: number; paused: boolean } {
  const status = engine.run.status();
  return { rate: (status.rate * 1000) / engine.config.rate.periodMs, paused: status.paused };
}

/** `-r` for a rate in calls per second, in the engine's rate period. */
export function callsPerPeriod(engine: ManagedEngine, callsPerSecond: number): number {
  return (callsPerSecond * engine.config.rate.periodMs) / 1000;
}

/**
 * The reference's transports object: the primary's listeners when it answers calls (its binds
 * are the only ones the API toggles, §B6 6.17), and one row per client-mode engine.
 */
export function transportsObject(
  group: readonly ManagedEngine[],
  engines: readonly ManagedEngine[],
) {
  const listeners: Array<Record<string, unknown>> = [];
  const clients: Array<Record<string, unknown>> = [];
  for (const engine of engines) {
    const run = engine.run;
    const local = run.transport.localAddress;
    const common = {
      scenario_name: run.scenario.fileStem,
      transport: run.transport.protocol.toLowerCase(),
      local_ip: local.address,
      local_port: local.port,
    };
    if (run.scenario.mode === 'server') {
      const index = group.indexOf(engine);
      if (index < 0) continue;
      listeners.push({ index, ...common, enabled: run.isAcceptingDialogs ?? true });
    } else {
      const remote = run.remote;
      clients.push({
        id: engine.id,
        ...common,
        dynamic: engine.dynamic,
        remote_addr: remote === undefined ? '' : `${remote.host}:${remote.port}`,
        accepting: !run.status().paused,
      });
    }
  }
  return { listeners, clients };
}
