/**
 * Which sockets a run opens, by RunConfig's transport (SIPp's docs, "Transport mode"), so Run
 * only asks for "the main transport" and "a socket per call". What each protocol opens comes
 * from transport/'s registry; the socket mode picks which of its openers a run uses:
 *   shared    client: one socket (UDP) or connection (TCP) from the SIP port for every call;
 *   per-call  client: one socket or connection per call, the main transport receiving on the
 *             SIP port (a UDP socket, a TCP listener);
 *   server (either mode): the main transport receives on the SIP port; a connection transport
 *             replies on the connection each request came in on.
 * The SIP port is `-p`, else the first free of SIPp's 5060..5119, else any.
 */
import type { ReconnectConfig, RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import {
  TRANSPORT_REGISTRY,
  UdpTransport,
  hasBufferSizes,
  hasConnectionCount,
  hasDatagramIo,
} from '../transport/index.ts';
import { CallSocketPool, SIPP_FIXED_SOCKETS } from './call-socket-pool.ts';
import { PerIpSockets } from './per-ip-sockets.ts';
import type { PerIpChoice } from './per-ip-sockets.ts';
import { loadTlsMaterial } from './tls-material.ts';
import { ReconnectingConnection } from './reconnecting-connection.ts';
import type { ReconnectEvents } from './reconnecting-connection.ts';
import type {
  RemoteAddress,
  SocketOpener,
  StreamHandlers,
  TlsSocketOptions,
  Transport,
  TransportHandlers,
} from '../transport/index.ts';

/** Socket buffers we ask for when the user gives no -buff_size (SIPp's 64 KB drop first). */
export const DEFAULT_LOAD_BUFFER_BYTES = 4 * 1024 * 1024;
export const SIPP_PORT_RANGE: readonly [number, number] = [5060, 5119];

export interface TransportEvents {
  handlers: TransportHandlers;
  /** A stream stopped being SIP (count and trace it as a malformed message). */
  onMalformed(raw: Buffer, from: RemoteAddress, reason: string): void;
  /**
   * A connection closed under its calls. `isShared`: it was the one `-t t1` client connection,
   * so no later call can be placed either.
   */
  onConnectionLost(via: Transport, reason: string, isShared: boolean): void;
  /** `-max_reconnect`: the `-t t1` connection is being, or has been, re-opened. */
  reconnect?: ReconnectEvents;
}

export interface TransportRequest {
  config: Pick<
    RunConfig,
    | 'transport'
    | 'localPort'
    | 'socketBufferBytes'
    | 'maxStreamBufferBytes'
    | 'tls'
    | 'webSocket'
    | 'maxSockets'
    | 'reconnect'
    | 'streamLimits'
    | 'remote'
    | 'remoteSendAddress'
  >;
  family: 4 | 6;
  isClient: boolean;
  /** Where client connections go (`-rsa`, else the remote host). */
  remote?: RemoteAddress;
  /** Local IP a client binds its TCP connections to (SIPp binds them to -i). */
  localIp?: string;
  /** `-i` as an address: every socket binds to it; undefined = every interface of `family`. */
  bindIp?: string;
  /** `-t ui` clients: each call's local IP (per-ip-sockets.ts); the first one's binds `-p`. */
  perIp?: PerIpChoice;
  events: TransportEvents;
}

/** The sockets of one run. */
export interface RunTransports {
  /** The engine's shared transport. */
  readonly main: Transport;
  /** Defined for `-t un`/`-t tn` clients: opens a call's own socket or connection. */
  readonly openCallSocket?: (injectionLines: Int32Array | null) => Promise<Transport>;
  /** Sockets and connections open now (the screen's "open sockets"). */
  readonly openCount: number;
  /** Kernel socket buffers of the main UDP socket; undefined for TCP (the kernel autotunes). */
  readonly bufferBytes: { recv: number; send: number } | undefined;
  /** The main socket moves datagrams through node:dgram (the batched addon is not loaded). */
  readonly isDgramIo: boolean;
  closeAll(): Promise<void>;
}

export async function openTransports(req: TransportRequest): Promise<RunTransports> {
  const set = new TransportSet();
  const { protocol, sockets } = req.config.transport;
  const opener = TRANSPORT_REGISTRY[protocol].opener({
    bindIp: req.perIp?.firstIp ?? req.bindIp ?? (req.family === 6 ? '::' : '0.0.0.0'),
    family: req.family,
    remote: req.remote,
    localIp: req.localIp,
    sipPortBufferBytes: req.config.socketBufferBytes ?? DEFAULT_LOAD_BUFFER_BYTES,
    callBufferBytes: req.config.socketBufferBytes,
    maxStreamBufferBytes: req.config.maxStreamBufferBytes,
    tls: tlsFor(req),
    streamLimits: req.config.streamLimits,
    webSocketPath: req.config.webSocket.path,
    webSocketPingIntervalMs: req.config.webSocket.pingIntervalMs,
    webSocketMaxFrameBytes: req.config.webSocket.maxFrameBytes,
    handlers: set.handlers(req.events),
  });
  // A WebSocket answering run given a remote host connects to it, as a browser does, and answers
  // the calls that come in on that connection: a proxy cannot connect to a WebSocket client.
  const connectsOut =
    sockets === 'shared' && req.remote !== undefined && (protocol === 'ws' || protocol === 'wss');
  const isSharedClient = (req.isClient || connectsOut) && sockets === 'shared';
  const reconnects = isSharedClient && req.config.reconnect.max !== 0;
  set.main = await onSipPort(req.config.localPort, (port) =>
    !isSharedClient
      ? opener.listen(port)
      : reconnects && TRANSPORT_REGISTRY[protocol].isReliable
        ? set.reconnecting(port, opener, req.config.reconnect, req.events)
        : opener.connect(port),
  );
  const perIp = req.perIp;
  if (perIp !== undefined) {
    const handlers = set.handlers(req.events);
    const port = set.main.localAddress.port;
    const { family } = req;
    const bufferBytes = req.config.socketBufferBytes;
    const open = (ip: string): Promise<Transport> =>
      set.track(UdpTransport.open({ bindIp: ip, port, family, bufferBytes, handlers }));
    const sockets = new PerIpSockets(open, set.main, perIp.firstIp);
    if (req.isClient) set.openCallSocket = (lines) => sockets.socketFor(perIp.ipOf(lines));
    // An answering run listens on every IP of the file, as SIPp's `-t ui` server does.
    else await Promise.all(perIp.ips.map((ip) => sockets.socketFor(ip)));
  } else if (req.isClient && sockets === 'per-call') {
    set.pool = new CallSocketPool(
      () => set.track(opener.openCallSocket()),
      Math.max(1, req.config.maxSockets - SIPP_FIXED_SOCKETS),
    );
    const pool = set.pool;
    set.openCallSocket = () => pool.lease();
  }
  return set;
}

class TransportSet implements RunTransports {
  main!: Transport;
  openCallSocket?: (injectionLines: Int32Array | null) => Promise<Transport>;
  /** Per-call clients: the call sockets under -max_socket. */
  pool?: CallSocketPool;
  private readonly extra = new Set<Transport>();

  get openCount(): number {
    const accepted = hasConnectionCount(this.main) ? this.main.connectionCount : 0;
    return 1 + accepted + this.extra.size;
  }

  get bufferBytes(): { recv: number; send: number } | undefined {
    return hasBufferSizes(this.main) ? this.main.effectiveBufferBytes : undefined;
  }

  get isDgramIo(): boolean {
    return hasDatagramIo(this.main) && this.main.io === 'node:dgram';
  }

  /** Counts a per-call socket until it is closed (handlers' onClosed). */
  async track(opening: Promise<Transport>): Promise<Transport> {
    const t = await opening;
    this.extra.add(t);
    return t;
  }

  /** The handlers every socket of the run reports to. */
  handlers(events: TransportEvents): StreamHandlers {
    return {
      onMessage: events.handlers.onMessage,
      onError: events.handlers.onError,
      onClosed: (via) => this.extra.delete(via),
      onMalformed: (raw, from, reason) => events.onMalformed(raw, from, reason),
      // Only a shared client connection is ever both the main transport and lost: a listener's
      // losses name the accepted connection, and datagram sockets have no connection to lose.
      onConnectionLost: (via, reason) => this.lost(events, via, reason),
    };
  }

  /** The `-t t1` connection under `-max_reconnect`. */
  reconnecting(
    port: number,
    opener: SocketOpener,
    config: ReconnectConfig,
    events: TransportEvents,
  ): Promise<Transport> {
    const quiet = { onReconnecting: () => {}, onReconnected: () => {} };
    const handlers = this.handlers(events);
    const connect = (p: number): Promise<Transport> => opener.connect(p);
    return ReconnectingConnection.open(port, connect, handlers, config, events.reconnect ?? quiet);
  }

  /**
   * A connection was lost: the one under a reconnecting `-t t1` transport goes to it; a pooled
   * call socket fails the calls of each lease on it; any other fails the calls on it.
   */
  private lost(events: TransportEvents, via: Transport, reason: string): void {
    const main = this.main;
    if (main instanceof ReconnectingConnection && main.carries(via)) return main.lost(reason);
    const leases = this.pool?.lost(via) ?? [];
    if (leases.length === 0) return events.onConnectionLost(via, reason, via === main);
    for (const lease of leases) events.onConnectionLost(lease, reason, false);
  }

  closeAll(): Promise<void> {
    return Promise.all([this.main.close(), ...[...this.extra].map((s) => s.close())]).then(
      () => undefined,
    );
  }
}

/** TLS material of a `tls` or `wss` run, read once here (tls-material.ts); else undefined. */
function tlsFor(req: TransportRequest): TlsSocketOptions | undefined {
  const { protocol, sockets } = req.config.transport;
  if (protocol !== 'tls' && protocol !== 'wss') return undefined;
  // Only a run that answers handshakes cannot do without a certificate (a wss answering run
  // given a remote connects out, as a client does).
  const connectsOut = protocol === 'wss' && sockets === 'shared' && req.remote !== undefined;
  return loadTlsMaterial({
    config: req.config,
    isServer: !req.isClient && !connectsOut,
    extraCaFile: process.env.NODE_EXTRA_CA_CERTS,
  });
}

/** `-p` if given, else the first of SIPp's ports that binds, else an OS-chosen one. */
async function onSipPort<T>(
  localPort: number | undefined,
  open: (port: number) => Promise<T>,
): Promise<T> {
  if (localPort !== undefined) return open(localPort);
  for (let p = SIPP_PORT_RANGE[0]; p <= SIPP_PORT_RANGE[1]; p++) {
    try {
      return await open(p);
    } catch (err) {
      if (!(err instanceof GossipperError) || err.code !== 'BIND_FAILED') throw err;
    }
  }
  return open(0);
}
