/**
 * The stream `-rtp_send` sends: one silence frame per packet time until the duration is over,
 * paced by the media StreamScheduler like a call's stream. SSRC, first sequence number and first
 * timestamp are random (RFC 3550 §5.1); the marker bit is on the first packet. Every
 * `SR_INTERVAL_MS` a sender report goes to the RTCP port, if there is one.
 */
import type { ScheduledStream } from '../media/index.ts';
import { senderReport } from './sender-report.ts';
import type { SilenceCodec } from './silence-frames.ts';

/** Reference §B16.8: a sender report every 500 ms while streaming. */
export const SR_INTERVAL_MS = 500;

export interface RtpSenderOptions {
  readonly codec: SilenceCodec;
  readonly payloadType: number;
  readonly frameMs: number;
  readonly channels: number;
  readonly startMs: number;
  readonly durationMs: number;
  readonly random: () => number;
  /** Wall-clock ms at `atMs` of the stream's clock (a report carries its due time's). */
  readonly wallMs: (atMs: number) => number;
  /** Sends one packet due at `dueMs` (the stream's clock). */
  readonly sendRtp: (packet: Buffer, dueMs: number) => void;
  /** Undefined: no RTCP. */
  readonly sendRtcp?: (packet: Buffer, dueMs: number) => void;
  /** Encoded audio looped frame by frame (a whole number of frames); undefined: silence. */
  readonly audio?: Buffer;
}

export class RtpSender implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  /** Its packets carry due times: with a pacer it fires ahead (media/stream-scheduler.ts). */
  readonly paced = true;
  packets = 0;
  /** Payload octets, as an RTCP sender report counts them (headers left out). */
  octets = 0;
  reports = 0;
  private readonly ssrc: number;
  private seq: number;
  private readonly firstTs: number;
  private readonly step: number;
  /** Packets in the duration: one per packet time that starts before it ends. */
  private readonly total: number;
  private nextReportMs: number;
  private readonly frame: Buffer;

  constructor(private readonly o: RtpSenderOptions) {
    this.dueMs = o.startMs;
    this.total = Math.ceil(o.durationMs / o.frameMs);
    this.nextReportMs = o.startMs + SR_INTERVAL_MS;
    this.ssrc = Math.floor(o.random() * 2 ** 32);
    this.seq = Math.floor(o.random() * 65536);
    this.firstTs = Math.floor(o.random() * 2 ** 32);
    this.step = (o.codec.clockRate * o.frameMs) / 1000;
    this.frame = o.codec.frame(o.frameMs, o.channels);
    if (o.audio !== undefined && o.audio.length % this.frame.length !== 0)
      throw new RangeError('looped audio must hold a whole number of frames');
  }

  /** The due time of the last packet sent (ms, the stream's clock); 0 before the first. */
  get lastDueMs(): number {
    return this.packets === 0 ? 0 : this.o.startMs + (this.packets - 1) * this.o.frameMs;
  }

  fire(nowMs: number): number {
    // Each due time from the packet's index, not by adding frameMs again and again: the float
    // sum of 50 × 20 ms from a fractional start can fall just short of the end and send a 51st.
    const { startMs, frameMs } = this.o;
    let due = startMs + this.packets * frameMs;
    while (due <= nowMs && this.packets < this.total) {
      this.sendPacket(due);
      if (due >= this.nextReportMs) {
        this.report(due);
        this.nextReportMs += SR_INTERVAL_MS;
      }
      due = startMs + this.packets * frameMs;
    }
    return this.packets < this.total ? due : -1;
  }

  private sendPacket(dueMs: number): void {
    const b = Buffer.allocUnsafe(12 + this.frame.length);
    b[0] = 0x80;
    b[1] = (this.packets === 0 ? 0x80 : 0) | this.o.payloadType;
    b.writeUInt16BE(this.seq, 2);
    b.writeUInt32BE((this.firstTs + this.packets * this.step) % 2 ** 32, 4);
    b.writeUInt32BE(this.ssrc, 8);
    const audio = this.o.audio;
    if (audio === undefined) this.frame.copy(b, 12);
    else {
      const at = (this.packets * this.frame.length) % audio.length;
      audio.copy(b, 12, at, at + this.frame.length);
    }
    this.o.sendRtp(b, dueMs);
    this.seq = (this.seq + 1) & 0xffff;
    this.packets++;
    this.octets += this.frame.length;
  }

  private report(dueMs: number): void {
    const send = this.o.sendRtcp;
    if (send === undefined) return;
    const elapsedUnits = ((dueMs - this.o.startMs) * this.o.codec.clockRate) / 1000;
    send(
      senderReport({
        ssrc: this.ssrc,
        wallMs: this.o.wallMs(dueMs),
        rtpTimestamp: (this.firstTs + Math.round(elapsedUnits)) % 2 ** 32,
        packets: this.packets,
        octets: this.octets,
      }),
      dueMs,
    );
    this.reports++;
  }
}
