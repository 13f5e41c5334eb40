import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultRunConfig } from '../../src/config/index.ts';
import { compileCallIdFormat } from '../../src/engine/call-id.ts';
import { deriveSeed } from '../../src/engine/index.ts';
import {
  shardCallIdFormat,
  shardConfigs,
  shardEngineId,
  splitEvenly,
  splitProportionally,
  splitRate,
  SHARD_TICK_MS,
  shardTickMs,
} from '../../src/shard/index.ts';

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

test('splitEvenly: shares add up to the total and differ by at most one, larger first', () => {
  fc.assert(
    fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 64 }), (total, n) => {
      const shares = splitEvenly(total, n);
      assert.equal(shares.length, n);
      assert.equal(sum(shares), total);
      assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
      for (let i = 1; i < n; i++) assert.ok(shares[i] <= shares[i - 1]);
    }),
  );
  assert.deepEqual(splitEvenly(10, 3), [4, 3, 3]);
});

test('splitRate: whole and fractional rates add up exactly', () => {
  fc.assert(
    fc.property(
      fc.nat(100_000),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 1, max: 64 }),
      (whole, quarter, n) => {
        const rate = whole + quarter / 4;
        const shares = splitRate(rate, n);
        assert.equal(sum(shares), rate);
        assert.ok(shares.every((s) => s >= 0));
      },
    ),
  );
  assert.deepEqual(splitRate(201, 2), [101, 100]);
  assert.deepEqual(splitRate(0.5, 2), [0, 0.5]);
});

test('splitProportionally: exact total, each share within one of its exact proportion', () => {
  const weights = fc.array(fc.nat(1000), { minLength: 1, maxLength: 64 });
  fc.assert(
    fc.property(fc.nat(1_000_000), weights, (total, ws) => {
      const shares = splitProportionally(total, ws);
      assert.equal(sum(shares), total);
      const w = sum(ws);
      if (w > 0)
        ws.forEach((wi, i) => assert.ok(Math.abs(shares[i] - (total * wi) / w) < 1, `share ${i}`));
    }),
  );
  assert.deepEqual(splitProportionally(4, [2, 1]), [3, 1]);
  assert.deepEqual(splitProportionally(5, [0, 0]), [3, 2]);
});

test('shardConfigs: rate, -m and -l add up; ports follow -p; run-wide parts stay with the coordinator', () => {
  fc.assert(
    fc.property(
      fc.nat(10_000),
      fc.option(fc.nat(100_000), { nil: undefined }),
      fc.option(fc.integer({ min: 64, max: 10_000 }), { nil: undefined }),
      fc.integer({ min: 1, max: 64 }),
      (rate, maxCalls, callLimit, n) => {
        const config = {
          ...defaultRunConfig(),
          localPort: 5070,
          maxCalls,
          callLimit,
          runTimeoutMs: 5000,
          threads: n,
        };
        config.rate = { ...config.rate, callsPerPeriod: rate, increase: 5, max: 100 };
        const shards = shardConfigs(config, n);
        assert.equal(shards.length, n);
        assert.equal(sum(shards.map((s) => s.rate.callsPerPeriod)), rate);
        if (maxCalls !== undefined)
          assert.equal(sum(shards.map((s) => s.maxCalls ?? NaN)), maxCalls);
        else assert.ok(shards.every((s) => s.maxCalls === undefined));
        if (callLimit !== undefined)
          assert.equal(sum(shards.map((s) => s.callLimit ?? NaN)), callLimit);
        shards.forEach((s, i) => {
          assert.equal(s.localPort, 5070 + i);
          assert.equal(s.threads, 1);
          assert.equal(s.runTimeoutMs, 0);
          assert.equal(s.rate.increase, 0);
          assert.equal(s.rate.max, 0);
        });
      },
    ),
  );
});

test('shardConfigs: no -p: shard 0 searches 5060.., the others take any port; -p 0 stays 0; -m follows the rate shares', () => {
  const config = { ...defaultRunConfig(), maxCalls: 4, threads: 2 };
  config.rate = { ...config.rate, callsPerPeriod: 3 };
  assert.deepEqual(
    shardConfigs({ ...config, threads: 3 }, 3).map((s) => s.localPort),
    [undefined, 0, 0],
  );
  assert.deepEqual(
    shardConfigs({ ...config, localPort: 0 }, 2).map((s) => s.localPort),
    [0, 0],
  );
  assert.deepEqual(
    shardConfigs(config, 2).map((s) => s.maxCalls),
    [3, 1],
  );
});

test('no two shards ever make the same Call-ID, with or without %u in -cid_str', () => {
  const formats = fc.constantFrom('%u-%p@%s', '%u', '%u%u', 'fixed', '%p-%s', 'x%uy', '%%u-%u');
  fc.assert(
    fc.property(formats, fc.integer({ min: 2, max: 12 }), (format, n) => {
      const seen = new Map<string, number>();
      for (let shard = 0; shard < n; shard++) {
        const make = compileCallIdFormat(
          shardCallIdFormat(format, shard),
          shardEngineId(4242, shard),
          '127.0.0.1',
        );
        for (let call = 1; call <= 150; call++) {
          const id = make(call);
          const other = seen.get(id);
          assert.ok(
            other === undefined || other === shard,
            `${id} made by shards ${other} and ${shard}`,
          );
          seen.set(id, shard);
        }
      }
    }),
    { numRuns: 60 },
  );
});

test('shardConfigs: -seed becomes a different, derived seed per shard; none stays none', () => {
  const config = { ...defaultRunConfig(), seed: 42, threads: 4 };
  const seeds = shardConfigs(config, 4).map((s) => s.seed);
  assert.deepEqual(
    seeds,
    [0, 1, 2, 3].map((i) => deriveSeed(42, i)),
  );
  assert.equal(new Set(seeds).size, 4, 'every shard draws its own numbers');
  assert.ok(!seeds.includes(42));
  assert.ok(seeds.every((s = -1) => Number.isInteger(s) && s >= 0 && s <= 0xffff_ffff));
  assert.deepEqual(
    shardConfigs(config, 4).map((s) => s.seed),
    seeds,
    'same seed and n: same',
  );
  assert.notDeepEqual(
    shardConfigs({ ...config, seed: 43 }, 4).map((s) => s.seed),
    seeds,
  );
  assert.ok(shardConfigs({ ...config, seed: undefined }, 4).every((s) => s.seed === undefined));
});

test('shardTickMs: one engine ticks every ms (SIPp), every shard of a sharded run every SHARD_TICK_MS', () => {
  assert.equal(shardTickMs(1), 1);
  for (const n of [2, 3, 8, 64]) assert.equal(shardTickMs(n), SHARD_TICK_MS);
  assert.equal(SHARD_TICK_MS, 4);
});
