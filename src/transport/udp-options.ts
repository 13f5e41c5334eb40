/** What both UDP implementations take and give: the seam Run and shards open sockets through. */
import { GossipperError } from '../errors.ts';
import type { Transport, TransportHandlers } from './transport.ts';

export interface UdpOptions {
  /** Address to bind; '0.0.0.0' / '::' for any. */
  bindIp: string;
  /** 0 = OS-chosen. */
  port: number;
  family: 4 | 6;
  /** SO_RCVBUF / SO_SNDBUF; undefined = kernel default. */
  bufferBytes?: number;
  /**
   * SO_REUSEPORT: several sockets (one per shard) share the port and the kernel spreads peers
   * across them by address hash. Only the batched native I/O can set it on Node 20.
   */
  reusePort?: boolean;
  handlers: TransportHandlers;
}

/** Which code moves the datagrams: batched recvmmsg/sendmmsg, or one node:dgram call each. */
export type UdpIo = 'batched' | 'node:dgram';

export interface UdpTransport extends Transport {
  readonly protocol: 'UDP';
  readonly io: UdpIo;
  /** What the kernel actually granted (it doubles the request and caps at rmem_max). */
  readonly effectiveBufferBytes: { recv: number; send: number };
}

export function bindError(opts: UdpOptions, reason: string): GossipperError {
  return new GossipperError('BIND_FAILED', `cannot bind UDP ${opts.bindIp}:${opts.port}: ${reason}`,
    reason === 'EADDRINUSE' ? 'another process uses this port; choose one with -p' : undefined);
}
