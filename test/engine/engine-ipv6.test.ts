/**
 * An IPv6 run through the engine (issue 15 item 3): with the address values a Run gives its calls
 * for `-i ::1` (run/addresses.ts addressKeywordValues), the scenario's messages, the Call-ID and
 * the messages the engine builds itself (abort ACK/CANCEL/BYE) carry IPv6 the way SIPp 3.6.1 does:
 * bracketed in URIs and Via, bare in the Call-ID and SDP `c=`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressKeywordValues } from '../../src/run/addresses.ts';
import { ENGINE_ADDRESS, ScriptedUas, buildRequest } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import { EngineHarness, PID } from './engine-harness.ts';

const V6 = addressKeywordValues('::1', '::1', { host: '::1', ip: '::1', port: 5070, family: 6 });
const CALL_ID = `1-${PID}@::1`;
const CONTACT = `<sip:sipp@[::1]:${ENGINE_ADDRESS.port};transport=UDP>`;

function uacCall(script: UasScript): EngineHarness {
  return new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(script),
    config: { maxCalls: 1, defaultPauseMs: 1000 },
    addresses: V6,
  });
}

function sent(h: EngineHarness, method: string): string {
  const d = h.transport.sent.find((s) => s.msg.method === method);
  assert.ok(d, `no ${method} sent`);
  return d.raw.toString('latin1');
}

test('the uac INVITE: brackets in the URI, Via, From, To, Contact and o=; none in Call-ID, c=', () => {
  const h = uacCall({});
  h.run(100);
  const invite = sent(h, 'INVITE');
  for (const line of [
    'INVITE sip:service@[::1]:5070 SIP/2.0',
    `Via: SIP/2.0/UDP [::1]:${ENGINE_ADDRESS.port};branch=z9hG4bK-${PID}-1-0`,
    `From: sipp <sip:sipp@[::1]:${ENGINE_ADDRESS.port}>;tag=${PID}SIPpTag001`,
    'To: service <sip:service@[::1]:5070>',
    `Call-ID: ${CALL_ID}`,
    `Contact: sip:sipp@[::1]:${ENGINE_ADDRESS.port}`,
    'o=user1 53655765 2353687637 IN IP6 [::1]',
    'c=IN IP6 ::1',
  ]) {
    assert.ok(invite.includes(`${line}\r\n`), `INVITE lacks ${JSON.stringify(line)}\n${invite}`);
  }
  assert.equal(h.counters().SuccessfulCall, 0, 'still in the call');
  h.run(2000);
  assert.equal(h.counters().SuccessfulCall, 1);
});

test('abort on a 486: the engine-built ACK has the bracketed IPv6 Contact', () => {
  const h = uacCall({ invite: [{ status: 486, afterMs: 10 }] });
  h.run(1000);
  const ack = sent(h, 'ACK');
  assert.ok(ack.includes(`\r\nContact: ${CONTACT}\r\n`), ack);
  assert.ok(ack.includes(`\r\nCall-ID: ${CALL_ID}\r\n`), ack);
});

test('abort while ringing and after the answer: CANCEL and BYE with the IPv6 Contact', () => {
  const ringing = uacCall({ invite: [{ status: 180, afterMs: 0 }] });
  ringing.run(200);
  ringing.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 7 }));
  ringing.run(1);
  assert.ok(sent(ringing, 'CANCEL').includes(`\r\nContact: ${CONTACT}\r\n`));

  const answered = uacCall({});
  answered.run(500);
  answered.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 7, toTag: 'x' }));
  answered.run(1);
  const bye = sent(answered, 'BYE');
  assert.ok(bye.includes(`\r\nContact: ${CONTACT}\r\n`), bye);
  assert.ok(bye.includes(`\r\nCall-ID: ${CALL_ID}\r\n`), bye);
});
