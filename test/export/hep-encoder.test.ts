/**
 * The HEP3 encoder against packets decoded by hand: each expected packet below is written out
 * chunk by chunk (vendor 0000, type, length with the 6-byte header, value) from the HEP3 layout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HepProtocol, IP_PROTO_TCP, IP_PROTO_UDP, encodeHep } from '../../src/export/index.ts';
import type { HepPacket } from '../../src/export/index.ts';
import { decodeHep } from '../peers/hep-collector.ts';

const PAYLOAD = Buffer.from('OPTIONS sip:a SIP/2.0\r\n\r\n');

/** One chunk as hex: vendor 0, `type`, 6 + value length, value. */
function chunk(type: number, valueHex: string): string {
  const length = 6 + valueHex.length / 2;
  return '0000' + hex16(type) + hex16(length) + valueHex;
}
function hex16(n: number): string {
  return n.toString(16).padStart(4, '0');
}
function packetHex(chunks: string[]): string {
  const body = chunks.join('');
  return '48455033' + hex16(6 + body.length / 2) + body;
}

const base: HepPacket = {
  protocolType: HepProtocol.Sip,
  ipProtocol: IP_PROTO_UDP,
  srcIp: '10.1.2.3',
  srcPort: 5060,
  dstIp: '192.168.0.254',
  dstPort: 5070,
  // 2026-12-07 20:00:00.123456 UTC
  timeMs: 1796673600123.456,
  captureId: 2001,
  authKey: Buffer.from('myHep'),
  correlationId: null,
  payload: PAYLOAD,
};

describe('encodeHep', () => {
  it('IPv4 over UDP: every chunk by hand', () => {
    const expected = packetHex([
      chunk(1, '02'), // IPv4 (AF_INET)
      chunk(2, '11'), // UDP (17)
      chunk(3, '0a010203'),
      chunk(4, 'c0a800fe'),
      chunk(7, '13c4'), // 5060
      chunk(8, '13ce'), // 5070
      chunk(9, '6b171040'), // 1796673600 s
      chunk(10, '0001e240'), // 123456 us
      chunk(11, '01'), // SIP
      chunk(12, '000007d1'), // 2001
      chunk(14, Buffer.from('myHep').toString('hex')),
      chunk(15, PAYLOAD.toString('hex')),
    ]);
    assert.equal(encodeHep(base)?.toString('hex'), expected);
  });

  it('IPv6 over TCP with a correlation id and no auth key', () => {
    const packet = encodeHep({
      ...base,
      ipProtocol: IP_PROTO_TCP,
      protocolType: HepProtocol.Rtcp,
      srcIp: '2001:db8::1',
      dstIp: '::1',
      authKey: null,
      correlationId: Buffer.from('abc@host'),
      captureId: 0xfffffffe,
    });
    const expected = packetHex([
      chunk(1, '0a'), // IPv6 (AF_INET6 on Linux)
      chunk(2, '06'), // TCP
      chunk(5, '20010db8000000000000000000000001'),
      chunk(6, '00000000000000000000000000000001'),
      chunk(7, '13c4'),
      chunk(8, '13ce'),
      chunk(9, '6b171040'),
      chunk(10, '0001e240'),
      chunk(11, '05'), // RTCP
      chunk(12, 'fffffffe'),
      chunk(17, Buffer.from('abc@host').toString('hex')),
      chunk(15, PAYLOAD.toString('hex')),
    ]);
    assert.equal(packet?.toString('hex'), expected);
  });

  it('mixed families: the IPv4 side is written as ::ffff:a.b.c.d', () => {
    const decoded = decodeHep(encodeHep({ ...base, dstIp: 'fe80::1:2' }) as Buffer);
    assert.equal(decoded.family, 10);
    assert.equal(decoded.srcIp, '0:0:0:0:0:ffff:a01:203');
    assert.equal(decoded.dstIp, 'fe80:0:0:0:0:0:1:2');
  });

  it('a packet over 65535 bytes is refused, not truncated', () => {
    assert.equal(encodeHep({ ...base, payload: Buffer.alloc(65535 - 100) }), null);
    assert.ok(encodeHep({ ...base, payload: Buffer.alloc(65535 - 200) }) !== null);
  });
});
