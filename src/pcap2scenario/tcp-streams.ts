/**
 * TCP reassembly for SIP: each direction of each connection is put back in sequence order
 * (retransmitted and overlapping bytes dropped, early segments held until the gap before them
 * fills), then cut into SIP messages. A message is stamped with the segment that completed it.
 */
import type { TcpSegment } from '../pcap/index.ts';
import { SipStreamFramer } from './sip-stream-framer.ts';

export interface StreamMessage {
  readonly bytes: Buffer;
  readonly segment: TcpSegment;
}

/** Out-of-order segments held per direction before the stream gives up on its gap. */
const MAX_HELD_SEGMENTS = 256;

class Direction {
  private nextSeq: number | undefined;
  private readonly held: TcpSegment[] = [];
  readonly framer = new SipStreamFramer();

  add(segment: TcpSegment, out: StreamMessage[]): void {
    if (segment.isSyn) {
      this.nextSeq = (segment.seq + 1) >>> 0;
      this.framer.reset();
    }
    if (segment.payload.length === 0) return;
    this.nextSeq ??= segment.seq;
    this.held.push(segment);
    this.drain(out);
    if (this.held.length > MAX_HELD_SEGMENTS) this.skipGap(out);
  }

  /** At the end of the capture: whatever waits behind a gap that never filled. */
  finish(out: StreamMessage[]): void {
    while (this.held.length > 0) this.skipGap(out);
  }

  private drain(out: StreamMessage[]): void {
    for (let progress = true; progress;) {
      progress = false;
      for (let i = 0; i < this.held.length; i++) {
        const s = this.held[i];
        // Signed 32-bit distance, so sequence numbers may wrap.
        const rel = (s.seq - (this.nextSeq as number)) | 0;
        if (rel > 0) continue;
        this.held.splice(i, 1);
        progress = true;
        if (rel + s.payload.length <= 0) break; // a retransmission of bytes already taken
        const fresh = s.payload.subarray(-rel);
        this.nextSeq = ((this.nextSeq as number) + fresh.length) >>> 0;
        for (const bytes of this.framer.push(fresh)) out.push({ bytes, segment: s });
        break;
      }
    }
  }

  /** Jumps to the earliest held segment: the bytes before it were not captured. */
  private skipGap(out: StreamMessage[]): void {
    const base = this.nextSeq as number;
    const earliest = this.held.reduce((a, b) =>
      ((a.seq - base) | 0) <= ((b.seq - base) | 0) ? a : b,
    );
    this.framer.reset();
    this.nextSeq = earliest.seq;
    this.drain(out);
  }
}

/** All TCP directions of a capture, keyed by their four-tuple. */
export class TcpStreams {
  private readonly directions = new Map<string, Direction>();

  /** Adds a segment in capture order; returns the SIP messages it completes. */
  add(segment: TcpSegment): StreamMessage[] {
    const key = `${segment.srcAddress}|${segment.srcPort}|${segment.dstAddress}|${segment.dstPort}`;
    let direction = this.directions.get(key);
    if (direction === undefined) {
      direction = new Direction();
      this.directions.set(key, direction);
    }
    const out: StreamMessage[] = [];
    direction.add(segment, out);
    return out;
  }

  /** Messages left behind gaps, once every segment is in. */
  finish(): StreamMessage[] {
    const out: StreamMessage[] = [];
    for (const d of this.directions.values()) d.finish(out);
    return out;
  }
}
