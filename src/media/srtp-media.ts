/**
 * The session's SDES SRTP (docs/media.md, "SRTP"), kept apart from media-session.ts: a call
 * gets SRTP state only when an SDP it received mentions SRTP or it rendered `[srtp_crypto]`, so
 * a cleartext call pays one null check per packet. What arrives is decrypted before it is
 * counted; what a call sends (streams, captures, DTMF, echo) is encrypted on its way out.
 */
import type { SrtpPolicy } from '../config/index.ts';
import { Counter, type CounterId } from '../stats/index.ts';
import type { CallMedia } from './call-media.ts';
import { CallSrtp } from './call-srtp.ts';
import { GossipperError } from '../errors.ts';
import type { MediaKind } from './media-plan.ts';
import type { MediaCall } from '../engine/index.ts';

/** How warnings name a call, as media action failures do. */
function callLabel(call: MediaCall): string {
  return `call ${call.callNumber} (${call.callId})`;
}

/** Encrypts one datagram of a stream (`portDiff` odd: RTCP, on the port above RTP). */
export type Protect = (portDiff: number, payload: Buffer) => Buffer;

/** Lent plaintext of the last packet decrypted: large enough for any G.711/G.722 frame. */
const SCRATCH_BYTES = 2048;
/** The longest SRTP tag (80 bits). */
const MAX_TAG_BYTES = 10;

export class SrtpMedia {
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  /** What a stream's next SRTP packet is written into when its socket copies on send. */
  private readonly sendScratch = Buffer.allocUnsafe(SCRATCH_BYTES);

  constructor(
    private readonly policy: SrtpPolicy,
    private readonly count: (counter: CounterId, n?: number) => void,
    private readonly warn: (text: string) => void,
  ) {}

  /** A received SDP of the call; cheap text checks first, most SDPs say nothing of SRTP. */
  noteSdp(state: CallMedia, sdp: string, call: MediaCall): void {
    if (
      state.srtp === null &&
      !sdp.includes('SAVP') &&
      !sdp.includes('a=crypto') &&
      !sdp.includes('a=fingerprint')
    )
      return;
    (state.srtp ??= new CallSrtp(callLabel(call))).noteSdp(sdp);
  }

  /** `[srtp_crypto]` for the call. */
  cryptoLine(state: CallMedia, suiteName: string, call: MediaCall): string {
    return (state.srtp ??= new CallSrtp(callLabel(call))).cryptoLine(suiteName);
  }

  /**
   * How the call's streams encrypt, null for cleartext; throws when its media must not flow.
   * `socketCopies`: the socket copies each datagram when it is queued (the batched native path),
   * so every SRTP packet can be written into one buffer lent again and again.
   */
  protectFor(state: CallMedia, socketCopies: boolean, kind: MediaKind): Protect | null {
    const srtp = state.srtp;
    if (srtp === null || srtp.settle(this.policy) === null) return null;
    // The crypto lines read and sent are the m=audio section's: video or image would need keys
    // of their own, and cleartext beside SRTP audio is what the policy forbids.
    if (kind !== 'audio')
      throw new GossipperError(
        'MEDIA_INVALID',
        `SRTP is keyed for m=audio only; ${kind} cannot be sent in this SRTP call`,
      );
    const scratch = socketCopies ? this.sendScratch : undefined;
    // Read the pair at each send: a re-INVITE with a new key replaces it mid-stream.
    return (portDiff, payload) => {
      const tx = srtp.pair!.tx;
      if (portDiff % 2 !== 0) return tx.protectRtcp(payload);
      const into = payload.length + MAX_TAG_BYTES <= SCRATCH_BYTES ? scratch : undefined;
      return tx.protectRtp(payload, into);
    };
  }

  /**
   * The RTP inside a packet that arrived for the call (lent until the next packet), the packet
   * itself for a cleartext call, or null when refused (counted as SrtpPacketsRejected).
   */
  inbound(state: CallMedia, buf: Buffer): Buffer | null {
    const srtp = state.srtp;
    if (srtp === null) return buf;
    let pair;
    try {
      pair = srtp.settle(this.policy);
    } catch (err) {
      // Not let through in clear. A media action of the call reports why as it fails; a call
      // with none (an echoing UAS) is named here, once.
      this.count(Counter.SrtpPacketsRejected);
      if (!srtp.hasWarned) {
        srtp.hasWarned = true;
        const why = err instanceof Error ? err.message : String(err);
        this.warn(`${srtp.label}: RTP received: ${why} (its packets are dropped, counted)`);
      }
      return null;
    }
    if (pair === null) return buf;
    const plain = pair.rx.unprotectRtp(buf, buf.length <= SCRATCH_BYTES ? this.scratch : undefined);
    if (typeof plain === 'string') {
      this.count(Counter.SrtpPacketsRejected);
      return null;
    }
    return plain;
  }

  /** The echo of `plain` for an SRTP call: encrypted with our key (the peer decrypts with it). */
  echoOf(state: CallMedia, plain: Buffer): Buffer {
    const pair = state.srtp?.pair;
    return pair === null || pair === undefined ? plain : pair.tx.protectRtp(plain);
  }

  /**
   * An RTCP compound the call is about to send, as SRTCP for an SRTP call (cleartext as it is);
   * null when the call's media must not flow (the policy refused its SRTP): not sent at all.
   */
  outboundRtcp(state: CallMedia, packet: Buffer): Buffer | null {
    const srtp = state.srtp;
    if (srtp === null) return packet;
    try {
      const pair = srtp.settle(this.policy);
      return pair === null ? packet : pair.tx.protectRtcp(packet);
    } catch {
      return null;
    }
  }

  /** An RTCP packet that arrived for the call, decrypted; null when SRTCP refused it. */
  inboundRtcp(state: CallMedia, packet: Buffer): Buffer | null {
    const srtp = state.srtp;
    if (srtp === null) return packet;
    let pair;
    try {
      pair = srtp.settle(this.policy);
    } catch {
      return null;
    }
    if (pair === null) return packet;
    const plain = pair.rx.unprotectRtcp(packet);
    if (typeof plain === 'string') {
      this.count(Counter.SrtcpPacketsRejected);
      return null;
    }
    return plain;
  }
}
