/**
 * `play_pcap_audio|video|image`: the UDP datagrams of a capture, replayed with the capture's
 * timing. As SIPp (send_packets.c): every UDP datagram of the file is sent, payload as captured
 * (SSRC, sequence numbers and timestamps untouched); only ports change: a datagram captured to
 * port `base + d` (base = the lowest destination port in the file) leaves from our port + d to
 * the peer's port + d, so RTP goes RTP to RTP and RTCP (base + 1) to RTCP. Each packet leaves
 * the sum of the capture's gaps after the first; a packet stamped before the one it follows
 * leaves with it.
 */
import type { UdpDatagram } from '../pcap/index.ts';
import type { ScheduledStream } from './stream-scheduler.ts';

export interface PreparedCapture {
  readonly file: string;
  /** Send offset of each packet from the first, in ms. */
  readonly atMs: Float64Array;
  /** Destination port offset from the capture's base port. */
  readonly portDiff: Int32Array;
  readonly payloads: readonly Buffer[];
}

export function prepareCapture(file: string, datagrams: readonly UdpDatagram[]): PreparedCapture {
  let base = 65536;
  for (const d of datagrams) if (d.dstPort < base) base = d.dstPort;
  const atMs = new Float64Array(datagrams.length);
  const portDiff = new Int32Array(datagrams.length);
  const payloads: Buffer[] = [];
  let offsetUs = 0;
  datagrams.forEach((d, i) => {
    if (i > 0) offsetUs += Math.max(0, d.timeUs - datagrams[i - 1].timeUs);
    atMs[i] = offsetUs / 1000;
    portDiff[i] = d.dstPort - base;
    payloads.push(Buffer.from(d.payload));
  });
  return { file, atMs, portDiff, payloads };
}

/** Where a stream's packets go: the socket bound to `localPort + diff`, to `remotePort + diff`. */
export interface StreamOutput {
  /**
   * Queues one datagram due at `dueMs` (the run's clock; sent then when the socket can pace,
   * else at once); false when the socket for that port offset is not open.
   */
  send(portDiff: number, payload: Buffer, dueMs: number): boolean;
}

export class CapturePlayback implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  readonly paced = true;
  private next = 0;

  constructor(
    private readonly capture: PreparedCapture,
    private readonly out: StreamOutput,
    private readonly startMs: number,
  ) {
    this.dueMs = startMs;
  }

  fire(nowMs: number): number {
    const { atMs, portDiff, payloads } = this.capture;
    const n = atMs.length;
    while (this.next < n && this.startMs + atMs[this.next] <= nowMs) {
      const i = this.next++;
      this.out.send(portDiff[i], payloads[i], this.startMs + atMs[i]);
    }
    return this.next < n ? this.startMs + atMs[this.next] : -1;
  }
}
