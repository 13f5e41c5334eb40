/**
 * Builds pcap and pcapng captures in memory for tests: UDP over IPv4 or IPv6, wrapped in the
 * link layers the reader understands. Checksums are left zero (the reader does not check them,
 * as a capture taken on the sending host often holds offloaded, unfilled checksums).
 */
import { isIPv4 } from 'node:net';

export interface TestPacket {
  readonly timeUs: number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

function ipv6Bytes(text: string): Buffer {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export function udpDatagram(p: TestPacket): Buffer {
  const udp = Buffer.alloc(8 + p.payload.length);
  udp.writeUInt16BE(p.srcPort, 0);
  udp.writeUInt16BE(p.dstPort, 2);
  udp.writeUInt16BE(udp.length, 4);
  udp.set(p.payload, 8);
  return udp;
}

/** An IP packet (v4 or v6 by the source address) carrying the UDP datagram. */
export function ipPacket(p: TestPacket, protocol = 17): Buffer {
  const udp = udpDatagram(p);
  if (isIPv4(p.src)) {
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + udp.length, 2);
    ip[8] = 64;
    ip[9] = protocol;
    Buffer.from(p.src.split('.').map(Number)).copy(ip, 12);
    Buffer.from(p.dst.split('.').map(Number)).copy(ip, 16);
    return Buffer.concat([ip, udp]);
  }
  const ip = Buffer.alloc(40);
  ip[0] = 0x60;
  ip.writeUInt16BE(udp.length, 4);
  ip[6] = protocol;
  ip[7] = 64;
  ipv6Bytes(p.src).copy(ip, 8);
  ipv6Bytes(p.dst).copy(ip, 24);
  return Buffer.concat([ip, udp]);
}

export const LINK = { ETHERNET: 1, RAW: 101, SLL: 113, SLL2: 276 } as const;

/** The link-layer frame for one packet. */
export function frame(link: number, ip: Buffer): Buffer {
  const etherType = ip[0] >> 4 === 6 ? 0x86dd : 0x0800;
  if (link === LINK.ETHERNET) {
    const h = Buffer.alloc(14);
    h.writeUInt16BE(etherType, 12);
    return Buffer.concat([h, ip]);
  }
  if (link === LINK.SLL) {
    const h = Buffer.alloc(16);
    h.writeUInt16BE(6, 4);
    h.writeUInt16BE(etherType, 14);
    return Buffer.concat([h, ip]);
  }
  if (link === LINK.SLL2) {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(etherType, 0);
    return Buffer.concat([h, ip]);
  }
  return ip;
}

export interface PcapOptions {
  readonly littleEndian?: boolean;
  readonly nanoseconds?: boolean;
}

/** A classic pcap file. */
export function pcapFile(
  link: number,
  packets: readonly TestPacket[],
  o: PcapOptions = {},
): Buffer {
  const le = o.littleEndian ?? true;
  const u32 = (b: Buffer, v: number, at: number): number =>
    le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at);
  const u16 = (b: Buffer, v: number, at: number): number =>
    le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at);
  const head = Buffer.alloc(24);
  u32(head, o.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(head, 2, 4);
  u16(head, 4, 6);
  u32(head, 65535, 16);
  u32(head, link, 20);
  const parts: Buffer[] = [head];
  for (const p of packets) {
    const data = frame(link, ipPacket(p));
    const rec = Buffer.alloc(16);
    const sec = Math.floor(p.timeUs / 1e6);
    const us = p.timeUs - sec * 1e6;
    u32(rec, sec, 0);
    u32(rec, o.nanoseconds ? us * 1000 : us, 4);
    u32(rec, data.length, 8);
    u32(rec, data.length, 12);
    parts.push(rec, data);
  }
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer): Buffer {
  const padded = Buffer.alloc((body.length + 3) & ~3);
  body.copy(padded);
  const b = Buffer.alloc(12 + padded.length);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(b.length, 4);
  padded.copy(b, 8);
  b.writeUInt32LE(b.length, b.length - 4);
  return b;
}

/** A little-endian pcapng file, one interface, Enhanced Packet Blocks, microsecond stamps. */
export function pcapngFile(link: number, packets: readonly TestPacket[]): Buffer {
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeBigInt64LE(-1n, 8);
  const idb = Buffer.alloc(8);
  idb.writeUInt16LE(link, 0);
  idb.writeUInt32LE(65535, 4);
  const parts = [block(0x0a0d0d0a, shb), block(1, idb)];
  for (const p of packets) {
    const data = frame(link, ipPacket(p));
    const epb = Buffer.alloc(20 + data.length);
    const t = BigInt(Math.round(p.timeUs));
    epb.writeUInt32LE(0, 0);
    epb.writeUInt32LE(Number(t >> 32n), 4);
    epb.writeUInt32LE(Number(t & 0xffffffffn), 8);
    epb.writeUInt32LE(data.length, 12);
    epb.writeUInt32LE(data.length, 16);
    data.copy(epb, 20);
    parts.push(block(6, epb));
  }
  return Buffer.concat(parts);
}

/** An RTP packet: version 2, no CSRC, marker on the first. */
export function rtpPacket(
  pt: number,
  seq: number,
  ts: number,
  ssrc: number,
  payload: Uint8Array,
): Buffer {
  const b = Buffer.alloc(12 + payload.length);
  b[0] = 0x80;
  b[1] = pt & 0x7f;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  b.set(payload, 12);
  return b;
}

/** `count` 20 ms G.711 packets of 160 bytes each from src to dst (capture timing 20 ms apart). */
export function g711Capture(count: number, pt = 8, dstPort = 20000): TestPacket[] {
  const out: TestPacket[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      timeUs: 1_700_000_000_000_000 / 1000 + i * 20_000,
      src: '10.0.0.1',
      dst: '10.0.0.2',
      srcPort: 30000,
      dstPort,
      payload: rtpPacket(pt, 1000 + i, 160 * i, 0x11223344, Buffer.alloc(160, i & 0xff)),
    });
  }
  return out;
}
