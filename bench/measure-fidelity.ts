/**
 * Fidelity: INVITE→200 response time (SIPp's "Response Time 1") as each UAC measures it against
 * the same `sipp -sn uas`, and the achieved call rate against the asked one. SIPp prints no
 * percentiles, so its UAC runs with `-trace_rtt -rtt_freq 1000` and we rank the CSV rows; note
 * SIPp records response times in whole milliseconds. Gossipper prints p50/p99 in its extras block.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.ts';
import type { Impl, Load } from './commands.ts';
import { runPair, type PairResult } from './pairing.ts';
import { parseExtrasPercentiles, parseRttCsv } from './screen-parse.ts';
import { percentile } from './statistics.ts';
import { trialOrder, type TrialRecord } from './trial.ts';

const SIPP_RTT_FLAGS = ['-trace_rtt', '-rtt_freq', '1000'];

export async function measureFidelity(ctx: BenchContext): Promise<TrialRecord[]> {
  const { rate, calls } = ctx.options.sizes.fidelity;
  const load: Load = { calls, rate, transport: 'u1' };
  const records: TrialRecord[] = [];
  for (let trial = 1; trial <= ctx.options.fidelityTrials; trial++) {
    for (const impl of trialOrder(trial)) {
      ctx.log(`fidelity trial ${trial}: uac ${impl}, ${calls} calls at ${rate}/s`);
      const pair = await runPair(ctx, {
        server: 'sipp',
        client: impl,
        load,
        clientExtra: impl === 'sipp' ? SIPP_RTT_FLAGS : [],
      });
      const times = impl === 'sipp' ? sippTimes(ctx, pair) : gossipperTimes(pair);
      const base = {
        measure: 'fidelity' as const,
        impl,
        trial,
        clean: pair.problems.length === 0,
        problems: pair.problems,
      };
      const detail = {
        rate,
        calls,
        samples: times.samples,
        achievedCps: pair.client.screen.callRateCps,
      };
      records.push(
        { ...base, metric: 'p50', value: times.p50Ms, unit: 'ms', detail },
        { ...base, metric: 'p99', value: times.p99Ms, unit: 'ms', detail },
        {
          ...base,
          metric: 'rate',
          value: pair.client.screen.callRateCps / rate,
          unit: 'achieved/asked',
          detail,
        },
      );
    }
  }
  return records;
}

interface Times {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

function sippTimes(ctx: BenchContext, pair: PairResult): Times {
  const file = join(ctx.workDir, `uac_${pair.clientPid ?? 0}_rtt.csv`);
  let text = '';
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    /* no rtt file: NaN below */
  }
  rmSync(file, { force: true });
  const rows = parseRttCsv(text, '1');
  return { p50Ms: percentile(rows, 50), p99Ms: percentile(rows, 99), samples: rows.length };
}

function gossipperTimes(pair: PairResult): Times {
  const p = parseExtrasPercentiles(pair.client.stdout, 'Response Time 1');
  return { p50Ms: p?.p50Ms ?? NaN, p99Ms: p?.p99Ms ?? NaN, samples: pair.client.screen.successful };
}
