import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions, MEASURES } from '../../bench/options.ts';
import { GossipperError } from '../../src/errors.ts';
import { trialOrder } from '../../bench/trial.ts';

test('defaults: every measure, 3 trials, full sizes (20,000 concurrent 10 s calls)', () => {
  const o = parseOptions([]);
  assert.deepEqual([...o.only], [...MEASURES]);
  assert.equal(o.trials, 3);
  assert.equal(o.fidelityTrials, 5, 'the p99 tail takes more trials');
  assert.equal(o.sizes.memory.calls, 20000);
  assert.equal(o.sizes.memory.callMs, 10000);
  assert.equal(o.sizes.efficiency.rate, 4000);
  // SIPp writes -trace_rtt rows in batches of -rtt_freq (1000); a partial batch is lost.
  assert.equal(o.sizes.fidelity.calls % 1000, 0);
});

test('--quick: one trial and smaller counts; --trials overrides', () => {
  const q = parseOptions(['--quick']);
  assert.equal(q.trials, 1);
  assert.ok(q.sizes.memory.calls < 20000);
  assert.equal(q.fidelityTrials, 1);
  assert.equal(parseOptions(['--quick', '--trials', '5']).trials, 5);
  const explicit = parseOptions(['--trials', '2']);
  assert.deepEqual(
    [explicit.trials, explicit.fidelityTrials],
    [2, 2],
    '--trials sets every measure',
  );
});

test('the ceiling ladder climbs, in steps of at most 2k calls/s from 10k up', () => {
  const rates = parseOptions([]).sizes.ceiling.rates;
  for (let i = 1; i < rates.length; i++) {
    assert.ok(rates[i] > rates[i - 1], `${rates[i - 1]} then ${rates[i]}`);
    if (rates[i - 1] >= 10000)
      assert.ok(rates[i] - rates[i - 1] <= 2000, `${rates[i - 1]} then ${rates[i]}`);
  }
});

test('--only picks measures; unknown names and options are BenchErrors with usage', () => {
  assert.deepEqual([...parseOptions(['--only', 'memory,fidelity']).only], ['memory', 'fidelity']);
  for (const argv of [['--only', 'speed'], ['--only'], ['--trials', '0'], ['--fast']]) {
    assert.throws(
      () => parseOptions(argv),
      (e: unknown) =>
        e instanceof GossipperError && e.code === 'RUN_FATAL' && (e.hint ?? '').includes('--only'),
    );
  }
});

test('trials alternate which implementation goes first', () => {
  assert.deepEqual(trialOrder(1), ['gossipper', 'sipp']);
  assert.deepEqual(trialOrder(2), ['sipp', 'gossipper']);
  assert.deepEqual(trialOrder(3), ['gossipper', 'sipp']);
});

test('hostile: one trial unless --trials; the full soak outlasts twice the 33 s dead-call wait', () => {
  const full = parseOptions([]);
  assert.equal(full.hostileTrials, 1);
  assert.equal(parseOptions(['--trials', '2']).hostileTrials, 2);
  const { calls, rate } = full.sizes.hostile;
  assert.ok((calls / rate) * 1000 >= 2 * 33_000, `${calls} calls at ${rate}/s`);
  assert.ok(parseOptions(['--quick']).sizes.hostile.calls < calls);
});
