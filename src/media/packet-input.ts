/**
 * Media datagrams that arrive, each given to its call (call-lookup.ts): RTP is SRTP-unprotected,
 * counted into the call's receive statistics, starts its RTCP, feeds RFC 4733 DTMF and the WAV
 * recording; RTCP goes to the call's reports. Also what -rtp_echo sends back. This is a media
 * run's per-packet path: nothing here allocates or makes a closure per packet.
 */
import { Counter } from '../stats/index.ts';
import type { RemoteAddress } from '../transport/index.ts';
import type { CallLookup } from './call-lookup.ts';
import { sourceKey } from './call-lookup.ts';
import type { RtpExtras } from './call-rtp-extras.ts';
import type { MediaSessionDeps } from './media-session-deps.ts';
import type { RtcpReporter } from './rtcp-reporter.ts';
import { RtpReceiveStats } from './rtp-receive-stats.ts';
import type { SrtpMedia } from './srtp-media.ts';

export type PacketInputDeps = Pick<MediaSessionDeps, 'plan' | 'mediaPort' | 'clock' | 'stats'>;

export class PacketInput {
  /** The echo of the packet onPacket just took: undefined = the packet as it came. */
  private echoReply: Buffer | null | undefined = undefined;

  constructor(
    private readonly deps: PacketInputDeps,
    private readonly calls: CallLookup,
    private readonly srtp: SrtpMedia,
    private readonly rtcp: RtcpReporter,
    private readonly extras: RtpExtras,
    /** SIPp's global -rtp_echo switch (`<rtp_echo>` sets it). */
    public echo: boolean,
  ) {}

  /**
   * One RTP datagram that arrived on `port` (RTCP is not attributed): the RTP it carries (an
   * SRTP call's decrypted, lent), or null when SRTP refused it.
   */
  onPacket(port: number, from: RemoteAddress, buf: Buffer): Buffer | null {
    this.echoReply = undefined;
    const state =
      this.calls.byPort.get(port) ?? this.calls.bySource.get(sourceKey(from.address, from.port));
    if (state === undefined) {
      this.deps.stats.count(Counter.RtpFromUnknownSource);
      return buf;
    }
    const plain = state.srtp === null ? buf : this.srtp.inbound(state, buf);
    if (plain === null) {
      this.echoReply = null;
      return null;
    }
    if (state.srtp !== null && this.echo) this.echoReply = this.srtp.echoOf(state, plain);
    if (state.rx === null) state.rx = new RtpReceiveStats();
    // RTCP pairs with the audio port (RTP + 1); video arriving first does not start it.
    if (state.rtcp === null && this.isAudioPort(port)) this.rtcp.track(state, port, state.cname);
    state.rx.onPacket(plain, this.deps.clock.now());
    this.extras.onRtp(state, plain);
    if (state.recording !== null) state.recording.onReceived(plain);
    return plain;
  }

  /** What -rtp_echo sends back for the packet onPacket just took (null: nothing). */
  takeEcho(buf: Buffer): Buffer | null {
    const reply = this.echoReply;
    this.echoReply = undefined;
    return reply === undefined ? buf : reply;
  }

  /** One RTCP datagram that arrived on `port` (an RTP port + 1). */
  onRtcp(port: number, from: RemoteAddress, buf: Buffer): void {
    const calls = this.calls;
    const state =
      calls.byPort.get(port) ??
      calls.bySource.get(sourceKey(from.address, from.port - 1)) ??
      calls.byRtcpSource.get(sourceKey(from.address, from.port));
    // Reports start with the call's RTP; RTCP before any is not attributed.
    if (state === undefined || state.rtcp === null) return;
    const plain = this.srtp.inboundRtcp(state, buf);
    if (plain === null) return;
    this.rtcp.tapReceived(state.rtcp, plain, from, port);
    this.rtcp.onPacket(state.rtcp, plain, this.deps.clock.now());
  }

  /** The run's audio port, or the audio port of a per-call block. */
  private isAudioPort(port: number): boolean {
    const { plan, mediaPort } = this.deps;
    const fromBase = port - mediaPort - plan.audio.offset;
    return plan.audio.perCall ? fromBase >= 0 && fromBase % 4 === 0 : fromBase === 0;
  }
}
