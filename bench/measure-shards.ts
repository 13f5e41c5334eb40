/**
 * Shards: what `-threads 2` buys our UAC. Every pairing calls the same server, our own
 * single-thread UAS (`gossipper -sn uas`), so the clients are compared on equal terms:
 * - efficiency: CPU seconds per 1000 calls of `gossipper -threads 2` and of SIPp's UAC at the
 *   efficiency rate (all threads of the process count);
 * - ceiling: the same ladder and pass rules as measure-ceiling.ts for `gossipper -threads 2`,
 *   `gossipper -threads 1` and SIPp's (single-threaded) UAC.
 * The server is single-threaded, so on a small machine it may be the ceiling of every client;
 * the report's note says when a climb reached the top of the ladder.
 */
import type { BenchContext } from './context.ts';
import type { Impl, Load } from './commands.ts';
import { MIN_ACHIEVED_SHARE } from './measure-ceiling.ts';
import { runPair, type PairResult } from './pairing.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

interface Client {
  impl: Impl;
  threads?: number;
}

function extra(c: Client): string[] {
  return c.threads === undefined ? [] : ['-threads', String(c.threads)];
}

function nameOf(c: Client): string {
  return c.threads === undefined ? c.impl : `${c.impl} -threads ${c.threads}`;
}

export async function measureShards(ctx: BenchContext): Promise<TrialRecord[]> {
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    records.push(...(await efficiency(ctx, trial)));
    const clients: Client[] = trialOrder(trial).flatMap((impl): Client[] =>
      impl === 'sipp'
        ? [{ impl }]
        : [
            { impl, threads: 2 },
            { impl, threads: 1 },
          ],
    );
    records.push(...(await climb(ctx, clients, trial)));
  }
  return records;
}

async function efficiency(ctx: BenchContext, trial: number): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.efficiency;
  const load: Load = { calls, rate, transport: 'u1' };
  const out: TrialRecord[] = [];
  for (const impl of trialOrder(trial)) {
    const client: Client = impl === 'gossipper' ? { impl, threads: 2 } : { impl };
    ctx.log(
      `shards trial ${trial}: efficiency of ${nameOf(client)}, ${calls} calls at ${rate}/s against our uas`,
    );
    const pair = await runPair(ctx, {
      server: 'gossipper',
      client: impl,
      load,
      clientExtra: extra(client),
    });
    const s = pair.client;
    out.push({
      measure: 'shards',
      metric: 'efficiency-t2',
      impl,
      trial,
      value: (s.cpuS / s.screen.outgoingCreated) * 1000,
      unit: 'CPU-s/1000 calls',
      clean: pair.problems.length === 0,
      problems: pair.problems,
      detail: {
        client: nameOf(client),
        rate,
        calls: s.screen.outgoingCreated,
        cpuS: s.cpuS,
        wallS: s.wallS,
        maxRssKb: s.maxRssKb,
      },
    });
  }
  return out;
}

async function climb(
  ctx: BenchContext,
  clients: readonly Client[],
  trial: number,
): Promise<TrialRecord[]> {
  const { seconds, rates } = ctx.options.sizes.ceiling;
  const best = new Map<Client, number>(clients.map((c) => [c, 0]));
  const stoppedBy = new Map<Client, string>();
  const steps = new Map<Client, string[]>(clients.map((c) => [c, []]));
  for (const rate of rates) {
    const climbing = clients.filter((c) => !stoppedBy.has(c));
    if (climbing.length === 0) break;
    for (const client of climbing) {
      const load: Load = { calls: Math.round(rate * seconds), rate, transport: 'u1' };
      ctx.log(`shards trial ${trial}: ceiling of ${nameOf(client)} at ${rate}/s against our uas`);
      const pair = await runPair(ctx, {
        server: 'gossipper',
        client: client.impl,
        load,
        clientExtra: extra(client),
      });
      const problems = stepProblems(pair, rate);
      steps.get(client)?.push(`${rate}:${problems.length === 0 ? 'pass' : problems.join('; ')}`);
      if (problems.length === 0) best.set(client, rate);
      else stoppedBy.set(client, `${rate}/s: ${problems.join('; ')}`);
    }
  }
  const top = rates[rates.length - 1] ?? 0;
  return clients.map((c) => ({
    measure: 'shards',
    metric: c.threads === 1 ? 'ceiling-t1' : 'ceiling-t2',
    impl: c.impl,
    trial,
    value: best.get(c) ?? 0,
    unit: 'calls/s',
    clean: true,
    problems: stoppedBy.has(c) ? [`stopped at ${stoppedBy.get(c)}`] : [],
    detail: {
      client: nameOf(c),
      server: 'gossipper uas',
      seconds,
      reachedTopOfLadder: (best.get(c) ?? 0) >= top,
      steps: (steps.get(c) ?? []).join(' | '),
    },
  }));
}

function stepProblems(pair: PairResult, rate: number): string[] {
  const problems = [...pair.problems];
  const achieved = pair.client.screen.callRateCps;
  if (!(achieved >= rate * MIN_ACHIEVED_SHARE))
    problems.push(`achieved ${achieved.toFixed(0)}/s of ${rate}/s`);
  return problems;
}
