/**
 * One TCP connection as a Transport: a client's connection (`-t t1` shared by all calls, `-t tn`
 * one per call) or one accepted by a TcpListener, which the engine replies on. Messages are
 * framed by Content-Length (stream-framer.ts); Nagle is off because SIP is request/response.
 *
 * Connections we open read into one buffer shared by all of them (net's `onread`), skipping the
 * Readable stream and a fresh 64 KiB allocation per read; the framer lends each message from it
 * for the length of the handler call. net.Server offers no such option for accepted sockets,
 * which keep the 'data' event.
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { GossipperError } from '../errors.ts';
import type { StreamBufferBudget } from './stream-buffer-budget.ts';
import { DEFAULT_STREAM_LIMITS, StreamFramer } from './stream-framer.ts';
import { StreamSendQueue } from './stream-send-queue.ts';
import type { StreamHandlers } from './stream-handlers.ts';
import type { RemoteAddress, Transport } from './transport.ts';

export interface TcpConnectOptions {
  remote: RemoteAddress;
  /** Local address to bind before connecting (SIPp binds its t1 connection to `-p`). */
  localIp?: string;
  /** 0 or undefined = OS-chosen. */
  localPort?: number;
  handlers: StreamHandlers;
  /** The run's cap on bytes held for unfinished messages, shared by all its connections. */
  budget: StreamBufferBudget;
}

const READ_BUFFER_BYTES = 64 * 1024;
/** Failures of these system calls happened while sending (Node names the call in err.syscall). */
const SEND_SYSCALLS: ReadonlySet<string> = new Set(['write', 'writev', 'shutdown']);
/** Allocated on first connect, not at module load, so the start-up snapshot holds no buffer. */
let sharedReadBuffer: Buffer | null = null;

/** The stream protocols carried by this class: plain TCP, and TLS over a tls.TLSSocket. */
export type StreamProtocol = 'TCP' | 'TLS';

