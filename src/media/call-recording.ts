/**
 * One call's WAV recording (`-record_wav_dir`): mono, what the call received; or, with
 * `-record_wav_duplex`, stereo with what it sent on the left and what it received on the right,
 * both on one 8 kHz timeline. G.711 (PT 0, 8) is decoded; comfort noise is silence; any other
 * payload type is not recorded (reported once per run by the owner). `<exec rtp_record="off"/>`
 * stops taking packets; "on" takes them again, the time in between cut out of the file.
 * A write error ends the recording (its temporary file removed) and is reported once; the call
 * goes on.
 */
import { GossipperError } from '../errors.ts';
import { FRAMES_PER_MS, RecordingTimeline, RecordingTrack } from './recording-timeline.ts';
import { WavFileWriter } from './wav-file-writer.ts';

export interface CallRecordingOptions {
  readonly path: string;
  readonly duplex: boolean;
  /** Whether packets are taken from the start (false: the scenario turns it on). */
  readonly isOn: boolean;
  readonly clock: { now(): number };
  /** A packet of a payload type that is not recorded (`sent`: our own stream's). */
  readonly onUnsupported: (payloadType: number, sent: boolean) => void;
  /** The recording failed and stopped (a write error); the text names the file. */
  readonly onFailure: (text: string) => void;
}

export class CallRecording {
  private readonly writer: WavFileWriter;
  private readonly timeline: RecordingTimeline;
  private readonly received: RecordingTrack;
  private readonly sentTrack: RecordingTrack | null;
  private startMs: number;
  private isOn: boolean;
  /** Failed or finished: takes nothing more (packets still in flight as the run stops). */
  private failed = false;

  constructor(private readonly o: CallRecordingOptions) {
    const channels = o.duplex ? 2 : 1;
    this.writer = new WavFileWriter(o.path, channels);
    this.timeline = new RecordingTimeline(channels, this.writer);
    this.received = new RecordingTrack(this.timeline, o.duplex ? 1 : 0, (pt) =>
      o.onUnsupported(pt, false),
    );
    this.sentTrack = o.duplex
      ? new RecordingTrack(this.timeline, 0, (pt) => o.onUnsupported(pt, true))
      : null;
    this.startMs = o.clock.now();
    this.isOn = o.isOn;
  }

  get path(): string {
    return this.o.path;
  }

  /** An RTP packet the call received. */
  onReceived(buf: Buffer): void {
    if (this.isOn && !this.failed) this.guard(() => this.received.add(buf, this.frameNow()));
  }

  /**
   * An RTP packet the call sent (kept in duplex recordings only), placed at `atMs` when given:
   * a paced stream hands its packets over before they leave (media/stream-pacing.ts).
   */
  onSent(buf: Buffer, atMs?: number): void {
    const track = this.sentTrack;
    if (track !== null && this.isOn && !this.failed)
      this.guard(() => track.add(buf, this.frameNow(atMs)));
  }

  /** `rtp_record="on|off"`. */
  setOn(on: boolean): void {
    if (on === this.isOn || this.failed) return;
    this.guard(() => {
      if (on) {
        // The file goes on where it stopped: now maps to the end of what is written.
        this.startMs = this.o.clock.now() - this.timeline.endFrame / FRAMES_PER_MS;
        this.received.reanchor();
        this.sentTrack?.reanchor();
      } else {
        this.received.drain();
        this.sentTrack?.drain();
      }
    });
    this.isOn = on;
  }

  /** The call ended: the file is completed and renamed into place; false when none was made. */
  finish(): boolean {
    if (this.failed) return false;
    let done = false;
    this.guard(() => {
      this.received.drain();
      this.sentTrack?.drain();
      this.timeline.flush();
      done = this.writer.finish();
    });
    this.failed = true;
    return done;
  }

  private frameNow(atMs = this.o.clock.now()): number {
    return Math.round((atMs - this.startMs) * FRAMES_PER_MS);
  }

  private guard(op: () => void): void {
    try {
      op();
    } catch (err) {
      this.failed = true;
      this.writer.abandon();
      const what = err instanceof GossipperError ? err.message : String(err);
      this.o.onFailure(`recording stopped: ${what}`);
    }
  }
}

/**
 * `<call number>-<Call-ID>.wav`, the Call-ID kept to letters, digits, `.`, `_` and `-` (others
 * become `_`) and to 100 characters: no separator, no leading dot, nothing a shell reads.
 */
export function recordingFileName(callNumber: number, callId: string): string {
  const safe = callId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return `${callNumber}-${safe}.wav`;
}
