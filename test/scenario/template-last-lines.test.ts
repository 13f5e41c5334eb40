/**
 * `[last_Name:]` lines are copied straight from the received bytes when they stand there as
 * one run; the result must be byte-for-byte what the string path (headerLine) renders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, renderTemplate } from '../../src/scenario/index.ts';
import { parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { fakeSource } from './fake-source.ts';

const TEMPLATE = compileTemplate(`SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=abc
[last_Call-ID:]
[last_CSeq:]
[last_Record-Route:]
[last_Subject:]
[last_X-Absent:]
Content-Length: 0

`);

const MESSAGES = [
  // Plain lines: every keyword is a raw copy.
  'INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4:5060;branch=z9hG4bK-1\r\nFrom: <sip:x@y>;tag=1\r\n' +
    'To: <sip:a@b>\r\nCall-ID: 42@h\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
  // Two Vias and two Record-Routes (joined), compact forms, a folded Subject, odd spacing.
  'INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK-1\r\nVia: SIP/2.0/UDP 5.6.7.8;branch=z9hG4bK-2\r\n' +
    'f:<sip:x@y>;tag=1\r\nt :  <sip:a@b>\r\ni: 42@h\r\nCSeq:1 INVITE\r\nRecord-Route: <sip:p1;lr>\r\n' +
    'Record-Route: <sip:p2;lr>\r\nSubject: first\r\n  line\r\nl: 0\r\n\r\n',
];

function rendered(msg: SipMessage | null): string {
  return renderTemplate(TEMPLATE, fakeSource({ lastMessage: msg })).toString('latin1');
}

test('[last_*] copied from the bytes equals the string rendering, for plain, compact, repeated and folded headers', () => {
  for (const text of MESSAGES) {
    const msg = parseSipMessage(Buffer.from(text, 'latin1')) as SipMessage;
    // The same message with the byte path switched off.
    const viaStrings: SipMessage = {
      raw: msg.raw,
      isRequest: msg.isRequest,
      method: msg.method,
      statusCode: msg.statusCode,
      requestUri: msg.requestUri,
      startLine: msg.startLine,
      callId: () => msg.callId(),
      cseqNumber: () => msg.cseqNumber(),
      cseqMethod: () => msg.cseqMethod(),
      viaBranch: () => msg.viaBranch(),
      toTag: () => msg.toTag(),
      hasTo: () => msg.hasTo(),
      fromTag: () => msg.fromTag(),
      header: (n) => msg.header(n),
      headerValues: (n) => msg.headerValues(n),
      headerLine: (n) => msg.headerLine(n),
      headerLineSpan: () => -1,
      body: () => msg.body(),
    };
    const expected = rendered(viaStrings);
    assert.equal(rendered(msg), expected);
    assert.match(expected, /\r\nCall-ID: 42@h\r\n|\r\ni: 42@h\r\n/);
  }
});

test('a span points at exactly the `Name: value` bytes, and is -1 when the line is not one run', () => {
  const msg = parseSipMessage(Buffer.from(MESSAGES[1], 'latin1')) as SipMessage;
  const span = msg.headerLineSpan('call-id');
  assert.ok(span >= 0);
  assert.equal(msg.raw.toString('latin1', span >>> 16, (span >>> 16) + (span & 0xffff)), 'i: 42@h');
  assert.equal(msg.headerLineSpan('Via'), -1, 'two occurrences are joined, not copied');
  assert.equal(msg.headerLineSpan('Subject'), -1, 'folded');
  assert.equal(msg.headerLineSpan('To'), -1, 'space before the colon');
  const from = msg.headerLineSpan('From');
  const fromText = msg.raw.toString('latin1', from >>> 16, (from >>> 16) + (from & 0xffff));
  assert.equal(fromText, 'f:<sip:x@y>;tag=1', 'copied as received, as SIPp does');
  assert.equal(msg.headerLineSpan('X-Absent'), -1);
  assert.equal(rendered(null).includes('[last'), false);
});
