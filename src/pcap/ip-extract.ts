/**
 * From a captured link-layer frame to its IP packet's transport payload: the link header
 * (Ethernet with VLAN tags, Linux cooked v1/v2, BSD loopback, raw IP), then IPv4 or IPv6
 * (extension headers walked). UDP (media replay) and TCP (pcap2scenario) read on from here.
 */
import { CaptureError } from './capture-error.ts';
import { LinkType, type CaptureFrame } from './capture-frame.ts';

/** The IP layer of one frame: addresses and where its transport header starts and ends. */
export interface IpPacket {
  readonly version: 4 | 6;
  readonly srcAddress: string;
  readonly dstAddress: string;
  /** IPPROTO_* of the transport header at `at`. */
  readonly protocol: number;
  /** Offset of the transport header in `frame.data`. */
  readonly at: number;
  /**
   * End of the IP packet in `frame.data` by its own length field (Ethernet pads short frames),
   * possibly past the captured bytes when the snaplen cut it.
   */
  readonly end: number;
}

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
// IPv6 extension headers that may stand between the fixed header and the transport header.
const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_AH = 51;
const IPV6_DEST_OPTS = 60;
const IPV6_EXTENSIONS = new Set([IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DEST_OPTS, IPV6_AH]);

export function frameError(frame: CaptureFrame, file: string, what: string): CaptureError {
  return new CaptureError(file, frame.offset, `packet ${frame.number}: ${what}`);
}

/** Where the IP packet starts in the frame and which version it is; null when not IP. */
function ipStart(frame: CaptureFrame, file: string): { at: number; version: 4 | 6 } | null {
  const d = frame.data;
  const u16 = (i: number): number => (d[i] << 8) | d[i + 1];
  const need = (n: number, what: string): void => {
    if (d.length < n)
      throw frameError(frame, file, `${what} needs ${n} bytes, frame has ${d.length}`);
  };
  switch (frame.linkType) {
    case LinkType.ETHERNET: {
      need(14, 'Ethernet header');
      let at = 12;
      let type = u16(at);
      while (VLAN_TAGS.has(type)) {
        need(at + 6, 'VLAN tag');
        at += 4;
        type = u16(at);
      }
      return byEtherType(type, at + 2);
    }
    case LinkType.LINUX_SLL:
      need(16, 'Linux cooked (SLL) header');
      return byEtherType(u16(14), 16);
    case LinkType.LINUX_SLL2:
      need(20, 'Linux cooked v2 (SLL2) header');
      return byEtherType(u16(0), 20);
    case LinkType.NULL:
    case LinkType.LOOP: {
      need(4, 'loopback header');
      // The address family is in the capturing host's byte order (NULL) or network order
      // (LOOP); families are small numbers, so whichever end is non-zero tells.
      const family = d[0] !== 0 ? d[0] : d[3];
      if (family === 2) return { at: 4, version: 4 };
      if (family === 24 || family === 28 || family === 30 || family === 10)
        return { at: 4, version: 6 };
      return null;
    }
    case LinkType.RAW:
    case LinkType.RAW_BSD:
    case LinkType.RAW_OPENBSD:
    case LinkType.IPV4:
    case LinkType.IPV6: {
      need(1, 'raw IP packet');
      const v = d[0] >> 4;
      return v === 4 ? { at: 0, version: 4 } : v === 6 ? { at: 0, version: 6 } : null;
    }
    default:
      throw frameError(
        frame,
        file,
        `link type ${frame.linkType} is not supported (Ethernet, Linux cooked v1/v2, loopback and raw IP are)`,
      );
  }
}

function byEtherType(type: number, at: number): { at: number; version: 4 | 6 } | null {
  if (type === ETHERTYPE_IPV4) return { at, version: 4 };
  if (type === ETHERTYPE_IPV6) return { at, version: 6 };
  return null;
}

/**
 * The IP packet a frame carries, or null when it carries none, only a fragment (which cannot
 * be used alone, as SIPp skips them) or a protocol behind an IPv6 header we do not walk.
 */
export function extractIp(frame: CaptureFrame, file: string): IpPacket | null {
  const start = ipStart(frame, file);
  if (start === null) return null;
  return start.version === 4 ? ipv4(frame, file, start.at) : ipv6(frame, file, start.at);
}

function ipv4(frame: CaptureFrame, file: string, at: number): IpPacket | null {
  const d = frame.data;
  if (d.length < at + 20) throw frameError(frame, file, 'IPv4 header truncated');
  if (d[at] >> 4 !== 4)
    throw frameError(frame, file, `IP version ${d[at] >> 4} where 4 was announced`);
  const headerLen = (d[at] & 0x0f) * 4;
  if (headerLen < 20 || d.length < at + headerLen) {
    throw frameError(frame, file, `IPv4 header length ${headerLen} is invalid`);
  }
  const flagsFrag = (d[at + 6] << 8) | d[at + 7];
  // More-fragments set or a non-zero fragment offset: a piece of a datagram.
  if ((flagsFrag & 0x2000) !== 0 || (flagsFrag & 0x1fff) !== 0) return null;
  const totalLength = (d[at + 2] << 8) | d[at + 3];
  return {
    version: 4,
    srcAddress: `${d[at + 12]}.${d[at + 13]}.${d[at + 14]}.${d[at + 15]}`,
    dstAddress: `${d[at + 16]}.${d[at + 17]}.${d[at + 18]}.${d[at + 19]}`,
    protocol: d[at + 9],
    at: at + headerLen,
    // A capture taken on the sending host with segmentation offload shows a total length of 0.
    end: totalLength === 0 ? d.length : at + totalLength,
  };
}

function ipv6(frame: CaptureFrame, file: string, start: number): IpPacket | null {
  const d = frame.data;
  if (d.length < start + 40) throw frameError(frame, file, 'IPv6 header truncated');
  if (d[start] >> 4 !== 6)
    throw frameError(frame, file, `IP version ${d[start] >> 4} where 6 was announced`);
  const payloadLength = (d[start + 4] << 8) | d[start + 5];
  let next = d[start + 6];
  let at = start + 40;
  while (next !== IPPROTO_UDP && next !== IPPROTO_TCP) {
    if (next === IPV6_FRAGMENT || !IPV6_EXTENSIONS.has(next)) return null;
    if (d.length < at + 2) throw frameError(frame, file, 'IPv6 extension header truncated');
    const len = next === IPV6_AH ? (d[at + 1] + 2) * 4 : (d[at + 1] + 1) * 8;
    next = d[at];
    at += len;
  }
  return {
    version: 6,
    srcAddress: ipv6Text(d, start + 8),
    dstAddress: ipv6Text(d, start + 24),
    protocol: next,
    at,
    end: payloadLength === 0 ? d.length : start + 40 + payloadLength,
  };
}

/** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
export function ipv6Text(d: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((d[at + i] << 8) | d[at + i + 1]);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(groups);
  return `${hex(groups.slice(0, bestAt))}::${hex(groups.slice(bestAt + bestLen))}`;
}
