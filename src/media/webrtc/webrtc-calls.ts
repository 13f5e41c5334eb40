/**
 * The WebRTC calls of an engine (`[webrtc_offer]`, `[webrtc_answer]`): the peer of each call,
 * the SDP it made, the offer a UAS received. Making SDP is asynchronous in werift (candidates
 * are gathered, a certificate made) while a send renders synchronously, so the engine asks
 * `localSdp` before the send: the first ask starts the work and answers null, the call waits
 * (WaitKind.Media) and `wait.ready()` runs the send again, which then finds the SDP made.
 * What arrives counts into the call's RTP statistics (CallMedia.rx), so the run's quality
 * figures cover WebRTC calls as any other.
 */
import { SDP_WAIT_MS } from '../../engine/index.ts';
import type { SdpWait, WebRtcRole } from '../../engine/index.ts';
import { Counter } from '../../stats/index.ts';
import type { CounterId } from '../../stats/index.ts';
import type { CallMedia } from '../call-media.ts';
import { RtpReceiveStats } from '../rtp-receive-stats.ts';
import type { StreamScheduler } from '../stream-scheduler.ts';
import { isDtlsSdp } from './dtls-sdp.ts';
import { hasRtcpMux } from './ice-sdp.ts';
import { WebRtcPeer } from './webrtc-peer.ts';
import type { Werift } from './werift-loader.ts';

/**
 * Why an answer to our offer is refused. Without rtcp-mux the peer keeps RTCP on a second ICE
 * component, and as the answerer it may also run DTLS there (baresip does, RFC 5764 §4.1),
 * towards werift's one socket, where the second handshake breaks the first.
 */
const NO_RTCP_MUX =
  'DTLS-SRTP: the answer does not multiplex RTCP (no a=rtcp-mux, RFC 5761) and our WebRTC ' +
  'peer takes RTCP on the RTP port only: set the far end to rtcp-mux (baresip: rtcp_mux yes)';

export interface WebRtcCallsDeps {
  readonly werift: Werift;
  /** The media IP (`-mi`, else the local IP): where ICE gathers. */
  readonly ip: string;
  readonly scheduler: StreamScheduler;
  readonly clock: { now(): number };
  readonly stats: { count(counter: CounterId, n?: number): void };
  /** A peer started streaming: the ticker must run the scheduler. */
  readonly onWork: () => void;
}

interface WebRtcCall {
  peer: WebRtcPeer | null;
  /** The SDP offer a UAS received, waiting for its `[webrtc_answer]`. */
  remoteOffer: string | null;
  startedMs: number;
  isMaking: boolean;
  error: Error | null;
  wait: SdpWait | null;
  /** Our offer's answer was applied (a 200 after a 183 with the same SDP is not applied twice). */
  hasAnswer: boolean;
  isEnded: boolean;
}

export class WebRtcCalls {
  private readonly calls = new Map<CallMedia, WebRtcCall>();

  constructor(private readonly deps: WebRtcCallsDeps) {}

  /** See the file comment; an Error when the SDP cannot be made (named by the caller). */
  localSdp(state: CallMedia, role: WebRtcRole, wait: SdpWait): string | Error | null {
    const c = this.entry(state);
    c.wait = wait;
    if (c.error !== null) return c.error;
    if (state.localSdp !== '') return state.localSdp;
    const now = this.deps.clock.now();
    if (c.isMaking) {
      return now - c.startedMs >= SDP_WAIT_MS
        ? (c.error = new Error(`${role} not made within ${SDP_WAIT_MS} ms`))
        : null;
    }
    if (role === 'answer') {
      if (c.remoteOffer === null)
        return (c.error = new Error('no SDP offer received before [webrtc_answer]'));
      if (!isDtlsSdp(c.remoteOffer))
        return (c.error = new Error(
          'the offer received is not DTLS-SRTP (no a=fingerprint): [webrtc_answer] answers WebRTC offers only',
        ));
    }
    c.isMaking = true;
    c.startedMs = now;
    void this.make(state, c, role);
    return null;
  }

  /**
   * An SDP the call received. Returns true when it is this call's WebRTC business (an answer to
   * our offer, an offer for our answer), so the plain RTP path leaves it alone.
   */
  onSdp(state: CallMedia, sdp: string): boolean {
    const c = this.calls.get(state);
    if (c === undefined || c.peer === null) {
      // A UAS: the offer its [webrtc_answer] will answer (the latest, as SIPp reads SDP); one
      // without DTLS is kept too, so that the answer names why it refuses it.
      this.entry(state).remoteOffer = sdp;
      return isDtlsSdp(sdp);
    }
    const peer = c.peer;
    if (c.remoteOffer !== null || c.hasAnswer) return true;
    c.hasAnswer = true;
    if (!hasRtcpMux(sdp)) {
      c.wait?.failed(NO_RTCP_MUX);
      return true;
    }
    peer.accept(sdp, this.deps.clock.now()).catch((err: unknown) => {
      c.wait?.failed(`setRemoteDescription: ${message(err)}`);
    });
    return true;
  }

  /** The call ended: its peer closes (also one still being made). */
  endCall(state: CallMedia): void {
    const c = this.calls.get(state);
    if (c === undefined) return;
    c.isEnded = true;
    this.calls.delete(state);
    if (c.peer !== null) {
      this.deps.scheduler.remove(c.peer);
      void c.peer.close();
    }
  }

  /** The run ends: every peer closes. */
  async close(): Promise<void> {
    const peers: WebRtcPeer[] = [];
    for (const c of this.calls.values()) if (c.peer !== null) peers.push(c.peer);
    for (const state of [...this.calls.keys()]) this.endCall(state);
    await Promise.all(peers.map((p) => p.close()));
  }

  private entry(state: CallMedia): WebRtcCall {
    let c = this.calls.get(state);
    if (c === undefined) {
      c = {
        peer: null,
        remoteOffer: null,
        startedMs: 0,
        isMaking: false,
        error: null,
        wait: null,
        hasAnswer: false,
        isEnded: false,
      };
      this.calls.set(state, c);
    }
    return c;
  }

  private async make(state: CallMedia, c: WebRtcCall, role: WebRtcRole): Promise<void> {
    const { deps } = this;
    const peer = new WebRtcPeer({
      werift: deps.werift,
      ip: deps.ip,
      events: {
        onRtp: (packet) => {
          deps.stats.count(Counter.RtpPacketsReceived);
          (state.rx ??= new RtpReceiveStats()).onPacket(packet, deps.clock.now());
          state.recording?.onReceived(packet);
        },
        onSent: (packet) => {
          deps.stats.count(Counter.RtpPacketsSent);
          state.sent++;
          state.recording?.onSent(packet);
        },
        onFailed: (why) => c.wait?.failed(`DTLS-SRTP: ${why}`),
      },
    });
    c.peer = peer;
    try {
      const sdp =
        role === 'offer'
          ? await peer.offer()
          : await peer.answer(c.remoteOffer ?? '', deps.clock.now());
      if (c.isEnded) {
        await peer.close();
        return;
      }
      state.localSdp = sdp;
      peer.dueMs = deps.clock.now();
      deps.scheduler.add(peer);
      deps.onWork();
    } catch (err) {
      c.error = new Error(`werift could not make the ${role}: ${message(err)}`);
      await peer.close();
    } finally {
      c.isMaking = false;
      if (!c.isEnded) c.wait?.ready();
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
