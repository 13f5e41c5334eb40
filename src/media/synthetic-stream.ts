/**
 * `rtp_stream="synthetic[,loops,pt,codec,freq_ms,dur_ms,channels][,tone=Hz][,cn_level=N]"`:
 * RTP made up on the spot, no file (the reference's synthetic source), its payloads from
 * synthetic-audio.ts. One packet per `freq_ms` (default 20) for `dur_ms` (0 or absent: until the
 * call ends); `loops` is accepted and ignored, as the reference does. SSRC, first sequence
 * number and timestamp are random; the marker bit starts each talkspurt, as for file streams.
 */
import type { StreamOutput } from './capture-playback.ts';
import type { ScheduledStream } from './stream-scheduler.ts';
import type { SyntheticAudio } from './synthetic-audio.ts';

/** A stream's SSRC and sequence numbers, which send_dtmf shares (RFC 4733 §2.1). */
export interface RtpIdentity {
  readonly ssrc: number;
  /** The next sequence number, taken (the stream skips it). */
  takeSeq(): number;
  /** The RTP timestamp the stream would stamp now. */
  timestampAt(nowMs: number): number;
  readonly clockRate: number;
}

export class SyntheticStream implements ScheduledStream, RtpIdentity {
  dueMs: number;
  heapAt = -1;
  readonly paced = true;
  readonly ssrc: number;
  private seq: number;
  private timestamp: number;
  private offset = 0;
  private marker = true;
  private paused = false;
  private packetsLeft: number;
  private readonly scratch: Buffer | null;

  constructor(
    private readonly audio: SyntheticAudio,
    readonly payloadType: number,
    durationMs: number,
    periodMs: number,
    private readonly out: StreamOutput,
    startMs: number,
    random: () => number,
    reuseScratch: boolean,
  ) {
    this.dueMs = startMs;
    this.periodMs = periodMs;
    this.packetsLeft = durationMs > 0 ? Math.max(1, Math.round(durationMs / periodMs)) : -1;
    this.seq = Math.floor(random() * 65536);
    this.timestamp = Math.floor(random() * 2 ** 32);
    this.ssrc = Math.floor(random() * 2 ** 32) >>> 0;
    this.scratch = reuseScratch ? Buffer.allocUnsafe(12 + audio.frameBytes) : null;
  }

  private readonly periodMs: number;

  get clockRate(): number {
    return this.audio.clockRate;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(nowMs: number): void {
    this.paused = false;
    this.marker = true;
    this.dueMs = nowMs;
  }

  takeSeq(): number {
    const s = this.seq;
    this.seq = (s + 1) & 0xffff;
    return s;
  }

  timestampAt(nowMs: number): number {
    // The next packet carries `timestamp` at `dueMs`; the clock runs on between packets.
    const offset = ((nowMs - this.dueMs) * this.audio.clockRate) / 1000;
    return (this.timestamp + Math.round(offset)) >>> 0;
  }

  fire(nowMs: number): number {
    let due = this.dueMs;
    while (due <= nowMs) {
      if (this.paused || this.packetsLeft === 0) return -1;
      this.sendPacket(due);
      if (this.packetsLeft > 0) this.packetsLeft--;
      due += this.periodMs;
    }
    return this.packetsLeft === 0 ? -1 : due;
  }

  private sendPacket(dueMs: number): void {
    const { loop, frameBytes, samples } = this.audio;
    const b = this.scratch ?? Buffer.allocUnsafe(12 + frameBytes);
    b[0] = 0x80;
    b[1] = (this.marker ? 0x80 : 0) | this.payloadType;
    b.writeUInt16BE(this.takeSeq(), 2);
    b.writeUInt32BE(this.timestamp >>> 0, 4);
    b.writeUInt32BE(this.ssrc, 8);
    if (loop.length === frameBytes) loop.copy(b, 12);
    else {
      loop.copy(b, 12, this.offset, this.offset + frameBytes);
      this.offset = (this.offset + frameBytes) % loop.length;
    }
    this.marker = false;
    this.timestamp = (this.timestamp + samples) % 2 ** 32;
    this.out.send(0, b, dueMs);
  }
}
