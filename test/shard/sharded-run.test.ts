/**
 * ShardedRun in-process: real worker threads (started from the TypeScript sources through tsx)
 * placing calls against a single-thread Run UAS on this thread, over loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { defaultRunConfig, validateRunConfig, type RunConfig } from '../../src/config/index.ts';
import { MONOTONIC_CLOCK, NULL_TRACE_SINK } from '../../src/engine/index.ts';
import { FlagError } from '../../src/errors.ts';
import { Run, loadScenarioFor, startSystemTicker } from '../../src/run/index.ts';
import { ShardedRun, assertShardable } from '../../src/shard/index.ts';
import { freeUdpPort } from '../peers/processes.ts';

function configFor(patch: Partial<RunConfig>): RunConfig {
  return { ...defaultRunConfig(), localIp: '127.0.0.1', noStdin: true, ...patch };
}

async function startUas(maxCalls?: number): Promise<{ run: Run; port: number }> {
  const port = await freeUdpPort();
  const config = configFor({
    scenario: { kind: 'builtin', name: 'uas' },
    localPort: port,
    maxCalls,
  });
  const run = new Run(config, loadScenarioFor(config), {
    clock: MONOTONIC_CLOCK,
    trace: NULL_TRACE_SINK,
    pid: process.pid,
    startTicker: (tick, options) => startSystemTicker(tick, 1, options),
    warmUp: false,
  });
  await run.start();
  return { run, port };
}

/** Resolves once `done()` holds after a shard report (they come every screenRefreshMs). */
async function reportsUntil(
  done: () => boolean,
  why: () => string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(why());
    await new Promise((r) => setTimeout(r, 20));
  }
}

function uacConfig(port: number, patch: Partial<RunConfig>): RunConfig {
  const config = configFor({
    scenario: { kind: 'builtin', name: 'uac' },
    remote: { host: '127.0.0.1', port },
    threads: 2,
    ...patch,
  });
  config.rate = { ...config.rate, callsPerPeriod: 200 };
  return config;
}

test('-threads parses, and validation takes 1..64 only', () => {
  const parsed = parseScenarioFlags(['-sn', 'uac', '127.0.0.1', '-threads', '2'], '/tmp');
  assert.equal(parsed.kind, 'run');
  assert.equal((parsed as Extract<typeof parsed, { kind: 'run' }>).config.threads, 2);
  assert.equal(defaultRunConfig().threads, 1);
  for (const threads of [0, 65, 1.5]) {
    assert.throws(
      () => validateRunConfig({ ...defaultRunConfig(), threads }),
      (e: unknown) =>
        e instanceof FlagError && e.code === 'CONFIG_INVALID' && /-threads/.test(e.message),
    );
  }
  validateRunConfig({ ...defaultRunConfig(), threads: 64 });
});

test('server scenarios and -l below -threads are refused with CONFIG_INVALID before any thread starts', () => {
  const uas = {
    ...defaultRunConfig(),
    threads: 2,
    scenario: { kind: 'builtin' as const, name: 'uas' },
  };
  assert.throws(
    () => assertShardable(uas, { mode: 'server' }),
    (e: unknown) =>
      e instanceof FlagError &&
      e.code === 'CONFIG_INVALID' &&
      /-threads 2 with a server scenario needs/.test(e.message),
  );
  assert.throws(
    () => assertShardable({ ...defaultRunConfig(), threads: 4, callLimit: 3 }, { mode: 'client' }),
    (e: unknown) =>
      e instanceof FlagError &&
      e.code === 'CONFIG_INVALID' &&
      /-l 3 is below -threads 4/.test(e.message),
  );
  assertShardable({ ...defaultRunConfig(), threads: 1 }, { mode: 'server' });
});

