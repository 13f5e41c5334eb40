import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

/** A call that sends one OPTIONS (no retransmission) and then holds for `holdMs`. */
function holdScenario(holdMs: number): string {
  return clientXml(`${sendRequest('OPTIONS')}\n<pause milliseconds="${holdMs}"/>`);
}

function harness(o: Partial<HarnessOptions> = {}): EngineHarness {
  return new EngineHarness({ scenario: holdScenario(50), ...o });
}

test('-r 10 creates exactly 10 calls per simulated second, one every 100 ms', () => {
  const h = harness({ rate: { callsPerPeriod: 10, periodMs: 1000 } });
  h.run(99);
  assert.equal(h.counters().OutgoingCall, 0);
  h.run(1);
  assert.equal(h.counters().OutgoingCall, 1);
  h.run(900);
  assert.equal(h.counters().OutgoingCall, 10);
  h.run(2000);
  assert.equal(h.counters().OutgoingCall, 30);
  assert.equal(h.transport.sentOf('OPTIONS').length, 30);
});

test('-r 7 -rp 2000 creates 7 calls every 2 s', () => {
  const h = harness({ rate: { callsPerPeriod: 7, periodMs: 2000 } });
  h.run(1999);
  assert.equal(h.counters().OutgoingCall, 6);
  h.run(1);
  assert.equal(h.counters().OutgoingCall, 7);
  h.run(2000);
  assert.equal(h.counters().OutgoingCall, 14);
});

test('a stalled tick (300 ms at once) catches up with the calls it owes', () => {
  const h = harness({ rate: { callsPerPeriod: 100 }, config: { callLimit: 1000 } });
  h.run(10);
  assert.equal(h.counters().OutgoingCall, 1);
  h.jump(300);
  assert.equal(
    h.counters().OutgoingCall,
    11,
    'the 30 calls due during the stall open 10 per tick, not in one burst',
  );
  h.run(2);
  assert.equal(h.counters().OutgoingCall, 31, 'the backlog is paid back over the next ticks');
  h.run(688);
  assert.equal(h.counters().OutgoingCall, 100, 'the schedule is back on track after one second');
});

test('a huge backlog opens at 4x the asked rate per tick and carries the rest', () => {
  const h = harness({
    scenario: holdScenario(60_000),
    rate: { callsPerPeriod: 10_000 },
    config: { callLimit: 100_000 },
  });
  h.jump(1000);
  assert.equal(h.counters().OutgoingCall, 40, '10,000 calls/s: at most 40 per tick');
  h.jump(0);
  assert.equal(h.counters().OutgoingCall, 80);
  for (let i = 0; i < 248; i++) h.jump(0);
  assert.equal(h.counters().OutgoingCall, 10_000);
  h.jump(0);
  assert.equal(h.counters().OutgoingCall, 10_000, 'nothing more than the schedule');
});

test('-rate_increase/-rate_interval ramp the rate; -rate_max clamps and asks for a soft quit', () => {
  const h = harness({
    rate: { callsPerPeriod: 10, increase: 10, intervalMs: 1000, max: 30 },
    config: { callLimit: 1000 },
  });
  h.run(1000);
  assert.equal(h.counters().OutgoingCall, 10);
  assert.equal(h.engine.rate, 20);
  h.run(1000);
  assert.equal(h.counters().OutgoingCall, 30, '20 calls in the second second');
  assert.equal(h.engine.rate, 30);
  // SIPp quits only once an increase goes past -rate_max (`rate > rate_max`), not on reaching it.
  assert.equal(h.softQuits, 0);
  h.run(1000);
  assert.equal(h.counters().OutgoingCall, 60);
  assert.equal(h.engine.rate, 30, 'clamped at -rate_max');
  assert.equal(h.softQuits, 1);
  h.run(3000);
  assert.equal(h.softQuits, 1, 'asked once');
  assert.equal(h.engine.rate, 30);
});

test('-no_rate_quit keeps running at -rate_max', () => {
  const h = harness({
    rate: { callsPerPeriod: 10, increase: 10, intervalMs: 1000, max: 30, noRateQuit: true },
    config: { callLimit: 1000 },
  });
  h.run(5000);
  assert.equal(h.softQuits, 0);
  assert.equal(h.engine.rate, 30);
  assert.equal(h.counters().OutgoingCall, 10 + 20 + 30 + 30 + 30);
});

