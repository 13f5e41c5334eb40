/**
 * Worker-thread entry of one shard (bundled on its own as dist/shard-worker.js): an ordinary Run
 * on this thread's own event loop and socket, with its share of the load. It reports its
 * cumulative statistics once a period, sends its `-trace_err` text through the main thread (one
 * message per error-log flush), and obeys the coordinator's control messages; its traffic starts on
 * the coordinator's `go`, once every shard has bound its socket.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MONOTONIC_CLOCK, NULL_TRACE_SINK } from '../engine/index.ts';
import { ERROR_LOG_HEADER, ErrorLog } from '../output/index.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../run/index.ts';
import { shardEngineId } from './load-split.ts';
import type { FromShard, ShardInit, ShardView, ToShard } from './shard-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('shard-worker.ts runs as a worker thread only');
const init = workerData as ShardInit;

function post(message: FromShard): void {
  port?.postMessage(message);
}

function viewOf(run: Run): ShardView {
  return { ...run.status(), state: run.state };
}

/** The main thread owns the one `-trace_err` file and writes its header; shards send entries. */
function errorLogThroughMain(): ErrorLog {
  let isFirst = true;
  return new ErrorLog({
    target: {
      write(text) {
        const body =
          isFirst && text.startsWith(ERROR_LOG_HEADER) ? text.slice(ERROR_LOG_HEADER.length) : text;
        isFirst = false;
        if (body !== '') post({ type: 'trace', text: body });
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

async function main(): Promise<void> {
  const config = init.config;
  const errorLog = config.traces.errors ? errorLogThroughMain() : undefined;
  const run = new Run(config, loadScenarioFor(config), {
    clock: MONOTONIC_CLOCK,
    trace: errorLog ?? NULL_TRACE_SINK,
    pid: process.pid,
    engineId: shardEngineId(process.pid, init.index),
    startTicker: startSystemTicker,
  });
  // Control that arrives while the socket binds is applied once the engine exists.
  const early: ToShard[] = [];
  let isStarted = false;
  port?.on('message', (m: ToShard) => (isStarted ? applyControl(run, m) : early.push(m)));
  try {
    await run.start();
  } catch (err) {
    const e = err as { code?: string; message?: string; hint?: string };
    post({
      type: 'failed',
      code: e.code as never,
      message: e.message ?? String(err),
      hint: e.hint,
    });
    return;
  }
  isStarted = true;
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
  post({ type: 'started', started });
  for (const m of early.splice(0)) applyControl(run, m);
  // A shard whose share of -m is zero has nothing to do (its rate share may be zero too).
  if (config.maxCalls === 0) run.softQuit();
  const reporter = setInterval(() => {
    post({ type: 'report', snapshot: run.snapshot(), view: viewOf(run) });
  }, init.reportEveryMs);
  const result = await run.done();
  clearInterval(reporter);
  // Close first: its last batch must reach the main thread before 'done'.
  await errorLog?.close().catch(() => undefined);
  post({ type: 'done', reason: result.reason, snapshot: result.snapshot, view: viewOf(run) });
}

void main();
