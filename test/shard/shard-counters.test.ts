/**
 * `-threads N`: the counters SIPp keeps once for the run are split so that shard i takes every
 * N-th value from its own index: `[dynamic_id]` and SEQUENTIAL injection lines. Taking turns,
 * the shards give out the sequence one engine gives, and never the same value at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig } from '../../src/config/index.ts';
import { UserPool, loadInjection } from '../../src/injection/index.ts';
import { dynamicIdCounter } from '../../src/run/dynamic-id.ts';
import { shardConfigs } from '../../src/shard/load-split.ts';

test('[dynamic_id]: the shards interleave into the single counter sequence', () => {
  const config = { ...defaultRunConfig(), dynamicId: { start: 5, max: 41, step: 6 } };
  const one = dynamicIdCounter(config.dynamicId);
  const single = Array.from({ length: 14 }, one);
  assert.deepEqual(single, [5, 11, 17, 23, 29, 35, 41, 5, 11, 17, 23, 29, 35, 41]);
  const shards = shardConfigs(config, 2).map((c) => dynamicIdCounter(c.dynamicId));
  const turns = Array.from({ length: 14 }, (_, k) => shards[k % 2]!());
  // 7 values: with 2 shards the first cycle matches; each shard then stays in its own residue.
  assert.deepEqual(turns.slice(0, 7), single.slice(0, 7));
  const a = Array.from({ length: 6 }, shards[0]!);
  const b = Array.from({ length: 6 }, shards[1]!);
  assert.equal(a.filter((v) => b.includes(v)).length, 0, 'no value in both shards');
});

test('[dynamic_id]: one shard keeps the configured counter', () => {
  const config = defaultRunConfig();
  assert.deepEqual(shardConfigs(config, 1)[0]!.dynamicId, config.dynamicId);
});

const CSV = 'SEQUENTIAL\nl0;\nl1;\nl2;\nl3;\nl4;\nl5;\n';

function sequentialLines(shard: { index: number; count: number } | undefined, calls: number) {
  const set = loadInjection({
    files: [{ name: 'u.csv', path: 'u.csv' }],
    readFile: () => Buffer.from(CSV),
    sequentialShard: shard,
  });
  const file = set.file('u.csv')!;
  return Array.from({ length: calls }, () => file.nextLine(0, () => 0));
}

test('SEQUENTIAL: shard i of N takes lines i, i+N, ...; together they walk the file once', () => {
  assert.deepEqual(sequentialLines(undefined, 8), [0, 1, 2, 3, 4, 5, 0, 1]);
  const configs = shardConfigs(
    { ...defaultRunConfig(), injection: { files: [], indexes: [], ipField: 0 } },
    3,
  );
  const shards = configs.map((c) => c.injection.sequentialShard!);
  assert.deepEqual(shards, [
    { index: 0, count: 3 },
    { index: 1, count: 3 },
    { index: 2, count: 3 },
  ]);
  const per = shards.map((s) => sequentialLines(s, 4));
  assert.deepEqual(per, [
    [0, 3, 0, 3],
    [1, 4, 1, 4],
    [2, 5, 2, 5],
  ]);
  const turns = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => per[k % 3]![Math.floor(k / 3)]);
  assert.deepEqual(turns, sequentialLines(undefined, 8));
});

test('-users N: split evenly, each shard a consecutive block of user ids 1..N', () => {
  const config = { ...defaultRunConfig(), users: 5 };
  const shares = shardConfigs(config, 2).map((c) => c.userShare);
  assert.deepEqual(shares, [
    { offset: 0, count: 3 },
    { offset: 3, count: 2 },
  ]);
  assert.equal(shardConfigs(config, 2)[1]!.users, 5, '[users] still shows N');
  const pools = shares.map((s) => new UserPool(s!.count, s!.offset));
  const ids = pools.map((p) => [p.take(), p.take(), p.take()]);
  // SIPp hands out the highest id first; a shard's ids are its own block.
  assert.deepEqual(ids, [
    [3, 2, 1],
    [5, 4, 0],
  ]);
  pools[1]!.release(1);
  assert.equal(pools[1]!.free, 0, 'an id of another shard is not taken back');
  pools[1]!.release(4);
  assert.equal(pools[1]!.take(), 4);
});
