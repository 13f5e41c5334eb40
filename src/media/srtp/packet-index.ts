/**
 * Per-SSRC packet index (RFC 3711 §3.3.1 and Appendix A): the 48-bit index is ROC × 2^16 + SEQ,
 * the rollover counter guessed from the highest sequence number seen so a wrap from 65535 to 0
 * (or a late packet from before one) is placed right; and a 64-packet replay window (§3.3.2)
 * kept in two 32-bit words, so no BigInt and no allocation per packet.
 */

const WINDOW = 64;

export class PacketIndex {
  private started = false;
  /** Highest index accepted (ROC × 65536 + SEQ). */
  private highest = 0;
  /** Bit k set: index `highest - k` was accepted (k < 32 in `low`, 32..63 in `high`). */
  private low = 0;
  private high = 0;

  /** The rollover counter now (of the highest index accepted). */
  get roc(): number {
    return Math.floor(this.highest / 65536);
  }

  /** Index of a packet with sequence number `seq` (Appendix A's guess); no state changes. */
  estimate(seq: number): number {
    if (!this.started) return seq;
    const roc = Math.floor(this.highest / 65536);
    const sl = this.highest % 65536;
    let v = roc;
    if (sl < 32768) {
      if (seq - sl > 32768 && roc > 0) v = roc - 1;
    } else if (sl - 32768 > seq) v = roc + 1;
    return v * 65536 + seq;
  }

  /** True when `index` was already accepted or is older than the window. */
  isReplay(index: number): boolean {
    if (!this.started) return false;
    const behind = this.highest - index;
    if (behind < 0) return false;
    if (behind >= WINDOW) return true;
    return behind < 32
      ? (this.low & (1 << behind)) !== 0
      : (this.high & (1 << (behind - 32))) !== 0;
  }

  /** Records an authenticated packet. */
  accept(index: number): void {
    if (!this.started) {
      this.started = true;
      this.highest = index;
      this.low = 1;
      this.high = 0;
      return;
    }
    const ahead = index - this.highest;
    if (ahead > 0) {
      if (ahead >= WINDOW) {
        this.low = 0;
        this.high = 0;
      } else if (ahead >= 32) {
        this.high = this.low << (ahead - 32);
        this.low = 0;
      } else {
        this.high = (this.high << ahead) | (this.low >>> (32 - ahead));
        this.low = this.low << ahead;
      }
      this.low |= 1;
      this.highest = index;
      return;
    }
    const behind = -ahead;
    if (behind < 32) this.low |= 1 << behind;
    else if (behind < WINDOW) this.high |= 1 << (behind - 32);
  }
}
