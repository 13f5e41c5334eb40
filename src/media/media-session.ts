/**
 * An engine's media (the MediaHost seam of src/engine/media-host.ts): the run's media ports,
 * per-call remote addresses from received SDP, and every stream of every call paced by one
 * StreamScheduler that the run's ticker advances beside the engine. Built only when the
 * scenario has media actions or -rtp_echo is on, so a run without media pays nothing.
 */
import { GossipperError } from '../errors.ts';
import type {
  MediaCall,
  MediaCallFailure,
  MediaExecKind,
  MediaHost,
  SdpWait,
  WebRtcRole,
} from '../engine/index.ts';
import { Counter } from '../stats/index.ts';
import type { CounterId } from '../stats/index.ts';
import type { Transport } from '../transport/index.ts';
import { CallMedia, PortOutput, type SendTally } from './call-media.ts';
import { CapturePlayback, type PreparedCapture } from './capture-playback.ts';
import { DTMF_FIRST_SSRC, prepareDtmf } from './dtmf-play.ts';
import { FileStream, parseStreamArgs } from './file-stream.ts';
import type { MediaFiles } from './media-files.ts';
import { localMediaPort, type MediaKind, type MediaPlan } from './media-plan.ts';
import type { MediaPorts } from './media-ports.ts';
import { parseRemoteMedia, sdpBody } from './sdp-media.ts';
import { StreamScheduler } from './stream-scheduler.ts';
import { RtpReceiveStats } from './rtp-receive-stats.ts';
import { mosFromR, rFactorG711, type CallQuality } from './call-quality.ts';
import type { RemoteAddress } from '../transport/index.ts';
import type { SrtpPolicy } from '../config/index.ts';
import { SrtpMedia } from './srtp-media.ts';
import { DTLS_NOT_ASKED, isDtlsSdp, WebRtcCalls, type Werift } from './webrtc/index.ts';
import type { CallRecordings } from './call-recordings.ts';
import { RtcpReporter } from './rtcp-reporter.ts';
import { RtpExtras } from './call-rtp-extras.ts';
import { isSynthetic, parseSyntheticArgs, SyntheticAudioCache } from './synthetic-audio.ts';
import { SyntheticStream } from './synthetic-stream.ts';
import { parseSendDtmf, telephoneEventPayloadType } from './rfc4733-dtmf.ts';
import { audioRtcpAddress, type RtcpAddress } from './sdp-rtcp.ts';

export interface MediaSessionDeps {
  readonly plan: MediaPlan;
  readonly files: MediaFiles;
  readonly ports: MediaPorts;
  /** The bound `[media_port]`. */
  readonly mediaPort: number;
  /** `-rtp_payload`. */
  readonly defaultPayloadType: number;
  readonly clock: { now(): number };
  readonly random: () => number;
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** `-media_srtp` / `-media_reject_srtp` (docs/media.md, "SRTP"); default 'ask'. */
  readonly srtpPolicy?: SrtpPolicy;
  /** A warning for the run's error log (SRTP packets of a call with no media action). */
  readonly warn?: (text: string) => void;
  /** werift, loaded when the scenario renders `[webrtc_offer]`/`[webrtc_answer]`; else none. */
  readonly webrtc?: { readonly werift: Werift; readonly ip: string };
  /** `-record_wav_dir`: the calls' WAV recordings; undefined when nothing is recorded. */
  readonly recordings?: CallRecordings;
  /** `-rtcp_interval`: ms between a call's RTCP reports; 0 turns RTCP off (default 5000). */
  readonly rtcpIntervalMs?: number;
  /** Wall clock for RTCP's NTP times (default: the system's). */
  readonly wallClockMs?: () => number;
}

const KIND_OF: Readonly<
  Record<
    Exclude<MediaExecKind, 'rtp_stream' | 'play_dtmf' | 'rtp_record' | 'send_dtmf' | 'rtpcheck'>,
    MediaKind
  >
> = {
  play_pcap_audio: 'audio',
  play_pcap_video: 'video',
  play_pcap_image: 'image',
};

