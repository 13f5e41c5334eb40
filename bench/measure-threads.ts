/**
 * Threads: what a second shard costs per call. Our UAC with `-threads 1` and with `-threads 2`
 * places the same calls at the same rate against `sipp -sn uas` (whose CPU is not counted), in
 * alternating pairs (1, 2, 2, 1, ...) so that a disturbance of the shared machine falls on both
 * alike. Each trial's value is the CPU (user + system, every thread, start-up included) of its
 * `-threads 2` runs over that of its `-threads 1` runs: the issue-15 target is ≤ 1.15.
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
  }
  return records;
}
