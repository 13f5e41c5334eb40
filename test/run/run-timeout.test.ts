// `-timeout` on injected time: the Run's wall clock and timers are dependencies (platform/), so
// the soft quit is asserted at the exact fake millisecond instead of by sleeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FakeClock, NULL_TRACE_SINK } from '../../src/engine/index.ts';
import { FakeTimers } from '../../src/platform/index.ts';
import { Run, loadScenarioFor } from '../../src/run/index.ts';
import type { Ticker } from '../../src/run/index.ts';

const START_MS = 1_700_000_000_000;

/** A UAS on loopback (any free port) whose ticks the test drives by hand. */
function fakeTimeUas(patch: Partial<RunConfig>): {
  run: Run;
  time: FakeTimers;
  tick: () => number;
} {
  const config: RunConfig = {
    ...defaultRunConfig(),
    scenario: { kind: 'builtin', name: 'uas' },
    localIp: '127.0.0.1',
    localPort: 0,
    noStdin: true,
    ...patch,
  };
  const time = new FakeTimers(START_MS);
  let tick: () => number = () => Infinity;
  const run = new Run(config, loadScenarioFor(config), {
    clock: new FakeClock(),
    trace: NULL_TRACE_SINK,
    pid: 4242,
    warmUp: false,
    wallClock: time,
    timers: time,
    startTicker(t): Ticker {
      tick = t;
      return { wake() {}, stop() {} };
    },
  });
  return { run, time, tick: () => tick() };
}

test('-timeout soft-quits the run exactly when the fake wall time reaches it', async () => {
  const { run, time, tick } = fakeTimeUas({ runTimeoutMs: 5000 });
  await run.start();
  try {
    assert.equal(run.snapshot().startedAtMs, START_MS);
    time.advance(4999);
    tick();
    assert.equal(run.state, 'running', 'one millisecond before -timeout');
    time.advance(1);
    tick();
    assert.notEqual(run.state, 'running', 'at -timeout the run drains');
    const result = await run.done();
    assert.equal(result.timedOut, true);
    assert.equal(result.snapshot.takenAtMs, START_MS + 5000);
    assert.equal(time.pendingCount, 0, 'no timer left armed');
  } finally {
    run.stop();
    await run.done();
  }
});

test('a run that ends before -timeout clears its timer and is not timed out', async () => {
  const { run, time } = fakeTimeUas({ runTimeoutMs: 5000 });
  await run.start();
  time.advance(1000);
  run.stop();
  const result = await run.done();
  assert.equal(result.timedOut, false);
  assert.equal(time.pendingCount, 0);
  time.advance(10_000);
  assert.equal((await run.done()).timedOut, false);
});
