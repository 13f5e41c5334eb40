/**
 * Run-wide counters, named after SIPp's stat CSV columns (SIPp's docs, "Statistics") so every
 * output can print them under SIPp's names. Values are indexes into a Float64Array.
 */
/**
 * The counters in index order. The list is the one source: the ids, the count and the names
 * are derived from it, so a counter added here is sized, named and zeroed everywhere (the count
 * used to be a literal kept by hand, and a counter past it type-checked and recorded nothing).
 */
const COUNTER_LIST = [
  'IncomingCall',
  'OutgoingCall',
  'SuccessfulCall',
  'FailedCall',
  'FailedCannotSendMessage',
  'FailedMaxUDPRetrans',
  'FailedTcpConnect',
  'FailedTcpClosed',
  'FailedUnexpectedMessage',
  'FailedCallRejected',
  'FailedCmdNotSent',
  'FailedRegexpDoesntMatch',
  'FailedRegexpShouldntMatch',
  'FailedRegexpHdrNotFound',
  'FailedOutboundCongestion',
  'FailedTimeoutOnRecv',
  'FailedTimeoutOnSend',
  'FailedTestDoesntMatch',
  'FailedTestShouldntMatch',
  'FailedStrcmpDoesntMatch',
  'FailedStrcmpShouldntMatch',
  'OutOfCallMsgs',
  'DeadCallMsgs',
  'Retransmissions',
  'AutoAnswered',
  'Warnings',
  'FatalErrors',
  'WatchdogMajor',
  'WatchdogMinor',
  // Gossipper's own, beyond SIPp's columns.
  // Messages that did not parse as SIP (garbage, truncated, bad Content-Length, refused streams).
  'MalformedMessages',
  // Calls the rate asked for but `-l` did not allow (SIPp skips them, it does not queue).
  'CallsSkippedByLimit',
  'SendErrors',
  'RecvErrors',
  'CongestionErrors',
  // Media (src/media/): a call that a media action could not serve (bad file, no SDP, no port).
  'FailedMedia',
  'RtpPacketsSent',
  'RtpPacketsReceived',
  'RtpPacketsEchoed',
  // Call quality (src/media/call-quality.ts), summed when each call with media ends: sums, so
  // shards and machines merge by adding; a mean is the sum over RtpQualityCalls.
  'RtpPacketsLost',
  'RtpPacketsReordered',
  'RtpQualityCalls',
  'RtpJitterUsSum',
  'RtpMosMilliSum',
  // RTP from an address no call's SDP named (nor to a call's own port): not attributed.
  'RtpFromUnknownSource',
  // SRTP packets refused: bad tag, replayed, or their call's SRTP could not be keyed.
  'SrtpPacketsRejected',
  // SRTCP refused: bad or short tag, or RTCP in clear in an SRTP call (libre-based peers such as
  // baresip send their APP and BYE packets in clear).
  'SrtcpPacketsRejected',
  // A call whose rtpcheck (packets by a deadline, or a quality threshold) did not hold.
  'FailedRtpCheck',
  // RFC 4733 telephone-events received (one per event, not per packet).
  'RtpDtmfEventsReceived',
  // RTCP (src/media/rtcp-reporter.ts): compound packets, then the far end's reports about our
  // streams, summed per call at its end (its last report), as the local quality sums are.
  'RtcpPacketsSent',
  'RtcpPacketsReceived',
  // Calls whose peer said RTCP BYE.
  'RtcpByesReceived',
  'RtcpRemoteReportCalls',
  'RtcpRemoteFractionLostPpmSum',
  'RtcpRemoteJitterUsSum',
  'RtcpRttCalls',
  'RtcpRttUsSum',
] as const;

type CounterList = typeof COUNTER_LIST;

/** Name → index into the counter arrays, typed with each literal index. */
export const Counter = Object.fromEntries(COUNTER_LIST.map((name, id) => [name, id])) as {
  readonly [
    I in keyof CounterList as I extends `${number}` ? CounterList[I] : never
  ]: I extends `${infer N extends number}` ? N : never;
};

export type CounterId = (typeof Counter)[keyof typeof Counter];
export const COUNTER_COUNT: CounterList['length'] = COUNTER_LIST.length;
export const COUNTER_NAMES: readonly string[] = COUNTER_LIST;

/** Failure causes in SIPp's order, for the statistics block and CSV. */
export const FAILURE_COUNTERS: readonly CounterId[] = [
  Counter.FailedCannotSendMessage,
  Counter.FailedMaxUDPRetrans,
  Counter.FailedTcpConnect,
  Counter.FailedTcpClosed,
  Counter.FailedUnexpectedMessage,
  Counter.FailedCallRejected,
  Counter.FailedCmdNotSent,
  Counter.FailedRegexpDoesntMatch,
  Counter.FailedRegexpShouldntMatch,
  Counter.FailedRegexpHdrNotFound,
  Counter.FailedOutboundCongestion,
  Counter.FailedTimeoutOnRecv,
  Counter.FailedTimeoutOnSend,
  Counter.FailedTestDoesntMatch,
  Counter.FailedTestShouldntMatch,
  Counter.FailedStrcmpDoesntMatch,
  Counter.FailedStrcmpShouldntMatch,
];

/** Per scenario step, the columns of SIPp's scenario screen (plus `lost`). */
export const StepEvent = {
  /** Sent (send) or received (recv), or calls that went through a pause/nop. */
  Message: 0,
  Retrans: 1,
  Timeout: 2,
  Unexpected: 3,
  Lost: 4,
} as const;
export type StepEventId = (typeof StepEvent)[keyof typeof StepEvent];
export const STEP_EVENT_COUNT = 5;

/**
 * What the engine reports. Implementations only increment on the hot path; outputs read
 * snapshots.
 */
export interface StatsSink {
  count(counter: CounterId, n?: number): void;
  /** `n` is 1 but for taking back a pause's count (SIPp's sessions of a call aborted in it). */
  step(commandIndex: number, event: StepEventId, n?: number): void;
  /** A response-time sample for RTD number `rtdIndex` (index into Scenario.rtdNames). */
  responseTime(rtdIndex: number, ms: number): void;
  /**
   * A call ended (success or failure): `ms` from its start to its end, and `fromScheduleMs` from
   * when the rate schedule wanted it started (the same for calls no schedule placed). The second
   * is what a user of the system waited, had the generator kept up: a saturated generator that
   * starts calls late cannot hide latency in it (coordinated omission).
   */
  callLength(ms: number, fromScheduleMs?: number): void;
  /**
   * Our INVITE's first final response came `ms` after the INVITE left (a client's calls);
   * `fromScheduleMs` adds how late the call started against the rate schedule.
   */
  inviteRtt(ms: number, fromScheduleMs?: number): void;
  /** Generic `counter=` attribute (index into Scenario.counterNames). */
  generic(counterIndex: number): void;
}
