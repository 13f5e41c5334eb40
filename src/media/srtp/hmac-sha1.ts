/**
 * HMAC-SHA1 (RFC 2104) with the key's inner and outer pad hashed once: each tag copies the two
 * prepared SHA-1 states (Hash.copy) instead of re-hashing the key pads per packet as
 * createHmac would.
 */
import { createHash, type Hash } from 'node:crypto';

const BLOCK = 64;

export class HmacSha1 {
  private readonly inner: Hash;
  private readonly outer: Hash;

  constructor(key: Buffer) {
    const k = Buffer.alloc(BLOCK);
    (key.length > BLOCK ? createHash('sha1').update(key).digest() : key).copy(k);
    const ipad = Buffer.alloc(BLOCK);
    const opad = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      ipad[i] = k[i] ^ 0x36;
      opad[i] = k[i] ^ 0x5c;
    }
    this.inner = createHash('sha1').update(ipad);
    this.outer = createHash('sha1').update(opad);
  }

  /** HMAC over `data` then `trailer` (the ROC or SRTCP index), 20 bytes. */
  digest(data: Buffer, trailer: Buffer): Buffer {
    const inner = this.inner.copy().update(data).update(trailer).digest();
    return this.outer.copy().update(inner).digest();
  }
}
