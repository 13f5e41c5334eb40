/**
 * The answering side of `-t t1`/`-t tn` (and, over a tls.Server, of `-t l1`/`-t ln`): listens on
 * the SIP port and accepts connections up to the run's StreamLimits. Each accepted connection is
 * its own Transport and is what the engine gets as `via`, so a reply leaves on the connection
 * its request came in on.
 */
import net from 'node:net';
import { GossipperError } from '../errors.ts';
import type { StreamBufferBudget } from './stream-buffer-budget.ts';
import { TcpConnection } from './tcp-connection.ts';
import type { StreamProtocol } from './tcp-connection.ts';
import {
  NO_STREAM_LIMITS,
  StalledMessageWatch,
  limitConnections,
  watchIdle,
} from './stream-limits.ts';
import type { StreamLimits } from './stream-limits.ts';
import type { StreamHandlers } from './stream-handlers.ts';
import type { RemoteAddress } from './transport.ts';
import type { WithConnectionCount } from './transport-capabilities.ts';

export interface TcpListenOptions {
  /** Address to listen on; '0.0.0.0' / '::' for any. */
  bindIp: string;
  /** 0 = OS-chosen. */
  port: number;
  handlers: StreamHandlers;
  /** The run's cap on bytes held for unfinished messages, shared by all its connections. */
  budget: StreamBufferBudget;
  /** Pending-connection queue; a tn peer opens one connection per call. */
  backlog?: number;
  /** Bounds on peers (`-max_connections`, `-idle_timeout`, `-message_timeout`); none if absent. */
  limits?: StreamLimits;
}

/** A server built elsewhere (tls.createServer) and the event that hands over ready sockets. */
export interface StreamServer {
  server: net.Server;
  /** `connection` for TCP; `secureConnection` once a TLS handshake is done. */
  readyEvent: 'connection' | 'secureConnection';
  protocol: StreamProtocol;
}

const DEFAULT_BACKLOG = 4096;

export class TcpListener implements WithConnectionCount {
  readonly isReliable = true;
  localAddress: RemoteAddress = { address: '', port: 0 };
  private readonly connections = new Map<string, TcpConnection>();
  private closing: Promise<void> | null = null;
  private readonly limits: StreamLimits;
  private stalledWatch: StalledMessageWatch | null = null;

  private constructor(
    private readonly server: net.Server,
    private readonly handlers: StreamHandlers,
    private readonly budget: StreamBufferBudget,
    readonly protocol: StreamProtocol,
    limits: StreamLimits | undefined,
  ) {
    this.limits = limits ?? NO_STREAM_LIMITS;
  }

  static listen(opts: TcpListenOptions): Promise<TcpListener> {
    const server = net.createServer({ noDelay: true });
    return TcpListener.listenOn({ server, readyEvent: 'connection', protocol: 'TCP' }, opts);
  }

  /** Listens with a server built by the caller (tls-listener.ts); `opts` as for listen(). */
  static listenOn(how: StreamServer, opts: TcpListenOptions): Promise<TcpListener> {
    const { server, protocol } = how;
    const listener = new TcpListener(server, opts.handlers, opts.budget, protocol, opts.limits);
    return new Promise((resolve, reject) => {
      const onListenError = (err: NodeJS.ErrnoException): void => {
        server.close();
        reject(
          new GossipperError(
            'BIND_FAILED',
            `cannot listen on ${protocol} ${opts.bindIp}:${opts.port}: ${err.code ?? err.message}`,
            err.code === 'EADDRINUSE'
              ? 'another process uses this port; choose one with -p'
              : undefined,
          ),
        );
      };
      server.once('error', onListenError);
      server.listen(
        {
          port: opts.port,
          host: opts.bindIp,
          backlog: opts.backlog ?? DEFAULT_BACKLOG,
          exclusive: true,
        },
        () => {
          server.off('error', onListenError);
          const a = server.address() as net.AddressInfo;
          listener.localAddress = { address: a.address, port: a.port };
          server.on(how.readyEvent, (socket: net.Socket) => listener.adopt(socket));
          server.on('error', (err) => opts.handlers.onError('recv', err, listener));
          limitConnections(server, listener.limits.maxConnections, (text) =>
            opts.handlers.onError('recv', new Error(text), listener),
          );
          listener.stalledWatch = StalledMessageWatch.start(listener.limits.messageTimeoutMs, () =>
            listener.connections.values(),
          );
          resolve(listener);
        },
      );
    });
  }

  /** Connections open now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * The engine sends on the connection a call arrived on; this path is only for messages that
   * name a peer without one (there is no connection to open towards a UAC's ephemeral port).
   */
  send(buf: Buffer, to: RemoteAddress): void {
    const c = this.connections.get(key(to));
    if (c !== undefined) c.send(buf, to);
    else
      this.handlers.onError(
        'send',
        new Error(`no ${this.protocol} connection from ${to.address}:${to.port} to reply on`),
        this,
      );
  }

  close(): Promise<void> {
    this.handlers.onClosed?.(this);
    if (this.closing === null) {
      this.stalledWatch?.stop();
      const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      const all = [...this.connections.values()].map((c) => c.destroy());
      this.connections.clear();
      this.closing = Promise.all([serverClosed, ...all]).then(() => undefined);
    }
    return this.closing;
  }

  private adopt(socket: net.Socket): void {
    if (this.closing !== null) {
      socket.destroy();
      return;
    }
    const handlers = this.handlers;
    if (socket.remoteAddress === undefined || socket.remotePort === undefined) {
      // Reset while it waited in the accept queue: the kernel no longer knows the peer
      // (getpeername fails), so there is no address to name, and nothing to read.
      socket.on('error', () => {});
      socket.destroy();
      handlers.onError(
        'recv',
        new Error('connection reset by the peer before it was accepted'),
        this,
      );
      return;
    }
    const peer = { address: socket.remoteAddress, port: socket.remotePort };
    const conn = TcpConnection.accepted(
      socket,
      peer,
      {
        onMessage: handlers.onMessage,
        onError: handlers.onError,
        onMalformed: handlers.onMalformed,
        onConnectionLost: (via, reason) => {
          this.connections.delete(k);
          handlers.onConnectionLost(via, reason);
        },
      },
      this.budget,
      this.protocol,
    );
    watchIdle(socket, this.limits.idleTimeoutMs, (why) => conn.cut(why));
    const k = key(conn.remoteAddress);
    this.connections.set(k, conn);
    // Our own close (listener shutdown) does not report a loss; forget the connection either way.
    socket.once('close', () => {
      if (this.connections.get(k) === conn) this.connections.delete(k);
    });
  }
}

function key(a: RemoteAddress): string {
  return `${a.address}|${a.port}`;
}
