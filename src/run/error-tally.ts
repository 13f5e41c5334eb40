/**
 * Counts what a run reports to its TraceSink (aborted calls, unexpected and malformed messages,
 * socket errors) and keeps the latest, passing everything on. SIPp writes the last error and a
 * "There were more errors" line to stderr when it exits (print_errors), so a user who never
 * looked at the screen or asked for -trace_err still learns that something went wrong.
 */
import type { TraceSink } from '../engine/index.ts';
import type { RemoteAddress } from '../transport/index.ts';

export interface ErrorSummary {
  /** Errors and warnings reported during the run. */
  readonly count: number;
  /** The latest one's text ('' when count is 0). */
  readonly last: string;
  /** Wall-clock epoch ms of the latest one. */
  readonly atMs: number;
}

/** Epoch ms with a µs fraction, for SIPp's `seconds.micros` timestamp. */
function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

export const NO_ERRORS: ErrorSummary = { count: 0, last: '', atMs: 0 };

export class ErrorTally implements TraceSink {
  private count = 0;
  private lastText = '';
  /** A malformed message is formatted only if it is still the latest when someone asks. */
  private lastMalformed: { from: RemoteAddress; reason: string } | null = null;
  private atMs = 0;
  // The optional hooks pass straight through, and stay absent when the inner sink has none: the
  // engine decides once whether messages are traced by whether they are there.
  readonly log?: TraceSink['log'];
  messageSent?: TraceSink['messageSent'];
  messageReceived?: TraceSink['messageReceived'];
  commandSent?: TraceSink['commandSent'];
  commandReceived?: TraceSink['commandReceived'];
  readonly unexpectedMessage?: TraceSink['unexpectedMessage'];
  readonly responseTime?: TraceSink['responseTime'];
  readonly callStarted?: TraceSink['callStarted'];
  readonly callAborting?: TraceSink['callAborting'];
  readonly callEnded?: TraceSink['callEnded'];
  readonly callNote?: TraceSink['callNote'];
  readonly callRecord?: TraceSink['callRecord'];

  constructor(
    private readonly inner: TraceSink,
    private readonly wallNowMs: () => number = wallClockMs,
  ) {
    this.log = inner.log?.bind(inner);
    this.messageSent = inner.messageSent?.bind(inner);
    this.messageReceived = inner.messageReceived?.bind(inner);
    this.commandSent = inner.commandSent?.bind(inner);
    this.commandReceived = inner.commandReceived?.bind(inner);
    this.unexpectedMessage = inner.unexpectedMessage?.bind(inner);
    this.responseTime = inner.responseTime?.bind(inner);
    this.callStarted = inner.callStarted?.bind(inner);
    this.callAborting = inner.callAborting?.bind(inner);
    this.callEnded = inner.callEnded?.bind(inner);
    this.callNote = inner.callNote?.bind(inner);
    this.callRecord = inner.callRecord?.bind(inner);
  }

  /** The inner sink gained message hooks at run time (`trace messages on`): take them. */
  retraceMessages(): void {
    this.messageSent = this.inner.messageSent?.bind(this.inner);
    this.messageReceived = this.inner.messageReceived?.bind(this.inner);
    this.commandSent = this.inner.commandSent?.bind(this.inner);
    this.commandReceived = this.inner.commandReceived?.bind(this.inner);
  }

  error(text: string): void {
    this.note(text);
    this.inner.error(text);
  }

  warning(text: string): void {
    this.note(text);
    this.inner.warning(text);
  }

  malformed(raw: Buffer, from: RemoteAddress, reason: string): void {
    this.count++;
    this.atMs = this.wallNowMs();
    this.lastMalformed = { from: { address: from.address, port: from.port }, reason };
    this.inner.malformed(raw, from, reason);
  }

  get summary(): ErrorSummary {
    if (this.count === 0) return NO_ERRORS;
    const m = this.lastMalformed;
    const last =
      m === null
        ? this.lastText
        : `Discarding malformed message from ${m.from.address}:${m.from.port} (${m.reason})`;
    return { count: this.count, last, atMs: this.atMs };
  }

  private note(text: string): void {
    this.count++;
    this.lastText = text;
    this.lastMalformed = null;
    this.atMs = this.wallNowMs();
  }
}

/** The run-wide summary of several (one per shard): counts add up, the latest error wins. */
export function mergeErrorSummaries(parts: Iterable<ErrorSummary>): ErrorSummary {
  let merged = NO_ERRORS;
  for (const p of parts) {
    const latest = p.count > 0 && (merged.count === 0 || p.atMs >= merged.atMs) ? p : merged;
    merged = { count: merged.count + p.count, last: latest.last, atMs: latest.atMs };
  }
  return merged;
}
