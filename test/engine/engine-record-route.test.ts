import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { buildRequest } from '../peers/memory-transport.ts';
import type { ReplyFn, ScriptedPeer } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';

// Record-Route lines as SIPp 3.6.1 was seen to split them: on every comma (even the one inside
// the quoted parameter), entries trimmed.
const RECORD_ROUTES: Array<[string, string]> = [
  ['Record-Route', '<sip:p1.example;lr>,   <sip:p2.example;lr> ,<sip:p2b.example;lr;x="q,r">'],
  ['Record-Route', '<sip:p3.example;lr>'],
];

/** Answers an INVITE with a 200 carrying RECORD_ROUTES. */
class RecordRoutingUas implements ScriptedPeer {
  receive(msg: SipMessage, reply: ReplyFn): void {
    if (msg.method !== 'INVITE') return;
    const headers: Array<[string, string]> = [
      ['Via', msg.header('Via') ?? ''],
      ['From', msg.header('From') ?? ''],
      ['To', `${msg.header('To') ?? ''};tag=uas-1`],
      ['Call-ID', msg.callId()],
      ['CSeq', msg.header('CSeq') ?? ''],
      ...RECORD_ROUTES,
      ['Contact', '<sip:peer@127.0.0.2:5070>'],
    ];
    reply(serializeSipMessage({ startLine: 'SIP/2.0 200 OK', headers }), 1);
  }
}

test('rrs on a response (UAC side): every Record-Route entry reversed, as SIPp', () => {
  const ack = `<send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
Call-ID: [call_id]
CSeq: 1 ACK
[routes]
Content-Length: 0

]]></send>`;
  const xml = clientXml(
    [sendRequest('INVITE'), '<recv response="200" rrs="true"/>', ack].join('\n'),
  );
  const h = new EngineHarness({
    scenario: xml,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
    peer: new RecordRoutingUas(),
  });
  h.run(300); // the first call starts at 100 ms
  const sent = h.transport.sent.map((d) => d.msg);
  assert.deepEqual(
    sent.map((m) => m.method),
    ['INVITE', 'ACK'],
  );
  assert.equal(sent[1].requestUri, 'sip:peer@127.0.0.2:5070');
  assert.equal(
    sent[1].header('Route'),
    '<sip:p3.example;lr>, r">, <sip:p2b.example;lr;x="q, <sip:p2.example;lr>, <sip:p1.example;lr>',
  );
});

test('rrs on a request (UAS side): entries kept in order, split and rejoined with ", "', () => {
  const xml = clientXml(
    `<recv request="INVITE" rrs="true"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[call_number]
[last_Call-ID:]
[last_CSeq:]
X-Routes: [routes]
Content-Length: 0

]]></send>`,
  );
  const h = new EngineHarness({ scenario: xml, config: { maxCalls: 1 } });
  const invite = buildRequest('INVITE', { callId: 'rr-1', cseq: 1 }).toString('latin1');
  const withRr = invite.replace(
    'Max-Forwards: 70\r\n',
    `Max-Forwards: 70\r\n${RECORD_ROUTES.map(([n, v]) => `${n}: ${v}\r\n`).join('')}`,
  );
  h.transport.inject(Buffer.from(withRr, 'latin1'));
  h.run(10);
  assert.equal(h.transport.sent.length, 1);
  assert.equal(
    h.transport.sent[0].msg.header('X-Routes'),
    'Route: <sip:p1.example;lr>, <sip:p2.example;lr>, <sip:p2b.example;lr;x="q, r">, <sip:p3.example;lr>',
  );
});
