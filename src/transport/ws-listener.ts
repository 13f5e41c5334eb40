/**
 * The answering side of SIP over WebSocket (`ws`/`wss`): an HTTP(S) server on the SIP port that
 * upgrades requests for the configured path offering subprotocol `sip` (RFC 7118 §4) and refuses
 * the rest with an HTTP error, reported through onError. Each accepted connection is its own
 * Transport, so a reply leaves on the connection its request came in on (§5). Built for many
 * browser-like clients, each with a few dialogs.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { WebSocketServer } from 'ws';
import { GossipperError } from '../errors.ts';
import {
  NO_STREAM_LIMITS,
  StalledMessageWatch,
  limitConnections,
  watchIdle,
} from './stream-limits.ts';
import type { StreamLimits } from './stream-limits.ts';
import { secureContextOptions } from './tls-options.ts';
import type { TlsSocketOptions } from './tls-options.ts';
import type { RemoteAddress } from './transport.ts';
import type { WithConnectionCount } from './transport-capabilities.ts';
import { SIP_SUBPROTOCOL } from './ws-client.ts';
import { WsConnection } from './ws-connection.ts';
import type { WsConnectionSettings } from './ws-connection.ts';
import { loadWs } from './ws-load.ts';

export interface WsListenOptions extends WsConnectionSettings {
  bindIp: string;
  /** 0 = OS-chosen. */
  port: number;
  /** Upgrade path accepted; other paths get 404. */
  path: string;
  /** Required for WSS: our certificate and key. */
  tls?: TlsSocketOptions;
  /**
   * `-max_connections` and `-idle_timeout` as for TCP; `-message_timeout` bounds the HTTP upgrade
   * request (a WebSocket message's progress is not visible until it is whole).
   */
  limits?: StreamLimits;
}

/**
 * A client has this long to send its whole upgrade request (a slowloris peer is cut off), unless
 * -message_timeout says otherwise.
 */
const UPGRADE_TIMEOUT_MS = 10_000;

