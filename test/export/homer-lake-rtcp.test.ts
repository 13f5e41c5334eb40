/** The Homer-Lake JSON of RTCP compounds written out by hand (RFC 3550 §6.4 layouts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { homerLakeJson } from '../../src/export/index.ts';

const SR_WITH_BLOCK =
  '81c8000c' + // V=2, RC=1, SR, 13 words
  '11223344' + // sender SSRC
  'e8000000' + // NTP seconds
  '80000000' + // NTP fraction: half a second
  '00001f40' + // RTP timestamp 8000
  '00000032' + // 50 packets
  '00001f40' + // 8000 octets
  '55667788' + // block: source SSRC
  '19000003' + // fraction lost 25/256, 3 lost
  '00010064' + // extended highest sequence 65636
  '00000010' + // jitter 16
  '12345678' + // LSR
  '00010000'; // DLSR 1 s
const SDES = '81ca0002' + '11223344' + '01016300'; // CNAME "c"

test('an SR with a block and SDES: sender information, type 200, the block', () => {
  const json = homerLakeJson(Buffer.from(SR_WITH_BLOCK + SDES, 'hex'));
  assert.deepEqual(JSON.parse(json ?? 'null'), {
    sender_information: {
      ntp_timestamp_sec: 3892314112,
      ntp_timestamp_usec: 500000,
      rtp_timestamp: 8000,
      packets: 50,
      octets: 8000,
    },
    ssrc: 287454020,
    type: 200,
    report_count: 1,
    report_blocks: [
      {
        source_ssrc: 1432778632,
        fraction_lost: 25,
        packets_lost: 3,
        highest_seq_no: 65636,
        ia_jitter: 16,
        lsr: 305419896,
        dlsr: 65536,
      },
    ],
  });
});

test('an RR without blocks is type 201 without sender information; a lone BYE is nothing', () => {
  const rr = homerLakeJson(Buffer.from('80c90001' + '0000002a' + SDES, 'hex'));
  assert.deepEqual(JSON.parse(rr ?? 'null'), {
    ssrc: 42,
    type: 201,
    report_count: 0,
    report_blocks: [],
  });
  assert.equal(homerLakeJson(Buffer.from('81cb0001' + '0000002a', 'hex')), null);
  assert.equal(homerLakeJson(Buffer.from('not rtcp')), null);
});
