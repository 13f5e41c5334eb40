/**
 * Periodic media reports (`-send_media_report`, docs/hep.md): every period, one report per RTP
 * stream a call sends, and the DTMF events each call received since the last one. It is one
 * more unpaced entry in the engine's StreamScheduler (as a call's RTCP is), so it costs nothing
 * per packet: it reads, at report time, the counts the streams keep anyway (call-media.ts) and
 * the calls the session knows (call-lookup.ts). What the reports become is the tap's concern
 * (src/export/ encodes them as HEP 35 and 100).
 */
import type { RemoteAddress, Transport } from '../transport/index.ts';
import type { CallMedia } from './call-media.ts';
import type { CallLookup } from './call-lookup.ts';
import type { DtmfEvent } from './rfc4733-dtmf.ts';
import type { ScheduledStream, StreamScheduler } from './stream-scheduler.ts';

/** One RTP stream a call sends, as its counters stand at report time. */
export interface MediaStreamReport {
  readonly callId: string;
  readonly ssrc: number;
  readonly packets: number;
  /** Payload octets (RTP headers not counted, as in an RTCP SR). */
  readonly octets: number;
  /** The RTP timestamp of the last packet sent. */
  readonly rtpTimestamp: number;
  /** The codec's payload type: the call's rtp_stream's, else the first of the peer's m=audio. */
  readonly payloadType: number;
  readonly clockRate: number;
  readonly src: RemoteAddress;
  readonly dst: RemoteAddress;
}

/** The DTMF events (RFC 4733) a call received since its last report. */
export interface DtmfReport {
  readonly callId: string;
  readonly events: readonly DtmfEvent[];
  /** The telephone-event payload type the call's SDP named; -1 when none. */
  readonly payloadType: number;
  readonly src: RemoteAddress;
  readonly dst: RemoteAddress;
}

/** Where the reports go; `wallMs` is the report's time (ms since 1970). */
export interface MediaReportTap {
  stream(report: MediaStreamReport, wallMs: number): void;
  dtmf(report: DtmfReport, wallMs: number): void;
}

/** `-send_media_report` as a media session takes it. */
export interface MediaReporting {
  readonly tap: MediaReportTap;
  /** Between two rounds of reports. */
  readonly periodMs: number;
}

export interface MediaReporterDeps {
  readonly scheduler: StreamScheduler;
  readonly calls: CallLookup;
  readonly socketAt: (port: number) => Transport | undefined;
  /** The run's `[media_port]`: a call's RTP port when it has none of its own. */
  readonly mediaPort: number;
  readonly clock: { now(): number };
  readonly wallClockMs: () => number;
  readonly onWork: () => void;
}

export class MediaReporter implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  /** DTMF events already reported, per call (a call's receiver list only grows). */
  private readonly reportedDtmf = new WeakMap<CallMedia, number>();

  constructor(
    private readonly deps: MediaReporterDeps,
    private readonly reporting: MediaReporting,
  ) {
    this.dueMs = deps.clock.now() + reporting.periodMs;
    deps.scheduler.add(this);
    deps.onWork();
  }

  fire(nowMs: number): number {
    const wallMs = this.deps.wallClockMs();
    for (const call of this.liveCalls()) this.reportCall(call, wallMs);
    return nowMs + this.reporting.periodMs;
  }

  /** The calls the session routes media for: each once. */
  private liveCalls(): Set<CallMedia> {
    const calls = new Set<CallMedia>(this.deps.calls.byPort.values());
    for (const c of this.deps.calls.bySource.values()) calls.add(c);
    return calls;
  }

  private reportCall(call: CallMedia, wallMs: number): void {
    const remote = call.remote;
    if (remote === null || remote.audioPort === 0) return;
    const localPort =
      call.rtcp === null ? (call.ownPorts[0] ?? this.deps.mediaPort) : call.rtcp.localPort - 1;
    const local = this.deps.socketAt(localPort)?.localAddress ?? { address: '', port: localPort };
    const peer = { address: remote.address, port: remote.audioPort };
    const tap = this.reporting.tap;
    if (call.rtpSent > 0) {
      tap.stream(
        {
          callId: call.cname,
          ssrc: call.lastSentSsrc,
          packets: call.rtpSent,
          octets: call.rtpOctetsSent,
          rtpTimestamp: call.lastSentTs,
          payloadType: call.fileStream?.payloadType ?? remote.audioPayloadType,
          clockRate: call.sentClockRate,
          src: local,
          dst: peer,
        },
        wallMs,
      );
    }
    const events = call.extras?.dtmfIn.events;
    if (events === undefined) return;
    // An event still playing (no end packet yet, no later event) waits for the next round:
    // its duration is not final, and each event is reported once.
    const last = events[events.length - 1];
    const ready = last !== undefined && !last.ended ? events.length - 1 : events.length;
    const done = this.reportedDtmf.get(call) ?? 0;
    if (ready <= done) return;
    this.reportedDtmf.set(call, ready);
    const payloadType = call.extras?.telephoneEventPt ?? -1;
    tap.dtmf(
      { callId: call.cname, events: events.slice(done, ready), payloadType, src: peer, dst: local },
      wallMs,
    );
  }
}
