import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_DELIMITER } from '../../src/engine/index.ts';
import type { TwinLink } from '../../src/engine/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { serializeSipMessage } from '../../src/sip/index.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import type { ReplyFn, ScriptedPeer } from '../peers/memory-transport.ts';
import { EngineHarness, sendRequest } from './engine-harness.ts';

/** A called party of a 3PCC call: answers an INVITE with 200 and an SDP naming `owner`. */
class SdpParty implements ScriptedPeer {
  readonly received: SipMessage[] = [];
  constructor(private readonly owner: string) {}
  receive(msg: SipMessage, reply: ReplyFn): void {
    this.received.push(msg);
    if (!msg.isRequest || msg.method === 'ACK') return;
    const body = msg.method === 'INVITE' ? `v=0\r\no=${this.owner} 1 1 IN IP4 127.0.0.1\r\n` : '';
    const headers: Array<[string, string]> = [
      ['Via', msg.header('Via') ?? ''],
      ['From', msg.header('From') ?? ''],
      ['To', `${msg.header('To') ?? ''};tag=${this.owner}-tag`],
      ['Call-ID', msg.callId()],
      ['CSeq', msg.header('CSeq') ?? ''],
    ];
    if (body !== '') headers.push(['Content-Type', 'application/sdp']);
    reply(serializeSipMessage({ startLine: 'SIP/2.0 200 OK', headers, body }), 1);
  }
  of(method: string): SipMessage[] {
    return this.received.filter((m) => m.method === method);
  }
}

/** A twin link that records what is sent and queues it for the other engine. */
class PipeLink implements TwinLink {
  readonly sent: Array<{ bytes: Buffer; dest: string | undefined }> = [];
  readonly queue: Buffer[] = [];
  connected = true;
  send(command: Buffer, dest: string | undefined): boolean {
    if (!this.connected) return false;
    this.sent.push({ bytes: Buffer.from(command), dest });
    this.queue.push(Buffer.from(command));
    return true;
  }
  /** Hands what was queued to `h`, without the delimiter, as the run's link does. */
  flushTo(h: EngineHarness): void {
    for (const framed of this.queue.splice(0)) {
      assert.equal(framed[framed.length - 1], COMMAND_DELIMITER);
      h.engine.onTwinCommand(framed.subarray(0, framed.length - 1));
    }
  }
}

function twins(partyA = new SdpParty('alice'), partyB = new SdpParty('bob')) {
  const aLink = new PipeLink();
  const bLink = new PipeLink();
  const a = new EngineHarness({
    scenario: '3pcc-C-A',
    config: { maxCalls: 1 },
    peer: partyA,
    twin: aLink,
  });
  const b = new EngineHarness({ scenario: '3pcc-C-B', peer: partyB, twin: bLink });
  const run = (ms: number): void => {
    for (let i = 0; i < ms; i++) {
      a.run(1);
      aLink.flushTo(b);
      b.run(1);
      bLink.flushTo(a);
    }
  };
  return { a, b, aLink, bLink, partyA, partyB, run };
}

test('3pcc-C-A and 3pcc-C-B hand each party the other one’s SDP; both calls succeed', () => {
  const t = twins();
  t.run(4000);
  const [inviteA] = t.partyA.of('INVITE');
  const [inviteB] = t.partyB.of('INVITE');
  assert.ok(inviteA && inviteB, 'both parties were called');
  assert.equal(inviteA.body().length, 0, 'A is called without SDP');
  assert.match(inviteB.body().toString('latin1'), /o=alice /, "B is offered A's SDP");
  assert.equal(inviteB.callId(), inviteA.callId(), 'C-B takes the Call-ID of the command');
  const [ackA] = t.partyA.of('ACK');
  assert.match(ackA.body().toString('latin1'), /o=bob /, "A's ACK carries B's answer");
  assert.equal(t.partyA.of('BYE').length, 1);
  assert.equal(t.partyB.of('BYE').length, 1);

  const offer = t.aLink.sent[0].bytes.toString('latin1');
  assert.match(offer, /^Call-ID: 1-4242@127\.0\.0\.1\r\nContent-Type: application\/sdp\r\n/);
  assert.ok(offer.endsWith('o=alice 1 1 IN IP4 127.0.0.1\r\n\x1b'), JSON.stringify(offer));
  assert.equal(t.aLink.sent.length, 1);
  assert.equal(t.bLink.sent.length, 1);
  assert.equal(t.aLink.sent[0].dest, undefined);

  const ca = t.a.counters();
  const cb = t.b.counters();
  assert.equal(ca.SuccessfulCall, 1);
  assert.equal(ca.FailedCall, 0);
  assert.equal(cb.IncomingCall, 1, 'the command created the call in C-B');
  assert.equal(cb.SuccessfulCall, 1);
  assert.equal(cb.FailedCall, 0);
  const sendCmdStep = t.a.scenario.commands.findIndex((c) => c.kind === 'sendCmd');
  const recvCmdStep = t.a.scenario.commands.findIndex((c) => c.kind === 'recvCmd');
  assert.equal(t.a.snapshot().steps[sendCmdStep].message, 1, '[ Sent Command ] counted');
  assert.equal(t.a.snapshot().steps[recvCmdStep].message, 1, '[ Received Command ] counted');
  assert.deepEqual(t.a.done, ['drained']);
});

test('a SIP request of an unknown Call-ID does not create a call in controller B', () => {
  const b = new EngineHarness({ scenario: '3pcc-C-B', twin: new PipeLink() });
  b.transport.inject(
    Buffer.from(
      'INVITE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK1\r\n' +
        'From: <sip:a@b>;tag=1\r\nTo: <sip:x@y>\r\nCall-ID: stray\r\nCSeq: 1 INVITE\r\n' +
        'Content-Length: 0\r\n\r\n',
    ),
  );
  b.run(10);
  assert.equal(b.counters().IncomingCall, 0);
  assert.equal(b.counters().OutOfCallMsgs, 1);
});

