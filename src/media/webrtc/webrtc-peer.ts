/**
 * One call's WebRTC media: a werift RTCPeerConnection with one audio track offering PCMU and
 * PCMA, ICE host candidates on the media IP only, DTLS-SRTP (fingerprint sha-256), RTCP on the
 * RTP port (rtcp-mux, or for a peer that offers no rtcp-mux, as ice-sdp.ts tells).
 * It is a stream of the engine's StreamScheduler: every 20 ms, once DTLS is up, it writes one
 * G.711 frame into the track (werift encrypts and sends it), and while it waits for the
 * handshake it checks its deadline, so no timer per call is needed.
 */
import { withMids } from './dtls-sdp.ts';
import { FRAME_MS, FRAME_SAMPLES, PT_PCMA, PT_PCMU, g711Frame } from './g711-tone.ts';
import { hasRtcpMux, rtcpCandidateAddresses, sipLocalSdp } from './ice-sdp.ts';
import type { Werift } from './werift-loader.ts';
import type { ScheduledStream } from '../stream-scheduler.ts';

type PeerConnection = InstanceType<Werift['RTCPeerConnection']>;
type Track = InstanceType<Werift['MediaStreamTrack']>;
type RtpPacket = InstanceType<Werift['RtpPacket']>;
type StunMessage = Parameters<NonNullable<Werift['defaultPeerConfig']['iceFilterStunResponse']>>[0];

/** From the remote description to DTLS connected; browsers take well under a second here. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** An Ethernet MTU's worth: G.711 at 20 ms is 172 bytes; a larger packet gets its own area. */
const MAX_RTP_BYTES = 1500;

export interface PeerEvents {
  /**
   * An RTP packet arrived, decrypted: `packet` is its 12-byte fixed header rebuilt and its
   * payload (lent until the next packet).
   */
  onRtp(packet: Buffer): void;
  /** A frame left through the track: `packet` is its RTP as we wrote it, before SRTP (lent). */
  onSent(packet: Buffer): void;
  /** ICE or DTLS failed, or did not finish in time: why, in a sentence. */
  onFailed(why: string): void;
}

export interface PeerOptions {
  readonly werift: Werift;
  /** The media IP: the only address ICE gathers on and offers. */
  readonly ip: string;
  readonly events: PeerEvents;
  readonly isSilence?: boolean;
}

export class WebRtcPeer implements ScheduledStream {
  dueMs = 0;
  heapAt = -1;
  private readonly pc: PeerConnection;
  private readonly track: Track;
  private readonly werift: Werift;
  /** Where the packets given to the events are rebuilt (reused: no allocation per packet). */
  private receivedArea = Buffer.alloc(MAX_RTP_BYTES);
  private sentArea = Buffer.alloc(12 + FRAME_SAMPLES);
  /** A peer without rtcp-mux: its RTCP component's addresses (ice-sdp.ts), which never nominate. */
  private rtcpSources = new Set<string>();
  private isRtcpMuxed = true;
  private frame: Buffer | null = null;
  private seq = 0;
  private timestamp = 0;
  private deadlineMs = Infinity;
  private isClosed = false;
  private closing: Promise<void> | null = null;
  private hasFailed = false;

