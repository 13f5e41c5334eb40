/**
 * Deterministic load split of one Run over N shards (worker threads, later machines): shard i of
 * N gets its share of the rate, of `-m` and of `-l`, shares that add up exactly to the totals,
 * and a Call-ID space no other shard can produce. Pure functions: the same config and N always
 * give the same shards.
 */
import type { RunConfig } from '../config/index.ts';
import { deriveSeed } from '../engine/index.ts';
import { shardDynamicId, shardInjection, shardUsers } from './shard-counters.ts';

/**
 * `total` (an integer) as `n` integers differing by at most one, the larger ones first:
 * 10 over 3 = [4, 3, 3].
 */
export function splitEvenly(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * A rate (calls per period, `-r` may be fractional) over `n` shards: the whole calls evenly,
 * the fraction to the last shard (which has the fewest whole calls), so the shares add up to
 * exactly `rate`.
 */
export function splitRate(rate: number, n: number): number[] {
  const whole = Math.floor(rate);
  const shares = splitEvenly(whole, n);
  const fraction = rate - whole;
  if (fraction > 0) shares[n - 1] += fraction;
  return shares;
}

/**
 * `total` (an integer) in proportion to `weights` by largest remainder, so the shares add up to
 * `total` exactly; ties go to the lower index. All-zero weights split evenly.
 */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return splitEvenly(total, weights.length);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map((x) => Math.floor(x));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]++;
    left--;
  }
  return shares;
}

/**
 * The Call-ID format of shard `index`: SIPp's format behind a `<index>-` prefix. The prefixes
 * form a prefix-free set (digits then a dash), so two shards can never produce the same Call-ID
 * whatever the rest expands to — also when the format has no `%u` and the engine puts the call
 * number first (`<n>-<index>-...`).
 */
export function shardCallIdFormat(format: string, index: number): string {
  return `${index}-${format}`;
}

/**
 * The engine id (RunContext.engineId: Call-ID `%p`, branches) of shard `index` in process `pid`:
 * the pid itself for shard 0, so a one-shard run's messages read as a single engine's, and
 * `<pid>.<index>` for the others. A dot never appears in a pid, so all differ; branches, which
 * carry no shard prefix, rely on that.
 */
export function shardEngineId(pid: number, index: number): string {
  return index === 0 ? String(pid) : `${pid}.${index}`;
}

/**
 * Shard `index`'s SIP port: `-p` + index; `-p 0` stays 0 (any free port). Without `-p`, shard 0
 * takes SIPp's 5060.. search (the port the screen shows) and the others any free port: two
 * threads searching at once can both settle on one port for their TCP connections (bound with
 * SO_REUSEADDR), and the second connect to the same peer then fails with EADDRNOTAVAIL.
 */
function shardLocalPort(localPort: number | undefined, index: number): number | undefined {
  if (localPort === undefined) return index === 0 ? undefined : 0;
  return localPort === 0 ? 0 : localPort + index;
}

/**
 * The RunConfig of every shard, in shard order. Things that must act on the whole run stay with the
 * coordinator and are switched off in the shards: `-timeout` (one timer, one exit-code rule)
 * and `-rate_increase`/`-rate_max` (the coordinator ramps the total and re-splits it, so the
 * sum follows SIPp's ramp exactly). `-m` follows the rate shares, so shards end together.
 * A `-seed` becomes one derived seed per shard: the shards draw different numbers, and the
 * same seed and N replay the same run.
 */
export function shardConfigs(config: RunConfig, n: number): RunConfig[] {
  const rates = splitRate(config.rate.callsPerPeriod, n);
  const maxCalls =
    config.maxCalls === undefined ? undefined : splitProportionally(config.maxCalls, rates);
  const limits = config.callLimit === undefined ? undefined : splitEvenly(config.callLimit, n);
  return rates.map((rate, i): RunConfig => ({
    ...config,
    localPort: shardLocalPort(config.localPort, i),
    rate: { ...config.rate, callsPerPeriod: rate, increase: 0, max: 0 },
    maxCalls: maxCalls?.[i],
    callLimit: limits?.[i],
    runTimeoutMs: 0,
    callIdFormat: shardCallIdFormat(config.callIdFormat, i),
    threads: 1,
    seed: config.seed === undefined ? undefined : deriveSeed(config.seed, i),
    // [dynamic_id] and SEQUENTIAL lines: shard i takes every n-th value from its index.
    dynamicId: shardDynamicId(config.dynamicId, i, n),
    injection: shardInjection(config.injection, i, n),
    userShare: shardUsers(config.users, i, n),
  }));
}

/** The tick period of every shard of a run with more than one (ms). */
export const SHARD_TICK_MS = 4;

/**
 * The tick period of each of `n` shards: 1 ms (SIPp's resolution) for one engine, SHARD_TICK_MS
 * for more. A running engine thread costs CPU per wake-up whatever its load, and each of N
 * shards carries 1/N of the rate: at 1 ms ticks two shards cost ~1.5× one thread per call, at
 * 4 ms about what one thread costs (docs/performance.md, "Shards"). 4 ms is also the step in
 * which SIPp's own clock moves on a 250 Hz kernel. Response times over UDP do not change: they
 * end at the kernel's receive timestamp.
 */
export function shardTickMs(n: number): number {
  return n > 1 ? SHARD_TICK_MS : 1;
}
