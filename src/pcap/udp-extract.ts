/**
 * From a captured frame to its UDP datagram. Frames that are not UDP, or are IP fragments,
 * give null: a media capture holds ARP, ICMP and SIP over TCP beside its RTP, and replay skips
 * them as SIPp does.
 */
import type { CaptureFrame } from './capture-frame.ts';
import { IPPROTO_UDP, extractIp, frameError } from './ip-extract.ts';

export interface UdpDatagram {
  readonly timeUs: number;
  readonly ipVersion: 4 | 6;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** The UDP payload (a view into the capture's buffer). */
  readonly payload: Uint8Array;
  /** Offset of the frame's record in the file. */
  readonly offset: number;
  /** The frame's number in the file, from 1 (as Wireshark counts). */
  readonly number: number;
}

/** The UDP datagram a frame carries, or null when it carries none (or only a fragment). */
export function extractUdp(frame: CaptureFrame, file: string): UdpDatagram | null {
  const ip = extractIp(frame, file);
  if (ip === null || ip.protocol !== IPPROTO_UDP) return null;
  const d = frame.data;
  const udpAt = ip.at;
  const u16 = (i: number): number => (d[i] << 8) | d[i + 1];
  if (d.length < udpAt + 8) throw frameError(frame, file, 'UDP header truncated');
  const udpLen = u16(udpAt + 4);
  if (udpLen < 8) throw frameError(frame, file, `UDP length ${udpLen} is below the 8-byte header`);
  if (d.length < udpAt + udpLen) {
    throw frameError(
      frame,
      file,
      `UDP payload cut by the capture (${d.length - udpAt} of ${udpLen} bytes captured; raise the snaplen)`,
    );
  }
  return {
    timeUs: frame.timeUs,
    ipVersion: ip.version,
    srcAddress: ip.srcAddress,
    dstAddress: ip.dstAddress,
    srcPort: u16(udpAt),
    dstPort: u16(udpAt + 2),
    payload: d.subarray(udpAt + 8, udpAt + udpLen),
    offset: frame.offset,
    number: frame.number,
  };
}
