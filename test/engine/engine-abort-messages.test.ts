// The ACK / CANCEL / BYE a client sends when it aborts a call, laid out as SIPp 3.6.1's default
// messages were seen on the wire (-trace_msg): Contact after CSeq and Subject after Max-Forwards in
// the ACK; Contact after Max-Forwards in the CANCEL and the BYE; Content-Length: 0 last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_ADDRESS, ScriptedUas, buildRequest } from '../peers/memory-transport.ts';
import type { UasScript } from '../peers/memory-transport.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { EngineHarness, PID } from './engine-harness.ts';

const CALL_ID = `1-${PID}@127.0.0.1`;
const CONTACT = `<sip:sipp@${ENGINE_ADDRESS.address}:${ENGINE_ADDRESS.port};transport=UDP>`;

function uacCall(script: UasScript): EngineHarness {
  return new EngineHarness({
    scenario: 'uac',
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(script),
    config: { maxCalls: 1, defaultPauseMs: 1000 },
  });
}

/** The header names of a message in wire order. */
function names(m: SipMessage): string[] {
  const head = m.raw.toString('latin1').split('\r\n\r\n')[0];
  return head
    .split('\r\n')
    .slice(1)
    .map((l) => l.slice(0, l.indexOf(':')));
}

test('abort on a 486: ACK with Contact after CSeq and Subject after Max-Forwards', () => {
  const h = uacCall({ invite: [{ status: 486, afterMs: 10 }] });
  h.run(1000);
  const ack = h.transport.sent.map((d) => d.msg).find((m) => m.method === 'ACK');
  assert.ok(ack);
  assert.deepEqual(names(ack), [
    'Via',
    'From',
    'To',
    'Call-ID',
    'CSeq',
    'Contact',
    'Max-Forwards',
    'Subject',
    'Content-Length',
  ]);
  assert.equal(ack.header('Contact'), CONTACT);
  assert.equal(ack.header('Subject'), 'Performance Test');
  assert.equal(ack.header('Content-Length'), '0');
});

test('abort while ringing: CANCEL with the To of the 180 and Contact after Max-Forwards', () => {
  const h = uacCall({ invite: [{ status: 180, afterMs: 0 }] });
  h.run(200);
  h.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 7 }));
  h.run(1);
  const cancel = h.transport.sent.map((d) => d.msg).find((m) => m.method === 'CANCEL');
  assert.ok(cancel);
  assert.deepEqual(names(cancel), [
    'Via',
    'From',
    'To',
    'Call-ID',
    'CSeq',
    'Max-Forwards',
    'Contact',
    'Content-Length',
  ]);
  assert.equal(cancel.header('Contact'), CONTACT);
  assert.equal(cancel.toTag(), 'uas-tag-1', "SIPp's [last_To]: the 180's To, tag included");
});

test('abort of an established call: BYE with Contact after Max-Forwards', () => {
  const h = uacCall({});
  h.run(500); // answered and ACKed, in the -d pause
  h.transport.inject(buildRequest('INFO', { callId: CALL_ID, cseq: 7, toTag: 'x' }));
  h.run(1);
  const bye = h.transport.sent.map((d) => d.msg).find((m) => m.method === 'BYE');
  assert.ok(bye);
  assert.deepEqual(names(bye), [
    'Via',
    'From',
    'To',
    'Call-ID',
    'CSeq',
    'Max-Forwards',
    'Contact',
    'Content-Length',
  ]);
  assert.equal(bye.header('Contact'), CONTACT);
});
