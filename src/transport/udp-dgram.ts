/**
 * UDP on node:dgram: the portable fallback when the batched native I/O (udp-batched.ts) is not
 * built or is switched off. One datagram per JavaScript call in both directions.
 */
import type dgram from 'node:dgram';
import type { RemoteAddress } from './transport.ts';
import { bindError } from './udp-options.ts';
import type { UdpOptions, UdpTransport } from './udp-options.ts';

/**
 * Every address the engine sends to is an IP literal resolved once at start, so the per-datagram
 * DNS step node:dgram performs is skipped; answering synchronously also keeps the send in the
 * caller's turn instead of a process.nextTick hop.
 */
function literalLookup(
  address: string,
  _options: unknown,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  callback(null, address, address.includes(':') ? 6 : 4);
}

export class DgramUdpTransport implements UdpTransport {
  readonly protocol = 'UDP' as const;
  readonly isReliable = false;
  readonly io = 'node:dgram' as const;
  localAddress: RemoteAddress = { address: '', port: 0 };
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly handlers: UdpOptions['handlers'],
  ) {}

  static open(opts: UdpOptions): Promise<DgramUdpTransport> {
    // Loaded here, not at start-up: only runs without the batched addon need it.
    const socket = process.getBuiltinModule('node:dgram').createSocket({
      type: opts.family === 6 ? 'udp6' : 'udp4',
      reuseAddr: false,
      lookup: literalLookup,
    });
    const t = new DgramUdpTransport(socket, opts.handlers);
    return new Promise((resolve, reject) => {
      const onBindError = (err: NodeJS.ErrnoException): void => {
        socket.close();
        reject(bindError(opts, err.code ?? err.message));
      };
      socket.once('error', onBindError);
      socket.bind(opts.port, opts.bindIp, () => {
        socket.off('error', onBindError);
        if (opts.bufferBytes !== undefined) {
          try {
            socket.setRecvBufferSize(opts.bufferBytes);
            socket.setSendBufferSize(opts.bufferBytes);
          } catch {
            // The kernel caps at rmem_max/wmem_max; what we got is reported by
            // effectiveBufferBytes.
          }
        }
        const a = socket.address();
        t.localAddress = { address: a.address, port: a.port };
        socket.on('message', (msg, rinfo) => opts.handlers.onMessage(msg, rinfo, t));
        socket.on('error', (err) => opts.handlers.onError('send', err, t));
        resolve(t);
      });
    });
  }

  /** What the kernel actually granted (it doubles the request and caps at rmem_max). */
  get effectiveBufferBytes(): { recv: number; send: number } {
    try {
      return { recv: this.socket.getRecvBufferSize(), send: this.socket.getSendBufferSize() };
    } catch {
      return { recv: 0, send: 0 };
    }
  }

  /**
   * Sends synchronously: the address is already an IP (see literalLookup) and without a callback
   * node:dgram tries the send at once (uv_udp_try_send), so nothing waits for another turn of the
   * event loop and there is no completion callback per datagram. Errors arrive as 'error' events.
   */
  send(buf: Buffer, to: RemoteAddress): void {
    if (this.closed) return;
    this.socket.send(buf, to.port, to.address);
  }

  /**
   * Stops sending and closes after one turn of the event loop, so a datagram the kernel could not
   * take at once (queued by libuv) still leaves: closing in the same tick would drop it (a call's
   * CANCEL, or a scenario's last message at exit).
   */
  close(): Promise<void> {
    this.handlers.onClosed?.(this);
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise<void>((resolve) => setImmediate(() => this.socket.close(() => resolve())));
  }
}
