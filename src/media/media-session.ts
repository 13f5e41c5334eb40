/**
 * An engine's media (the MediaHost seam of src/engine/media-host.ts): the run's media ports,
 * per-call remote addresses from received SDP, and every stream of every call paced by one
 * StreamScheduler that the run's ticker advances beside the engine. Built only when the
 * scenario has media actions or -rtp_echo is on, so a run without media pays nothing.
 * This class wires the parts and hands each hook on: media-actions.ts (exec), packet-input.ts
 * (datagrams in, echo), stream-outputs.ts (ports, destinations), call-lookup.ts (which call a
 * datagram is for), quality-accounting.ts (a call's quality at its end).
 */
import type {
  MediaCall,
  MediaCallFailure,
  MediaExecKind,
  MediaHost,
  SdpWait,
  WebRtcRole,
} from '../engine/index.ts';
import { Counter } from '../stats/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import { callMediaOf, type CallMedia, type SendTally } from './call-media.ts';
import { CallLookup } from './call-lookup.ts';
import type { CallQuality } from './call-quality.ts';
import { RtpExtras } from './call-rtp-extras.ts';
import { MediaActions } from './media-actions.ts';
import { MediaReporter } from './media-report.ts';
import type { MediaSessionDeps } from './media-session-deps.ts';
import { PacketInput } from './packet-input.ts';
import { countQuality } from './quality-accounting.ts';
import { RtcpReporter } from './rtcp-reporter.ts';
import { audioRtcpAddress } from './sdp-rtcp.ts';
import { parseRemoteMedia, sdpBody } from './sdp-media.ts';
import { SrtpMedia } from './srtp-media.ts';
import { StreamOutputs } from './stream-outputs.ts';
import { StreamScheduler } from './stream-scheduler.ts';
import { telephoneEventPayloadType } from './rfc4733-dtmf.ts';
import { DTLS_NOT_ASKED, isDtlsSdp, WebRtcCalls } from './webrtc/index.ts';

export class MediaSession implements MediaHost {
  readonly scheduler: StreamScheduler;
  /** A stream started: the run's ticker must tick again soon (Run sets it to its wake). */
  onWork: () => void = () => undefined;
  /** Tests and reports: each ended call's quality, when kept (keepQualities). */
  readonly qualities: CallQuality[] = [];
  keepQualities = false;
  private readonly tally: SendTally = { sent: 0, nowMs: 0 };
  private readonly socketAt = (port: number): Transport | undefined => this.deps.ports.get(port);
  private readonly calls = new CallLookup();
  private readonly srtp: SrtpMedia;
  private readonly webrtc: WebRtcCalls | null;
  private readonly rtcp: RtcpReporter;
  private readonly extras: RtpExtras;
  private readonly outputs: StreamOutputs;
  private readonly actions: MediaActions;
  private readonly input: PacketInput;
  private failCall: MediaCallFailure = () => undefined;

  constructor(
    private readonly deps: MediaSessionDeps,
    echo: boolean,
  ) {
    this.scheduler = new StreamScheduler(deps.pacing?.leadMs ?? 0);
    const onWork = (): void => this.onWork();
    const common = { scheduler: this.scheduler, clock: deps.clock, stats: deps.stats, onWork };
    this.srtp = new SrtpMedia(
      deps.srtpPolicy ?? 'ask',
      (c, n) => deps.stats.count(c, n),
      (text) => deps.warn?.(text),
    );
    this.webrtc = deps.webrtc === undefined ? null : new WebRtcCalls({ ...deps.webrtc, ...common });
    this.rtcp = new RtcpReporter({
      ...common,
      random: deps.random,
      socketAt: this.socketAt,
      wallClockMs: deps.wallClockMs ?? Date.now,
      intervalMs: deps.rtcpIntervalMs ?? 5000,
      protect: (media, packet) => this.srtp.outboundRtcp(media as CallMedia, packet),
      tap: deps.rtcpTap,
    });
    this.extras = new RtpExtras({
      ...common,
      random: deps.random,
      failCall: (call, cause, text) => this.failCall(call, cause, text),
    });
    const { calls, srtp, rtcp, extras } = this;
    this.outputs = new StreamOutputs(deps, calls, srtp, rtcp, this.socketAt, this.tally);
    this.actions = new MediaActions(deps, this.scheduler, this.outputs, extras, onWork);
    this.input = new PacketInput(deps, calls, srtp, rtcp, extras, echo);
    if (deps.mediaReport !== undefined) {
      const reporterDeps = {
        ...common,
        calls,
        socketAt: this.socketAt,
        mediaPort: deps.mediaPort,
        wallClockMs: deps.wallClockMs ?? Date.now,
      };
      new MediaReporter(reporterDeps, deps.mediaReport);
    }
  }

