/**
 * One TCP connection as a Transport: a client's connection (`-t t1` shared by all calls, `-t tn`
 * one per call) or one accepted by a TcpListener, which the engine replies on. Messages are
 * framed by Content-Length (stream-framer.ts); Nagle is off because SIP is request/response.
 */
import net from 'node:net';
import { GossipperError } from '../errors.ts';
import { StreamFramer } from './stream-framer.ts';
import type { StreamHandlers } from './stream-handlers.ts';
import type { RemoteAddress, Transport } from './transport.ts';

export interface TcpConnectOptions {
  remote: RemoteAddress;
  /** Local address to bind before connecting (SIPp binds its t1 connection to `-p`). */
  localIp?: string;
  /** 0 or undefined = OS-chosen. */
  localPort?: number;
  handlers: StreamHandlers;
}

export class TcpConnection implements Transport {
  readonly protocol = 'TCP' as const;
  readonly localAddress: RemoteAddress;
  readonly remoteAddress: RemoteAddress;
  private closing = false;
  private corked = false;
  private lastError: Error | null = null;
  private readonly framer: StreamFramer;
  private readonly closed: Promise<void>;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  private constructor(
    private readonly socket: net.Socket,
    private readonly handlers: StreamHandlers,
    /** Accepted connections belong to their listener: the engine's per-call close() keeps them. */
    private readonly isOwnedByListener: boolean,
  ) {
    socket.setNoDelay(true);
    this.localAddress = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    this.remoteAddress = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    this.framer = new StreamFramer({
      onMessage: (msg) => handlers.onMessage(msg, this.remoteAddress, this),
      onMalformed: (raw, reason) => handlers.onMalformed(raw, this.remoteAddress, reason, this),
    });
    socket.on('data', (chunk: Buffer) => {
      if (!this.framer.push(chunk)) {
        this.lastError = new Error('closed after data that is not SIP');
        socket.destroy();
      }
    });
    socket.on('error', (err) => {
      this.lastError = err;
      if (!this.closing) handlers.onError('recv', err, this);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => {
      if (this.closing) return;
      this.closing = true;
      handlers.onConnectionLost(this, this.lostText());
    });
  }

  /** Opens a connection; rejects with BIND_FAILED (local port taken) or RUN_FATAL (refused...). */
  static connect(opts: TcpConnectOptions): Promise<TcpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({
        host: opts.remote.address, port: opts.remote.port, noDelay: true,
        localAddress: opts.localIp, localPort: opts.localPort || undefined,
      });
      const onError = (err: NodeJS.ErrnoException): void => {
        socket.destroy();
        const where = `${opts.remote.address}:${opts.remote.port}`;
        if (err.code === 'EADDRINUSE') {
          reject(new GossipperError('BIND_FAILED', `cannot bind TCP port ${opts.localPort} to connect to ${where}: EADDRINUSE`,
            'another process uses this port; choose one with -p'));
        } else {
          reject(new GossipperError('RUN_FATAL', `Error on TCP connection to ${where}: ${err.code ?? err.message}`,
            'is the remote listening on TCP (e.g. sipp -t t1)?'));
        }
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new TcpConnection(socket, opts.handlers, false));
      });
    });
  }

  /** Wraps a socket a TcpListener accepted. */
  static accepted(socket: net.Socket, handlers: StreamHandlers): TcpConnection {
    return new TcpConnection(socket, handlers, true);
  }

  /** True until the connection closed (either side). */
  get isOpen(): boolean {
    return !this.closing && !this.socket.destroyed;
  }

  /**
   * Writes at once; messages sent in the same turn of the event loop (a tick's new calls, the
   * replies to one received chunk) are corked into one writev.
   */
  send(buf: Buffer, _to: RemoteAddress): void {
    if (this.closing || this.socket.destroyed) {
      this.handlers.onError('send', new Error(`TCP connection to ${this.peerText()} is closed`), this);
      return;
    }
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(buf);
  }

  /** Closes a connection we opened; a listener's connection stays open until the listener closes. */
  close(): Promise<void> {
    return this.isOwnedByListener ? Promise.resolve() : this.destroy();
  }

  /** Closes now, whoever owns it (listener shutdown). Pending writes are flushed first. */
  destroy(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      if (this.corked) this.uncork();
      this.socket.end();
      // A peer that never answers our FIN must not hold the run open.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    }
    return this.closed;
  }

  private peerText(): string {
    return `${this.remoteAddress.address}:${this.remoteAddress.port}`;
  }

  private lostText(): string {
    const why = this.lastError === null ? 'closed by the peer' : `broken (${(this.lastError as NodeJS.ErrnoException).code ?? this.lastError.message})`;
    return `TCP connection to ${this.peerText()} ${why}`;
  }
}
