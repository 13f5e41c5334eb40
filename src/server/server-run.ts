/**
 * `gossipper server`: its engines (the primary SIP endpoint, built-in `management` unless
 * -sn/-sf say otherwise, and the other profiles of a composite config) with the HTTP API beside
 * them, until SIGTERM (or SIGINT) drains them: no new calls, calls in flight finish within
 * -drain_timeout (then they are aborted), exit 0. Trace flags work as on a one-shot run; there
 * is no screen, only start-up lines and a final summary.
 */
import type { RunConfig } from '../config/index.ts';
import { EXIT_GATES_FAILED, EXIT_OK } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import type { RunHandle, RunResult } from '../run/index.ts';
import { assertProtected, openApiAccess, openApiWarning } from './api-access.ts';
import type { ApiAccess } from './api-access.ts';
import { legacyTokenAuth } from './api-auth.ts';
import { startApiServer } from './api-server.ts';
import type { ApiServer } from './api-server.ts';
import { EngineRegistry, PRIMARY_ENGINE_ID } from './engine-registry.ts';
import type { ManagedEngine } from './engine-registry.ts';
import { authWarning } from './auth-warning.ts';
import { DrainControl } from './drain.ts';
import type { Drainable } from './drain.ts';
import { DynamicClients } from './dynamic-clients.ts';
import { loadEngineScenario, startEngine } from './engine-start.ts';
import { assertDistinctResultFiles } from './result-files.ts';
import type { EngineSpec, StartedEngine } from './engine-start.ts';

/** One engine on the command line (no composite config): the pre-composite entry point. */
export async function serveRun(
  config: RunConfig,
  io: Io,
  engineId: string = PRIMARY_ENGINE_ID,
): Promise<number> {
  return serveEngines([{ id: engineId, config, isPrimary: true, dynamic: false }], io);
}

/** Starts every engine (the first is the primary, whose config says where the API is). */
export async function serveEngines(specs: readonly EngineSpec[], io: Io): Promise<number> {
  const primarySpec = specs[0];
  const config = primarySpec.config;
  // Every scenario loads before anything binds: a bad client profile must not leave a half-up
  // server behind.
  const scenarios = specs.map((s) => loadEngineScenario(s));
  assertDistinctResultFiles(specs);
  const started: StartedEngine[] = [];
  const cleanups: Array<() => void> = [];
  const log = (line: string): void => void io.stderr.write(`gossipper server: ${line}\n`);
  let api: ApiServer | undefined;
  let access: ApiAccess | undefined;
  const apiAddr = config.api.addr ?? { host: '127.0.0.1', port: 8080 };
  const registry = new EngineRegistry();
  const dynamic = new DynamicClients({ registry, io, log, hep: config.hep });
  try {
    // Before any engine starts: a refused API leaves no SIP socket behind either.
    assertProtected(apiAddr, config.api);
    access = await openApiAccess(config.api, io);
    for (let i = 0; i < specs.length; i++) {
      const one = await startEngine(specs[i], scenarios[i], io);
      started.push(one);
      registry.add(one.engine);
    }
    const primary = started[0].engine;
    api = await startApiServer({
      registry,
      auth: access.auth,
      addr: apiAddr,
      log,
      clients: dynamic,
    });
    for (const { engine } of started) io.stdout.write(startLine(engine, specs.length > 1));
    io.stdout.write(`gossipper server: HTTP API v1 at ${apiUrl(api)}\n`);
    const warning = openApiWarning(api.address, access.auth);
    if (warning !== undefined) io.stderr.write(warning);
    // One drain for every engine, the dynamic clients included.
    const drain = new DrainControl(everyEngine(registry, dynamic), config.api.drainTimeoutMs, log);
    cleanups.push(() => drain.dispose());
    cleanups.push(io.onSignal('SIGTERM', () => drain.request('SIGTERM')));
    cleanups.push(io.onSignal('SIGINT', () => drain.request('SIGINT')));
    cleanups.push(io.onSignal('SIGUSR1', () => drain.request('SIGUSR1')));
    const result = await started[0].finished;
    // The primary's end (a drain, -m, a fatal error) ends the others as a drain would.
    const rest = started.slice(1);
    for (const other of rest) if (other.engine.run.state === 'running') other.engine.run.softQuit();
    dynamic.stopAll();
    await Promise.all([...rest.map((o) => o.finished), dynamic.allFinished()]);
    for (const c of cleanups.splice(0)) c();
    io.stdout.write(stopLine('stopped', drain.isRequested, result, primary.id, specs.length > 1));
    let isGateBroken = result.exitCode === EXIT_GATES_FAILED;
    for (const other of rest) {
      const end = await other.finished;
      io.stdout.write(stopLine('engine', false, end, other.engine.id, true));
      if (end.exitCode === EXIT_GATES_FAILED) isGateBroken = true;
    }
    if (result.reason === 'fatal') return result.exitCode;
    // A gate an engine was given broke (-threshold, -health_*): 2, as a one-shot run's.
    if (isGateBroken) return EXIT_GATES_FAILED;
    // A drain asked by a signal is the service's normal end (systemd: success).
    return drain.isRequested ? EXIT_OK : result.exitCode;
  } finally {
    for (const c of cleanups) c();
    await api?.close();
    access?.close();
    for (const one of started) if (one.engine.run.state !== 'done') one.engine.run.stop();
    dynamic.stopAll(true);
    await Promise.all([...started.map((o) => o.finished), dynamic.allFinished()]);
  }
}