  /** `[webrtc_offer]`/`[webrtc_answer]` (src/media/webrtc/webrtc-calls.ts). */
  localSdp(call: MediaCall, role: WebRtcRole, wait: SdpWait): string | { error: string } | null {
    const name = `call ${call.callNumber} (${call.callId}): webrtc_${role}`;
    const got =
      this.webrtc === null
        ? new Error('this run loaded no WebRTC')
        : this.webrtc.localSdp(callMediaOf(call), role, {
            ready: wait.ready,
            failed: (text) => wait.failed(`${name}: ${text}`),
          });
    if (!(got instanceof Error)) return got;
    return { error: `${name}: ${got.message}` };
  }

  /** The run ends: WebRTC peers close (the ports are closed by their owner). */
  async close(): Promise<void> {
    await this.webrtc?.close();
  }

  bindCallFailure(fail: MediaCallFailure): void {
    this.failCall = fail;
  }

  get isEchoOn(): boolean {
    return this.input.echo;
  }

  setEcho(on: boolean): void {
    this.input.echo = on;
  }

  /** Advances every due stream; ms until the next is due (Infinity when none). */
  tick(): number {
    const now = this.deps.clock.now();
    this.tally.nowMs = now;
    const inMs = this.scheduler.tick(now);
    if (this.tally.sent > 0) {
      this.deps.stats.count(Counter.RtpPacketsSent, this.tally.sent);
      this.tally.sent = 0;
    }
    return inMs;
  }

  onReceived(call: MediaCall, message: Buffer): void {
    const sdp = sdpBody(message);
    if (sdp === null) return;
    if (this.webrtc !== null && this.webrtc.onSdp(callMediaOf(call), sdp)) {
      this.deps.recordings?.attach(call, callMediaOf(call));
      return;
    }
    // Never cleartext to a peer that asked for DTLS-SRTP: the call's media actions fail.
    if (this.webrtc === null && isDtlsSdp(sdp)) callMediaOf(call).refusal = DTLS_NOT_ASKED;
    const remote = parseRemoteMedia(sdp);
    if (remote === null) return;
    const state = callMediaOf(call);
    state.remote = remote;
    this.deps.recordings?.attach(call, state);
    this.srtp.noteSdp(state, sdp, call);
    this.calls.noteRtcpAddress(state, audioRtcpAddress(sdp), remote.address);
    const eventPt = telephoneEventPayloadType(sdp);
    if (eventPt >= 0) this.extras.setTelephoneEventPt(state, eventPt);
    if (remote.audioPort !== 0) this.calls.noteRemoteAudio(state, remote.address, remote.audioPort);
    // A per-call port block must listen before the peer's first packet (echo, later RTCP).
    if (this.input.echo && this.deps.plan.audio.perCall) {
      try {
        this.outputs.ownPort(call, state, 'audio');
      } catch {
        // Reported when a media action needs the port; echo on it is best effort.
      }
    }
  }

  exec(call: MediaCall, kind: MediaExecKind, arg: string, where = ''): string | null {
    return this.actions.exec(call, kind, arg, where);
  }

  /** `[srtp_crypto]`: the call's `a=crypto:` line (docs/media.md, "SRTP"). */
  cryptoLine(call: MediaCall, suiteName: string): string {
    return this.srtp.cryptoLine(callMediaOf(call), suiteName, call);
  }

  /** One RTP datagram that arrived on `port` (packet-input.ts): the RTP, or null if refused. */
  onPacket(port: number, from: RemoteAddress, buf: Buffer): Buffer | null {
    return this.input.onPacket(port, from, buf);
  }

  /** What -rtp_echo sends back for the packet onPacket just took (null: nothing). */
  takeEcho(buf: Buffer): Buffer | null {
    return this.input.takeEcho(buf);
  }

  /** One RTCP datagram that arrived on `port` (an RTP port + 1). */
  onRtcp(port: number, from: RemoteAddress, buf: Buffer): void {
    this.input.onRtcp(port, from, buf);
  }

  /** The run stops: recordings of calls still up are completed as they are. */
  finishRecordings(): void {
    this.deps.recordings?.finishAll();
  }

  endCall(call: MediaCall): void {
    const state = call.media as CallMedia | null;
    if (state === null) return;
    this.webrtc?.endCall(state);
    // The BYE report goes where the peer's a=rtcp: said, which forget() clears.
    if (state.rtcp !== null) this.rtcp.endCall(state.rtcp);
    this.calls.forget(state);
    this.extras.endCall(state);
    const quality = countQuality(state, this.deps.stats);
    if (quality !== null && this.keepQualities) this.qualities.push(quality);
    this.deps.recordings?.end(state);
    this.actions.stopStreams(state);
    this.outputs.releasePorts(state);
    call.media = null;
  }
}
