/**
 * A `-t t1` client connection that survives the peer closing it (`-max_reconnect N`): it
 * connects again from the same local port (`[local_port]` is fixed for a shared socket), up to N
 * times over the run, `-reconnect_sleep` ms after each loss. The engine keeps one Transport for
 * the run's life; the connection under it changes. With `-reconnect_close true` (SIPp's
 * default) the calls that were on the lost connection fail as "TCP closed"; with false they go
 * on over the new one. Messages sent while reconnecting wait for the new connection (up to
 * MAX_HELD). Any stream transport works: it only needs its opener's connect().
 *
 * SIPp 3.6.1 as packaged by Debian never completes a reconnection (see docs/socket-modes.md);
 * this is what its `-h` and source describe.
 */
import type { ReconnectConfig } from '../config/index.ts';
import type { RemoteAddress, StreamHandlers, Transport } from '../transport/index.ts';

/** Messages held while no connection is up; past it sends fail like a send on a closed one. */
const MAX_HELD = 10_000;

export interface ReconnectEvents {
  /** The connection was lost and another is being opened; `failCalls`: fail its calls. */
  onReconnecting(via: Transport, text: string, failCalls: boolean): void;
  /** A new connection is up. */
  onReconnected(via: Transport, text: string): void;
}

export class ReconnectingConnection implements Transport {
  readonly isReliable = true;
  private current!: Transport;
  private held: { buf: Buffer; to: RemoteAddress }[] = [];
  private reconnectsLeft: number;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly connect: (port: number) => Promise<Transport>,
    /** The run's handlers: a loss with no reconnection left is reported there, as this one. */
    private readonly handlers: StreamHandlers,
    private readonly config: ReconnectConfig,
    private readonly events: ReconnectEvents,
  ) {
    this.reconnectsLeft = config.max < 0 ? Infinity : config.max;
  }

  /**
   * Opens the first connection. Messages arriving on a connection name it, not this object, as
   * `via`: the engine sends a call's messages on the call's socket (this object) and only
   * answers out-of-call requests on `via`, which the connection they came on can still carry.
   */
  static async open(
    port: number,
    connect: (port: number) => Promise<Transport>,
    handlers: StreamHandlers,
    config: ReconnectConfig,
    events: ReconnectEvents,
  ): Promise<ReconnectingConnection> {
    const self = new ReconnectingConnection(connect, handlers, config, events);
    self.current = await connect(port);
    return self;
  }

  /** True when `via` is the connection under this one now. */
  carries(via: Transport): boolean {
    return via === this.current;
  }

  get protocol(): Transport['protocol'] {
    return this.current.protocol;
  }

  get localAddress(): RemoteAddress {
    return this.current.localAddress;
  }

  send(buf: Buffer, to: RemoteAddress): void {
    if (this.timer === null && this.held.length === 0) {
      this.current.send(buf, to);
      return;
    }
    if (this.held.length >= MAX_HELD) {
      const err = new Error(`no ${this.protocol} connection while reconnecting`);
      this.handlers.onError('send', err, this);
      return;
    }
    // Copied: the caller may reuse the buffer once send() returns.
    this.held.push({ buf: Buffer.from(buf), to });
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.handlers.onClosed?.(this);
    return this.current.close();
  }

  /** The connection under this one was lost (the run's handlers route it here). */
  lost(reason: string): void {
    if (this.closed) return;
    if (this.reconnectsLeft <= 0) {
      const why = this.config.max === 0 ? reason : `${reason}; max number of reconnections reached`;
      this.handlers.onConnectionLost(this, why);
      return;
    }
    const close = this.config.closeCalls;
    this.events.onReconnecting(
      this,
      `${reason}; reconnecting${close ? ', closing its calls' : ''} (${this.attemptText()})`,
      close,
    );
    this.schedule();
  }

  private schedule(): void {
    this.reconnectsLeft--;
    // A placeholder timer even at 0 ms: sends until the new connection is up are held.
    this.timer = setTimeout(() => void this.reconnect(), this.config.sleepMs);
  }

  private async reconnect(): Promise<void> {
    const port = this.current.localAddress.port;
    let next: Transport;
    try {
      next = await this.connect(port);
    } catch (err) {
      if (this.closed) return;
      const text = `${this.protocol} reconnection failed: ${(err as Error).message}`;
      if (this.reconnectsLeft > 0) {
        this.events.onReconnecting(this, `${text} (${this.attemptText()})`, false);
        this.schedule();
        return;
      }
      this.timer = null;
      this.held = [];
      this.handlers.onConnectionLost(this, `${text}; max number of reconnections reached`);
      return;
    }
    if (this.closed) {
      void next.close();
      return;
    }
    this.current = next;
    this.timer = null;
    const held = this.held;
    this.held = [];
    for (const m of held) next.send(m.buf, m.to);
    this.events.onReconnected(this, `${next.protocol} connection re-established from port ${port}`);
  }

  private attemptText(): string {
    const used = this.config.max < 0 ? '' : ` of ${this.config.max}`;
    const n = this.config.max < 0 ? 'next' : String(this.config.max - this.reconnectsLeft + 1);
    return `reconnection ${n}${used}`;
  }
}
