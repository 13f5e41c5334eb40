/**
 * `-trace_err`: SIPp's error log (SIPp's docs, "Error messages"). The first line is
 * `The following events occurred:`, then one entry per event,
 * `<YYYY-MM-DD>\t<HH:MM:SS.usec>\t<epoch.usec>: <text>`. Entries are queued in memory and
 * written with one write per flush (every ~200 ms and on close), so the engine's hot path only
 * pays for a string push. Counting malformed input is the engine's job, not this sink's.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { TraceSink } from '../engine/index.ts';
import { GossipperError } from '../errors.ts';
import type { RemoteAddress } from '../transport/index.ts';
import { formatSippTimestamp } from './sipp-format.ts';

/** Where flushed text goes: a file stream in production, an array in tests. */
export interface ErrorLogTarget {
  write(text: string): void | Promise<unknown>;
  close?(): void | Promise<unknown>;
}

/** Cancels a scheduled flush. */
export type CancelTimer = () => void;

export interface ErrorLogOptions {
  readonly target: ErrorLogTarget;
  /** Wall clock, epoch ms with a µs fraction. */
  readonly now?: () => number;
  readonly flushIntervalMs?: number;
  /** Longest excerpt of a malformed datagram, in bytes. */
  readonly maxExcerptBytes?: number;
  /** Timer injection for tests; the default is an unref'd setTimeout. */
  readonly schedule?: (fn: () => void, ms: number) => CancelTimer;
  /**
   * SIPp writes no line break between entries (its file reads `...'2026-11-29\t...` after a
   * quoted message, see test/output/sipp-samples/trace_client_errors.log.head). We end each entry
   * with `\n` unless this asks for SIPp's exact bytes.
   */
  readonly sippExact?: boolean;
}

export const ERROR_LOG_HEADER = 'The following events occurred:\n';

function defaultNow(): number {
  return performance.timeOrigin + performance.now();
}

function defaultSchedule(fn: () => void, ms: number): CancelTimer {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
}

export class ErrorLog implements TraceSink {
  /** The header goes before the first entry: no entry, no file (as SIPp's errors file). */
  private queue: string[] = [];
  private hasHeader = false;
  private cancelTimer: CancelTimer | undefined;
  private writing: Promise<unknown> = Promise.resolve();
  private failure: unknown;
  private isClosed = false;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => CancelTimer;
  private readonly flushIntervalMs: number;
  private readonly maxExcerptBytes: number;
  private readonly separator: string;

  constructor(private readonly options: ErrorLogOptions) {
    this.now = options.now ?? defaultNow;
    this.schedule = options.schedule ?? defaultSchedule;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxExcerptBytes = options.maxExcerptBytes ?? 256;
    this.separator = options.sippExact ? '' : '\n';
  }

  error(text: string): void {
    this.entry(text);
  }

  warning(text: string): void {
    this.entry(text);
  }

  /** Entries already formatted elsewhere (a shard's own error log), queued as they are. */
  appendFormatted(text: string): void {
    if (this.isClosed) return;
    this.header();
    this.queue.push(text);
    this.arm();
  }

  malformed(raw: Buffer, from: RemoteAddress, reason: string): void {
    const excerpt = printableExcerpt(raw, this.maxExcerptBytes);
    const more = raw.length > this.maxExcerptBytes ? `... (${raw.length} bytes)` : '';
    this.entry(
      `Discarding malformed message from ${formatAddress(from)} (${reason}): '${excerpt}'${more}`,
    );
  }

  /** Writes everything queued so far with one write; resolves when the target has it. */
  flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.queue.length > 0) {
      const text = this.queue.join('');
      this.queue = [];
      this.writing = this.writing
        .then(() => this.options.target.write(text))
        .catch((err) => {
          this.failure ??= err;
        });
    }
    return this.writing.then(() => undefined);
  }

  /** Flushes, closes the target and rejects with FILE_IO if any write failed. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.flush();
    try {
      await this.options.target.close?.();
    } catch (err) {
      this.failure ??= err;
    }
    if (this.failure !== undefined) {
      const why = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new GossipperError('FILE_IO', `error log: write failed: ${why}`);
    }
  }

  private entry(text: string): void {
    if (this.isClosed) return;
    this.header();
    this.queue.push(`${formatSippTimestamp(this.now())}: ${text}${this.separator}`);
    this.arm();
  }

  private header(): void {
    if (this.hasHeader) return;
    this.hasHeader = true;
    this.queue.push(ERROR_LOG_HEADER);
  }

  private arm(): void {
    if (this.cancelTimer !== undefined) return;
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = undefined;
      void this.flush();
    }, this.flushIntervalMs);
  }
}

function formatAddress(from: RemoteAddress): string {
  return from.address.includes(':')
    ? `[${from.address}]:${from.port}`
    : `${from.address}:${from.port}`;
}

/**
 * The first `maxBytes` bytes as text: printable ASCII, CR, LF and TAB as they are (so a broken
 * SIP message still reads like one), anything else as `\xNN`.
 */
export function printableExcerpt(raw: Buffer, maxBytes: number): string {
  const end = Math.min(raw.length, maxBytes);
  let out = '';
  for (let i = 0; i < end; i++) {
    const b = raw[i];
    if ((b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x09)
      out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * A target writing to a file (`-trace_err`): truncated first, unless `append` is set. The file is
 * created by the first write, so a run without errors leaves none (sipp 3.6.1 does the same).
 */
export function fileErrorLogTarget(path: string, append = false): ErrorLogTarget {
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  const open = (): WriteStream => {
    const s = createWriteStream(path, { flags: append ? 'a' : 'w' });
    s.on('error', (err) => {
      failure ??= err;
    });
    return s;
  };
  return {
    write(text) {
      if (failure) throw failure;
      const out = (stream ??= open());
      return new Promise<void>((resolve, reject) => {
        out.write(text, (err) => (err ? reject(err) : resolve()));
      });
    },
    close() {
      const out = stream;
      if (out === undefined) return undefined;
      return new Promise<void>((resolve, reject) => {
        out.end(() => (failure ? reject(failure) : resolve()));
      });
    },
  };
}
