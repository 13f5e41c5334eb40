/**
 * One trace file (`-trace_msg`, `-trace_shortmsg`, `-trace_logs`, the CSVs...): text is queued
 * in memory and written with one synchronous write per flush (every `flushIntervalMs` and at
 * close), so whoever traces only pays for a string push and every exit path that reaches
 * close() (normal end, SIGINT, -timeout, a fatal error) leaves the whole file on disk.
 *
 * SIPp's file rules (sipp.cpp, checked against sipp 3.6.1):
 *   - the file is truncated at start, or appended to with `-X_overwrite false`;
 *   - some files exist from the start even when empty (messages, stat...), others only once
 *     something is written (errors, logs, rtt): `lazy`;
 *   - `-max_log_size`: once a file has passed that many bytes it is closed and written no more;
 *   - `-ringbuffer_size` / `-ringbuffer_files`: once past the size the file is renamed to
 *     `<name>_<epoch>[.<serial>]<ext>`, a fresh one started, and only the newest N renamed
 *     copies kept.
 * Text is written as latin1, so SIP bytes come back out as they went in.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { GossipperError } from '../errors.ts';
import type { CancelTimer } from './error-log.ts';

export interface TraceFileOptions {
  readonly path: string;
  /** `-X_overwrite false`: append to an existing file instead of truncating it. */
  readonly append?: boolean;
  /** Create the file on the first write rather than at open (SIPp's errors/logs/rtt files). */
  readonly lazy?: boolean;
  /** `-max_log_size`: stop writing once the file passed this many bytes (0 = no limit). */
  readonly maxBytes?: number;
  /** `-ringbuffer_size`: rotate once the file passed this many bytes (0 = never). */
  readonly rotateBytes?: number;
  /** `-ringbuffer_files`: rotated copies kept (SIPp keeps them all when 0). */
  readonly keepRotated?: number;
  readonly flushIntervalMs?: number;
  /** Timer injection for tests; the default is an unref'd setTimeout. */
  readonly schedule?: (fn: () => void, ms: number) => CancelTimer;
  /** Wall clock (epoch ms) for rotated names. */
  readonly now?: () => number;
}

function defaultSchedule(fn: () => void, ms: number): CancelTimer {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
}

export class TraceFile {
  readonly path: string;
  private queue: string[] = [];
  private fd: number | undefined;
  /** Bytes in the current file since it was opened or rotated (SIPp's lfi->count). */
  private written = 0;
  private stopped = false;
  private isClosed = false;
  private hasOpened = false;
  private failure: unknown;
  private cancelTimer: CancelTimer | undefined;
  private readonly rotated: string[] = [];
  private readonly schedule: (fn: () => void, ms: number) => CancelTimer;
  private readonly flushIntervalMs: number;

  constructor(private readonly options: TraceFileOptions) {
    this.path = options.path;
    this.schedule = options.schedule ?? defaultSchedule;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    if (!options.lazy) this.open();
  }

  /** Queues `text` (one entry: rotation and size limits apply between entries). */
  write(text: string): void {
    if (this.isClosed || this.stopped) return;
    this.queue.push(text);
    if (this.cancelTimer === undefined) {
      this.cancelTimer = this.schedule(() => {
        this.cancelTimer = undefined;
        this.flush();
      }, this.flushIntervalMs);
    }
  }

  /** Creates a lazy file now, empty (SIPp's logs file appears with the first error). */
  create(): void {
    if (this.isClosed || this.stopped || this.hasOpened) return;
    try {
      this.open();
    } catch (err) {
      this.failure ??= err;
      this.stopped = true;
    }
  }

  /** Writes what is queued. A failure is kept for close() to report; tracing goes on without it. */
  flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.queue.length === 0) return;
    const entries = this.queue;
    this.queue = [];
    try {
      this.writeEntries(entries);
    } catch (err) {
      this.failure ??= err;
      this.stopped = true;
    }
  }

  /** Flushes and closes; throws FILE_IO naming the file if any write failed. */
  close(): void {
    if (this.isClosed) return;
    this.flush();
    this.isClosed = true;
    this.closeFd();
    if (this.failure !== undefined) {
      const why = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new GossipperError('FILE_IO', `${this.path}: write failed: ${why}`);
    }
  }

  private writeEntries(entries: string[]): void {
    const maxBytes = this.options.maxBytes ?? 0;
    const rotateBytes = this.options.rotateBytes ?? 0;
    if (maxBytes === 0 && rotateBytes === 0) {
      this.put(entries.join(''));
      return;
    }
    let chunk = '';
    for (const entry of entries) {
      chunk += entry;
      this.written += entry.length;
      if (maxBytes > 0 && this.written > maxBytes) {
        this.put(chunk, false);
        this.stopped = true;
        this.closeFd();
        return;
      }
      if (rotateBytes > 0 && this.written > rotateBytes) {
        this.put(chunk, false);
        chunk = '';
        this.rotate();
      }
    }
    if (chunk !== '') this.put(chunk, false);
  }

  private put(text: string, count = true): void {
    if (this.fd === undefined) this.open();
    const buf = Buffer.from(text, 'latin1');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd as number, buf, off);
    if (count) this.written += buf.length;
  }

  private open(): void {
    // Only the first open may append: a file started again after a rotation is a new one.
    const append = this.options.append === true && !this.hasOpened;
    this.fd = openSync(this.path, append ? 'a' : 'w');
    this.hasOpened = true;
    this.written = 0;
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private rotate(): void {
    this.closeFd();
    const target = this.rotatedName();
    renameSync(this.path, target);
    this.rotated.push(target);
    const keep = this.options.keepRotated ?? 0;
    while (keep > 0 && this.rotated.length > keep) rmSync(this.rotated.shift() as string);
    this.open();
  }

  /** `<name>_<epoch>[.<serial>]<ext>`: SIPp's rotated name, with a serial within one second. */
  private rotatedName(): string {
    const now = this.options.now ?? Date.now;
    const epoch = Math.floor(now() / 1000);
    const dot = this.path.lastIndexOf('.');
    const slash = this.path.lastIndexOf('/');
    const hasExt = dot > slash + 1;
    const stem = hasExt ? this.path.slice(0, dot) : this.path;
    const ext = hasExt ? this.path.slice(dot) : '';
    let name = `${stem}_${epoch}${ext}`;
    for (let serial = 1; existsSync(name); serial++) name = `${stem}_${epoch}.${serial}${ext}`;
    return name;
  }
}
