/**
 * Where the engine reports things a user may want in trace files (`-trace_err` now; `-trace_msg`,
 * `-trace_shortmsg`, call debug later). Implementations enqueue and flush off the hot path.
 */
import type { RemoteAddress } from '../transport/index.ts';

export interface TraceSink {
  /** A line for the error log (`-trace_err`): unexpected messages, aborts, malformed input. */
  error(text: string): void;
  /** A datagram that did not parse, and why. `raw` is lent: format or copy it, then return. */
  malformed(raw: Buffer, from: RemoteAddress, reason: string): void;
  /** A warning (also shown as the screen's last-error line). */
  warning(text: string): void;
  /** A `<log message>` action's expanded text, for the `-trace_logs` file. */
  log?(text: string): void;
}

/** A sink that drops everything (the default when no trace is asked for). */
export const NULL_TRACE_SINK: TraceSink = {
  error() {},
  malformed() {},
  warning() {},
};
