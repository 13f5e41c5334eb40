/**
 * The answering side of `-t l1`/`-t ln`: a tls.Server under the TcpListener that serves TCP, so
 * accepted connections, limits and replies are one code. What only TLS has is reported here: a
 * handshake that fails or does not finish in time (a plain TCP peer on the TLS port, a client
 * that distrusts us, one that never speaks) is named in the error log and costs nobody else.
 */
import type { TLSSocket } from 'node:tls';
import { TcpListener } from './tcp-listener.ts';
import type { TcpListenOptions } from './tcp-listener.ts';
import { explainTlsFailure } from './tls-errors.ts';
import { DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS, secureContextOptions } from './tls-options.ts';
import type { TlsSocketOptions } from './tls-options.ts';

export interface TlsListenOptions extends TcpListenOptions {
  tls: TlsSocketOptions;
}

export function listenTls(opts: TlsListenOptions): Promise<TcpListener> {
  const tls = process.getBuiltinModule('node:tls');
  const handshakeTimeout = opts.tls.handshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS;
  const server = tls.createServer({
    // tls.Server builds its context from these options (it ignores `secureContext`).
    ...secureContextOptions(opts.tls),
    noDelay: true,
    handshakeTimeout,
    requestCert: opts.tls.requireClientCert,
    rejectUnauthorized: opts.tls.requireClientCert,
  });
  const listening = TcpListener.listenOn(
    { server, readyEvent: 'secureConnection', protocol: 'TLS' },
    opts,
  );
  return listening.then((listener) => {
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => {
      const from = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
      const why =
        err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT'
          ? `not done within ${handshakeTimeout} ms (-tls_handshake_timeout)`
          : `failed: ${explainTlsFailure(err).reason}`;
      opts.handlers.onError(
        'recv',
        new Error(`TLS handshake with ${from} ${why}`, { cause: err }),
        listener,
      );
    });
    return listener;
  });
}
