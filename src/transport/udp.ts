/**
 * UDP transport on node:dgram. One socket per instance; `-t u1` shares one for every call,
 * `-t un` opens one per call. Large socket buffers are the default for load runs, because the
 * kernel's defaults (SIPp's 64 KB) drop datagrams first when the rate climbs.
 */
import dgram from 'node:dgram';
import { GossipperError } from '../errors.ts';
import type { RemoteAddress, Transport, TransportHandlers } from './transport.ts';

export interface UdpOptions {
  /** Address to bind; '0.0.0.0' / '::' for any. */
  bindIp: string;
  /** 0 = OS-chosen. */
  port: number;
  family: 4 | 6;
  /** SO_RCVBUF / SO_SNDBUF; undefined = kernel default. */
  bufferBytes?: number;
  handlers: TransportHandlers;
}

export class UdpTransport implements Transport {
  readonly protocol = 'UDP' as const;
  localAddress: RemoteAddress = { address: '', port: 0 };
  private closed = false;
  /** Datagrams handed to the socket whose send has not completed yet. */
  private pendingSends = 0;
  private onDrained: (() => void) | undefined;

  private constructor(private readonly socket: dgram.Socket, private readonly handlers: TransportHandlers) {}

  // One shared callback (no closure per send). With a callback, node:dgram reports send errors
  // here instead of as an 'error' event.
  private readonly afterSend = (err: Error | null): void => {
    if (err) this.handlers.onError('send', err, this);
    if (--this.pendingSends === 0) this.onDrained?.();
  };

  static open(opts: UdpOptions): Promise<UdpTransport> {
    const socket = dgram.createSocket({ type: opts.family === 6 ? 'udp6' : 'udp4', reuseAddr: false });
    const t = new UdpTransport(socket, opts.handlers);
    return new Promise((resolve, reject) => {
      const onBindError = (err: NodeJS.ErrnoException): void => {
        socket.close();
        reject(new GossipperError('BIND_FAILED', `cannot bind UDP ${opts.bindIp}:${opts.port}: ${err.code ?? err.message}`,
          err.code === 'EADDRINUSE' ? 'another process uses this port; choose one with -p' : undefined));
      };
      socket.once('error', onBindError);
      socket.bind(opts.port, opts.bindIp, () => {
        socket.off('error', onBindError);
        if (opts.bufferBytes !== undefined) {
          try {
            socket.setRecvBufferSize(opts.bufferBytes);
            socket.setSendBufferSize(opts.bufferBytes);
          } catch {
            // The kernel caps at rmem_max/wmem_max; what we got is reported by effectiveBufferBytes.
          }
        }
        const a = socket.address();
        t.localAddress = { address: a.address, port: a.port };
        socket.on('message', (msg, rinfo) => opts.handlers.onMessage(msg, rinfo, t));
        socket.on('error', (err) => opts.handlers.onError('send', err, t));
        resolve(t);
      });
    });
  }

  /** What the kernel actually granted (it doubles the request and caps at rmem_max). */
  get effectiveBufferBytes(): { recv: number; send: number } {
    try {
      return { recv: this.socket.getRecvBufferSize(), send: this.socket.getSendBufferSize() };
    } catch {
      return { recv: 0, send: 0 };
    }
  }

  send(buf: Buffer, to: RemoteAddress): void {
    if (this.closed) return;
    this.pendingSends++;
    this.socket.send(buf, to.port, to.address, this.afterSend);
  }

  /**
   * Stops sending, lets the datagrams already sent leave, then closes. node:dgram resolves the
   * address before sending, so closing at once silently drops what was sent in the same tick
   * (a call's CANCEL or a scenario's last message at exit).
   */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const drained = this.pendingSends === 0 ? Promise.resolve() : new Promise<void>((r) => (this.onDrained = r));
    return drained.then(() => new Promise<void>((resolve) => this.socket.close(() => resolve())));
  }
}
