/**
 * What a loopback receiver measures of many RTP streams at once: per stream (source port and
 * SSRC), the spacing of consecutive packets against the packet time they should keep (send-time
 * jitter, as the arrival times are kernel receive times on loopback), packets lost by sequence
 * numbers, and packets that came out of order. Deviations go into 10 µs buckets, so a p99 over
 * millions of packets costs a fixed array.
 */

const BUCKET_US = 10;
const BUCKETS = 20_000;

interface StreamState {
  lastSeq: number;
  lastArrivalMs: number;
  lastSeenMs: number;
}

export interface JitterFigures {
  /** Streams that sent at least two packets in the window. */
  streams: number;
  packets: number;
  lost: number;
  reordered: number;
  /** Spacing deviation from the packet time, over all consecutive pairs. */
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export class JitterTally {
  private readonly streams = new Map<string, StreamState>();
  private readonly histogram = new Uint32Array(BUCKETS + 1);
  private measured = new Set<string>();
  private packets = 0;
  private lost = 0;
  private reordered = 0;
  private samples = 0;
  private maxUs = 0;

  constructor(private readonly packetMs: number) {}

  /** One RTP packet from `key` (source port/SSRC) received by the kernel at `arrivalMs`. */
  onPacket(key: string, seq: number, arrivalMs: number): void {
    const s = this.streams.get(key);
    if (s === undefined) {
      this.streams.set(key, { lastSeq: seq, lastArrivalMs: arrivalMs, lastSeenMs: arrivalMs });
      return;
    }
    s.lastSeenMs = arrivalMs;
    const step = (seq - s.lastSeq + 65536) % 65536;
    if (step === 0 || step > 32768) {
      this.reordered++;
      return;
    }
    this.packets++;
    this.lost += step - 1;
    this.measured.add(key);
    const deviationUs = Math.abs(arrivalMs - s.lastArrivalMs - step * this.packetMs) * 1000;
    this.histogram[Math.min(BUCKETS, Math.floor(deviationUs / BUCKET_US))]++;
    this.samples++;
    if (deviationUs > this.maxUs) this.maxUs = deviationUs;
    s.lastSeq = seq;
    s.lastArrivalMs = arrivalMs;
  }

  /** Streams heard from within `withinMs` of `nowMs`. */
  activeStreams(nowMs: number, withinMs: number): number {
    let n = 0;
    for (const s of this.streams.values()) if (nowMs - s.lastSeenMs <= withinMs) n++;
    return n;
  }

  /** Starts a measuring window: figures count from here (streams keep their last packet). */
  reset(): void {
    this.histogram.fill(0);
    this.measured = new Set();
    this.packets = 0;
    this.lost = 0;
    this.reordered = 0;
    this.samples = 0;
    this.maxUs = 0;
  }

  /** Forgets every stream (between steps). */
  clear(): void {
    this.streams.clear();
    this.reset();
  }

  figures(): JitterFigures {
    return {
      streams: this.measured.size,
      packets: this.packets,
      lost: this.lost,
      reordered: this.reordered,
      p50Us: this.percentile(0.5),
      p99Us: this.percentile(0.99),
      maxUs: this.maxUs,
    };
  }

  private percentile(q: number): number {
    if (this.samples === 0) return NaN;
    const rank = Math.ceil(q * this.samples);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.histogram[i];
      if (seen >= rank) return (i + 1) * BUCKET_US;
    }
    return NaN;
  }
}
