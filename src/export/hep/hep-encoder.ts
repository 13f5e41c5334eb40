/**
 * HEP3 (HEP/EEP, sipcapture's Homer Encapsulation Protocol v3) packets: the ASCII id "HEP3", the
 * packet's total length (uint16, header included), then chunks, each a 6-byte header (vendor id,
 * type id, chunk length including the header; all uint16 big-endian) and its value. Only the
 * generic chunks (vendor 0x0000) are written:
 *
 *   1 IP family (uint8: 2 = IPv4, 10 = IPv6)      2 IP protocol (uint8: 17 UDP, 6 TCP)
 *   3/4 IPv4 source / destination (4 bytes)       5/6 IPv6 source / destination (16 bytes)
 *   7/8 source / destination port (uint16)        9/10 time seconds / microseconds (uint32)
 *   11 protocol type (uint8: 1 SIP, 5 RTCP)       12 capture agent id (uint32)
 *   14 auth key (string)                          15 payload (bytes)
 *   17 correlation id (string)
 */
import { isIPv4, isIPv6 } from 'node:net';

/** HEP chunk 11 values this exporter sends. */
export const HepProtocol = {
  Sip: 1,
  Rtcp: 5,
  /** Short RTP report, JSON (hepagent's TypeShortRTPReport). */
  RtpReport: 35,
  /** DTMF report, JSON. */
  DtmfReport: 100,
} as const;
export type HepProtocolType = (typeof HepProtocol)[keyof typeof HepProtocol];

/** IP protocol numbers for chunk 2 (TLS and WebSocket ride on TCP). */
export const IP_PROTO_UDP = 17;
export const IP_PROTO_TCP = 6;

/** What one HEP packet says about the captured message. */
export interface HepPacket {
  readonly protocolType: HepProtocolType;
  /** IP_PROTO_UDP or IP_PROTO_TCP. */
  readonly ipProtocol: number;
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
  /** Wall-clock capture time, ms since 1970 with a sub-ms fraction. */
  readonly timeMs: number;
  readonly captureId: number;
  /** Chunk 14; omitted when empty. */
  readonly authKey: Buffer | null;
  /** Chunk 17; omitted when empty. */
  readonly correlationId: Buffer | null;
  readonly payload: Buffer;
}

const HEADER_BYTES = 6;
const CHUNK_HEADER_BYTES = 6;
/** Chunk 1 values: Linux's AF_INET and AF_INET6, as captagent and Kamailio send them. */
const AF_INET = 2;
const AF_INET6 = 10;
/** The length field is 16 bits: a HEP packet is at most this long. */
export const MAX_HEP_BYTES = 0xffff;

/** Chunks of a packet with both addresses in one family, less the variable ones. */
const FIXED_BYTES_V4 = HEADER_BYTES + 7 + 7 + 10 + 10 + 8 + 8 + 10 + 10 + 7 + 10;
const FIXED_BYTES_V6 = FIXED_BYTES_V4 + 2 * 12;

/**
 * The packet's bytes, or null when it would not fit HEP's 16-bit length (a SIP message over
 * 64 KiB, possible over TCP): the caller counts it dropped. Addresses of mixed families are
 * both written as IPv6 (an IPv4 one as ::ffff:a.b.c.d).
 */
