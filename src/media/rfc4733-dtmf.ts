/**
 * `send_dtmf="digits[,tone ms[,gap ms]]"`: DTMF as RFC 4733 telephone-events (§2.3), unlike
 * play_dtmf's copy of SIPp's packets. Per digit (0-9 * # A-D, others refused): an event packet
 * every 20 ms for the tone (default 100 ms), the first with the marker bit, all with the event's
 * start timestamp and a duration growing to the tone's length, volume 10 (−10 dBm0); then the
 * end packet three times, 20 ms apart, with the E bit and the final duration (§2.5.1.4); then a
 * gap (default 100 ms) before the next digit. The payload type is the one the peer's SDP maps to
 * telephone-event, else 101. When the call already streams audio (rtp_stream), the events take
 * that stream's SSRC and sequence numbers (§2.1: one RTP stream); else the call keeps its own.
 */
import { GossipperError } from '../errors.ts';
import type { StreamOutput } from './capture-playback.ts';
import type { ScheduledStream } from './stream-scheduler.ts';
import type { RtpIdentity } from './synthetic-stream.ts';

export const DEFAULT_TELEPHONE_EVENT_PT = 101;
export const DTMF_EVENTS = '0123456789*#ABCD';
const PACKET_MS = 20;
const END_REPEATS = 3;
const VOLUME = 10;
const DEFAULT_TONE_MS = 100;
const DEFAULT_GAP_MS = 100;
const MAX_DIGITS_KEPT = 1024;

export interface DtmfArgs {
  readonly digits: string;
  readonly toneMs: number;
  readonly gapMs: number;
}

export function parseSendDtmf(text: string): DtmfArgs {
  const [digitText = '', toneText = '', gapText = ''] = text.split(',').map((s) => s.trim());
  const bad = (why: string): never => {
    throw new GossipperError(
      'MEDIA_INVALID',
      `send_dtmf="${text}": ${why} (expected digits 0-9 * # A-D[,tone ms 20..5000[,gap ms]])`,
    );
  };
  const digits = digitText.toUpperCase();
  if (digits === '') bad('no digit');
  for (const d of digits) if (!DTMF_EVENTS.includes(d)) bad(`"${d}" is not a DTMF digit`);
  const toneMs = toneText === '' ? DEFAULT_TONE_MS : Number(toneText);
  if (!Number.isInteger(toneMs) || toneMs < 20 || toneMs > 5000) bad(`tone ${toneText}`);
  const gapMs = gapText === '' ? DEFAULT_GAP_MS : Number(gapText);
  if (!Number.isInteger(gapMs) || gapMs < 0 || gapMs > 10_000) bad(`gap ${gapText}`);
  return { digits, toneMs, gapMs };
}

/** The telephone-event payload type an SDP maps (`a=rtpmap:N telephone-event/8000`), or -1. */
export function telephoneEventPayloadType(sdp: string): number {
  const m = /a=rtpmap:(\d+)\s+telephone-event\//i.exec(sdp);
  return m === null ? -1 : Number(m[1]);
}

/** One packet of the plan: when (ms after the start), which digit, how long so far. */
interface PlannedPacket {
  readonly atMs: number;
  readonly digit: number;
  readonly elapsedMs: number;
  readonly isFirst: boolean;
  readonly isEnd: boolean;
}

function plan(args: DtmfArgs): PlannedPacket[] {
  const out: PlannedPacket[] = [];
  let start = 0;
  for (let d = 0; d < args.digits.length; d++) {
    const updates = Math.ceil(args.toneMs / PACKET_MS);
    for (let i = 0; i < updates; i++) {
      const elapsedMs = Math.min((i + 1) * PACKET_MS, args.toneMs);
      out.push({
        atMs: start + i * PACKET_MS,
        digit: d,
        elapsedMs,
        isFirst: i === 0,
        isEnd: false,
      });
    }
    for (let r = 0; r < END_REPEATS; r++) {
      const atMs = start + (updates + r) * PACKET_MS;
      out.push({ atMs, digit: d, elapsedMs: args.toneMs, isFirst: false, isEnd: true });
    }
    start += (updates + END_REPEATS - 1) * PACKET_MS + args.gapMs;
  }
  return out;
}

