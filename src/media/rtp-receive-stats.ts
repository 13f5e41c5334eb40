/**
 * What one call received of one RTP stream, by RFC 3550: extended highest sequence number and
 * expected/lost packets (Appendix A.1, A.3), interarrival jitter (§6.4.1, A.8: in timestamp
 * units, smoothed by 1/16), and, beyond the RFC's counters, packets that arrived after a later
 * one (reordered) and duplicates. A new SSRC starts the count again (a replayed capture or a
 * new stream), keeping what the previous one lost.
 */

const RTP_SEQ_MOD = 65536;
/** RFC 3550 A.1: a jump of more than this is a restart, not loss. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/** One SSRC's counts, for RTCP report blocks. */
export interface StreamFigures {
  readonly ssrc: number;
  readonly extendedHighestSeq: number;
  readonly expected: number;
  readonly received: number;
  /** RFC 3550 interarrival jitter, in timestamp units. */
  readonly jitterUnits: number;
}

export class RtpReceiveStats {
  received = 0;
  reordered = 0;
  duplicates = 0;
  /** Lost in streams (SSRCs) already ended. */
  private lostBefore = 0;
  private expectedBefore = 0;
  private ssrc = -1;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private streamReceived = 0;
  /** Jitter in timestamp units (RFC 3550 A.8), not yet scaled. */
  private jitterUnits = 0;
  private lastTransit = 0;
  private lastTs = -1;
  private hasTransit = false;
  private clockRate = 8000;
  /** Sequence numbers seen near the top, to tell a duplicate from a late packet. */
  private readonly recent = new Uint8Array(RTP_SEQ_MOD >> 3);

  /** One RTP packet (`buf` at least 12 bytes, version 2), arrived at `arrivalMs`. */
  onPacket(buf: Buffer, arrivalMs: number): void {
    if (buf.length < 12 || buf[0] >> 6 !== 2) return;
    const seq = buf.readUInt16BE(2);
    const ts = buf.readUInt32BE(4);
    const ssrc = buf.readUInt32BE(8);
    if (ssrc !== this.ssrc) this.startStream(ssrc, seq, buf[1] & 0x7f);
    this.received++;
    const udelta = (seq - this.maxSeq + RTP_SEQ_MOD) % RTP_SEQ_MOD;
    if (this.streamReceived > 0 && udelta === 0) {
      this.duplicates++;
      this.received--;
      return;
    }
    if (this.streamReceived === 0 || (udelta > 0 && udelta < MAX_DROPOUT)) {
      if (this.streamReceived > 0 && seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A jump too large: the sender restarted; count from here (RFC 3550 A.1, simplified).
      this.endStream();
      this.startStream(ssrc, seq, buf[1] & 0x7f);
      this.received++;
    } else if (this.isSeen(seq)) {
      this.duplicates++;
      this.received--;
      return;
    } else this.reordered++;
    this.markSeen(seq);
    this.streamReceived++;
    // RFC 3550 A.8: transit = arrival (in timestamp units) - timestamp. Packets that repeat the
    // previous timestamp (RFC 4733 events, a video frame's fragments) were not sampled apart:
    // they say nothing of the network's jitter.
    if (this.hasTransit && ts === this.lastTs) return;
    this.lastTs = ts;
    const transit = (arrivalMs * this.clockRate) / 1000 - ts;
    if (this.hasTransit) {
      let d = transit - this.lastTransit;
      if (d < 0) d = -d;
      // Timestamps wrap at 2^32: a wrap shows as a huge step; leave it out of the estimate.
      if (d < 2 ** 31) this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    this.lastTransit = transit;
    this.hasTransit = true;
  }

  /** Packets the sequence numbers say were sent (over every SSRC seen). */
  get expected(): number {
    return this.expectedBefore + this.streamExpected();
  }

  /** Expected minus received, never below 0 (duplicates do not hide loss: they are apart). */
  get lost(): number {
    const current = Math.max(0, this.streamExpected() - this.streamReceived);
    return this.lostBefore + current;
  }

  /** RFC 3550 interarrival jitter, in ms. */
  get jitterMs(): number {
    return (this.jitterUnits * 1000) / this.clockRate;
  }

  /**
   * The current stream (SSRC) as an RTCP report block sees it (RFC 3550 A.3); null before any
   * packet.
   */
  get currentStream(): StreamFigures | null {
    if (this.ssrc === -1 || this.streamReceived === 0) return null;
    return {
      ssrc: this.ssrc,
      extendedHighestSeq: (this.cycles + this.maxSeq) >>> 0,
      expected: this.streamExpected(),
      received: this.streamReceived,
      jitterUnits: Math.floor(this.jitterUnits),
    };
  }

  private streamExpected(): number {
    return this.streamReceived === 0 ? 0 : this.cycles + this.maxSeq - this.baseSeq + 1;
  }

  private startStream(ssrc: number, seq: number, payloadType: number): void {
    if (this.ssrc !== -1) this.endStream();
    this.ssrc = ssrc;
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.cycles = 0;
    this.streamReceived = 0;
    this.hasTransit = false;
    // RFC 3551 §6: the audio codecs here run an 8000 Hz clock; video ones 90000 Hz.
    this.clockRate =
      payloadType === 26 || payloadType === 31 || payloadType === 32 || payloadType === 34
        ? 90000
        : 8000;
    this.recent.fill(0);
  }

  private endStream(): void {
    this.expectedBefore += this.streamExpected();
    this.lostBefore += Math.max(0, this.streamExpected() - this.streamReceived);
    this.streamReceived = 0;
  }

  private isSeen(seq: number): boolean {
    return (this.recent[seq >> 3] & (1 << (seq & 7))) !== 0;
  }

  private markSeen(seq: number): void {
    this.recent[seq >> 3] |= 1 << (seq & 7);
  }
}
