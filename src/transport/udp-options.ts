/** What both UDP implementations take and give: the seam Run and shards open sockets through. */
import { GossipperError } from '../errors.ts';
import type { TransportHandlers } from './transport.ts';
import type { WithBufferSizes, WithDatagramIo } from './transport-capabilities.ts';

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

export type { UdpIo } from './transport-capabilities.ts';

export interface UdpTransport extends WithBufferSizes, WithDatagramIo {
  readonly protocol: 'UDP';
  readonly isReliable: false;
}

export function bindError(opts: UdpOptions, reason: string): GossipperError {
  return new GossipperError(
    'BIND_FAILED',
    `cannot bind UDP ${opts.bindIp}:${opts.port}: ${reason}`,
    reason === 'EADDRINUSE' ? 'another process uses this port; choose one with -p' : undefined,
  );
}
