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

const RINGING = Buffer.from(
  'SIP/2.0 180 Ringing\r\n' +
    'Via: SIP/2.0/UDP 192.168.1.10:5061;branch=z9hG4bK-12345-1-0;received=192.168.1.10\r\n' +
    'From: sipp <sip:sipp@192.168.1.10:5061>;tag=12345SIPpTag001\r\n' +
    'To: service <sip:service@192.168.1.20:5060>;tag=98765SIPpTag012\r\n' +
    'Call-ID: 1-12345@192.168.1.10\r\n' +
    'CSeq: 1 INVITE\r\n' +
    'Contact: <sip:192.168.1.20:5060;transport=UDP>\r\n' +
    'Content-Length: 0\r\n\r\n',
  'latin1',
);

function parseAndRead(buf: Buffer): number {
  const m = parseSipMessage(buf);
  if (isParseFailure(m)) throw new Error(m.reason);
  const msg: SipMessage = m;
  return msg.callId().length + msg.cseqNumber() + msg.viaBranch().length + msg.toTag().length;
}

/** Nanoseconds per call of `body`, averaged over `iterations`. */
function time(iterations: number, body: () => number): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += body();
  const ns = Number(process.hrtime.bigint() - started);
  if (sink === -1) console.log('unreachable');
  return ns / iterations;
}

/** Best and median of several rounds: shared machines are noisy, the best round is the signal. */
function report(label: string, body: () => number): void {
  time(200_000, body); // warm-up so the rounds measure optimised code
  const rounds: number[] = [];
  for (let round = 0; round < 9; round++) rounds.push(time(300_000, body));
  rounds.sort((a, b) => a - b);
  console.log(
    `${label}: best ${(rounds[0] / 1000).toFixed(2)} µs, median ${(rounds[4] / 1000).toFixed(2)} µs`,
  );
}

// Machine speed reference: one trivial loop iteration (about 0.3 ns on a current desktop core).
const loopNs =
  time(1, () => {
    let s = 0;
    for (let i = 0; i < 100_000_000; i++) s += i & 3;
    return s;
  }) / 100_000_000;
console.log(`calibration: ${loopNs.toFixed(2)} ns per trivial loop iteration`);
report(`INVITE ${INVITE.length} B, parse + callId/cseq/branch/toTag`, () => parseAndRead(INVITE));
report(`180 ${RINGING.length} B, parse + callId/cseq/branch/toTag`, () => parseAndRead(RINGING));
report(
  `INVITE ${INVITE.length} B, parse only`,
  () => (parseSipMessage(INVITE) as SipMessage).statusCode + 1,
);
