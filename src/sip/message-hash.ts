/**
 * The identity of a received message once its bytes are gone: a 32-bit multiplicative hash over
 * 4-byte little-endian words (then the tail bytes), seeded with the length, as a signed int32.
 * The batched UDP addon computes the same function in C while the datagram is still in cache
 * (native/udp_batch.c), so both must stay bit-for-bit equal. Word steps keep it cheap (a
 * byte-wise FNV-1a cost about 0.7 µs per INVITE); any single changed byte changes the result.
 */
const MULTIPLIER = 0x9e3779b1 | 0;

export function messageHash(buf: Uint8Array): number {
  const n = buf.length;
  let h = (0x811c9dc5 ^ n) | 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const w = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    h = Math.imul(h ^ w, MULTIPLIER);
    h = (h << 13) | (h >>> 19);
  }
  for (; i < n; i++) {
    h = Math.imul(h ^ buf[i], MULTIPLIER);
    h = (h << 13) | (h >>> 19);
  }
  return h | 0;
}
