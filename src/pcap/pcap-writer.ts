/**
 * Writing a classic pcap (microseconds, little-endian, Ethernet) of IPv4 UDP datagrams: enough
 * to make the captures media scenarios replay. Ethernet, not raw IP: libpcap reads LINKTYPE_RAW
 * as DLT_RAW (12), which SIPp 3.6.1 refuses ("Unsupported link-type 12"). The UDP checksum is
 * left 0 ("not computed"), which readers, and SIPp's replay (it recomputes it), accept.
 */

export interface UdpRecord {
  readonly timeUs: number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

const LINKTYPE_ETHERNET = 1;
const ETHERTYPE_IPV4 = 0x0800;

export function writePcap(records: readonly UdpRecord[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  const parts: Buffer[] = [head];
  for (const r of records) {
    const ethernet = Buffer.alloc(14);
    ethernet.writeUInt16BE(ETHERTYPE_IPV4, 12);
    const packet = Buffer.concat([ethernet, ipv4Udp(r)]);
    const rec = Buffer.alloc(16);
    const sec = Math.floor(r.timeUs / 1e6);
    rec.writeUInt32LE(sec, 0);
    rec.writeUInt32LE(Math.round(r.timeUs - sec * 1e6), 4);
    rec.writeUInt32LE(packet.length, 8);
    rec.writeUInt32LE(packet.length, 12);
    parts.push(rec, packet);
  }
  return Buffer.concat(parts);
}

function ipv4Udp(r: UdpRecord): Buffer {
  const b = Buffer.alloc(28 + r.payload.length);
  b[0] = 0x45;
  b.writeUInt16BE(b.length, 2);
  b[8] = 64;
  b[9] = 17;
  Buffer.from(r.src.split('.').map(Number)).copy(b, 12);
  Buffer.from(r.dst.split('.').map(Number)).copy(b, 16);
  b.writeUInt16BE(headerChecksum(b), 10);
  b.writeUInt16BE(r.srcPort, 20);
  b.writeUInt16BE(r.dstPort, 22);
  b.writeUInt16BE(8 + r.payload.length, 24);
  b.set(r.payload, 28);
  return b;
}

/** RFC 791 header checksum over the 20-byte IPv4 header. */
function headerChecksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
