/**
 * One direction of an SDES SRTP session (RFC 3711): the session keys derived from one master
 * key and salt, and per SSRC the packet index and replay window. `protect*` encrypts and tags
 * what we send, `unprotect*` checks and decrypts what arrives. Cipher and hash states are made
 * once per context; per packet the work is one AES update, two SHA-1 state copies and one
 * output buffer (or none when the caller lends one).
 */
import { timingSafeEqual } from 'node:crypto';
import { AesCounterMode } from './aes-cm.ts';
import { HmacSha1 } from './hmac-sha1.ts';
import { PacketIndex } from './packet-index.ts';
import { deriveSessionKeys, MASTER_KEY_BYTES, type SessionKeys } from './session-keys.ts';
import type { SrtpSuite } from './srtp-suites.ts';

/** Why an arriving packet was refused. */
export type SrtpRefusal = 'short' | 'auth' | 'replay';

const RTP_HEADER = 12;
const RTCP_HEADER = 8;
/** SRTCP's E flag and 31-bit index after the payload (RFC 3711 §3.4). */
const SRTCP_TRAILER = 4;

class Direction {
  readonly aes: AesCounterMode;
  readonly hmac: HmacSha1;
  readonly salt: Buffer;

  constructor(keys: SessionKeys) {
    this.aes = new AesCounterMode(keys.cipherKey);
    this.hmac = new HmacSha1(keys.authKey);
    this.salt = keys.salt;
  }
}

export class SrtpContext {
  private readonly rtp: Direction;
  private readonly rtcp: Direction;
  private readonly rtpIndex = new Map<number, PacketIndex>();
  private readonly rtcpIndex = new Map<number, PacketIndex>();
  /** Next SRTCP index we send (31 bits), one counter for the context as libsrtp keeps it. */
  private srtcpSendIndex = 0;
  private readonly iv = Buffer.alloc(16);
  private readonly trailer = Buffer.alloc(4);

  /** `keyAndSalt`: the 30 bytes of an SDES `inline:` key (master key then master salt). */
  constructor(
    readonly suite: SrtpSuite,
    keyAndSalt: Buffer,
  ) {
    const key = keyAndSalt.subarray(0, MASTER_KEY_BYTES);
    const salt = keyAndSalt.subarray(MASTER_KEY_BYTES);
    this.rtp = new Direction(deriveSessionKeys(key, salt, 'rtp'));
    this.rtcp = new Direction(deriveSessionKeys(key, salt, 'rtcp'));
  }

  /** The SRTP packet for RTP `packet` (`into`: a lent buffer of at least length + tag). */
  protectRtp(packet: Buffer, into?: Buffer): Buffer {
    const tagBytes = this.suite.rtpTagBytes;
    const headerBytes = rtpHeaderBytes(packet, 0);
    if (headerBytes < 0) throw new RangeError(`not an RTP packet (${packet.length} bytes)`);
    const seq = packet.readUInt16BE(2);
    const ssrc = packet.readUInt32BE(8);
    const state = indexOf(this.rtpIndex, ssrc);
    const index = state.estimate(seq);
    state.accept(index);
    const out = lentOr(into, packet.length + tagBytes);
    packet.copy(out, 0, 0, headerBytes);
    this.setIv(this.rtp.salt, ssrc, index);
    this.rtp.aes.apply(this.iv, packet, headerBytes, packet.length, out, headerBytes);
    this.trailer.writeUInt32BE(Math.floor(index / 65536) >>> 0, 0);
    this.rtp.hmac
      .digest(out.subarray(0, packet.length), this.trailer)
      .copy(out, packet.length, 0, tagBytes);
    return out.length === packet.length + tagBytes
      ? out
      : out.subarray(0, packet.length + tagBytes);
  }

  /** The RTP packet inside SRTP `packet`, or why it is refused (`into` as for protect). */
  unprotectRtp(packet: Buffer, into?: Buffer): Buffer | SrtpRefusal {
    const tagBytes = this.suite.rtpTagBytes;
    const bodyEnd = packet.length - tagBytes;
    const headerBytes = rtpHeaderBytes(packet, tagBytes);
    if (headerBytes < 0) return 'short';
    const seq = packet.readUInt16BE(2);
    const ssrc = packet.readUInt32BE(8);
    const state = indexOf(this.rtpIndex, ssrc);
    const index = state.estimate(seq);
    if (state.isReplay(index)) return 'replay';
    this.trailer.writeUInt32BE(Math.floor(index / 65536) >>> 0, 0);
    const mac = this.rtp.hmac.digest(packet.subarray(0, bodyEnd), this.trailer);
    if (!timingSafeEqual(mac.subarray(0, tagBytes), packet.subarray(bodyEnd))) return 'auth';
    state.accept(index);
    const out = lentOr(into, bodyEnd);
    packet.copy(out, 0, 0, headerBytes);
    this.setIv(this.rtp.salt, ssrc, index);
    this.rtp.aes.apply(this.iv, packet, headerBytes, bodyEnd, out, headerBytes);
    return out.length === bodyEnd ? out : out.subarray(0, bodyEnd);
  }

