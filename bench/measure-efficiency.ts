/**
 * Efficiency: CPU seconds per 1000 calls at a fixed rate over UDP. The UACs (ours and SIPp's)
 * both call the same `sipp -sn uas`; the UASes are both driven by the same `sipp -sn uac`.
 * CPU is user + system time of the measured process as GNU time reports it, start-up included.
 *
 * Each run is followed by a run of a fifth of the calls; the difference between the two is the
 * marginal cost of a call with start-up, JIT warm-up and exit taken out (`<role>-marginal`),
 * which is what a long run approaches.
 *
 * `uac-results`: our UAC again with -summary_json and -call_records_jsonl on (a histogram per
 * latency and a JSON line per call), against SIPp's plain `uac` figure: SIPp writes neither.
 */
import type { BenchContext } from './context.ts';
import type { Impl, Load } from './commands.ts';
import { runPair, type PairResult } from './pairing.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

export async function measureEfficiency(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.efficiency;
  const load: Load = { calls, rate, transport: 'u1' };
  const short: Load = { ...load, calls: Math.round(calls / 5) };
  const records: TrialRecord[] = [];
  const run = (role: 'uac' | 'uas', impl: Impl, l: Load): Promise<PairResult> =>
    role === 'uac'
      ? runPair(ctx, { server: 'sipp', client: impl, load: l })
      : runPair(ctx, { server: impl, client: 'sipp', load: l });
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    for (const role of ['uac', 'uas'] as const) {
      for (const impl of trialOrder(trial)) {
        ctx.log(
          `efficiency trial ${trial}: ${role} ${impl}, ${calls} then ${short.calls} calls at ${rate}/s`,
        );
        const long = record(role, impl, trial, await run(role, impl, load), load);
        const brief = record(role, impl, trial, await run(role, impl, short), short);
        records.push(long, marginal(long, brief));
      }
    }
    const files = (l: Load): string[] => {
      const stem = `results-t${trial}-${l.calls}`;
      return ['-summary_json', `${stem}.json`, '-call_records_jsonl', `${stem}.jsonl`];
    };
    const withResults = (l: Load): Promise<PairResult> =>
      runPair(ctx, { server: 'sipp', client: 'gossipper', load: l, clientExtra: files(l) });
    ctx.log(`efficiency trial ${trial}: uac gossipper with -summary_json -call_records_jsonl`);
    const long = record('uac', 'gossipper', trial, await withResults(load), load);
    const brief = record('uac', 'gossipper', trial, await withResults(short), short);
    const named = (r: TrialRecord): TrialRecord => ({
      ...r,
      metric: `uac-results${r.metric.slice(3)}`,
    });
    records.push(named(long), named(marginal(long, brief)));
  }
  return records;
}

/** CPU per 1000 calls between a short and a long run: start-up and warm-up cancel out. */
export function marginal(long: TrialRecord, brief: TrialRecord): TrialRecord {
  const calls = (long.detail.calls as number) - (brief.detail.calls as number);
  const cpuS = (long.detail.cpuS as number) - (brief.detail.cpuS as number);
  return {
    ...long,
    metric: `${long.metric}-marginal`,
    value: (cpuS / calls) * 1000,
    clean: long.clean && brief.clean,
    problems: [...long.problems, ...brief.problems],
    detail: {
      calls,
      cpuS,
      longCalls: long.detail.calls,
      longCpuS: long.detail.cpuS,
      shortCalls: brief.detail.calls,
      shortCpuS: brief.detail.cpuS,
    },
  };
}

function record(
  role: 'uac' | 'uas',
  impl: Impl,
  trial: number,
  pair: PairResult,
  load: Load,
): TrialRecord {
  const s = role === 'uac' ? pair.client : pair.server;
  const created = role === 'uac' ? s.screen.outgoingCreated : s.screen.incomingCreated;
  return {
    measure: 'efficiency',
    metric: role,
    impl,
    trial,
    value: (s.cpuS / created) * 1000,
    unit: 'CPU-s/1000 calls',
    clean: pair.problems.length === 0,
    problems: pair.problems,
    detail: {
      rate: load.rate,
      calls: created,
      cpuS: s.cpuS,
      userS: s.userS,
      sysS: s.sysS,
      wallS: s.wallS,
      maxRssKb: s.maxRssKb,
    },
  };
}
