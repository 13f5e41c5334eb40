/**
 * `-trace_msg` and `-trace_shortmsg` (docs/traces.md; test/output/sipp-samples/
 * trace_client_messages.log.head and trace_client_shortmessages.log). The engine hands each
 * message over as it is sent or received; here it is copied (the bytes are lent) with its time
 * and kept as a record, and the records are formatted only when the files flush, off the
 * engine's turn.
 *
 * -trace_msg, one block per message, exactly as sipp 3.6.1 writes it:
 *   `<47 dashes> YYYY-MM-DD HH:MM:SS.usec\nUDP message sent (N bytes):\n\n<message>\n`
 *   `<47 dashes> YYYY-MM-DD HH:MM:SS.usec\nUDP message received [N] bytes :\n\n<message>\n`
 * and, after the received block of a message no step expected:
 *   `<47 dashes>\nUnexpected UDP message received:\n\n<message>\n`
 * -trace_shortmsg, one line per message:
 *   `<date>\t<time>\t<epoch.usec>\t<S|R>\t<Call-ID>\tCSeq:<CSeq value>\t<first line>\n`
 * 3PCC commands (`<sendCmd>`/`<recvCmd>`) go to both files as sipp 3.6.1 writes them (seen with
 * the 3pcc-C-A/3pcc-C-B built-ins): `TCP control message sent (N bytes):` with the command and
 * its ESC delimiter, `TCP control message received [N] bytes :` with N counting the delimiter
 * but the text without it, and short lines with an empty CSeq and `Call-ID: ...` as first line.
 */
import type { TransportProtocol } from '../transport/index.ts';

/** The "protocol" of 3PCC commands in the message traces (sipp's twin socket is TCP). */
export const CONTROL_PROTOCOL = 'TCP control';
export type TracedProtocol = TransportProtocol | typeof CONTROL_PROTOCOL;
import { formatSippTimestamp } from './sipp-format.ts';

const DASHES = '-'.repeat(47);

export const MessageEvent = { Sent: 0, Received: 1, Unexpected: 2 } as const;
export type MessageEvent = (typeof MessageEvent)[keyof typeof MessageEvent];

interface MessageRecord {
  event: MessageEvent;
  atMs: number;
  protocol: TracedProtocol;
  raw: Buffer;
  /** Which files take it (the switches when it was recorded). */
  full: boolean;
  short: boolean;
}

/** `YYYY-MM-DD HH:MM:SS.usec` (the -trace_msg block header: SIPp's timestamp, spaces). */
export function blockTimestamp(epochMs: number): string {
  const t = formatSippTimestamp(epochMs);
  const tab = t.indexOf('\t');
  return `${t.slice(0, tab)} ${t.slice(tab + 1, t.indexOf('\t', tab + 1))}`;
}

/** One -trace_msg block. */
export function messageBlock(
  event: MessageEvent,
  epochMs: number,
  protocol: string,
  raw: Buffer,
): string {
  const text = raw.toString('latin1');
  if (event === MessageEvent.Unexpected)
    return `${DASHES}\nUnexpected ${protocol} message received:\n\n${text}\n`;
  // A received command arrives without its delimiter; sipp counts it in the length.
  const delimiter = protocol === CONTROL_PROTOCOL && event === MessageEvent.Received ? 1 : 0;
  const head =
    event === MessageEvent.Sent
      ? `${protocol} message sent (${raw.length} bytes):`
      : `${protocol} message received [${raw.length + delimiter}] bytes :`;
  return `${DASHES} ${blockTimestamp(epochMs)}\n${head}\n\n${text}\n`;
}

/** One -trace_shortmsg line. */
export function shortMessageLine(event: MessageEvent, epochMs: number, raw: Buffer): string {
  const text = raw.toString('latin1');
  let lineEnd = text.indexOf('\n');
  if (lineEnd < 0) lineEnd = text.length;
  const firstLine = text.slice(0, lineEnd).replace(/\r$/, '');
  // A 3PCC command starts with its Call-ID line.
  const callId =
    headerValue(text, 'call-id', 'i') ||
    (/^Call-ID:\s*([^\r\n]*?)\s*$/im.exec(firstLine)?.[1] ?? '');
  const cseq = headerValue(text, 'cseq', undefined);
  const dir = event === MessageEvent.Sent ? 'S' : 'R';
  return `${formatSippTimestamp(epochMs)}\t${dir}\t${callId}\tCSeq:${cseq}\t${firstLine}\n`;
}

/** The first value of a header (by full or compact name) in the header block; '' when absent. */
function headerValue(text: string, name: string, compact: string | undefined): string {
  let pos = text.indexOf('\n') + 1;
  while (pos > 0 && pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) {
      const key = line.slice(0, colon).trim().toLowerCase();
      if (key === name || key === compact) return line.slice(colon + 1).trim();
    }
    pos = end + 1;
  }
  return '';
}

/**
 * Where formatted trace text goes: a TraceFile, or (`-threads`) a shard's batch to the main
 * thread, which owns the file.
 */
export interface TraceTextTarget {
  write(text: string): void;
  flush(): void;
}

export interface MessageTraceOptions {
  /** `-trace_msg` file, when asked. */
  readonly full?: TraceTextTarget;
  /** `-trace_shortmsg` file, when asked. */
  readonly short?: TraceTextTarget;
  /** Wall clock, epoch ms with a µs fraction. */
  readonly now: () => number;
}

/** Collects traced messages and writes them to the -trace_msg / -trace_shortmsg files. */
export class MessageTrace {
  private records: MessageRecord[] = [];
  private full: TraceTextTarget | undefined;
  private short: TraceTextTarget | undefined;
  private readonly now: () => number;
  private isClosed = false;
  /** `trace messages|shortmessages on|off` at run time: whether each file takes new messages. */
  fullOn = true;
  shortOn = true;

  constructor(options: MessageTraceOptions) {
    this.full = options.full;
    this.short = options.short;
    this.now = options.now;
  }

  /** `trace messages|shortmessages on` for a file that was off at start: it starts now. */
  attach(kind: 'full' | 'short', file: TraceTextTarget): void {
    if (kind === 'full') this.full ??= file;
    else this.short ??= file;
  }

  /** A message sent or received; `raw` is lent, so it is copied here. */
  record(event: MessageEvent, protocol: TracedProtocol, raw: Buffer): void {
    if (this.isClosed) return;
    const full = this.fullOn && this.full !== undefined;
    const short = this.shortOn && this.short !== undefined;
    if (!full && !short) return;
    this.records.push({ event, atMs: this.now(), protocol, raw: Buffer.from(raw), full, short });
  }

  /** Formats the records so far into the files' queues and writes them. */
  flush(): void {
    const records = this.records;
    this.records = [];
    const full = this.full;
    const short = this.short;
    for (const r of records) {
      if (r.full) full?.write(messageBlock(r.event, r.atMs, r.protocol, r.raw));
      if (r.short && short !== undefined && r.event !== MessageEvent.Unexpected)
        short.write(shortMessageLine(r.event, r.atMs, r.raw));
    }
    full?.flush();
    short?.flush();
  }

  close(): void {
    if (this.isClosed) return;
    this.flush();
    this.isClosed = true;
  }
}
