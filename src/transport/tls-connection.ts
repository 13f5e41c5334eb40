/**
 * A TLS client connection (`-t l1` shared by all calls, `-t ln` one per call): a tls.TLSSocket
 * handed, once its handshake is done, to the same TcpConnection that carries TCP, so framing,
 * the send queue and the buffer budget are one code. Only the opening differs: SNI, server
 * verification (on unless `-tls_insecure`: SIPp never verifies) and a handshake deadline.
 */
import net from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import { GossipperError } from '../errors.ts';
import { TcpConnection } from './tcp-connection.ts';
import type { TcpConnectOptions } from './tcp-connection.ts';
import { explainTlsFailure } from './tls-errors.ts';
import { DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS } from './tls-options.ts';
import type { TlsSocketOptions } from './tls-options.ts';

export interface TlsConnectOptions extends TcpConnectOptions {
  tls: TlsSocketOptions;
  /** The run's one context (createSecureContext), shared by every connection. */
  context: SecureContext;
}

/** Opens and handshakes; rejects with BIND_FAILED (local port taken) or RUN_FATAL (why). */
export function connectTls(opts: TlsConnectOptions): Promise<TcpConnection> {
  const tls = process.getBuiltinModule('node:tls');
  const where = `${opts.remote.address}:${opts.remote.port}`;
  const timeoutMs = opts.tls.handshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    // The TCP socket is ours (bound like TCP's, Nagle off); TLS runs over it.
    const raw = net.connect({
      host: opts.remote.address,
      port: opts.remote.port,
      localAddress: opts.localIp,
      localPort: opts.localPort || undefined,
      noDelay: true,
    });
    const socket: TLSSocket = tls.connect({
      socket: raw,
      host: opts.remote.address,
      secureContext: opts.context,
      servername: opts.tls.serverName,
      rejectUnauthorized: opts.tls.verifyServer,
    });
    // Errors of the TCP part (refused, port in use) reach us through the TLS socket too.
    raw.on('error', () => {});
    const fail = (err: GossipperError): void => {
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      reject(err);
    };
    const timer = setTimeout(() => {
      fail(
        new GossipperError(
          'RUN_FATAL',
          `TLS handshake with ${where} timed out after ${timeoutMs} ms (-tls_handshake_timeout)`,
          'is the remote a TLS server (e.g. it may be plain TCP that waits for us to speak)?',
        ),
      );
    }, timeoutMs);
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EADDRINUSE') {
        fail(
          new GossipperError(
            'BIND_FAILED',
            `cannot bind TLS port ${opts.localPort} to connect to ${where}: EADDRINUSE`,
            'another process uses this port; choose one with -p',
          ),
        );
      } else if (err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH') {
        fail(
          new GossipperError(
            'RUN_FATAL',
            `Error on TLS connection to ${where}: ${err.code}`,
            'is the remote listening on TLS (e.g. gossipper -t l1)?',
          ),
        );
      } else {
        const { reason, hint } = explainTlsFailure(err);
        fail(
          new GossipperError('RUN_FATAL', `TLS handshake with ${where} failed: ${reason}`, hint),
        );
      }
    };
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      const peer = {
        address: socket.remoteAddress ?? opts.remote.address,
        port: socket.remotePort ?? opts.remote.port,
      };
      resolve(TcpConnection.opened(socket, peer, opts.handlers, opts.budget, 'TLS'));
    });
  });
}