export class TcpConnection implements Transport {
  readonly isReliable = true;
  readonly localAddress: RemoteAddress;
  readonly remoteAddress: RemoteAddress;
  private closing = false;
  private lastError: NodeJS.ErrnoException | null = null;
  /** Why the framer refused the stream, when we closed the connection for that. */
  private refusal: string | null = null;
  private readonly framer: StreamFramer;
  private readonly sendQueue: StreamSendQueue;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly socket: net.Socket,
    private readonly handlers: StreamHandlers,
    /** Accepted connections belong to their listener: the engine's per-call close() keeps them. */
    private readonly isOwnedByListener: boolean,
    budget: StreamBufferBudget,
    /** Read once, when connected or accepted: after a reset the socket no longer knows it. */
    remoteAddress: RemoteAddress,
    readonly protocol: StreamProtocol = 'TCP',
    /** False only for the TCP connections we open, which read through net's `onread`. */
    readsByData: boolean = isOwnedByListener,
  ) {
    socket.setNoDelay(true);
    this.localAddress = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    this.remoteAddress = remoteAddress;
    this.framer = new StreamFramer(
      {
        onMessage: (msg) => handlers.onMessage(msg, this.remoteAddress, this),
        onMalformed: (raw, reason) => {
          this.refusal = reason;
          handlers.onMalformed(raw, this.remoteAddress, reason, this);
        },
      },
      DEFAULT_STREAM_LIMITS,
      budget,
    );
    this.sendQueue = new StreamSendQueue(socket);
    if (readsByData) socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.lastError = err;
      if (this.closing) return;
      // run.ts prints "TCP <kind> error: <message>" ("TLS ..." over TLS).
      const kind = err.syscall !== undefined && SEND_SYSCALLS.has(err.syscall) ? 'send' : 'recv';
      handlers.onError(
        kind,
        new Error(`connection ${this.peerText()} ${failureText(err)}`, { cause: err }),
        this,
      );
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => {
      // Whoever closed it, the bytes of an unfinished message go back to the run's budget.
      this.framer.close();
      if (this.closing) return;
      this.closing = true;
      handlers.onConnectionLost(this, this.lostText());
    });
  }

  /** Opens a connection; rejects with BIND_FAILED (local port taken) or RUN_FATAL (refused...). */
  static connect(opts: TcpConnectOptions): Promise<TcpConnection> {
    sharedReadBuffer ??= Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
    let conn: TcpConnection | null = null;
    return new Promise((resolve, reject) => {
      const socket = net.connect({
        host: opts.remote.address,
        port: opts.remote.port,
        noDelay: true,
        localAddress: opts.localIp,
        localPort: opts.localPort || undefined,
        onread: {
          buffer: sharedReadBuffer as Buffer,
          callback: (bytes: number, buf: Uint8Array) => {
            conn?.received((buf as Buffer).subarray(0, bytes));
            return true;
          },
        },
      });
      const onError = (err: NodeJS.ErrnoException): void => {
        socket.destroy();
        const where = `${opts.remote.address}:${opts.remote.port}`;
        if (err.code === 'EADDRINUSE') {
          reject(
            new GossipperError(
              'BIND_FAILED',
              `cannot bind TCP port ${opts.localPort} to connect to ${where}: EADDRINUSE`,
              'another process uses this port; choose one with -p',
            ),
          );
        } else {
          reject(
            new GossipperError(
              'RUN_FATAL',
              `Error on TCP connection to ${where}: ${err.code ?? err.message}`,
              'is the remote listening on TCP (e.g. sipp -t t1)?',
            ),
          );
        }
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        const peer = {
          address: socket.remoteAddress ?? opts.remote.address,
          port: socket.remotePort ?? opts.remote.port,
        };
        conn = new TcpConnection(socket, opts.handlers, false, opts.budget, peer);
        resolve(conn);
      });
    });
  }

  /**
   * Wraps a socket a TcpListener accepted from `peer` (its address, read at accept); a TLS
   * listener hands over its tls.TLSSocket once the handshake is done.
   */
  static accepted(
    socket: net.Socket,
    peer: RemoteAddress,
    handlers: StreamHandlers,
    budget: StreamBufferBudget,
    protocol: StreamProtocol = 'TCP',
  ): TcpConnection {
    return new TcpConnection(socket, handlers, true, budget, peer, protocol);
  }

  /** Wraps a client socket opened elsewhere (a tls.TLSSocket after its handshake). */
  static opened(
    socket: net.Socket,
    peer: RemoteAddress,
    handlers: StreamHandlers,
    budget: StreamBufferBudget,
    protocol: StreamProtocol,
  ): TcpConnection {
    return new TcpConnection(socket, handlers, false, budget, peer, protocol, true);
  }

  /**
   * Identifies the unfinished message held now (-1: none). The same mark seen twice, some time
   * apart, is a message that did not progress to its end: a slowloris peer (stream-limits.ts).
   */
  get unfinishedMark(): number {
    return this.framer.pendingBytes > 0 ? this.framer.heldCount : -1;
  }

  /** Closes the connection for a bound it broke; the loss is reported with `reason`. */
  cut(reason: string): void {
    if (this.closing || this.socket.destroyed) return;
    this.refusal = reason;
    // Named even when no call fails with it (run.ts reports losses only then).
    this.handlers.onError('recv', new Error(`connection ${this.peerText()} cut: ${reason}`), this);
    this.socket.destroy();
  }

  /** True until the connection closed (either side). */
  get isOpen(): boolean {
    return !this.closing && !this.socket.destroyed;
  }

  /**
   * Queues the message; everything sent in the same turn of the event loop (a tick's new calls,
   * the replies to one received chunk) leaves in one write.
   */
  send(buf: Buffer, _to: RemoteAddress): void {
    if (this.closing || this.socket.destroyed) {
      this.handlers.onError('send', new Error(`connection ${this.peerText()} is closed`), this);
      return;
    }
    this.sendQueue.push(buf);
  }

  /**
   * Closes a connection we opened; a listener's connection stays open until the listener closes.
   */
  close(): Promise<void> {
    if (this.isOwnedByListener) return Promise.resolve();
    this.handlers.onClosed?.(this);
    return this.destroy();
  }

  /** Closes now, whoever owns it (listener shutdown). Pending writes are flushed first. */
  destroy(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.sendQueue.flush();
      this.socket.end();
      // A peer that never answers our FIN must not hold the run open.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    }
    return this.closed;
  }

  /** One chunk read from the socket: maybe the shared read buffer, valid during this call. */
  private received(chunk: Buffer): void {
    this.sendQueue.hold();
    let ok: boolean;
    try {
      ok = this.framer.push(chunk);
    } finally {
      this.sendQueue.release();
    }
    if (!ok) this.socket.destroy();
  }

  /** `from 10.0.0.2:40312` (accepted) or `to 10.0.0.1:5060` (opened by us). */
  private peerText(): string {
    return `${this.isOwnedByListener ? 'from' : 'to'} ${this.remoteAddress.address}:${this.remoteAddress.port}`;
  }

  private lostText(): string {
    let why = 'closed by the peer';
    if (this.refusal !== null) why = `closed by us: ${this.refusal}`;
    else if (this.lastError !== null) why = failureText(this.lastError);
    return `${this.protocol} connection ${this.peerText()} ${why}`;
  }
}

/** What broke a connection, to follow "connection from/to <peer>". */
function failureText(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNRESET':
      return 'reset by the peer (ECONNRESET)';
    case 'EPIPE':
      return 'closed by the peer while we were sending (EPIPE)';
    case 'ETIMEDOUT':
      return 'timed out (ETIMEDOUT)';
    default:
      return `broken (${err.code ?? err.message})`;
  }
}
