import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas, buildRequest } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import { EngineHarness, PID, clientXml, sendRequest } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

const CALL_ID = `1-${PID}@127.0.0.1`;

/** One built-in uac call (INVITE at 100 ms, hold `-d` 1000 ms) against a scripted UAS. */
function uacCall(
  script: UasScript = {},
  o: Partial<HarnessOptions> = {},
): { h: EngineHarness; uas: ScriptedUas } {
  const uas = new ScriptedUas(script);
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: uas,
    ...o,
    config: { maxCalls: 1, defaultPauseMs: 1000, ...o.config },
  });
  return { h, uas };
}

const unexpectedTotal = (h: EngineHarness): number =>
  h.snapshot().steps.reduce((n, s) => n + s.unexpected, 0);

test('abortunexp: a 486 to our INVITE fails the call and is ACKed in the INVITE transaction', () => {
  const { h } = uacCall({
    invite: [
      { status: 100, afterMs: 0 },
      { status: 486, afterMs: 10 },
    ],
  });
  h.run(1000);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'ACK'],
  );
  const [invite, ack] = h.transport.sent.map((d) => d.msg);
  assert.equal(
    ack.viaBranch(),
    invite.viaBranch(),
    'RFC 3261 §17.1.1.3: same branch as the INVITE',
  );
  assert.equal(ack.header('CSeq'), '1 ACK');
  assert.equal(ack.toTag(), 'uas-tag-1');
  const c = h.counters();
  assert.equal(c.FailedCall, 1);
  assert.equal(c.FailedUnexpectedMessage, 1);
  assert.equal(unexpectedTotal(h), 1);
  assert.ok(
    h.trace.errors.some(
      (e) => e.includes('Aborting call on unexpected message') && e.includes('486 Busy Here'),
    ),
  );
  assert.match(h.engine.lastError, /unexpected message/);
});

test('abortunexp without bye: the 486 fails the call and nothing is sent', () => {
  const { h } = uacCall(
    { invite: [{ status: 486, afterMs: 10 }] },
    { defaultBehaviors: { bye: false } },
  );
  h.run(1000);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE'],
  );
  assert.equal(h.counters().FailedUnexpectedMessage, 1);
});

test('abortunexp: an unexpected 200 (scenario wanted a 180 first) gets ACK + BYE', () => {
  const xml = clientXml(
    [
      sendRequest('INVITE', 'retrans="500"'),
      '<recv response="180"/>',
      '<recv response="200"/>',
      sendRequest('ACK', '', '[cseq] ACK'),
    ].join('\n'),
  );
  const uas = new ScriptedUas({ invite: [{ status: 200, afterMs: 5 }] });
  const h = new EngineHarness({
    scenario: xml,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
    peer: uas,
  });
  h.run(1000);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'ACK', 'BYE'],
  );
  const [invite, ack, bye] = h.transport.sent.map((d) => d.msg);
  assert.notEqual(ack.viaBranch(), invite.viaBranch(), 'the ACK of a 2xx is a new transaction');
  assert.equal(ack.requestUri, 'sip:peer@127.0.0.2:5070', 'sent to the Contact of the 2xx');
  assert.equal(bye.toTag(), 'uas-tag-1');
  assert.equal(bye.header('CSeq'), '2 BYE');
  assert.equal(h.counters().FailedUnexpectedMessage, 1);
  assert.equal(uas.receivedOf('INVITE').length, 1, 'the INVITE is no longer retransmitted');
});

test('abortunexp: an unexpected request while ringing CANCELs the INVITE', () => {
  const { h } = uacCall({ invite: [{ status: 180, afterMs: 0 }] });
  h.run(200);
  h.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 7 }));
  h.run(1);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'CANCEL'],
  );
  assert.equal(h.counters().FailedUnexpectedMessage, 1);
});

test('abortunexp off: an unexpected message is counted and the call continues', () => {
  const { h } = uacCall({}, { defaultBehaviors: { abortUnexpected: false } });
  h.run(500); // in the -d pause
  h.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 7 }));
  h.run(2000);
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(c.FailedCall, 0);
  assert.equal(unexpectedTotal(h), 1);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'ACK', 'BYE'],
    'the INFO is not answered',
  );
  assert.ok(h.trace.warnings.some((w) => w.includes('Continuing call on unexpected message')));
});

