/**
 * Opening a UDP socket: batched native I/O when the addon is built, node:dgram otherwise.
 * One socket per instance; `-t u1` shares one for every call, `-t un` opens one per call.
 * Large socket buffers are the default for load runs, because the kernel's defaults (SIPp's
 * 64 KB) drop datagrams first when the rate climbs.
 */
import { GossipperError } from '../errors.ts';
import { BatchedUdpTransport } from './udp-batched.ts';
import { DgramUdpTransport } from './udp-dgram.ts';
import type { UdpOptions, UdpTransport as UdpTransportType } from './udp-options.ts';

export type UdpTransport = UdpTransportType;

export const UdpTransport = {
  /**
   * The batched socket, bound before this returns; null without the addon (open() then binds
   * through node:dgram, asynchronously). Media ports opened mid-call use it, so a stream starts
   * in the same turn as its action.
   */
  openNow(opts: UdpOptions): UdpTransport | null {
    return BatchedUdpTransport.open(opts);
  },
  async open(opts: UdpOptions): Promise<UdpTransport> {
    const batched = BatchedUdpTransport.open(opts);
    if (batched !== null) return batched;
    if (opts.reusePort === true) {
      throw new GossipperError(
        'BIND_FAILED',
        `cannot share UDP port ${opts.port} between shards: SO_REUSEPORT needs the native UDP addon, which is not built`,
        'run `npm rebuild` (needs python3, make and a C compiler) or use one thread',
      );
    }
    return DgramUdpTransport.open(opts);
  },
};
