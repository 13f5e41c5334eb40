import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUac, buildRequest, PEER_ADDRESS } from '../peers/memory-transport.ts';
import type { UacScript } from '../peers/memory-transport.ts';
import { EngineHarness, PID } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

function uas(
  script: UacScript = {},
  o: Partial<HarnessOptions> = {},
): { h: EngineHarness; uac: ScriptedUac } {
  const uac = new ScriptedUac(script);
  const h = new EngineHarness({ scenario: 'uas', peer: uac, ...o });
  return { h, uac };
}

test('built-in uas: a new Call-ID creates a call; 180 and 200 go back to the sender', () => {
  const { h, uac } = uas();
  h.transport.inject(uac.invite('call-A'));
  h.run(1);
  assert.equal(h.counters().IncomingCall, 1);
  assert.equal(h.engine.currentCalls, 1);
  assert.deepEqual(h.transport.startLines(), ['SIP/2.0 180 Ringing', 'SIP/2.0 200 OK']);
  for (const d of h.transport.sent) {
    assert.deepEqual(d.to, PEER_ADDRESS);
    assert.equal(d.msg.callId(), 'call-A');
    assert.equal(d.msg.toTag(), `${PID}SIPpTag011`);
    assert.equal(d.msg.header('CSeq'), '1 INVITE');
    assert.equal(d.msg.fromTag(), 'uac-tag-1');
  }
});

test('built-in uas: BYE answered, timewait ends the call as a success after 4000 ms', () => {
  const { h, uac } = uas({ holdMs: 100 });
  h.transport.inject(uac.invite('call-A'));
  h.run(101); // INVITE at 1 ms, ACK at 2 ms, BYE at 101 ms
  assert.deepEqual(h.transport.startLines(), [
    'SIP/2.0 180 Ringing',
    'SIP/2.0 200 OK',
    'SIP/2.0 200 OK',
  ]);
  const byeOk = h.transport.sent[2];
  assert.equal(byeOk.msg.header('CSeq'), '2 BYE');
  assert.equal(byeOk.atMs, 101);
  h.run(3999);
  assert.equal(h.counters().SuccessfulCall, 0, 'still in timewait');
  assert.equal(h.engine.currentCalls, 1);
  h.run(1);
  const s = h.snapshot();
  assert.equal(s.cumulative.SuccessfulCall, 1);
  assert.equal(s.cumulative.FailedCall, 0);
  assert.equal(s.callLength.cumulative.minMs, 4100);
  assert.equal(s.rtds[0].cumulative.count, 1, 'the ACK closes RTD 1');
  assert.equal(s.rtds[0].cumulative.minMs, 1);
  assert.equal(h.engine.currentCalls, 0);
  assert.equal(uac.received.filter((m) => m.statusCode === 200).length, 2);
});

test('a BYE retransmitted during timewait is answered again and counted as a retransmission', () => {
  const { h, uac } = uas({ holdMs: 100 });
  h.transport.inject(uac.invite('call-A'));
  h.run(1000);
  const bye = (uac.requests.get('call-A') ?? []).find((b) =>
    b.toString('latin1').startsWith('BYE'),
  );
  assert.ok(bye);
  h.transport.inject(bye);
  h.run(1);
  const oks = h.transport.sent.filter((d) => d.msg.header('CSeq') === '2 BYE');
  assert.equal(oks.length, 2);
  assert.deepEqual(oks[1].raw, oks[0].raw, 'the same 200 is re-sent');
  const s = h.snapshot();
  assert.equal(s.cumulative.Retransmissions, 1);
  assert.equal(s.steps[4].retrans, 1, 'counted on the BYE step');
  h.run(4000);
  assert.equal(h.counters().SuccessfulCall, 1, 'the retransmission does not disturb the timewait');
  assert.equal(h.counters().FailedCall, 0);
});

