/**
 * Every trace file of one run (docs/traces.md), built from RunConfig.traces: the engine's
 * TraceSink (carrying only the hooks some file needs, so an untraced run pays nothing for the
 * others), the periodic CSV rows (`-trace_stat`, `-trace_counts`, `-trace_error_codes`, one row
 * per `-fd`), and close(), which writes the final rows and the `-trace_screen` dump and flushes
 * every file. The front-end calls close() on every way a run ends.
 *
 * File names are SIPp's (docs/traces.md): `<scenario>_<pid>_<kind>.<ext>` in the working
 * directory, unless a `-X_file` flag names one.
 */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TraceConfig } from '../config/index.ts';
import { NULL_TRACE_SINK } from '../engine/index.ts';
import type { TraceSink } from '../engine/index.ts';
import type { Command } from '../scenario/index.ts';
import { PeriodTracker } from '../stats/index.ts';
import type { StatsSnapshot } from '../stats/index.ts';
import type { CancelTimer } from './error-log.ts';
import { ErrorLog } from './error-log.ts';
import { CallDebugTrace } from './trace-calldebug.ts';
import { formatSippDuration, formatSippTimestamp } from './sipp-format.ts';
import { countsColumns, countsHeader, countsRow } from './trace-counts.ts';
import { TraceFile } from './trace-file.ts';
import type { TraceFileOptions } from './trace-file.ts';
import { CONTROL_PROTOCOL, MessageEvent, MessageTrace } from './trace-messages.ts';
import { cppDouble, statCsvHeader, statCsvRow, statCsvShape } from './trace-stat.ts';
import type { StatCsvShape } from './trace-stat.ts';

export interface TraceSetOptions {
  readonly traces: TraceConfig;
  /** `-fd`: the period of the CSV rows (unused by abandon-only sets). */
  readonly statsPeriodMs: number;
  /** The scenario's file stem and steps (trace names, the counts columns). */
  readonly stem: string;
  readonly commands: readonly Command[];
  /** `-lost` is in use: every counts step gets a Lost column. */
  readonly globalLost?: boolean;
  readonly pid: number;
  readonly cwd: string;
  /** Wall clock, epoch ms with a µs fraction. */
  readonly now?: () => number;
  /** Timer injection for tests; the default is an unref'd setTimeout. */
  readonly schedule?: (fn: () => void, ms: number) => CancelTimer;
}

/** The logs `trace <log> on|off` switches (SIPp's names). */
export type TraceLog = 'error' | 'logs' | 'messages' | 'shortmessages';

/** The per-message files a `-threads` shard formats and sends to the main thread. */
export type ShardTraceFile = 'messages' | 'shortmessages' | 'logs';

/** What the periodic rows need besides the statistics. */
export interface TraceRowInput {
  /** Cumulative statistics (Run.snapshot()). */
  readonly snapshot: StatsSnapshot;
  /** `-r` now (users in `-users` mode): the stat file's TargetRate. */
  readonly targetRate: number;
}

function defaultNow(): number {
  return performance.timeOrigin + performance.now();
}

const FLUSH_MS = 200;

/** `<stem>_<pid>_<kind>` file names, or the user's. */
function tracePath(o: TraceSetOptions, kind: string, given?: string): string {
  return path.resolve(o.cwd, given ?? `${o.stem}_${o.pid}_${kind}`);
}

export class TraceSet {
  readonly errorLog: ErrorLog | undefined;
  readonly errorLogPath: string | undefined;
  /** What the engine reports to. */
  readonly sink: TraceSink;
  /** Every file this set writes, for messages and tests. */
  readonly paths: string[] = [];
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => CancelTimer;
  private readonly files: TraceFile[] = [];
  private messages: MessageTrace | undefined;
  /** The `-trace_msg` / `-trace_shortmsg` files themselves (shards' text goes straight in). */
  private fullFile: TraceFile | undefined;
  private shortFile: TraceFile | undefined;
  private messageTimer: CancelTimer | undefined;
  private logs: TraceFile | undefined;
  private readonly callDebug: CallDebugTrace | undefined;
  /** `trace <log> on|off` (docs/runtime-control.md): the switches of the error and logs files. */
  private errorsOn = true;
  private logsOn = true;
  private readonly screen: TraceFile | undefined;
  private readonly stat: TraceFile | undefined;
  private statShape: StatCsvShape | undefined;
  private readonly statTracker = new PeriodTracker();
  private statRepartitionBase: { rtds: number[][]; callLength: number[] } | undefined;
  private readonly counts: TraceFile | undefined;
  private readonly countsCols: ReturnType<typeof countsColumns>;
  private readonly errorCodes: TraceFile | undefined;
  private codes: number[] = [];
  private readonly rtt: TraceFile | undefined;
  private rttRows: string[] = [];
  private readonly rttFreq: number;
  private startMs: number;
  private isStarted = false;
  private isClosed = false;