test('-rate_increase without -rate_max keeps ramping', () => {
  const h = harness({
    rate: { callsPerPeriod: 5, increase: 5, intervalMs: 500 },
    config: { callLimit: 1000 },
  });
  h.run(2000);
  assert.equal(h.engine.rate, 25);
  assert.equal(h.softQuits, 0);
});

test('-l caps concurrent calls; calls the limit refuses are counted as skipped, not queued', () => {
  const h = harness({
    scenario: holdScenario(250),
    rate: { callsPerPeriod: 100 },
    config: { callLimit: 10 },
  });
  let peak = 0;
  for (let t = 0; t < 250; t++) {
    h.run(1);
    peak = Math.max(peak, h.engine.currentCalls);
  }
  assert.equal(peak, 10);
  assert.equal(h.counters().OutgoingCall, 10);
  assert.equal(h.counters().CallsSkippedByLimit, 15);
  // The call opened at 10 ms ends at 260 ms; only the call due then opens, no queued burst.
  h.run(10);
  assert.equal(h.counters().OutgoingCall, 11);
  h.run(740);
  const c = h.counters();
  assert.equal(
    c.OutgoingCall + c.CallsSkippedByLimit,
    100,
    'skipped calls still count against the schedule',
  );
  assert.ok(h.engine.peakCalls <= 10);
});

test('the default -l is 3 × rate × max(pauses, -d, 1 s) / period, recomputed on a rate change', () => {
  const h = harness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { defaultPauseMs: 5000 },
  });
  assert.equal(h.engine.limit, 150);
  h.engine.setRate(20);
  assert.equal(h.engine.limit, 300);
  const short = harness({ rate: { callsPerPeriod: 10 } });
  assert.equal(short.engine.limit, 30, 'a 50 ms scenario still counts as 1 s');
  const explicit = harness({ rate: { callsPerPeriod: 10 }, config: { callLimit: 7 } });
  explicit.engine.setRate(100);
  assert.equal(explicit.engine.limit, 7, 'an explicit -l is kept');
});

test('-m stops creation at exactly m and the engine reports done after the last call ends', () => {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 5 },
    peer: new ScriptedUas(),
  });
  h.run(500);
  assert.equal(h.counters().OutgoingCall, 5);
  assert.equal(h.engine.state, 'draining');
  assert.deepEqual(h.done, [], 'the fifth call is still open');
  h.run(100);
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.engine.state, 'done');
  h.run(5000);
  const c = h.counters();
  assert.equal(c.OutgoingCall, 5);
  assert.equal(c.SuccessfulCall, 5);
  assert.deepEqual(h.done, ['drained'], 'reported once');
});

test('-m larger than one stalled tick’s due count is still exact', () => {
  const h = harness({ rate: { callsPerPeriod: 1000 }, config: { maxCalls: 7, callLimit: 1000 } });
  h.jump(500);
  assert.equal(h.counters().OutgoingCall, 7);
  h.run(1000);
  assert.equal(h.counters().OutgoingCall, 7);
  assert.deepEqual(h.done, ['drained']);
});

test('pause stops creating calls; resume restarts the schedule without a burst', () => {
  const h = harness({ rate: { callsPerPeriod: 10 } });
  h.run(1000);
  assert.equal(h.counters().OutgoingCall, 10);
  h.engine.setPaused(true);
  h.run(2000);
  assert.equal(h.counters().OutgoingCall, 10);
  h.engine.setPaused(false);
  h.run(1);
  assert.equal(h.counters().OutgoingCall, 10, 'the paused 2 s are not owed');
  h.run(998);
  assert.equal(h.counters().OutgoingCall, 19);
  h.run(1);
  assert.equal(h.counters().OutgoingCall, 20);
});

test('setRate changes the schedule from now on', () => {
  const h = harness({ rate: { callsPerPeriod: 10 }, config: { callLimit: 1000 } });
  h.run(500);
  assert.equal(h.counters().OutgoingCall, 5);
  h.engine.setRate(100);
  h.run(500);
  assert.equal(h.counters().OutgoingCall, 55);
});

test('a server engine never creates calls on its own', () => {
  const h = new EngineHarness({ scenario: 'uas', rate: { callsPerPeriod: 100 } });
  h.run(2000);
  const c = h.counters();
  assert.equal(c.OutgoingCall + c.IncomingCall, 0);
  assert.equal(h.transport.sent.length, 0);
});
