/**
 * The media sockets of an engine, by local port: RTP on a port, RTCP on the next. A run's
 * `[media_port]` block is bound before traffic; a call's `[auto_media_port]` block is bound when
 * the call first needs it and closed when it ends. Every socket is a Transport from
 * src/transport/, so its sends are queued and leave in one batch per socket and turn (sendmmsg
 * through the native addon), and what it receives arrives in batches too. With echo on, every
 * RTP datagram received goes back to its sender from the port it came to (SIPp's -rtp_echo).
 */
import { GossipperError } from '../errors.ts';
import { UdpTransport } from '../transport/index.ts';
import type { RemoteAddress, Transport, TransportHandlers } from '../transport/index.ts';

export interface MediaTraffic {
  /** Per received datagram, lent for the call only (`isRtcp`: on the odd port of a pair). */
  onReceived(port: number, from: RemoteAddress, buf: Buffer, isRtcp: boolean): void;
  onEchoed(): void;
  /** What echo sends back for the datagram just received (SRTP re-keys it); null: nothing. */
  echoReply?(buf: Buffer): Buffer | null;
  onError(text: string): void;
}

export interface MediaPortsOptions {
  readonly ip: string;
  readonly family: 4 | 6;
  /** `-rtp_buffsize`: SO_RCVBUF / SO_SNDBUF of each media socket. */
  readonly bufferBytes: number;
  readonly traffic: MediaTraffic;
  isEchoOn(): boolean;
}

export class MediaPorts {
  private readonly sockets = new Map<number, Transport>();
  private readonly opening = new Map<number, Promise<Transport>>();

  constructor(private readonly opts: MediaPortsOptions) {}

  /** The open socket on `port`, if any. */
  get(port: number): Transport | undefined {
    return this.sockets.get(port);
  }

  get openCount(): number {
    return this.sockets.size;
  }

  /**
   * Binds `port` (RTP, echoing when echo is on) at once when the native addon is there; else
   * undefined, and `bind` is the way. Throws BIND_FAILED naming the port.
   */
  bindNow(port: number, isRtcp: boolean): Transport | null {
    const have = this.sockets.get(port);
    if (have !== undefined) return have;
    const t = UdpTransport.openNow(this.udpOptions(port, isRtcp));
    if (t !== null) this.sockets.set(port, t);
    return t;
  }

  async bind(port: number, isRtcp: boolean): Promise<Transport> {
    const now = this.bindNow(port, isRtcp);
    if (now !== null) return now;
    let pending = this.opening.get(port);
    if (pending === undefined) {
      pending = UdpTransport.open(this.udpOptions(port, isRtcp)).then((t) => {
        this.sockets.set(port, t);
        return t;
      });
      this.opening.set(port, pending);
      void pending.finally(() => this.opening.delete(port)).catch(() => undefined);
    }
    return pending;
  }

  async release(port: number): Promise<void> {
    const t = this.sockets.get(port);
    if (t === undefined) return;
    this.sockets.delete(port);
    await t.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.sockets.values()];
    this.sockets.clear();
    await Promise.all(all.map((t) => t.close()));
  }

  private udpOptions(port: number, isRtcp: boolean) {
    const { traffic } = this.opts;
    const handlers: TransportHandlers = {
      onMessage: (buf, from, via) => {
        traffic.onReceived(port, from, buf, isRtcp);
        if (!isRtcp && this.opts.isEchoOn()) {
          const reply = traffic.echoReply === undefined ? buf : traffic.echoReply(buf);
          if (reply === null) return;
          via.send(reply, from);
          traffic.onEchoed();
        }
      },
      onError: (kind, err) => traffic.onError(`media port ${port}: ${kind}: ${err.message}`),
    };
    if (port < 1 || port > 65535)
      throw new GossipperError('BIND_FAILED', `media port ${port} is outside 1..65535`);
    return {
      bindIp: this.opts.ip,
      port,
      family: this.opts.family,
      bufferBytes: this.opts.bufferBytes,
      handlers,
    };
  }
}
