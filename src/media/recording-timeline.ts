/**
 * The common 8 kHz timeline of one call's recording: every direction (track) places its decoded
 * samples at a frame number, gaps stay silent, and only a 1 s window is in memory (16 KiB mono,
 * 32 KiB stereo): when a packet lands past it, its older half goes to disk. A track places a
 * packet by its RTP timestamp from an anchor taken at the arrival time of the first packet of a
 * talkspurt, so network jitter does not move audio around; a small buffer per track puts
 * reordered packets back in sequence order before they are placed.
 */
import { alawToLinear, ulawToLinear } from './g711.ts';

export const SAMPLE_RATE = 8000;
export const FRAMES_PER_MS = SAMPLE_RATE / 1000;
/** Packets a track holds back to restore sequence order: 4 × 20 ms of reordering is mended. */
export const REORDER_DEPTH = 4;
/**
 * Far more than a packet can land behind the newest one (the reorder buffer's 80 ms, a new
 * anchor's 300 ms), so nothing placed in time is cut off by a flush.
 */
const WINDOW_FRAMES = SAMPLE_RATE;
const CHUNK_FRAMES = SAMPLE_RATE / 2;
/**
 * A packet whose timestamp places it this far from its arrival starts a new anchor: more than
 * any jitter a recording should mend, so it is a sender's restart or a pause (RFC 3550 lets
 * timestamps run on through silence, or not).
 */
const REANCHOR_FRAMES = 300 * FRAMES_PER_MS;
/** RFC 3389 comfort noise: recorded as silence, without a warning. */
const PT_CN = 13;

const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => ulawToLinear(code));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => alawToLinear(code));

/** Where finished stretches of the timeline go (interleaved 16-bit samples). */
export interface TimelineOutput {
  write(samples: Int16Array): void;
}

export class RecordingTimeline {
  private window: Int16Array | null = null;
  /** The frame at window[0]: everything before it is on disk. */
  private baseFrame = 0;
  /** One past the last frame any track wrote. */
  endFrame = 0;

  constructor(
    readonly channels: number,
    private readonly out: TimelineOutput,
  ) {}

  /** Decoded `payload` on `channel` from `frame`; a part already on disk is dropped. */
  put(channel: number, frame: number, table: Int16Array, payload: Buffer): void {
    const end = frame + payload.length;
    const w = (this.window ??= new Int16Array(WINDOW_FRAMES * this.channels));
    while (end > this.baseFrame + WINDOW_FRAMES) this.shift(w);
    const ch = this.channels;
    for (let i = Math.max(0, this.baseFrame - frame); i < payload.length; i++)
      w[(frame + i - this.baseFrame) * ch + channel] = table[payload[i]];
    if (end > this.endFrame) this.endFrame = end;
  }

  /** Writes what is left, up to the last frame written. */
  flush(): void {
    const w = this.window;
    if (w === null) return;
    const frames = Math.max(0, this.endFrame - this.baseFrame);
    if (frames > 0) this.out.write(w.subarray(0, frames * this.channels));
    this.baseFrame += frames;
    w.fill(0);
  }

  private shift(w: Int16Array): void {
    const chunk = CHUNK_FRAMES * this.channels;
    this.out.write(w.subarray(0, chunk));
    w.copyWithin(0, chunk);
    w.fill(0, w.length - chunk);
    this.baseFrame += CHUNK_FRAMES;
  }
}

interface PendingPacket {
  /** Extended sequence number (cycles counted). */
  readonly seq: number;
  readonly ts: number;
  readonly arrivalFrame: number;
  readonly marker: boolean;
  readonly payloadType: number;
  readonly payload: Buffer;
}

/** One direction of a call (what we received, or what we sent) on one channel. */
export class RecordingTrack {
  private readonly pending: PendingPacket[] = [];
  private ssrc = -1;
  private highSeq = -1;
  private lastPlaced = -1;
  private anchored = false;
  private anchorFrame = 0;
  private anchorTs = 0;
  private endFrame = 0;

