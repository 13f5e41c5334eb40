/**
 * RTCP of each call with RTP (RFC 3550 §6): a compound packet (SR while the call sends, else
 * RR; then SDES CNAME) from the call's RTCP port (its RTP port + 1) to the peer's RTP port + 1,
 * every `intervalMs`; a last one with BYE when the call ends. Reports are not timers of their
 * own: each call's reporter is one more entry in the engine's StreamScheduler heap, so
 * thousands of calls cost one heap, fired by the run's ticker like the streams.
 *
 * What the far end reports back (its SR/RR blocks about our SSRC) becomes the call's remote
 * view: fraction lost, cumulative lost, jitter, and the round trip from LSR/DLSR (§6.4.1). Each
 * ended call adds it to the run's sums, as the local quality figures are.
 */
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import type { RemoteMedia } from './sdp-media.ts';
import type { RtcpAddress } from './sdp-rtcp.ts';
import type { RtpReceiveStats } from './rtp-receive-stats.ts';
import {
  bye,
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  receiverReport,
  senderReport,
  sdesCname,
  type ReportBlock,
} from './rtcp-packets.ts';
import type { ScheduledStream, StreamScheduler } from './stream-scheduler.ts';

/** What the reports read of a call (CallMedia has it). */
export interface RtcpMedia {
  readonly remote: RemoteMedia | null;
  /** RFC 3605 `a=rtcp:`, when the peer's SDP had one. */
  readonly remoteRtcp: RtcpAddress | null;
  readonly rx: RtpReceiveStats | null;
  readonly rtpSent: number;
  readonly rtpOctetsSent: number;
  readonly lastSentSsrc: number;
  readonly lastSentTs: number;
  readonly lastSentAtMs: number;
  readonly sentClockRate: number;
  rtcp: CallRtcp | null;
}

/**
 * Sees each compound RTCP packet of a call, in clear (before SRTCP protection, after its
 * removal): `isSent` ours, else the far end's. `local` may carry a wildcard or empty address.
 * For `-hep_raw_rtcp` (src/export/); absent, reports cost one undefined check.
 */
export type RtcpTap = (
  callId: string,
  packet: Buffer,
  local: RemoteAddress,
  remote: RemoteAddress,
  isSent: boolean,
) => void;

export interface RtcpReporterDeps {
  readonly scheduler: StreamScheduler;
  readonly socketAt: (port: number) => Transport | undefined;
  readonly clock: { now(): number };
  /** Wall clock (ms since 1970) for the SR's NTP time and the round trip. */
  readonly wallClockMs: () => number;
  readonly random: () => number;
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** Between two reports of a call; 0 turns RTCP off. */
  readonly intervalMs: number;
  /** A report was scheduled: the ticker must wake for it. */
  readonly onWork: () => void;
  /**
   * The compound as it goes on the wire (SRTCP for an SRTP call); null: the call's media must
   * not flow, nothing is sent. Absent: cleartext.
   */
  readonly protect?: (media: RtcpMedia, packet: Buffer) => Buffer | null;
  readonly tap?: RtcpTap;
}

/** The far end's view of what we sent, from the last report block about our SSRC. */
export interface RemoteView {
  /** Report blocks about our stream received. */
  reports: number;
  /** 0..1, from the last block. */
  fractionLost: number;
  cumulativeLost: number;
  jitterMs: number;
  /** From LSR/DLSR; -1 when no block echoed one of our SRs. */
  rttMs: number;
  byeReceived: boolean;
}

/** One call's RTCP: its scheduler entry, what it reported last, what the far end said. */
export class CallRtcp implements ScheduledStream {
  dueMs: number;
  heapAt = -1;
  /** Used until the call sends RTP of its own (then that stream's SSRC speaks for it). */
  readonly fallbackSsrc: number;
  readonly remote: RemoteView = {
    reports: 0,
    fractionLost: 0,
    cumulativeLost: 0,
    jitterMs: 0,
    rttMs: -1,
    byeReceived: false,
  };
  sentCompounds = 0;
  /** A.3: expected and received at the previous report, for the interval's fraction lost. */
  priorExpected = 0;
  priorReceived = 0;
  priorSsrc = -1;
  /** RTP packets sent at the previous report: an SR only while the call sends. */
  priorSent = 0;
  /** The last SR received: NTP middle 32 bits and when (clock ms); -1 when none. */
  lastSrMiddle = 0;
  lastSrAtMs = -1;

