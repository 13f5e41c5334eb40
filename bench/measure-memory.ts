/**
 * Memory: resident memory per concurrent call. N calls of a fixed length are opened at a rate
 * that puts all N up at once; VmRSS is sampled every 250 ms and the peak, minus the idle RSS,
 * is divided by the peak number of concurrent calls the process itself reports.
 * Idle RSS: a UAS is sampled after 1 s of listening with no traffic; a UAC starts calling at
 * once, so its idle figure is the peak of a separate 1-call run of the same command.
 */
import type { BenchContext } from './context.ts';
import type { Impl, Load } from './commands.ts';
import { runPair } from './pairing.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

export async function measureMemory(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls, callMs } = ctx.options.sizes.memory;
  const load: Load = { calls, rate, callMs, limit: calls, transport: 'u1' };
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    for (const impl of trialOrder(trial)) {
      ctx.log(`memory trial ${trial}: uac ${impl}, ${calls} calls of ${callMs} ms`);
      records.push(await uacMemory(ctx, impl, trial, load));
    }
    for (const impl of trialOrder(trial)) {
      ctx.log(`memory trial ${trial}: uas ${impl}, ${calls} calls of ${callMs} ms`);
      records.push(await uasMemory(ctx, impl, trial, load));
    }
  }
  return records;
}

async function uacMemory(
  ctx: BenchContext,
  impl: Impl,
  trial: number,
  load: Load,
): Promise<TrialRecord> {
  const idle = await runPair(ctx, {
    server: 'sipp',
    client: impl,
    sampleRss: 'client',
    load: { calls: 1, rate: 1, callMs: 2000, transport: 'u1' },
  });
  const pair = await runPair(ctx, { server: 'sipp', client: impl, load, sampleRss: 'client' });
  return record(
    'uac',
    impl,
    trial,
    idle.maxRssKb,
    pair.maxRssKb,
    pair.client.screen.peakCalls,
    [...idle.problems.map((p) => `idle run: ${p}`), ...pair.problems],
    load,
  );
}

async function uasMemory(
  ctx: BenchContext,
  impl: Impl,
  trial: number,
  load: Load,
): Promise<TrialRecord> {
  const pair = await runPair(ctx, { server: impl, client: 'sipp', load, sampleRss: 'server' });
  return record(
    'uas',
    impl,
    trial,
    pair.idleRssKb,
    pair.maxRssKb,
    pair.server.screen.peakCalls,
    pair.problems,
    load,
  );
}

function record(
  role: 'uac' | 'uas',
  impl: Impl,
  trial: number,
  idleKb: number | undefined,
  peakKb: number | undefined,
  peakCalls: number,
  problems: string[],
  load: Load,
): TrialRecord {
  const idle = idleKb ?? NaN;
  const peak = peakKb ?? NaN;
  return {
    measure: 'memory',
    metric: role,
    impl,
    trial,
    value: ((peak - idle) * 1024) / peakCalls,
    unit: 'bytes/concurrent call',
    clean: problems.length === 0,
    problems,
    detail: {
      idleRssKb: idle,
      peakRssKb: peak,
      peakCalls,
      calls: load.calls,
      callMs: load.callMs ?? 0,
    },
  };
}
