/** TCP reassembly and SIP framing: segments back in order, then cut into whole messages. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TcpSegment } from '../../src/pcap/index.ts';
import { SipStreamFramer } from '../../src/pcap2scenario/sip-stream-framer.ts';
import { TcpStreams } from '../../src/pcap2scenario/tcp-streams.ts';

const msg = (method: string, body = ''): string =>
  `${method} sip:b@h SIP/2.0\r\nCall-ID: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

let number = 0;
function segment(seq: number, data: string, extra: Partial<TcpSegment> = {}): TcpSegment {
  number++;
  return {
    timeUs: number * 1000,
    ipVersion: 4,
    srcAddress: '10.0.0.1',
    dstAddress: '10.0.0.2',
    srcPort: 33000,
    dstPort: 5060,
    seq: seq >>> 0,
    isSyn: false,
    payload: Buffer.from(data, 'latin1'),
    offset: 0,
    number,
    ...extra,
  };
}

const texts = (out: Array<{ bytes: Buffer }>): string[] =>
  out.map((m) => m.bytes.toString('latin1'));

test('framer: several messages in one push, one message over several, keep-alives between', () => {
  const f = new SipStreamFramer();
  const a = msg('INVITE', 'v=0\r\n');
  const b = msg('ACK');
  const c = msg('BYE');
  assert.deepEqual(f.push(Buffer.from(`${a}\r\n\r\n${b}${c.slice(0, 10)}`)).map(String), [a, b]);
  assert.deepEqual(f.push(Buffer.from(c.slice(10, 30))), []);
  assert.deepEqual(f.push(Buffer.from(c.slice(30))).map(String), [c]);
});

test('framer: the body is taken by Content-Length (compact l: too), not by the next CRLF', () => {
  const f = new SipStreamFramer();
  const body = 'v=0\r\n\r\nx';
  const m = `MESSAGE sip:b@h SIP/2.0\r\nl: ${body.length}\r\n\r\n${body}`;
  assert.deepEqual(f.push(Buffer.from(m + msg('ACK'))).map(String), [m, msg('ACK')]);
});

test('framer: a stream picked up mid-message skips to the next start line', () => {
  const f = new SipStreamFramer();
  const tail = 'ength: 0\r\nCSeq: 1 INVITE\r\n\r\n';
  const r = 'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n';
  assert.deepEqual(f.push(Buffer.from(tail + r)).map(String), [r]);
});

test('reassembly: out-of-order and retransmitted segments, a SYN, a wrapping sequence', () => {
  const streams = new TcpStreams();
  const a = msg('INVITE', 'v=0\r\n');
  const b = msg('BYE');
  const isn = 0xffffffff - 20; // the stream's sequence numbers wrap inside the INVITE
  const out: string[] = [];
  out.push(...texts(streams.add(segment(isn, '', { isSyn: true }))));
  const start = isn + 1;
  // Second part first: held until the first arrives.
  out.push(...texts(streams.add(segment(start + 30, a.slice(30)))));
  assert.equal(out.length, 0);
  out.push(...texts(streams.add(segment(start, a.slice(0, 30)))));
  assert.deepEqual(out, [a]);
  // The whole INVITE again (a retransmission), then the BYE in two segments that overlap.
  out.push(...texts(streams.add(segment(start, a))));
  const byeAt = start + a.length;
  out.push(...texts(streams.add(segment(byeAt, b.slice(0, 20)))));
  out.push(...texts(streams.add(segment(byeAt + 15, b.slice(15)))));
  assert.deepEqual(out, [a, b]);
});

test('reassembly: directions are apart; a gap never filled is skipped at the end', () => {
  const streams = new TcpStreams();
  const a = msg('INVITE');
  const r = 'SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n';
  assert.deepEqual(texts(streams.add(segment(100, a))), [a]);
  const back = { srcAddress: '10.0.0.2', dstAddress: '10.0.0.1', srcPort: 5060, dstPort: 33000 };
  assert.deepEqual(texts(streams.add(segment(900, r, back))), [r]);
  // A segment lost from the capture: the BYE after it waits, then comes out at the end.
  const bye = msg('BYE');
  assert.deepEqual(texts(streams.add(segment(100 + a.length + 50, bye))), []);
  assert.deepEqual(texts(streams.finish()), [bye]);
});
