/**
 * `rtp_stream="file,loops,pt"`: an audio file cut into RTP packets of one codec frame each,
 * sent every frame period; `loops` plays it that many times (-1: until the call ends). SSRC,
 * first sequence number and first timestamp are random (RFC 3550 §5.1), the marker bit is set
 * on the first packet and on the first after a resume (a talkspurt starts there).
 */
import { GossipperError } from '../errors.ts';
import type { StreamOutput } from './capture-playback.ts';
import type { ScheduledStream } from './stream-scheduler.ts';

export interface CodecFrame {
  readonly bytes: number;
  readonly periodMs: number;
  /** RTP timestamp units per frame. */
  readonly samples: number;
}

/** SIPp's rtp_stream codecs (pt: 0 PCMU, 8 PCMA, 9 G722, 18 G729, 98 iLBC 30 ms). */
const CODECS: Readonly<Record<number, CodecFrame>> = {
  0: { bytes: 160, periodMs: 20, samples: 160 },
  8: { bytes: 160, periodMs: 20, samples: 160 },
  // RFC 3551 §4.5.2: G.722's RTP clock is 8000 Hz though it samples at 16 kHz.
  9: { bytes: 160, periodMs: 20, samples: 160 },
  18: { bytes: 20, periodMs: 20, samples: 160 },
  98: { bytes: 50, periodMs: 30, samples: 240 },
};

export function codecFrame(payloadType: number): CodecFrame | undefined {
  return CODECS[payloadType];
}

export interface StreamArgs {
  readonly file: string;
  readonly loops: number;
  readonly payloadType: number;
}

/** Parses `file[,loops[,pt]]`; pause/resume are handled before this. */
export function parseStreamArgs(text: string, defaultPt: number): StreamArgs {
  const [file, loopsText, ptText] = text.split(',').map((s) => s.trim());
  const loops = loopsText === undefined || loopsText === '' ? 1 : Number(loopsText);
  const payloadType = ptText === undefined || ptText === '' ? defaultPt : Number(ptText);
  if (file === '' || !Number.isInteger(loops) || loops === 0 || loops < -1)
    throw new GossipperError(
      'MEDIA_INVALID',
      `rtp_stream="${text}": expected file[,loops(-1 = forever)[,payload type]]`,
    );
  if (!Number.isInteger(payloadType) || codecFrame(payloadType) === undefined) {
    throw new GossipperError(
      'MEDIA_INVALID',
      `rtp_stream="${text}": payload type ${ptText ?? defaultPt} is not one rtp_stream knows (0 PCMU, 8 PCMA, 9 G722, 18 G729, 98 iLBC)`,
    );
  }
  return { file, loops, payloadType };
}

export class FileStream implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  readonly paced = true;
  private offset = 0;
  private loopsLeft: number;
  private seq: number;
  private timestamp: number;
  private marker = true;
  private paused = false;
  private readonly frame: CodecFrame;
  /** One packet's bytes, reused when the socket copies on send (the batched path does). */
  private readonly scratch: Buffer | null;

  /** The payload type it sends (-send_media_report names the codec). */
  get payloadType(): number {
    return this.args.payloadType;
  }

  constructor(
    private readonly audio: Buffer,
    private readonly args: StreamArgs,
    private readonly out: StreamOutput,
    startMs: number,
    random: () => number,
    reuseScratch: boolean,
  ) {
    this.frame = codecFrame(args.payloadType)!;
    this.dueMs = startMs;
    this.loopsLeft = args.loops;
    this.seq = Math.floor(random() * 65536);
    this.timestamp = Math.floor(random() * 2 ** 32);
    this.ssrc = Math.floor(random() * 2 ** 32);
    this.scratch = reuseScratch ? Buffer.allocUnsafe(12 + this.frame.bytes) : null;
  }

  readonly ssrc: number;

  get isPaused(): boolean {
    return this.paused;
  }

  /** send_dtmf shares the stream's SSRC and sequence numbers (RFC 4733 §2.1). */
  readonly clockRate = 8000;

  takeSeq(): number {
    const s = this.seq;
    this.seq = (s + 1) & 0xffff;
    return s;
  }

  timestampAt(nowMs: number): number {
    const offset = ((nowMs - this.dueMs) * this.clockRate) / 1000;
    return (this.timestamp + Math.round(offset)) >>> 0;
  }

  pause(): void {
    this.paused = true;
  }

  /** Resumes at `nowMs` (the scheduler re-adds the stream). */
  resume(nowMs: number): void {
    this.paused = false;
    this.marker = true;
    this.dueMs = nowMs;
  }

  fire(nowMs: number): number {
    const period = this.frame.periodMs;
    let due = this.dueMs;
    while (due <= nowMs) {
      if (this.paused) return -1;
      if (this.offset >= this.audio.length) {
        if (this.loopsLeft !== -1 && --this.loopsLeft <= 0) return -1;
        this.offset = 0;
      }
      this.sendFrame(due);
      due += period;
    }
    return due;
  }

  private sendFrame(dueMs: number): void {
    const size = this.frame.bytes;
    const b = this.scratch ?? Buffer.allocUnsafe(12 + size);
    b[0] = 0x80;
    b[1] = (this.marker ? 0x80 : 0) | this.args.payloadType;
    b.writeUInt16BE(this.seq, 2);
    b.writeUInt32BE(this.timestamp >>> 0, 4);
    b.writeUInt32BE(this.ssrc >>> 0, 8);
    const end = Math.min(this.offset + size, this.audio.length);
    this.audio.copy(b, 12, this.offset, end);
    // The last frame of the file is padded with the codec's silence (G.711: 0xff μ, 0xd5 A).
    if (end - this.offset < size)
      b.fill(this.args.payloadType === 8 ? 0xd5 : 0xff, 12 + end - this.offset);
    this.offset = end;
    this.marker = false;
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp = (this.timestamp + this.frame.samples) % 2 ** 32;
    this.out.send(0, b, dueMs);
  }
}