export class MediaSession implements MediaHost {
  readonly scheduler = new StreamScheduler();
  private readonly tally: SendTally = { sent: 0, nowMs: 0 };
  private readonly socketAt = (port: number): Transport | undefined => this.deps.ports.get(port);
  /** A stream started: the run's ticker must tick again soon (Run sets it to its wake). */
  onWork: () => void = () => undefined;
  /** Tests and reports: each ended call's quality, when kept (keepQualities). */
  readonly qualities: CallQuality[] = [];
  keepQualities = false;
  /** SIPp numbers each play_dtmf's SSRC one up from the last, run-wide. */
  private dtmfSsrc = DTMF_FIRST_SSRC;
  /** Calls by their own `[auto_media_port]` ports, and by the remote RTP address of their SDP. */
  private readonly byPort = new Map<number, CallMedia>();
  private readonly bySource = new Map<string, CallMedia>();
  private readonly srtp: SrtpMedia;
  /** The echo of the packet onPacket just took: undefined = the packet as it came. */
  private echoReply: Buffer | null | undefined = undefined;
  private readonly webrtc: WebRtcCalls | null;
  /** Calls by the RFC 3605 `a=rtcp:` address their peer's SDP named. */
  private readonly byRtcpSource = new Map<string, CallMedia>();

  private failCall: MediaCallFailure = () => undefined;
  private readonly rtcp: RtcpReporter;
  private readonly extras: RtpExtras;
  private readonly syntheticLoops = new SyntheticAudioCache();

  constructor(
    private readonly deps: MediaSessionDeps,
    private echo: boolean,
  ) {
    this.srtp = new SrtpMedia(
      deps.srtpPolicy ?? 'ask',
      (c, n) => deps.stats.count(c, n),
      (text) => deps.warn?.(text),
    );
    const w = deps.webrtc;
    this.webrtc =
      w === undefined
        ? null
        : new WebRtcCalls({
            ...w,
            scheduler: this.scheduler,
            clock: deps.clock,
            stats: deps.stats,
            onWork: () => this.onWork(),
          });
    const common = {
      scheduler: this.scheduler,
      clock: deps.clock,
      random: deps.random,
      stats: deps.stats,
      onWork: () => this.onWork(),
    };
    this.rtcp = new RtcpReporter({
      ...common,
      socketAt: this.socketAt,
      wallClockMs: deps.wallClockMs ?? Date.now,
      intervalMs: deps.rtcpIntervalMs ?? 5000,
      protect: (media, packet) => this.srtp.outboundRtcp(media as CallMedia, packet),
    });
    this.extras = new RtpExtras({
      ...common,
      failCall: (call, cause, text) => this.failCall(call, cause, text),
    });
  }