test('a command for no call in controller A is discarded; a command where none is due fails the call', () => {
  const aLink = new PipeLink();
  const a = new EngineHarness({
    scenario: '3pcc-C-A',
    config: { maxCalls: 1 },
    peer: new SdpParty('alice'),
    twin: aLink,
  });
  a.engine.onTwinCommand(Buffer.from('Call-ID: nobody\r\n'));
  assert.equal(a.counters().OutOfCallMsgs, 1);
  assert.equal(a.counters().IncomingCall, 0);
  // The call waits for the 200 (a recv): a command now is unexpected (SIPp's rejectCall).
  a.run(100);
  const callId = '1-4242@127.0.0.1';
  a.engine.onTwinCommand(Buffer.from(`Call-ID: ${callId}\r\n`));
  assert.equal(a.counters().FailedCallRejected, 1);
  assert.equal(a.counters().FailedCall, 1);
});

test('without a twin connection a sendCmd fails its call (FailedCmdNotSent)', () => {
  const aLink = new PipeLink();
  aLink.connected = false;
  const a = new EngineHarness({
    scenario: '3pcc-C-A',
    config: { maxCalls: 1 },
    peer: new SdpParty('alice'),
    twin: aLink,
  });
  a.run(500);
  assert.equal(a.counters().FailedCmdNotSent, 1);
  assert.equal(a.counters().FailedCall, 1);
  assert.match(a.engine.lastError, /no twin connection/);
});

test('recvCmd: actions read the command without its final CRLFs; it times out as a recv does', () => {
  const xml = `<scenario>
  <recvCmd><action><ereg regexp="[0-9]+$" search_in="msg" assign_to="id"/></action></recvCmd>
  <sendCmd><![CDATA[
    Call-ID: [call_id]
    X-Echo: <[$id]>
  ]]></sendCmd>
  <recvCmd timeout="300"/>
</scenario>`;
  const link = new PipeLink();
  const h = new EngineHarness({ scenario: xml, twin: link });
  h.engine.onTwinCommand(Buffer.from('Call-ID: c1\r\nX-Id: 42\r\n\r\n'));
  assert.equal(link.sent.length, 1);
  assert.equal(link.sent[0].bytes.toString('latin1'), 'Call-ID: c1\r\nX-Echo: <42>\r\n\x1b');
  h.run(299);
  assert.equal(h.counters().FailedTimeoutOnRecv, 0);
  h.run(2);
  assert.equal(h.counters().FailedTimeoutOnRecv, 1);
});

test('extended mode: sendCmd goes to its dest; recvCmd src= must name the From: of the command', () => {
  const xml = `<scenario>
  <recvCmd src="m"/>
  <sendCmd dest="s2"><![CDATA[
    Call-ID: [call_id]
    From: s1
  ]]></sendCmd>
  <recvCmd src="m"/>
</scenario>`;
  const link = new PipeLink();
  const h = new EngineHarness({ scenario: xml, twin: link });
  h.engine.onTwinCommand(Buffer.from('Call-ID: c1\r\nFrom: m\r\n'));
  assert.equal(link.sent[0].dest, 's2');
  assert.equal(link.sent[0].bytes.toString('latin1'), 'Call-ID: c1\r\nFrom: s1\r\n\x1b');
  h.engine.onTwinCommand(Buffer.from('Call-ID: c1\r\nFrom: intruder\r\n'));
  assert.equal(h.counters().FailedCallRejected, 1);
  assert.equal(h.counters().SuccessfulCall, 0);
});

test('internal-cmd: abort_call from the twin ends the call', () => {
  const xml = `<scenario>
  <recvCmd/>
  <recvCmd/>
</scenario>`;
  const h = new EngineHarness({ scenario: xml, twin: new PipeLink() });
  h.engine.onTwinCommand(Buffer.from('Call-ID: c1\r\n'));
  h.engine.onTwinCommand(Buffer.from('call-id: c1\r\ninternal-cmd: abort_call\r\n'));
  assert.equal(h.counters().FailedCall, 1);
  assert.equal(h.counters().SuccessfulCall, 0);
});

test("a call aborted on an unexpected message aborts the twin's half too (SIPp's 3pcc_abort)", () => {
  const xml = `<scenario>
  <recvCmd/>
  ${sendRequest('INVITE')}
  <recv response="200"/>
</scenario>`;
  const link = new PipeLink();
  // The UAS's 100 Trying is not in the scenario: unexpected, and the call is aborted.
  const h = new EngineHarness({ scenario: xml, twin: link, peer: new ScriptedUas() });
  h.engine.onTwinCommand(Buffer.from('Call-ID: c9\r\n'));
  h.run(50);
  assert.equal(h.counters().FailedUnexpectedMessage, 1);
  assert.deepEqual(
    link.sent.map((s) => [s.bytes.toString('latin1'), s.dest]),
    [['call-id: c9\r\ninternal-cmd: abort_call\r\n\x1b', undefined]],
  );
  // The twin (a C-B waiting on its recvCmd) ends that call when it gets the notice.
  const twin = new EngineHarness({
    scenario: '<scenario><recvCmd/><recvCmd/></scenario>',
    twin: new PipeLink(),
  });
  twin.engine.onTwinCommand(Buffer.from('Call-ID: c9\r\n'));
  link.flushTo(twin);
  assert.equal(twin.counters().FailedCall, 1);
});
