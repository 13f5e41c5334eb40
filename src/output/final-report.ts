/**
 * What is printed at exit (SIPp's final scenario + statistics screens, as in
 * test/output/sipp-samples/uac_stdout_final_screen.txt, then Gossipper's additions), the
 * `-trace_screen` dump, and the one-line summary for non-TTY output. Pure: returns lines.
 */
import { Histogram, currentCalls, totalCallsCreated, type StatsSnapshot } from '../stats/index.ts';
import type { HistogramJSON } from '../stats/index.ts';
import { repartitionScreen, repartitionScreenCount } from './repartition-screen.ts';
import { scenarioScreen } from './scenario-screen.ts';
import type { ScreenInfo } from './screen-info.ts';
import { cell, fixed, titleBar } from './sipp-format.ts';
import { failureCauses, statisticsScreen } from './statistics-screen.ts';

const CROSS = '-------------------------+----------+----------+----------+----------';

/**
 * Final screens (state forced to terminated) followed by {@link gossipperExtras}. sipp 3.6.1
 * prints them right after a statistics report, so the period they show is always 0.0 s ("Call
 * limit 30 hit, 0.0 s period" in every sample and in a 3 s run checked by hand).
 */
export function finalReport(snapshot: StatsSnapshot, info: ScreenInfo): string[] {
  // No "Last Error" line either: sipp 3.6.1's final screens have none, even after failed calls.
  const done: ScreenInfo = {
    ...info,
    state: 'terminated',
    lastPeriod: { newCalls: 0, durationMs: 0 },
    lastError: undefined,
    finalScreen: true,
  };
  return [
    ...scenarioScreen(snapshot, done),
    ...statisticsScreen(snapshot, done),
    ...gossipperExtras(snapshot, info.seed),
  ];
}

/** Every screen in order (scenario, statistics, repartitions): the `-trace_screen` file body. */
export function screenDump(snapshot: StatsSnapshot, info: ScreenInfo): string[] {
  const lines = [...scenarioScreen(snapshot, info), ...statisticsScreen(snapshot, info)];
  for (let page = 0; page < repartitionScreenCount(snapshot); page++) {
    lines.push(...repartitionScreen(snapshot, info, page));
  }
  return lines;
}

/** The percentiles of the extras block, as its header names them. */
const EXTRA_PERCENTILES = [50, 90, 95, 99, 99.9];

function percentileRow(label: string, json: HistogramJSON): string {
  const h = Histogram.fromJSON(json);
  const cols = [...EXTRA_PERCENTILES.map((p) => h.percentile(p)), h.max].map((v) => fixed(v, 3, 8));
  return `  ${cell(label, 19)} |${cols.map((c) => ` ${c}`).join('')}`;
}

function countRow(label: string, value: number): string {
  return `  ${cell(label, 22)} | ${fixed(value, 0, 8)}`;
}

/**
 * What SIPp does not print: cumulative response-time percentiles per RTD, INVITE to final
 * response and the call length (from the actual and from the scheduled start), malformed
 * messages (datagrams or stream data), calls skipped by `-l`, stray and retransmitted messages,
 * each non-zero failure cause, and the run's random seed.
 */
export function gossipperExtras(snapshot: StatsSnapshot, seed?: number): string[] {
  const c = snapshot.cumulative;
  const lines = [
    titleBar(30, 'Gossipper extras'),
    // Six columns in 80: no separators between them, unlike the count rows below.
    `  ${cell('Percentiles (ms)', 19)} |      p50      p90      p95      p99    p99.9      max`,
    CROSS,
  ];
  for (const rtd of snapshot.rtds)
    lines.push(percentileRow(`Response Time ${rtd.name}`, rtd.cumulative));
  // INVITE -> its first final response: the summary's invite_rtt, for runs that send INVITEs.
  if (snapshot.inviteRtt !== undefined && snapshot.inviteRtt.count > 0)
    lines.push(percentileRow('INVITE -> final', snapshot.inviteRtt));
  const inviteLate = snapshot.inviteRttFromSchedule;
  if (inviteLate !== undefined && inviteLate.count > 0)
    lines.push(percentileRow('INVITE (sched)', inviteLate));
  lines.push(percentileRow('Call Length', snapshot.callLength.cumulative));
  // From when the schedule wanted each call started: longer than the row above only when the
  // generator fell behind, which is what coordinated omission would otherwise hide.
  if (snapshot.callLengthFromSchedule !== undefined && snapshot.callLengthFromSchedule.count > 0)
    lines.push(percentileRow('Call Length (sched)', snapshot.callLengthFromSchedule));
  lines.push(CROSS);
  lines.push(countRow('Malformed messages', c.MalformedMessages));
  lines.push(countRow('Calls skipped by -l', c.CallsSkippedByLimit));
  // SIPp's server screen hides these two; a UAS user still wants to know about strays.
  lines.push(countRow('Out-of-call messages', c.OutOfCallMsgs));
  lines.push(countRow('Dead-call messages', c.DeadCallMsgs));
  lines.push(countRow('Retransmissions', c.Retransmissions));
  for (const cause of failureCauses()) {
    if (c[cause.name] !== 0) lines.push(countRow(cause.label, c[cause.name]));
  }
  // Media rows only for a run that had media (src/media/), so other screens stay as they were.
  const media =
    c.RtpPacketsSent + c.RtpPacketsReceived + c.RtpPacketsEchoed + c.FailedMedia + c.FailedRtpCheck;
  if (media > 0) {
    lines.push(countRow('RTP packets sent', c.RtpPacketsSent));
    lines.push(countRow('RTP packets received', c.RtpPacketsReceived));
    lines.push(countRow('RTP packets echoed', c.RtpPacketsEchoed));
    lines.push(countRow('Failed media', c.FailedMedia));
    if (c.SrtpPacketsRejected > 0)
      lines.push(countRow('SRTP packets rejected', c.SrtpPacketsRejected));
    if (c.SrtcpPacketsRejected > 0)
      lines.push(countRow('SRTCP packets rejected', c.SrtcpPacketsRejected));
    if (c.FailedRtpCheck > 0) lines.push(countRow('Failed rtpcheck', c.FailedRtpCheck));
    lines.push(...qualityRows(c));
    lines.push(...rtcpRows(c));
  }
  // -seed with this value replays the run's random draws (lost=, chance=, random pauses).
  if (seed !== undefined) lines.push(countRow('Random seed (-seed)', seed));
  return lines;
}

