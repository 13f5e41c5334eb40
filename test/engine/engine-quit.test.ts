import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import { EngineHarness, PID } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

function uac(
  script: UasScript = {},
  o: Partial<HarnessOptions> = {},
): { h: EngineHarness; uas: ScriptedUas } {
  const uas = new ScriptedUas(script);
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: uas,
    ...o,
    config: { defaultPauseMs: 1000, ...o.config },
  });
  return { h, uas };
}

test('soft quit (drain): no new calls, open calls run to completion, then done once', () => {
  const { h } = uac();
  h.run(500);
  assert.equal(h.engine.currentCalls, 5);
  h.engine.drain();
  assert.equal(h.engine.state, 'draining');
  h.run(1000);
  assert.deepEqual(h.done, [], 'the last call (opened at 500 ms) is still in its pause');
  assert.equal(h.counters().OutgoingCall, 5);
  h.run(100);
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.engine.state, 'done');
  h.engine.drain();
  h.run(2000);
  const c = h.counters();
  assert.equal(c.OutgoingCall, 5);
  assert.equal(c.SuccessfulCall, 5);
  assert.deepEqual(h.done, ['drained'], 'a second drain changes nothing');
});

test('drain with no open call is done at once', () => {
  const { h } = uac();
  h.run(50);
  h.engine.drain();
  assert.deepEqual(h.done, ['drained']);
  h.run(1000);
  assert.equal(h.counters().OutgoingCall, 0);
});

test('drain waits for a stuck call through its retransmission timeout (SIPp §7.8)', () => {
  const { h } = uac({ ignoreInvites: Infinity });
  h.run(100);
  h.engine.drain();
  h.run(31_499);
  assert.deepEqual(h.done, []);
  h.run(1);
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.counters().FailedMaxUDPRetrans, 1);
});

test('abortAll: BYE for an answered call, CANCEL for a ringing one, nothing for an unanswered one', () => {
  const { h } = uac({
    invite: [
      { status: 180, afterMs: 1 },
      { status: 200, afterMs: 300 },
    ],
  });
  // At 400 ms: call 1 answered (200 at 400) and in its pause; calls 2 and 3 ringing; call 4's
  // INVITE just left.
  h.run(400);
  assert.equal(h.engine.currentCalls, 4);
  const before = h.transport.sent.length;
  h.engine.abortAll();
  const aborts = h.transport.sent.slice(before).map((d) => `${d.msg.method} ${d.msg.callId()}`);
  assert.deepEqual(aborts, [
    `BYE 1-${PID}@127.0.0.1`,
    `CANCEL 2-${PID}@127.0.0.1`,
    `CANCEL 3-${PID}@127.0.0.1`,
  ]);
  const c = h.counters();
  assert.equal(c.FailedCall, 4);
  assert.equal(c.SuccessfulCall, 0);
  assert.equal(h.engine.currentCalls, 0);
  assert.deepEqual(h.done, ['drained']);
  h.run(2000);
  assert.equal(h.counters().OutgoingCall, 4, 'no call opens after an abort');
  assert.ok(h.counters().DeadCallMsgs > 0, 'late answers for aborted calls are dead-call messages');
  assert.deepEqual(h.done, ['drained']);
});

test('abortAll after the run is done does not report done again', () => {
  const { h } = uac({}, { config: { maxCalls: 1, defaultPauseMs: 10 } });
  h.run(500);
  assert.deepEqual(h.done, ['drained']);
  h.engine.abortAll();
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.engine.state, 'done');
});

test('abortAll while draining ends the remaining calls', () => {
  const { h } = uac({ ignoreInvites: Infinity });
  h.run(300);
  h.engine.drain();
  h.run(100);
  assert.deepEqual(h.done, []);
  h.engine.abortAll();
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.counters().FailedCall, 3);
});
