// `[last_Name:]` copies the received line byte for byte, whitespace after the colon included.
// Observed with sipp 3.6.1 -sn uas: `Via:   x` came back as `Via:   x`, `Via:\tx` as `Via:\tx`,
// `Call-ID:\tx` as `Call-ID:\tx`; trailing whitespace was dropped (`To:  <sip:b>  ` came back as
// `To:  <sip:b>;tag=...`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isParseFailure, parseSipMessage, type SipMessage } from '../../src/sip/index.ts';

function message(lines: string[]): SipMessage {
  const text = ['INVITE sip:x@h SIP/2.0', ...lines, 'Content-Length: 0', '', ''].join('\r\n');
  const m = parseSipMessage(Buffer.from(text, 'latin1'));
  if (isParseFailure(m)) assert.fail(m.reason);
  return m;
}

test('whitespace after the colon is kept, trailing whitespace is not', () => {
  const m = message([
    'Via:   SIP/2.0/UDP h;branch=z9hG4bK1',
    'To:  <sip:b@h>  ',
    'Call-ID:\t42',
    'CSeq: 1 INVITE',
    'From:<sip:a@h>;tag=1',
  ]);
  assert.equal(m.headerLine('Via'), 'Via:   SIP/2.0/UDP h;branch=z9hG4bK1');
  assert.equal(m.headerLine('To'), 'To:  <sip:b@h>');
  assert.equal(m.headerLine('Call-ID'), 'Call-ID:\t42');
  assert.equal(m.headerLine('From'), 'From:<sip:a@h>;tag=1');
  // The value itself is still trimmed.
  assert.equal(m.header('Via'), 'SIP/2.0/UDP h;branch=z9hG4bK1');
  const span = m.headerLineSpan('Via');
  assert.equal(span & 0xffff, 'Via:   SIP/2.0/UDP h;branch=z9hG4bK1'.length);
});
