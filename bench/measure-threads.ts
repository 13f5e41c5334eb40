/**
 * Threads: what a second shard costs per call. Our UAC with `-threads 1` and with `-threads 2`
 * places the same calls at the same rate against `sipp -sn uas` (whose CPU is not counted), in
 * alternating pairs (1, 2, 2, 1, ...) so that a disturbance of the shared machine falls on both
 * alike. Each trial's value is the CPU (user + system, every thread, start-up included) of its
 * `-threads 2` runs over that of its `-threads 1` runs: the issue-15 target is ≤ 1.15.
 *
 * Each run is followed by one of a fifth of the calls with the same thread count; the CPU
 * between the two per call (`cpu-ratio-marginal`) leaves out what a run pays once whatever its
 * length (a worker's start-up, a second JIT warm-up): the cost of one more call.
 */
import type { BenchContext } from './context.ts';
import type { Load } from './commands.ts';
import { runPair } from './pairing.ts';
import type { TrialRecord } from './trial.ts';

export async function measureThreads(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls, pairs } = ctx.options.sizes.threads;
  const load: Load = { calls, rate, transport: 'u1' };
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    const cpuS = { 1: 0, 2: 0 };
    const shortCpuS = { 1: 0, 2: 0 };
    const short: Load = { ...load, calls: Math.round(calls / 5) };
    const problems: string[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const order = (trial + pair) % 2 === 1 ? ([1, 2] as const) : ([2, 1] as const);
      for (const threads of order) {
        ctx.log(
          `threads trial ${trial}.${pair + 1}: -threads ${threads}, ${calls} calls at ${rate}/s`,
        );
        const run = await runPair(ctx, {
          server: 'sipp',
          client: 'gossipper',
          load,
          clientExtra: ['-threads', String(threads)],
        });
        const s = run.client;
        cpuS[threads] += s.cpuS;
        const brief = await runPair(ctx, {
          server: 'sipp',
          client: 'gossipper',
          load: short,
          clientExtra: ['-threads', String(threads)],
        });
        shortCpuS[threads] += brief.client.cpuS;
        problems.push(...brief.problems.map((p) => `-threads ${threads}, short run: ${p}`));
        problems.push(...run.problems.map((p) => `-threads ${threads}: ${p}`));
        records.push({
          measure: 'threads',
          metric: `cpu-t${threads}`,
          impl: 'gossipper',
          trial,
          value: (s.cpuS / calls) * 1000,
          unit: 'CPU-s/1000 calls',
          clean: run.problems.length === 0,
          problems: run.problems,
          detail: { pair: pair + 1, rate, calls: s.screen.outgoingCreated, cpuS: s.cpuS },
        });
      }
    }
    records.push({
      measure: 'threads',
      metric: 'cpu-ratio',
      impl: 'gossipper',
      trial,
      value: cpuS[2] / cpuS[1],
      unit: '×',
      clean: problems.length === 0,
      problems,
      detail: { pairs, rate, calls, cpuS1: cpuS[1], cpuS2: cpuS[2] },
    });
    const extra = (t: 1 | 2): number => cpuS[t] - shortCpuS[t];
    records.push({
      measure: 'threads',
      metric: 'cpu-ratio-marginal',
      impl: 'gossipper',
      trial,
      value: extra(2) / extra(1),
      unit: '×',
      clean: problems.length === 0,
      problems,
      detail: { pairs, rate, calls, shortCalls: short.calls, extraS1: extra(1), extraS2: extra(2) },
    });
  }
  return records;
}
