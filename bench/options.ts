/** Command-line options of `npm run bench` and the work sizes each mode implies. */
import type { TcpFloodPlan, UdpFloodPlan } from '../test/peers/hostile-flood.ts';
import { BenchError } from './bench-error.ts';

export const MEASURES = [
  'efficiency',
  'ceiling',
  'memory',
  'fidelity',
  'shards',
  'threads',
  'hostile',
  'transports',
  'api',
  'records',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface Sizes {
  /** Efficiency: calls at `rate` per trial and implementation. */
  efficiency: { rate: number; calls: number };
  fidelity: { rate: number; calls: number };
  /** Memory: `calls` concurrent calls of `callMs`, opened at `rate`. */
  memory: { rate: number; calls: number; callMs: number };
  /** Ceiling: each step sends `seconds` worth of calls; steps climb `rates` until a failure. */
  ceiling: { seconds: number; rates: number[] };
  /**
   * Hostile: `calls` legitimate calls at `rate` from `sipp -sn uac` to the UAS while a flooder
   * sends `udp` (then, over TCP, `tcp`) at the same UAS.
   */
  hostile: { rate: number; calls: number; udp: UdpFloodPlan; tcp: TcpFloodPlan };
  /** Threads: `pairs` alternating `-threads 1` / `-threads 2` runs of `calls` at `rate`. */
  threads: { rate: number; calls: number; pairs: number };
  /**
   * Transports (ours against ours): CPU runs of `calls` at `rate` (and a fifth of them), then a
   * ceiling ladder of `seconds` per step.
   */
  transports: { rate: number; calls: number; ceiling: { seconds: number; rates: number[] } };
  /** API cost: our UAC's `calls` at `rate`, with the API under load and without it. */
  api: { rate: number; calls: number };
  /** Records: our UAC's `calls` at `rate` against our UAS, with and without -call_records_jsonl. */
  records: { rate: number; calls: number };
}

export interface BenchOptions {
  quick: boolean;
  trials: number;
  /**
   * Trials of the fidelity measure: its p99 is the tail of a 5 s run, moved by any stall of the
   * shared machine, and a run costs seconds, so it takes more by default (--trials sets both).
   */
  fidelityTrials: number;
  /** Trials of the hostile soak: a minute per run and target, judged pass/fail per run. */
  hostileTrials: number;
  only: ReadonlySet<Measure>;
  keepLogs: boolean;
  sizes: Sizes;
}

/** Issue 12's flood: 3,000 OPTIONS/s with fresh Call-IDs took a UAS from 45 to 136 MB in 240 s. */
const HOSTILE_UDP: UdpFloodPlan = { optionsPerS: 3000, malformedPerS: 300, strayPerS: 300 };
/**
 * 500 slowloris connections × 30 kB hold 15 MB of headers, each under the 64 KiB header cap and
 * together under the default -max_stream_buffer (32 MiB): what must stay bounded is our cost of
 * holding them, not whether they are refused.
 */
const HOSTILE_TCP: TcpFloodPlan = {
  slowConnections: 500,
  slowBytes: 30_000,
  resetsPerS: 50,
  hugeLengthPerS: 5,
  hugeBodyBytes: 1024 * 1024,
};

const FULL: Sizes = {
  efficiency: { rate: 4000, calls: 40000 },
  // A multiple of SIPp's -rtt_freq (1000): SIPp only writes full batches of rtt rows.
  fidelity: { rate: 4000, calls: 20000 },
  memory: { rate: 2000, calls: 20000, callMs: 10000 },
  // 2k steps near the top: one trial's failure then moves a median by 2k, not 4k.
  ceiling: {
    seconds: 5,
    rates: [2000, 3000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000, 22000, 24000],
  },
  // 70 s of calls: the second half starts after the 33 s -deadcall_wait, when a bounded UAS
  // has gone flat.
  hostile: { rate: 500, calls: 35000, udp: HOSTILE_UDP, tcp: HOSTILE_TCP },
  threads: { rate: 2000, calls: 20000, pairs: 2 },
  transports: {
    rate: 2000,
    calls: 20000,
    ceiling: { seconds: 3, rates: [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000] },
  },
  api: { rate: 4000, calls: 40000 },
  // Issue 18 asks for bounded memory at 10,000 calls/s: 10 s of calls at that rate.
  records: { rate: 10000, calls: 100000 },
};

const QUICK: Sizes = {
  efficiency: { rate: 4000, calls: 8000 },
  fidelity: { rate: 4000, calls: 4000 },
  memory: { rate: 1000, calls: 2000, callMs: 2000 },
  ceiling: { seconds: 1, rates: [1000, 2000, 4000, 8000] },
  // 10 s: a smoke run of the floods and the call count; too short to judge a plateau (n/a).
  hostile: { rate: 500, calls: 5000, udp: HOSTILE_UDP, tcp: HOSTILE_TCP },
  threads: { rate: 2000, calls: 4000, pairs: 1 },
  transports: { rate: 1000, calls: 3000, ceiling: { seconds: 2, rates: [1000, 2000, 4000] } },
  api: { rate: 4000, calls: 12000 },
  records: { rate: 10000, calls: 20000 },
};

const FIDELITY_TRIALS = 5;
const HOSTILE_TRIALS = 1;

export const USAGE = `usage: npm run bench -- [--quick] [--trials N] [--only ${MEASURES.join(',')}] [--keep-logs]
  --quick      one trial and small counts: a smoke run of a minute or two
  --trials N   alternating A/B trials per measure (default 3, fidelity 5, hostile 1;
               quick 1)
  --only LIST  comma list of measures to run (default: all)
  --keep-logs  keep every child's stdout/stderr under the work directory`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let keepLogs = false;
  let trials: number | undefined;
  let only: Set<Measure> = new Set(MEASURES);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') quick = true;
    else if (arg === '--keep-logs') keepLogs = true;
    else if (arg === '--trials') trials = parseTrials(argv[++i]);
    else if (arg === '--only') only = parseOnly(argv[++i]);
    else throw new BenchError(`unknown option "${arg}"`, USAGE);
  }
  return {
    quick,
    keepLogs,
    trials: trials ?? (quick ? 1 : 3),
    fidelityTrials: trials ?? (quick ? 1 : FIDELITY_TRIALS),
    hostileTrials: trials ?? HOSTILE_TRIALS,
    only,
    sizes: quick ? QUICK : FULL,
  };
}

function parseTrials(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    throw new BenchError(`--trials: got "${value ?? ''}", expected an integer 1..20`, USAGE);
  }
  return n;
}

function parseOnly(value: string | undefined): Set<Measure> {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(MEASURES as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0) {
    throw new BenchError(
      `--only: unknown measure "${bad[0] ?? ''}", expected some of ${MEASURES.join(',')}`,
      USAGE,
    );
  }
  return new Set(names as Measure[]);
}
