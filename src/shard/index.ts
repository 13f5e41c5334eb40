export { ShardedRun, assertShardable, type ShardedRunDeps } from './sharded-run.ts';
export {
  shardCallIdFormat,
  shardConfigs,
  shardEngineId,
  shardTickMs,
  SHARD_TICK_MS,
  splitEvenly,
  splitProportionally,
  splitRate,
} from './load-split.ts';
export { ShardStatsMerger } from './stats-merge.ts';
export type { FromShard, ShardInit, ShardView, ToShard } from './shard-protocol.ts';
