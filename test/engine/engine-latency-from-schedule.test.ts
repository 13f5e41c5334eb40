import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from '../../src/stats/index.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness } from './engine-harness.ts';

/** 10 calls/s, no hold: each call lasts the UAS's 10 ms to the 200 plus the BYE's answer. */
function uac(): EngineHarness {
  return new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 10, defaultPauseMs: 0 },
    peer: new ScriptedUas(),
  });
}

test('a generator that keeps up: latency from the schedule equals the call length', () => {
  const h = uac();
  h.run(1500);
  const s = h.snapshot();
  assert.equal(s.cumulative.SuccessfulCall, 10);
  const length = Histogram.fromJSON(s.callLength.cumulative);
  const fromSchedule = Histogram.fromJSON(s.callLengthFromSchedule!);
  assert.equal(fromSchedule.count, 10);
  assert.equal(fromSchedule.max, length.max);
  assert.equal(fromSchedule.mean, length.mean);
  // INVITE → 200 is the scripted 10 ms, from the schedule too.
  assert.equal(Histogram.fromJSON(s.inviteRtt!).max, 10);
  assert.equal(Histogram.fromJSON(s.inviteRttFromSchedule!).max, 10);
});

test('a stalled generator starts calls late, and the latency from the schedule shows it', () => {
  const h = uac();
  // The loop stalls for 900 ms: the calls due at 100, 200, ... 900 ms all start at 900 ms.
  h.jump(900);
  h.run(1000);
  const s = h.snapshot();
  assert.equal(s.cumulative.SuccessfulCall, 10);
  const length = Histogram.fromJSON(s.callLength.cumulative);
  const fromSchedule = Histogram.fromJSON(s.callLengthFromSchedule!);
  // Started late, the calls themselves were as short as ever...
  assert.ok(length.max < 50, `call length max ${length.max}`);
  // ...but the first one was due 800 ms before it started.
  assert.ok(fromSchedule.max >= length.max + 790, `from schedule max ${fromSchedule.max}`);
  // Due at 100 k ms, started at 900: delays 800, 700, ..., 0, and 0 for the tenth.
  assert.ok(fromSchedule.percentile(50) > length.percentile(50) + 250);
  // The same for INVITE → 200: 10 ms as measured, 800 ms more for the first call's caller.
  const invite = Histogram.fromJSON(s.inviteRtt!);
  const inviteLate = Histogram.fromJSON(s.inviteRttFromSchedule!);
  assert.equal(invite.max, 10);
  assert.equal(inviteLate.count, 10);
  assert.ok(inviteLate.max >= 800, `INVITE from schedule max ${inviteLate.max}`);
  assert.ok(inviteLate.percentile(50) > invite.percentile(50) + 250);
});
