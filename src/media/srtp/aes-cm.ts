/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is
 * AES_k(IV + j), the counter in the IV's low 16 bits. node:crypto's AES-128-CTR would want a
 * new cipher object per packet (its IV is fixed at creation); instead one ECB cipher per
 * session key stays open and encrypts the packet's counter blocks, and the keystream is XORed
 * in place by hand. One update() per packet, no cipher object per packet.
 */
import { createCipheriv, type Cipher } from 'node:crypto';

const BLOCK = 16;

export class AesCounterMode {
  private readonly ecb: Cipher;
  /** Counter blocks of one packet, grown to the largest packet seen. */
  private counters = Buffer.alloc(BLOCK * 96);

  constructor(key: Buffer) {
    if (key.length !== 16) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
    this.ecb = createCipheriv('aes-128-ecb', key, null);
    // ECB without padding never holds a partial block back, so update() alone suffices.
    this.ecb.setAutoPadding(false);
  }

  /** The keystream for `bytes` bytes from the 16-byte `iv` (block counter in its last 2 bytes). */
  keystream(iv: Buffer, bytes: number): Buffer {
    const blocks = Math.ceil(bytes / BLOCK);
    if (this.counters.length < blocks * BLOCK) this.counters = Buffer.alloc(blocks * BLOCK * 2);
    const c = this.counters;
    const low = iv.readUInt16BE(14);
    for (let j = 0; j < blocks; j++) {
      const at = j * BLOCK;
      iv.copy(c, at, 0, 14);
      // RFC 3711 §4.1.1: only the low 16 bits count (2^16 blocks is more than a packet).
      c.writeUInt16BE((low + j) & 0xffff, at + 14);
    }
    return this.ecb.update(c.subarray(0, blocks * BLOCK));
  }

  /** XORs the keystream from `iv` over `src[start..end)` into `dst` at `dstStart`. */
  apply(iv: Buffer, src: Buffer, start: number, end: number, dst: Buffer, dstStart: number): void {
    const n = end - start;
    if (n <= 0) return;
    const ks = this.keystream(iv, n);
    for (let i = 0; i < n; i++) dst[dstStart + i] = src[start + i] ^ ks[i];
  }
}
