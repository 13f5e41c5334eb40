/** From a captured frame to its TCP segment (pcap2scenario reassembles SIP over TCP from them). */
import type { CaptureFrame } from './capture-frame.ts';
import { IPPROTO_TCP, extractIp, frameError } from './ip-extract.ts';

export interface TcpSegment {
  readonly timeUs: number;
  readonly ipVersion: 4 | 6;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Sequence number of the first payload byte (of the SYN itself when `isSyn`). */
  readonly seq: number;
  /** SYN set: a new connection, whose data starts at seq + 1. */
  readonly isSyn: boolean;
  /** The segment's data (a view into the capture's buffer). */
  readonly payload: Uint8Array;
  readonly offset: number;
  /** The frame's number in the file, from 1. */
  readonly number: number;
}

const SYN = 0x02;

/** The TCP segment a frame carries, or null when it carries none. */
export function extractTcp(frame: CaptureFrame, file: string): TcpSegment | null {
  const ip = extractIp(frame, file);
  if (ip === null || ip.protocol !== IPPROTO_TCP) return null;
  const d = frame.data;
  const at = ip.at;
  if (d.length < at + 20) throw frameError(frame, file, 'TCP header truncated');
  const headerLen = (d[at + 12] >> 4) * 4;
  if (headerLen < 20 || ip.end < at + headerLen) {
    throw frameError(frame, file, `TCP header length ${headerLen} is invalid`);
  }
  if (d.length < ip.end) {
    throw frameError(
      frame,
      file,
      `TCP segment cut by the capture (${d.length - at} of ${ip.end - at} bytes captured; raise the snaplen)`,
    );
  }
  const flags = d[at + 13];
  return {
    timeUs: frame.timeUs,
    ipVersion: ip.version,
    srcAddress: ip.srcAddress,
    dstAddress: ip.dstAddress,
    srcPort: (d[at] << 8) | d[at + 1],
    dstPort: (d[at + 2] << 8) | d[at + 3],
    seq: ((d[at + 4] << 24) | (d[at + 5] << 16) | (d[at + 6] << 8) | d[at + 7]) >>> 0,
    isSyn: (flags & SYN) !== 0,
    payload: d.subarray(at + headerLen, ip.end),
    offset: frame.offset,
    number: frame.number,
  };
}
