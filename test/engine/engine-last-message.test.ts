import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';

// A waiting call drops its parsed last message to save memory; a template that reads [last_*]
// after the wait must still see the message as it was received.
const SCENARIO = clientXml(`${sendRequest('INVITE')}
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="200"/>
${sendRequest('ACK', '', '1 ACK')}
<pause milliseconds="5000"/>
<send><![CDATA[
MESSAGE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
[last_To:]
[last_Call-ID:]
X-Last-CSeq: [last_cseq_number]
Call-ID: [call_id]
CSeq: [cseq] MESSAGE
Content-Length: 0

]]></send>`);

test('[last_*] after a pause renders from the message received before it', () => {
  const uas = new ScriptedUas();
  const h = new EngineHarness({
    scenario: SCENARIO,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
    peer: uas,
  });
  h.run(7000);
  const message = h.transport.sent.find((s) => s.msg.method === 'MESSAGE');
  assert.ok(message, 'the MESSAGE after the pause was sent');
  const ok = uas.replies.map((b) => b.toString('latin1')).find((t) => t.startsWith('SIP/2.0 200'));
  assert.ok(ok);
  const to = /\r\nTo: ([^\r]+)/.exec(ok)?.[1];
  assert.equal(message.msg.header('To'), to, 'the 200 OK To header, peer tag included');
  assert.equal(message.msg.header('X-Last-CSeq'), '1');
  assert.equal(message.msg.headerValues('Call-ID').length, 2);
});