test(
  'two shards place -m 300 calls against one UAS: merged counts are the sum, exit 0',
  { timeout: 30_000 },
  async () => {
    const uas = await startUas(300);
    try {
      const config = uacConfig(uas.port, { maxCalls: 300 });
      const run = new ShardedRun(config, loadScenarioFor(config));
      await run.start();
      assert.equal(run.state, 'running');
      const result = await run.done();
      assert.equal(result.exitCode, 0);
      assert.equal(result.reason, 'drained');
      assert.equal(result.snapshot.cumulative.OutgoingCall, 300);
      assert.equal(result.snapshot.cumulative.SuccessfulCall, 300);
      assert.equal(result.snapshot.cumulative.FailedCall, 0);
      assert.equal(result.snapshot.steps[0].message, 300, 'INVITEs sent');
      assert.equal(result.snapshot.rtds[0].cumulative.count, 300, 'one response time per call');
      assert.equal(run.status().created, 300);
      assert.equal(run.state, 'done');
      const uasResult = await uas.run.done();
      assert.equal(uasResult.snapshot.cumulative.IncomingCall, 300);
    } finally {
      uas.run.stop();
    }
  },
);

test(
  'control reaches every shard: setRate splits, pause stops new calls, soft quit drains',
  { timeout: 30_000 },
  async () => {
    const uas = await startUas();
    const config = uacConfig(uas.port, { screenRefreshMs: 100 });
    const run = new ShardedRun(config, loadScenarioFor(config));
    try {
      await run.start();
      await reportsUntil(
        () => run.sumOf('created') > 0,
        () => 'no shard reported a call',
      );
      run.setRate(101);
      // The shards' own reports, not the coordinator's field: 51 + 50 once both took their share;
      // a shard that missed the message keeps reporting 100, and the sum never reaches 101.
      await reportsUntil(
        () => run.sumOf('rate') === 101,
        () => `shard rates summed to ${run.sumOf('rate')}, never 101`,
      );
      run.pause();
      assert.equal(run.status().paused, true);
      // Barrier: each shard says it is paused, and what it created by then is final.
      await reportsUntil(
        () => run.views().every((v) => v?.paused === true),
        () => 'a shard never reported itself paused',
      );
      const createdWhenPaused = run.sumOf('created');
      const reportsThen = run.reportCount;
      // Two more reports from each shard, at 100 ms apart: enough for a call to slip through.
      await reportsUntil(
        () => run.reportCount >= reportsThen + 4,
        () => 'the shards stopped reporting',
      );
      assert.equal(run.sumOf('created'), createdWhenPaused, 'no new call while paused');
      assert.equal(run.snapshot().cumulative.OutgoingCall, createdWhenPaused);
      run.softQuit();
      const result = await run.done();
      assert.equal(result.exitCode, 0);
      assert.equal(
        result.snapshot.cumulative.SuccessfulCall,
        result.snapshot.cumulative.OutgoingCall,
      );
    } finally {
      // A failed assertion must not leave the shards running (the test process would not end).
      if (run.state !== 'done') {
        run.stop();
        await run.done();
      }
      uas.run.stop();
    }
  },
);

test(
  'shard 0 runs on this thread: when another shard cannot bind, start() fails and shard 0 lets its port go',
  { timeout: 30_000 },
  async () => {
    const dgram = await import('node:dgram');
    const uas = await startUas();
    const port = await freeUdpPort();
    // Shard 1 wants -p + 1: taken here, so only shard 1 fails to start.
    const squatter = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.bind(port + 1, '127.0.0.1', () => resolve());
    });
    try {
      const config = uacConfig(uas.port, { localPort: port, maxCalls: 10 });
      const run = new ShardedRun(config, loadScenarioFor(config));
      await assert.rejects(run.start(), /shard 1: .*(in use|EADDRINUSE)/i);
      assert.equal(run.state, 'done');
      // Shard 0 (inline) bound -p and was terminated: the port is free again at once.
      const probe = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.bind(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((r) => probe.close(() => r()));
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
      uas.run.stop();
    }
  },
);
