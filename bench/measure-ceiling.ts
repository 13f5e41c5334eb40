/**
 * Ceiling: the highest rate that completes with zero failed calls, zero retransmissions (on
 * both sides), every call done, and at least 90% of the asked rate achieved. Rates climb a fixed
 * ladder, each step sending a fixed number of seconds' worth of calls; an implementation stops
 * climbing at its first failing step. At every step the two implementations alternate.
 * UDP pairings: our UAC vs SIPp's UAC against `sipp -sn uas`, our UAS vs SIPp's UAS driven by
 * `sipp -sn uac`. TCP (`-t t1`) the same two ways; SIPp against SIPp over TCP is both the UAC
 * and the UAS pairing, so SIPp climbs once (tcp-uac) and the UAS row reuses it.
 */
import type { BenchContext } from './context.ts';
import { supportsTransport, type Impl, type Load, type SipTransport } from './commands.ts';
import { runPair, type PairResult } from './pairing.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

/** Below this share of the asked rate a step fails even without errors (the sender fell behind). */
export const MIN_ACHIEVED_SHARE = 0.9;

interface Pairing {
  metric: string;
  role: 'uac' | 'uas';
  transport: SipTransport;
  /** Only these implementations climb (default: both). */
  only?: Impl;
}

const PAIRINGS: readonly Pairing[] = [
  { metric: 'udp-uac', role: 'uac', transport: 'u1' },
  { metric: 'udp-uas', role: 'uas', transport: 'u1' },
  { metric: 'tcp-uac', role: 'uac', transport: 't1' },
  // Our UAS driven by sipp uac; SIPp's number is the tcp-uac climb (the same sipp-vs-sipp run).
  { metric: 'tcp-uas', role: 'uas', transport: 't1', only: 'gossipper' },
];

export async function measureCeiling(ctx: BenchContext): Promise<TrialRecord[]> {
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.trials; trial++) {
    for (const pairing of PAIRINGS) records.push(...(await climb(ctx, pairing, trial)));
  }
  return records;
}

async function climb(ctx: BenchContext, pairing: Pairing, trial: number): Promise<TrialRecord[]> {
  const { seconds, rates } = ctx.options.sizes.ceiling;
  const impls = trialOrder(trial).filter(
    (i) => supportsTransport(i, pairing.transport) && (pairing.only ?? i) === i,
  );
  const best = new Map<Impl, number>(impls.map((i) => [i, 0]));
  const stoppedBy = new Map<Impl, string>();
  const steps: string[] = [];
  for (const rate of rates) {
    const climbing = impls.filter((i) => !stoppedBy.has(i));
    if (climbing.length === 0) break;
    for (const impl of climbing) {
      const load: Load = { calls: Math.round(rate * seconds), rate, transport: pairing.transport };
      ctx.log(`ceiling trial ${trial}: ${pairing.metric} ${impl} at ${rate}/s`);
      const pair =
        pairing.role === 'uac'
          ? await runPair(ctx, { server: 'sipp', client: impl, load })
          : await runPair(ctx, { server: impl, client: 'sipp', load });
      const problems = stepProblems(pair, rate);
      steps.push(`${impl}@${rate}:${problems.length === 0 ? 'pass' : problems.join('; ')}`);
      if (problems.length === 0) best.set(impl, rate);
      else stoppedBy.set(impl, `${rate}/s: ${problems.join('; ')}`);
    }
  }
  const top = rates[rates.length - 1] ?? 0;
  return impls.map((impl) => ({
    measure: 'ceiling',
    metric: pairing.metric,
    impl,
    trial,
    value: best.get(impl) ?? 0,
    unit: 'calls/s',
    clean: true,
    problems: stoppedBy.has(impl) ? [`stopped at ${stoppedBy.get(impl)}`] : [],
    detail: {
      seconds,
      transport: pairing.transport,
      reachedTopOfLadder: (best.get(impl) ?? 0) >= top,
      steps: steps.filter((s) => s.startsWith(`${impl}@`)).join(' | '),
    },
  }));
}

function stepProblems(pair: PairResult, rate: number): string[] {
  const problems = [...pair.problems];
  const achieved = pair.client.screen.callRateCps;
  if (!(achieved >= rate * MIN_ACHIEVED_SHARE)) {
    problems.push(`achieved ${achieved.toFixed(0)}/s of ${rate}/s`);
  }
  return problems;
}
