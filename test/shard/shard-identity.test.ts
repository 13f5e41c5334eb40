/**
 * Engine identity across shards: every shard is an engine in the same process (same pid), so
 * what tells their messages apart is the engine id (RunContext.engineId) and the Call-ID prefix
 * from load-split.ts. Shards are run as engines on fake time with a scripted UAS each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig } from '../../src/config/index.ts';
import { shardConfigs, shardEngineId } from '../../src/shard/index.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, PID } from '../engine/engine-harness.ts';

const SHARDS = 3;
const CALLS_PER_SHARD = 20;

/** Call-IDs and Via branches of everything shard `index` of SHARDS sent in a short uac run. */
function identitiesOf(
  index: number,
  engineId: string,
): { callIds: Set<string>; branches: Set<string> } {
  const whole = { ...defaultRunConfig(), maxCalls: SHARDS * CALLS_PER_SHARD, threads: SHARDS };
  whole.rate = { ...whole.rate, callsPerPeriod: 30 };
  const shard = shardConfigs(whole, SHARDS)[index];
  const h = new EngineHarness({
    scenario: 'uac',
    rate: shard.rate,
    peer: new ScriptedUas(),
    config: { maxCalls: shard.maxCalls, callIdFormat: shard.callIdFormat, defaultPauseMs: 10 },
    engineId,
  });
  h.run(5000);
  assert.equal(h.counters().SuccessfulCall, CALLS_PER_SHARD, `shard ${index} placed its calls`);
  const sent = h.transport.sent.map((d) => d.msg);
  return {
    callIds: new Set(sent.map((m) => m.callId())),
    branches: new Set(sent.map((m) => m.viaBranch())),
  };
}

function assertDisjoint(sets: ReadonlyArray<Set<string>>, what: string): void {
  const owner = new Map<string, number>();
  sets.forEach((set, index) => {
    for (const value of set) {
      const other = owner.get(value);
      assert.ok(other === undefined, `${what} ${value} sent by shards ${other} and ${index}`);
      owner.set(value, index);
    }
  });
}

test('shard engine ids: the pid for shard 0, distinct for every other shard', () => {
  assert.equal(shardEngineId(4242, 0), '4242');
  const ids = Array.from({ length: 64 }, (_, i) => shardEngineId(4242, i));
  assert.equal(new Set(ids).size, 64);
});

test('shards of one process never send the same Call-ID or Via branch', () => {
  const shards = Array.from({ length: SHARDS }, (_, i) => identitiesOf(i, shardEngineId(PID, i)));
  assertDisjoint(
    shards.map((s) => s.callIds),
    'Call-ID',
  );
  assertDisjoint(
    shards.map((s) => s.branches),
    'branch',
  );
  // Shard 0 reads as a single engine: SIPp's branch with the pid.
  assert.ok(shards[0].branches.has(`z9hG4bK-${PID}-1-0`));
  assert.ok(shards[0].callIds.has(`0-1-${PID}@127.0.0.1`));
});
