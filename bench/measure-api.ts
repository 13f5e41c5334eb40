/**
 * API cost (issue 16): our UAC at 4,000 calls/s against `sipp -sn uas`, once with the management
 * API beside it (`-api_addr`) polled with GET /api/v1/stats 50 times a second while 10 WebSocket
 * clients read /api/v1/live, and once without any API; alternating order by trial. The figure
 * is the UAC's CPU (user + system, GNU time) with the API over without it: the target is under
 * 1.05, with no failed call.
 */
import { startApiLoad, type ApiLoadResult } from './api-load.ts';
import type { Load } from './commands.ts';
import { freePort, type BenchContext } from './context.ts';
import { runPair, type PairResult } from './pairing.ts';
import type { TrialRecord } from './trial.ts';

const PLAN = { pollsPerS: 50, liveClients: 10 };

export async function measureApi(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.api;
  const load: Load = { calls, rate, transport: 'u1' };
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    const order = trial % 2 === 1 ? [true, false] : [false, true];
    const cpu = new Map<boolean, { pair: PairResult; api?: ApiLoadResult }>();
    for (const withApi of order) {
      ctx.log(
        `api trial ${trial}: UAC ${withApi ? 'with the API under load' : 'without API'}, ` +
          `${calls} calls at ${rate}/s`,
      );
      cpu.set(withApi, withApi ? await runWithApi(ctx, load) : { pair: await plain(ctx, load) });
    }
    const on = cpu.get(true) as { pair: PairResult; api?: ApiLoadResult };
    const off = (cpu.get(false) as { pair: PairResult }).pair;
    const api = on.api as ApiLoadResult;
    const problems = [...off.problems, ...on.pair.problems];
    // The API must have been used as planned, or the ratio says nothing.
    const expectedPolls = (calls / rate) * PLAN.pollsPerS * 0.5;
    if (api.polls < expectedPolls) problems.push(`only ${api.polls} polls answered`);
    if (api.liveOpened < PLAN.liveClients) problems.push(`${api.liveOpened} live clients opened`);
    const failed = on.pair.client.screen.failed + off.client.screen.failed;
    const detail = {
      rate,
      calls,
      cpuWithApiS: on.pair.client.cpuS,
      cpuWithoutApiS: off.client.cpuS,
      polls: api.polls,
      pollErrors: api.pollErrors,
      liveFrames: api.frames,
      liveClients: api.liveOpened,
    };
    const base = { measure: 'api' as const, impl: 'gossipper' as const, trial, detail };
    records.push(
      {
        ...base,
        metric: 'api-cpu-ratio',
        value: on.pair.client.cpuS / off.client.cpuS,
        unit: '×',
        clean: problems.length === 0,
        problems,
      },
      {
        // The same extra, as a share of one core over the run's wall time.
        ...base,
        metric: 'api-extra-core-pct',
        value: ((on.pair.client.cpuS - off.client.cpuS) / on.pair.client.wallS) * 100,
        unit: '%',
        clean: problems.length === 0,
        problems,
      },
      {
        ...base,
        metric: 'api-failed-calls',
        value: failed,
        unit: 'calls',
        clean: problems.length === 0,
        problems,
      },
    );
  }
  return records;
}

function plain(ctx: BenchContext, load: Load): Promise<PairResult> {
  return runPair(ctx, { server: 'sipp', client: 'gossipper', load });
}

async function runWithApi(
  ctx: BenchContext,
  load: Load,
): Promise<{ pair: PairResult; api: ApiLoadResult }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/v1`;
  let api: ApiLoadResult | undefined;
  const pair = await runPair(ctx, {
    server: 'sipp',
    client: 'gossipper',
    load,
    clientExtra: ['-api_addr', `127.0.0.1:${port}`],
    duringClient: async () => {
      const stop = await startApiLoad(base, PLAN);
      return async () => {
        api = await stop();
      };
    },
  });
  if (api === undefined) throw new Error('bench: the API load never started');
  return { pair, api };
}