/** The drain's view of the server: every engine, the dynamic clients of the moment included. */
function everyEngine(registry: EngineRegistry, dynamic: DynamicClients): Drainable {
  const runs = (): RunHandle[] => registry.all().map((e) => e.run);
  return {
    openCalls: () =>
      runs().reduce((n, r) => n + (r.state === 'done' ? 0 : r.status().currentCalls), 0),
    isDone: () => runs().every((r) => r.state === 'done'),
    softQuit: () => {
      dynamic.refuseNew();
      for (const r of runs()) r.softQuit();
    },
    stop: () => runs().forEach((r) => r.stop()),
  };
}

function startLine(engine: ManagedEngine, isMulti: boolean): string {
  const run = engine.run;
  const sip = run.transport.localAddress;
  const who = isMulti ? `engine "${engine.id}": ` : '';
  const remote = run.remote === undefined ? '' : ` to ${run.remote.host}:${run.remote.port}`;
  return (
    `gossipper server: ${who}SIP ${run.transport.protocol} ${sip.address}:${sip.port}, ` +
    `scenario "${run.scenario.fileStem}" (${run.scenario.mode} mode)${remote}\n`
  );
}

function stopLine(
  word: string,
  isDrained: boolean,
  result: RunResult,
  id: string,
  isMulti: boolean,
): string {
  const s = result.snapshot.cumulative;
  const who = isMulti ? `${word === 'engine' ? 'engine' : 'stopped'} "${id}" ` : 'stopped ';
  return (
    `gossipper server: ${who}(${isDrained ? 'drained' : result.reason}): ` +
    `${s.IncomingCall + s.OutgoingCall} calls, ${s.SuccessfulCall} successful, ` +
    `${s.FailedCall} failed\n`
  );
}

function apiUrl(api: ApiServer): string {
  const host = api.address.host.includes(':') ? `[${api.address.host}]` : api.address.host;
  return `http://${host}:${api.address.port}/api/v1/`;
}

/**
 * `-api_addr` beside a one-shot run: the same API on the run's engine, until the run ends.
 * Returns the function that closes it. No dynamic clients here (reference §B6 6.10: management
 * mode only).
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
  // Issue 16: an open API says so at start, on loopback too (any local user can drive the run).
  if (auth.isOpen) io.stderr.write(authWarning(api.address, 'gossipper'));
  return () => api.close();
}
