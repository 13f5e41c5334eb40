/**
 * RTCP packets of RFC 3550 §6.4–6.6 as bytes: sender and receiver reports with their report
 * blocks, SDES with a CNAME, BYE; a compound packet is their concatenation (§6.1: it starts
 * with SR or RR). The parser walks a compound packet and keeps what the reporter reads (SR
 * sender info, report blocks, BYE); other packet types (APP, XR, SDES received) are skipped by
 * their length.
 */

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
const SDES_CNAME = 1;
/** Seconds from 1900 (NTP's era) to 1970 (the Unix epoch). */
const NTP_UNIX_OFFSET_S = 2208988800;
const REPORT_BLOCK_BYTES = 24;
/** RFC 3550 §6.4.1: the report count is 5 bits. */
const MAX_REPORT_BLOCKS = 31;

/** One reception report block (§6.4.1), about the stream of `ssrc`. */
export interface ReportBlock {
  readonly ssrc: number;
  /** Lost / expected since the previous report, in 1/256 (0..255). */
  readonly fractionLost: number;
  /** Cumulative packets lost, signed 24 bits (duplicates may make it negative). */
  readonly cumulativeLost: number;
  /** Cycles << 16 | highest sequence number received. */
  readonly extendedHighestSeq: number;
  /** Interarrival jitter in RTP timestamp units. */
  readonly jitter: number;
  /** Middle 32 bits of the NTP time of the last SR received from `ssrc`; 0 if none. */
  readonly lastSr: number;
  /** Delay since that SR, in 1/65536 s; 0 if none. */
  readonly delaySinceLastSr: number;
}

export interface SenderInfo {
  readonly ntpSeconds: number;
  readonly ntpFraction: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** What a compound packet said. */
export interface ParsedRtcp {
  /** SSRC of the first SR or RR's sender; -1 when none. */
  readonly senderSsrc: number;
  /** The SR's sender info, null when the packet had no SR. */
  readonly senderInfo: SenderInfo | null;
  readonly reports: ReportBlock[];
  /** SSRCs a BYE said goodbye for. */
  readonly byeSsrcs: number[];
}

/** A wall-clock time (ms since 1970) as NTP seconds and 2^-32 fractions. */
export function ntpFromUnixMs(unixMs: number): { seconds: number; fraction: number } {
  const seconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32);
  return { seconds: (seconds + NTP_UNIX_OFFSET_S) >>> 0, fraction: fraction >>> 0 };
}

/** §6.4.1 LSR: the middle 32 bits of a 64-bit NTP time. */
export function ntpMiddle32(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/** Sender report: sender info of `ssrc`, then at most 31 report blocks. */
export function senderReport(
  ssrc: number,
  info: SenderInfo,
  blocks: readonly ReportBlock[],
): Buffer {
  const n = Math.min(blocks.length, MAX_REPORT_BLOCKS);
  const b = header(RTCP_SR, n, 28 + n * REPORT_BLOCK_BYTES);
  b.writeUInt32BE(ssrc >>> 0, 4);
  b.writeUInt32BE(info.ntpSeconds >>> 0, 8);
  b.writeUInt32BE(info.ntpFraction >>> 0, 12);
  b.writeUInt32BE(info.rtpTimestamp >>> 0, 16);
  b.writeUInt32BE(info.packetCount >>> 0, 20);
  b.writeUInt32BE(info.octetCount >>> 0, 24);
  for (let i = 0; i < n; i++) writeBlock(b, 28 + i * REPORT_BLOCK_BYTES, blocks[i]);
  return b;
}

/** Receiver report of `ssrc` (a member that sent nothing since the last report). */
export function receiverReport(ssrc: number, blocks: readonly ReportBlock[]): Buffer {
  const n = Math.min(blocks.length, MAX_REPORT_BLOCKS);
  const b = header(RTCP_RR, n, 8 + n * REPORT_BLOCK_BYTES);
  b.writeUInt32BE(ssrc >>> 0, 4);
  for (let i = 0; i < n; i++) writeBlock(b, 8 + i * REPORT_BLOCK_BYTES, blocks[i]);
  return b;
}

/** SDES with one chunk: `ssrc`'s CNAME (§6.5.1), ended by a null item and padded to 32 bits. */
export function sdesCname(ssrc: number, cname: string): Buffer {
  const text = Buffer.from(cname, 'utf8').subarray(0, 255);
  // SSRC, type, length, text, at least one null octet, then padding to a multiple of 4.
  const chunk = 4 + 2 + text.length + 1;
  const size = 4 + Math.ceil(chunk / 4) * 4;
  const b = header(RTCP_SDES, 1, size);
  b.writeUInt32BE(ssrc >>> 0, 4);
  b[8] = SDES_CNAME;
  b[9] = text.length;
  text.copy(b, 10);
  return b;
}

/** BYE for `ssrc`, with an optional reason (§6.6). */
export function bye(ssrc: number, reason = ''): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 255);
  const reasonBytes = text.length === 0 ? 0 : Math.ceil((1 + text.length) / 4) * 4;
  const b = header(RTCP_BYE, 1, 8 + reasonBytes);
  b.writeUInt32BE(ssrc >>> 0, 4);
  if (text.length > 0) {
    b[8] = text.length;
    text.copy(b, 9);
  }
  return b;
}

