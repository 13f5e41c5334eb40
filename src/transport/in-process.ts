/**
 * Two Transports joined back to back inside the process: what one sends, the other receives on
 * the next `deliver()`. No sockets and no event loop, so a driver decides when datagrams move
 * (the engine's self-call warm-up; tests).
 */
import type { RemoteAddress, Transport, TransportHandlers } from './transport.ts';

export class InProcessTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly isReliable = false;
  peer: InProcessTransport | null = null;
  private inbox: Buffer[] = [];
  constructor(
    readonly localAddress: RemoteAddress,
    private readonly handlers: TransportHandlers,
  ) {}

  send(buf: Buffer, _to: RemoteAddress): void {
    this.peer?.inbox.push(buf);
  }

  /** Hands queued datagrams to the handler; returns how many. */
  deliver(): number {
    const batch = this.inbox;
    if (batch.length === 0) return 0;
    this.inbox = [];
    const from = this.peer?.localAddress ?? this.localAddress;
    for (const buf of batch) this.handlers.onMessage(buf, from, this);
    return batch.length;
  }

  close(): Promise<void> {
    this.handlers.onClosed?.(this);
    this.inbox = [];
    return Promise.resolve();
  }
}

/** A connected pair of in-process transports. */
export function inProcessPair(
  a: RemoteAddress,
  ha: TransportHandlers,
  b: RemoteAddress,
  hb: TransportHandlers,
): [InProcessTransport, InProcessTransport] {
  const ta = new InProcessTransport(a, ha);
  const tb = new InProcessTransport(b, hb);
  ta.peer = tb;
  tb.peer = ta;
  return [ta, tb];
}
