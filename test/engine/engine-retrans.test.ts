import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas, buildResponse } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import { EngineHarness } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

/** One built-in uac call (INVITE at 100 ms) against a scripted UAS. */
function uacCall(
  script: UasScript,
  o: Partial<HarnessOptions> = {},
): { h: EngineHarness; uas: ScriptedUas } {
  const uas = new ScriptedUas(script);
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: uas,
    ...o,
    config: { maxCalls: 1, ...o.config },
  });
  return { h, uas };
}

const SILENT: UasScript = { ignoreInvites: Infinity };

test('INVITE is retransmitted at T1, 2T1, 4T1, … without a T2 cap, up to -max_invite_retrans (5)', () => {
  const { h } = uacCall(SILENT);
  h.run(31_599);
  const invites = h.transport.sentOf('INVITE');
  // Intervals 500, 1000, 2000, 4000, 8000: the last one is above T2 (4000), so INVITE is uncapped.
  assert.deepEqual(
    invites.map((d) => d.atMs),
    [100, 600, 1600, 3600, 7600, 15600],
  );
  assert.ok(
    invites.every((d) => d.raw.equals(invites[0].raw)),
    'a retransmission is the same bytes',
  );
  assert.equal(h.counters().FailedCall, 0, 'the sixth timer has not fired yet');
  const s = h.snapshot();
  assert.equal(s.cumulative.Retransmissions, 5);
  assert.equal(s.steps[0].retrans, 5);
});

test('INVITE retransmissions exhausted: FailedMaxUDPRetrans, and no CANCEL when nothing was received', () => {
  const { h } = uacCall(SILENT);
  h.run(31_600);
  const s = h.snapshot();
  assert.equal(s.cumulative.FailedCall, 1);
  assert.equal(s.cumulative.FailedMaxUDPRetrans, 1);
  assert.equal(s.steps[0].timeout, 1);
  // SIPp 3.6.1 sends nothing here (checked: unanswered INVITE, -max_invite_retrans 2), and RFC 3261
  // §9.1 forbids a CANCEL before any provisional response.
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    Array(6).fill('INVITE'),
  );
  assert.ok(h.trace.errors.some((e) => e.includes('UDP retransmission timeout')));
  assert.deepEqual(h.done, ['drained']);
});

test('-max_invite_retrans and -max_retrans bound INVITE retransmissions (the smaller wins)', () => {
  const a = uacCall(SILENT, { retrans: { maxInvite: 2 } }).h;
  a.run(5000);
  assert.equal(a.transport.sentOf('INVITE').length, 3);
  assert.equal(a.counters().FailedMaxUDPRetrans, 1);
  const b = uacCall(SILENT, { retrans: { max: 1 } }).h;
  b.run(5000);
  assert.equal(b.transport.sentOf('INVITE').length, 2);
  assert.equal(b.counters().FailedMaxUDPRetrans, 1);
});

test('a provisional stops INVITE retransmission; the answer to a retransmitted INVITE completes the call', () => {
  const { h, uas } = uacCall({
    ignoreInvites: 1,
    invite: [
      { status: 100, afterMs: 0 },
      { status: 200, afterMs: 2000 },
    ],
  });
  h.run(5000);
  assert.deepEqual(
    h.transport.sentOf('INVITE').map((d) => d.atMs),
    [100, 600],
    'none after the 100 at 601 ms',
  );
  assert.equal(uas.receivedOf('INVITE').length, 2);
  const c = h.counters();
  assert.equal(c.Retransmissions, 1);
  assert.equal(c.SuccessfulCall, 1);
});

test('provisional then silence: the recv timeout aborts the call with a CANCEL of the INVITE', () => {
  const { h } = uacCall(
    { invite: [{ status: 180, afterMs: 0 }] },
    { config: { recvTimeoutMs: 3000 } },
  );
  h.run(5000);
  const s = h.snapshot();
  assert.equal(s.cumulative.FailedTimeoutOnRecv, 1);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'CANCEL'],
  );
  const [invite, cancel] = h.transport.sent.map((d) => d.msg);
  assert.equal(
    cancel.viaBranch(),
    invite.viaBranch(),
    'RFC 3261 §9.1: the CANCEL shares the INVITE branch',
  );
  assert.equal(cancel.header('CSeq'), `${invite.cseqNumber()} CANCEL`);
  assert.equal(cancel.requestUri, invite.requestUri);
  assert.equal(cancel.callId(), invite.callId());
});

