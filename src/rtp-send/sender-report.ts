/**
 * An RTCP compound packet of a sender (RFC 3550 §6.1): a sender report without report blocks
 * (§6.4.1: NTP time, the RTP timestamp of that same instant, packets and payload octets sent)
 * and the SDES CNAME every compound packet must carry (§6.5.1).
 */

/** Seconds from 1900 (NTP's epoch) to 1970 (Unix time's). */
const NTP_UNIX_OFFSET_S = 2208988800;
const CNAME = 'gossipper@rtp_send';

export interface SenderState {
  readonly ssrc: number;
  readonly wallMs: number;
  readonly rtpTimestamp: number;
  readonly packets: number;
  readonly octets: number;
}

export function senderReport(s: SenderState): Buffer {
  const sdesLength = 4 + 2 + CNAME.length + 1;
  const sdesPadded = (sdesLength + 3) & ~3;
  const b = Buffer.alloc(28 + 4 + sdesPadded);
  b[0] = 0x80;
  b[1] = 200;
  b.writeUInt16BE(6, 2);
  b.writeUInt32BE(s.ssrc >>> 0, 4);
  const seconds = Math.floor(s.wallMs / 1000);
  b.writeUInt32BE((seconds + NTP_UNIX_OFFSET_S) >>> 0, 8);
  b.writeUInt32BE(Math.floor(((s.wallMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0, 12);
  b.writeUInt32BE(s.rtpTimestamp >>> 0, 16);
  b.writeUInt32BE(s.packets >>> 0, 20);
  b.writeUInt32BE(s.octets >>> 0, 24);
  // SDES, one chunk: SSRC, CNAME item, a null item ending the list, padding to 32 bits.
  b[28] = 0x81;
  b[29] = 202;
  b.writeUInt16BE((4 + sdesPadded) / 4 - 1, 30);
  b.writeUInt32BE(s.ssrc >>> 0, 32);
  b[36] = 1;
  b[37] = CNAME.length;
  b.write(CNAME, 38, 'latin1');
  return b;
}
