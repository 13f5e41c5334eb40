/**
 * Hand-run micro-benchmark of the hot-path parse: a typical ~400-byte INVITE, then the four
 * fields the engine reads for every message. Run: node --import tsx bench/sip-parse.ts
 * Not part of `npm test` (timing on shared machines is not an assertion).
 */
import { isParseFailure, parseSipMessage, type SipMessage } from '../src/sip/index.ts';

const INVITE = Buffer.from(
  'INVITE sip:service@192.168.1.20:5060 SIP/2.0\r\n' +
  'Via: SIP/2.0/UDP 192.168.1.10:5061;branch=z9hG4bK-12345-1-0\r\n' +
  'From: sipp <sip:sipp@192.168.1.10:5061>;tag=12345SIPpTag001\r\n' +
  'To: service <sip:service@192.168.1.20:5060>\r\n' +
  'Call-ID: 1-12345@192.168.1.10\r\n' +
  'CSeq: 1 INVITE\r\n' +
  'Contact: sip:sipp@192.168.1.10:5061\r\n' +
  'Max-Forwards: 70\r\n' +
  'Subject: Performance Test\r\n' +
  'Content-Type: application/sdp\r\n' +
  'Content-Length:   129\r\n\r\n' +
  'v=0\r\no=user1 53655765 2353687637 IN IP4 192.168.1.10\r\ns=-\r\nc=IN IP4 192.168.1.10\r\n' +
  't=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n',
  'latin1',
);

function parseAndRead(buf: Buffer): number {
  const m = parseSipMessage(buf);
  if (isParseFailure(m)) throw new Error(m.reason);
  const msg: SipMessage = m;
  return msg.callId().length + msg.cseqNumber() + msg.viaBranch().length + msg.toTag().length;
}

function run(iterations: number): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += parseAndRead(INVITE);
  const ns = Number(process.hrtime.bigint() - started);
  if (sink === 0) console.log('unreachable');
  return ns / iterations;
}

console.log(`message: ${INVITE.length} bytes`);
run(200_000); // warm-up so the numbers below are for optimised code
for (let round = 1; round <= 5; round++) {
  console.log(`round ${round}: ${(run(1_000_000) / 1000).toFixed(3)} µs per parse + callId/cseq/branch/toTag`);
}
