/**
 * ShardedRun's run-wide timers (`-timeout`, the `-rate_increase` ramp) on injected fake time,
 * with stand-in workers that record what the coordinator tells them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FakeTimers } from '../../src/platform/index.ts';
import { NO_ERRORS, loadScenarioFor } from '../../src/run/index.ts';
import { ShardedRun } from '../../src/shard/index.ts';
import type { FromShard, ShardInit, ShardView, ToShard } from '../../src/shard/index.ts';
import { RunStats } from '../../src/stats/index.ts';
import type { Scenario } from '../../src/scenario/index.ts';

const START_MS = 1_700_000_000_000;

/** Answers 'started' at once, records control messages, and ends when told to. */
class StandInShard extends EventEmitter {
  readonly received: ToShard[] = [];
  constructor(
    readonly init: ShardInit,
    private readonly scenario: Scenario,
    private readonly time: FakeTimers,
  ) {
    super();
    queueMicrotask(() =>
      this.reply({
        type: 'started',
        started: {
          localPort: 5060 + init.index,
          protocol: 'UDP',
          socketBuffers: { isDgramIo: true },
        },
      }),
    );
  }
  postMessage(m: ToShard): void {
    this.received.push(m);
    if (m.type === 'softQuit' || m.type === 'stop') {
      const now = this.time.nowMs();
      const snapshot = new RunStats(this.scenario, START_MS).snapshot(now);
      queueMicrotask(() =>
        this.reply({
          type: 'done',
          reason: m.type === 'stop' ? 'interrupted' : 'drained',
          snapshot,
          view: this.view(),
        }),
      );
    }
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
  private view(): ShardView {
    return {
      state: 'done',
      rate: 0,
      paused: false,
      limit: 0,
      currentCalls: 0,
      peakCalls: 0,
      peakAtMs: 0,
      created: 0,
      skippedByLimit: 0,
      askedCps: 0,
      isScheduling: false,
      isClientMode: true,
      lastError: '',
      openSockets: 1,
      socketBuffers: { isDgramIo: true },
      errors: NO_ERRORS,
      seed: 0,
    };
  }
  private reply(m: FromShard): void {
    this.emit('message', m);
  }
}

function fakeTimeRun(patch: (c: RunConfig) => void): {
  run: ShardedRun;
  time: FakeTimers;
  shards: StandInShard[];
} {
  const config: RunConfig = {
    ...defaultRunConfig(),
    scenario: { kind: 'builtin', name: 'uac' },
    remote: { host: '127.0.0.1', port: 5060 },
    localIp: '127.0.0.1',
    noStdin: true,
    threads: 2,
  };
  patch(config);
  const scenario = loadScenarioFor(config);
  const time = new FakeTimers(START_MS);
  const shards: StandInShard[] = [];
  const run = new ShardedRun(config, scenario, {
    wallClock: time,
    timers: time,
    startWorker(init) {
      const shard = new StandInShard(init, scenario, time);
      shards.push(shard);
      return shard as unknown as Worker;
    },
  });
  return { run, time, shards };
}

const softQuitsOf = (s: StandInShard): ToShard[] => s.received.filter((m) => m.type === 'softQuit');

test('-timeout soft-quits every shard exactly when the fake wall time reaches it', async () => {
  const { run, time, shards } = fakeTimeRun((c) => (c.runTimeoutMs = 3000));
  await run.start();
  assert.equal(run.snapshot().startedAtMs, START_MS);
  time.advance(2999);
  assert.deepEqual(shards.map(softQuitsOf), [[], []], 'one millisecond before -timeout');
  assert.equal(run.state, 'running');
  time.advance(1);
  assert.deepEqual(shards.map(softQuitsOf), [
    [{ type: 'softQuit', nth: 1 }],
    [{ type: 'softQuit', nth: 1 }],
  ]);
  const result = await run.done();
  assert.equal(result.timedOut, true);
  assert.equal(result.snapshot.takenAtMs, START_MS + 3000);
  assert.equal(time.pendingCount, 0, 'no timer left armed');
});

test('-rate_increase re-splits the ramped rate to every shard at each interval, up to -rate_max', async () => {
  const { run, time, shards } = fakeTimeRun((c) => {
    c.rate = {
      ...c.rate,
      callsPerPeriod: 10,
      increase: 5,
      intervalMs: 1000,
      max: 20,
      noRateQuit: true,
    };
  });
  await run.start();
  const ratesOf = (s: StandInShard): number[] =>
    s.received.flatMap((m) => (m.type === 'setRate' ? [m.callsPerPeriod] : []));
  time.advance(999);
  assert.deepEqual(shards.map(ratesOf), [[], []]);
  time.advance(1);
  assert.deepEqual(shards.map(ratesOf), [[8], [7]], '15 calls per period over two shards');
  time.advance(1000);
  assert.deepEqual(shards.map(ratesOf), [
    [8, 10],
    [7, 10],
  ]);
  time.advance(1000);
  assert.deepEqual(
    shards.map(ratesOf),
    [
      [8, 10, 10],
      [7, 10, 10],
    ],
    'clamped at -rate_max, then the ramp stops',
  );
  time.advance(5000);
  assert.deepEqual(shards.map(ratesOf), [
    [8, 10, 10],
    [7, 10, 10],
  ]);
  assert.equal(time.pendingCount, 0);
  run.stop();
  assert.equal((await run.done()).timedOut, false);
});
