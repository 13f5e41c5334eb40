import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { LoadMonitor } from '../../src/one-shot/load-monitor.ts';
import type { LoadView } from '../../src/one-shot/load-monitor.ts';

/** A fake ELU source: each sample's delta utilization comes from `busy`. */
function fakeElu(busy: () => number) {
  return (prev?: EventLoopUtilization): EventLoopUtilization =>
    prev ? { idle: 0, active: 0, utilization: busy() } : { idle: 0, active: 0, utilization: 0 };
}

function setup(view: LoadView, utilization: number) {
  const state = { view: { ...view }, utilization };
  const m = new LoadMonitor(
    () => state.view,
    fakeElu(() => state.utilization),
    0,
  );
  return { m, state };
}

test('a busy event loop warns only after three saturated seconds in a row, and says so at the end', () => {
  const { m, state } = setup(
    { created: 0, skippedByLimit: 0, askedCps: 0, isScheduling: false },
    0.95,
  );
  m.sample(1000);
  m.sample(2000);
  assert.deepEqual(m.warnings, []);
  m.sample(3000);
  assert.match(m.warnings[0], /event loop 95% busy: the generator is the limit/);
  state.utilization = 0.2;
  m.sample(4000);
  assert.deepEqual(m.warnings, [], 'the warning clears when the loop has room again');
  assert.match(m.summary[0], /saturated for 1 s \(peak 95% busy\)/);
});

test('creating fewer calls than asked warns; -l skips and a stopped schedule do not', () => {
  const { m, state } = setup(
    { created: 0, skippedByLimit: 0, askedCps: 1000, isScheduling: true },
    0.5,
  );
  for (let s = 1; s <= 3; s++) {
    state.view = { ...state.view, created: state.view.created + 500 };
    m.sample(s * 1000);
  }
  assert.match(m.warnings[0], /achieved 500 cps of 1000 asked/);
  assert.match(m.summary.join('\n'), /fell behind the asked rate for 1 s \(worst 50% of it\)/);

  const limited = setup({ created: 0, skippedByLimit: 0, askedCps: 1000, isScheduling: true }, 0.5);
  for (let s = 1; s <= 4; s++) {
    limited.state.view = { ...limited.state.view, created: s * 500, skippedByLimit: s * 500 };
    limited.m.sample(s * 1000);
  }
  assert.deepEqual(
    limited.m.summary,
    [],
    'calls refused by -l are the system under test holding calls, not lag',
  );

  const idle = setup({ created: 0, skippedByLimit: 0, askedCps: 1000, isScheduling: false }, 0.1);
  for (let s = 1; s <= 4; s++) idle.m.sample(s * 1000);
  assert.deepEqual(idle.m.summary, []);
});

test('a run that keeps up has nothing to say', () => {
  const { m, state } = setup(
    { created: 0, skippedByLimit: 0, askedCps: 200, isScheduling: true },
    0.3,
  );
  for (let s = 1; s <= 5; s++) {
    state.view = { ...state.view, created: s * 200 };
    m.sample(s * 1000);
  }
  assert.deepEqual(m.warnings, []);
  assert.deepEqual(m.summary, []);
});
