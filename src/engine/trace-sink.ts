/**
 * Where the engine reports things a user may want in trace files (`-trace_err`, `-trace_msg`,
 * `-trace_shortmsg`, `-trace_logs`, `-trace_rtt`, `-trace_calldebug`...). Implementations
 * enqueue and flush off the hot path.
 */
import type { CounterId } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';

export interface TraceSink {
  /** A line for the error log (`-trace_err`): unexpected messages, aborts, malformed input. */
  error(text: string): void;
  /** A datagram that did not parse, and why. `raw` is lent: format or copy it, then return. */
  malformed(raw: Buffer, from: RemoteAddress, reason: string): void;
  /** A warning (also shown as the screen's last-error line). */
  warning(text: string): void;
  /** A `<log message>` action's expanded text, for the `-trace_logs` file. */
  log?(text: string): void;
  /**
   * `-trace_msg` / `-trace_shortmsg`: a message as it leaves (retransmissions and automatic
   * answers included). Present only when traced: the engine decides once, at construction, so an
   * untraced run pays one predictable branch per message. `raw` is lent: copy it.
   */
  messageSent?(raw: Buffer, to: RemoteAddress, via: Transport): void;
  /** A message as it arrives, before it is parsed. `raw` is lent: copy it. */
  messageReceived?(raw: Buffer, from: RemoteAddress, via: Transport): void;
  /**
   * `-trace_msg` / `-trace_shortmsg`: a 3PCC command sent to the twin (framed: its ESC delimiter
   * included) or received from it (without the delimiter). Taken with the message hooks.
   */
  commandSent?(raw: Buffer): void;
  commandReceived?(raw: Buffer): void;
  /**
   * An in-call message no step expected (`statusCode` 0 for a request): SIPp's "Unexpected ...
   * message received" block and the `-trace_error_codes` file. `raw` is lent.
   */
  unexpectedMessage?(raw: Buffer, statusCode: number, via: Transport): void;
  /** A response-time sample of the RTD `rtdName` (`-trace_rtt`). */
  responseTime?(rtdName: string, ms: number): void;
  /**
   * `-trace_calldebug`: a call began, is being aborted (at scenario step `index`), ended
   * (`failed`: not counted successful). Present only when traced, read once by the engine.
   */
  callStarted?(callId: string): void;
  callAborting?(callId: string, index: number): void;
  callEnded?(callId: string, failed: boolean): void;
  /**
   * `-call_records_jsonl`: a call ended. `outcome` is SuccessfulCall or the cause it failed on
   * (FailedCall when an action failed it earlier); times are the engine clock's. Present only
   * when asked for, read once by the engine.
   */
  callRecord?(
    callId: string,
    callNumber: number,
    outcome: CounterId,
    startMs: number,
    endMs: number,
    times: CallResponseTimes,
  ): void;
  /** `-trace_calldebug`: a line for the call's transcript (a retransmission...). */
  callNote?(callId: string, text: string): void;
}

/** A finished call's response times, for its call record. */
export interface CallResponseTimes {
  /** INVITE -> its first final response (ms); -1 when the call had none. */
  readonly inviteRttMs: number;
  /** The last value of each RTD by index (ms, -1 = not measured); null when none was. */
  readonly rtdMs: Float64Array | null;
  /** The RTDs' names by index (`1`, `2`... or the scenario's `rtd="name"`). */
  readonly rtdNames: readonly string[];
}

/** A sink that drops everything (the default when no trace is asked for). */
export const NULL_TRACE_SINK: TraceSink = {
  error() {},
  malformed() {},
  warning() {},
};
