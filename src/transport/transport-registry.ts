/**
 * Each protocol a run can be configured with (RunConfig's `transport.protocol`), by what it
 * opens and whether it is reliable. A new transport (TLS, WebSocket) is one more entry here and
 * one more row in test/transport/transport-contract.test.ts; run/open-transport.ts decides from
 * the socket mode which of an entry's openers a run uses.
 */
import { GossipperError } from '../errors.ts';
import { StreamBufferBudget } from './stream-buffer-budget.ts';
import type { StreamHandlers } from './stream-handlers.ts';
import type { StreamLimits } from './stream-limits.ts';
import { connectTls } from './tls-connection.ts';
import { listenTls } from './tls-listener.ts';
import { createSecureContext } from './tls-options.ts';
import type { TlsSocketOptions } from './tls-options.ts';
import type { SecureContext } from 'node:tls';
import { TcpConnection } from './tcp-connection.ts';
import { TcpListener } from './tcp-listener.ts';
import type { RemoteAddress, Transport, TransportName } from './transport.ts';
import { UdpTransport } from './udp.ts';
import { webSocketOpener } from './ws-opener.ts';

/** What every socket of one run is opened with. */
export interface SocketOptions {
  /** Address sockets and listeners bind to; '0.0.0.0' / '::' for any. */
  bindIp: string;
  family: 4 | 6;
  /** Where client connections go; required by connection transports' client openers. */
  remote?: RemoteAddress;
  /** Local IP a client binds its connections to (SIPp binds them to -i). */
  localIp?: string;
  /** SO_RCVBUF / SO_SNDBUF of a datagram socket on the SIP port; undefined = kernel default. */
  sipPortBufferBytes?: number;
  /** SO_RCVBUF / SO_SNDBUF of a call's own datagram socket; undefined = kernel default. */
  callBufferBytes?: number;
  /** `-max_stream_buffer`: one cap on unfinished-message bytes for all of a run's connections. */
  maxStreamBufferBytes: number;
  /** Read TLS material, for `tls` and `wss`. */
  tls?: TlsSocketOptions;
  /** Bounds on a stream listener's peers (stream-limits.ts); none when absent. */
  streamLimits?: StreamLimits;
  /** Upgrade path of `ws` and `wss` (RunConfig `webSocket.path`). */
  webSocketPath?: string;
  /** `ws`/`wss` keep-alive ping interval, 0 = off (RunConfig `webSocket.pingIntervalMs`). */
  webSocketPingIntervalMs?: number;
  /** Largest `ws`/`wss` message accepted (RunConfig `webSocket.maxFrameBytes`). */
  webSocketMaxFrameBytes?: number;
  /** Datagram transports use the TransportHandlers part. */
  handlers: StreamHandlers;
}

/** The sockets of one run; made once per run, so its connections share one buffer budget. */
export interface SocketOpener {
  /** Receives on the SIP port: an answering run's transport, and a per-call client's main one. */
  listen(port: number): Promise<Transport>;
  /** A client's transport shared by every call, bound to the SIP port. */
  connect(port: number): Promise<Transport>;
  /** A client call's own socket or connection, on an OS-chosen port. */
  openCallSocket(): Promise<Transport>;
}

export interface TransportKind {
  /** What its transports report as `isReliable`: true = SIP retransmits nothing over it. */
  readonly isReliable: boolean;
  opener(opts: SocketOptions): SocketOpener;
}

const UDP: TransportKind = {
  isReliable: false,
  opener(opts) {
    const open = (port: number, bufferBytes: number | undefined): Promise<Transport> =>
      UdpTransport.open({
        bindIp: opts.bindIp,
        port,
        family: opts.family,
        bufferBytes,
        handlers: opts.handlers,
      });
    return {
      // A UDP client sends from the socket it listens on: sharing it is all "connect" means.
      listen: (port) => open(port, opts.sipPortBufferBytes),
      connect: (port) => open(port, opts.sipPortBufferBytes),
      openCallSocket: () => open(0, opts.callBufferBytes),
    };
  },
};

const TCP: TransportKind = {
  isReliable: true,
  opener(opts) {
    const { handlers, localIp } = opts;
    // One cap for every connection of the run, accepted or opened (-max_stream_buffer).
    const budget = new StreamBufferBudget(opts.maxStreamBufferBytes);
    return {
      listen: (port) =>
        TcpListener.listen({
          bindIp: opts.bindIp,
          port,
          handlers,
          budget,
          limits: opts.streamLimits,
        }),
      connect: async (port) =>
        TcpConnection.connect({
          remote: requireRemote(opts),
          localIp,
          localPort: port,
          handlers,
          budget,
        }),
      openCallSocket: async () =>
        TcpConnection.connect({ remote: requireRemote(opts), localIp, handlers, budget }),
    };
  },
};

/** TCP's connections and listener, over a TLS context made once per run. */
const TLS: TransportKind = {
  isReliable: true,
  opener(opts) {
    const { handlers, localIp } = opts;
    const tls = requireTls(opts);
    // Made on the first client connection, once for the run.
    let context: SecureContext | undefined;
    const budget = new StreamBufferBudget(opts.maxStreamBufferBytes);
    const connect = (localPort?: number): Promise<Transport> =>
      connectTls({
        remote: requireRemote(opts),
        localIp,
        localPort,
        handlers,
        budget,
        tls,
        context: (context ??= createSecureContext(tls)),
      });
    return {
      listen: (port) =>
        listenTls({
          bindIp: opts.bindIp,
          port,
          handlers,
          budget,
          limits: opts.streamLimits,
          tls,
        }),
      connect: (port) => connect(port),
      openCallSocket: () => connect(),
    };
  },
};

function requireTls(opts: SocketOptions): TlsSocketOptions {
  if (opts.tls === undefined) {
    throw new GossipperError('CONFIG_INVALID', 'a TLS transport was opened without TLS settings');
  }
  return opts.tls;
}

/** Every transport a RunConfig can name. */
export const TRANSPORT_REGISTRY: Readonly<Record<TransportName, TransportKind>> = Object.freeze({
  udp: UDP,
  tcp: TCP,
  tls: TLS,
  ws: { isReliable: true, opener: (opts) => webSocketOpener(false, opts) },
  wss: { isReliable: true, opener: (opts) => webSocketOpener(true, opts) },
});

function requireRemote(opts: SocketOptions): RemoteAddress {
  if (opts.remote === undefined) {
    throw new GossipperError(
      'REMOTE_MISSING',
      'a TCP client needs a remote host',
      'add host[:port]',
    );
  }
  return opts.remote;
}
