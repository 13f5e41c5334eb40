// The engine tells the ticker when it need not tick every millisecond, and wakes it for work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUac } from '../peers/memory-transport.ts';
import { EngineHarness } from './engine-harness.ts';

test('an idle server sleeps; a call wakes it; it naps while only dead calls remain, then sleeps', () => {
  const uac = new ScriptedUac({ holdMs: 100 });
  const h = new EngineHarness({ scenario: 'uas', peer: uac, config: { deadCallWaitMs: 1000 } });
  assert.equal(h.engine.tick(), Infinity, 'nothing to time before the first call');
  h.run(500);
  assert.ok(h.skippedTicks >= 499, `slept through the wait (${h.skippedTicks} ticks skipped)`);
  assert.equal(h.wakes, 0);

  h.transport.inject(uac.invite('call-A'));
  h.run(1);
  assert.ok(h.wakes >= 1, 'the call armed a timer on an empty wheel');
  const skippedBefore = h.skippedTicks;
  h.run(4200); // BYE at 100 ms, then the 4 s timewait
  assert.equal(
    h.counters().SuccessfulCall,
    1,
    'the timewait fired although the ticker had slept before',
  );
  assert.equal(
    h.snapshot().callLength.cumulative.minMs,
    4100,
    'and on time, though the ticker napped during it',
  );
  assert.ok(
    h.skippedTicks - skippedBefore > 3000,
    `napped between timers (${h.skippedTicks - skippedBefore} ticks skipped)`,
  );
  assert.equal(h.engine.deadCallCount, 1);
  // Napping 100 ms at a time for the dead-call sweep.
  assert.equal(h.engine.tick(), 100);
  h.run(1200);
  assert.equal(h.engine.deadCallCount, 0, 'swept while napping');
  assert.equal(h.engine.tick(), Infinity);
});

test('a paused client sleeps and resuming wakes it; it ticks every ms while calls are scheduled', () => {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10, periodMs: 1000 },
    config: { maxCalls: 3 },
  });
  h.engine.setPaused(true);
  h.run(50);
  assert.ok(h.skippedTicks >= 49, `slept while paused (${h.skippedTicks} ticks skipped)`);
  assert.equal(h.counters().OutgoingCall, 0);
  const wakes = h.wakes;
  h.engine.setPaused(false);
  assert.equal(h.wakes, wakes + 1);
  h.run(400);
  assert.equal(h.counters().OutgoingCall, 3, 'calls opened after the resume');
});
