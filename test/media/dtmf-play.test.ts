import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTMF_FIRST_SEQ, DTMF_FIRST_SSRC, prepareDtmf } from '../../src/media/dtmf-play.ts';

/** `ms seq pt marker ts payload` of each packet. */
function rows(arg: string): string[] {
  const p = prepareDtmf(arg, DTMF_FIRST_SEQ, DTMF_FIRST_SSRC);
  return p.payloads.map((b, i) => {
    assert.equal(b.readUInt32BE(8), 0x01020305);
    return `${p.atMs[i]} ${b.readUInt16BE(2)} ${b[1] & 0x7f} ${b[1] >> 7} ${b.readUInt32BE(4)} ${b.subarray(12).toString('hex')}`;
  });
}

test('play_dtmf="12" gives the packets SIPp 3.6.1 sends (seen on the wire)', () => {
  const r = rows('12');
  assert.equal(r.length, 20 + 2 * 13);
  // 400 ms of no-op packets: sequence numbers step by 2, timestamps by 20.
  assert.equal(r[0], '0 1200 97 0 24000 00000000');
  assert.equal(r[1], '20 1202 97 0 24020 00000000');
  assert.equal(r[19], '380 1238 97 0 24380 00000000');
  // Digit 1 at 800 ms: ten event packets 20 ms apart, then three end packets 1 ms apart.
  assert.equal(r[20], '800 1240 96 1 24400 010a0000');
  assert.equal(r[21], '820 1241 96 0 24400 010a00a0');
  assert.equal(r[29], '980 1249 96 0 24400 010a05a0');
  assert.deepEqual(r.slice(30, 33), [
    '1001 1250 96 0 24400 018a0640',
    '1002 1251 96 0 24400 018a0640',
    '1003 1252 96 0 24400 018a0640',
  ]);
  // Digit 2 at 1200 ms, its timestamp 2 × 200 ms later.
  assert.equal(r[33], '1200 1253 96 1 24800 020a0000');
  assert.equal(r[45], '1403 1265 96 0 24800 028a0640');
});

test('tone length, event codes, skipped characters and the next sequence number', () => {
  const p = prepareDtmf('*#x,100', 7, 1);
  // 20 fillers, then per digit 5 event packets and 3 end packets.
  assert.equal(p.payloads.length, 20 + 2 * 8);
  assert.equal(p.payloads[20][12], 10, '*');
  assert.equal(p.payloads[28][12], 11, '#');
  assert.equal(p.atMs[28], 400 + 2 * 200, 'second digit after 2 × 100 ms more');
  assert.equal(p.nextSeq, 7 + 40 + 16);
  assert.equal(prepareDtmf('1,10', 0, 1).atMs[21] - prepareDtmf('1,10', 0, 1).atMs[20], 20);
  assert.equal(prepareDtmf('1,10', 0, 1).payloads.length, 20 + 13, 'out of 50..2000: 200 ms');
  assert.throws(() => prepareDtmf('xyz', 0, 1), /play_dtmf="xyz": no digit/);
});
