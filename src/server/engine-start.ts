/**
 * One engine of the server process: its Run (or ShardedRun for -threads), its trace files, its
 * statistics period, started and registered as a ManagedEngine. The server starts one per
 * profile of its config and one per `POST /api/v1/clients`; each owns its sockets, scenario,
 * rate and statistics, and shares nothing mutable with the others.
 */
import type { RunConfig } from '../config/index.ts';
import { MONOTONIC_CLOCK } from '../engine/index.ts';
import type { HepExport } from '../export/index.ts';
import { GossipperError } from '../errors.ts';
import { totalCallsCreated } from '../stats/index.ts';
import type { EndReason } from '../stats/index.ts';
import type { Io } from '../io.ts';
import { RunResults, TraceSet, endReasonOf, summaryHtmlFromReport } from '../output/index.ts';
import type { TraceRowInput } from '../output/index.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../run/index.ts';
import type { RunHandle, RunResult } from '../run/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { ShardedRun } from '../shard/index.ts';
import type { ManagedEngine } from './engine-registry.ts';

export interface EngineSpec {
  readonly id: string;
  readonly config: RunConfig;
  /** The process's first engine: SIPp's trace file names and Call-IDs, unchanged. */
  readonly isPrimary: boolean;
  readonly dynamic: boolean;
  /** Refused before anything binds when the scenario is of the other mode. */
  readonly mode?: Scenario['mode'];
  /** Names the engine in a refusal. */
  readonly where?: string;
  /** A further SIP bind of the primary (`listeners[i]`, i ≥ 1). */
  readonly listenerIndex?: number;
}

export interface StartedEngine {
  readonly engine: ManagedEngine;
  /**
   * The run's end, once its trace and result files are closed; `exitCode` is the result files'
   * verdict (2 when a gate broke, docs/results.md), the run's own without gates.
   */
  readonly finished: Promise<RunResult>;
}

/** Loads the scenario only: a bad one is refused before any engine binds a socket. */
export function loadEngineScenario(spec: EngineSpec): Scenario {
  const scenario = loadScenarioFor(spec.config);
  if (spec.mode !== undefined && scenario.mode !== spec.mode) {
    const what = spec.mode === 'client' ? 'places calls (a client scenario)' : 'answers calls';
    throw new GossipperError(
      'CONFIG_INVALID',
      `${spec.where ?? spec.id}: scenario "${scenario.fileStem}" is a ${scenario.mode} ` +
        `scenario, but this engine ${what}`,
    );
  }
  return scenario;
}

export async function startEngine(
  spec: EngineSpec,
  scenario: Scenario,
  io: Io,
): Promise<StartedEngine> {
  const { config } = spec;
  for (const warning of scenario.warnings) io.stderr.write(`gossipper: warning: ${warning}\n`);
  // Engines after the first add their id to trace names and Call-IDs: two uac engines of one
  // process would otherwise write the same files and place calls with the same Call-IDs.
  const suffix = spec.isPrimary ? '' : `_${spec.id}`;
  // Its lines (`gate broken: ...`, HEP counts) name the engine when the server has several.
  const who = spec.isPrimary ? 'gossipper server: ' : `gossipper server: engine "${spec.id}": `;
  // -hep_addr (docs/hep.md), before any file: a collector that does not resolve is a usage error.
  const hep =
    config.hep.addr === undefined
      ? undefined
      : await (await import('../export/index.ts')).startRunHep(config);
  const traces = new TraceSet({
    traces: config.traces,
    statsPeriodMs: config.statsPeriodMs,
    stem: `${scenario.fileStem}${suffix}`,
    commands: scenario.commands,
    globalLost: config.lostPercent > 0,
    pid: process.pid,
    cwd: io.cwd,
  });
  const errorLog = traces.errorLog;
  // -summary_json, gates, -call_records_jsonl, -summary_html: per engine, as on a one-shot run.
  const results = RunResults.create(
    config,
    summaryHtmlFromReport(() => import('../report/index.ts')),
    spec.id,
  );
  if (results !== undefined && config.threads > 1 && config.results.callRecords !== undefined) {
    await traces.abandon('-call_records_jsonl is not available with -threads yet');
    throw new GossipperError(
      'CONFIG_INVALID',
      `${spec.where ?? `engine "${spec.id}"`}: -call_records_jsonl is not available with -threads yet`,
      'run it with one thread',
    );
  }
  // The engine's sink: traces, call records (-call_records_jsonl), HEP mirroring.
  const sink = results?.hookSink(traces.sink) ?? traces.sink;
  if (hep !== undefined) results?.countHep(() => hep.counts());
  const run: RunHandle =
    config.threads > 1
      ? new ShardedRun(config, scenario, {
          onTraceText: errorLog ? (line) => errorLog.appendFormatted(line) : undefined,
          onHepCounts: hep?.addShardCounts,
        })
      : new Run(config, scenario, {
          clock: MONOTONIC_CLOCK,
          trace: hep?.hookSink(sink) ?? sink,
          rtcpTap: hep?.rtcpTap,
          mediaReport: hep?.mediaReport,
          pid: process.pid,
          engineId: spec.isPrimary ? undefined : `${process.pid}.${spec.id}`,
          startTicker: (tick, options) => startSystemTicker(tick, 1, options),
        });
  const row = (): TraceRowInput => ({ snapshot: run.snapshot(), targetRate: run.status().rate });
  try {
    await run.start();
  } catch (err) {
    await hep?.close();
    await traces.close(undefined);
    // An engine that never ran (a SIP bind in use...) leaves no summary; its records file closes.
    await results?.abandon();
    throw err;
  }
  traces.start(row());
  results?.start(run);
  const statTimer = setInterval(() => traces.period(row()), config.statsPeriodMs);
  statTimer.unref();
  const finished = run.done().then(async (result) => {
    clearInterval(statTimer);
    let last: TraceRowInput | undefined;
    try {
      last = row();
    } catch {
      last = undefined;
    }
    await traces.close(last);
    if (hep !== undefined) {
      const { hepSummaryText } = await import('../export/index.ts');
      io.stderr.write(`${who}${hepSummaryText(hep.collector, await hep.close())}`);
    }
    if (results === undefined) return result;
    const outcome = { ...result, endReason: serverEndReason(result, config) };
    const exitCode = await results.finish(run, outcome, {
      write: (text: string) => io.stderr.write(text.replace(/^gossipper: /gm, who)),
    });
    return { ...result, exitCode };
  });
  const engine: ManagedEngine = {
    id: spec.id,
    run,
    config,
    source: config.scenario,
    dynamic: spec.dynamic,
    listenerIndex: spec.listenerIndex,
  };
  return { engine, finished };
}

/**
 * The summary's `end_reason` for a server engine: it ends on its own only at `-m`; any other
 * drain was asked for (SIGTERM/SIGINT, DELETE /clients, the primary's end) and is `interrupted`.
 */
function serverEndReason(result: RunResult, config: RunConfig): EndReason {
  const reason = endReasonOf(result);
  if (reason !== 'completed') return reason;
  const isAtMax =
    config.maxCalls !== undefined && totalCallsCreated(result.snapshot) >= config.maxCalls;
  return isAtMax ? 'completed' : 'interrupted';
}