export class WsListener implements WithConnectionCount {
  readonly protocol: 'WS' | 'WSS';
  readonly isReliable = true;
  localAddress: RemoteAddress = { address: '', port: 0 };
  private readonly connections = new Map<string, WsConnection>();
  /** -message_timeout on frames: cuts a connection that holds one unfinished too long. */
  private stalledWatch: StalledMessageWatch | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly opts: WsListenOptions,
  ) {
    this.protocol = opts.protocol;
  }

  static async listen(opts: WsListenOptions): Promise<WsListener> {
    const { WebSocketServer } = await loadWs();
    const server = createServer(opts);
    const wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: opts.maxFrameBytes,
      skipUTF8Validation: true,
      handleProtocols: (offered) => (offered.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false),
    });
    const listener = new WsListener(server, wss, opts);
    await new Promise<void>((resolve, reject) => {
      const onListenError = (err: NodeJS.ErrnoException): void => {
        server.close();
        reject(
          new GossipperError(
            'BIND_FAILED',
            `cannot listen on ${opts.protocol} ${opts.bindIp}:${opts.port}: ${err.code ?? err.message}`,
            err.code === 'EADDRINUSE'
              ? 'another process uses this port; choose one with -p'
              : undefined,
          ),
        );
      };
      server.once('error', onListenError);
      server.listen({ port: opts.port, host: opts.bindIp, backlog: 4096, exclusive: true }, () => {
        server.off('error', onListenError);
        resolve();
      });
    });
    const a = server.address();
    if (a !== null && typeof a === 'object') {
      listener.localAddress = { address: a.address, port: a.port };
    }
    listener.stalledWatch = StalledMessageWatch.start(limits(opts).messageTimeoutMs, () =>
      listener.connections.values(),
    );
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      listener.upgrade(req, socket as Socket, head),
    );
    server.on('request', (_req, res: ServerResponse) => {
      res.writeHead(426, {
        'Content-Type': 'text/plain',
        Upgrade: 'websocket',
        Connection: 'close',
      });
      res.end('SIP over WebSocket (RFC 7118): upgrade with Sec-WebSocket-Protocol: sip\n');
    });
    server.on('clientError', (_err, socket: Duplex) => socket.destroy());
    server.on('error', (err) => opts.handlers.onError('recv', err, listener));
    limitConnections(server, limits(opts).maxConnections, (text) =>
      opts.handlers.onError('recv', new Error(`${opts.protocol} ${text}`), listener),
    );
    return listener;
  }

  /** Connections open now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * The engine sends on the connection a call arrived on; this path is only for messages that
   * name a peer without one.
   */
  send(buf: Buffer, to: RemoteAddress): void {
    const c = this.connections.get(key(to));
    if (c !== undefined) c.send(buf, to);
    else
      this.opts.handlers.onError(
        'send',
        new Error(`no ${this.protocol} connection from ${to.address}:${to.port} to reply on`),
        this,
      );
  }

  close(): Promise<void> {
    this.opts.handlers.onClosed?.(this);
    this.stalledWatch?.stop();
    if (this.closing === null) {
      const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      const all = [...this.connections.values()].map((c) => c.destroy());
      this.connections.clear();
      this.server.closeIdleConnections();
      this.closing = Promise.all([serverClosed, ...all]).then(() => undefined);
    }
    return this.closing;
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => {});
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const path = (req.url ?? '/').split('?')[0];
    const offered = offeredProtocols(req);
    let refusal: [number, string, string] | null = null;
    if (this.closing !== null) refusal = [503, 'Service Unavailable', 'shutting down'];
    else if (path !== this.opts.path) {
      refusal = [404, 'Not Found', `path ${path} is not ${this.opts.path} (-ws_path)`];
    } else if (!offered.includes(SIP_SUBPROTOCOL)) {
      const what = offered.length === 0 ? 'none' : offered.join(', ');
      refusal = [400, 'Bad Request', `no "sip" subprotocol offered (offered: ${what})`];
    }
    if (refusal !== null) {
      const [status, text, why] = refusal;
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
          `Content-Length: ${Buffer.byteLength(why) + 1}\r\n\r\n${why}\n`,
      );
      setTimeout(() => socket.destroy(), 1000).unref();
      if (this.closing === null) {
        this.opts.handlers.onError(
          'recv',
          new Error(`${this.protocol} upgrade from ${peer} refused: ${why}`),
          this,
        );
      }
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.adopt(ws, socket));
  }

  private adopt(ws: import('ws').WebSocket, socket: Socket): void {
    if (this.closing !== null || socket.remoteAddress === undefined) {
      ws.terminate();
      return;
    }
    const handlers = this.opts.handlers;
    let k = '';
    const conn = new WsConnection(
      ws,
      socket,
      {
        ...this.opts,
        handlers: {
          ...handlers,
          onConnectionLost: (via, reason) => {
            this.connections.delete(k);
            handlers.onConnectionLost(via, reason);
          },
        },
      },
      true,
    );
    // ws turned the socket's timeout off at the upgrade; pings count as traffic.
    watchIdle(socket, limits(this.opts).idleTimeoutMs, (why) => conn.cut(why));
    k = key(conn.remoteAddress);
    this.connections.set(k, conn);
    ws.once('close', () => {
      if (this.connections.get(k) === conn) this.connections.delete(k);
    });
  }
}

function createServer(opts: WsListenOptions): Server {
  let server: Server;
  if (opts.protocol === 'WSS') {
    // Without a certificate (the SIP-port listener of a `-t wssn` client, which nobody dials)
    // every handshake fails; a server's missing certificate is refused when its files are read.
    const t = opts.tls ?? { verifyServer: true, requireClientCert: false };
    // node:http(s) are loaded here, not at module load: the start-up snapshot cannot hold them.
    server = process.getBuiltinModule('node:https').createServer({
      ...secureContextOptions(t),
      requestCert: t.requireClientCert,
      rejectUnauthorized: t.requireClientCert,
    });
  } else {
    server = process.getBuiltinModule('node:http').createServer();
  }
  const upgradeMs = limits(opts).messageTimeoutMs || UPGRADE_TIMEOUT_MS;
  server.headersTimeout = upgradeMs;
  server.requestTimeout = upgradeMs;
  return server;
}

function limits(opts: WsListenOptions): StreamLimits {
  return opts.limits ?? NO_STREAM_LIMITS;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  if (h === undefined) return [];
  return h
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function key(a: RemoteAddress): string {
  return `${a.address}|${a.port}`;
}
