/**
 * The identity of a received message once its bytes are gone: 32-bit FNV-1a over every byte, as
 * a signed int32. The batched UDP addon computes the same function in C while the datagram is
 * still in cache (native/udp_batch.c), so both must stay bit-for-bit equal.
 */
export function messageHash(buf: Uint8Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < buf.length; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h | 0;
}
