/**
 * UDP through the batched native addon (native/udp_batch.c): datagrams arrive in batches from
 * recvmmsg and leave in batches through sendmmsg, so JavaScript crosses into C once per batch
 * rather than once per datagram, and no per-datagram address object or event is made.
 *
 * Sends are queued in a per-socket slab and flushed when a received batch has been handled, or
 * else in a microtask: everything one callback (a timer tick, a received batch) sends goes out
 * in one system call, before the event loop moves on, so batching adds no latency.
 */
import { Buffer } from 'node:buffer';
import { wordsToIp, ipToWords } from './ip-words.ts';
import type { IpWords } from './ip-words.ts';
import type { RemoteAddress, TransportHandlers } from './transport.ts';
import { udpBatchAddon } from './udp-native.ts';
import type { UdpBatchAddon } from './udp-native.ts';
import { nowMs } from '../platform/index.ts';
import { runSoon } from '../platform/index.ts';
import { bindError } from './udp-options.ts';
import type { UdpOptions, UdpTransport } from './udp-options.ts';

/** int32 words per datagram in the metadata arrays (layout in native/udp_batch.c). */
const META_STRIDE = 10;
/** Any UDP datagram fits a slot; 32 slots make one 2 MiB receive area per thread. */
const SLOT_BYTES = 65536;
const RECV_SLOTS = 32;
/** Entries per sendmmsg flush; more waits for the next flush in the same turn. */
const SEND_BATCH = 64;
const SEND_SLAB_START = 64 * 1024;
/** A socket whose kernel buffer stays full drops what it cannot queue beyond this. */
const SEND_SLAB_MAX = 16 * 1024 * 1024;
/** Peer address objects kept for reuse; a run talks to few peers, a flood is capped. */
const PEER_CACHE_MAX = 65536;

/**
 * One receive area per thread, shared by every socket: a batch is consumed synchronously
 * inside its callback, before the next batch of any socket can be written over it.
 */
interface RecvArea {
  slab: Buffer;
  meta: Int32Array;
}
let recvArea: RecvArea | undefined;
function sharedRecvArea(): RecvArea {
  recvArea ??= {
    slab: Buffer.allocUnsafeSlow(SLOT_BYTES * RECV_SLOTS),
    meta: new Int32Array(RECV_SLOTS * META_STRIDE),
  };
  return recvArea;
}

function errnoError(negErrno: number, what: string): Error {
  return new Error(`${what} failed (errno ${-negErrno})`);
}

export class BatchedUdpTransport implements UdpTransport {
  readonly protocol = 'UDP' as const;
  readonly isReliable = false;
  readonly io = 'batched' as const;
  localAddress: RemoteAddress = { address: '', port: 0 };
  private closed = false;
  private handle!: object;
  private readonly area = sharedRecvArea();
  private readonly peers = new Map<number | string, RemoteAddress>();
  private sendSlab = Buffer.allocUnsafeSlow(SEND_SLAB_START);
  private sendMeta = new Int32Array(SEND_BATCH * META_STRIDE);
  private pending = 0;
  private used = 0;
  /** Due times beside sendMeta (ms, CLOCK_MONOTONIC; 0: now), made on the first sendAt. */
  private sendDue: Float64Array | null = null;
  /** Queued entries with a due time: flush hands them to the pacer thread. */
  private pacedPending = 0;
  private flushQueued = false;
  /** Inside onBatch: what the batch sends is flushed when it ends, with no microtask. */
  private inBatch = false;
  private retryTimer: NodeJS.Immediate | undefined;
  private lastDest = '';
  private lastDestWords: IpWords | null = null;
  private readonly flushNow = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  private constructor(
    private readonly addon: UdpBatchAddon,
    private readonly family: 4 | 6,
    private readonly handlers: TransportHandlers,
  ) {}