/** Call quality over the calls that received RTP (sums kept by src/media/, means here). */
function qualityRows(c: StatsSnapshot['cumulative']): string[] {
  const calls = c.RtpQualityCalls;
  if (calls === 0) return [];
  return [
    countRow('RTP packets lost', c.RtpPacketsLost),
    countRow('RTP packets reordered', c.RtpPacketsReordered),
    countRow('RTP unknown source', c.RtpFromUnknownSource),
    `  ${cell('RTP jitter, mean', 22)} | ${(c.RtpJitterUsSum / calls / 1000).toFixed(3)} ms (RFC 3550)`,
    `  ${cell('MOS G.711, mean', 22)} | ${(c.RtpMosMilliSum / calls / 1000).toFixed(2)} (E-model, ${calls} calls)`,
  ];
}

/** RTCP sent and received, and the far ends' view of our streams beside our own figures. */
function rtcpRows(c: StatsSnapshot['cumulative']): string[] {
  const rows: string[] = [];
  if (c.RtpDtmfEventsReceived > 0)
    rows.push(countRow('DTMF events received', c.RtpDtmfEventsReceived));
  if (c.RtcpPacketsSent + c.RtcpPacketsReceived === 0) return rows;
  rows.push(countRow('RTCP packets sent', c.RtcpPacketsSent));
  rows.push(countRow('RTCP packets received', c.RtcpPacketsReceived));
  const calls = c.RtcpRemoteReportCalls;
  if (calls > 0) {
    const lost = ((c.RtcpRemoteFractionLostPpmSum / calls / 1e6) * 100).toFixed(2);
    const jitter = (c.RtcpRemoteJitterUsSum / calls / 1000).toFixed(3);
    rows.push(
      `  ${cell('Far end (RTCP), mean', 22)} | lost ${lost}%, jitter ${jitter} ms (${calls} calls)`,
    );
  }
  if (c.RtcpRttCalls > 0) {
    const rtt = (c.RtcpRttUsSum / c.RtcpRttCalls / 1000).toFixed(3);
    rows.push(`  ${cell('RTCP round trip, mean', 22)} | ${rtt} ms (${c.RtcpRttCalls} calls)`);
  }
  return rows;
}

/**
 * One line per period for non-TTY output, e.g.
 * `[   12.0 s] rate 99.7 cps, created 1200, current 3, successful 1190, failed 7, ...`.
 */
export function summaryLine(snapshot: StatsSnapshot, current?: number): string {
  const p = snapshot.periodic;
  const c = snapshot.cumulative;
  const elapsedS = (snapshot.takenAtMs - snapshot.startedAtMs) / 1000;
  const periodMs = snapshot.takenAtMs - snapshot.periodStartedAtMs;
  const rate = periodMs > 0 ? ((p.IncomingCall + p.OutgoingCall) * 1000) / periodMs : 0;
  let unexpected = 0;
  for (const step of snapshot.steps) unexpected += step.unexpected;
  return (
    `[${fixed(elapsedS, 1, 7)} s] rate ${rate.toFixed(1)} cps, ` +
    `created ${totalCallsCreated(snapshot)}, current ${current ?? currentCalls(snapshot)}, ` +
    `successful ${c.SuccessfulCall}, failed ${c.FailedCall}, retrans ${c.Retransmissions}, ` +
    `unexpected ${unexpected}, malformed ${c.MalformedMessages}`
  );
}
