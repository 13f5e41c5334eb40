/**
 * Each protocol a run can be configured with (RunConfig's `transport.protocol`), by what it
 * opens and whether it is reliable. A new transport (TLS, WebSocket) is one more entry here and
 * one more row in test/transport/transport-contract.test.ts; run/open-transport.ts decides from
 * the socket mode which of an entry's openers a run uses.
 */
import { GossipperError } from '../errors.ts';
import { StreamBufferBudget } from './stream-buffer-budget.ts';
import type { StreamHandlers } from './stream-handlers.ts';
import type { TlsSocketOptions } from './tls-options.ts';
import { TcpConnection } from './tcp-connection.ts';
import { TcpListener } from './tcp-listener.ts';
import type { RemoteAddress, Transport, TransportName } from './transport.ts';
import { UdpTransport } from './udp.ts';

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
  /** Upgrade path of `ws` and `wss` (RunConfig `webSocket.path`). */
  webSocketPath?: string;
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
      listen: (port) => TcpListener.listen({ bindIp: opts.bindIp, port, handlers, budget }),
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

/** A protocol named in TransportName whose opener is still being built. */
function notBuiltYet(name: string, isReliable: boolean): TransportKind {
  const fail = (): Promise<Transport> =>
    Promise.reject(
      new GossipperError('TRANSPORT_UNAVAILABLE', `${name} is not available in this version`),
    );
  return {
    isReliable,
    opener: () => ({ listen: fail, connect: fail, openCallSocket: fail }),
  };
}

/** Every transport a RunConfig can name. */
export const TRANSPORT_REGISTRY: Readonly<Record<TransportName, TransportKind>> = Object.freeze({
  udp: UDP,
  tcp: TCP,
  tls: notBuiltYet('TLS', true),
  ws: notBuiltYet('WebSocket', true),
  wss: notBuiltYet('WebSocket over TLS', true),
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
