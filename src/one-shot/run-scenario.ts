/**
 * The one-shot run behind `gossipper [sipp] -sn/-sf ...`: load the scenario, start a Run, show
 * the screen (TTY) or periodic summary lines, react to signals and keys, print the final
 * statistics and return SIPp's exit code.
 */
import { basename } from 'node:path';
import type { RunConfig } from '../config/index.ts';
import { MONOTONIC_CLOCK } from '../engine/index.ts';
import { GossipperError, ScenarioError } from '../errors.ts';
import { EXIT_FATAL } from '../exit-codes.ts';
import type { HepExport } from '../export/index.ts';
import type { Io } from '../io.ts';
import {
  RunResults,
  TraceSet,
  endReasonOf,
  errorSummaryText,
  finalReport,
  screenDump,
  screenTraceLines,
  socketBuffersText,
  summaryHtmlFromReport,
  traceLoadError,
} from '../output/index.ts';
import type { TraceRowInput } from '../output/index.ts';
import { Run, loadOutOfCallScenarioFor, loadScenarioFor, startSystemTicker } from '../run/index.ts';
import type { RunHandle } from '../run/index.ts';
import { ShardedRun } from '../shard/index.ts';
import { PeriodTracker } from '../stats/index.ts';
import { startDisplay } from './display.ts';
import { startRuntimeControl } from './control-session.ts';
import { LoadMonitor } from './load-monitor.ts';
import { screenInfoFor } from './screen-info.ts';

/** What a caller adds once the run has started (main.ts: the `-api_addr` API, src/server/). */
export interface RunScenarioHooks {
  /** Called once traffic started; the function it returns is awaited when the run ends. */
  onStarted?(run: RunHandle): Promise<() => Promise<void>>;
}