  constructor(private readonly o: PeerOptions) {
    const w = o.werift;
    this.werift = w;
    const isV6 = o.ip.includes(':');
    this.pc = new w.RTCPeerConnection({
      codecs: {
        audio: [codec(w, 'audio/PCMU', PT_PCMU), codec(w, 'audio/PCMA', PT_PCMA)],
        video: [],
      },
      iceUseIpv4: !isV6,
      iceUseIpv6: isV6,
      // werift gathers on the host's non-loopback addresses; the media IP (often 127.0.0.1 in a
      // lab) is added and the sockets bound to it, and only pairs from it are checked.
      iceAdditionalHostAddresses: [o.ip],
      iceInterfaceAddresses: isV6 ? { udp6: o.ip } : { udp4: o.ip },
      iceFilterCandidatePair: (pair) => pair.localCandidate.host === o.ip,
      iceFilterStunResponse: (message, [host, port]) => {
        if (this.rtcpSources.has(`${host}:${port}`)) withoutNomination(message);
        return true;
      },
    });
    this.track = new w.MediaStreamTrack({ kind: 'audio' });
    this.pc.onTrack.subscribe((t) => {
      t.onReceiveRtp.subscribe((rtp) => this.onReceived(rtp));
    });
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed') this.fail(`ICE/DTLS connection failed (${this.states()})`);
    });
  }

  /** A UAC's offer: gathered, with candidates, ready to send. */
  async offer(): Promise<string> {
    this.pc.addTransceiver(this.track, { direction: 'sendrecv' });
    this.withoutStunServer();
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.localSdp();
  }

  /** A UAS's answer to `remoteSdp` (an offer it received). */
  async answer(remoteSdp: string, nowMs: number): Promise<string> {
    this.isRtcpMuxed = hasRtcpMux(remoteSdp);
    if (!this.isRtcpMuxed) this.rtcpSources = rtcpCandidateAddresses(remoteSdp);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: withMids(remoteSdp) });
    this.withoutStunServer();
    const audio = this.pc.getTransceivers().find((t) => t.kind === 'audio');
    if (audio === undefined) throw new Error('the offer has no m=audio line');
    audio.setDirection('sendrecv');
    await audio.sender.replaceTrack(this.track);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.deadlineMs = nowMs + HANDSHAKE_TIMEOUT_MS;
    return this.localSdp();
  }

  /** The answer (200 OK or 183) to our offer. */
  async accept(remoteSdp: string, nowMs: number): Promise<void> {
    this.deadlineMs = nowMs + HANDSHAKE_TIMEOUT_MS;
    const ours = this.pc.getTransceivers().map((t) => t.mid ?? '');
    await this.pc.setRemoteDescription({ type: 'answer', sdp: withMids(remoteSdp, ours) });
  }

  fire(nowMs: number): number {
    if (this.isClosed) return -1;
    const sender = this.pc.getTransceivers()[0]?.sender;
    const codecPt = sender?.codec?.payloadType;
    if (sender === undefined || codecPt === undefined || sender.transport.state !== 'connected') {
      if (nowMs > this.deadlineMs) {
        this.fail(
          `DTLS-SRTP handshake not done within ${HANDSHAKE_TIMEOUT_MS} ms (${this.states()})`,
        );
        return -1;
      }
      return nowMs + FRAME_MS;
    }
    this.deadlineMs = Infinity;
    this.frame ??= g711Frame(codecPt, this.o.isSilence === true);
    const w = this.werift;
    // werift's sender rewrites SSRC and payload type to its own and keeps seq/timestamp going.
    const header = new w.RtpHeader({
      payloadType: codecPt,
      sequenceNumber: this.seq,
      timestamp: this.timestamp,
      marker: this.seq === 0,
      ssrc: 0,
    });
    this.track.writeRtp(new w.RtpPacket(header, this.frame));
    this.o.events.onSent(rtpBytes(this.sentArea, header, this.frame));
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
    return Math.max(this.dueMs + FRAME_MS, nowMs - FRAME_MS);
  }

  /** Closes once; every caller waits for the same close (the run's end awaits its peers). */
  close(): Promise<void> {
    this.isClosed = true;
    return (this.closing ??= this.pc.close());
  }

  private onReceived(rtp: RtpPacket): void {
    if (this.isClosed) return;
    if (12 + rtp.payload.length > this.receivedArea.length)
      this.receivedArea = Buffer.alloc(12 + rtp.payload.length);
    this.o.events.onRtp(rtpBytes(this.receivedArea, rtp.header, rtp.payload));
  }

  /**
   * werift's ICE asks a public STUN server (stun.l.google.com) for a server-reflexive candidate
   * when none is configured, and an empty `iceServers` does not stop it: every call made a DNS
   * query and, with a network, a STUN request. Our candidates are host ones on the media IP
   * (docs/media.md), so the transports' server is unset before gathering starts.
   */
  private withoutStunServer(): void {
    for (const t of this.pc.iceTransports) t.connection.stunServer = undefined;
  }

  private fail(why: string): void {
    if (this.hasFailed || this.isClosed) return;
    this.hasFailed = true;
    this.o.events.onFailed(why);
  }

  /** The far end's address that ICE selected (`host:port`), '' while none is. */
  get selectedRemote(): string {
    const pair = this.pc.iceTransports[0]?.connection.nominated;
    return pair === undefined ? '' : `${pair.remoteAddr[0]}:${pair.remoteAddr[1]}`;
  }

  private states(): string {
    const via = this.selectedRemote === '' ? '' : ` with ${this.selectedRemote}`;
    return `ICE ${this.pc.iceConnectionState}${via}, connection ${this.pc.connectionState}`;
  }

  /** Our SDP for SIP: candidates on the media IP only (werift lists the host's others too). */
  private localSdp(): string {
    const sdp = this.pc.localDescription?.sdp ?? '';
    return sipLocalSdp(sdp, { ip: this.o.ip, isRtcpMuxed: this.isRtcpMuxed });
  }
}

/**
 * `header` (its fixed 12 bytes: no CSRC, no extension) and `payload` as one RTP packet, written
 * at the start of `b` (large enough); the view of it is returned.
 */
function rtpBytes(b: Buffer, header: RtpPacket['header'], payload: Buffer): Buffer {
  b[0] = 0x80;
  b[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  b.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  b.writeUInt32BE(header.timestamp >>> 0, 4);
  b.writeUInt32BE(header.ssrc >>> 0, 8);
  payload.copy(b, 12);
  return b.subarray(0, 12 + payload.length);
}

/**
 * A connectivity check from the peer's RTCP component loses its USE-CANDIDATE before werift
 * reads it (the response still goes out, so the peer's check succeeds): werift runs one
 * component and must select the pair of the peer's RTP address, never the RTCP one.
 */
function withoutNomination(message: StunMessage): void {
  const attributes = message.getAttributes();
  const at = attributes.findIndex(([key]) => key === 'USE-CANDIDATE');
  if (at >= 0) attributes.splice(at, 1);
}

function codec(w: Werift, mimeType: string, payloadType: number) {
  return new w.RTCRtpCodecParameters({ mimeType, clockRate: 8000, channels: 1, payloadType });
}
