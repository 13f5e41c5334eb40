import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeSipMessage } from '../../src/sip/index.ts';

describe('serializeSipMessage', () => {
  it('writes CRLF lines, a blank line and the body, appending Content-Length', () => {
    const out = serializeSipMessage({
      startLine: 'SIP/2.0 200 OK',
      headers: [
        ['Call-ID', 'x'],
        ['CSeq', '1 BYE'],
      ],
      body: 'hi',
    });
    assert.equal(
      out.toString('latin1'),
      'SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 BYE\r\nContent-Length: 2\r\n\r\nhi',
    );
  });

  it('overrides an existing Content-Length in place, keeping its spelling, and drops duplicates', () => {
    const out = serializeSipMessage({
      startLine: 'MESSAGE sip:x SIP/2.0',
      headers: [
        ['l', '999'],
        ['Call-ID', 'x'],
        ['content-length', '5'],
      ],
      body: Buffer.from([1, 2, 3]),
    });
    assert.equal(
      out.subarray(0, out.length - 3).toString('latin1'),
      'MESSAGE sip:x SIP/2.0\r\nl: 3\r\nCall-ID: x\r\n\r\n',
    );
    assert.deepEqual([...out.subarray(out.length - 3)], [1, 2, 3]);
  });

  it('writes Content-Length: 0 without a body', () => {
    const out = serializeSipMessage({ startLine: 'ACK sip:x SIP/2.0', headers: [] });
    assert.equal(out.toString('latin1'), 'ACK sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n');
  });

  it('encodes strings latin1, one byte per char, so parsed values go back out unchanged', () => {
    const out = serializeSipMessage({
      startLine: 'SIP/2.0 200 OK',
      headers: [['Subject', 'caf\u00e9']],
      body: '\u00ff',
    });
    assert.ok(out.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a])));
    assert.equal(out[out.length - 1], 0xff);
    assert.ok(out.includes(Buffer.from('Content-Length: 1\r\n')));
  });
});