export function encodeHep(p: HepPacket): Buffer | null {
  const isV4 = isIPv4(p.srcIp) && isIPv4(p.dstIp);
  const auth = p.authKey !== null && p.authKey.length > 0 ? p.authKey : null;
  const correlation =
    p.correlationId !== null && p.correlationId.length > 0 ? p.correlationId : null;
  const total =
    (isV4 ? FIXED_BYTES_V4 : FIXED_BYTES_V6) +
    (auth === null ? 0 : CHUNK_HEADER_BYTES + auth.length) +
    (correlation === null ? 0 : CHUNK_HEADER_BYTES + correlation.length) +
    CHUNK_HEADER_BYTES +
    p.payload.length;
  if (total > MAX_HEP_BYTES) return null;
  const out = Buffer.allocUnsafe(total);
  out.write('HEP3', 0, 'latin1');
  out.writeUInt16BE(total, 4);
  let at = HEADER_BYTES;
  at = chunkU8(out, at, 1, isV4 ? AF_INET : AF_INET6);
  at = chunkU8(out, at, 2, p.ipProtocol);
  if (isV4) {
    at = chunkIp(out, at, 3, p.srcIp, 4);
    at = chunkIp(out, at, 4, p.dstIp, 4);
  } else {
    at = chunkIp(out, at, 5, p.srcIp, 16);
    at = chunkIp(out, at, 6, p.dstIp, 16);
  }
  at = chunkU16(out, at, 7, p.srcPort);
  at = chunkU16(out, at, 8, p.dstPort);
  const seconds = Math.floor(p.timeMs / 1000);
  at = chunkU32(out, at, 9, seconds);
  at = chunkU32(out, at, 10, Math.min(999_999, Math.floor((p.timeMs - seconds * 1000) * 1000)));
  at = chunkU8(out, at, 11, p.protocolType);
  at = chunkU32(out, at, 12, p.captureId);
  if (auth !== null) at = chunkBytes(out, at, 14, auth);
  if (correlation !== null) at = chunkBytes(out, at, 17, correlation);
  chunkBytes(out, at, 15, p.payload);
  return out;
}

function chunkHeader(out: Buffer, at: number, type: number, valueBytes: number): number {
  out.writeUInt16BE(0, at);
  out.writeUInt16BE(type, at + 2);
  out.writeUInt16BE(CHUNK_HEADER_BYTES + valueBytes, at + 4);
  return at + CHUNK_HEADER_BYTES;
}

function chunkU8(out: Buffer, at: number, type: number, value: number): number {
  at = chunkHeader(out, at, type, 1);
  out[at] = value;
  return at + 1;
}

function chunkU16(out: Buffer, at: number, type: number, value: number): number {
  at = chunkHeader(out, at, type, 2);
  out.writeUInt16BE(value, at);
  return at + 2;
}

function chunkU32(out: Buffer, at: number, type: number, value: number): number {
  at = chunkHeader(out, at, type, 4);
  out.writeUInt32BE(value >>> 0, at);
  return at + 4;
}

function chunkBytes(out: Buffer, at: number, type: number, value: Buffer): number {
  at = chunkHeader(out, at, type, value.length);
  value.copy(out, at);
  return at + value.length;
}

function chunkIp(out: Buffer, at: number, type: number, ip: string, bytes: 4 | 16): number {
  at = chunkHeader(out, at, type, bytes);
  if (bytes === 4) writeIpv4(out, at, ip);
  else writeIpv6(out, at, ip);
  return at + bytes;
}

function writeIpv4(out: Buffer, at: number, ip: string): void {
  let part = 0;
  let value = 0;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : 46;
    if (c === 46) {
      out[at + part++] = value;
      value = 0;
    } else value = value * 10 + (c - 48);
  }
}

/** Writes an IPv6 address (or an IPv4 one as ::ffff:a.b.c.d); a bad one writes zeros. */
function writeIpv6(out: Buffer, at: number, ip: string): void {
  out.fill(0, at, at + 16);
  if (isIPv4(ip)) {
    out[at + 10] = 0xff;
    out[at + 11] = 0xff;
    writeIpv4(out, at + 12, ip);
    return;
  }
  const zone = ip.indexOf('%');
  const text = zone === -1 ? ip : ip.slice(0, zone);
  if (!isIPv6(text)) return;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined): number[] => {
    if (s === undefined || s === '') return [];
    const out6: number[] = [];
    for (const g of s.split(':')) {
      if (g.includes('.')) {
        const b = g.split('.').map(Number);
        out6.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
      } else out6.push(parseInt(g, 16));
    }
    return out6;
  };
  const front = groups(head);
  const back = groups(tail);
  for (let i = 0; i < front.length; i++) out.writeUInt16BE(front[i], at + 2 * i);
  for (let i = 0; i < back.length; i++) out.writeUInt16BE(back[i], at + 16 - 2 * (back.length - i));
}