export class DtmfSender implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  readonly paced = true;
  private readonly packets: PlannedPacket[];
  private next = 0;
  private eventTimestamp = 0;

  constructor(
    private readonly args: DtmfArgs,
    private readonly payloadType: number,
    private readonly identity: RtpIdentity,
    private readonly out: StreamOutput,
    private readonly startMs: number,
  ) {
    this.packets = plan(args);
    this.dueMs = startMs;
  }

  fire(nowMs: number): number {
    const packets = this.packets;
    while (this.next < packets.length && this.startMs + packets[this.next].atMs <= nowMs) {
      const p = packets[this.next++];
      this.send(p, this.startMs + p.atMs);
    }
    return this.next < packets.length ? this.startMs + packets[this.next].atMs : -1;
  }

  private send(p: PlannedPacket, dueMs: number): void {
    const id = this.identity;
    // §2.5.1.1: every packet of an event carries the timestamp of its start.
    if (p.isFirst) this.eventTimestamp = id.timestampAt(dueMs);
    const duration = Math.min(0xffff, Math.round((p.elapsedMs * id.clockRate) / 1000));
    const b = Buffer.allocUnsafe(16);
    b[0] = 0x80;
    b[1] = (p.isFirst ? 0x80 : 0) | this.payloadType;
    b.writeUInt16BE(id.takeSeq(), 2);
    b.writeUInt32BE(this.eventTimestamp >>> 0, 4);
    b.writeUInt32BE(id.ssrc >>> 0, 8);
    b[12] = DTMF_EVENTS.indexOf(this.args.digits[p.digit]);
    b[13] = (p.isEnd ? 0x80 : 0) | VOLUME;
    b.writeUInt16BE(duration, 14);
    this.out.send(0, b, dueMs);
  }
}

/** An RTP identity of the call's own, for events sent while no audio stream runs. */
export class OwnRtpIdentity implements RtpIdentity {
  readonly ssrc: number;
  readonly clockRate = 8000;
  private seq: number;
  private readonly timestampBase: number;

  constructor(
    random: () => number,
    private readonly startMs: number,
  ) {
    this.ssrc = Math.floor(random() * 2 ** 32) >>> 0;
    this.seq = Math.floor(random() * 65536);
    this.timestampBase = Math.floor(random() * 2 ** 32);
  }

  takeSeq(): number {
    const s = this.seq;
    this.seq = (s + 1) & 0xffff;
    return s;
  }

  timestampAt(nowMs: number): number {
    return (
      (this.timestampBase + Math.round(((nowMs - this.startMs) * this.clockRate) / 1000)) >>> 0
    );
  }
}

/** One telephone-event a call received (RFC 4733 §2.3 fields). */
export interface DtmfEvent {
  readonly event: number;
  readonly volume: number;
  /** In RTP timestamp units (8 kHz for telephone-event/8000). */
  durationUnits: number;
  /** An end packet (E bit, RFC 4733 §2.3) of it arrived. */
  ended: boolean;
}

/**
 * Counts telephone-events a call receives, one per event (a new timestamp or SSRC starts one),
 * whatever packet of it arrives first, so a lost first packet still counts the digit.
 */
export class DtmfReceiver {
  /** Digits received, in order of arrival. */
  digits = '';
  /** The same events with their volume and longest duration seen (-send_media_report). */
  readonly events: DtmfEvent[] = [];
  private lastKey = '';

  onPacket(buf: Buffer): void {
    if (buf.length < 16) return;
    const event = buf[12];
    if (event >= DTMF_EVENTS.length) return;
    const key = `${buf.readUInt32BE(8)}:${buf.readUInt32BE(4)}`;
    const duration = buf.readUInt16BE(14);
    if (key === this.lastKey) {
      // RFC 4733 §2.5.1.3: later packets of an event carry its duration so far.
      const last = this.events[this.events.length - 1];
      if (last !== undefined && duration > last.durationUnits) last.durationUnits = duration;
      if (last !== undefined && (buf[13] & 0x80) !== 0) last.ended = true;
      return;
    }
    this.lastKey = key;
    // A bound on what one call keeps, whatever a peer sends.
    if (this.digits.length >= MAX_DIGITS_KEPT) return;
    this.digits += DTMF_EVENTS[event];
    // RFC 4733 §2.3: the volume is the low 6 bits of the second payload byte.
    this.events.push({
      event,
      volume: buf[13] & 0x3f,
      durationUnits: duration,
      ended: (buf[13] & 0x80) !== 0,
    });
  }

  /** How many times `digit` was received. */
  count(digit: string): number {
    let n = 0;
    for (const d of this.digits) if (d === digit) n++;
    return n;
  }
}
