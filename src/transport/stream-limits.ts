/**
 * Bounds a stream listener (TCP, TLS, WebSocket) puts on its peers, so that a hostile or broken
 * peer is named and cut off without touching the calls of the others: how many connections may
 * be open at once, how long one may stay silent, and how long one message may take to arrive (a
 * slowloris peer trickles bytes and never finishes one). All of it lives outside the per-message
 * path: the connection count is the server's own check at accept, the idle timer is the
 * socket's, and unfinished messages are looked at by a sweep a few times per timeout.
 */
import type net from 'node:net';

export interface StreamLimits {
  /** Accepted connections open at once; 0 = no limit. */
  readonly maxConnections: number;
  /** Close an accepted connection silent this long (no byte either way); 0 = never. */
  readonly idleTimeoutMs: number;
  /** Close an accepted connection whose message is unfinished this long; 0 = never. */
  readonly messageTimeoutMs: number;
}

export const NO_STREAM_LIMITS: StreamLimits = {
  maxConnections: 0,
  idleTimeoutMs: 0,
  messageTimeoutMs: 0,
};

/** A connection as the sweep sees it (TcpConnection; the WebSocket connection can be one). */
export interface WatchedConnection {
  /** Identifies the unfinished message held now; -1 = none. */
  readonly unfinishedMark: number;
  /** Closes it, naming `reason` in the error log. */
  cut(reason: string): void;
}

/**
 * Refuses connections past `max` (the server closes them at accept) and names each refusal.
 * net.Server's own check costs nothing per message.
 */
export function limitConnections(
  server: net.Server,
  max: number,
  report: (text: string) => void,
): void {
  if (max <= 0) return;
  server.maxConnections = max;
  server.on('drop', (d?: net.DropArgument) => {
    const from = d === undefined ? 'a peer' : `${d.remoteAddress}:${d.remotePort}`;
    report(`connection from ${from} refused: ${max} connections open (-max_connections)`);
  });
}

/** Arms the idle timer of one accepted socket; `cut` closes it with the reason. */
export function watchIdle(socket: net.Socket, idleTimeoutMs: number, cut: (why: string) => void) {
  if (idleTimeoutMs <= 0) return;
  socket.setTimeout(idleTimeoutMs);
  socket.once('timeout', () => cut(`idle for ${idleTimeoutMs} ms (-idle_timeout)`));
}

/** Sweeps per timeout: a stalled message is cut between 1 and 1.25 timeouts after it began. */
const SWEEPS_PER_TIMEOUT = 4;

/**
 * Cuts connections whose unfinished message did not change for a whole timeout. A message that
 * completes (even a slow one) changes the mark, so only a peer that stalls one message is cut.
 */
export class StalledMessageWatch {
  private seen = new Map<WatchedConnection, { mark: number; sweeps: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    private readonly connections: () => Iterable<WatchedConnection>,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(1, timeoutMs / SWEEPS_PER_TIMEOUT));
    this.timer.unref();
  }

  /** Starts a watch over `connections`, or none when `timeoutMs` is 0. */
  static start(
    timeoutMs: number,
    connections: () => Iterable<WatchedConnection>,
  ): StalledMessageWatch | null {
    return timeoutMs > 0 ? new StalledMessageWatch(timeoutMs, connections) : null;
  }

  sweep(): void {
    const next = new Map<WatchedConnection, { mark: number; sweeps: number }>();
    const stalled: WatchedConnection[] = [];
    for (const c of this.connections()) {
      const mark = c.unfinishedMark;
      if (mark < 0) continue;
      const before = this.seen.get(c);
      const sweeps = before !== undefined && before.mark === mark ? before.sweeps + 1 : 0;
      if (sweeps >= SWEEPS_PER_TIMEOUT) stalled.push(c);
      else next.set(c, { mark, sweeps });
    }
    // Only connections still open and still unfinished are remembered: nothing leaks.
    this.seen = next;
    for (const c of stalled) {
      c.cut(`no complete message within ${this.timeoutMs} ms (-message_timeout)`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.seen.clear();
  }
}