  /** The SRTCP packet for a compound RTCP `packet`: encrypted, E set, indexed, tagged. */
  protectRtcp(packet: Buffer): Buffer {
    if (packet.length < RTCP_HEADER)
      throw new RangeError(`not an RTCP packet (${packet.length} bytes)`);
    const tagBytes = this.suite.rtcpTagBytes;
    const index = this.srtcpSendIndex;
    this.srtcpSendIndex = (index + 1) & 0x7fffffff;
    const out = Buffer.allocUnsafe(packet.length + SRTCP_TRAILER + tagBytes);
    packet.copy(out, 0, 0, RTCP_HEADER);
    this.setIv(this.rtcp.salt, packet.readUInt32BE(4), index);
    this.rtcp.aes.apply(this.iv, packet, RTCP_HEADER, packet.length, out, RTCP_HEADER);
    out.writeUInt32BE((0x80000000 | index) >>> 0, packet.length);
    const authEnd = packet.length + SRTCP_TRAILER;
    this.rtcp.hmac.digest(out.subarray(0, authEnd), EMPTY).copy(out, authEnd, 0, tagBytes);
    return out;
  }

  /** The RTCP inside an SRTCP packet (decrypted when its E flag is set), or why not. */
  unprotectRtcp(packet: Buffer): Buffer | SrtpRefusal {
    const tagBytes = this.suite.rtcpTagBytes;
    const authEnd = packet.length - tagBytes;
    const bodyEnd = authEnd - SRTCP_TRAILER;
    if (bodyEnd < RTCP_HEADER) return 'short';
    const word = packet.readUInt32BE(bodyEnd);
    const isEncrypted = (word & 0x80000000) !== 0;
    const index = word & 0x7fffffff;
    const ssrc = packet.readUInt32BE(4);
    const state = indexOf(this.rtcpIndex, ssrc);
    if (state.isReplay(index)) return 'replay';
    const mac = this.rtcp.hmac.digest(packet.subarray(0, authEnd), EMPTY);
    if (!timingSafeEqual(mac.subarray(0, tagBytes), packet.subarray(authEnd))) return 'auth';
    state.accept(index);
    const out = Buffer.allocUnsafe(bodyEnd);
    packet.copy(out, 0, 0, isEncrypted ? RTCP_HEADER : bodyEnd);
    if (isEncrypted) {
      this.setIv(this.rtcp.salt, ssrc, index);
      this.rtcp.aes.apply(this.iv, packet, RTCP_HEADER, bodyEnd, out, RTCP_HEADER);
    }
    return out;
  }

  /** RFC 3711 §4.1.1: IV = (salt << 16) XOR (SSRC << 64) XOR (index << 16). */
  private setIv(salt: Buffer, ssrc: number, index: number): void {
    const iv = this.iv;
    salt.copy(iv, 0, 0, 14);
    iv[14] = 0;
    iv[15] = 0;
    iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
    const high = Math.floor(index / 2 ** 32);
    iv.writeUInt16BE(iv.readUInt16BE(8) ^ (high & 0xffff), 8);
    iv.writeUInt32BE((iv.readUInt32BE(10) ^ index) >>> 0, 10);
  }
}

const EMPTY = Buffer.alloc(0);

/** The lent buffer when it is large enough, else a new one. */
function lentOr(into: Buffer | undefined, bytes: number): Buffer {
  return into !== undefined && into.length >= bytes ? into : Buffer.allocUnsafe(bytes);
}

function indexOf(map: Map<number, PacketIndex>, ssrc: number): PacketIndex {
  let state = map.get(ssrc);
  if (state === undefined) {
    state = new PacketIndex();
    map.set(ssrc, state);
  }
  return state;
}

/** RTP header length with CSRCs and extension; -1 when the packet cannot hold it and `tail`. */
function rtpHeaderBytes(packet: Buffer, tail: number): number {
  const limit = packet.length - tail;
  if (limit < RTP_HEADER || packet[0] >> 6 !== 2) return -1;
  let n = RTP_HEADER + 4 * (packet[0] & 0x0f);
  if ((packet[0] & 0x10) !== 0) {
    if (n + 4 > limit) return -1;
    n += 4 + 4 * packet.readUInt16BE(n + 2);
  }
  return n > limit ? -1 : n;
}