  constructor(private readonly options: TraceSetOptions) {
    const t = options.traces;
    this.now = options.now ?? defaultNow;
    this.schedule = options.schedule ?? defaultSchedule;
    this.startMs = this.now();
    this.rttFreq = Math.max(1, t.rttFreq ?? 200);
    const open = (kind: string, given: string | undefined, extra: Partial<TraceFileOptions>) =>
      this.open(kind, given, extra);
    const rotating = this.rotating();
    if (t.errors) {
      this.errorLogPath = tracePath(options, 'errors.log', t.errorFile);
      this.paths.push(this.errorLogPath);
      // Through a TraceFile, so -max_log_size and the ring buffer apply to it as in SIPp; lazy:
      // no error, no file.
      const file = new TraceFile({
        path: this.errorLogPath,
        append: t.errorAppend,
        lazy: true,
        maxBytes: t.maxLogBytes,
        ...rotating,
        now: this.now,
      });
      this.errorLog = new ErrorLog({
        target: {
          write: (text) => {
            file.write(text);
            file.flush();
          },
          close: () => file.close(),
        },
        now: this.now,
        schedule: options.schedule,
      });
    }
    const full = t.messages
      ? open('messages.log', t.messageFile, { append: t.messageAppend, ...rotating })
      : undefined;
    const short = t.shortMessages
      ? open('shortmessages.log', t.shortMessageFile, {
          append: t.shortMessageAppend,
          ...rotating,
        })
      : undefined;
    if (full || short) this.messages = new MessageTrace({ full, short, now: this.now });
    this.fullFile = full;
    this.shortFile = short;
    if (t.logs) {
      this.logs = open('logs.log', t.logFile, { append: t.logAppend, lazy: true, ...rotating });
    }
    if (t.callDebug) {
      const file = open('calldebug.log', t.callDebugFile, {
        append: t.callDebugAppend,
        ...rotating,
      });
      this.callDebug = new CallDebugTrace(file, this.now);
    }
    if (t.screen)
      this.screen = open('screen.log', t.screenFile, { append: t.screenAppend, maxBytes: 0 });
    if (t.stat) this.stat = open('.csv', t.statFile, { maxBytes: 0 });
    this.countsCols = countsColumns(options.commands, options.globalLost === true);
    if (t.counts) this.counts = open('counts.csv', undefined, { maxBytes: 0 });
    if (t.errorCodes) this.errorCodes = open('error_codes.csv', undefined, { maxBytes: 0 });
    if (t.rtt) this.rtt = open('rtt.csv', undefined, { lazy: true, maxBytes: 0 });
    this.sink = this.buildSink();
  }

  /** The first rows (SIPp writes one as the run starts). */
  start(input: TraceRowInput): void {
    this.isStarted = true;
    this.startMs = input.snapshot.startedAtMs;
    this.rows(input);
  }

  /** One row per CSV, for the `-fd` period that just ended. */
  period(input: TraceRowInput): void {
    if (!this.isStarted || this.isClosed) return;
    this.rows(input);
  }

