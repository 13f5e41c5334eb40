/**
 * Warm-up by self-calls: before the rate clock starts, the run's own scenario places (or
 * answers) a few hundred calls against Gossipper's built-in opposite role, entirely in process
 * on a fake clock. V8 then has optimized the engine, parser, renderer and matcher before the
 * first real call; without it the first half second of a fast run is slow enough to build a
 * backlog that shows up as tens of milliseconds of response time. Nothing touches the network.
 */
import { loadBuiltinScenario } from '../scenario/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { CounterId, ProgramStatsSource, StatsSink, StepEventId } from '../stats/index.ts';
import { inProcessPair } from '../transport/index.ts';
import type { TransportHandlers } from '../transport/index.ts';
import { FakeClock } from './clock.ts';
import { Engine } from './engine.ts';
import type { EngineConfig } from './engine-deps.ts';
import type { RunContext } from './run-context.ts';
import { SeededRng } from './rng.ts';
import { NULL_TRACE_SINK } from './trace-sink.ts';

export const SELF_CALLS = 300;
/** Bounds on the simulated run, whatever the scenario does (long pauses, unanswered recvs). */
const MAX_SIMULATED_MS = 120_000;
const MAX_STEPS = 20_000;
/**
 * The warm-up draws from a fixed sequence of its own: it leaves the run's random source
 * untouched, so a `-seed` run replays the same with or without a warm-up.
 */
const WARM_UP_SEED = 1;

const NULL_STATS: StatsSink = {
  count(_c: CounterId, _n?: number) {},
  step(_i: number, _e: StepEventId) {},
  responseTime() {},
  callLength() {},
  inviteRtt() {},
  generic() {},
};
const NULL_STATS_SOURCE: ProgramStatsSource = { forProgram: () => NULL_STATS };
/** Trial calls run no `<exec command>`: they must leave no trace outside the process. */
const NO_COMMAND = (): void => {};

/**
 * Runs SELF_CALLS calls of `scenario` against the built-in of the other role; returns calls ended.
 */
export function warmUpBySelfCalls(
  scenario: Scenario,
  config: EngineConfig,
  ctx: RunContext,
  calls = SELF_CALLS,
): number {
  const clock = new FakeClock(0);
  const opposite = loadBuiltinScenario(scenario.mode === 'client' ? 'uas' : 'uac');
  const [client, server] = scenario.mode === 'client' ? [scenario, opposite] : [opposite, scenario];
  const a = { address: '127.0.0.1', port: 1 };
  const b = { address: '127.0.0.1', port: 2 };
  let clientEngine: Engine | undefined;
  let serverEngine: Engine | undefined;
  let done = false;
  const handlers = (which: () => Engine | undefined): TransportHandlers => ({
    onMessage: (buf, from, via) => which()?.onDatagram(buf, from, via),
    onError() {},
  });
  const [ta, tb] = inProcessPair(
    a,
    handlers(() => clientEngine),
    b,
    handlers(() => serverEngine),
  );
  const events = {
    onDone: () => {
      done = true;
    },
    onSoftQuitRequested() {},
  };
  const quiet = {
    ...config,
    maxCalls: calls,
    callLimit: calls,
    deadCallWaitMs: 0,
    recvTimeoutMs: config.recvTimeoutMs || 5000,
    rate: { ...config.rate, callsPerPeriod: calls, periodMs: 1000, increase: 0 },
  };
  const rng = new SeededRng(WARM_UP_SEED);
  // Injection files forked: the trial calls must not move the run's lines or change its files.
  const injection = ctx.injection?.fork();
  const sctx: RunContext = { ...ctx, clock, rng, globals: new Map(ctx.globals), injection };
  serverEngine = new Engine({
    scenario: server,
    config: { ...quiet, maxCalls: undefined },
    ctx: sctx,
    transport: tb,
    remote: a,
    stats: NULL_STATS_SOURCE,
    trace: NULL_TRACE_SINK,
    events: { onDone() {}, onSoftQuitRequested() {} },
    runCommand: NO_COMMAND,
  });
  clientEngine = new Engine({
    scenario: client,
    config: quiet,
    ctx: sctx,
    transport: ta,
    remote: b,
    stats: NULL_STATS_SOURCE,
    trace: NULL_TRACE_SINK,
    events,
    runCommand: NO_COMMAND,
  });
  for (let step = 0; step < MAX_STEPS && !done && clock.now() < MAX_SIMULATED_MS; step++) {
    const moved = ta.deliver() + tb.deliver();
    // Jump over idle stretches (pauses, timewaits) instead of stepping them 1 ms at a time.
    clock.advance(moved > 0 ? 1 : 10);
    clientEngine.tick();
    serverEngine.tick();
  }
  return clientEngine.created;
}
