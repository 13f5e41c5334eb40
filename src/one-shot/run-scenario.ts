/**
 * The one-shot run behind `gossipper [sipp] -sn/-sf ...`: load the scenario, start a Run, show
 * the screen (TTY) or periodic summary lines, react to signals and keys, print the final
 * statistics and return SIPp's exit code.
 */
import type { RunConfig } from '../config/index.ts';
import { MONOTONIC_CLOCK } from '../engine/index.ts';
import type { Io } from '../io.ts';
import {
  TraceSet,
  errorSummaryText,
  finalReport,
  screenTraceLines,
  socketBuffersText,
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

/** Runs one scenario to completion and returns SIPp's exit code for it. */
export async function runScenario(config: RunConfig, io: Io): Promise<number> {
  const scenario = loadScenarioFor(config);
  // Load-time warnings (what SIPp accepts in silence), once; Run loads the -oocsf one again.
  const ooc = loadOutOfCallScenarioFor(config);
  for (const warning of [...scenario.warnings, ...(ooc?.warnings ?? [])]) {
    io.stderr.write(`gossipper: warning: ${warning}\n`);
  }
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
  // -threads N: the same run on N worker threads, statistics merged here (shard/).
  const run: RunHandle =
    config.threads > 1
      ? new ShardedRun(config, scenario, {
          onTraceText: errorLog ? (text) => errorLog.appendFormatted(text) : undefined,
        })
      : new Run(config, scenario, {
          clock: MONOTONIC_CLOCK,
          trace: traces.sink,
          pid: process.pid,
          startTicker: startSystemTicker,
        });
  const cleanups: Array<() => void> = [];
  let isStarted = false;
  const traceRow = (): TraceRowInput => ({
    snapshot: run.snapshot(),
    targetRate: run.status().rate,
  });
  try {
    // -sleep: SIPp waits before its first call; nothing is bound or sent meanwhile.
    if (config.sleepMs > 0) await new Promise((r) => setTimeout(r, config.sleepMs));
    await run.start();
    isStarted = true;
    traces.start(traceRow());
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
    cleanups.push(io.onSignal('SIGINT', () => run.stop()));
    cleanups.push(io.onSignal('SIGTERM', () => run.stop()));
    const tty = io.stdout.isTTY === true && !config.background;
    // The display's periods; the final report's periodic columns continue its last one.
    const periods = new PeriodTracker();
    const display = config.background ? undefined : startDisplay(run, io, tty, warnings, periods);
    if (display) cleanups.push(() => display.stop());
    // Keys, command mode and the -cp socket (docs/runtime-control.md).
    cleanups.push(await startRuntimeControl({ run, config, io, display, tty, errorLog }));
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
    return result.exitCode;
  } finally {
    for (const c of cleanups) c();
    // An interrupted or failed run still leaves its final rows and everything traced so far.
    let last: TraceRowInput | undefined;
    try {
      last = isStarted ? traceRow() : undefined;
    } catch {
      last = undefined;
    }
    await traces.close(last);
  }
}
