import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StepEvent } from '../../src/stats/index.ts';
import { ScriptedUas, buildRequest, buildResponse } from '../peers/memory-transport.ts';
import { EngineHarness, PID, clientXml, sendRequest } from './engine-harness.ts';

const OK_TO_LAST = `<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>`;

function oneUacCall(holdMs = 1000, uas = new ScriptedUas()): EngineHarness {
  return new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1, defaultPauseMs: holdMs },
    peer: uas,
  });
}

test('built-in uac against a UAS: INVITE, ACK, BYE with the peer tag; success and done', () => {
  const uas = new ScriptedUas();
  const h = oneUacCall(1000, uas);
  h.run(2000);
  assert.deepEqual(h.transport.startLines(), [
    'INVITE sip:service@127.0.0.2:5070 SIP/2.0',
    'ACK sip:service@127.0.0.2:5070 SIP/2.0',
    'BYE sip:service@127.0.0.2:5070 SIP/2.0',
  ]);
  const [invite, ack, bye] = h.transport.sent;
  assert.equal(invite.atMs, 100, '-r 10: the first call opens at 100 ms');
  assert.deepEqual(invite.to, { address: '127.0.0.2', port: 5070 });
  assert.equal(invite.msg.callId(), `1-${PID}@127.0.0.1`);
  assert.equal(invite.msg.viaBranch(), `z9hG4bK-${PID}-1-0`);
  assert.equal(invite.msg.header('CSeq'), '1 INVITE');
  assert.equal(invite.msg.fromTag(), `${PID}SIPpTag001`);
  assert.equal(ack.msg.toTag(), 'uas-tag-1', '[peer_tag_param] carries the To-tag of the 200');
  assert.equal(bye.msg.toTag(), 'uas-tag-1');
  assert.equal(bye.msg.header('CSeq'), '2 BYE');
  assert.equal(bye.atMs - ack.atMs, 1000, '-d holds the call');
  assert.equal(uas.receivedOf('INVITE').length, 1, 'the 100 stopped INVITE retransmission');

  const s = h.snapshot();
  assert.equal(s.cumulative.OutgoingCall, 1);
  assert.equal(s.cumulative.SuccessfulCall, 1);
  assert.equal(s.cumulative.FailedCall, 0);
  assert.equal(s.cumulative.Retransmissions, 0);
  assert.equal(s.cumulative.OutOfCallMsgs, 0);
  assert.deepEqual(
    s.steps.map((x) => x.message),
    [1, 1, 1, 0, 1, 1, 1, 1, 1],
  );
  assert.deepEqual(h.done, ['drained']);
});

test('the 200 closes RTD 1 with INVITE-to-200 time; the call length runs creation to last message', () => {
  const uas = new ScriptedUas({
    invite: [
      { status: 180, afterMs: 3 },
      { status: 200, afterMs: 37 },
    ],
  });
  const h = oneUacCall(500, uas);
  h.run(1000);
  const s = h.snapshot();
  assert.equal(s.rtds.length, 1);
  assert.equal(s.rtds[0].cumulative.count, 1);
  // INVITE at 100 ms; the 200 arrives at 137 ms.
  assert.equal(s.rtds[0].cumulative.minMs, 37);
  assert.equal(s.rtds[0].cumulative.maxMs, 37);
  assert.equal(s.callLength.cumulative.count, 1);
  // BYE at 637 ms, its 200 back on the next step (638 ms).
  assert.equal(s.callLength.cumulative.minMs, 538);
  assert.equal(s.steps[2].message, 1, '180 counted');
  assert.equal(s.steps[1].message, 0, 'no 100');
});

test('every client call gets its own Call-ID, branch and From tag', () => {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 3 },
    peer: new ScriptedUas(),
  });
  h.run(1000);
  const invites = h.transport.sentOf('INVITE');
  assert.deepEqual(
    invites.map((d) => d.msg.callId()),
    [1, 2, 3].map((n) => `${n}-${PID}@127.0.0.1`),
  );
  assert.deepEqual(
    invites.map((d) => d.msg.viaBranch()),
    [1, 2, 3].map((n) => `z9hG4bK-${PID}-${n}-0`),
  );
  assert.equal(h.counters().SuccessfulCall, 3);
});

