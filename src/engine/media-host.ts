/**
 * The engine's seam to RTP (src/media/ implements it; Run wires it). The engine only hands over
 * what it sees (a received SDP, a media action, a call's end); the media side owns sockets,
 * files and the stream scheduler. A run whose scenario uses no media has no host at all
 * (EngineDeps.media undefined): every hook is then one null check, off the per-message path.
 */
import type { CounterId } from '../stats/index.ts';

/** State the media side keeps per call; opaque to the engine. */
export interface CallMediaState {
  readonly isMediaState: true;
  /** The SDP `[webrtc_offer]`/`[webrtc_answer]` render, '' until made (MediaHost.localSdp). */
  readonly localSdp?: string;
  /** `[dtmf_digits]`: the digits of the call's last send_dtmf, '' before one. */
  readonly dtmfDigits: string;
  /** `[dtmf_received]`: the RFC 4733 digits the call received, in order. */
  readonly dtmfReceived: string;
}

/** `[webrtc_offer]` (a UAC's offer) or `[webrtc_answer]` (a UAS's answer). */
export type WebRtcRole = 'offer' | 'answer';

/** How the media side reaches a call that waits for its SDP, and later fails it. */
export interface SdpWait {
  /** The SDP is made (or could not be): run the waiting send again. */
  ready(): void;
  /** ICE or DTLS failed after the SDP went out: the call fails, counted as FailedMedia. */
  failed(text: string): void;
}

/** Longest a call waits for its WebRTC SDP before it fails (werift gathers in ~0.2 s here). */
export const SDP_WAIT_MS = 10_000;

/** What the media side reads of a call (Call has these). */
export interface MediaCall {
  readonly callNumber: number;
  readonly callId: string;
  media: CallMediaState | null;
}

/** `exec` attributes that start media, in SIPp's names. */
export type MediaExecKind =
  | 'play_pcap_audio'
  | 'play_pcap_video'
  | 'play_pcap_image'
  | 'play_dtmf'
  | 'rtp_stream'
  | 'rtp_record'
  | 'send_dtmf'
  | 'rtpcheck';

/** Fails a call later than its action (an rtpcheck deadline): the engine's callFailed. */
export type MediaCallFailure = (call: MediaCall, cause: CounterId, text: string) => void;

export interface MediaHost {
  /**
   * Runs a media `exec` whose argument is already expanded; null when it started (or paused,
   * resumed), else why it could not, naming the call and the file. `where` is the action's
   * place in the scenario (`uac.xml:42`), for messages about it.
   */
  exec(call: MediaCall, kind: MediaExecKind, arg: string, where?: string): string | null;
  /** `<action><rtp_echo value="1"/>`: SIPp's global echo switch. */
  setEcho(on: boolean): void;
  /** A message this call received (a whole SIP message); its SDP, if any, is the remote media. */
  onReceived(call: MediaCall, message: Buffer): void;
  /** The call ended: its streams stop, its per-call ports close. */
  endCall(call: MediaCall): void;
  /** `[srtp_crypto suite=...]`: the call's SDES `a=crypto:` line ('' suite: the default). */
  cryptoLine?(call: MediaCall, suiteName: string): string;
  /**
   * Only hosts that run WebRTC: the SDP a send with `[webrtc_offer]`/`[webrtc_answer]` renders.
   * The text when made (also kept as call.media.localSdp); null while it is being made (the
   * call waits, `wait.ready()` comes later); a message naming the call when it cannot be made.
   */
  localSdp?(call: MediaCall, role: WebRtcRole, wait: SdpWait): string | { error: string } | null;
  /** Called once by the engine: how the media side fails a call after its action ran. */
  bindCallFailure?(fail: MediaCallFailure): void;
}
