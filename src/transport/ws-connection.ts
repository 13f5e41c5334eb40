/**
 * One SIP-over-WebSocket connection (RFC 7118) as a Transport: a client's (`-t w1` shared by all
 * calls, `-t wn` one per call, `wss1`/`wssn` over TLS) or one a WsListener accepted, which the
 * engine replies on whatever the request's Via or Contact say (§5, the sent-by may be a
 * `.invalid` placeholder). One SIP message per WebSocket message (ws-frame.ts); sent as text
 * frames, binary ones accepted. A ping every `pingIntervalMs` finds a dead peer: no pong since
 * the previous ping closes the connection.
 *
 * The `ws` package is loaded on first use (ws-load.ts), never at module load.
 */
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { StreamHandlers } from './stream-handlers.ts';
import type { RemoteAddress, Transport } from './transport.ts';
import { frameProblem, isBlankFrame } from './ws-frame.ts';

export interface WsConnectionSettings {
  protocol: 'WS' | 'WSS';
  handlers: StreamHandlers;
  /** 0 = no keep-alive pings. */
  pingIntervalMs: number;
  /** The `maxPayload` the socket was opened with, to name it when a frame goes past it. */
  maxFrameBytes: number;
}

/** ws's error code for a message above maxPayload (it closes with 1009 right after). */
const TOO_BIG = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
/** A peer that never answers our close frame must not hold the run open. */
const CLOSE_GRACE_MS = 1000;

export class WsConnection implements Transport {
  readonly protocol: 'WS' | 'WSS';
  readonly isReliable = true;
  readonly localAddress: RemoteAddress;
  readonly remoteAddress: RemoteAddress;
  private closing = false;
  private refusal: string | null = null;
  private lastError: Error | null = null;
  private isAlive = true;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly closed: Promise<void>;
  private readonly handlers: StreamHandlers;
  /** Frames received so far: the -message_timeout watch's mark (unfinishedMark). */
  private framesIn = 0;

  constructor(
    private readonly ws: WebSocket,
    socket: Socket,
    settings: WsConnectionSettings,
    /** Accepted connections belong to their listener: the engine's per-call close() keeps them. */
    private readonly isOwnedByListener: boolean,
  ) {
    this.protocol = settings.protocol;
    this.handlers = settings.handlers;
    this.localAddress = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    this.remoteAddress = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const handlers = settings.handlers;
    ws.on('message', (data: RawData) => this.received(data as Buffer));
    ws.on('pong', () => {
      this.isAlive = true;
    });
    ws.on('error', (err: Error & { code?: string }) => {
      this.lastError = err;
      if (err.code === TOO_BIG) {
        this.refusal = `a WebSocket message above the ${settings.maxFrameBytes}-byte limit (-ws_max_frame)`;
      }
      if (this.closing) return;
      handlers.onError(
        'recv',
        new Error(`${this.name()} ${this.peerText()}: ${err.message}`),
        this,
      );
    });
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.once('close', (code: number, reason: Buffer) => {
      this.stopPings();
      if (this.closing) return;
      this.closing = true;
      handlers.onConnectionLost(this, this.lostText(code, reason.toString()));
    });
    if (settings.pingIntervalMs > 0) this.startPings(settings.pingIntervalMs);
  }

  /** True until the connection closed (either side). */
  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === 1;
  }

  /** One whole SIP message, as one text frame. */
  send(buf: Buffer, _to: RemoteAddress): void {
    if (this.closing || this.ws.readyState !== 1) {
      this.handlers.onError('send', new Error(`${this.name()} ${this.peerText()} is closed`), this);
      return;
    }
    this.ws.send(buf, TEXT_FRAME);
  }

  /** Closes a connection we opened; a listener's connections stay open until it closes. */
  close(): Promise<void> {
    if (this.isOwnedByListener) return Promise.resolve();
    this.handlers.onClosed?.(this);
    return this.destroy();
  }

  /** Closes now, whoever owns it (listener shutdown): a close frame, then the socket. */
  destroy(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.stopPings();
      this.ws.close(1001, 'going away');
      setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
    }
    return this.closed;
  }

  /** Closes it at once for a bound it broke (-idle_timeout...), named in the error log. */
  cut(reason: string): void {
    if (this.closing) return;
    this.refusal = reason;
    this.handlers.onError(
      'recv',
      new Error(`${this.name()} ${this.peerText()} cut: ${reason}`),
      this,
    );
    this.ws.terminate();
  }

  /**
   * The frames received so far while a frame is half in, else -1: a peer that keeps a frame
   * unfinished for a whole -message_timeout (a slowloris, one byte at a time) is cut by the
   * listener's StalledMessageWatch. ws shows no frame in progress publicly; its receiver's
   * buffered bytes and parse state (ws 8, pinned) do; test/interop/hostile-streams.test.ts
   * fails if an upgrade of ws hides them.
   */
  get unfinishedMark(): number {
    const r = (this.ws as unknown as { _receiver?: { _bufferedBytes?: number; _state?: number } })
      ._receiver;
    const midFrame = r !== undefined && ((r._bufferedBytes ?? 0) > 0 || (r._state ?? 0) !== 0);
    return midFrame ? this.framesIn : -1;
  }

  private received(frame: Buffer): void {
    this.framesIn++;
    this.isAlive = true;
    // A blank frame is a keep-alive; it stops at the first byte of a real message.
    if (isBlankFrame(frame)) return;
    const problem = frameProblem(frame);
    if (problem === null) this.handlers.onMessage(frame, this.remoteAddress, this);
    else this.handlers.onMalformed(frame, this.remoteAddress, problem, this);
  }

  private startPings(intervalMs: number): void {
    this.pingTimer = setInterval(() => {
      if (!this.isAlive) {
        this.refusal = `no pong within ${intervalMs} ms (-ws_ping)`;
        this.ws.terminate();
        return;
      }
      this.isAlive = false;
      this.ws.ping();
    }, intervalMs);
    this.pingTimer.unref();
  }

  private stopPings(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private name(): string {
    return `${this.protocol} connection`;
  }

  /** `from 10.0.0.2:40312` (accepted) or `to 10.0.0.1:5060` (opened by us). */
  private peerText(): string {
    const { address, port } = this.remoteAddress;
    return `${this.isOwnedByListener ? 'from' : 'to'} ${address}:${port}`;
  }

  private lostText(code: number, reason: string): string {
    let why = `closed by the peer (code ${code}${reason === '' ? '' : `, ${reason}`})`;
    if (code === 1006) why = 'closed by the peer without a closing handshake (1006)';
    if (this.refusal !== null) why = `closed by us: ${this.refusal}`;
    else if (this.lastError !== null && code === 1006) why = `broken (${this.lastError.message})`;
    return `${this.name()} ${this.peerText()} ${why}`;
  }
}

const TEXT_FRAME = { binary: false } as const;
