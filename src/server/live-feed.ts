/**
 * `GET /api/v1/live`: every 750 ms each connected WebSocket gets one text frame
 * `{ts, stats, control, transports}` (reference §B7). The frame is built and serialized once per
 * tick whatever the number of clients, and only while there is one. A client that does not read
 * is dropped as soon as what waits for it passes `maxBufferedBytes`, so it cannot grow the
 * server's memory; a closed one leaves the set at once. What clients send is ignored.
 */
export const LIVE_INTERVAL_MS = 750;
/** About 100 frames of a one-engine server: far beyond a slow link's worth, far below harm. */
export const LIVE_MAX_BUFFERED_BYTES = 256 * 1024;

/** What the feed needs of a WebSocket (ws's WebSocket has it). */
export interface LiveClient {
  readonly bufferedAmount: number;
  send(text: string): void;
  /** Drop at once, without the closing handshake (the peer is not reading anyway). */
  terminate(): void;
  on(event: 'close' | 'error', listener: () => void): unknown;
}

export interface LiveFeedOptions {
  /** The frame's content now; `ts` is added here. */
  readonly frame: () => object;
  readonly nowMs: () => number;
  readonly intervalMs?: number;
  readonly maxBufferedBytes?: number;
  /** A client dropped for not reading (stderr note). */
  readonly onDropped?: (buffered: number) => void;
}

export class LiveFeed {
  private readonly clients = new Set<LiveClient>();
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly maxBufferedBytes: number;

  constructor(private readonly options: LiveFeedOptions) {
    this.intervalMs = options.intervalMs ?? LIVE_INTERVAL_MS;
    this.maxBufferedBytes = options.maxBufferedBytes ?? LIVE_MAX_BUFFERED_BYTES;
  }

  get size(): number {
    return this.clients.size;
  }

  add(client: LiveClient): void {
    this.clients.add(client);
    const forget = (): void => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stopTimer();
    };
    client.on('close', forget);
    client.on('error', forget);
    // The first frame at once: a dashboard need not wait a period for its first figures.
    this.sendTo(client, this.serialize());
    if (this.timer === null && this.clients.has(client)) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** One period: one frame for everyone. */
  tick(): void {
    if (this.clients.size === 0) return;
    const text = this.serialize();
    for (const client of [...this.clients]) this.sendTo(client, text);
  }

  private serialize(): string {
    return JSON.stringify({ ts: Math.round(this.options.nowMs()), ...this.options.frame() });
  }

  private sendTo(client: LiveClient, text: string): void {
    const buffered = client.bufferedAmount;
    if (buffered > this.maxBufferedBytes) {
      this.clients.delete(client);
      client.terminate();
      this.options.onDropped?.(buffered);
      if (this.clients.size === 0) this.stopTimer();
      return;
    }
    client.send(text);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Server shutdown: every client goes, the timer stops. */
  closeAll(): void {
    for (const client of this.clients) client.terminate();
    this.clients.clear();
    this.stopTimer();
  }
}
