// Start lines SIPp 3.6.1 accepts although RFC 3261 does not (each observed with real sipp: a
// `-sn uas` answered the request, a `-sn uac` ACKed the response).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isParseFailure, parseSipMessage, type SipMessage } from '../../src/sip/index.ts';

function parse(startLine: string): SipMessage {
  const buf = Buffer.from(`${startLine}\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n\r\n`, 'latin1');
  const result = parseSipMessage(buf);
  if (isParseFailure(result)) assert.fail(`${JSON.stringify(startLine)}: ${result.reason}`);
  return result;
}

describe('lenient request lines', () => {
  for (const [line, uri] of [
    ['BYE  SIP/2.0', ''],
    ['BYE SIP/2.0', ''],
    ['BYE   sip:x@h   SIP/2.0', 'sip:x@h'],
    ['INVITE  sip:x SIP/2.0', 'sip:x'],
    ['INVITE sip:x  SIP/2.0', 'sip:x'],
    ['INVITE sip:x SIP/2.0  ', 'sip:x'],
  ] as const) {
    it(`accepts ${JSON.stringify(line)}`, () => {
      const m = parse(line);
      assert.equal(m.isRequest, true);
      assert.equal(m.method, line.slice(0, line.indexOf(' ')));
      assert.equal(m.requestUri, uri);
      assert.equal(m.startLine, line);
    });
  }
});

describe('lenient status lines', () => {
  for (const line of ['SIP/2.0  200 OK', 'SIP/2.0\t200 OK', 'SIP/2.0 200OK', 'SIP/2.0 200  ']) {
    it(`accepts ${JSON.stringify(line)}`, () => {
      const m = parse(line);
      assert.equal(m.isRequest, false);
      assert.equal(m.statusCode, 200);
    });
  }
});

describe('still malformed', () => {
  for (const line of [
    'SIP/2.0 2000 OK',
    'SIP/2.0  99 Low',
    'SIP/2.0\t20x OK',
    'INVITE\tsip:x SIP/2.0',
    'INVITE sip:x',
    'INVITE sip:x SIP/3.0',
    'INVITE a b SIP/2.0',
    ' INVITE sip:x SIP/2.0',
  ]) {
    it(`rejects ${JSON.stringify(line)}`, () => {
      const buf = Buffer.from(`${line}\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n\r\n`, 'latin1');
      const result = parseSipMessage(buf);
      assert.ok(isParseFailure(result), line);
      assert.equal(result.reason, 'bad start line');
    });
  }
});