  /**
   * The run is over: the final rows (SIPp writes two: the last period's, then an empty one),
   * the screen dump, then every file flushed and closed. Rejects with FILE_IO when a write
   * failed, after closing everything.
   */
  async close(final?: TraceRowInput & { readonly screen?: readonly string[] }): Promise<void> {
    if (this.isClosed) return;
    let failure: unknown;
    try {
      if (final !== undefined && this.isStarted) {
        this.rows(final);
        this.rows(final);
      }
      if (final?.screen !== undefined) this.screen?.write(final.screen.join('\n') + '\n');
    } catch (err) {
      failure = err;
    }
    this.isClosed = true;
    this.messageTimer?.();
    this.messages?.close();
    this.flushRtt();
    for (const f of this.files) {
      try {
        f.close();
      } catch (err) {
        failure ??= err;
      }
    }
    try {
      await this.errorLog?.close();
    } catch (err) {
      failure ??= err;
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * `s`, SIGUSR2: the screens written to the `-trace_screen` file now, as sipp does (appended
   * after what is already there). False when there is no screen file.
   */
  dumpScreens(lines: readonly string[]): boolean {
    if (this.screen === undefined || this.isClosed) return false;
    this.screen.write(lines.join('\n') + '\n');
    this.screen.flush();
    return true;
  }

  /**
   * `trace <log> on|off`: stops or resumes writing a trace file. `on` for a file whose flag was
   * not given at start opens it now under its usual name, as sipp does; for the message files
   * `retrace` then makes the engine take the new hooks (absent: it cannot, the answer is a
   * warning). `error` can only be switched when `-trace_err` was given (the error log is wired
   * into the run at start). Returns the warning to show, if any.
   */
  setTrace(log: TraceLog, on: boolean, retrace?: () => void): string | undefined {
    const flag = TRACE_FLAGS[log];
    const missing = `trace ${log} ${on ? 'on' : 'off'}: start the run with ${flag} to switch it`;
    if (this.isClosed) return undefined;
    const t = this.options.traces;
    switch (log) {
      case 'error':
        if (this.errorLog === undefined) return on ? missing : undefined;
        this.errorsOn = on;
        return undefined;
      case 'logs':
        // The engine calls the log hook only for `<log>` actions, so it is always there; not
        // in -threads shards (no `retrace`), whose hooks are fixed at start.
        if (this.logs === undefined && on) {
          if (retrace === undefined) return missing;
          this.logs = this.open('logs.log', t.logFile, { append: t.logAppend, ...this.rotating() });
        }
        this.logsOn = on;
        return undefined;
      case 'messages':
      case 'shortmessages': {
        const kind = log === 'messages' ? 'full' : 'short';
        const given = log === 'messages' ? t.messages === true : t.shortMessages === true;
        if (!given && !this.lateMessages.has(kind)) {
          if (!on) return undefined;
          if (retrace === undefined) return missing;
          this.startMessages(kind, retrace);
        }
        const m = this.messages as MessageTrace;
        if (kind === 'full') m.fullOn = on;
        else m.shortOn = on;
        return undefined;
      }
    }
  }

  /** The message files switched on at run time. */
  private readonly lateMessages = new Set<'full' | 'short'>();

  private startMessages(kind: 'full' | 'short', retrace: () => void): void {
    const t = this.options.traces;
    const file =
      kind === 'full'
        ? this.open('messages.log', t.messageFile, { append: t.messageAppend, ...this.rotating() })
        : this.open('shortmessages.log', t.shortMessageFile, {
            append: t.shortMessageAppend,
            ...this.rotating(),
          });
    this.lateMessages.add(kind);
    if (kind === 'full') this.fullFile = file;
    else this.shortFile = file;
    const isNew = this.messages === undefined;
    const messages = this.messages ?? new MessageTrace({ now: this.now });
    messages.attach(kind, file);
    if (kind === 'full' && isNew) messages.shortOn = false;
    if (kind === 'short' && isNew) messages.fullOn = false;
    this.messages = messages;
    if (isNew) {
      this.installMessageHooks(this.sink, messages);
      retrace();
    }
  }

  private open(kind: string, given: string | undefined, extra: Partial<TraceFileOptions>) {
    const o = this.options;
    const file = new TraceFile({
      path: tracePath(o, kind, given),
      maxBytes: o.traces.maxLogBytes,
      schedule: o.schedule,
      now: this.now,
      ...extra,
    });
    this.files.push(file);
    this.paths.push(file.path);
    if (extra.append === true) this.appended.add(file);
    return file;
  }

  /** SIPp rotates and caps the message, short message, log and call debug files. */
  private rotating(): Partial<TraceFileOptions> {
    const t = this.options.traces;
    return { rotateBytes: t.ringbufferBytes, keepRotated: t.ringbufferFiles };
  }

  /**
   * `-threads`: text a shard formatted for one of the per-message files (the shard's own
   * MessageTrace and `<log>` hook format it on its thread; the file is this set's). Batches
   * arrive a few times a second per shard, so lines of different shards interleave by batch.
   * Dropped while `trace <log> off` holds the file.
   */
  appendShardText(file: ShardTraceFile, text: string): void {
    if (this.isClosed) return;
    const target =
      file === 'messages'
        ? this.messages?.fullOn === false
          ? undefined
          : this.fullFile
        : file === 'shortmessages'
          ? this.messages?.shortOn === false
            ? undefined
            : this.shortFile
          : this.logsOn
            ? this.logs
            : undefined;
    if (target === undefined) return;
    target.write(text);
    target.flush();
  }

  /**
   * The run never started (the engine refused the scenario): `text` goes to the errors file as
   * SIPp writes a load error there, and the files this set created empty are removed, since
   * sipp opens its trace files only once the scenario has loaded.
   */
  async abandon(text: string): Promise<void> {
    this.errorLog?.error(text);
    try {
      await this.close();
    } finally {
      for (const f of this.files) removeIfEmpty(f.path, this.appended.has(f));
    }
  }

  private readonly appended = new Set<TraceFile>();

  private rows(input: TraceRowInput): void {
    const view = this.statTracker.view(input.snapshot);
    if (this.stat !== undefined) this.statRow(view, input.targetRate);
    this.statTracker.startPeriod(input.snapshot);
    const s = input.snapshot;
    if (this.counts !== undefined) {
      if (!this.countsHeaderDone) this.counts.write(countsHeader(this.countsCols));
      this.countsHeaderDone = true;
      this.counts.write(countsRow(this.countsCols, s));
      this.counts.flush();
    }
    if (this.errorCodes !== undefined) {
      const elapsed = formatSippDuration(Math.round(s.takenAtMs - s.startedAtMs));
      const codes = this.codes.map((c) => `${c},`).join('');
      this.codes = [];
      this.errorCodes.write(`${formatSippTimestamp(s.takenAtMs)};${elapsed};${codes}\n`);
      this.errorCodes.flush();
    }
  }

  private countsHeaderDone = false;

  private statRow(view: StatsSnapshot, targetRate: number): void {
    const file = this.stat as TraceFile;
    const delimiter = this.options.traces.statDelimiter ?? ';';
    let shape = this.statShape;
    if (shape === undefined) {
      shape = statCsvShape(view);
      this.statShape = shape;
      file.write(statCsvHeader(shape, delimiter));
    }
    let repartitions: { rtds: number[][]; callLength: number[] } | undefined;
    if (this.options.traces.periodicRtd) {
      // -periodic_rtd: the repartition columns count the period only.
      const now = {
        rtds: view.rtds.map((r) => [...r.repartition]),
        callLength: [...view.callLength.repartition],
      };
      const base = this.statRepartitionBase;
      repartitions =
        base === undefined
          ? now
          : {
              rtds: now.rtds.map((r, i) => minus(r, base.rtds[i])),
              callLength: minus(now.callLength, base.callLength),
            };
      this.statRepartitionBase = now;
    }
    file.write(statCsvRow(shape, { snapshot: view, targetRate, repartitions }, delimiter));
    file.flush();
  }

  private buildSink(): TraceSink {
    const base: TraceSink = this.errorLog ?? NULL_TRACE_SINK;
    // sipp 3.6.1 creates its (empty) logs file when the first error is reported.
    const logs = this.logs;
    const sink: TraceSink = {
      error: (text) => {
        logs?.create();
        if (this.errorsOn) base.error(text);
      },
      malformed: (raw, from, reason) => {
        if (this.errorsOn) base.malformed(raw, from, reason);
      },
      warning: (text) => {
        logs?.create();
        if (this.errorsOn) base.warning(text);
      },
    };
    const messages = this.messages;
    const debug = this.callDebug;
    if (messages !== undefined || debug !== undefined) this.installMessageHooks(sink, messages);
    if (debug !== undefined) {
      sink.callStarted = (callId) => debug.started(callId);
      sink.callAborting = (callId, index) => debug.aborting(callId, index);
      sink.callEnded = (callId, failed) => debug.ended(callId, failed);
      sink.callNote = (callId, text) => debug.note(callId, text);
    }
    const tracesFull = this.options.traces.messages === true;
    const codes = this.errorCodes !== undefined;
    if ((messages !== undefined && tracesFull) || codes || debug !== undefined) {
      sink.unexpectedMessage = (raw, statusCode, via) => {
        if (tracesFull) messages?.record(MessageEvent.Unexpected, via.protocol, raw);
        if (codes && statusCode > 0) this.codes.push(statusCode);
        debug?.unexpected(raw, via.protocol);
      };
    }
    // Always there (`trace logs on` may open the file late); called only by `<log>` actions.
    sink.log = (text) => {
      if (this.logsOn) this.logs?.write(`${text}\n`);
    };
    if (this.rtt !== undefined) {
      sink.responseTime = (name, ms) => {
        if (this.isClosed) return;
        this.rttRows.push(`${cppDouble(this.now() - this.startMs)};${cppDouble(ms)};${name}\n`);
        if (this.rttRows.length >= this.rttFreq) this.flushRtt();
      };
    }
    return sink;
  }

  private installMessageHooks(sink: TraceSink, messages: MessageTrace | undefined): void {
    const debug = this.callDebug;
    sink.messageSent = (raw, _to, via) => {
      debug?.sent(raw, via.protocol);
      if (messages === undefined) return;
      messages.record(MessageEvent.Sent, via.protocol, raw);
      this.armMessages();
    };
    sink.messageReceived = (raw, _from, via) => {
      debug?.received(raw);
      if (messages === undefined) return;
      messages.record(MessageEvent.Received, via.protocol, raw);
      this.armMessages();
    };
    if (messages === undefined) return;
    sink.commandSent = (raw) => {
      messages.record(MessageEvent.Sent, CONTROL_PROTOCOL, raw);
      this.armMessages();
    };
    sink.commandReceived = (raw) => {
      messages.record(MessageEvent.Received, CONTROL_PROTOCOL, raw);
      this.armMessages();
    };
  }

  private flushRtt(): void {
    const file = this.rtt;
    if (file === undefined || this.rttRows.length === 0) return;
    if (!this.rttHeaderDone) file.write('Date_ms;response_time_ms;rtd_no\n');
    this.rttHeaderDone = true;
    for (const row of this.rttRows) file.write(row);
    this.rttRows = [];
    file.flush();
  }

  private rttHeaderDone = false;

  private armMessages(): void {
    if (this.messageTimer !== undefined) return;
    this.messageTimer = this.schedule(() => {
      this.messageTimer = undefined;
      this.messages?.flush();
    }, FLUSH_MS);
  }
}

/** The flag that turns each switchable log on at start (SIPp's names). */
const TRACE_FLAGS: Record<TraceLog, string> = {
  error: '-trace_err',
  logs: '-trace_logs',
  messages: '-trace_msg',
  shortmessages: '-trace_shortmsg',
};

/**
 * A scenario that failed to load never gets a TraceSet: with `-trace_err` its error is written
 * to the errors file alone (`<stem>_<pid>_errors.log`), as sipp does.
 */
export async function traceLoadError(
  options: Pick<TraceSetOptions, 'traces' | 'stem' | 'pid' | 'cwd' | 'now'>,
  text: string,
): Promise<void> {
  if (!options.traces.errors) return;
  const errorsOnly: TraceConfig = {
    errors: true,
    errorFile: options.traces.errorFile,
    errorAppend: options.traces.errorAppend,
  };
  const set = new TraceSet({ ...options, traces: errorsOnly, statsPeriodMs: 0, commands: [] });
  await set.abandon(text);
}

function removeIfEmpty(file: string, appended: boolean): void {
  if (appended) return;
  try {
    if (statSync(file).size === 0) rmSync(file);
  } catch {
    // Already gone, or never created (lazy files).
  }
}

function minus(now: readonly number[], base: readonly number[] | undefined): number[] {
  return now.map((v, i) => v - (base?.[i] ?? 0));
}

function defaultSchedule(fn: () => void, ms: number): CancelTimer {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
}
