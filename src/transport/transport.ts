/**
 * What the engine needs from the wire. One implementation per transport family (UDP: batched
 * or node:dgram; TCP: a connection or a listener's accepted one; in-process for tests). Sends
 * never throw: failures are reported through `onError`. Which of them a run opens, per
 * protocol, is in transport-registry.ts; extras beyond this interface are opt-in interfaces
 * with type guards (transport-capabilities.ts). test/transport/transport-contract.test.ts
 * holds every implementation to this contract.
 */
/** What the `[transport]` keyword prints and what Via headers carry. */
export type TransportProtocol = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

/** A protocol a run can be configured with: a key of the transport registry. */
export type TransportName = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** One socket (or connection) for every call, or one per client call. */
export type SocketMode = 'shared' | 'per-call';

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
  /**
   * Our own close() was called on `via` (on every call, so a receiver keeps it idempotent). The
   * owner of a run's sockets counts the open ones by it, without wrapping a transport.
   */
  onClosed?(via: Transport): void;
}

export interface Transport {
  /** `UDP`, `TCP`, ... as used by the `[transport]` keyword. */
  readonly protocol: TransportProtocol;
  /**
   * True when the transport itself delivers or reports loss (TCP, TLS, WebSocket), so SIP
   * retransmits nothing over it (RFC 3261 §17.1.1.2: Timer A only for unreliable transports).
   */
  readonly isReliable: boolean;
  /** Bound local address (after bind, port is the real one even when 0 was asked). */
  readonly localAddress: RemoteAddress;
  send(buf: Buffer, to: RemoteAddress): void;
  /** Idempotent; reports `onClosed` to the handlers given at open, when they have it. */
  close(): Promise<void>;
}