  constructor(
    private readonly reporter: RtcpReporter,
    readonly media: RtcpMedia,
    readonly localPort: number,
    readonly cname: string,
    startMs: number,
    random: () => number,
  ) {
    // RFC 3550 §6.2 sends a first report early and randomizes the interval so members do not
    // report in step. Here the first waits a random 1/4..1 interval and the rest follow at the
    // fixed interval: calls started together (a burst, a benchmark) still spread their reports.
    // A fixed first delay fired 1000 calls' reports in one tick: with 1000 streams started at
    // once and -rtcp_interval 500 (bench/media-streams.ts, 2 loaded cores) send lateness p99
    // read 19-53 ms, against 14-35 ms spread and 4-24 ms without RTCP.
    this.fallbackSsrc = Math.floor(random() * 2 ** 32) >>> 0;
    this.dueMs = startMs + reporter.intervalMs * (0.25 + 0.75 * random());
  }

  /** The SSRC this call's reports speak for. */
  get ssrc(): number {
    return this.media.rtpSent > 0 ? this.media.lastSentSsrc : this.fallbackSsrc;
  }

  fire(nowMs: number): number {
    this.reporter.report(this, nowMs, false);
    return nowMs + this.reporter.intervalMs;
  }
}

export class RtcpReporter {
  constructor(private readonly deps: RtcpReporterDeps) {}

  get intervalMs(): number {
    return this.deps.intervalMs;
  }

  /** Starts a call's reports (once; nothing when RTCP is off). */
  track(media: RtcpMedia, localRtpPort: number, cname: string): void {
    if (this.deps.intervalMs <= 0 || media.rtcp !== null) return;
    const d = this.deps;
    const rtcp = new CallRtcp(this, media, localRtpPort + 1, cname, d.clock.now(), d.random);
    media.rtcp = rtcp;
    d.scheduler.add(rtcp);
    d.onWork();
  }

  /** Builds and sends one compound packet; with `withBye`, the call's last. */
  report(rtcp: CallRtcp, nowMs: number, withBye: boolean): void {
    const remote = rtcp.media.remote;
    const socket = this.deps.socketAt(rtcp.localPort);
    if (remote === null || remote.audioPort === 0 || socket === undefined) return;
    const ssrc = rtcp.ssrc;
    const blocks = this.blocks(rtcp, nowMs);
    const media = rtcp.media;
    const parts: Buffer[] = [];
    if (media.rtpSent > rtcp.priorSent) {
      const ntp = ntpFromUnixMs(this.deps.wallClockMs());
      // The RTP time of this instant, on the clock of the stream that sent last (§6.4.1).
      const ahead = ((nowMs - media.lastSentAtMs) * media.sentClockRate) / 1000;
      parts.push(
        senderReport(
          ssrc,
          {
            ntpSeconds: ntp.seconds,
            ntpFraction: ntp.fraction,
            rtpTimestamp: (media.lastSentTs + Math.max(0, Math.round(ahead))) >>> 0,
            packetCount: media.rtpSent,
            octetCount: media.rtpOctetsSent,
          },
          blocks,
        ),
      );
    } else parts.push(receiverReport(ssrc, blocks));
    rtcp.priorSent = media.rtpSent;
    parts.push(sdesCname(ssrc, rtcp.cname));
    if (withBye) parts.push(bye(ssrc));
    const to = rtcp.media.remoteRtcp;
    const compound = Buffer.concat(parts);
    const wire = this.deps.protect === undefined ? compound : this.deps.protect(media, compound);
    if (wire === null) return;
    const dest = {
      address: to !== null && to.address !== '' ? to.address : remote.address,
      port: to?.port ?? remote.audioPort + 1,
    };
    socket.send(wire, dest);
    const tap = this.deps.tap;
    if (tap !== undefined) tap(rtcp.cname, compound, socket.localAddress, dest, true);
    rtcp.sentCompounds++;
    this.deps.stats.count(Counter.RtcpPacketsSent);
  }

