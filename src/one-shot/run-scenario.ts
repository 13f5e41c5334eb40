/**
 * The one-shot run behind `gossipper [sipp] -sn/-sf ...`: load the scenario, start a Run, show
 * the screen (TTY) or periodic summary lines, react to signals and keys, print the final
 * statistics and return SIPp's exit code.
 */
import path from 'node:path';
import type { RunConfig } from '../config/index.ts';
import { MONOTONIC_CLOCK, NULL_TRACE_SINK } from '../engine/index.ts';
import type { Io } from '../io.ts';
import {
  ErrorLog,
  errorSummaryText,
  fileErrorLogTarget,
  finalReport,
  socketBuffersText,
} from '../output/index.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../run/index.ts';
import type { RunHandle } from '../run/index.ts';
import { ShardedRun } from '../shard/index.ts';
import { PeriodTracker } from '../stats/index.ts';
import { startDisplay } from './display.ts';
import { attachKeyboard } from './keyboard.ts';
import { LoadMonitor } from './load-monitor.ts';
import { screenInfoFor } from './screen-info.ts';

/** Runs one scenario to completion and returns SIPp's exit code for it. */
export async function runScenario(config: RunConfig, io: Io): Promise<number> {
  const scenario = loadScenarioFor(config);
  const errorLogPath = config.traces.errors
    ? path.resolve(
        io.cwd,
        config.traces.errorFile ?? `${scenario.fileStem}_${process.pid}_errors.log`,
      )
    : undefined;
  const errorLog =
    errorLogPath !== undefined
      ? new ErrorLog({ target: fileErrorLogTarget(errorLogPath) })
      : undefined;
  // -threads N: the same run on N worker threads, statistics merged here (shard/).
  const run: RunHandle =
    config.threads > 1
      ? new ShardedRun(config, scenario, {
          onTraceText: errorLog ? (text) => errorLog.appendFormatted(text) : undefined,
        })
      : new Run(config, scenario, {
          clock: MONOTONIC_CLOCK,
          trace: errorLog ?? NULL_TRACE_SINK,
          pid: process.pid,
          startTicker: startSystemTicker,
        });
  const cleanups: Array<() => void> = [];
  try {
    await run.start();
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
    if (tty && io.stdin && !config.noStdin) cleanups.push(attachKeyboard(io.stdin, run));
    // The display's periods; the final report's periodic columns continue its last one.
    const periods = new PeriodTracker();
    if (!config.background) cleanups.push(startDisplay(run, io, tty, warnings, periods));
    const result = await run.done();
    for (const c of cleanups.splice(0)) c();
    const status = run.status();
    if (!config.background) {
      if (tty) io.stdout.write('\x1b[2J\x1b[H');
      const info = screenInfoFor(run, status, [buffers]);
      const report = [...finalReport(periods.view(result.snapshot), info), ...monitor.summary];
      io.stdout.write(report.join('\n') + '\n');
    }
    io.stderr.write(errorSummaryText(status.errors, errorLogPath));
    return result.exitCode;
  } finally {
    for (const c of cleanups) c();
    await errorLog?.close();
  }
}