test('BYE (non-INVITE) doubles from T1 and caps at T2, up to -max_non_invite_retrans (9)', () => {
  const { h } = uacCall({ ignoreByes: Infinity });
  h.run(40_000);
  const byes = h.transport.sentOf('BYE');
  const first = byes[0].atMs;
  const gaps = byes.slice(1, 10).map((d, i) => d.atMs - byes[i].atMs);
  assert.deepEqual(gaps, [500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000]);
  const s = h.snapshot();
  assert.equal(s.cumulative.Retransmissions, 9);
  assert.equal(s.cumulative.FailedMaxUDPRetrans, 1);
  assert.equal(s.steps[7].timeout, 1, 'timeout counted on the BYE step');
  // SIPp's abort of an established call (bye behaviour) sends one more BYE, its default one.
  assert.equal(byes.length, 11);
  assert.ok(byes[10].atMs >= first + 27_500);
});

test('-T2 changes the cap for non-INVITE; -max_non_invite_retrans the count', () => {
  const { h } = uacCall({ ignoreByes: Infinity }, { retrans: { t2Ms: 1000, maxNonInvite: 4 } });
  h.run(10_000);
  const byes = h.transport.sentOf('BYE');
  const gaps = byes.slice(1, 5).map((d, i) => d.atMs - byes[i].atMs);
  assert.deepEqual(gaps, [500, 1000, 1000, 1000]);
  assert.equal(h.counters().FailedMaxUDPRetrans, 1);
});

test('-nr: nothing is retransmitted and no retransmission timeout fails the call', () => {
  const { h } = uacCall(SILENT, { retrans: { enabled: false } });
  h.run(60_000);
  assert.equal(h.transport.sentOf('INVITE').length, 1);
  const c = h.counters();
  assert.equal(c.Retransmissions, 0);
  assert.equal(c.FailedCall, 0);
  assert.equal(h.engine.currentCalls, 1, 'the call waits for ever, as in SIPp');
});

test('-nr: a BYE without answer is sent once', () => {
  const { h } = uacCall({ ignoreByes: Infinity }, { retrans: { enabled: false } });
  h.run(30_000);
  assert.equal(h.transport.sentOf('BYE').length, 1);
});

test('a retransmitted 200 is answered with our ACK again and counted as a retransmission', () => {
  const { h, uas } = uacCall({}, { config: { maxCalls: 1, defaultPauseMs: 5000 } });
  h.run(200);
  assert.equal(h.transport.sentOf('ACK').length, 1);
  const ok = uas.replies.find((b) => b.toString('latin1').startsWith('SIP/2.0 200'));
  assert.ok(ok);
  h.transport.inject(ok);
  h.run(1);
  const acks = h.transport.sentOf('ACK');
  assert.equal(acks.length, 2);
  assert.ok(acks[1].raw.equals(acks[0].raw), 'the same ACK bytes');
  const s = h.snapshot();
  assert.equal(s.cumulative.Retransmissions, 1);
  assert.equal(s.steps[4].retrans, 1, 'on the 200 step');
  assert.equal(s.steps[4].message, 1);
  h.run(6000);
  assert.equal(h.counters().SuccessfulCall, 1);
});

test('a retransmitted 180 after the 200 is absorbed without disturbing the call', () => {
  const { h, uas } = uacCall({}, { config: { maxCalls: 1, defaultPauseMs: 1000 } });
  h.run(200);
  const ringing = uas.replies.find((b) => b.toString('latin1').startsWith('SIP/2.0 180'));
  assert.ok(ringing);
  h.transport.inject(ringing);
  h.run(2000);
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(c.FailedUnexpectedMessage, 0);
  assert.equal(h.transport.sentOf('ACK').length, 1);
});

test('a 200 to the INVITE arriving again while the BYE is out is re-ACKed', () => {
  const { h, uas } = uacCall({ ignoreByes: 1 }, { config: { maxCalls: 1, defaultPauseMs: 100 } });
  h.run(220);
  assert.equal(h.transport.sentOf('BYE').length, 1);
  const invite = h.transport.sentOf('INVITE')[0].msg;
  h.transport.inject(buildResponse(invite, 200));
  h.run(1);
  assert.equal(h.transport.sentOf('ACK').length, 2);
  assert.equal(uas.receivedOf('BYE').length, 1);
  h.run(1000);
  assert.equal(h.counters().SuccessfulCall, 1, 'the BYE retransmission got its 200');
});
