/**
 * `gossipper server`: one long-running engine (the SIP endpoint, built-in `management` unless
 * -sn/-sf say otherwise) with the HTTP API beside it, until SIGTERM (or SIGINT) drains it: no new
 * calls, calls in flight finish within -drain_timeout (then they are aborted), exit 0. Trace
 * flags work as on a one-shot run; there is no screen, only start-up lines and a final summary.
 */
import type { RunConfig } from '../config/index.ts';
import { MONOTONIC_CLOCK } from '../engine/index.ts';
import { EXIT_OK } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { TraceSet } from '../output/index.ts';
import type { TraceRowInput } from '../output/index.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../run/index.ts';
import type { RunHandle } from '../run/index.ts';
import { ShardedRun } from '../shard/index.ts';
import { assertProtected, openApiAccess, openApiWarning } from './api-access.ts';
import type { ApiAccess } from './api-access.ts';
import { legacyTokenAuth } from './api-auth.ts';
import { startApiServer } from './api-server.ts';
import type { ApiServer } from './api-server.ts';
import { EngineRegistry, PRIMARY_ENGINE_ID } from './engine-registry.ts';
import { authWarning, isLoopback } from './auth-warning.ts';
import { DrainControl } from './drain.ts';

export async function serveRun(
  config: RunConfig,
  io: Io,
  engineId: string = PRIMARY_ENGINE_ID,
): Promise<number> {
  const scenario = loadScenarioFor(config);
  for (const warning of scenario.warnings) io.stderr.write(`gossipper: warning: ${warning}\n`);
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
  const run: RunHandle =
    config.threads > 1
      ? new ShardedRun(config, scenario, {
          onTraceText: errorLog ? (line) => errorLog.appendFormatted(line) : undefined,
        })
      : new Run(config, scenario, {
          clock: MONOTONIC_CLOCK,
          trace: traces.sink,
          pid: process.pid,
          startTicker: startSystemTicker,
        });
  const cleanups: Array<() => void> = [];
  let api: ApiServer | undefined;
  let access: ApiAccess | undefined;
  let isStarted = false;
  const apiAddr = config.api.addr ?? { host: '127.0.0.1', port: 8080 };
  const row = (): TraceRowInput => ({ snapshot: run.snapshot(), targetRate: run.status().rate });
  try {
    // Before the engine starts: a refused API leaves no SIP socket behind either.
    assertProtected(apiAddr, config.api);
    access = await openApiAccess(config.api, io);
    await run.start();
    isStarted = true;
    traces.start(row());
    const statTimer = setInterval(() => traces.period(row()), config.statsPeriodMs);
    statTimer.unref();
    cleanups.push(() => clearInterval(statTimer));
    const registry = new EngineRegistry();
    registry.add({ id: engineId, run, config, source: config.scenario, dynamic: false });
    const log = (line: string): void => void io.stderr.write(`gossipper server: ${line}\n`);
    api = await startApiServer({ registry, auth: access.auth, addr: apiAddr, log });
    const sip = run.transport.localAddress;
    io.stdout.write(
      `gossipper server: SIP ${run.transport.protocol} ${sip.address}:${sip.port}, ` +
        `scenario "${run.scenario.fileStem}" (${run.scenario.mode} mode)\n` +
        `gossipper server: HTTP API v1 at ${apiUrl(api)}\n`,
    );
    const warning = openApiWarning(api.address, access.auth);
    if (warning !== undefined) io.stderr.write(warning);
    const drain = new DrainControl(run, config.api.drainTimeoutMs, log);
    cleanups.push(() => drain.dispose());
    cleanups.push(io.onSignal('SIGTERM', () => drain.request('SIGTERM')));
    cleanups.push(io.onSignal('SIGINT', () => drain.request('SIGINT')));
    cleanups.push(io.onSignal('SIGUSR1', () => drain.request('SIGUSR1')));
    const result = await run.done();
    for (const c of cleanups.splice(0)) c();
    const s = result.snapshot.cumulative;
    io.stdout.write(
      `gossipper server: stopped (${drain.isRequested ? 'drained' : result.reason}): ` +
        `${s.IncomingCall + s.OutgoingCall} calls, ${s.SuccessfulCall} successful, ` +
        `${s.FailedCall} failed\n`,
    );
    // A drain asked by a signal is the service's normal end (systemd: success).
    return drain.isRequested && result.reason !== 'fatal' ? EXIT_OK : result.exitCode;
  } finally {
    for (const c of cleanups) c();
    await api?.close();
    access?.close();
    let last: TraceRowInput | undefined;
    try {
      last = isStarted ? row() : undefined;
    } catch {
      last = undefined;
    }
    await traces.close(last);
  }
}

function apiUrl(api: ApiServer): string {
  const host = api.address.host.includes(':') ? `[${api.address.host}]` : api.address.host;
  return `http://${host}:${api.address.port}/api/v1/`;
}

/**
 * `-api_addr` beside a one-shot run: the same API on the run's engine, until the run ends.
 * Returns the function that closes it.
 */
export async function attachApi(
  run: RunHandle,
  config: RunConfig,
  io: Io,
): Promise<() => Promise<void>> {
  const registry = new EngineRegistry();
  registry.add({ id: PRIMARY_ENGINE_ID, run, config, source: config.scenario, dynamic: false });
  const addr = config.api.addr ?? { host: '127.0.0.1', port: 8080 };
  assertProtected(addr, config.api);
  const auth = legacyTokenAuth(config.api.token);
  const api = await startApiServer({
    registry,
    auth,
    addr,
    log: (line) => void io.stderr.write(`gossipper: ${line}\n`),
  });
  io.stderr.write(`gossipper: HTTP API v1 at ${apiUrl(api)}\n`);
  if (auth.isOpen && !isLoopback(api.address.host)) io.stderr.write(authWarning(api.address));
  return () => api.close();
}
