/**
 * What the engine needs from the wire. One implementation per transport family (UDP: batched
 * or node:dgram; TCP: a connection or a listener's accepted one; in-process for tests). Sends
 * never throw: failures are reported through `onError`.
 */
/** What the `[transport]` keyword prints and what Via headers carry. */
export type TransportProtocol = 'UDP' | 'TCP';

export interface RemoteAddress {
  address: string;
  port: number;
}

export interface TransportHandlers {
  /**
   * One whole SIP message (a datagram, or a framed stream message). `buf` is lent for the
   * duration of the call only: the transport may reuse its memory afterwards, so a receiver
   * copies what it keeps. `ageMs`, when the transport knows it, is how long ago the kernel
   * received it (0 = just now / unknown); `hash`, when it computed one, is messageHash(buf).
   */
  onMessage(buf: Buffer, from: RemoteAddress, via: Transport, ageMs?: number, hash?: number): void;
  /** A send or receive failed; `kind` feeds the "UDP errors (send/recv/cong)" counters. */
  onError(kind: 'send' | 'recv' | 'congestion', err: Error, via: Transport): void;
}

export interface Transport {
  /** `UDP`, `TCP`, ... as used by the `[transport]` keyword. */
  readonly protocol: TransportProtocol;
  /** Bound local address (after bind, port is the real one even when 0 was asked). */
  readonly localAddress: RemoteAddress;
  send(buf: Buffer, to: RemoteAddress): void;
  close(): Promise<void>;
}