test('an unexpected BYE in an established call gets 200 and the call fails', () => {
  const { h } = uacCall();
  h.run(500);
  h.transport.inject(buildRequest('BYE', { callId: CALL_ID, cseq: 9, toTag: `${PID}SIPpTag001` }));
  h.run(3000);
  const sent = h.transport.sent.map((d) => d.msg);
  assert.deepEqual(
    sent.map((m) => m.method || m.statusCode),
    ['INVITE', 'ACK', 200],
  );
  assert.equal(sent[2].header('CSeq'), '9 BYE');
  assert.equal(sent[2].callId(), CALL_ID);
  const c = h.counters();
  assert.equal(c.FailedCall, 1);
  assert.equal(c.FailedUnexpectedMessage, 1);
  assert.equal(h.engine.currentCalls, 0);
});

test('an unexpected BYE with the bye behaviour off is not answered, but still fails the call', () => {
  const { h } = uacCall({}, { defaultBehaviors: { bye: false } });
  h.run(500);
  h.transport.inject(buildRequest('BYE', { callId: CALL_ID, cseq: 9 }));
  h.run(3000);
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.method),
    ['INVITE', 'ACK'],
  );
  assert.equal(h.counters().FailedUnexpectedMessage, 1);
});

test('pingreply: a PING in a call is answered with 200 and the call goes on', () => {
  const { h } = uacCall();
  h.run(500);
  h.transport.inject(buildRequest('PING', { callId: CALL_ID, cseq: 3 }));
  h.run(1);
  const reply = h.transport.sent.at(-1);
  assert.ok(reply);
  assert.equal(reply.msg.statusCode, 200);
  assert.equal(reply.msg.header('CSeq'), '3 PING');
  h.run(2000);
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(unexpectedTotal(h), 0);
});

test('without pingreply a PING is an unexpected message', () => {
  const { h } = uacCall({}, { defaultBehaviors: { pingReply: false } });
  h.run(500);
  h.transport.inject(buildRequest('PING', { callId: CALL_ID, cseq: 3 }));
  h.run(1);
  assert.equal(h.counters().FailedUnexpectedMessage, 1);
  assert.equal(h.transport.sent.at(-1)?.msg.method, 'BYE', 'the established call is torn down');
});

test('-aa: INFO and OPTIONS outside any call are answered 200 (AutoAnswered)', () => {
  const { h } = uacCall({}, { config: { maxCalls: 1, autoAnswer: true } });
  h.transport.inject(buildRequest('OPTIONS', { callId: 'ooc-1', cseq: 1 }));
  h.transport.inject(buildRequest('INFO', { callId: 'ooc-2', cseq: 1 }));
  h.run(1);
  const answers = h.transport.sent.map((d) => d.msg);
  assert.deepEqual(
    answers.map((m) => `${m.statusCode} ${m.header('CSeq')} ${m.callId()}`),
    ['200 1 OPTIONS ooc-1', '200 1 INFO ooc-2'],
  );
  const c = h.counters();
  assert.equal(c.AutoAnswered, 2);
  assert.equal(c.OutOfCallMsgs, 0);
});

test('-aa: an INFO inside a call is answered and the call goes on', () => {
  const { h } = uacCall({}, { config: { maxCalls: 1, defaultPauseMs: 1000, autoAnswer: true } });
  h.run(500);
  h.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 4 }));
  h.run(2000);
  assert.equal(h.counters().AutoAnswered, 1);
  assert.equal(h.counters().SuccessfulCall, 1);
  assert.equal(unexpectedTotal(h), 0);
});

test('without -aa out-of-call requests are counted and dropped with a trace', () => {
  const { h } = uacCall();
  h.transport.inject(buildRequest('OPTIONS', { callId: 'ooc-1', cseq: 1 }));
  h.run(1);
  assert.equal(h.transport.sent.length, 0);
  assert.equal(h.counters().OutOfCallMsgs, 1);
  assert.equal(h.counters().AutoAnswered, 0);
  assert.ok(h.trace.errors.some((e) => e.startsWith("Discarding message which can't be mapped")));
});

test('-aa does not answer methods outside INFO/NOTIFY/OPTIONS/UPDATE', () => {
  const { h } = uacCall({}, { config: { maxCalls: 1, autoAnswer: true } });
  h.transport.inject(buildRequest('MESSAGE', { callId: 'ooc-1', cseq: 1 }));
  h.run(1);
  assert.equal(h.transport.sent.length, 0);
  assert.equal(h.counters().OutOfCallMsgs, 1);
});
