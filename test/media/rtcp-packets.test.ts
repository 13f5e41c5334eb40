/** RTCP packets byte for byte against packets laid out by hand from RFC 3550 §6.4–6.6. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bye,
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  receiverReport,
  sdesCname,
  senderReport,
} from '../../src/media/rtcp-packets.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const BLOCK = {
  ssrc: 0x55667788,
  fractionLost: 64,
  cumulativeLost: 5,
  extendedHighestSeq: 0x0001ffff,
  jitter: 20,
  lastSr: 0x45678900,
  delaySinceLastSr: 0x00010000,
};
const BLOCK_BYTES = '55667788 40000005 0001ffff 00000014 45678900 00010000';

test('a sender report with one block, byte for byte', () => {
  const sr = senderReport(
    0x11223344,
    {
      ntpSeconds: 0xe1234567,
      ntpFraction: 0x89abcdef,
      rtpTimestamp: 0x01020304,
      packetCount: 10,
      octetCount: 1600,
    },
    [BLOCK],
  );
  // V=2 RC=1, PT 200, length 12 words − 1; sender info; the block.
  const expected = hex(
    `81c8000c 11223344 e1234567 89abcdef 01020304 0000000a 00000640 ${BLOCK_BYTES}`,
  );
  assert.deepEqual(sr, expected);
});

test('receiver reports: no block, and a negative cumulative loss in 24 bits', () => {
  assert.deepEqual(receiverReport(0x01020304, []), hex('80c90001 01020304'));
  const rr = receiverReport(0x01020304, [{ ...BLOCK, cumulativeLost: -1, fractionLost: 0 }]);
  assert.deepEqual(
    rr,
    hex('81c90007 01020304 55667788 00ffffff 0001ffff 00000014 45678900 00010000'),
  );
  // A count past 24 bits is clamped (§6.4.1), not wrapped.
  const big = receiverReport(1, [{ ...BLOCK, cumulativeLost: 1 << 24 }]);
  assert.deepEqual(big.subarray(12, 16), hex('407fffff'));
});

test('SDES CNAME ends with a null item and pads to 32 bits; BYE with and without a reason', () => {
  assert.deepEqual(sdesCname(0x11223344, 'ab'), hex('81ca0003 11223344 01026162 00000000'));
  assert.deepEqual(sdesCname(0x11223344, 'abc'), hex('81ca0003 11223344 01036162 63000000'));
  // Exactly 4 bytes of text + type + length: the null item needs a word of its own.
  assert.deepEqual(
    sdesCname(0x11223344, 'abcdef'),
    hex('81ca0004 11223344 01066162 63646566 00000000'),
  );
  assert.deepEqual(bye(0x11223344), hex('81cb0001 11223344'));
  assert.deepEqual(bye(0x11223344, 'x'), hex('81cb0002 11223344 01780000'));
});

test('a compound packet parses back: SR sender info, every block, BYE', () => {
  const info = {
    ntpSeconds: 0xe1234567,
    ntpFraction: 0x89abcdef,
    rtpTimestamp: 7,
    packetCount: 3,
    octetCount: 480,
  };
  const second = { ...BLOCK, ssrc: 9, cumulativeLost: -3 };
  const compound = Buffer.concat([
    senderReport(0xaabbccdd, info, [BLOCK, second]),
    sdesCname(0xaabbccdd, 'call-1@test'),
    bye(0xaabbccdd, 'done'),
  ]);
  const parsed = parseRtcp(compound);
  assert.ok(parsed !== null);
  assert.equal(parsed.senderSsrc, 0xaabbccdd);
  assert.deepEqual(parsed.senderInfo, info);
  assert.deepEqual(parsed.reports, [BLOCK, second]);
  assert.deepEqual(parsed.byeSsrcs, [0xaabbccdd]);
  const rrOnly = parseRtcp(receiverReport(5, [BLOCK]));
  assert.equal(rrOnly?.senderInfo, null);
  assert.deepEqual(rrOnly?.reports, [BLOCK]);
});

test('what is not RTCP is refused: version, a length past the end, an empty buffer', () => {
  const sr = receiverReport(5, [BLOCK]);
  const v1 = Buffer.from(sr);
  v1[0] = 0x41;
  assert.equal(parseRtcp(v1), null);
  assert.equal(parseRtcp(sr.subarray(0, sr.length - 4)), null);
  assert.equal(parseRtcp(Buffer.alloc(0)), null);
});

test('NTP time from the Unix clock, and LSR as its middle 32 bits', () => {
  // 1970-01-01 is 2208988800 s after NTP's 1900 epoch (RFC 868, RFC 5905).
  assert.deepEqual(ntpFromUnixMs(0), { seconds: 2208988800, fraction: 0 });
  const t = ntpFromUnixMs(1500);
  assert.deepEqual(t, { seconds: 2208988801, fraction: 0x80000000 });
  assert.equal(ntpMiddle32(t.seconds, t.fraction), 0x7e818000);
});