/** Walks a compound packet; null when it is not RTCP version 2 or a length runs past the end. */
export function parseRtcp(buf: Buffer): ParsedRtcp | null {
  let senderSsrc = -1;
  let senderInfo: SenderInfo | null = null;
  const reports: ReportBlock[] = [];
  const byeSsrcs: number[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    if (buf[at] >> 6 !== 2) return null;
    const count = buf[at] & 0x1f;
    const type = buf[at + 1];
    const end = at + (buf.readUInt16BE(at + 2) + 1) * 4;
    if (end > buf.length) return null;
    if (type === RTCP_SR && end - at >= 28 + count * REPORT_BLOCK_BYTES) {
      if (senderSsrc === -1) senderSsrc = buf.readUInt32BE(at + 4);
      senderInfo ??= {
        ntpSeconds: buf.readUInt32BE(at + 8),
        ntpFraction: buf.readUInt32BE(at + 12),
        rtpTimestamp: buf.readUInt32BE(at + 16),
        packetCount: buf.readUInt32BE(at + 20),
        octetCount: buf.readUInt32BE(at + 24),
      };
      for (let i = 0; i < count; i++) reports.push(readBlock(buf, at + 28 + i * 24));
    } else if (type === RTCP_RR && end - at >= 8 + count * REPORT_BLOCK_BYTES) {
      if (senderSsrc === -1) senderSsrc = buf.readUInt32BE(at + 4);
      for (let i = 0; i < count; i++) reports.push(readBlock(buf, at + 8 + i * 24));
    } else if (type === RTCP_BYE && end - at >= 4 + count * 4) {
      for (let i = 0; i < count; i++) byeSsrcs.push(buf.readUInt32BE(at + 4 + i * 4));
    }
    at = end;
  }
  if (at === 0) return null;
  return { senderSsrc, senderInfo, reports, byeSsrcs };
}

function header(type: number, count: number, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b[0] = 0x80 | count;
  b[1] = type;
  // §6.4.1: the length is in 32-bit words minus one, header included.
  b.writeUInt16BE(bytes / 4 - 1, 2);
  return b;
}

function writeBlock(b: Buffer, at: number, r: ReportBlock): void {
  b.writeUInt32BE(r.ssrc >>> 0, at);
  b[at + 4] = Math.max(0, Math.min(255, r.fractionLost));
  // Signed 24 bits, clamped as §6.4.1 asks for a count that does not fit.
  const lost = Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost));
  b.writeIntBE(lost, at + 5, 3);
  b.writeUInt32BE(r.extendedHighestSeq >>> 0, at + 8);
  b.writeUInt32BE(r.jitter >>> 0, at + 12);
  b.writeUInt32BE(r.lastSr >>> 0, at + 16);
  b.writeUInt32BE(r.delaySinceLastSr >>> 0, at + 20);
}

function readBlock(b: Buffer, at: number): ReportBlock {
  return {
    ssrc: b.readUInt32BE(at),
    fractionLost: b[at + 4],
    cumulativeLost: b.readIntBE(at + 5, 3),
    extendedHighestSeq: b.readUInt32BE(at + 8),
    jitter: b.readUInt32BE(at + 12),
    lastSr: b.readUInt32BE(at + 16),
    delaySinceLastSr: b.readUInt32BE(at + 20),
  };
}
