/**
 * What `ws` and `wss` open for a run (transport-registry.ts): a listener on the SIP port for an
 * answering run (and a per-call client's main transport), one client connection from the SIP
 * port for every call (`-t w1`/`wss1`), or one per call (`-t wn`/`wssn`).
 */
import { GossipperError } from '../errors.ts';
import type { StreamHandlers } from './stream-handlers.ts';
import type { StreamLimits } from './stream-limits.ts';
import type { TlsSocketOptions } from './tls-options.ts';
import type { RemoteAddress, Transport } from './transport.ts';
import { connectWebSocket } from './ws-client.ts';
import { WsListener } from './ws-listener.ts';

/** The part of the registry's SocketOptions a WebSocket opener reads. */
export interface WebSocketOpenerOptions {
  bindIp: string;
  remote?: RemoteAddress;
  localIp?: string;
  tls?: TlsSocketOptions;
  webSocketPath?: string;
  webSocketPingIntervalMs?: number;
  webSocketMaxFrameBytes?: number;
  streamLimits?: StreamLimits;
  handlers: StreamHandlers;
}

/** RunConfig's defaults, for callers (tests) that build SocketOptions by hand. */
export const WS_DEFAULT_PING_INTERVAL_MS = 30_000;
export const WS_DEFAULT_MAX_FRAME_BYTES = 256 * 1024;

export function webSocketOpener(
  secure: boolean,
  opts: WebSocketOpenerOptions,
): {
  listen(port: number): Promise<Transport>;
  connect(port: number): Promise<Transport>;
  openCallSocket(): Promise<Transport>;
} {
  const protocol = secure ? 'WSS' : 'WS';
  const settings = {
    protocol,
    handlers: opts.handlers,
    pingIntervalMs: opts.webSocketPingIntervalMs ?? WS_DEFAULT_PING_INTERVAL_MS,
    maxFrameBytes: opts.webSocketMaxFrameBytes ?? WS_DEFAULT_MAX_FRAME_BYTES,
  } as const;
  const path = opts.webSocketPath ?? '/';
  const tlsFor = (): TlsSocketOptions | undefined => {
    if (secure && opts.tls === undefined) {
      throw new GossipperError(
        'CONFIG_INVALID',
        'WebSocket over TLS (wss) was opened without TLS settings',
        'give -tls_cert/-tls_key (server) or -tls_ca (client)',
      );
    }
    return opts.tls;
  };
  const connect = async (localPort?: number): Promise<Transport> =>
    connectWebSocket({
      ...settings,
      remote: requireRemote(opts, protocol),
      path,
      localIp: opts.localIp,
      localPort,
      tls: tlsFor(),
    });
  return {
    listen: async (port) =>
      WsListener.listen({
        ...settings,
        bindIp: opts.bindIp,
        port,
        path,
        tls: tlsFor(),
        limits: opts.streamLimits,
      }),
    connect: (port) => connect(port),
    openCallSocket: () => connect(),
  };
}

function requireRemote(opts: WebSocketOpenerOptions, protocol: string): RemoteAddress {
  if (opts.remote === undefined) {
    throw new GossipperError(
      'REMOTE_MISSING',
      `a ${protocol} client needs a remote host`,
      'add host[:port]',
    );
  }
  return opts.remote;
}