  constructor(
    private readonly timeline: RecordingTimeline,
    private readonly channel: number,
    /** A packet of a payload type that is not recorded (called per packet; dedupe upstream). */
    private readonly onUnsupported: (payloadType: number) => void,
  ) {}

  /** One RTP packet (copied: the caller's buffer may be reused), arrived at `arrivalFrame`. */
  add(buf: Buffer, arrivalFrame: number): void {
    const payload = rtpPayload(buf);
    if (payload === null) return;
    const ssrc = buf.readUInt32BE(8);
    if (ssrc !== this.ssrc) {
      this.drain();
      this.ssrc = ssrc;
      this.highSeq = -1;
      this.lastPlaced = -1;
      this.anchored = false;
    }
    const seq = this.extend(buf.readUInt16BE(2));
    // Its place is already written: later than the buffer can mend.
    if (seq <= this.lastPlaced) return;
    const pending = this.pending;
    let i = pending.length;
    while (i > 0 && pending[i - 1].seq > seq) i--;
    if (i > 0 && pending[i - 1].seq === seq) return;
    pending.splice(i, 0, {
      seq,
      ts: buf.readUInt32BE(4),
      arrivalFrame,
      marker: (buf[1] & 0x80) !== 0,
      payloadType: buf[1] & 0x7f,
      payload: Buffer.from(payload),
    });
    if (seq > this.highSeq) this.highSeq = seq;
    while (pending.length > REORDER_DEPTH) this.place(pending.shift()!);
  }

  /** Places every packet held back (the call ends, the recording pauses, the SSRC changes). */
  drain(): void {
    for (const p of this.pending) this.place(p);
    this.pending.length = 0;
  }

  /** The next packet takes a fresh anchor (recording resumed: the off time is cut out). */
  reanchor(): void {
    this.drain();
    this.anchored = false;
    this.endFrame = 0;
  }

  private place(p: PendingPacket): void {
    this.lastPlaced = p.seq;
    if (p.payloadType === PT_CN) return;
    const table = p.payloadType === 0 ? ULAW_TABLE : p.payloadType === 8 ? ALAW_TABLE : null;
    if (table === null) {
      this.onUnsupported(p.payloadType);
      return;
    }
    let frame = 0;
    if (this.anchored) {
      // RTP timestamps wrap at 2^32: the signed 32-bit difference is the step.
      frame = this.anchorFrame + ((p.ts - this.anchorTs) | 0);
      if (p.marker || Math.abs(frame - p.arrivalFrame) > REANCHOR_FRAMES) this.anchored = false;
    }
    if (!this.anchored) {
      // A new talkspurt starts where it arrived, never over what the track already wrote.
      frame = Math.max(p.arrivalFrame, this.endFrame);
      this.anchorFrame = frame;
      this.anchorTs = p.ts;
      this.anchored = true;
    }
    this.timeline.put(this.channel, frame, table, p.payload);
    this.endFrame = Math.max(this.endFrame, frame + p.payload.length);
  }

  /** The sequence number counted in cycles, nearest the highest seen (RFC 3550 A.1's idea). */
  private extend(seq16: number): number {
    // Starts a few cycles up, so a packet from before the first stays positive.
    if (this.highSeq < 0) return 4 * 65536 + seq16;
    let seq = this.highSeq - (this.highSeq % 65536) + seq16;
    if (seq - this.highSeq > 32768) seq -= 65536;
    else if (this.highSeq - seq > 32768) seq += 65536;
    return seq;
  }
}

/** The payload of an RTP packet (CSRCs, header extension and padding skipped); null if none. */
function rtpPayload(buf: Buffer): Buffer | null {
  if (buf.length < 12 || buf[0] >> 6 !== 2) return null;
  let start = 12 + 4 * (buf[0] & 0x0f);
  if ((buf[0] & 0x10) !== 0) {
    if (buf.length < start + 4) return null;
    start += 4 + 4 * buf.readUInt16BE(start + 2);
  }
  let end = buf.length;
  if ((buf[0] & 0x20) !== 0) end -= buf[end - 1];
  return end > start ? buf.subarray(start, end) : null;
}
