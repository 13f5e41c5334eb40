/**
 * `-trace_calldebug` (docs/traces.md): every call keeps a transcript in memory (its
 * start, the messages it sent and received, unexpected messages, the abort), and the transcript
 * of a call that fails is written to `<scenario>_<pid>_calldebug.log` when the call ends; a
 * successful call's transcript is dropped. This is what sipp 3.6.1 does: a run whose calls all
 * succeed leaves the file empty.
 *
 * Entry format, as sipp writes it (checked against a sipp 3.6.1 run):
 *   `<79 dashes>\nCall debugging information for call <Call-ID>:\n` then per event
 *   `<date>\t<time>\t<epoch.usec> <text>\n`; a message follows its line (`...:\n<message>\n\n`
 *   for sent and received ones, `...:\n\n<message>\n` for an unexpected one).
 * The engine adds sipp's `Processing message i of type t for call X at ms.` lines through
 * callNote (engine/call-debug-notes.ts; only when this trace is on). Still left out: sipp's
 * `Set Last Recv Hash` lines and the `(index i, hash h)` after `Sending ... for call X`, since
 * the send hook does not know the step and sipp's hash values cannot be reproduced.
 *
 * Messages reach this class as the engine's raw send/receive hooks, before the engine knows the
 * call; their Call-ID header says whose transcript they belong to. Only runs with the flag pay.
 */
import type { TransportProtocol } from '../transport/index.ts';
import { formatSippTimestamp } from './sipp-format.ts';
import type { TraceFile } from './trace-file.ts';

const SEPARATOR = '-'.repeat(79);
/** The Call-ID header (long or compact form) in a message's header block. */
const CALL_ID = /(?:^|\n)(?:call-id|i)[ \t]*:[ \t]*([^\r\n]*)/i;

/** The Call-ID of a raw SIP message, '' when it has none. */
export function rawCallId(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.toString('latin1', 0, end < 0 ? raw.length : end);
  const m = CALL_ID.exec(head);
  return m === null ? '' : m[1].trim();
}

export class CallDebugTrace {
  private readonly calls = new Map<string, string[]>();
  /** A received message whose call does not exist yet (a server's first request). */
  private pendingId = '';
  private pendingEntry = '';

  constructor(
    private readonly file: TraceFile,
    private readonly now: () => number,
  ) {}

  private line(text: string): string {
    return `${formatSippTimestamp(this.now())} ${text}\n`;
  }

  started(callId: string): void {
    const entries = [this.line(`Starting call ${callId}`)];
    if (this.pendingId === callId) entries.push(this.pendingEntry);
    this.pendingId = '';
    this.pendingEntry = '';
    this.calls.set(callId, entries);
  }

  sent(raw: Buffer, protocol: TransportProtocol): void {
    const callId = rawCallId(raw);
    const entries = this.calls.get(callId);
    if (entries === undefined) return;
    const text = raw.toString('latin1');
    entries.push(this.line(`Sending ${protocol} message for call ${callId}:`) + `${text}\n\n`);
  }

  received(raw: Buffer): void {
    const callId = rawCallId(raw);
    const entry =
      this.line(`Processing ${raw.length} byte incoming message for call-ID ${callId}:`) +
      `${raw.toString('latin1')}\n\n`;
    const entries = this.calls.get(callId);
    if (entries !== undefined) {
      entries.push(entry);
      return;
    }
    this.pendingId = callId;
    this.pendingEntry = entry;
  }

  unexpected(raw: Buffer, protocol: TransportProtocol): void {
    const entries = this.calls.get(rawCallId(raw));
    if (entries === undefined) return;
    entries.push(
      this.line(`Unexpected ${protocol} message received:`) + `\n${raw.toString('latin1')}\n`,
    );
  }

  /** A line of the call's own (a retransmission, in sipp's words). */
  note(callId: string, text: string): void {
    this.calls.get(callId)?.push(this.line(text));
  }

  aborting(callId: string, index: number): void {
    this.calls.get(callId)?.push(this.line(`Aborting call ${callId} (index ${index}).`));
  }

  /** The call is over: a failed call's transcript is written, a successful one's dropped. */
  ended(callId: string, failed: boolean): void {
    const entries = this.calls.get(callId);
    if (entries === undefined) return;
    this.calls.delete(callId);
    if (!failed) return;
    this.file.write(`${SEPARATOR}\nCall debugging information for call ${callId}:\n`);
    for (const e of entries) this.file.write(e);
  }
}