test('-cid_str shapes the Call-ID: %u call number, %p pid, %s local IP, %% a percent', () => {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 2, callIdFormat: 'gs-%u.%p.%%.%s' },
    peer: new ScriptedUas(),
  });
  h.run(1000);
  assert.deepEqual(
    h.transport.sentOf('INVITE').map((d) => d.msg.callId()),
    [`gs-1.${PID}.%.127.0.0.1`, `gs-2.${PID}.%.127.0.0.1`],
  );
  assert.equal(h.counters().SuccessfulCall, 2, 'responses match the custom Call-ID');
});

test('-cid_str without %u still keeps calls apart', () => {
  const h = new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 2, callIdFormat: 'fixed@%s' },
    peer: new ScriptedUas(),
  });
  h.run(1000);
  const ids = h.transport.sentOf('INVITE').map((d) => d.msg.callId());
  assert.equal(new Set(ids).size, 2);
  assert.equal(h.counters().SuccessfulCall, 2);
});

test('a Call-ID prefix ending in /// is ignored when matching', () => {
  const uas = new ScriptedUas({ invite: [] });
  const h = oneUacCall(0, uas);
  h.run(101);
  const invite = h.transport.sentOf('INVITE')[0].msg;
  const prefixed = buildResponse(invite, 200)
    .toString('latin1')
    .replace(`Call-ID: ${invite.callId()}`, `Call-ID: proxy///${invite.callId()}`);
  h.transport.inject(prefixed);
  h.run(5);
  assert.equal(h.transport.sentOf('ACK').length, 1);
  assert.equal(h.counters().OutOfCallMsgs, 0);
});

test('[cseq] starts at -base_cseq + 1, skips ACK, and is raised by a received request', () => {
  const xml = clientXml(
    [
      sendRequest('MESSAGE'),
      '<recv response="200"/>',
      sendRequest('ACK', '', '[cseq] ACK'),
      '<recv request="INFO"/>',
      OK_TO_LAST,
      sendRequest('MESSAGE'),
      '<recv response="200"/>',
    ].join('\n'),
  );
  const uas = new ScriptedUas();
  const h = new EngineHarness({
    scenario: xml,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1, baseCseq: 100 },
    peer: uas,
  });
  h.run(110);
  const callId = `1-${PID}@127.0.0.1`;
  h.transport.inject(buildRequest('INFO', { callId, cseq: 500 }));
  h.run(10);
  const cseqs = h.transport.sent.map((d) => d.msg.header('CSeq'));
  assert.deepEqual(cseqs, ['101 MESSAGE', '101 ACK', '500 INFO', '501 MESSAGE']);
  assert.equal(h.counters().SuccessfulCall, 1);
});

test('responses are matched against methods sent before the step (CSeq method check)', () => {
  const xml = clientXml(
    [
      sendRequest('OPTIONS'),
      '<recv response="200"/>',
      sendRequest('MESSAGE'),
      '<recv response="200"/>',
    ].join('\n'),
  );
  const h = new EngineHarness({
    scenario: xml,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
  });
  h.run(100);
  const options = h.transport.sentOf('OPTIONS')[0].msg;
  h.transport.inject(buildResponse(options, 200));
  h.run(2);
  const message = h.transport.sentOf('MESSAGE')[0].msg;
  // A 200 whose CSeq method was never sent by the scenario matches no step.
  h.transport.inject(
    buildResponse(message, 200)
      .toString('latin1')
      .replace(/CSeq: (\d+) MESSAGE/, 'CSeq: $1 PUBLISH'),
  );
  h.run(2);
  const s = h.snapshot();
  assert.equal(s.cumulative.FailedUnexpectedMessage, 1);
  assert.equal(s.steps[3].unexpected, 1, 'counted on the step the call waited at');
  assert.equal(s.steps[3].message, 0);
  assert.equal(StepEvent.Unexpected, 3);
});