  /** Null when the addon is not available (the caller falls back to node:dgram). */
  static open(opts: UdpOptions): BatchedUdpTransport | null {
    const addon = udpBatchAddon();
    if (addon === null) return null;
    const t = new BatchedUdpTransport(addon, opts.family, opts.handlers);
    try {
      t.handle = addon.open(
        opts.family,
        opts.bindIp,
        opts.port,
        opts.bufferBytes ?? 0,
        opts.reusePort === true,
        t.area.slab,
        t.area.meta,
        SLOT_BYTES,
        (count) => t.onBatch(count),
      );
    } catch (err) {
      throw bindError(opts, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
    }
    const out = new Int32Array(6);
    addon.localAddress(t.handle, out);
    t.localAddress = { address: wordsToIp(out[1], out[2], out[3], out[4], out[5]), port: out[0] };
    return t;
  }

  get effectiveBufferBytes(): { recv: number; send: number } {
    if (this.closed) return { recv: 0, send: 0 };
    const out = new Int32Array(2);
    this.addon.bufferSizes(this.handle, out);
    return { recv: out[0], send: out[1] };
  }

  /**
   * Under load, read every `periodMs` on a timer for as long as each read finds a datagram,
   * instead of the default (1 ms, while a read finds two or more): a `-threads N` shard ticks
   * every 4 ms and reads on the same beat (WithReadPacing). False when the addon is too old.
   */
  paceReads(periodMs: number): boolean {
    if (this.closed || this.addon.setReadPacing === undefined) return false;
    this.addon.setReadPacing(this.handle, Int32Array.of(periodMs, 1));
    return true;
  }

  /** Datagrams waiting for the next flush. */
  get queuedDatagrams(): number {
    return this.pending;
  }

  private onBatch(count: number): void {
    if (count < 0) {
      this.handlers.onError('recv', errnoError(count, 'recvmmsg'), this);
      return;
    }
    const { slab, meta } = this.area;
    // Ages were taken when the batch was read; handling the earlier datagrams of the batch
    // makes the later ones older still, and that must count (else their response times grow
    // by the time spent on the ones before them).
    const readAt = nowMs();
    this.inBatch = true;
    try {
      this.deliverBatch(count, slab, meta, readAt);
    } finally {
      this.inBatch = false;
    }
    if (this.pending > 0 && !this.flushQueued && this.retryTimer === undefined) this.flush();
  }

  private deliverBatch(count: number, slab: Buffer, meta: Int32Array, readAt: number): void {
    for (let i = 0; i < count && !this.closed; i++) {
      const m = i * META_STRIDE;
      const len = meta[m + 1];
      const from = this.peer(meta, m);
      if (len < 0) {
        this.handlers.onError(
          'recv',
          new Error(
            `datagram of ${-len} bytes from ${from.address}:${from.port} is larger than ${SLOT_BYTES} bytes, dropped`,
          ),
          this,
        );
        continue;
      }
      // Lent, not copied: the engine copies the few messages a call must keep past this batch.
      const ageMs = meta[m + 8] / 1000 + (i === 0 ? 0 : nowMs() - readAt);
      this.handlers.onMessage(
        slab.subarray(meta[m], meta[m] + len),
        from,
        this,
        ageMs,
        meta[m + 9],
      );
    }
  }

  private peer(meta: Int32Array, m: number): RemoteAddress {
    const port = meta[m + 2];
    const family = meta[m + 3];
    const key: number | string =
      family === 4
        ? (meta[m + 4] >>> 0) * 65536 + port
        : `${meta[m + 4]},${meta[m + 5]},${meta[m + 6]},${meta[m + 7]},${port}`;
    let p = this.peers.get(key);
    if (p === undefined) {
      if (this.peers.size >= PEER_CACHE_MAX) this.peers.clear();
      p = { address: wordsToIp(family, meta[m + 4], meta[m + 5], meta[m + 6], meta[m + 7]), port };
      this.peers.set(key, p);
    }
    return p;
  }

  send(buf: Buffer, to: RemoteAddress): void {
    if (!this.queue(buf, to)) return;
    if (this.sendDue !== null) this.sendDue[this.pending - 1] = 0;
  }

  /**
   * Queues a datagram to leave at `dueMs` on CLOCK_MONOTONIC (`monotonicMs()` of the addon):
   * the addon's pacer thread sends it then, whatever this thread is doing (udp_pacer.c).
   */
  sendAt(buf: Buffer, to: RemoteAddress, dueMs: number): void {
    if (!this.queue(buf, to)) return;
    const due = (this.sendDue ??= new Float64Array(this.sendMeta.length / META_STRIDE));
    due[this.pending - 1] = dueMs;
    this.pacedPending++;
  }

  /** Appends one datagram to the send queue; false when it was not queued. */
  private queue(buf: Buffer, to: RemoteAddress): boolean {
    if (this.closed) return false;
    if (to.address !== this.lastDest) {
      this.lastDest = to.address;
      this.lastDestWords = ipToWords(to.address);
    }
    const dest = this.lastDestWords;
    if (dest === null || (dest.family === 6 && this.family === 4)) {
      this.handlers.onError(
        'send',
        new Error(`cannot send to ${to.address}:${to.port} from an IPv${this.family} socket`),
        this,
      );
      return false;
    }
    const len = buf.length;
    if (this.pending === SEND_BATCH || this.used + len > this.sendSlab.length) this.flush();
    if (this.used + len > this.sendSlab.length && !this.growSlab(len)) {
      this.handlers.onError(
        'congestion',
        new Error(
          `send queue full (${this.pending} datagrams waiting for the kernel), datagram dropped`,
        ),
        this,
      );
      return false;
    }
    this.sendSlab.set(buf, this.used);
    const meta = this.sendMeta;
    const m = this.pending * META_STRIDE;
    meta[m] = this.used;
    meta[m + 1] = len;
    meta[m + 2] = to.port;
    meta[m + 3] = dest.family;
    meta[m + 4] = dest.words[0];
    meta[m + 5] = dest.words[1];
    meta[m + 6] = dest.words[2];
    meta[m + 7] = dest.words[3];
    this.used += len;
    this.pending++;
    if (!this.flushQueued && !this.inBatch && this.retryTimer === undefined) {
      this.flushQueued = true;
      runSoon(this.flushNow);
    }
    return true;
  }

  /** Makes room while datagrams wait for the kernel (rare: only when its buffer is full). */
  private growSlab(len: number): boolean {
    let size = this.sendSlab.length;
    while (size < this.used + len) size *= 2;
    if (size > SEND_SLAB_MAX) return false;
    const bigger = Buffer.allocUnsafeSlow(size);
    this.sendSlab.copy(bigger, 0, 0, this.used);
    this.sendSlab = bigger;
    if (this.pending >= this.sendMeta.length / META_STRIDE) {
      const meta = new Int32Array(this.sendMeta.length * 2);
      meta.set(this.sendMeta);
      this.sendMeta = meta;
      if (this.sendDue !== null) {
        const due = new Float64Array(meta.length / META_STRIDE);
        due.set(this.sendDue);
        this.sendDue = due;
      }
    }
    return true;
  }

  private flush(): void {
    if (this.pending === 0 || this.closed) return;
    const paced = this.pacedPending > 0 ? this.sendDue! : undefined;
    const done = this.addon.send(this.handle, this.sendSlab, this.sendMeta, this.pending, paced);
    const meta = this.sendMeta;
    for (let i = 0; i < done; i++) {
      const m = i * META_STRIDE;
      if (meta[m + 1] < 0) {
        const port = meta[m + 2];
        const address = wordsToIp(meta[m + 3], meta[m + 4], meta[m + 5], meta[m + 6], meta[m + 7]);
        this.handlers.onError('send', errnoError(meta[m + 1], `send to ${address}:${port}`), this);
      }
    }
    if (done === this.pending) {
      this.pending = 0;
      this.used = 0;
      this.pacedPending = 0;
      return;
    }
    // The kernel's buffer is full: keep the rest in order and try again on the next turn.
    meta.copyWithin(0, done * META_STRIDE, this.pending * META_STRIDE);
    if (paced !== undefined) {
      paced.copyWithin(0, done, this.pending);
      this.pacedPending = 0;
      for (let i = 0; i < this.pending - done; i++) if (paced[i] > 0) this.pacedPending++;
    }
    this.pending -= done;
    this.retryTimer ??= setImmediate(() => {
      this.retryTimer = undefined;
      this.flush();
    });
  }

  /** Sends what is queued, then closes; nothing queued is lost to the close. */
  close(): Promise<void> {
    this.handlers.onClosed?.(this);
    if (this.closed) return Promise.resolve();
    this.flush();
    if (this.retryTimer !== undefined) clearImmediate(this.retryTimer);
    this.closed = true;
    this.addon.close(this.handle);
    return Promise.resolve();
  }
}
