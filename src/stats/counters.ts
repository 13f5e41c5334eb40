/**
 * Run-wide counters, named after SIPp's stat CSV columns (sipp-reference.md §8.3) so every
 * output can print them under SIPp's names. Values are indexes into a Float64Array.
 */
export const Counter = {
  IncomingCall: 0,
  OutgoingCall: 1,
  SuccessfulCall: 2,
  FailedCall: 3,
  FailedCannotSendMessage: 4,
  FailedMaxUDPRetrans: 5,
  FailedTcpConnect: 6,
  FailedTcpClosed: 7,
  FailedUnexpectedMessage: 8,
  FailedCallRejected: 9,
  FailedCmdNotSent: 10,
  FailedRegexpDoesntMatch: 11,
  FailedRegexpShouldntMatch: 12,
  FailedRegexpHdrNotFound: 13,
  FailedOutboundCongestion: 14,
  FailedTimeoutOnRecv: 15,
  FailedTimeoutOnSend: 16,
  FailedTestDoesntMatch: 17,
  FailedTestShouldntMatch: 18,
  FailedStrcmpDoesntMatch: 19,
  FailedStrcmpShouldntMatch: 20,
  OutOfCallMsgs: 21,
  DeadCallMsgs: 22,
  Retransmissions: 23,
  AutoAnswered: 24,
  Warnings: 25,
  FatalErrors: 26,
  WatchdogMajor: 27,
  WatchdogMinor: 28,
  // Gossipper's own, beyond SIPp's columns.
  /** Datagrams that did not parse as SIP (garbage, truncated, bad Content-Length...). */
  MalformedMessages: 29,
  /** Calls the rate asked for but `-l` did not allow (SIPp skips them, it does not queue). */
  CallsSkippedByLimit: 30,
  SendErrors: 31,
  RecvErrors: 32,
  CongestionErrors: 33,
} as const;

export type CounterId = (typeof Counter)[keyof typeof Counter];
export const COUNTER_COUNT = 34;
export const COUNTER_NAMES: readonly string[] = Object.keys(Counter);

/** Failure causes in SIPp's order, for the statistics block and CSV. */
export const FAILURE_COUNTERS: readonly CounterId[] = [
  Counter.FailedCannotSendMessage, Counter.FailedMaxUDPRetrans, Counter.FailedTcpConnect,
  Counter.FailedTcpClosed, Counter.FailedUnexpectedMessage, Counter.FailedCallRejected,
  Counter.FailedCmdNotSent, Counter.FailedRegexpDoesntMatch, Counter.FailedRegexpShouldntMatch,
  Counter.FailedRegexpHdrNotFound, Counter.FailedOutboundCongestion, Counter.FailedTimeoutOnRecv,
  Counter.FailedTimeoutOnSend, Counter.FailedTestDoesntMatch, Counter.FailedTestShouldntMatch,
  Counter.FailedStrcmpDoesntMatch, Counter.FailedStrcmpShouldntMatch,
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
  step(commandIndex: number, event: StepEventId): void;
  /** A response-time sample for RTD number `rtdIndex` (index into Scenario.rtdNames). */
  responseTime(rtdIndex: number, ms: number): void;
  /** A call ended (success or failure); `lengthMs` from creation to end. */
  callLength(ms: number): void;
  /** Generic `counter=` attribute (index into Scenario.counterNames). */
  generic(counterIndex: number): void;
}
