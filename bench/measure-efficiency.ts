/**
 * Efficiency: CPU seconds per 1000 calls at a fixed rate over UDP. The UACs (ours and SIPp's)
 * both call the same `sipp -sn uas`; the UASes are both driven by the same `sipp -sn uac`.
 * CPU is user + system time of the measured process as GNU time reports it, start-up included.
 */
import type { BenchContext } from './context.ts';
import type { Impl, Load } from './commands.ts';
import { runPair, type PairResult } from './pairing.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

export async function measureEfficiency(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.efficiency;
  const load: Load = { calls, rate, transport: 'u1' };
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    for (const role of ['uac', 'uas'] as const) {
      for (const impl of trialOrder(trial)) {
        ctx.log(`efficiency trial ${trial}: ${role} ${impl}, ${calls} calls at ${rate}/s`);
        const pair = role === 'uac'
          ? await runPair(ctx, { server: 'sipp', client: impl, load })
          : await runPair(ctx, { server: impl, client: 'sipp', load });
        records.push(record(role, impl, trial, pair, load));
      }
    }
  }
  return records;
}

function record(role: 'uac' | 'uas', impl: Impl, trial: number, pair: PairResult, load: Load): TrialRecord {
  const s = role === 'uac' ? pair.client : pair.server;
  const created = role === 'uac' ? s.screen.outgoingCreated : s.screen.incomingCreated;
  return {
    measure: 'efficiency', metric: role, impl, trial,
    value: (s.cpuS / created) * 1000, unit: 'CPU-s/1000 calls',
    clean: pair.problems.length === 0, problems: pair.problems,
    detail: {
      rate: load.rate, calls: created, cpuS: s.cpuS, userS: s.userS, sysS: s.sysS,
      wallS: s.wallS, maxRssKb: s.maxRssKb,
    },
  };
}
