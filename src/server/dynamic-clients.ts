/**
 * Dynamic UAC engines (reference §B6 6.10–6.12, §B9 9.3): `POST /api/v1/clients` starts one from
 * a run-profile body, `DELETE /api/v1/clients?id=` stops it. Each is an engine of its own (its
 * scenario, rate, statistics, sockets) in the same registry as the config's engines, so stats,
 * control and the live feed show it at once. Only `gossipper server` hosts them.
 */
import { dirname } from 'node:path';
import { MAX_PROFILES, isProfileObject, profileArgs } from '../config/index.ts';
import type { HepConfig, RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import type { Io } from '../io.ts';
import type { RunResult } from '../run/index.ts';
import { ApiError } from './api-error.ts';
import { assertMediaInside, assertPathsInside } from './api-paths.ts';
import { assertNoShellCommand } from './scenario-ops.ts';
import { assertDistinctResultFiles } from './result-files.ts';
import { buildEngineConfig, checkEngineConfig } from './engine-config.ts';
import type { EngineRegistry } from './engine-registry.ts';
import { loadEngineScenario, startEngine } from './engine-start.ts';

/** Keys a client body may not have (§B6 6.11): the process's, not one engine's. */
const FORBIDDEN_KEYS = [
  'aliases',
  'workloads',
  'server',
  'clients',
  'client',
  'listeners',
  'api_addr',
  'api_token',
  'ui_data_dir',
  'legacy_api_v1',
  'auth',
  'role',
];
/** After DELETE, how long the engine's calls in flight may take before its sockets close. */
const STOP_GRACE_MS = 5000;
const WHERE = 'POST /api/v1/clients';

export interface DynamicClientsOptions {
  readonly registry: EngineRegistry;
  readonly io: Io;
  readonly log: (line: string) => void;
  /**
   * The server's own `-hep_*` settings (its primary engine's), which a client inherits unless its
   * body has a `hep_*` key of its own (§B6 6.11). Absent: clients export only when they ask.
   */
  readonly hep?: HepConfig;
}

/**
 * A body with any `hep_*` key (or `send_media_report`) sets its client's HEP export alone;
 * others inherit the server's.
 */
function withInheritedHep(
  config: RunConfig,
  body: Readonly<Record<string, unknown>>,
  parent: HepConfig | undefined,
): RunConfig {
  if (
    parent === undefined ||
    Object.keys(body).some((k) => k.startsWith('hep_') || k === 'send_media_report')
  )
    return config;
  return { ...config, hep: { ...parent } };
}

export class DynamicClients {
  private readonly pending = new Set<string>();
  private readonly running = new Map<string, Promise<RunResult>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextNumber = 1;
  private isClosed = false;

  constructor(private readonly options: DynamicClientsOptions) {}

  /** The dynamic engines now in the registry, in start order. */
  get ids(): string[] {
    return this.options.registry
      .all()
      .filter((e) => e.dynamic)
      .map((e) => e.id);
  }

  /** Starts an engine from a profile body; resolves with its id once its socket is bound. */
  async start(body: unknown, queryId: string | undefined): Promise<string> {
    const { registry, io } = this.options;
    if (this.isClosed) throw new ApiError(409, 'the server is draining: no new client');
    if (!isProfileObject(body)) throw new ApiError(400, 'the body must be a JSON object');
    const forbidden = FORBIDDEN_KEYS.filter((k) => k in body);
    if (forbidden.length > 0) {
      const names = forbidden.map((k) => `"${k}"`).join(', ');
      throw new ApiError(400, `${names}: not allowed in a client body (the server's own)`);
    }
    if (queryId !== undefined && body.id !== undefined && body.id !== queryId)
      throw new ApiError(400, `?id=${queryId} and "id": "${String(body.id)}" differ`);
    const args = profileOrRefusal(queryId === undefined ? body : { ...body, id: queryId }, io);
    const id = args.id ?? this.freeId();
    if (registry.get(id) !== undefined || this.pending.has(id))
      throw new ApiError(409, `engine id "${id}" is taken`);
    if (registry.size + this.pending.size >= MAX_PROFILES)
      throw new ApiError(409, `at most ${MAX_PROFILES} engines run in one process`);
    this.pending.add(id);
    try {
      const config = withInheritedHep(configOrRefusal(args.args, io.cwd), body, this.options.hep);
      refusing400(() => assertDistinctResultFiles([...registry.all(), { id, config }]));
      const spec = {
        id,
        config,
        isPrimary: false,
        dynamic: true,
        mode: 'client' as const,
        where: `${WHERE} (id "${id}")`,
      };
      const started = await refusing(async () => {
        const scenario = loadEngineScenario(spec);
        assertNoShellCommand(scenario);
        const source = spec.config.scenario;
        assertMediaInside(
          scenario,
          io.cwd,
          source.kind === 'file' ? dirname(source.path) : undefined,
        );
        return startEngine(spec, scenario, io);
      });
      registry.add(started.engine);
      this.running.set(id, started.finished);
      this.options.log(`client "${id}" started (${WHERE})`);
      return id;
    } finally {
      this.pending.delete(id);
    }
  }

  /** DELETE: leaves the registry at once; calls in flight get a grace period. */
  stop(id: string): void {
    const engine = this.options.registry.get(id);
    if (engine === undefined) throw new ApiError(404, `no engine with id "${id}"`);
    if (!engine.dynamic) {
      throw new ApiError(
        409,
        `engine "${id}" comes from the command line or config, not POST /clients: ` +
          'pause it with POST /api/v1/control',
      );
    }
    this.options.registry.remove(id);
    this.end(engine.run, false);
    this.options.log(`client "${id}" stopped (DELETE /api/v1/clients)`);
  }

  /** A drain began: POST /clients is refused from now on (409). */
  refuseNew(): void {
    this.isClosed = true;
  }

  /** The server is ending: no new client; each one drains (or, `abort`, stops now). */
  stopAll(abort = false): void {
    this.isClosed = true;
    for (const id of this.ids) {
      const engine = this.options.registry.get(id);
      if (engine !== undefined) this.end(engine.run, abort);
    }
  }

  async allFinished(): Promise<void> {
    await Promise.all(this.running.values());
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private end(run: { softQuit(): void; stop(): void; state: string }, abort: boolean): void {
    if (run.state === 'done') return;
    if (abort) return run.stop();
    if (run.state === 'running') run.softQuit();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (run.state !== 'done') run.stop();
    }, STOP_GRACE_MS);
    timer.unref();
    this.timers.add(timer);
  }

  private freeId(): string {
    for (;;) {
      const id = `client-${this.nextNumber++}`;
      if (this.options.registry.get(id) === undefined && !this.pending.has(id)) return id;
    }
  }
}

/** A profile problem is the client's: 400 with the profile's message. */
function profileOrRefusal(body: Readonly<Record<string, unknown>>, io: Io) {
  try {
    return profileArgs(body, io.cwd, WHERE);
  } catch (err) {
    throw asRefusal(err);
  }
}

function configOrRefusal(args: string[], cwd: string): RunConfig {
  try {
    const { config } = buildEngineConfig(args, cwd, WHERE);
    // Before anything reads a file: a refusal must not quote a line of a file outside.
    assertPathsInside(config, cwd, WHERE);
    checkEngineConfig(config);
    return config;
  } catch (err) {
    throw asRefusal(err);
  }
}

function refusing400(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    throw asRefusal(err);
  }
}

async function refusing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asRefusal(err);
  }
}

/** Our errors (flags, scenario, bind) become 400s naming the problem; the rest stays a bug. */
function asRefusal(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof GossipperError) {
    const hint = err.hint === undefined ? '' : ` (${err.hint})`;
    return new ApiError(400, `${err.message}${hint}`);
  }
  return err;
}
