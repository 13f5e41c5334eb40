/**
 * SIPp's remote-control UDP socket: each datagram is a hot key or, after a leading `c`, a
 * command line (control-commands.ts). SIPp 3.6.1 binds port 8888, or the next free one of 60
 * when `-cp` is not given, on every interface (`-ci` to choose); Gossipper binds loopback unless
 * `-ci` says otherwise, since anyone who can reach the port can stop the run.
 *
 * node:dgram is loaded when a socket opens, not at import: module-load code is frozen into the
 * start-up snapshot, which must not hold a socket module it does not need.
 */
import type { Socket } from 'node:dgram';
import { GossipperError } from '../errors.ts';

export const DEFAULT_CONTROL_PORT = 8888;
/** SIPp tries this many ports from 8888 when `-cp` is not given. */
export const CONTROL_PORT_TRIES = 60;
export const DEFAULT_CONTROL_HOST = '127.0.0.1';

export interface ControlSocket {
  readonly port: number;
  close(): void;
}

export interface ControlSocketOptions {
  /** `-ci`; default loopback. */
  readonly host?: string;
  /** `-cp`: only this port (failing to bind it ends the run); default 8888 and the next 59. */
  readonly port?: number;
  /** One datagram's text (latin1, one byte per character). */
  onDatagram(text: string): void;
}

/**
 * Opens the control socket. Without `-cp`, no free port is a warning (the returned string),
 * as in SIPp; with `-cp`, a port that cannot be bound is a fatal error.
 */
export async function openControlSocket(
  options: ControlSocketOptions,
): Promise<ControlSocket | string> {
  const dgram = process.getBuiltinModule('node:dgram');
  const host = options.host ?? DEFAULT_CONTROL_HOST;
  const type = host.includes(':') ? 'udp6' : 'udp4';
  const first = options.port ?? DEFAULT_CONTROL_PORT;
  const tries = options.port === undefined ? CONTROL_PORT_TRIES : 1;
  let lastError = '';
  for (let port = first; port < first + tries; port++) {
    const socket = dgram.createSocket({ type });
    const bound = await bind(socket, port, host);
    if (bound !== undefined) {
      lastError = bound;
      socket.close();
      continue;
    }
    socket.on('message', (msg) => options.onDatagram(msg.toString('latin1')));
    // A control socket must never keep the process alive after the run ends.
    socket.unref();
    return { port, close: () => socket.close() };
  }
  if (options.port !== undefined) {
    throw new GossipperError(
      'BIND_FAILED',
      `unable to bind the remote control socket to UDP ${host}:${first}: ${lastError}`,
      'choose another -cp port (or drop -cp: then the first free one from 8888 is used)',
    );
  }
  return (
    `Unable to bind remote control socket (tried UDP ports ${first}-${first + tries - 1}` +
    ` on ${host}): ${lastError}`
  );
}

/** Resolves undefined once bound, or with the error's text. */
function bind(socket: Socket, port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onError = (err: Error): void => resolve(err.message);
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve(undefined);
    });
  });
}
