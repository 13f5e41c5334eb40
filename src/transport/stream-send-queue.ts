/**
 * Gathers what one turn of the event loop sends on a stream connection (the replies to one
 * received chunk, a tick's new requests) and hands it to the socket in one write().
 *
 * Node's cork()/uncork() would do the same with a Writable entry, a callback and an array slot
 * per message and a writev at the end; copying a few kilobytes into one buffer costs less than
 * that bookkeeping. A lone message goes out as it is, with no copy.
 */
import { Buffer } from 'node:buffer';
import { runSoon } from '../platform/index.ts';

/** The part of net.Socket (and later tls.TLSSocket) the queue uses. */
export interface ByteSink {
  write(chunk: Uint8Array): boolean;
  /** Bytes Node still holds because the kernel did not take them yet. */
  readonly writableLength: number;
}

const SLAB_START = 4096;

export class StreamSendQueue {
  /** The only message queued, kept by reference until a second one arrives. */
  private first: Buffer | null = null;
  /** Two or more messages, copied end to end. */
  private slab: Buffer | null = null;
  private used = 0;
  private flushQueued = false;
  /** Inside a received chunk: its replies are written when it has been handled. */
  private holding = false;
  private readonly flushSoon = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  constructor(private readonly sink: ByteSink) {}

  /** Queues one whole message; it is written at the end of this turn (or of the held chunk). */
  push(buf: Buffer): void {
    if (this.first === null && this.used === 0) {
      this.first = buf;
    } else {
      if (this.first !== null) {
        this.append(this.first);
        this.first = null;
      }
      this.append(buf);
    }
    if (!this.flushQueued && !this.holding) {
      this.flushQueued = true;
      runSoon(this.flushSoon);
    }
  }

  /** Delays writing until release(): used around the handling of one received chunk. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    this.flush();
  }

  /** Writes what is queued now. */
  flush(): void {
    if (this.first !== null) {
      const buf = this.first;
      this.first = null;
      this.sink.write(buf);
      return;
    }
    const slab = this.slab;
    if (this.used === 0 || slab === null) return;
    const bytes = slab.subarray(0, this.used);
    this.used = 0;
    this.sink.write(bytes);
    // Node keeps the bytes the kernel did not take yet: the slab is theirs until then.
    if (this.sink.writableLength > 0) this.slab = null;
  }

  private append(buf: Buffer): void {
    const need = this.used + buf.length;
    if (this.slab === null || need > this.slab.length) {
      let size = this.slab === null ? SLAB_START : this.slab.length * 2;
      while (size < need) size *= 2;
      const bigger = Buffer.allocUnsafeSlow(size);
      if (this.slab !== null) this.slab.copy(bigger, 0, 0, this.used);
      this.slab = bigger;
    }
    this.slab.set(buf, this.used);
    this.used = need;
  }
}
