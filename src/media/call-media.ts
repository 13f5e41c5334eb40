/** What the media side keeps per call (Call.media): remote address, streams, own ports. */
import type { CallMediaState, MediaCall } from '../engine/index.ts';
import { hasTimedSend } from '../transport/index.ts';
import type { RemoteAddress, Transport } from '../transport/index.ts';
import type { CapturePlayback, StreamOutput } from './capture-playback.ts';
import type { FileStream } from './file-stream.ts';
import type { SyntheticStream } from './synthetic-stream.ts';
import type { MediaKind } from './media-plan.ts';
import type { RemoteMedia } from './sdp-media.ts';
import type { RtpReceiveStats } from './rtp-receive-stats.ts';
import type { CallRecording } from './call-recording.ts';
import { DTMF_FIRST_SEQ } from './dtmf-play.ts';
import type { CallSrtp } from './call-srtp.ts';
import type { StreamPacing } from './stream-pacing.ts';
import type { CallRtcp } from './rtcp-reporter.ts';
import type { RtcpAddress } from './sdp-rtcp.ts';
import type { CallRtpExtras } from './call-rtp-extras.ts';

export class CallMedia implements CallMediaState {
  readonly isMediaState = true;
  /** The RTCP CNAME of the call's reports: its Call-ID. */
  constructor(readonly cname = '') {}
  remote: RemoteMedia | null = null;
  readonly plays: Partial<Record<MediaKind, CapturePlayback>> = {};
  fileStream: FileStream | SyntheticStream | null = null;
  /** `[auto_media_port]` sockets this call bound (closed when it ends). */
  readonly ownPorts: number[] = [];
  /** Ports whose RTP is this call's (its own, and the run's block when it is call 1's). */
  readonly claimedPorts: number[] = [];
  /** RTP this call's streams queued. */
  sent = 0;
  /** What arrived for the call (made on its first packet). */
  rx: RtpReceiveStats | null = null;
  /** The `bySource` key (call-lookup.ts): its remote audio address, '' when none. */
  sourceKey = '';
  /** The sequence number the call's next play_dtmf starts at. */
  dtmfSeq = DTMF_FIRST_SEQ;
  /** SDES SRTP (srtp-media.ts); null while no SDP of the call mentioned SRTP. */
  srtp: CallSrtp | null = null;
  /** `[webrtc_offer]`/`[webrtc_answer]`: the SDP its WebRTC peer made (src/media/webrtc/). */
  localSdp = '';
  /** Why its media is refused (an offer it cannot answer in cleartext); '' when not. */
  refusal = '';
  /** `-record_wav_dir`: the call's WAV recording, null when not recorded. */
  recording: CallRecording | null = null;
  /** The peer's `a=rtcp:` (RFC 3605), when its SDP named one; else RTCP goes to RTP + 1. */
  remoteRtcp: RtcpAddress | null = null;
  /** The `byRtcpSource` key (call-lookup.ts) the call registered for it, '' when none. */
  rtcpSourceKey = '';
  /** RTCP reports of the call (src/media/rtcp-reporter.ts), once it has RTP. */
  rtcp: CallRtcp | null = null;
  /** RTP (port offset 0) sent: count, payload octets, and the last packet's SSRC and time. */
  rtpSent = 0;
  rtpOctetsSent = 0;
  lastSentSsrc = 0;
  lastSentTs = 0;
  lastSentAtMs = 0;
  /** RTP clock of what the call sends (48000 for Opus). */
  sentClockRate = 8000;
  /** send_dtmf, synthetic streams, rtpcheck (src/media/call-rtp-extras.ts), when used. */
  extras: CallRtpExtras | null = null;

  get dtmfDigits(): string {
    return this.extras?.dtmfSent ?? '';
  }

  get dtmfReceived(): string {
    return this.extras?.dtmfIn.digits ?? '';
  }

  /** An RTP packet left: what the RTCP sender report says of the call. */
  noteRtpSent(packet: Buffer, nowMs: number): void {
    if (packet.length < 12) return;
    this.rtpSent++;
    this.rtpOctetsSent += packet.length - 12;
    this.lastSentSsrc = packet.readUInt32BE(8);
    this.lastSentTs = packet.readUInt32BE(4);
    this.lastSentAtMs = nowMs;
  }
}

/** The call's media state, made on first use. */
export function callMediaOf(call: MediaCall): CallMedia {
  return ((call.media as CallMedia | null) ??= new CallMedia(call.callId));
}

/** Counts datagrams queued by streams; the session adds them to the run's statistics per tick. */
export interface SendTally {
  sent: number;
  /** The tick's clock time, for the RTCP sender info. */
  nowMs: number;
}

/** A stream's datagrams: from our `localPort + d` to the peer's `port + d`. */
export class PortOutput implements StreamOutput {
  private readonly dests: RemoteAddress[] = [];

  constructor(
    private readonly socketAt: (port: number) => Transport | undefined,
    private readonly localPort: number,
    private readonly address: string,
    private readonly remotePort: number,
    private readonly tally: SendTally,
    private readonly call: CallMedia,
    /** Audio: what it sends goes into the call's duplex recording, if any. */
    private readonly isAudio = true,
    /** SRTP encryption of the call's datagrams; null: sent as they are. */
    private readonly protect: ((portDiff: number, payload: Buffer) => Buffer) | null = null,
    /** The pacer thread's clock, when packets are handed to it (stream-pacing.ts). */
    private readonly pacing: StreamPacing | null = null,
  ) {}

  send(portDiff: number, payload: Buffer, dueMs: number): boolean {
    const t = this.socketAt(this.localPort + portDiff);
    if (t === undefined) return false;
    const to = (this.dests[portDiff] ??= {
      address: this.address,
      port: this.remotePort + portDiff,
    });
    // Recorded before SRTP: the recording holds the audio, not its ciphertext.
    if (portDiff === 0 && this.isAudio && this.call.recording !== null)
      this.call.recording.onSent(payload, dueMs);
    const bytes = this.protect === null ? payload : this.protect(portDiff, payload);
    if (this.pacing !== null && hasTimedSend(t))
      t.sendAt(bytes, to, dueMs + this.pacing.monotonicOffsetMs);
    else t.send(bytes, to);
    this.tally.sent++;
    this.call.sent++;
    // Its due time, not the tick's: the RTP timestamp it carries belongs to that instant.
    if (portDiff === 0) this.call.noteRtpSent(payload, dueMs);
    return true;
  }
}