test('a lost ACK: the 200 is retransmitted until the BYE arrives, and the call still succeeds', () => {
  const { h, uac } = uas({ ack: false, holdMs: 1200 });
  h.transport.inject(uac.invite('call-A'));
  h.run(1300);
  // 200 at 1, again at 501 (T1) and 1501 would be next; the BYE at 1201 stops it.
  assert.equal(h.transport.sentOf(200).filter((d) => d.msg.cseqMethod() === 'INVITE').length, 2);
  h.run(5000);
  assert.equal(h.transport.sentOf(200).filter((d) => d.msg.cseqMethod() === 'INVITE').length, 2);
  assert.equal(h.counters().SuccessfulCall, 1);
  assert.equal(h.counters().Retransmissions, 1);
});

test('no ACK and no BYE: the 200 is retransmitted 5 times, then the call fails (FailedMaxUDPRetrans)', () => {
  const { h, uac } = uas({ ack: false, bye: false });
  h.transport.inject(uac.invite('call-A'));
  h.run(31_499);
  const oks = h.transport.sentOf(200);
  assert.deepEqual(
    oks.map((d) => d.atMs),
    [1, 501, 1501, 3501, 7501, 15501],
  );
  assert.equal(h.counters().FailedCall, 0);
  h.run(2);
  const s = h.snapshot();
  assert.equal(s.cumulative.FailedCall, 1);
  assert.equal(s.cumulative.FailedMaxUDPRetrans, 1);
  assert.equal(s.steps[2].timeout, 1);
  assert.equal(
    h.transport.sent.length,
    7,
    'a server call sends nothing when it aborts (180 + six 200s)',
  );
});

test('an INVITE retransmitted before the ACK is re-answered with what followed it', () => {
  const { h, uac } = uas({ ack: false, bye: false });
  const invite = uac.invite('call-A');
  h.transport.inject(invite);
  h.run(10);
  h.transport.inject(invite);
  h.run(1);
  assert.deepEqual(h.transport.startLines(), [
    'SIP/2.0 180 Ringing',
    'SIP/2.0 200 OK',
    'SIP/2.0 180 Ringing',
  ]);
  assert.equal(h.counters().Retransmissions, 1);
  assert.equal(h.counters().IncomingCall, 1, 'no second call');
});

test('each new Call-ID is its own call, an ACK with an unknown one too (it fails, as in sipp 3.6.1)', () => {
  const { h, uac } = uas();
  h.transport.inject(uac.invite('call-A'));
  h.transport.inject(uac.invite('call-B'));
  h.transport.inject(buildRequest('ACK', { callId: 'call-Z', cseq: 1 }));
  h.run(1);
  const c = h.counters();
  assert.equal(c.IncomingCall, 3);
  assert.equal(c.OutOfCallMsgs, 0);
  assert.equal(c.FailedUnexpectedMessage, 1);
  assert.equal(h.engine.currentCalls, 2);
  h.run(5000);
  assert.equal(h.counters().SuccessfulCall, 2);
});

test('server -m: after m incoming calls new Call-IDs are refused, and done follows the last call', () => {
  const { h, uac } = uas({}, { config: { maxCalls: 2 } });
  for (const id of ['a', 'b', 'c']) h.transport.inject(uac.invite(id));
  h.run(1);
  const c = h.counters();
  assert.equal(c.IncomingCall, 2);
  assert.equal(c.OutOfCallMsgs, 1);
  assert.deepEqual(h.done, []);
  h.run(5000);
  assert.equal(h.counters().SuccessfulCall, 2);
  assert.deepEqual(h.done, ['drained']);
});

test('server drain: new Call-IDs are refused while open calls finish', () => {
  const { h, uac } = uas();
  h.transport.inject(uac.invite('a'));
  h.run(1);
  h.engine.drain();
  h.transport.inject(uac.invite('b'));
  h.run(1);
  assert.equal(h.counters().IncomingCall, 1);
  assert.equal(h.counters().OutOfCallMsgs, 1);
  assert.deepEqual(h.done, []);
  h.run(5000);
  assert.deepEqual(h.done, ['drained']);
  assert.equal(h.counters().SuccessfulCall, 1);
});
