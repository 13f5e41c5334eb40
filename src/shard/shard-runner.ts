/**
 * One shard's life, wherever it runs: an ordinary Run on the current thread's event loop and
 * socket, with its share of the load. It reports its cumulative statistics once a period, sends
 * its `-trace_err` text through the coordinator (one message per error-log flush), and obeys the
 * coordinator's control messages; its traffic starts on the coordinator's `go`, once every shard
 * has bound its socket. A worker thread runs it behind its parentPort (shard-worker.ts), the main
 * thread behind an in-thread link (inline-shard.ts).
 */
import type { RunConfig } from '../config/index.ts';
import { MONOTONIC_CLOCK, NULL_TRACE_SINK } from '../engine/index.ts';
import type { HepExport } from '../export/index.ts';
import { ERROR_LOG_HEADER, ErrorLog } from '../output/index.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../run/index.ts';
import { shardEngineId } from './load-split.ts';
import { shardTraces } from './shard-traces.ts';
import type { FromShard, ShardInit, ShardView, ToShard } from './shard-protocol.ts';

/** How a shard talks to its coordinator. */
export interface ShardLink {
  post(message: FromShard): void;
  /** Control messages from the coordinator, in order. */
  onControl(listener: (message: ToShard) => void): void;
}

/** A shard's run, once it exists (for a link that must stop it from outside). */
export interface ShardRunning {
  run?: Run;
  isStarted: boolean;
}

function viewOf(run: Run): ShardView {
  return { ...run.status(), state: run.state };
}

/** The coordinator owns the one `-trace_err` file and writes its header; shards send entries. */
function errorLogThrough(link: ShardLink): ErrorLog {
  let isFirst = true;
  return new ErrorLog({
    target: {
      write(text) {
        const body =
          isFirst && text.startsWith(ERROR_LOG_HEADER) ? text.slice(ERROR_LOG_HEADER.length) : text;
        isFirst = false;
        if (body !== '') link.post({ type: 'trace', text: body });
      },
    },
  });
}

function applyControl(run: Run, m: ToShard): void {
  if (m.type === 'go') run.resume();
  else if (m.type === 'setRate') run.setRate(m.callsPerPeriod);
  else if (m.type === 'pause') run.pause();
  else if (m.type === 'resume') run.resume();
  else if (m.type === 'stop') run.stop();
  // A shard that drained on its own (scenario soft quit) already counts the first one.
  else if (m.nth >= 2 || run.state === 'running') run.softQuit();
}

/** Runs shard `init` to its end; `running` lets the caller see the Run once it exists. */
export async function runShard(
  init: ShardInit,
  link: ShardLink,
  running: ShardRunning = { isStarted: false },
): Promise<void> {
  const config = init.config;
  let hep: HepExport | undefined;
  try {
    hep = await startShardHep(config);
  } catch (err) {
    postFailure(link, err);
    return;
  }
  const errorLog = config.traces.errors ? errorLogThrough(link) : undefined;
  const perMessage = shardTraces(config.traces, errorLog ?? NULL_TRACE_SINK, (file, text) =>
    link.post({ type: 'traceFile', file, text }),
  );
  const sink = perMessage?.sink ?? errorLog ?? NULL_TRACE_SINK;
  const run = new Run(config, loadScenarioFor(config), {
    clock: MONOTONIC_CLOCK,
    trace: hep?.hookSink(sink) ?? sink,
    rtcpTap: hep?.rtcpTap,
    mediaReport: hep?.mediaReport,
    pid: process.pid,
    engineId: shardEngineId(process.pid, init.index),
    // Every shard ticks every `tickMs` (load-split.ts shardTickMs says why)...
    startTicker: (tick, options) => startSystemTicker(tick, init.tickMs, options),
    // ...and, over UDP, reads its socket on the same beat while datagrams keep coming.
    readPeriodMs: init.tickMs,
  });
  running.run = run;
  // Control that arrives while the socket binds is applied once the engine exists.
  const early: ToShard[] = [];
  link.onControl((m) => (running.isStarted ? applyControl(run, m) : early.push(m)));
  try {
    await run.start();
  } catch (err) {
    await hep?.close();
    postFailure(link, err);
    return;
  }
  running.isStarted = true;
  // Held (before the first tick can place a call) until every shard is up, so all start their
  // schedules together; the coordinator's 'go' resumes.
  run.pause();
  const t = run.transport;
  const started = {
    localPort: t.localAddress.port,
    protocol: t.protocol,
    socketBuffers: run.status().socketBuffers,
    remote: run.remote,
  };
  link.post({ type: 'started', started });
  for (const m of early.splice(0)) applyControl(run, m);
  // A shard whose share of -m is zero has nothing to do (its rate share may be zero too).
  if (config.maxCalls === 0) run.softQuit();
  const reporter = setInterval(() => {
    link.post({ type: 'report', snapshot: run.snapshot(), view: viewOf(run), hep: hep?.counts() });
  }, init.reportEveryMs);
  const result = await run.done();
  clearInterval(reporter);
  // Close first: its last batch must reach the coordinator before 'done'.
  perMessage?.close();
  await errorLog?.close().catch(() => undefined);
  const hepCounts = await hep?.close();
  const view = viewOf(run);
  link.post({
    type: 'done',
    reason: result.reason,
    snapshot: result.snapshot,
    view,
    hep: hepCounts,
  });
}

function postFailure(link: ShardLink, err: unknown): void {
  const e = err as { code?: string; message?: string; hint?: string };
  link.post({
    type: 'failed',
    code: e.code as never,
    message: e.message ?? String(err),
    hint: e.hint,
  });
}

/**
 * -hep_addr: this shard's own exporter and socket (docs/hep.md, "-threads"), loaded only then.
 * The shard's config has threads 1, so this is a real export, not the coordinator's sum.
 */
async function startShardHep(config: RunConfig): Promise<HepExport | undefined> {
  if (config.hep.addr === undefined) return undefined;
  return (await import('../export/index.ts')).startRunHep(config);
}
