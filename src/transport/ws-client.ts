/**
 * Opens a client WebSocket for SIP: the HTTP upgrade to `ws[s]://host:port/path` asking for the
 * `sip` subprotocol, which the server must pick (RFC 7118 §4); anything else is one clear error.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { GossipperError } from '../errors.ts';
import { secureContextOptions } from './tls-options.ts';
import type { TlsSocketOptions } from './tls-options.ts';
import type { RemoteAddress } from './transport.ts';
import { WsConnection } from './ws-connection.ts';
import type { WsConnectionSettings } from './ws-connection.ts';
import { loadWs } from './ws-load.ts';

export interface WsConnectOptions extends WsConnectionSettings {
  remote: RemoteAddress;
  /** Upgrade path, `/` or more. */
  path: string;
  /** Local address to bind before connecting. */
  localIp?: string;
  /** 0 or undefined = OS-chosen. */
  localPort?: number;
  /** Defined for wss. */
  tls?: TlsSocketOptions;
  handshakeTimeoutMs?: number;
}

export const SIP_SUBPROTOCOL = 'sip';

/** Opens a connection; rejects with BIND_FAILED (local port taken) or RUN_FATAL. */
export async function connectWebSocket(opts: WsConnectOptions): Promise<WsConnection> {
  const { WebSocket } = await loadWs();
  const secure = opts.protocol === 'WSS';
  const url = webSocketUrl(secure, opts.remote, opts.path);
  const { localIp, localPort, tls: t } = opts;
  const ws = new WebSocket(url, SIP_SUBPROTOCOL, {
    perMessageDeflate: false,
    maxPayload: opts.maxFrameBytes,
    skipUTF8Validation: true,
    handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
    // ws opens the socket through this, with the request's options: the place to bind a port.
    createConnection: ((o: net.NetConnectOpts & tls.ConnectionOptions): net.Socket => {
      const bind = { localAddress: localIp, localPort: localPort || undefined };
      if (!secure) return net.connect({ ...o, ...bind } as net.NetConnectOpts);
      // Loaded here, not at module load: the start-up snapshot holds no TLS state.
      return process.getBuiltinModule('node:tls').connect({
        ...o,
        ...bind,
        path: undefined,
        servername:
          t?.serverName ?? (net.isIP(opts.remote.address) === 0 ? opts.remote.address : ''),
      });
    }) as typeof net.createConnection,
    ...(t === undefined ? {} : { ...secureContextOptions(t), rejectUnauthorized: t.verifyServer }),
  });
  return new Promise((resolve, reject) => {
    let socket: net.Socket | null = null;
    ws.once('upgrade', (res) => {
      socket = res.socket;
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(refused(url, `the server answered the upgrade with HTTP ${res.statusCode}`));
    });
    ws.once('error', (err: NodeJS.ErrnoException) => {
      ws.terminate();
      reject(connectError(url, opts, err));
    });
    ws.once('open', () => {
      ws.removeAllListeners('error');
      ws.removeAllListeners('unexpected-response');
      if (ws.protocol !== SIP_SUBPROTOCOL || socket === null) {
        ws.terminate();
        reject(refused(url, `the server picked subprotocol "${ws.protocol}"`));
        return;
      }
      resolve(new WsConnection(ws, socket, opts, false));
    });
  });
}

export function webSocketUrl(secure: boolean, remote: RemoteAddress, path: string): string {
  const host = remote.address.includes(':') ? `[${remote.address}]` : remote.address;
  return `${secure ? 'wss' : 'ws'}://${host}:${remote.port}${path}`;
}

function refused(url: string, what: string): GossipperError {
  return new GossipperError(
    'RUN_FATAL',
    `WebSocket server ${url} did not accept subprotocol "sip" (RFC 7118): ${what}`,
    'is it a SIP WebSocket server, and is the path right (-ws_path)?',
  );
}

function connectError(url: string, opts: WsConnectOptions, err: NodeJS.ErrnoException): Error {
  if (err.code === 'EADDRINUSE') {
    return new GossipperError(
      'BIND_FAILED',
      `cannot bind port ${opts.localPort} to connect to ${url}: EADDRINUSE`,
      'another process uses this port; choose one with -p',
    );
  }
  // ws's own words when the 101 answer lacks the subprotocol we asked for.
  if (/subprotocol/i.test(err.message)) return refused(url, err.message);
  return new GossipperError(
    'RUN_FATAL',
    `Error on WebSocket connection to ${url}: ${err.message}`,
    opts.protocol === 'WSS'
      ? 'is the remote a SIP WebSocket server over TLS, and is its certificate trusted (-tls_ca)?'
      : 'is the remote listening for SIP over WebSocket?',
  );
}