  /** `[webrtc_offer]`/`[webrtc_answer]` (src/media/webrtc/webrtc-calls.ts). */
  localSdp(call: MediaCall, role: WebRtcRole, wait: SdpWait): string | { error: string } | null {
    const name = `call ${call.callNumber} (${call.callId}): webrtc_${role}`;
    const got =
      this.webrtc === null
        ? new Error('this run loaded no WebRTC')
        : this.webrtc.localSdp(stateOf(call), role, {
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
    return this.echo;
  }

  setEcho(on: boolean): void {
    this.echo = on;
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
    if (this.webrtc !== null && this.webrtc.onSdp(stateOf(call), sdp)) return;
    // Never cleartext to a peer that asked for DTLS-SRTP: the call's media actions fail.
    if (this.webrtc === null && isDtlsSdp(sdp)) stateOf(call).refusal = DTLS_NOT_ASKED;
    const remote = parseRemoteMedia(sdp);
    if (remote === null) return;
    const state = stateOf(call);
    state.remote = remote;
    this.deps.recordings?.attach(call, state);
    this.srtp.noteSdp(state, sdp, call);
    this.noteRtcpAddress(state, audioRtcpAddress(sdp), remote.address);
    const eventPt = telephoneEventPayloadType(sdp);
    if (eventPt >= 0) this.extras.setTelephoneEventPt(state, eventPt);
    if (remote.audioPort !== 0) {
      const key = sourceKey(remote.address, remote.audioPort);
      if (state.sourceKey !== '' && this.bySource.get(state.sourceKey) === state)
        this.bySource.delete(state.sourceKey);
      state.sourceKey = key;
      // Several calls may name one remote port (a UAS with one [media_port]): the latest wins.
      this.bySource.set(key, state);
    }
    // A per-call port block must listen before the peer's first packet (echo, later RTCP).
    if (this.echo && this.deps.plan.audio.perCall) {
      try {
        this.ownPort(call, state, 'audio');
      } catch {
        // Reported when a media action needs the port; echo on it is best effort.
      }
    }
  }

  exec(call: MediaCall, kind: MediaExecKind, arg: string, where = ''): string | null {
    try {
      const refusal = (call.media as CallMedia | null)?.refusal ?? '';
      if (refusal !== '') throw new GossipperError('MEDIA_INVALID', refusal);
      if (kind === 'rtp_stream') this.stream(call, arg);
      else if (kind === 'play_dtmf') this.dtmf(call, arg);
      else if (kind === 'rtp_record') this.record(call, arg);
      else if (kind === 'send_dtmf') this.sendDtmf(call, arg);
      else if (kind === 'rtpcheck') this.extras.rtpCheck(call, stateOf(call), arg, where);
      else this.play(call, KIND_OF[kind], arg);
      return null;
    } catch (err) {
      const what = err instanceof Error ? err.message : String(err);
      return `call ${call.callNumber} (${call.callId}): ${kind}: ${what}${where === '' ? '' : ` (${where})`}`;
    }
  }

  /** `[srtp_crypto]`: the call's `a=crypto:` line (docs/media.md, "SRTP"). */
  cryptoLine(call: MediaCall, suiteName: string): string {
    return this.srtp.cryptoLine(stateOf(call), suiteName, call);
  }

  /**
   * One RTP datagram that arrived on `port` (RTCP is not attributed): the RTP it carries (an
   * SRTP call's decrypted, lent), or null when SRTP refused it.
   */
  onPacket(port: number, from: RemoteAddress, buf: Buffer): Buffer | null {
    this.echoReply = undefined;
    const state = this.byPort.get(port) ?? this.bySource.get(sourceKey(from.address, from.port));
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

  /** The run stops: recordings of calls still up are completed as they are. */
  finishRecordings(): void {
    this.deps.recordings?.finishAll();
  }

  /** One RTCP datagram that arrived on `port` (an RTP port + 1). */
  onRtcp(port: number, from: RemoteAddress, buf: Buffer): void {
    const state =
      this.byPort.get(port) ??
      this.bySource.get(sourceKey(from.address, from.port - 1)) ??
      this.byRtcpSource.get(sourceKey(from.address, from.port));
    // Reports start with the call's RTP; RTCP before any is not attributed.
    if (state === undefined || state.rtcp === null) return;
    const plain = this.srtp.inboundRtcp(state, buf);
    if (plain !== null) this.rtcp.onPacket(state.rtcp, plain, this.deps.clock.now());
  }

  endCall(call: MediaCall): void {
    const state = call.media as CallMedia | null;
    if (state === null) return;
    this.webrtc?.endCall(state);
    if (state.sourceKey !== '' && this.bySource.get(state.sourceKey) === state)
      this.bySource.delete(state.sourceKey);
    this.noteRtcpAddress(state, null, '');
    for (const port of state.claimedPorts)
      if (this.byPort.get(port) === state) this.byPort.delete(port);
    this.extras.endCall(state);
    if (state.rtcp !== null) this.rtcp.endCall(state.rtcp);
    this.countQuality(state);
    this.deps.recordings?.end(state);
    for (const play of Object.values(state.plays)) this.scheduler.remove(play);
    if (state.fileStream !== null) this.scheduler.remove(state.fileStream);
    for (const port of state.ownPorts) void this.deps.ports.release(port);
    call.media = null;
  }

  /** As SIPp: the events play as the call's audio capture, replacing one still playing. */
  private dtmf(call: MediaCall, arg: string): void {
    const state = stateOf(call);
    const events = prepareDtmf(arg, state.dtmfSeq, this.dtmfSsrc);
    this.dtmfSsrc = (this.dtmfSsrc + 1) >>> 0;
    state.dtmfSeq = events.nextSeq;
    this.playCapture(call, state, 'audio', events);
  }

  private record(call: MediaCall, arg: string): void {
    const recordings = this.deps.recordings;
    if (recordings === undefined)
      throw new GossipperError(
        'MEDIA_INVALID',
        'rtp_record needs -record_wav_dir (where to write)',
      );
    recordings.switch(call, stateOf(call), arg);
  }

  private play(call: MediaCall, kind: MediaKind, file: string): void {
    const capture = this.deps.files.capture(file);
    if (capture instanceof GossipperError) throw capture;
    this.playCapture(call, stateOf(call), kind, capture);
  }

  private playCapture(
    call: MediaCall,
    state: CallMedia,
    kind: MediaKind,
    capture: PreparedCapture,
  ): void {
    const out = this.output(call, state, kind);
    const previous = state.plays[kind];
    // As SIPp: a new play of the same kind replaces the one still playing.
    if (previous !== undefined) this.scheduler.remove(previous);
    const play = new CapturePlayback(capture, out, this.deps.clock.now());
    state.plays[kind] = play;
    this.start(play);
  }

  private stream(call: MediaCall, arg: string): void {
    const state = stateOf(call);
    const verb = arg.trim();
    if (verb === 'pause' || verb === 'resume') {
      const s = state.fileStream;
      if (s === null) throw new GossipperError('MEDIA_INVALID', `${verb} with no stream playing`);
      if (verb === 'pause') {
        s.pause();
        this.scheduler.remove(s);
      } else if (s.isPaused) {
        s.resume(this.deps.clock.now());
        this.start(s);
      }
      return;
    }
    if (isSynthetic(verb)) {
      this.synthetic(call, state, arg);
      return;
    }
    const args = parseStreamArgs(arg, this.deps.defaultPayloadType);
    const audio = this.deps.files.encodedAudio(args.file, args.payloadType);
    if (audio instanceof GossipperError) throw audio;
    const out = this.output(call, state, 'audio');
    if (state.fileStream !== null) this.scheduler.remove(state.fileStream);
    const local = this.deps.ports.get(
      localMediaPort(this.deps.plan, 'audio', this.deps.mediaPort, call.callNumber),
    );
    const stream = new FileStream(
      audio,
      args,
      out,
      this.deps.clock.now(),
      this.deps.random,
      local !== undefined && 'io' in local && local.io === 'batched',
    );
    state.fileStream = stream;
    this.start(stream);
  }

  /** `rtp_stream="synthetic,..."` (src/media/synthetic-stream.ts), as the call's audio stream. */
  private synthetic(call: MediaCall, state: CallMedia, arg: string): void {
    const args = parseSyntheticArgs(arg, this.deps.defaultPayloadType);
    const out = this.output(call, state, 'audio');
    if (state.fileStream !== null) this.scheduler.remove(state.fileStream);
    const audio = this.syntheticLoops.get(args);
    state.sentClockRate = audio.clockRate;
    const stream = new SyntheticStream(
      audio,
      args.payloadType,
      args.durationMs,
      args.periodMs,
      out,
      this.deps.clock.now(),
      this.deps.random,
      this.isBatched(call),
    );
    state.fileStream = stream;
    this.start(stream);
  }

  /** RFC 4733 events on the call's audio, in the SSRC of its running stream if any. */
  private sendDtmf(call: MediaCall, arg: string): void {
    // Arguments first: a bad one must not start the call's RTCP.
    parseSendDtmf(arg);
    const state = stateOf(call);
    const out = this.output(call, state, 'audio');
    const running = state.fileStream;
    const audio = running !== null && !running.isPaused && running.heapAt >= 0 ? running : null;
    this.extras.sendDtmf(state, arg, out, audio);
  }

  /** A peer's `a=rtcp:` (or none): where the call's reports go and whose RTCP is the call's. */
  private noteRtcpAddress(state: CallMedia, rtcp: RtcpAddress | null, address: string): void {
    if (state.rtcpSourceKey !== '' && this.byRtcpSource.get(state.rtcpSourceKey) === state)
      this.byRtcpSource.delete(state.rtcpSourceKey);
    state.rtcpSourceKey = '';
    state.remoteRtcp = rtcp;
    if (rtcp === null) return;
    state.rtcpSourceKey = sourceKey(rtcp.address !== '' ? rtcp.address : address, rtcp.port);
    this.byRtcpSource.set(state.rtcpSourceKey, state);
  }

  /** The run's audio port, or the audio port of a per-call block. */
  private isAudioPort(port: number): boolean {
    const { plan, mediaPort } = this.deps;
    const fromBase = port - mediaPort - plan.audio.offset;
    return plan.audio.perCall ? fromBase >= 0 && fromBase % 4 === 0 : fromBase === 0;
  }

  private isBatched(call: MediaCall): boolean {
    const local = this.deps.ports.get(
      localMediaPort(this.deps.plan, 'audio', this.deps.mediaPort, call.callNumber),
    );
    return local !== undefined && 'io' in local && local.io === 'batched';
  }

  private start(stream: CapturePlayback | FileStream | SyntheticStream): void {
    this.scheduler.add(stream);
    this.onWork();
  }

  /** Where a call's `kind` media goes; throws when the peer named none or a port is not free. */
  private output(call: MediaCall, state: CallMedia, kind: MediaKind): PortOutput {
    const remote = state.remote;
    const remotePort =
      remote === null
        ? 0
        : kind === 'audio'
          ? remote.audioPort
          : kind === 'video'
            ? remote.videoPort
            : remote.imagePort;
    if (remote === null || remotePort === 0) {
      throw new GossipperError(
        'MEDIA_INVALID',
        remote === null
          ? 'no SDP with media received yet (the remote media address comes from the last SDP the call received)'
          : `the last SDP received has no m=${kind} line (or its port is 0)`,
      );
    }
    const localPort = this.ownPort(call, state, kind);
    if (kind === 'audio') this.rtcp.track(state, localPort, state.cname);
    const socket = this.socketAt(localPort);
    const protect = this.srtp.protectFor(
      state,
      socket !== undefined && 'io' in socket && socket.io === 'batched',
      kind,
    );
    return new PortOutput(
      this.socketAt,
      localPort,
      remote.address,
      remotePort,
      this.tally,
      state,
      kind === 'audio',
      protect,
    );
  }

  /** The call's local port for `kind`, its RTP and RTCP sockets bound (per-call ones now). */
  private ownPort(call: MediaCall, state: CallMedia, kind: MediaKind): number {
    const { plan, ports, mediaPort } = this.deps;
    const port = localMediaPort(plan, kind, mediaPort, call.callNumber);
    if (!plan[kind].perCall || state.claimedPorts.includes(port)) return port;
    for (const [p, isRtcp] of [
      [port, false],
      [port + 1, true],
    ] as const) {
      // What arrives on a call's own port is the call's (call 1's block is the run's block).
      state.claimedPorts.push(p);
      this.byPort.set(p, state);
      if (ports.get(p) !== undefined) continue;
      try {
        if (ports.bindNow(p, isRtcp) === null) void ports.bind(p, isRtcp).catch(() => undefined);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new GossipperError(
          'BIND_FAILED',
          `[auto_media_port] ${p}: ${why} (port range exhausted?)`,
        );
      }
      state.ownPorts.push(p);
    }
    return port;
  }

  /** A call's quality into the run's sums (only a call that sent or received RTP). */
  private countQuality(state: CallMedia): void {
    const rx = state.rx;
    if (rx === null && state.sent === 0) return;
    const expected = rx?.expected ?? 0;
    const lost = rx?.lost ?? 0;
    const jitterMs = rx?.jitterMs ?? 0;
    const r = rFactorG711(expected > 0 ? lost / expected : 0, jitterMs);
    const q: CallQuality = {
      sent: state.sent,
      received: rx?.received ?? 0,
      expected,
      lost,
      reordered: rx?.reordered ?? 0,
      duplicates: rx?.duplicates ?? 0,
      jitterMs,
      rFactor: r,
      mos: mosFromR(r),
      ...(state.rtcp !== null && state.rtcp.remote.reports > 0
        ? { remote: { ...state.rtcp.remote } }
        : {}),
      ...(state.extras !== null ? { dtmfReceived: state.extras.dtmfIn.digits } : {}),
    };
    const stats = this.deps.stats;
    stats.count(Counter.RtpPacketsLost, q.lost);
    stats.count(Counter.RtpPacketsReordered, q.reordered);
    if (rx !== null) {
      stats.count(Counter.RtpQualityCalls);
      stats.count(Counter.RtpJitterUsSum, Math.round(jitterMs * 1000));
      stats.count(Counter.RtpMosMilliSum, Math.round(q.mos * 1000));
    }
    if (this.keepQualities) this.qualities.push(q);
  }
}

function sourceKey(address: string, port: number): string {
  return `${address}|${port}`;
}

function stateOf(call: MediaCall): CallMedia {
  return ((call.media as CallMedia | null) ??= new CallMedia(call.callId));
}