  /** A compound packet (in clear) that arrived at media port `port` for the call, from `from`. */
  tapReceived(rtcp: CallRtcp, packet: Buffer, from: RemoteAddress, port: number): void {
    const tap = this.deps.tap;
    if (tap === undefined) return;
    const local = this.deps.socketAt(port)?.localAddress ?? { address: '', port };
    tap(rtcp.cname, packet, local, from, false);
  }

  /** A compound packet that arrived for the call: the far end's view of our stream. */
  onPacket(rtcp: CallRtcp, buf: Buffer, nowMs: number): void {
    const parsed = parseRtcp(buf);
    if (parsed === null) return;
    if (parsed.senderInfo !== null) {
      rtcp.lastSrMiddle = ntpMiddle32(parsed.senderInfo.ntpSeconds, parsed.senderInfo.ntpFraction);
      rtcp.lastSrAtMs = nowMs;
    }
    const ours = rtcp.media.rtpSent > 0 ? rtcp.media.lastSentSsrc : -1;
    const view = rtcp.remote;
    for (const block of parsed.reports) {
      if (block.ssrc !== ours) continue;
      view.reports++;
      view.fractionLost = block.fractionLost / 256;
      view.cumulativeLost = block.cumulativeLost;
      view.jitterMs = (block.jitter * 1000) / rtcp.media.sentClockRate;
      if (block.lastSr !== 0) {
        const ntp = ntpFromUnixMs(this.deps.wallClockMs());
        // §6.4.1: round trip = arrival − LSR − DLSR, in 1/65536 s (mod 2^32).
        const rtt =
          (ntpMiddle32(ntp.seconds, ntp.fraction) - block.lastSr - block.delaySinceLastSr) >>> 0;
        if (rtt < 2 ** 31) view.rttMs = (rtt * 1000) / 65536;
      }
    }
    if (parsed.byeSsrcs.length > 0 && !view.byeReceived) {
      view.byeReceived = true;
      this.deps.stats.count(Counter.RtcpByesReceived);
    }
  }

  /** The call ended: its last report with BYE, its remote view into the run's sums. */
  endCall(rtcp: CallRtcp): void {
    this.deps.scheduler.remove(rtcp);
    this.report(rtcp, this.deps.clock.now(), true);
    const view = rtcp.remote;
    const stats = this.deps.stats;
    if (view.reports > 0) {
      stats.count(Counter.RtcpRemoteReportCalls);
      stats.count(Counter.RtcpRemoteFractionLostPpmSum, Math.round(view.fractionLost * 1e6));
      stats.count(Counter.RtcpRemoteJitterUsSum, Math.round(view.jitterMs * 1000));
    }
    if (view.rttMs >= 0) {
      stats.count(Counter.RtcpRttCalls);
      stats.count(Counter.RtcpRttUsSum, Math.round(view.rttMs * 1000));
    }
  }

  /** RFC 3550 A.3: one block about the stream the call receives, if it receives one. */
  private blocks(rtcp: CallRtcp, nowMs: number): ReportBlock[] {
    const stream = rtcp.media.rx?.currentStream ?? null;
    if (stream === null) return [];
    if (stream.ssrc !== rtcp.priorSsrc) {
      rtcp.priorSsrc = stream.ssrc;
      rtcp.priorExpected = 0;
      rtcp.priorReceived = 0;
    }
    const expectedInterval = stream.expected - rtcp.priorExpected;
    const lostInterval = expectedInterval - (stream.received - rtcp.priorReceived);
    rtcp.priorExpected = stream.expected;
    rtcp.priorReceived = stream.received;
    const fraction =
      expectedInterval === 0 || lostInterval <= 0
        ? 0
        : Math.floor((lostInterval * 256) / expectedInterval);
    const hasSr = rtcp.lastSrAtMs >= 0;
    return [
      {
        ssrc: stream.ssrc,
        fractionLost: fraction,
        cumulativeLost: stream.expected - stream.received,
        extendedHighestSeq: stream.extendedHighestSeq,
        jitter: stream.jitterUnits,
        lastSr: hasSr ? rtcp.lastSrMiddle : 0,
        delaySinceLastSr: hasSr ? Math.round(((nowMs - rtcp.lastSrAtMs) * 65536) / 1000) : 0,
      },
    ];
  }
}