/** Runs one scenario to completion and returns SIPp's exit code for it. */
export async function runScenario(
  config: RunConfig,
  io: Io,
  hooks: RunScenarioHooks = {},
): Promise<number> {
  let scenario: ReturnType<typeof loadScenarioFor>;
  let ooc: ReturnType<typeof loadOutOfCallScenarioFor>;
  try {
    scenario = loadScenarioFor(config);
    // Load-time warnings (what SIPp accepts in silence), once; Run loads the -oocsf one again.
    ooc = loadOutOfCallScenarioFor(config);
  } catch (err) {
    // SIPp writes a scenario that does not load to its errors file (-trace_err), and nothing else.
    const stem = scenarioStem(config);
    await traceLoadError({ traces: config.traces, stem, pid: process.pid, cwd: io.cwd }, text(err));
    throw err;
  }
  for (const warning of [...scenario.warnings, ...(ooc?.warnings ?? [])]) {
    io.stderr.write(`gossipper: warning: ${warning}\n`);
  }
  // -hep_addr (docs/hep.md): opened before any file, so a collector that does not resolve is a
  // plain usage error; closed (flushed) in the finally below.
  const hep = await startHep(config);
  // Every trace file (docs/traces.md); the finally below closes them on every way out.
  const traces = new TraceSet({
    traces: config.traces,
    statsPeriodMs: config.statsPeriodMs,
    stem: scenario.fileStem,
    commands: scenario.commands,
    globalLost: config.lostPercent > 0,
    pid: process.pid,
    cwd: io.cwd,
  });
  const errorLog = traces.errorLog;
  const errorLogPath = traces.errorLogPath;
  // -summary_json, gates, -call_records_jsonl (docs/results.md); finished on every way out.
  const results = RunResults.create(
    config,
    summaryHtmlFromReport(() => import('../report/index.ts')),
  );
  if (results !== undefined && config.threads > 1 && config.results.callRecords !== undefined) {
    await traces.abandon('-call_records_jsonl is not available with -threads yet');
    throw new GossipperError(
      'CONFIG_INVALID',
      '-call_records_jsonl is not available with -threads yet',
      'run it with one thread',
    );
  }
  // -threads N: the same run on N worker threads, statistics merged here (shard/).
  // The engine's sink: traces, call records (-call_records_jsonl), HEP mirroring.
  const sink = results?.hookSink(traces.sink) ?? traces.sink;
  if (hep !== undefined) results?.countHep(() => hep.counts());
  let run: RunHandle;
  try {
    run =
      config.threads > 1
        ? new ShardedRun(config, scenario, {
            onTraceText: errorLog ? (line) => errorLog.appendFormatted(line) : undefined,
            onHepCounts: hep?.addShardCounts,
            onTraceFileText: (file, text) => traces.appendShardText(file, text),
          })
        : new Run(config, scenario, {
            clock: MONOTONIC_CLOCK,
            trace: hep?.hookSink(sink) ?? sink,
            rtcpTap: hep?.rtcpTap,
            mediaReport: hep?.mediaReport,
            pid: process.pid,
            startTicker: (tick, options) => startSystemTicker(tick, 1, options),
          });
  } catch (err) {
    // The engine refused the scenario: as a load error (errors file only, no empty files).
    await traces.abandon(text(err));
    throw err;
  }
  const cleanups: Array<() => void> = [];
  // The display's periods; the final report's periodic columns continue its last one.
  const periods = new PeriodTracker();
  let isStarted = false;
  const traceRow = (): TraceRowInput => ({
    snapshot: run.snapshot(),
    targetRate: run.status().rate,
  });
  try {
    // -sleep: SIPp waits before its first call; nothing is bound or sent meanwhile.
    if (config.sleepMs > 0) await new Promise((r) => setTimeout(r, config.sleepMs));
    try {
      await run.start();
    } catch (err) {
      // The engine compiles the scenario as the run starts: a refusal there is a load error
      // (errors file, no empty files). Other start failures (a socket that cannot be bound)
      // keep the files, as in sipp, with the error in the errors file.
      if (refusesScenario(err)) await traces.abandon(text(err));
      else errorLog?.error(text(err));
      throw err;
    }
    isStarted = true;
    traces.start(traceRow());
    results?.start(run);
    if (hooks.onStarted) {
      const close = await hooks.onStarted(run).catch((err: unknown) => {
        run.stop();
        throw err;
      });
      cleanups.push(() => void close());
    }
    const statTimer = setInterval(() => traces.period(traceRow()), config.statsPeriodMs);
    statTimer.unref();
    cleanups.push(() => clearInterval(statTimer));
    const monitor = new LoadMonitor(() => {
      const s = run.status();
      return {
        created: s.created,
        skippedByLimit: s.skippedByLimit,
        askedCps: s.isClientMode ? s.askedCps : 0,
        isScheduling: s.isScheduling,
      };
    });
    const sampler = setInterval(() => monitor.sample(), 1000);
    sampler.unref();
    cleanups.push(() => clearInterval(sampler));
    const buffers = `socket buffers ${socketBuffersText(run.status().socketBuffers)} (-buff_size)`;
    const warnings = (): string[] => [buffers, ...monitor.warnings];
    cleanups.push(io.onSignal('SIGUSR1', () => run.softQuit()));
    // `s` and SIGUSR2: the screens as they are now, appended to the -trace_screen file (sipp).
    const dumpScreens = config.traces.screen
      ? () => {
          const snapshot = periods.view(run.snapshot());
          traces.dumpScreens(screenDump(snapshot, screenInfoFor(run, run.status(), [])));
        }
      : undefined;
    if (dumpScreens) cleanups.push(io.onSignal('SIGUSR2', dumpScreens));
    cleanups.push(io.onSignal('SIGINT', () => run.stop()));
    cleanups.push(io.onSignal('SIGTERM', () => run.stop()));
    const tty = io.stdout.isTTY === true && !config.background;
    const display = config.background ? undefined : startDisplay(run, io, tty, warnings, periods);
    if (display) cleanups.push(() => display.stop());
    // Keys, command mode and the -cp socket (docs/runtime-control.md).
    cleanups.push(
      await startRuntimeControl({
        run,
        config,
        io,
        display,
        tty,
        errorLog,
        dumpScreens,
        trace: (log, on) => traces.setTrace(log, on, run.retraceMessages?.bind(run)),
      }),
    );
    const result = await run.done();
    for (const c of cleanups.splice(0)) c();
    const status = run.status();
    const info = screenInfoFor(run, status, [buffers]);
    await traces.close({
      snapshot: result.snapshot,
      targetRate: status.rate,
      screen: config.traces.screen ? screenTraceLines(result.snapshot, info) : undefined,
    });
    if (!config.background) {
      if (tty) io.stdout.write('\x1b[2J\x1b[H');
      const report = [...finalReport(periods.view(result.snapshot), info), ...monitor.summary];
      io.stdout.write(report.join('\n') + '\n');
    }
    io.stderr.write(errorSummaryText(status.errors, errorLogPath));
    if (hep !== undefined) await closeHep(hep, io);
    if (results === undefined) return result.exitCode;
    const outcome = { ...result, endReason: endReasonOf(result) };
    return await results.finish(run, outcome, io.stderr);
  } finally {
    for (const c of cleanups) c();
    await hep?.close();
    // An interrupted or failed run still leaves its final rows and everything traced so far.
    let last: TraceRowInput | undefined;
    try {
      last = isStarted ? traceRow() : undefined;
    } catch {
      last = undefined;
    }
    await traces.close(last);
    // A run that threw (a fatal error) still leaves its summary, with what it had measured.
    if (results !== undefined && last !== undefined) {
      const fatal = { snapshot: last.snapshot, exitCode: EXIT_FATAL, endReason: 'fatal' as const };
      await results.finish(run, fatal, io.stderr).catch(() => EXIT_FATAL);
    }
  }
}

/** The HEP export of a run with -hep_addr (src/export/ is loaded only then), else undefined. */
async function startHep(config: RunConfig): Promise<HepExport | undefined> {
  if (config.hep.addr === undefined) return undefined;
  return (await import('../export/index.ts')).startRunHep(config);
}

async function closeHep(hep: HepExport, io: Io): Promise<void> {
  const { hepSummaryText } = await import('../export/index.ts');
  io.stderr.write(`gossipper: ${hepSummaryText(hep.collector, await hep.close())}`);
}

/** SIPp's trace-file prefix: the `-sf` file name without `.xml`, or the `-sn` name. */
function scenarioStem(config: RunConfig): string {
  const source = config.scenario;
  return source.kind === 'builtin' ? source.name : basename(source.path).replace(/\.xml$/i, '');
}

function text(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure to start that means the scenario (or what it needs) was refused, not the system. */
function refusesScenario(err: unknown): boolean {
  return (
    err instanceof ScenarioError ||
    (err instanceof GossipperError &&
      (err.code === 'REMOTE_MISSING' || err.code === 'CONFIG_INVALID'))
  );
}
