/**
 * IP addresses as the batched UDP addon exchanges them: four int32 words holding the address
 * bytes in network order (IPv4 uses the first word only). Conversions are cached by the callers,
 * since a load run talks to a handful of peers.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface IpWords {
  family: 4 | 6;
  words: [number, number, number, number];
}

/** Packs 4 bytes (network order) into the int32 a little-endian memcpy would produce. */
function pack(b0: number, b1: number, b2: number, b3: number): number {
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) | 0;
}

function ipv4Bytes(text: string): number[] {
  return text.split('.').map((p) => Number(p));
}

/** Parses an IP literal (IPv4, IPv6, IPv4-mapped IPv6); null if it is not one. */
export function ipToWords(text: string): IpWords | null {
  const ip = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(ip)) {
    const b = ipv4Bytes(ip);
    return { family: 4, words: [pack(b[0], b[1], b[2], b[3]), 0, 0, 0] };
  }
  if (!isIPv6(ip)) return null;
  const groups = ipv6Groups(ip);
  const w: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const hi = groups[2 * i];
    const lo = groups[2 * i + 1];
    w[i] = pack(hi >> 8, hi & 255, lo >> 8, lo & 255);
  }
  return { family: 6, words: w };
}

/** The eight 16-bit groups of a valid IPv6 literal (`::` expanded, trailing dotted quad folded). */
function ipv6Groups(ip: string): number[] {
  const zone = ip.indexOf('%');
  let text = zone >= 0 ? ip.slice(0, zone) : ip;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const b = ipv4Bytes(text.slice(lastColon + 1));
    tail.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  let groups: number[];
  if (halves.length === 2) {
    const back = parse(halves[1]);
    groups = [...head, ...new Array<number>(8 - head.length - back.length).fill(0), ...back];
  } else {
    groups = head;
  }
  if (tail.length > 0) groups.splice(6, 2, ...tail);
  return groups;
}

function byteAt(word: number, i: number): number {
  return (word >>> (8 * i)) & 255;
}

/** Formats an address the way node:dgram reports peers ('127.0.0.1', '::1', '::ffff:127.0.0.1'). */
export function wordsToIp(family: number, w0: number, w1: number, w2: number, w3: number): string {
  if (family === 4) return `${byteAt(w0, 0)}.${byteAt(w0, 1)}.${byteAt(w0, 2)}.${byteAt(w0, 3)}`;
  const words = [w0, w1, w2, w3];
  const groups: number[] = [];
  for (const w of words)
    groups.push((byteAt(w, 0) << 8) | byteAt(w, 1), (byteAt(w, 2) << 8) | byteAt(w, 3));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${byteAt(w3, 0)}.${byteAt(w3, 1)}.${byteAt(w3, 2)}.${byteAt(w3, 3)}`;
  }
  // RFC 5952: compress the longest run (≥ 2) of zero groups, leftmost on ties.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}
