/**
 * What a stream transport reports beyond TransportHandlers: a connection can be lost under the
 * calls using it (SIPp's "TCP closed" failures), and a byte stream can stop being SIP, which
 * is counted and traced like a malformed datagram.
 */
import type { RemoteAddress, Transport, TransportHandlers } from './transport.ts';

export interface StreamHandlers extends TransportHandlers {
  /** The peer closed the connection, or it broke; never called after our own close(). */
  onConnectionLost(via: Transport, reason: string): void;
  /**
   * The stream was refused by the framer; the connection is closed right after. (A WebSocket
   * frame that is not one whole message is reported here too, but its connection carries on:
   * WebSocket framing is intact.)
   */
  onMalformed(raw: Buffer, from: RemoteAddress, reason: string, via: Transport): void;
}
