/**
 * Issue 12, defect 1: a UAS that only answers requests ending at once (OPTIONS) arms no timer, so
 * nothing wakes the ticker that sweeps dead calls. Their Call-IDs must still expire on time: the
 * store stays at one -deadcall_wait window, and a Call-ID seen again after the wait starts a new
 * call instead of counting as a dead-call message (SIPp's meaning of -deadcall_wait).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPTIONS_UAS_XML, optionsRequest as options } from '../peers/options-uas.ts';
import { EngineHarness } from './engine-harness.ts';

function optionsUas(deadCallWaitMs: number): EngineHarness {
  return new EngineHarness({ scenario: OPTIONS_UAS_XML, config: { deadCallWaitMs } });
}

test('an OPTIONS-only UAS: no timer is armed, so the ticker sleeps while calls end', () => {
  const h = optionsUas(1000);
  h.run(5);
  h.transport.inject(options('probe-1'));
  h.run(1);
  assert.equal(h.counters().SuccessfulCall, 1);
  // The precondition of the defect: nothing scheduled, the engine asks for no tick soon.
  assert.equal(h.engine.currentCalls, 0);
  const skippedBefore = h.skippedTicks;
  h.run(50);
  assert.ok(
    h.skippedTicks - skippedBefore >= 40,
    `ticker asleep, skipped ${h.skippedTicks - skippedBefore} of 50 ticks`,
  );
});

test('a Call-ID sent again after -deadcall_wait starts a new call; within it, it is a dead-call message', () => {
  const h = optionsUas(1000);
  h.transport.inject(options('again'));
  h.run(1);
  h.jump(500);
  h.transport.inject(options('again'));
  h.deliver();
  assert.equal(h.counters().DeadCallMsgs, 1, 'within the wait: a dead-call message');
  assert.equal(h.counters().IncomingCall, 1);
  // Past the wait, with no tick in between that could have swept.
  h.clock.advance(600);
  h.transport.inject(options('again'));
  h.deliver();
  assert.equal(h.counters().IncomingCall, 2, 'after the wait: a new call');
  assert.equal(h.counters().SuccessfulCall, 2);
  assert.equal(h.counters().DeadCallMsgs, 1);
});

test('an OPTIONS flood with no live call keeps one -deadcall_wait window of Call-IDs, not all of them', () => {
  const h = optionsUas(2000);
  // 3,000 OPTIONS/s for 20 simulated seconds, 3 per ms, delivered without ticks.
  let n = 0;
  let largest = 0;
  for (let ms = 0; ms < 20_000; ms++) {
    for (let k = 0; k < 3; k++) h.transport.inject(options(`flood-${++n}`));
    h.clock.advance(1);
    h.deliver();
    largest = Math.max(largest, h.engine.deadCallCount);
  }
  assert.equal(h.counters().SuccessfulCall, n);
  assert.ok(largest <= 2000 * 3 + 3, `dead calls held at most one window (6,000), got ${largest}`);
});
