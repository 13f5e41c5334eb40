/**
 * The one-shot run behind `gossipper [sipp] -sn/-sf ...`: load the scenario, start a Run, show
 * the screen (TTY) or periodic summary lines, react to signals and keys, print the final
 * statistics and return SIPp's exit code.
 */
import path from 'node:path';
import type { RunConfig } from '../config/run-config.ts';
import { MONOTONIC_CLOCK, NULL_TRACE_SINK } from '../engine/index.ts';
import type { Io } from '../io.ts';
import { ErrorLog, errorSummaryText, fileErrorLogTarget, finalReport, scenarioScreen, summaryLine } from '../output/index.ts';
import { loadBuiltinScenario, loadScenarioFile } from '../scenario/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { ShardedRun } from '../shard/index.ts';
import { attachKeyboard } from './keyboard.ts';
import { LoadMonitor } from './load-monitor.ts';
import { Run } from './run.ts';
import type { RunHandle } from './run-handle.ts';
import { screenInfoFor } from './screen-info.ts';
import { startTicker } from './ticker.ts';

export function loadScenarioFor(config: RunConfig): Scenario {
  const options = { userKeywords: new Set(Object.keys(config.keywords)) };
  return config.scenario.kind === 'builtin'
    ? loadBuiltinScenario(config.scenario.name, options)
    : loadScenarioFile(config.scenario.path, options);
}

/** Runs one scenario to completion and returns SIPp's exit code for it. */
export async function runScenario(config: RunConfig, io: Io): Promise<number> {
  const scenario = loadScenarioFor(config);
  const errorLogPath = config.traces.errors
    ? path.resolve(io.cwd, config.traces.errorFile ?? `${scenario.fileStem}_${process.pid}_errors.log`)
    : undefined;
  const errorLog = errorLogPath !== undefined ? new ErrorLog({ target: fileErrorLogTarget(errorLogPath) }) : undefined;
  // -threads N: the same run on N worker threads, statistics merged here (shard/).
  const run: RunHandle = config.threads > 1
    ? new ShardedRun(config, scenario, { onTraceText: errorLog ? (text) => errorLog.appendFormatted(text) : undefined })
    : new Run(config, scenario, { clock: MONOTONIC_CLOCK, trace: errorLog ?? NULL_TRACE_SINK, pid: process.pid, startTicker });
  const cleanups: Array<() => void> = [];
  try {
    await run.start();
    const monitor = new LoadMonitor(() => ({
      created: run.engine.created,
      skippedByLimit: run.engine.skippedByLimit,
      askedCps: run.engine.isClientMode ? run.engine.askedCps : 0,
      isScheduling: run.engine.isScheduling,
    }));
    const sampler = setInterval(() => monitor.sample(), 1000);
    sampler.unref();
    cleanups.push(() => clearInterval(sampler));
    const buffers = `socket buffers ${run.bufferText} (-buff_size)`;
    const warnings = (): string[] => [buffers, ...monitor.warnings];
    cleanups.push(io.onSignal('SIGUSR1', () => run.softQuit()));
    cleanups.push(io.onSignal('SIGINT', () => run.stop()));
    cleanups.push(io.onSignal('SIGTERM', () => run.stop()));
    const tty = io.stdout.isTTY === true && !config.background;
    if (tty && io.stdin && !config.noStdin) cleanups.push(attachKeyboard(io.stdin, run));
    if (!config.background) cleanups.push(startDisplay(run, io, tty, warnings));
    const result = await run.done();
    for (const c of cleanups.splice(0)) c();
    if (!config.background) {
      if (tty) io.stdout.write('\x1b[2J\x1b[H');
      const report = [...finalReport(result.snapshot, screenInfoFor(run, [buffers])), ...monitor.summary];
      io.stdout.write(report.join('\n') + '\n');
    }
    io.stderr.write(errorSummaryText(run.errors, errorLogPath));
    return result.exitCode;
  } finally {
    for (const c of cleanups) c();
    await errorLog?.close();
  }
}

function startDisplay(run: RunHandle, io: Io, tty: boolean, warnings: () => string[]): () => void {
  const every = Math.max(100, run.config.screenRefreshMs);
  const timer = setInterval(() => {
    const snap = run.snapshot();
    if (tty) {
      const lines = scenarioScreen(snap, screenInfoFor(run, warnings()));
      io.stdout.write('\x1b[2J\x1b[H' + lines.join('\n') + '\n');
    } else {
      const notes = warnings().slice(1);
      io.stdout.write([summaryLine(snap, run.engine.currentCalls), ...notes].join('\n') + '\n');
    }
    run.stats.resetPeriod(Date.now());
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}
