/**
 * The run-wide counters SIPp keeps once, split over `-threads` shards so that together they
 * give what one SIPp gives, deterministically: shard i of N takes every N-th value starting at
 * its own index. The shards' values never collide, and while they take turns (they carry equal
 * shares of the rate) the run as a whole walks the same sequence as one engine.
 * - `[dynamic_id]`: start + i*step, then steps of N*step, back to its own start past the max;
 * - SEQUENTIAL injection lines: i, i+N, i+2N, ... modulo the file's lines
 *   (InjectionConfig.sequentialShard, read by injection/);
 * - `-users N`: split evenly, shard i running a consecutive block of user ids, so `[userid]`
 *   and USER injection lines stay 1..N over the run.
 */
import type { DynamicIdConfig, InjectionConfig } from '../config/index.ts';

/** Shard `index` of `count`'s `[dynamic_id]` counter. */
export function shardDynamicId(
  cfg: DynamicIdConfig,
  index: number,
  count: number,
): DynamicIdConfig {
  if (count <= 1 || !(cfg.step > 0)) return cfg;
  // How many values one counter takes before it wraps: more shards than that must share some.
  const values = Math.max(1, Math.floor((cfg.max - cfg.start) / cfg.step) + 1);
  return { ...cfg, start: cfg.start + (index % values) * cfg.step, step: cfg.step * count };
}

/** Shard `index` of `count`'s users (`-users N` split evenly, ids consecutive). */
export function shardUsers(
  users: number | undefined,
  index: number,
  count: number,
): { offset: number; count: number } | undefined {
  if (users === undefined || count <= 1) return undefined;
  const base = Math.floor(users / count);
  const extra = users - base * count;
  const share = (i: number): number => base + (i < extra ? 1 : 0);
  let offset = 0;
  for (let i = 0; i < index; i++) offset += share(i);
  return { offset, count: share(index) };
}

/** Shard `index` of `count`'s view of the injection files. */
export function shardInjection(
  cfg: InjectionConfig,
  index: number,
  count: number,
): InjectionConfig {
  return count <= 1 ? cfg : { ...cfg, sequentialShard: { index, count } };
}
