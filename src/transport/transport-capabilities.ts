/**
 * What some transports offer beyond `Transport`, each an opt-in interface with a type guard
 * (style.md "Seams"), so callers ask instead of casting or naming a class.
 */
import type { RemoteAddress, Transport } from './transport.ts';

/** Which code moves the datagrams: batched recvmmsg/sendmmsg, or one node:dgram call each. */
export type UdpIo = 'batched' | 'node:dgram';

/** A listener: accepts connections, each its own Transport (TCP; later TLS and WebSocket). */
export interface WithConnectionCount extends Transport {
  /** Connections open now. */
  readonly connectionCount: number;
}

/** A socket whose kernel buffers were sized (UDP). */
export interface WithBufferSizes extends Transport {
  /** What the kernel actually granted (it doubles the request and caps at rmem_max). */
  readonly effectiveBufferBytes: { recv: number; send: number };
}

/** A datagram socket that says which code moves its datagrams. */
export interface WithDatagramIo extends Transport {
  readonly io: UdpIo;
}

/** A socket whose reads can follow a run's tick period (batched UDP; shard/ uses it). */
export interface WithReadPacing extends Transport {
  /** Read every `periodMs` while datagrams keep coming; false when not possible. */
  paceReads(periodMs: number): boolean;
}

/** A datagram socket that can send at a given time from the addon's pacer thread (batched UDP). */
export interface WithTimedSend extends Transport {
  /** Sends `buf` at `dueMs` on CLOCK_MONOTONIC (the addon's monotonicMs()); late: at once. */
  sendAt(buf: Buffer, to: RemoteAddress, dueMs: number): void;
}

export function hasTimedSend(t: Transport): t is WithTimedSend {
  return 'sendAt' in t;
}

export function hasReadPacing(t: Transport): t is WithReadPacing {
  return 'paceReads' in t;
}

export function hasConnectionCount(t: Transport): t is WithConnectionCount {
  return 'connectionCount' in t;
}

export function hasBufferSizes(t: Transport): t is WithBufferSizes {
  return 'effectiveBufferBytes' in t;
}

export function hasDatagramIo(t: Transport): t is WithDatagramIo {
  return 'io' in t;
}
