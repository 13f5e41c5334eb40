/**
 * The compat harness's own pieces, without SIPp: reading a -trace_msg file, masking what differs
 * between runs (and nothing else), and explaining a difference.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { explainDifference, maskMessage, readTrace } from './compat-harness.ts';

const INVITE = [
  'INVITE sip:service@127.0.0.1:5070 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0',
  'From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001',
  'To: service <sip:service@127.0.0.1:5070>',
  'Call-ID: 1-4242@127.0.0.1',
  'CSeq: 1 INVITE',
  'X-Pid: 4242',
  'Content-Length:     5',
  '',
  'abc',
  '',
].join('\r\n');

describe('compat harness', () => {
  it('readTrace splits sent, received and unexpected blocks', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'compat-trace-'));
    const file = path.join(dir, 'messages.log');
    const bar = '-'.repeat(47);
    writeFileSync(
      file,
      `${bar} 2026-12-07 04:36:25.651618\nUDP message sent (10 bytes):\n\n${INVITE}\n` +
        `${bar} 2026-12-07 04:36:25.651754\nUDP message received [3] bytes :\n\nSIP/2.0 180 Ringing\r\n\r\n\n` +
        `${bar} 2026-12-07 04:36:25.651800\nUnexpected UDP message received:\n\nSIP/2.0 486 Busy Here\r\n\r\n\n`,
    );
    const blocks = readTrace(file);
    assert.deepEqual(
      blocks.map((b) => b.direction),
      ['sent', 'received', 'unexpected'],
    );
    assert.match(blocks[0].text, /^INVITE sip:service/);
    assert.match(blocks[2].text, /^SIP\/2.0 486/);
  });

  it('maskMessage hides Call-ID, tags, branches, pids and given ports; checks Content-Length', () => {
    const masked = maskMessage(INVITE, ['\\b5061\\b', '\\b5070\\b']);
    assert.equal(
      masked,
      [
        'INVITE sip:service@127.0.0.1:<masked> SIP/2.0',
        'Via: SIP/2.0/UDP 127.0.0.1:<masked>;branch=<branch>',
        'From: sipp <sip:sipp@127.0.0.1:<masked>>;tag=<tag>',
        'To: service <sip:service@127.0.0.1:<masked>>',
        'Call-ID: <callid>',
        'CSeq: 1 INVITE',
        'X-Pid: <pid>',
        'Content-Length: <ok>',
        '',
        'abc',
      ].join('\n'),
    );
    const wrongLength = INVITE.replace('Content-Length:     5', 'Content-Length: 9');
    assert.match(maskMessage(wrongLength, []), /^Content-Length: <BAD>$/m);
    // A pid that happens to equal a masked port (the media port) masks as that port does.
    assert.match(
      maskMessage(INVITE.replace('X-Pid: 4242', 'm=audio 4242 RTP/AVP 0'), ['\\b4242\\b']),
      /^m=audio <masked> RTP/m,
    );
    // What may not differ stays: another CSeq is another message.
    assert.notEqual(maskMessage(INVITE.replace('CSeq: 1', 'CSeq: 2'), []), maskMessage(INVITE, []));
  });

  it('explainDifference names the lines that differ between the closest pair', () => {
    const text = explainDifference(['a\nb\nc', 'same'], ['same', 'a\nB\nc']);
    assert.match(text, /^1 only in the run, 1 only in the baseline/);
    assert.match(text, /\+ b\n/);
    assert.match(text, /- B(\n|$)/);
  });
});
